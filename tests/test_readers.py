"""The SEC companyfacts and yfinance CSV readers on the real files in ../shared/realdata
(skipped when that folder is absent), and the bundled-data build that uses them."""
import importlib.util
import io
import sys
from pathlib import Path

import pandas as pd
import pytest

from finlit.company import FACT_COLUMNS
from finlit.sources.bundled import data_dir
from finlit.sources.sec_companyfacts import read_companyfacts
from finlit.sources.yfinance_csv import read_frame, read_yfinance_csv

REPO = Path(__file__).resolve().parents[1]
AAPL_JSON = "sec_companyfacts/AAPL_CIK0000320193.json"
HUB = "yfinance_csv/finance_intelligence_hub"
SLY = "yfinance_csv/sly3ye_transposed_3stmt"


def series(facts, item):
    rows = facts[facts["line_item"] == item]
    return dict(zip(rows["fiscal_year"].astype(int), rows["value"]))


@pytest.fixture
def apple(realdata):
    return read_companyfacts(realdata / AAPL_JSON)


# --- SEC companyfacts ---------------------------------------------------------------------

def test_companyfacts_meta_and_columns(apple):
    facts, meta = apple
    assert list(facts.columns) == FACT_COLUMNS
    assert meta["cik"] == "0000320193"
    assert meta["entity_name"] == "Apple Inc."
    assert set(facts["source"]) == {"sec-companyfacts"}
    assert set(facts["period"]) == {"annual"}


def test_apple_revenue_every_year_fy2009_to_fy2025(apple):
    facts, _ = apple
    revenue = series(facts, "revenue")
    assert set(range(2009, 2026)) <= set(revenue)
    assert revenue[2023] == 383_285e6
    assert revenue[2017] == 229_234e6          # the annual figure, not a quarter of the 10-K
    # the tag changes over time; the per-period fallback keeps every year
    keys = facts[facts["line_item"] == "revenue"].set_index("fiscal_year")["source_key"]
    assert keys[2012] == "SalesRevenueNet"
    assert keys[2016] == "Revenues"
    assert keys[2025] == "RevenueFromContractWithCustomerExcludingAssessedTax"


def test_latest_filing_wins_for_a_restated_period(apple):
    # Apple's FY2009 10-K (filed 2009-10-27) reported net sales of $36,537 million; the 10-K/A
    # filed 2010-01-25 restated them to $42,905 million (new revenue recognition for iPhone).
    facts, meta = apple
    row = facts[(facts["line_item"] == "revenue") & (facts["fiscal_year"] == 2009)].iloc[0]
    assert row["value"] == 42_905e6
    assert row["filed"] >= "2010-01-25"
    assert meta["filings"][row["filing"]]["form"] in {"10-K", "10-K/A"}
    # operating cash flow FY2017: 63,598 as first filed, 64,225 as restated in the FY2018 10-K
    ocf = facts[(facts["line_item"] == "operating_cash_flow") & (facts["fiscal_year"] == 2017)].iloc[0]
    assert ocf["value"] == 64_225e6
    assert ocf["filed"] >= "2018-11-05"


def test_original_value_is_used_when_it_is_the_only_filing(realdata):
    # the same file without the amendments and later 10-Ks: FY2009 is the original 36,537
    import json

    doc = json.loads((realdata / AAPL_JSON).read_text())
    for tags in doc["facts"].values():
        for body in tags.values():
            for unit, facts in body["units"].items():
                body["units"][unit] = [f for f in facts if f.get("filed", "") <= "2009-12-31"]
    facts, _ = read_companyfacts(doc)
    assert series(facts, "revenue")[2009] == 36_537e6


def test_fiscal_year_comes_from_the_period_end_not_the_filing(apple):
    facts, meta = apple
    row = facts[(facts["line_item"] == "revenue") & (facts["fiscal_year"] == 2016)].iloc[0]
    assert row["period_end"] == pd.Timestamp("2016-09-24")
    assert meta["filings"][row["filing"]]["fiscal_year"] == 2018   # a comparative in the FY2018 10-K


def test_costs_positive_and_sums_documented(apple):
    facts, _ = apple
    for item in ("cost_of_revenue", "capital_expenditure", "dividends_paid", "share_repurchases"):
        assert min(series(facts, item).values()) >= 0
    assert series(facts, "capital_expenditure")[2023] == 10_959e6
    std = facts[(facts["line_item"] == "short_term_debt") & (facts["fiscal_year"] == 2023)].iloc[0]
    assert std["source_key"] == "CommercialPaper+LongTermDebtCurrent"
    assert std["value"] == (5_985 + 9_822) * 1e6          # 10-K: commercial paper + term debt (current)


