"""The canonical model: fiscal years, facts with provenance, derived items, integrity checks."""
import math

import pandas as pd
import pytest

from finlit.company import Company, CompanyInfo, check_integrity, make_facts
from finlit.errors import PeriodError
from finlit.items import ITEMS, items_of
from finlit.periods import fiscal_year, fiscal_years, is_annual

INFO = CompanyInfo(ticker="TEST", name="Test & Co <b>", industry="retail", currency="EUR")


def facts(rows, **kw):
    return make_facts([dict(zip(("line_item", "period_end", "value"), r)) for r in rows],
                      currency="EUR", source="hand", **kw)


@pytest.mark.parametrize("end, year", [
    ("2023-09-30", 2023),  # Apple FY2023
    ("2024-01-28", 2024),  # NVIDIA FY2024 ends late January: the calendar year of the end
    ("2025-01-31", 2025),  # Walmart FY2025
    ("2024-01-03", 2023),  # a 52/53-week year ending in the first 7 days of January
    ("2024-01-07", 2023),
    ("2024-01-08", 2024),
    ("2022-12-31", 2022),
])
def test_fiscal_year_from_period_end(end, year):
    assert fiscal_year(end) == year
    assert fiscal_years(pd.Series([end])).iloc[0] == year


def test_annual_periods_are_350_to_380_days():
    assert is_annual("2022-09-25", "2023-09-30")       # Apple's 53-week FY2023 is 371 days
    assert not is_annual("2023-07-02", "2023-09-30")   # a quarter
    assert not is_annual("2021-09-26", "2023-09-30")   # two years


def test_every_item_belongs_to_a_statement_and_costs_are_outflows():
    assert {i.statement for i in ITEMS.values()} == {"income", "balance", "cashflow", "other", "it"}
    for key in ("cost_of_revenue", "capital_expenditure", "income_tax", "dividends_paid"):
        assert ITEMS[key].outflow
    for key in ("net_income", "operating_income", "free_cash_flow", "total_equity"):
        assert not ITEMS[key].outflow
    assert items_of("income")[0] == "revenue"


def test_liquid_assets_are_three_balance_sheet_items():
    # cash, current marketable securities and those held beyond a year (Apple's largest asset)
    balance = items_of("balance")
    for key in ("cash_and_equivalents", "short_term_investments", "long_term_investments"):
        assert ITEMS[key].statement == "balance" and ITEMS[key].kind == "balance"
        assert ITEMS[key].unit == "money" and not ITEMS[key].outflow
    # shown where a balance sheet has them: after current assets, before property and equipment
    assert balance.index("current_assets") < balance.index("long_term_investments") < balance.index("ppe_net")


def test_make_facts_keeps_provenance_and_drops_empty_values():
    f = facts([("revenue", "2023-12-31", 100.0), ("cost_of_revenue", "2023-12-31", None)],
              source_key="Revenues", filing="0000000000-24-000001")
    assert list(f["line_item"]) == ["revenue"]
    row = f.iloc[0]
    assert (row.fiscal_year, row.currency, row.source, row.source_key, row.filing, row.period) == \
        (2023, "EUR", "hand", "Revenues", "0000000000-24-000001", "annual")
    assert not row.derived and not row.flipped


def test_derived_items_are_computed_when_absent_and_marked():
    c = Company.from_facts(INFO, facts([
        ("revenue", "2023-12-31", 1000.0), ("cost_of_revenue", "2023-12-31", 600.0),
        ("short_term_debt", "2023-12-31", 50.0), ("long_term_debt", "2023-12-31", 150.0),
        ("total_assets", "2023-12-31", 900.0), ("total_equity", "2023-12-31", 300.0),
        ("operating_cash_flow", "2023-12-31", 120.0), ("capital_expenditure", "2023-12-31", 45.0),
    ]))
    assert c.value("gross_profit", 2023) == 400.0
    assert c.value("total_debt", 2023) == 200.0
    assert c.value("total_liabilities", 2023) == 600.0
    assert c.value("free_cash_flow", 2023) == 75.0
    p = c.provenance("gross_profit", 2023)
    assert p["derived"] and p["source"] == "finlit" and "revenue" in p["source_key"]
    assert not c.provenance("revenue", 2023)["derived"]
    assert c.notes == []


def test_reported_values_are_not_overwritten_by_derivation():
    c = Company.from_facts(INFO, facts([
        ("revenue", "2023-12-31", 1000.0), ("cost_of_revenue", "2023-12-31", 600.0),
        ("gross_profit", "2023-12-31", 400.0)]))
    assert c.value("gross_profit", 2023) == 400.0
    assert not c.provenance("gross_profit", 2023)["derived"]


def test_total_debt_uses_the_part_that_is_reported():
    c = Company.from_facts(INFO, facts([("long_term_debt", "2023-12-31", 150.0)]))
    assert c.value("total_debt", 2023) == 150.0


def test_a_balance_sheet_that_does_not_balance_is_a_note_not_a_crash():
    c = Company.from_facts(INFO, facts([
        ("total_assets", "2022-12-31", 1000.0), ("total_liabilities", "2022-12-31", 600.0),
        ("total_equity", "2022-12-31", 400.0),
        ("total_assets", "2023-12-31", 1000.0), ("total_liabilities", "2023-12-31", 600.0),
        ("total_equity", "2023-12-31", 390.0),  # 1% short
    ]))
    assert [(n.check, n.fiscal_year) for n in c.notes] == [("balance_sheet_balances", 2023)]
    assert "+1.0% of assets" in c.notes[0].message


