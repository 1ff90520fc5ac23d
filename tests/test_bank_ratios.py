"""Banks are different (issue 11): the bank ratios, "not meaningful" reasons by kind of company,
the bank's ratio table, statements and charts.

Every expected number is worked out here from literal inputs: a small hand-made bank, and
JPMorgan Chase's reported figures ($ millions) in ../shared/realdata/bank_filings/jpm_reported.csv,
each row of which names its SEC document (FY2022–FY2024: the 2024 Form 10-K, accession
0000019617-25-000270; FY2025: the 4Q25 earnings release supplement, 0001628280-26-001902).
"""
from __future__ import annotations

import csv
import math
from html import escape
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import finlit
from finlit.charts import balance_composition, income_sankey, income_steps, income_waterfall, ratio_trend
from finlit.company import Company, CompanyInfo, make_facts
from finlit.display import MISSING, left_out_note
from finlit.errors import InputError
from finlit.ratios import RATIOS, compute_panel, default_keys, ratio, resolve
from finlit.ratios.registry import KINDS, not_meaningful

from ratio_helpers import YEARS, one, panel  # noqa: E402,F401


# --- every bank ratio, hand-computed --------------------------------------------------------------

# key: (inputs, expected), worked out by hand ($ millions of a small bank)
BANK_CASES = {
    "efficiency_ratio": (dict(noninterest_expense=60, total_net_revenue=100), 60 / 100),
    "net_interest_income_share": (dict(net_interest_income=55, total_net_revenue=100), 55 / 100),
    "provision_to_loans": (dict(provision_for_credit_losses=6, loans_net=800), 6 / 800),
    "loans_to_deposits": (dict(loans_net=800, deposits=1000), 800 / 1000),
    "equity_to_assets": (dict(total_equity=120, total_assets=1400), 120 / 1400),
    "noninterest_expense_growth": (dict(noninterest_expense=[50, 60]), 60 / 50 - 1),
    "expense_growth_gap_pp": (dict(noninterest_expense=[50, 60], total_net_revenue=[90, 100]),
                              ((60 / 50 - 1) - (100 / 90 - 1)) * 100),
    "technology_pct_noninterest_expense": (dict(technology_expense=9, noninterest_expense=60), 9 / 60),
    "technology_pct_revenue": (dict(technology_expense=9, total_net_revenue=100), 9 / 100),
}


def test_every_bank_ratio_has_a_hand_computed_case():
    assert set(BANK_CASES) == {k for k, r in RATIOS.items() if r.category == "bank"}


@pytest.mark.parametrize("key", list(BANK_CASES))
@pytest.mark.parametrize("kind", ["bank", None])
def test_bank_formula(key, kind):
    inputs, expected = BANK_CASES[key]
    value, reason = one(key, panel(**inputs), kind=kind)
    assert reason is None
    assert value == pytest.approx(expected)


@pytest.mark.parametrize("key", list(BANK_CASES))
def test_every_bank_ratio_says_where_its_words_and_ranges_come_from(key):
    r = RATIOS[key]
    assert r.formula and r.explanation.strip() and r.why_it_matters.strip()
    assert r.direction in ("higher", "lower", "neutral")
    if r.usual_range or r.thresholds:
        assert r.source.strip(), key
    # every range-free ratio but a plain growth rate says where to look instead
    assert r.source.strip() or key == "noninterest_expense_growth", key
    if r.usual_range:
        low, high = r.usual_range
        assert 0 < low < high


def test_the_ranges_and_their_sources():
    # FINANCE.md §3 (Banks and insurers): large US banks commonly run at 55–65%, lower is better
    assert RATIOS["efficiency_ratio"].usual_range == (0.55, 0.65)
    assert RATIOS["efficiency_ratio"].direction == "lower"
    assert "FINANCE.md" in RATIOS["efficiency_ratio"].source
    # Star Tribune 2010-09-22 (SNL Financial): equity / assets of five large US banks, $ billions
    equity_assets = [233 / 2300, 171 / 2000, 155 / 1900, 121 / 1200, 29 / 283]
    low, high = RATIOS["equity_to_assets"].usual_range
    assert low <= round(min(equity_assets), 2) and round(max(equity_assets), 2) <= high
    assert RATIOS["loans_to_deposits"].usual_range == (0.80, 0.90)
    assert RATIOS["loans_to_deposits"].threshold("stretched") == 1.0
    assert RATIOS["expense_growth_gap_pp"].threshold("notable") == 1.0