def test_snowflake_january_year_end_and_losses(realdata):
    facts, meta = read_companyfacts(realdata / "sec_companyfacts/SNOW_CIK0001640147_fixture.json")
    assert meta["cik"] == "0001640147"                     # an int in the file
    net = facts[(facts["line_item"] == "net_income") & (facts["fiscal_year"] == 2025)].iloc[0]
    assert net["period_end"] == pd.Timestamp("2025-01-31") and net["value"] < 0
    assert "noncontrolling_interest" in set(facts["line_item"])


def test_alphabet_gaps_in_preferred_tags_are_filled(realdata):
    facts, _ = read_companyfacts(realdata / "sec_companyfacts/GOOGL_CIK0001652044.json")
    revenue = series(facts, "revenue")
    assert set(range(2013, 2026)) <= set(revenue)          # "Revenues" lacks FY2022
    assert revenue[2022] == 282_836e6
    assert set(range(2016, 2026)) <= set(series(facts, "long_term_debt"))
    sga = facts[(facts["line_item"] == "selling_general_administrative")]
    assert set(sga["source_key"]) == {"SellingAndMarketingExpense+GeneralAndAdministrativeExpense"}


def test_ifrs_filers(realdata):
    facts, meta = read_companyfacts(realdata / "sec_companyfacts/LPA_CIK0001997711_fixture.json")
    assert meta["cik"] == "0001997711" and meta["taxonomies"] == ["ifrs-full"]
    assert {2021, 2022, 2023, 2024} <= set(series(facts, "revenue"))
    tsmc, _ = read_companyfacts(realdata / "sec_companyfacts/TSM_CIK0001046179_ifrs.json", currency="TWD")
    assert series(tsmc, "revenue")[2024] > 2e12           # NT$2.9 trillion


# --- yfinance CSV -------------------------------------------------------------------------

def test_yfinance_outflows_flipped_with_provenance(realdata):
    facts = read_yfinance_csv(realdata / SLY / "AAPL_cashflow.csv")
    capex = facts[(facts["line_item"] == "capital_expenditure") & (facts["fiscal_year"] == 2025)].iloc[0]
    assert capex["value"] == 12_715e6
    assert capex["flipped"]
    assert capex["source"] == "yfinance-csv"
    assert capex["source_key"] == "Capital Expenditure"
    assert capex["filing"] == "10-K FY2025"
    assert series(facts, "share_repurchases")[2025] == 90_711e6
    assert series(facts, "dividends_paid")[2025] == 15_421e6
    ocf = facts[(facts["line_item"] == "operating_cash_flow") & (facts["fiscal_year"] == 2025)].iloc[0]
    assert ocf["value"] == 111_482e6 and not ocf["flipped"]


def test_yfinance_all_empty_oldest_column_dropped(realdata, tmp_path):
    # Apple's balance sheet as saved from yfinance: the oldest column (2021-09-30) holds only a
    # few stray lines (lease obligations), none of them a mapped line: no FY2021 facts.
    path = realdata / HUB / "AAPL_balance_sheet.csv"
    assert "2021-09-30" in path.read_text().splitlines()[0]
    assert set(read_yfinance_csv(path)["fiscal_year"]) == {2022, 2023, 2024, 2025}
    # the same file with that column entirely empty, as yfinance often returns it: dropped
    lines = path.read_text().splitlines()
    emptied = tmp_path / "AAPL_balance_sheet.csv"
    emptied.write_text("\n".join([lines[0]] + [line.rsplit(",", 1)[0] + "," for line in lines[1:]]) + "\n")
    frame = read_frame(emptied)
    assert list(frame.columns) == list(pd.to_datetime(["2025-09-30", "2024-09-30", "2023-09-30", "2022-09-30"]))
    assert read_frame(path).shape[1] == 5


def test_yfinance_both_orientations_agree(realdata):
    rows = read_yfinance_csv(realdata / HUB / "AAPL_financials.csv", "income")
    transposed = read_yfinance_csv(realdata / SLY / "AAPL_income.csv", "income")
    for item in ("revenue", "cost_of_revenue", "net_income", "diluted_eps"):
        a, b = series(rows, item), series(transposed, item)
        common = set(a) & set(b)
        assert {2022, 2023, 2024, 2025} <= common
        assert all(a[y] == b[y] for y in common)
    assert series(rows, "revenue")[2023] == 383_285e6


def test_yfinance_statement_filter(realdata):
    balance = read_yfinance_csv(realdata / HUB / "WMT_balance_sheet.csv", "balance")
    assert set(balance["line_item"]) >= {"total_assets", "total_liabilities", "total_equity",
                                         "noncontrolling_interest"}
    assert "revenue" not in set(balance["line_item"])
    assert read_yfinance_csv(realdata / SLY / "AAPL_cashflow.csv", "balance").empty


