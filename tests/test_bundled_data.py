"""The bundled real companies (data/companies): complete, consistent, self-contained.

These tests read only the bundled files (offline, no ../shared); the expected figures are
published 10-K figures (FINANCE.md §3, realdata/README.md).
"""
import re

import pandas as pd
import pytest

import finlit
from finlit.industries import INDUSTRIES
from finlit.items import ITEMS
from finlit.sources.bundled import FACT_FILE_COLUMNS, bundled_companies, data_dir

REAL = sorted(info.ticker for info in bundled_companies() if not info.fictional)
CSV_COLUMNS = ["line_item", "fiscal_year", "period_end", "value", "source", "source_key", "filing", "flipped"]


def test_the_expected_companies_are_bundled():
    expected = {"AAPL", "GOOGL", "SNOW", "MRVL", "MSFT", "JPM", "BAC", "WMT", "COST", "JNJ", "XOM",
                "NVDA", "AAL", "NKE", "SBUX"}
    assert expected <= set(REAL)


@pytest.mark.parametrize("ticker", REAL)
def test_company_loads_with_four_years_and_no_data_quality_notes(ticker):
    company = finlit.load(ticker)
    assert company.ticker == ticker
    assert len(company.years) >= 4
    # no gaps between the first and the last year
    assert company.years == list(range(company.years[0], company.years[-1] + 1))
    # balance sheets balance, gross profit adds up: the integrity checks leave no notes
    assert company.notes == [], [str(n) for n in company.notes]
    # every year has an income statement and a balance sheet
    panel = company.panel()
    assert panel["revenue"].notna().all()
    assert panel["total_assets"].notna().all()
    assert panel["net_income"].notna().all()


@pytest.mark.parametrize("ticker", REAL)
def test_metadata_is_complete(ticker):
    info = finlit.load(ticker).info
    assert info.name and info.description and info.source
    assert info.industry in INDUSTRIES
    assert info.currency == "USD"
    assert re.fullmatch(r"\d\d-\d\d", info.fiscal_year_end)
    assert info.fictional is False
    assert info.filings, "the filings the figures come from are listed"
    for filing in info.filings:
        # annual reports; a bank's figures may also come from an earnings release (8-K)
        assert filing["form"] in {"10-K", "10-K/A", "20-F", "40-F"} | ({"8-K"} if info.kind == "bank" else set())
        assert isinstance(filing["fiscal_year"], int)
    assert any(f["form"] != "8-K" for f in info.filings)


@pytest.mark.parametrize("ticker", REAL)
def test_values_carry_their_provenance(ticker):
    company = finlit.load(ticker)
    reported = company.facts[~company.facts["derived"]]
    assert set(reported["source"]) <= {"sec-companyfacts", "yfinance-csv", "sec-filing"}
    assert (reported["source_key"] != "").all()
    assert (reported["filing"] != "").all()
    assert set(reported["line_item"]) <= set(ITEMS)
    # a bank's figures copied from its filings name the filing, listed in the toml
    from_filings = reported[reported["source"] == "sec-filing"]
    assert set(from_filings["filing"]) <= {f.get("accession") for f in company.info.filings}
    if company.info.source.startswith("SEC"):
        accessions = {f["accession"] for f in company.info.filings}
        assert set(reported["filing"]) <= accessions
        assert all(f.get("filed") for f in company.info.filings)
    else:
        years = {f["fiscal_year"] for f in company.info.filings}
        assert set(reported["fiscal_year"]) <= years


@pytest.mark.parametrize("ticker", REAL)
def test_costs_and_outflows_are_positive(ticker):
    facts = finlit.load(ticker).facts
    for item in ("cost_of_revenue", "capital_expenditure", "dividends_paid", "share_repurchases",
                 "research_and_development", "selling_general_administrative"):
        values = facts.loc[facts["line_item"] == item, "value"]
        assert (values >= 0).all(), f"{ticker} {item}: {values.tolist()}"


@pytest.mark.parametrize("ticker, item, year, millions", [
    ("AAPL", "revenue", 2023, 383_285),
    ("AAPL", "cost_of_revenue", 2023, 214_137),
    ("AAPL", "net_income", 2023, 96_995),
    ("MSFT", "revenue", 2023, 211_915),
    ("WMT", "revenue", 2025, 680_985),
    ("JNJ", "revenue", 2024, 88_821),
])
def test_published_headline_figures(ticker, item, year, millions):
    assert finlit.load(ticker).value(item, year) == millions * 1e6