def test_credit_cost_over_average_loans():
    """FINANCE.md §3: provision / average loans, with average balances."""
    frame = panel(provision_for_credit_losses=[6.0, 9.0], loans_net=[1000.0, 1200.0])
    assert one("provision_to_loans", frame, kind="bank") == (pytest.approx(9 / 1200), None)
    assert one("provision_to_loans", frame, kind="bank", average_balances=True)[0] == pytest.approx(9 / 1100)


def test_bank_ratios_with_a_bad_denominator():
    assert one("efficiency_ratio", panel(noninterest_expense=60.0, total_net_revenue=0.0))[1] == \
        "total net revenue is negative or zero: efficiency ratio is not meaningful"
    value, reason = one("noninterest_expense_growth", panel(noninterest_expense=[0.0, 60.0]))
    assert math.isnan(value) and reason == ("previous year's noninterest expense is negative or zero: "
                                            "noninterest expense growth is not meaningful")
    _, reason = one("loans_to_deposits", panel(loans_net=800.0))
    assert reason == "deposits not available"


# --- JPMorgan Chase, as reported ------------------------------------------------------------------

CSV_ITEMS = {"noninterest_revenue": "noninterest_income", "income_before_tax": "pretax_income"}


@pytest.fixture
def jpm_reported(realdata) -> pd.DataFrame:
    """fiscal years × canonical items, $ millions, from the reported figures."""
    path = realdata / "bank_filings" / "jpm_reported.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for row in rows:
        item = CSV_ITEMS.get(row["line_item"], row["line_item"])
        out.setdefault(int(row["fiscal_year"]), {})[item] = float(row["value_usd_millions"])
    frame = pd.DataFrame.from_dict(out, orient="index").sort_index()
    frame.index.name = "fiscal_year"
    frame["revenue"] = frame["total_net_revenue"]  # for a bank, revenue is total net revenue
    return frame


def test_jpm_figures_add_up(jpm_reported):
    f = jpm_reported
    for year in (2022, 2023, 2024):
        assert f.loc[year, "net_interest_income"] + f.loc[year, "noninterest_income"] == \
            f.loc[year, "total_net_revenue"]
        assert f.loc[year, "total_net_revenue"] - f.loc[year, "provision_for_credit_losses"] \
            - f.loc[year, "noninterest_expense"] == f.loc[year, "pretax_income"]
    assert 182447 - 14212 - 95640 == 72595  # FY2025: Yahoo's "Pretax Income" (bank_filings/README.md)