def test_balance_check_tolerates_half_a_percent_and_counts_minority_interest():
    f = facts([("total_assets", "2023-12-31", 1000.0), ("total_liabilities", "2023-12-31", 596.0),
               ("total_equity", "2023-12-31", 400.0)])
    assert check_integrity(f) == []  # 0.4% off
    f = facts([("total_assets", "2023-12-31", 1000.0), ("total_liabilities", "2023-12-31", 570.0),
               ("total_equity", "2023-12-31", 400.0), ("noncontrolling_interest", "2023-12-31", 30.0)])
    assert check_integrity(f) == []


def test_gross_profit_check():
    c = Company.from_facts(INFO, facts([
        ("revenue", "2023-12-31", 1000.0), ("cost_of_revenue", "2023-12-31", 600.0),
        ("gross_profit", "2023-12-31", 450.0)]))
    assert [n.check for n in c.notes] == ["gross_profit_adds_up"]


def test_latest_value_per_year_wins():
    c = Company.from_facts(INFO, facts([("revenue", "2023-12-31", 1.0), ("revenue", "2023-12-31", 2.0)]))
    assert c.value("revenue", 2023) == 2.0
    assert math.isnan(c.get("revenue", 2022)) and math.isnan(c.value("net_income", 2023))


def test_a_period_the_company_does_not_have_is_an_error_naming_the_ones_it_has():
    c = Company.from_facts(INFO, facts([("revenue", "2022-12-31", 1.0), ("revenue", "2023-12-31", 2.0)]))
    with pytest.raises(PeriodError, match=r"has no FY2030: it has FY2022–FY2023") as caught:
        c.value("revenue", 2030)
    assert isinstance(caught.value, KeyError) and caught.value.exit_code == 2


def test_statement_views_and_tidy_form():
    c = Company.from_facts(INFO, facts([
        ("revenue", "2022-12-31", 900e6), ("revenue", "2023-12-31", 1000e6),
        ("cost_of_revenue", "2023-12-31", 600e6), ("total_assets", "2023-12-31", 5e9)]))
    income = c.income_statement.frame
    assert list(income.columns) == [2022, 2023]
    assert list(income.index) == ["revenue", "cost_of_revenue", "gross_profit"]
    assert income.loc["gross_profit", 2023] == 400e6 and math.isnan(income.loc["cost_of_revenue", 2022])
    tidy = c.tidy()
    assert set(tidy["statement"]) == {"income", "balance"}
    assert (tidy["company"] == "TEST").all()
    html = c.income_statement._repr_html_()
    assert "1,000" in html and "Test &amp; Co &lt;b&gt;" in html and "<b>" not in html.split("</caption>")[0]
    assert "derived" in html
    text = str(c.balance_sheet)
    assert "5,000" in text and "Total assets" in text


def test_company_html_escapes_names():
    c = Company.from_facts(INFO, facts([("revenue", "2023-12-31", 1.0)]))
    assert "Test &amp; Co &lt;b&gt;" in c._repr_html_()


def test_bundled_values_carry_their_filing_and_filing_date():
    import finlit

    p = finlit.load("AAPL").provenance("revenue", 2023)
    filings = {f["accession"]: f for f in finlit.load("AAPL").info.filings}
    assert p["source"] == "sec-companyfacts" and p["filing"] in filings
    assert p["filed"] == str(filings[p["filing"]]["filed"]) and p["filed"].startswith("20")


def test_quarterly_company_is_keyed_by_period_end_with_fiscal_labels():
    info = CompanyInfo(ticker="Q", name="Quarterly Co", fiscal_year_end="09-30")
    rows = [("revenue", e, v) for e, v in [("2022-12-31", 100.0), ("2023-04-01", 80.0),
                                          ("2023-07-01", 90.0), ("2023-09-30", 95.0), ("2023-12-30", 120.0)]]
    rows += [("cost_of_revenue", "2023-12-30", 70.0)]
    f = facts(rows)
    f["period"] = "quarterly"
    f["fiscal_year"] = [2023, 2023, 2023, 2023, 2024, 2024]
    c = Company.from_facts(info, f)
    assert c.period == "quarterly" and c.key == "period_end"
    assert c.value("revenue", "2023-12-30") == 120.0 and c.value("gross_profit", "2023-12-30") == 50.0
    assert [c.period_label(p) for p in c.periods] == ["FY2023 Q1", "FY2023 Q2", "FY2023 Q3", "FY2023 Q4",
                                                      "FY2024 Q1"]
    assert "FY2024 Q1" in str(c.income_statement)
    table = c.ratios(["revenue_growth", "gross_margin"])
    assert table.value("revenue_growth", "2023-12-30") == pytest.approx(0.2)
    long = table.long()
    last = long[(long.ratio == "gross_margin") & (long.fiscal_year == 2024)]
    assert str(last.period_end.iloc[0]) == "2023-12-30" and last.value.iloc[0] == pytest.approx(50 / 120)
    assert "FY2024 Q1" in table._repr_html_()


def test_mixing_period_types_is_refused():
    f = facts([("revenue", "2023-12-31", 1.0), ("revenue", "2023-09-30", 1.0)])
    f.loc[1, "period"] = "quarterly"
    with pytest.raises(ValueError, match="one Company per period type"):
        Company.from_facts(INFO, f)
