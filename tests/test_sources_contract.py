"""One contract, every source: what any loaded Company must satisfy (STYLE.md, data sources).

Each case loads a real company through one source, offline: bundled data, an SEC companyfacts
file, an SEC Financial Statement Data Set, Yahoo (recorded responses replayed through
yfinance), the user's CSV and the user's Excel workbook, in annual and, where the source has
them, quarterly and TTM periods.
"""

import pandas as pd
import pytest

import _yahoo_replay  # noqa: E402

from finlit.company import FACT_COLUMNS  # noqa: E402
from finlit.items import ITEMS  # noqa: E402
from finlit.periods import fiscal_year, fiscal_year_of  # noqa: E402
from finlit.sources import load  # noqa: E402

CASES = {
    "bundled": lambda rd: load("AAPL"),
    "sec-file": lambda rd: load(str(rd / "sec_companyfacts" / "AAPL_CIK0000320193.json")),
    "sec-file-quarterly": lambda rd: load(str(rd / "sec_companyfacts" / "AAPL_CIK0000320193.json"),
                                          period="quarterly"),
    "fsds": lambda rd: load(str(rd / "sec_fsds" / "fsds_2010q2.zip"), company="BEST BUY"),
    "yahoo": lambda rd: load("AAPL", source="yahoo"),
    "yahoo-quarterly": lambda rd: load("AAPL", source="yahoo", period="quarterly"),
    "yahoo-ttm": lambda rd: load("AAPL", source="yahoo", period="ttm"),
    "user-csv": lambda rd: load(str(rd / "user_files" / "apple_10k_2023_consolidated.csv"),
                                units="millions", fiscal_year_end="09-30"),
    "user-xlsx": lambda rd: load(str(rd / "user_files" / "AAPL_Financials_stockanalysis_scrape.xlsx"),
                                 units="millions", fiscal_year_end="09-30"),
    "yfinance-csv": lambda rd: load(str(rd / "yfinance_csv" / "sly3ye_transposed_3stmt" / "AAPL_cashflow.csv")),
}
COSTS = [k for k, item in ITEMS.items() if item.outflow and k != "income_tax"]


@pytest.fixture
def company(request, realdata, monkeypatch, tmp_path):
    _yahoo_replay.forbid_network(monkeypatch)
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "cache"))
    _yahoo_replay.install(monkeypatch, realdata)
    return CASES[request.param](realdata)


@pytest.mark.parametrize("company", list(CASES), indirect=True)
def test_source_contract(company):
    facts = company.facts
    assert list(facts.columns) == FACT_COLUMNS and len(facts)
    # canonical items only, numeric finite values
    assert set(facts["line_item"]) <= set(ITEMS)
    assert pd.api.types.is_float_dtype(facts["value"]) and facts["value"].notna().all()
    assert (facts["value"].abs() != float("inf")).all()
    # costs and outflows stored as positive magnitudes
    costs = facts[facts["line_item"].isin(COSTS)]
    assert (costs["value"] >= 0).all(), costs[costs["value"] < 0][["line_item", "period_end", "value"]]
    wide = company.panel()
    if {"income_tax", "pretax_income"} <= set(wide):
        taxed = wide[wide["pretax_income"] > 0]["income_tax"].dropna()
        assert (taxed >= 0).all()
    # provenance filled: source, key, currency
    reported = facts[~facts["derived"]]
    assert (reported["source"] != "").all() and (reported["source_key"] != "").all()
    assert (facts["currency"] == company.currency).all() and len(company.currency) == 3
    assert company.name and company.ticker
    # one period type; fiscal years consistent with period ends
    assert facts["period"].nunique() == 1
    if company.period == "annual":
        assert (facts["fiscal_year"] == [fiscal_year(e) for e in facts["period_end"]]).all()
    else:
        fye = company.info.fiscal_year_end or "12-31"
        assert (facts["fiscal_year"] == [fiscal_year_of(e, fye) for e in facts["period_end"]]).all()
    # the essentials are there and the statements render
    assert {"revenue", "net_income"} & set(facts["line_item"]) or "operating_cash_flow" in set(facts["line_item"])
    for name in ("income", "balance", "cashflow"):
        str(company.statement(name))