def test_jpm_bank_ratios_from_the_reported_figures(jpm_reported):
    result = compute_panel(jpm_reported, kind="bank")
    v = result.values
    # efficiency ratio FY2024 = 91,797 / 177,556 = 51.7%
    assert v.loc[2024, "efficiency_ratio"] == pytest.approx(91797 / 177556)
    assert round(v.loc[2024, "efficiency_ratio"], 3) == 0.517
    assert v.loc[2022, "efficiency_ratio"] == pytest.approx(76140 / 128695)
    assert v.loc[2023, "efficiency_ratio"] == pytest.approx(87172 / 158104)
    assert v.loc[2025, "efficiency_ratio"] == pytest.approx(95640 / 182447)
    assert v.loc[2024, "net_interest_income_share"] == pytest.approx(92583 / 177556)
    assert v.loc[2023, "net_interest_income_share"] == pytest.approx(89267 / 158104)
    assert v.loc[2024, "noninterest_expense_growth"] == pytest.approx(91797 / 87172 - 1)
    assert v.loc[2025, "noninterest_expense_growth"] == pytest.approx(95640 / 91797 - 1)
    assert v.loc[2024, "expense_growth_gap_pp"] == pytest.approx(
        ((91797 / 87172 - 1) - (177556 / 158104 - 1)) * 100)       # −6.99 points: positive jaws
    assert v.loc[2023, "expense_growth_gap_pp"] == pytest.approx(
        ((87172 / 76140 - 1) - (158104 / 128695 - 1)) * 100)
    assert v.loc[2024, "net_margin"] == pytest.approx(58471 / 177556)
    assert v.loc[2024, "return_on_assets"] == pytest.approx(58471 / 4002814)
    assert v.loc[2024, "revenue_growth"] == pytest.approx(177556 / 158104 - 1)
    # the reported figures have no loans, deposits, equity or technology line yet
    reasons = result.reasons
    assert reasons.loc[2024, "provision_to_loans"] == "loans (net of allowance) not available"
    assert reasons.loc[2024, "loans_to_deposits"] == "loans (net of allowance) and deposits not available"
    assert reasons.loc[2024, "technology_pct_revenue"] == "technology expense not available"
    # the bank's default selection: no gross margin, no current ratio
    assert list(v.columns) == default_keys("bank")
    assert "gross_margin" not in v.columns and "current_ratio" not in v.columns


def test_jpm_return_on_assets_over_average_assets(jpm_reported):
    v = compute_panel(jpm_reported, ["return_on_assets"], average_balances=True, kind="bank").values
    assert v.loc[2024, "return_on_assets"] == pytest.approx(58471 / ((3875393 + 4002814) / 2))


# --- not meaningful for a bank, an insurer --------------------------------------------------------

# FINANCE.md §3: not meaningful for banks (and for insurers: "the same list")
FINANCE_NOT_MEANINGFUL = ["gross_margin", "inventory_turnover", "days_sales_outstanding",
                          "days_inventory_outstanding", "days_payables_outstanding",
                          "cash_conversion_cycle", "current_ratio", "quick_ratio"]
# a manufacturer's whole catalogue, with values everywhere (FY2022, FY2023)
FULL = dict(revenue=[90, 100], cost_of_revenue=[54, 60], gross_profit=[36, 40], operating_income=[12, 15],
            depreciation_amortization=[5, 5], interest_expense=[3, 3], pretax_income=[10, 12],
            income_tax=[2, 3], net_income=[8, 9], cash_and_equivalents=[40, 50],
            short_term_investments=[30, 30], receivables=[18, 20], inventory=[10, 12],
            current_assets=[120, 130], total_assets=[190, 200], payables=[14, 15],
            current_liabilities=[75, 80], total_debt=[70, 70], total_liabilities=[145, 150],
            total_equity=[45, 50], operating_cash_flow=[20, 25], capital_expenditure=[6, 7])


def test_the_finance_md_list_is_not_meaningful_for_banks_and_insurers():
    for key in FINANCE_NOT_MEANINGFUL:
        assert not RATIOS[key].meaningful_for("bank") and not RATIOS[key].meaningful_for("insurer"), key


@pytest.mark.parametrize("kind", ["bank", "insurer"])
def test_not_meaningful_ratios_are_nan_with_the_reason(kind):
    frame = panel(**FULL)
    operating = compute_panel(frame, default_keys(), kind="operating")
    result = compute_panel(frame, default_keys(), kind=kind)
    expected = "not meaningful for a bank" if kind == "bank" else "not meaningful for an insurer"
    assert not_meaningful(kind) == expected
    for key in default_keys():
        if RATIOS[key].meaningful_for(kind):
            assert result.values[key].equals(operating.values[key]), key
            assert not result.not_meaningful[key].any()
        else:
            assert result.values[key].isna().all(), key
            assert set(result.reasons[key]) == {expected}, key
            assert result.not_meaningful[key].all()
            assert operating.values.loc[2023, key] == operating.values.loc[2023, key]  # a number there