@pytest.mark.parametrize("year, cash, current, non_current", [
    (2023, 29_965, 31_590, 100_544),   # Apple FY2023 10-K balance sheet ($ millions)
    (2025, 35_934, 18_763, 77_723),    # Apple FY2025 10-K balance sheet
])
def test_apple_cash_and_marketable_securities(year, cash, current, non_current):
    apple = finlit.load("AAPL")
    assert apple.value("cash_and_equivalents", year) == cash * 1e6
    assert apple.value("short_term_investments", year) == current * 1e6
    assert apple.value("long_term_investments", year) == non_current * 1e6
    assert ITEMS["long_term_investments"].label == "Long-term marketable securities"
    assert "long_term_investments" in apple.statement("balance").frame.index


def test_per_share_figures_are_on_one_split_basis():
    apple, googl = finlit.load("AAPL"), finlit.load("GOOGL")
    eps = apple.panel()["diluted_eps"]
    assert round(eps[2017], 2) == 2.30 and eps[2018] == 2.98 and eps[2023] == 6.13
    assert round(googl.panel()["diluted_eps"][2019], 3) == 2.458    # 49.16 / 20
    for company, first_after in ((apple, 2018), (googl, 2020)):
        series = company.panel()["diluted_eps"]
        assert ((series / series.shift(1)).dropna().between(0.4, 2.5)).all(), company.ticker
        restated = company.facts[company.facts["source_key"].str.contains("split of")]
        assert set(restated["fiscal_year"]) == set(range(2016, first_after))
        assert restated["derived"].all()          # marked derived on load: shown in italics
    assert apple.info.notes[0].startswith("Per-share figures for FY2016–FY2017 are restated by finlit "
                                          "for the 4-for-1 share split of 2020")


def test_gross_margin_of_apple_fy2023():
    # 169,148 / 383,285 from the FY2023 10-K
    assert round(finlit.load("AAPL").ratios(["gross_margin"]).value("gross_margin", 2023), 4) == 0.4413


def test_losses_negative_equity_and_january_year_ends_are_kept():
    snow, mrvl = finlit.load("SNOW"), finlit.load("MRVL")
    assert all(snow.value("net_income", y) < 0 for y in snow.years)
    assert mrvl.value("net_income", 2024) < 0
    assert snow.period_ends()[2025] == pd.Timestamp("2025-01-31")
    assert finlit.load("WMT").period_ends()[2025] == pd.Timestamp("2025-01-31")
    for ticker in ("AAL", "SBUX"):
        company = finlit.load(ticker)
        assert all(company.value("total_equity", y) < 0 for y in company.years)


def test_minority_interest_is_kept_apart_from_equity():
    wmt = finlit.load("WMT")
    assets = wmt.value("total_assets", 2025)
    parts = (wmt.value("total_liabilities", 2025) + wmt.value("total_equity", 2025)
             + wmt.value("noncontrolling_interest", 2025))
    assert wmt.value("noncontrolling_interest", 2025) > 0
    assert parts == pytest.approx(assets, rel=1e-9)


def test_cash_flow_statement_presence_is_stated():
    for ticker in REAL:
        company = finlit.load(ticker)
        has_cashflow = "operating_cash_flow" in set(company.facts["line_item"])
        says_missing = any("Cash-flow statement not available" in n for n in company.info.notes)
        assert has_cashflow != says_missing, ticker


def test_industries_cover_the_benchmarks():
    industries = {finlit.load(t).info.industry for t in REAL}
    assert len(industries) >= 6
    assert {"banking", "retail", "healthcare", "energy", "software_internet"} <= industries
    assert industries & {"manufacturing", "transportation"}


def test_bundled_files_are_self_contained():
    folder = data_dir()
    for ticker in REAL:
        csv_text = (folder / f"{ticker}.csv").read_text(encoding="utf-8")
        toml_text = (folder / f"{ticker}.toml").read_text(encoding="utf-8")
        for text in (csv_text, toml_text):
            assert "shared/realdata" not in text and "../shared" not in text and "/work/" not in text
        header = csv_text.splitlines()[0].split(",")
        assert header == CSV_COLUMNS
        assert set(FACT_FILE_COLUMNS) <= set(header)
        assert "\r" not in csv_text


def test_values_are_full_currency_units():
    # Apple FY2023 revenue is stored as 383285000000, not 383285 (millions)
    facts = pd.read_csv(data_dir() / "AAPL.csv")
    revenue = facts[(facts["line_item"] == "revenue") & (facts["fiscal_year"] == 2023)]["value"]
    assert revenue.tolist() == [383_285_000_000]


def test_derived_items_are_not_stored():
    for ticker in REAL:
        facts = pd.read_csv(data_dir() / f"{ticker}.csv")
        assert not {"free_cash_flow", "total_debt"} & set(facts["line_item"]), ticker
        assert not facts.duplicated(["line_item", "fiscal_year"]).any(), ticker