def test_yfinance_bom_and_crlf_tolerated(realdata, tmp_path):
    original = realdata / SLY / "NKE_income.csv"
    text = original.read_text(encoding="utf-8")
    messy = tmp_path / "nke.csv"
    messy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    a, b = read_yfinance_csv(original), read_yfinance_csv(messy)
    pd.testing.assert_frame_equal(a, b)
    assert series(b, "revenue")[2025] == 46_309e6


def test_yfinance_empty_and_invalid_ticker_files(realdata):
    edge = realdata / SLY / "edge_cases_empty_or_invalid_ticker"
    for name in ("APPL_income.csv", "APADR_cashflow.csv", "CHECU_income.csv"):
        facts = read_yfinance_csv(edge / name)
        assert facts.empty and list(facts.columns) == FACT_COLUMNS
    shell = read_yfinance_csv(edge / "CHECU_balance.csv")
    assert set(shell["fiscal_year"]) == {2024}


def test_yfinance_transposed_without_date_header(realdata):
    facts = read_yfinance_csv(realdata / "yfinance_csv/askingque/MSFT_Financials.csv")
    assert series(facts, "revenue")[2023] == 211_915e6
    assert set(facts["fiscal_year"]) == {2021, 2022, 2023, 2024}


def test_yfinance_reader_accepts_a_text_buffer():
    facts = read_yfinance_csv(io.StringIO(",2024-12-31\nCash Dividends Paid,-3.0\n"))
    assert facts["value"].tolist() == [3.0] and facts["flipped"].tolist() == [True]


# --- the build script -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_bundled_data", REPO / "scripts" / "build_bundled_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module            # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("ticker", ["AAPL", "GOOGL", "SNOW", "MSFT", "JPM", "BAC"])
def test_rebuilding_reproduces_the_committed_files(build, realdata, ticker, tmp_path):
    rows, toml_text = build.build_company(build.SPECS[ticker], realdata)
    build.write_company(ticker, rows, toml_text, tmp_path)
    for name in (f"{ticker}.csv", f"{ticker}.toml"):          # byte for byte
        assert (tmp_path / name).read_bytes() == (data_dir() / name).read_bytes(), name
    committed = pd.read_csv(data_dir() / f"{ticker}.csv", dtype={"filing": str})
    rebuilt = rows.assign(period_end=rows["period_end"].astype(str))
    key = ["line_item", "fiscal_year"]
    merged = committed.merge(rebuilt, on=key, how="outer", suffixes=("", "_new"), indicator=True)
    assert (merged["_merge"] == "both").all()
    for column in ("value", "period_end", "source", "source_key", "filing", "flipped"):
        assert (merged[column] == merged[f"{column}_new"]).all(), column
    assert toml_text == (data_dir() / f"{ticker}.toml").read_text(encoding="utf-8")


def test_bank_build_stops_when_a_figure_disagrees_or_the_sums_break(build, realdata, monkeypatch):
    spec = build.SPECS["JPM"]
    facts = build.select_years(spec, build.read_sources(spec, realdata)[0])
    figures = build.bank_figures("JPM")
    assert {f["doc"]["accession"] for f in figures} >= {"0000019617-25-000270", "0001628280-26-008131"}
    merged, checks, gaps = build.merge_bank_figures(spec, facts)
    assert round(gaps[2024] / 1e6) == 169_439 - 177_556          # Yahoo's "Total Revenue" is lower
    assert checks[-1]["result"] == "equal to the million every year"

    def changed(item, year, value):
        return [dict(f, value=value(f["value"])) if (f["line_item"], f["fiscal_year"]) == (item, year)
                else f for f in figures]

    monkeypatch.setattr(build, "bank_figures", lambda ticker: changed("net_interest_income", 2024,
                                                                      lambda v: v * 1.02))
    with pytest.raises(build.BuildError, match="net_interest_income FY2024"):
        build.merge_bank_figures(spec, facts)
    monkeypatch.setattr(build, "bank_figures", lambda ticker: changed("provision_for_credit_losses", 2023,
                                                                      lambda v: v + 5e6))
    with pytest.raises(build.BuildError, match="income before taxes is not 0 in FY2023"):
        build.merge_bank_figures(spec, facts)


def test_build_fails_loudly_on_a_disagreement(build, realdata):
    spec = build.SPECS["AAPL"]
    facts, _ = build.read_sources(spec, realdata)
    facts = build.select_years(spec, facts)
    assert build.run_cross_checks(spec, facts, realdata)     # agrees as is
    bad = facts.copy()
    hit = (bad["line_item"] == "total_assets") & (bad["fiscal_year"] == 2023)
    bad.loc[hit, "value"] *= 1.01
    with pytest.raises(build.BuildError, match="total_assets FY2023"):
        build.run_cross_checks(spec, bad, realdata)


def test_build_exits_with_a_message_without_realdata(build, tmp_path, capsys):
    assert build.main(["--realdata", str(tmp_path / "absent"), "--out", str(tmp_path / "out")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