def test_what_a_bank_and_an_insurer_keep():
    frame = panel(**FULL)
    bank = compute_panel(frame, ["interest_coverage", "asset_turnover", "net_margin", "return_on_equity"],
                         kind="bank")
    insurer = compute_panel(frame, ["interest_coverage", "asset_turnover", "net_margin"], kind="insurer")
    assert bank.reasons.loc[2023, "interest_coverage"] == "not meaningful for a bank"
    assert bank.reasons.loc[2023, "asset_turnover"] == "not meaningful for a bank"
    assert bank.values.loc[2023, "net_margin"] == pytest.approx(9 / 100)
    assert bank.values.loc[2023, "return_on_equity"] == pytest.approx(9 / 50)
    assert insurer.values.loc[2023, "interest_coverage"] == pytest.approx(15 / 3)
    assert insurer.values.loc[2023, "asset_turnover"] == pytest.approx(100 / 200)


def test_bank_ratios_mean_nothing_for_an_operating_company():
    frame = panel(noninterest_expense=[50.0, 60.0], total_net_revenue=[90.0, 100.0])
    result = compute_panel(frame, ["efficiency_ratio", "expense_growth_gap_pp"], kind="operating")
    assert set(result.reasons.stack()) == {"not meaningful for an operating company"}
    assert result.not_meaningful.all().all()
    # an insurer keeps its capital ratio
    assert one("equity_to_assets", panel(total_equity=100.0, total_assets=1000.0), kind="insurer") == \
        (pytest.approx(0.1), None)


def test_a_ratio_computed_from_a_not_meaningful_one_is_not_meaningful_either():
    @ratio("test_current_gap", "Current gap", "liquidity", "current_ratio − 1", direction="neutral",
           unit="times", explanation="x", why="x")
    def test_current_gap(current_ratio):
        return current_ratio - 1

    try:
        frame = panel(current_assets=130.0, current_liabilities=80.0)
        assert one("test_current_gap", frame, kind="operating") == (pytest.approx(130 / 80 - 1), None)
        result = compute_panel(frame, ["test_current_gap"], kind="bank")
        assert result.reasons.loc[2023, "test_current_gap"] == "not meaningful for a bank"
        assert bool(result.not_meaningful.loc[2023, "test_current_gap"])
    finally:
        RATIOS.pop("test_current_gap", None)


def test_no_kind_withholds_nothing():
    result = compute_panel(panel(**FULL), ["gross_margin", "current_ratio"])
    assert result.values.loc[2023, "gross_margin"] == pytest.approx(0.4)
    assert result.kinds is None and not result.not_meaningful.any().any()


def test_unknown_kind_is_an_input_error():
    with pytest.raises(InputError, match="unknown kind of company 'banc'"):
        compute_panel(panel(**FULL), ["net_margin"], kind="banc")
    with pytest.raises(InputError, match="unknown kind"):
        default_keys("banc")


# --- the default selection ------------------------------------------------------------------------

def test_default_selection_of_a_bank():
    keys = default_keys("bank")
    bank = [k for k, r in RATIOS.items() if r.category == "bank"]
    assert set(bank) <= set(keys)
    assert {"net_margin", "return_on_assets", "return_on_equity", "revenue_growth",
            "net_income_growth", "liabilities_to_assets"} <= set(keys)
    assert not set(FINANCE_NOT_MEANINGFUL) & set(keys)
    assert all(RATIOS[k].meaningful_for("bank") for k in keys)
    assert not any(RATIOS[k].category == "it" for k in keys)
    assert [r.key for r in resolve(None, "bank")] == keys
    empty = pd.DataFrame(index=pd.Index([], name="fiscal_year", dtype="int64"))
    assert list(compute_panel(empty, kind="bank").values.columns) == keys


def test_default_selection_of_an_operating_company_and_an_insurer():
    assert default_keys("operating") == default_keys()
    assert not any(RATIOS[k].category == "bank" for k in default_keys())
    insurer = default_keys("insurer")
    assert "gross_margin" not in insurer and "interest_coverage" in insurer
    assert not any(RATIOS[k].category == "bank" for k in insurer)
    assert set(KINDS) == {"operating", "bank", "insurer", "other_financial"}


# --- a panel of several kinds ---------------------------------------------------------------------

def mixed():
    index = pd.MultiIndex.from_tuples([("AAA", 2022), ("AAA", 2023), ("BBB", 2022), ("BBB", 2023)],
                                      names=["company", "fiscal_year"])
    return pd.DataFrame({"revenue": [90.0, 100.0, 180.0, 200.0], "gross_profit": [36.0, 40.0, np.nan, np.nan],
                         "net_income": [8.0, 9.0, 40.0, 50.0],
                         "noninterest_expense": [np.nan, np.nan, 110.0, 120.0],
                         "total_net_revenue": [np.nan, np.nan, 180.0, 200.0]}, index=index)


@pytest.mark.parametrize("by", ["company", "row"])
def test_mixed_panel_of_an_operating_company_and_a_bank(by):
    frame = mixed()
    kinds = {"AAA": "operating", "BBB": "bank"}
    kind = (pd.Series(kinds) if by == "company"
            else pd.Series([kinds[c] for c, _ in frame.index], index=frame.index))
    result = compute_panel(frame.iloc[::-1], kind=kind)   # unsorted on purpose
    v, why = result.values, result.reasons
    assert v.loc[("AAA", 2023), "gross_margin"] == pytest.approx(40 / 100)
    assert why.loc[("BBB", 2023), "gross_margin"] == "not meaningful for a bank"
    assert v.loc[("BBB", 2023), "efficiency_ratio"] == pytest.approx(120 / 200)
    assert why.loc[("AAA", 2023), "efficiency_ratio"] == "not meaningful for an operating company"
    assert v.loc[("AAA", 2023), "net_margin"] == pytest.approx(9 / 100)
    assert v.loc[("BBB", 2023), "net_margin"] == pytest.approx(50 / 200)
    assert v.loc[("BBB", 2023), "noninterest_expense_growth"] == pytest.approx(120 / 110 - 1)
    # the default selection is the union of both kinds', in registry order
    assert list(v.columns) == default_keys(["operating", "bank"])
    assert list(result.kinds) == ["operating", "operating", "bank", "bank"]


# --- a bank as a company: ratio table, statements --------------------------------------------------

def bank_company(rows: dict, kind="bank", ticker="BANKX", name="JPMorgan Chase & Co. (reported)"):
    """A Company from {fiscal_year: {item: $ millions}} (period ends 31 December)."""
    facts = make_facts([{"line_item": item, "period_end": f"{year}-12-31", "value": value * 1e6}
                        for year, items in rows.items() for item, value in items.items()],
                       currency="USD", source="test", source_key="jpm_reported.csv")
    return Company.from_facts(CompanyInfo(ticker, name, "banking", kind=kind), facts)


@pytest.fixture
def jpm(jpm_reported):
    rows = {int(y): {k: v for k, v in r.items() if v == v} for y, r in jpm_reported.to_dict("index").items()}
    return bank_company(rows)


def shown(table, ticker):
    """The ratio rows a table shows for one company (section headings left out)."""
    _, rows, notes = table._company_rows(ticker)
    return [name for name, _, css in rows if css != "section"], notes


def test_a_bank_ratio_table_leaves_out_what_means_nothing_with_one_note(jpm):
    table = jpm.ratios(["gross_margin", "current_ratio", "efficiency_ratio", "net_margin"])
    html, text = table._repr_html_(), str(table)
    note = "Gross margin and current ratio are not meaningful for a bank, so they are left out."
    assert left_out_note(["gross_margin", "current_ratio"], "bank") == note
    names, notes = shown(table, "BANKX")
    assert names == ["Efficiency ratio", "Net margin"] and notes == [note]
    for out in (html, text):
        assert "Gross margin</th>" not in out and "Current ratio</th>" not in out
        assert out.count(note) == 1
        assert "51.7%" in out                                  # efficiency FY2024: 91,797 / 177,556
    assert table.reason("gross_margin", 2024) == "not meaningful for a bank"
    assert math.isnan(table.value("current_ratio", 2024))


def test_the_default_bank_table_puts_bank_ratios_first_and_names_what_it_leaves_out(jpm):
    table = jpm.ratios()
    text = str(table)
    lines = text.splitlines()
    assert lines[3] == "BANK" and lines[4].startswith("Efficiency ratio")
    assert "Gross margin, operating margin, EBITDA margin, current ratio" in text
    assert text.count("are not meaningful for a bank, so they are left out.") == 1
    assert table.reason("current_ratio", 2024) == "not meaningful for a bank"
    assert table.reason("days_sales_outstanding", 2024) == "not meaningful for a bank"
    # every missing value shown has its footnote, and only the shown ratios are in the table
    html = table._repr_html_()
    assert html.count(f">{MISSING} [") == int(table.result.values.isna().to_numpy().sum())
    for reason in set(table.result.reasons.stack().dropna()):
        assert escape(reason) in html


def test_a_mixed_table_shows_each_company_its_own_ratios(jpm):
    apple = finlit.load("AAPL")
    table = finlit.compute_ratios([apple, jpm], ["gross_margin", "efficiency_ratio", "net_margin"])
    assert table.value("gross_margin", 2023, company="AAPL") == pytest.approx(169148 / 383285)
    assert table.reason("gross_margin", 2023, company="BANKX") == "not meaningful for a bank"
    assert table.value("efficiency_ratio", 2024, company="BANKX") == pytest.approx(91797 / 177556)
    assert table.reason("efficiency_ratio", 2023, company="AAPL") == "not meaningful for an operating company"
    assert shown(table, "AAPL") == (["Gross margin", "Net margin"], [
        "Efficiency ratio is not meaningful for an operating company, so it is left out."])
    names, notes = shown(table, "BANKX")
    assert names == ["Efficiency ratio", "Net margin"]
    assert notes[-1] == "Gross margin is not meaningful for a bank, so it is left out."


def test_a_bank_income_statement_is_laid_out_as_banks_report_it(jpm_reported):
    rows = {int(y): {k: v for k, v in r.items() if v == v} for y, r in jpm_reported.to_dict("index").items()}
    rows[2024].update(technology_expense=9000.0, selling_general_administrative=56331.0)  # 9,000: made up
    statement = bank_company(rows).income_statement
    names = [n for n, _, css in statement._rows() if css != "section"]
    assert names == ["Net interest income", "Noninterest income", "Total net revenue",
                     "Provision for credit losses", "Noninterest expense", "Of which: technology expense",
                     "Income before taxes", "Income tax", "Net income", "Selling, general and admin."]
    assert "Revenue" not in names          # revenue is total net revenue: shown once
    frame = statement.frame
    for year in (2022, 2023, 2024):      # the rows between total net revenue and pre-tax income add up
        shown = frame[year] / 1e6
        assert shown["net_interest_income"] + shown["noninterest_income"] == shown["total_net_revenue"]
        assert (shown["total_net_revenue"] - shown["provision_for_credit_losses"]
                - shown["noninterest_expense"]) == pytest.approx(shown["pretax_income"])
    text = str(statement)
    assert "177,556" in text and "91,797" in text
    # a vendor's SG&A of a bank is inside noninterest expense: shown apart, never in the chain
    assert text.index("Selling, general and admin.") > text.index("OTHER REPORTED LINES") > text.index("Net income")


def test_interest_expense_without_net_interest_income_is_not_a_cost_in_the_chain():
    # Yahoo's JPM FY2025: "Total Revenue" and "Interest Expense", no net interest income
    company = bank_company({2025: {"revenue": 181847.0, "interest_expense": 97898.0,
                                   "pretax_income": 72595.0, "net_income": 57048.0}})
    rows = list(company.income_statement._rows())
    names = [n for n, _, _ in rows]
    assert names == ["Revenue", "Income before taxes", "Net income", "Other reported lines", "Interest expense"]
    assert [s["label"] for s in income_steps(company, 2025)] == [
        "Revenue", "Costs before tax", "Profit before tax", "Tax and other", "Net income"]


def test_interest_lines_stand_above_net_interest_income_when_it_is_there():
    company = bank_company({2024: {"interest_income": 193933.0, "interest_expense": 101350.0,
                                   "net_interest_income": 92583.0, "noninterest_income": 84973.0,
                                   "total_net_revenue": 177556.0, "revenue": 177556.0}})
    names = [n for n, _, css in company.income_statement._rows() if css != "section"]
    assert names == ["Interest income", "Interest expense", "Net interest income", "Noninterest income",
                     "Total net revenue"]


# a made-up bank balance sheet ($ millions): 100 + 300 + 900 + 50 (goodwill) + 150 (rest) = 1,500
BALANCE = {"cash_and_equivalents": 100.0, "short_term_investments": 300.0, "loans_net": 900.0,
           "allowance_for_loan_losses": 20.0, "goodwill": 50.0, "total_assets": 1500.0,
           "deposits": 1000.0, "long_term_debt": 200.0, "total_liabilities": 1350.0,
           "total_equity": 150.0}


def test_a_bank_balance_sheet_is_laid_out_as_banks_report_it():
    company = bank_company({2024: dict(BALANCE)})
    names = [n for n, _, css in company.balance_sheet._rows() if css != "section"]
    assert names == ["Cash and equivalents", "Short-term investments", "Loans (net of allowance)",
                     "Allowance for loan losses (already deducted from loans)", "Goodwill", "Total assets",
                     "Deposits", "Long-term debt", "Total debt", "Total liabilities", "Shareholders' equity"]


# --- charts -----------------------------------------------------------------------------------

def test_bank_waterfall_goes_from_its_revenue_parts_to_net_income(jpm_reported):
    rows = {int(y): {k: v for k, v in r.items() if v == v} for y, r in jpm_reported.to_dict("index").items()}
    rows[2024]["interest_expense"] = 101350.0    # Yahoo's figure: never a second cost for a bank
    company = bank_company(rows)
    trace = income_waterfall(company, 2024).to_dict()["data"][0]
    assert list(trace["x"]) == ["Net interest income", "Noninterest income", "Total net revenue",
                                "Provision for credit losses", "Noninterest expense", "Profit before tax",
                                "Income tax", "Net income"]
    assert list(trace["measure"]) == ["absolute", "relative", "total", "relative", "relative", "total",
                                      "relative", "total"]
    assert [v / 1e6 for v in trace["customdata"]] == [92583, 84973, 177556, -10678, -91797, 75081,
                                                      -16610, 58471]
    assert "Interest expense" not in trace["x"]
    # FY2025 has no split of revenue and no pre-tax line: total net revenue stands alone, and what
    # the provision and noninterest expense do not explain is one "Tax and other" step
    steps = income_steps(company, 2025)
    assert [s["label"] for s in steps] == ["Total net revenue", "Provision for credit losses",
                                          "Noninterest expense", "Tax and other", "Net income"]
    assert steps[3]["amount"] / 1e6 == pytest.approx(182447 - 14212 - 95640 - 57048)   # 15,547


def test_bank_sankey_conserves_flows_and_counts_interest_once(jpm):
    fig = income_sankey(jpm, 2024)
    trace = fig.to_dict()["data"][0]
    labels = trace["node"]["label"]
    links = list(zip(trace["link"]["source"], trace["link"]["target"], trace["link"]["customdata"]))
    named = {(labels[s], labels[t]): v / 1e6 for s, t, v in links}
    assert labels[0] == "Total net revenue"
    assert named[("Net interest income", "Total net revenue")] == 92583
    assert named[("Noninterest income", "Total net revenue")] == 84973
    assert named[("Total net revenue", "Provision for credit losses")] == 10678
    assert named[("Total net revenue", "Noninterest expense")] == 91797
    assert named[("Total net revenue", "Profit before tax")] == pytest.approx(75081)
    assert named[("Profit before tax", "Net income")] == pytest.approx(58471)
    assert "Interest expense" not in labels
    for node in range(len(labels)):
        inflow = sum(v for s, t, v in links if t == node)
        outflow = sum(v for s, t, v in links if s == node)
        if inflow and outflow:
            assert inflow == pytest.approx(outflow, rel=1e-9), labels[node]


def test_bank_balance_chart_shows_loans_securities_cash_deposits_borrowings_and_equity():
    company = bank_company({2024: dict(BALANCE)})
    fig = balance_composition(company)
    parts = {t["name"]: t["customdata"][0] / 1e6 for t in fig.to_dict()["data"]}
    assert parts == {"Cash and equivalents": 100, "Securities and other investments": 300,
                     "Loans (net)": 900, "Other assets": 200,          # 1,500 − 100 − 300 − 900
                     "Deposits": 1000, "Borrowings": 200, "Other liabilities": 150,  # 1,350 − 1,000 − 200
                     "Equity": 150}
    assert sum(v for k, v in parts.items() if k in ("Cash and equivalents", "Securities and other investments",
                                                   "Loans (net)", "Other assets")) == 1500
    assert "Current liabilities" not in parts and "Receivables" not in parts


def test_ratio_trend_never_draws_a_ratio_that_means_nothing(jpm):
    fig = ratio_trend(jpm, "current_ratio")
    assert not fig.data and fig.layout.annotations[0].text == (
        "Current ratio is not meaningful for a bank, so it is not drawn.")
    lines = ratio_trend(jpm, ["net_margin", "gross_margin", "efficiency_ratio"])
    assert [t.name for t in lines.data] == ["Net margin", "Efficiency ratio"]
    efficiency = ratio_trend(jpm, "efficiency_ratio").to_dict()["data"][0]
    assert efficiency["y"][2] == pytest.approx(91797 / 177556)     # FY2024
    insurer = SimpleNamespace(info=SimpleNamespace(kind="insurer"), kind="insurer", name="An insurer",
                              currency="USD", years=[2024])
    assert not ratio_trend(insurer, "quick_ratio").data


# --- the bundled banks: these wait for the reported figures (issue 11) -------------------------------

@pytest.mark.parametrize("ticker", ["JPM", "BAC"])
def test_bundled_banks_are_banks_and_get_no_manufacturer_ratios(ticker):
    company = finlit.load(ticker)
    assert company.info.kind == "bank"
    table = company.ratios()
    assert not any(k in table.keys for k in FINANCE_NOT_MEANINGFUL)
    assert "efficiency_ratio" in table.keys and "equity_to_assets" in table.keys
    year = company.years[-1]
    assert table.value("equity_to_assets", year) == pytest.approx(
        company.value("total_equity", year) / company.value("total_assets", year))
    assert table.reason("current_ratio", year) == "not meaningful for a bank"


def test_bundled_jpm_efficiency_ratio_matches_the_10k():
    jpm = finlit.load("JPM")
    if math.isnan(jpm.get("noninterest_expense", 2024)):
        pytest.skip("waits for the reported bank data: the bundled JPM has no noninterest expense yet")
    table = jpm.ratios()
    assert table.value("efficiency_ratio", 2024) == pytest.approx(91797 / 177556, rel=1e-6)
    assert jpm.value("revenue", 2024) / 1e6 == pytest.approx(177556)
    steps = income_steps(jpm, 2024)
    assert [s["label"] for s in steps][:3] == ["Net interest income", "Noninterest income", "Total net revenue"]
    assert not any(s["key"] == "other_costs" for s in steps)        # the statement adds up


@pytest.mark.parametrize("ticker", ["JPM", "BAC"])
def test_bundled_bank_statements_add_up(ticker):
    company = finlit.load(ticker)
    year = company.years[-1]
    parts = ("total_net_revenue", "provision_for_credit_losses", "noninterest_expense")
    if any(math.isnan(company.get(k, year)) for k in parts):
        pytest.skip(f"waits for the reported bank data: the bundled {ticker} lacks {', '.join(parts)}")
    tnr, provision, expense = (company.value(k, year) for k in parts)
    assert tnr - provision - expense == pytest.approx(company.value("pretax_income", year), rel=0.005)
