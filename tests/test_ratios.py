"""The ratio catalogue against FINANCE.md §3: every formula hand-computed, every edge case.

Each expected number is computed here from literal inputs, not by calling the
catalogue, so a formula that drifts (an inverted turnover, a wrong sum) fails.
"""
from __future__ import annotations

import inspect
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from finlit.items import ITEMS, label
from finlit.ratios import CATEGORIES, RATIOS, compute_panel, default_keys
from finlit.ratios.registry import DIRECTIONS, PREVIOUS, UNITS

FINANCE_MD = Path(__file__).resolve().parents[2] / "shared" / "docs" / "FINANCE.md"
from ratio_helpers import YEARS, one, panel  # noqa: E402,F401


# A small, plausible company (FY2023; FY2022 where the ratio needs last year).
BASE = dict(
    revenue=100.0, cost_of_revenue=60.0, gross_profit=40.0, operating_income=15.0,
    depreciation_amortization=5.0, interest_expense=3.0, pretax_income=12.0, income_tax=3.0,
    net_income=9.0, cash_and_equivalents=50.0, short_term_investments=30.0, receivables=20.0,
    inventory=12.0, current_assets=130.0, total_assets=200.0, payables=15.0,
    current_liabilities=80.0, total_debt=70.0, total_liabilities=150.0, total_equity=50.0,
    operating_cash_flow=25.0, capital_expenditure=7.0,
)

# key: (inputs, expected), expected worked out by hand from the literal inputs
CASES = {
    "gross_margin": (dict(gross_profit=40, revenue=100), 40 / 100),
    "operating_margin": (dict(operating_income=15, revenue=100), 15 / 100),
    "net_margin": (dict(net_income=9, revenue=100), 9 / 100),
    "ebitda_margin": (dict(operating_income=15, depreciation_amortization=5, revenue=100), (15 + 5) / 100),
    "return_on_assets": (dict(net_income=9, total_assets=200), 9 / 200),
    "return_on_equity": (dict(net_income=9, total_equity=50), 9 / 50),
    "effective_tax_rate": (dict(income_tax=3, pretax_income=12), 3 / 12),
    "current_ratio": (dict(current_assets=130, current_liabilities=80), 130 / 80),
    "quick_ratio": (dict(cash_and_equivalents=50, short_term_investments=30, receivables=20,
                         current_liabilities=80), (50 + 30 + 20) / 80),
    "cash_ratio": (dict(cash_and_equivalents=50, short_term_investments=30, current_liabilities=80),
                   (50 + 30) / 80),
    "working_capital": (dict(current_assets=130, current_liabilities=80), 130 - 80),
    "debt_to_equity": (dict(total_debt=70, total_equity=50), 70 / 50),
    "debt_to_assets": (dict(total_debt=70, total_assets=200), 70 / 200),
    "liabilities_to_assets": (dict(total_liabilities=150, total_assets=200), 150 / 200),
    "interest_coverage": (dict(operating_income=15, interest_expense=3), 15 / 3),
    "asset_turnover": (dict(revenue=100, total_assets=200), 100 / 200),
    "inventory_turnover": (dict(cost_of_revenue=60, inventory=12), 60 / 12),
    "days_sales_outstanding": (dict(receivables=20, revenue=100), 20 / 100 * 365),
    "days_inventory_outstanding": (dict(inventory=12, cost_of_revenue=60), 12 / 60 * 365),
    "days_payables_outstanding": (dict(payables=15, cost_of_revenue=60), 15 / 60 * 365),
    "cash_conversion_cycle": (dict(receivables=20, revenue=100, inventory=12, cost_of_revenue=60, payables=15),
                              20 / 100 * 365 + 12 / 60 * 365 - 15 / 60 * 365),
    "operating_cash_flow_margin": (dict(operating_cash_flow=25, revenue=100), 25 / 100),
    "free_cash_flow": (dict(operating_cash_flow=25, capital_expenditure=7), 25 - 7),
    "free_cash_flow_margin": (dict(operating_cash_flow=25, capital_expenditure=7, revenue=100), (25 - 7) / 100),
    "cash_conversion": (dict(operating_cash_flow=25, net_income=9), 25 / 9),
    "capex_to_revenue": (dict(capital_expenditure=7, revenue=100), 7 / 100),
    "capex_to_depreciation": (dict(capital_expenditure=7, depreciation_amortization=5), 7 / 5),
    "revenue_growth": (dict(revenue=[80, 100]), 100 / 80 - 1),
    "net_income_growth": (dict(net_income=[8, 9]), 9 / 8 - 1),
    "operating_expense_growth": (dict(revenue=[80, 100], operating_income=[10, 15]), (100 - 15) / (80 - 10) - 1),
}

# key: the denominator item that, at zero, leaves the ratio undefined
DENOMINATOR = {
    "gross_margin": "revenue", "operating_margin": "revenue", "net_margin": "revenue",
    "ebitda_margin": "revenue", "return_on_assets": "total_assets", "return_on_equity": "total_equity",
    "effective_tax_rate": "pretax_income", "current_ratio": "current_liabilities",
    "quick_ratio": "current_liabilities", "cash_ratio": "current_liabilities",
    "debt_to_equity": "total_equity", "debt_to_assets": "total_assets",
    "liabilities_to_assets": "total_assets", "interest_coverage": "interest_expense",
    "asset_turnover": "total_assets", "inventory_turnover": "inventory",
    "days_sales_outstanding": "revenue", "days_inventory_outstanding": "cost_of_revenue",
    "days_payables_outstanding": "cost_of_revenue", "cash_conversion_cycle": "revenue",
    "operating_cash_flow_margin": "revenue", "free_cash_flow_margin": "revenue",
    "cash_conversion": "net_income", "capex_to_revenue": "revenue",
    "capex_to_depreciation": "depreciation_amortization",
}


def words(item: str) -> str:
    text = label(item)
    return text[0].lower() + text[1:]


# --- every formula, hand-computed -------------------------------------------------------------


def test_every_ratio_has_a_hand_computed_case():
    assert set(CASES) == set(default_keys())


@pytest.mark.parametrize("key", list(CASES))
def test_formula(key):
    inputs, expected = CASES[key]
    value, reason = one(key, panel(**inputs))
    assert reason is None
    assert value == pytest.approx(expected)


@pytest.mark.parametrize("key", list(CASES))
def test_function_alone_matches_the_formula(key):
    """The registered function is a plain function of its inputs (FY2023 values)."""
    inputs, expected = CASES[key]
    args = {}
    for param in RATIOS[key].inputs:
        item = param.removesuffix(PREVIOUS)
        v = inputs[item]
        args[param] = (v[0] if param.endswith(PREVIOUS) else v[-1]) if isinstance(v, list) else v
    assert RATIOS[key].function(**args) == pytest.approx(expected)


def test_apple_fy2023_margins_from_the_10k_figures():
    """FINANCE.md §3 reference values ($ millions)."""
    frame = panel(revenue=383285, cost_of_revenue=214137, gross_profit=383285 - 214137, net_income=96995)
    assert round(one("gross_margin", frame)[0], 4) == 0.4413
    assert round(one("net_margin", frame)[0], 4) == 0.2531
    assert one("gross_margin", frame)[0] == pytest.approx((383285 - 214137) / 383285)


def test_negative_results_keep_their_sign():
    frame = panel(operating_income=-30.0, revenue=100.0, net_income=-40.0, total_assets=200.0,
                  total_equity=50.0, operating_cash_flow=5.0, capital_expenditure=20.0)
    assert one("operating_margin", frame)[0] == pytest.approx(-30 / 100)
    assert one("return_on_assets", frame)[0] == pytest.approx(-40 / 200)
    assert one("return_on_equity", frame)[0] == pytest.approx(-40 / 50)
    assert one("free_cash_flow", frame)[0] == pytest.approx(5 - 20)
    assert one("free_cash_flow_margin", frame)[0] == pytest.approx((5 - 20) / 100)


# --- missing inputs ---------------------------------------------------------------------------


MISSING = [(key, param) for key in default_keys() for param in RATIOS[key].inputs]


@pytest.mark.parametrize(("key", "param"), MISSING, ids=[f"{k}-{p}" for k, p in MISSING])
def test_missing_input_gives_nan_with_a_reason_naming_it(key, param):
    inputs, _ = CASES[key]
    item = param.removesuffix(PREVIOUS)
    if param.endswith(PREVIOUS):
        inputs = {k: [np.nan, v[1]] if k == item else v for k, v in inputs.items()}
        expected = f"previous year's {words(item)} not available"
    else:
        inputs = {k: ([v[0], np.nan] if isinstance(v, list) else np.nan) if k == item else v
                  for k, v in inputs.items()}
        expected = f"{words(item)} not available"
    value, reason = one(key, panel(**inputs))
    assert math.isnan(value)
    assert reason == expected


@pytest.mark.parametrize("key", list(CASES))
def test_absent_column_gives_nan_with_a_reason(key):
    inputs, _ = CASES[key]
    dropped = RATIOS[key].items[0]
    frame = panel(**{k: v for k, v in inputs.items() if k != dropped})
    value, reason = one(key, frame)
    assert math.isnan(value)
    assert words(dropped) in reason and reason.endswith("not available")


def test_several_missing_inputs_are_all_named():
    value, reason = one("quick_ratio", panel(cash_and_equivalents=1.0, current_liabilities=4.0))
    assert math.isnan(value)
    assert reason == "short-term investments and receivables not available"
    value, reason = one("cash_conversion_cycle", panel(revenue=1.0, cost_of_revenue=1.0))
    assert reason == "receivables, inventory and accounts payable not available"


# --- zero denominators: NaN with a reason, never inf ------------------------------------------


@pytest.mark.parametrize("key", list(DENOMINATOR))
def test_zero_denominator_gives_nan_with_a_reason(key):
    inputs, _ = CASES[key]
    item = DENOMINATOR[key]
    value, reason = one(key, panel(**{**inputs, item: 0.0}))
    assert math.isnan(value)
    name = RATIOS[key].name
    name = name[0].lower() + name[1:] if not name[:2].isupper() else name
    if f"{item}" in RATIOS[key].must_be_positive:
        assert reason == f"{words(item)} is negative or zero: {name} is not meaningful"
    else:
        assert reason == f"{words(item)} is zero: {name} is not defined"


def test_zero_over_zero_names_the_denominator():
    value, reason = one("gross_margin", panel(gross_profit=0.0, revenue=0.0))
    assert math.isnan(value)
    assert reason == "revenue is zero: gross margin is not defined"


def test_zero_numerator_is_a_number():
    assert one("gross_margin", panel(gross_profit=0.0, revenue=50.0)) == (0.0, None)
    assert one("working_capital", panel(current_assets=0.0, current_liabilities=0.0)) == (0.0, None)


def test_cash_conversion_cycle_with_zero_cost_of_revenue():
    inputs, _ = CASES["cash_conversion_cycle"]
    value, reason = one("cash_conversion_cycle", panel(**{**inputs, "cost_of_revenue": 0.0}))
    assert math.isnan(value)
    assert reason == "cost of revenue is zero: cash conversion cycle is not defined"


def test_operating_expense_growth_with_zero_previous_costs():
    value, reason = one("operating_expense_growth", panel(revenue=[50, 100], operating_income=[50, 10]))
    assert math.isnan(value)
    assert reason.startswith("previous year's operating costs (revenue − operating income) are zero")


def test_never_inf():
    frame = pd.DataFrame({item: [0.0, -1.0, 0.0, 2.0] for item in BASE},
                         index=pd.Index([2020, 2021, 2022, 2023], name="fiscal_year"))
    result = compute_panel(frame)
    values = result.values.to_numpy()
    assert not np.isinf(values).any()
    assert (result.values.isna() == result.reasons.notna()).all().all()


# --- meaning breaks: negative equity, non-positive bases --------------------------------------


@pytest.mark.parametrize("key", ["return_on_equity", "debt_to_equity"])
@pytest.mark.parametrize("equity", [-25.0, 0.0])
def test_negative_or_zero_equity(key, equity):
    value, reason = one(key, panel(**{**BASE, "total_equity": equity}))
    assert math.isnan(value)
    name = RATIOS[key].name.lower()
    assert reason == f"shareholders' equity is negative or zero: {name} is not meaningful"


def test_negative_equity_with_a_loss_is_not_a_positive_return():
    """−10 / −50 would read as a +20% return: it must be NaN."""
    value, reason = one("return_on_equity", panel(net_income=-10.0, total_equity=-50.0))
    assert math.isnan(value)
    assert "is not meaningful" in reason


def test_effective_tax_rate_with_a_pretax_loss():
    value, reason = one("effective_tax_rate", panel(income_tax=2.0, pretax_income=-10.0))
    assert math.isnan(value)
    assert reason == "income before taxes is negative or zero: effective tax rate is not meaningful"


def test_interest_coverage_with_net_interest_income():
    value, reason = one("interest_coverage", panel(operating_income=15.0, interest_expense=-3.0))
    assert math.isnan(value)
    assert reason == "interest expense is negative or zero: interest coverage is not meaningful"


def test_cash_conversion_with_a_loss():
    value, reason = one("cash_conversion", panel(operating_cash_flow=5.0, net_income=-2.0))
    assert math.isnan(value)
    assert reason == "net income is negative or zero: cash conversion is not meaningful"


# --- growth -----------------------------------------------------------------------------------


def growth_panel(years, **items):
    return pd.DataFrame(items, index=pd.Index(years, name="fiscal_year"), dtype=float)


def test_growth_first_year_is_nan_with_a_reason():
    frame = growth_panel([2022, 2023], revenue=[80, 100])
    value, reason = one("revenue_growth", frame, year=2022)
    assert math.isnan(value)
    assert reason == "previous year's revenue not available"


@pytest.mark.parametrize("key", ["revenue_growth", "net_income_growth", "operating_expense_growth"])
def test_growth_across_a_gap_year_is_nan(key):
    frame = growth_panel([2020, 2021, 2023], revenue=[70, 80, 100], operating_income=[5, 10, 15],
                         net_income=[4, 8, 9])
    value, reason = one(key, frame, year=2023)
    assert math.isnan(value)
    assert reason.startswith("previous year's") and reason.endswith("not available")
    assert one(key, frame, year=2021)[1] is None  # 2020 → 2021 is consecutive


def test_revenue_growth_over_several_years():
    frame = growth_panel([2021, 2022, 2023], revenue=[50, 80, 100])
    result = compute_panel(frame, ["revenue_growth"]).values["revenue_growth"]
    assert math.isnan(result[2021])
    assert result[2022] == pytest.approx(80 / 50 - 1)
    assert result[2023] == pytest.approx(100 / 80 - 1)


@pytest.mark.parametrize("previous", [-5.0, 0.0])
def test_net_income_growth_from_a_loss_or_zero_is_nan(previous):
    value, reason = one("net_income_growth", growth_panel([2022, 2023], net_income=[previous, 9.0]))
    assert math.isnan(value)
    assert reason == "previous year's net income is negative or zero: net income growth is not meaningful"


def test_net_income_growth_into_a_loss_is_a_number():
    value, reason = one("net_income_growth", growth_panel([2022, 2023], net_income=[10.0, -5.0]))
    assert reason is None
    assert value == pytest.approx(-5 / 10 - 1)


def test_revenue_growth_from_zero_revenue():
    value, reason = one("revenue_growth", growth_panel([2022, 2023], revenue=[0.0, 10.0]))
    assert math.isnan(value)
    assert reason == "previous year's revenue is negative or zero: revenue growth is not meaningful"


# --- average balances -------------------------------------------------------------------------

AVERAGED = {  # key: (inputs over FY2022, FY2023, expected FY2023 with (opening + closing) / 2)
    "return_on_assets": (dict(net_income=[8, 9], total_assets=[180, 220]), 9 / ((180 + 220) / 2)),
    "return_on_equity": (dict(net_income=[8, 9], total_equity=[40, 60]), 9 / ((40 + 60) / 2)),
    "asset_turnover": (dict(revenue=[80, 100], total_assets=[180, 220]), 100 / ((180 + 220) / 2)),
    "inventory_turnover": (dict(cost_of_revenue=[50, 60], inventory=[8, 12]), 60 / ((8 + 12) / 2)),
    "days_sales_outstanding": (dict(receivables=[10, 20], revenue=[80, 100]), (10 + 20) / 2 / 100 * 365),
    "days_inventory_outstanding": (dict(inventory=[8, 12], cost_of_revenue=[50, 60]), (8 + 12) / 2 / 60 * 365),
    "days_payables_outstanding": (dict(payables=[5, 15], cost_of_revenue=[50, 60]), (5 + 15) / 2 / 60 * 365),
    "cash_conversion_cycle": (
        dict(receivables=[10, 20], revenue=[80, 100], inventory=[8, 12], cost_of_revenue=[50, 60],
             payables=[9, 15]),
        (10 + 20) / 2 / 100 * 365 + (8 + 12) / 2 / 60 * 365 - (9 + 15) / 2 / 60 * 365),
    # a bank's credit cost over average loans (FINANCE.md §3: provision / average loans)
    "provision_to_loans": (dict(provision_for_credit_losses=[6, 9], loans_net=[1000, 1200]),
                           9 / ((1000 + 1200) / 2)),
}


def test_averaged_ratios_are_the_balance_sheet_ones():
    assert {k for k, r in RATIOS.items() if r.averaged} == set(AVERAGED)
    for r in RATIOS.values():
        assert set(r.averaged) <= set(r.items)
        assert all(ITEMS[item].kind == "balance" for item in r.averaged)


@pytest.mark.parametrize("key", list(AVERAGED))
def test_average_balances(key):
    inputs, expected = AVERAGED[key]
    frame = panel(**inputs)
    value, reason = one(key, frame, average_balances=True)
    assert reason is None
    assert value == pytest.approx(expected)
    default, _ = one(key, frame)  # period-end by default
    assert not math.isclose(default, expected)


@pytest.mark.parametrize("key", list(AVERAGED))
def test_average_balances_first_year_has_no_opening_balance(key):
    inputs, _ = AVERAGED[key]
    value, reason = one(key, panel(**inputs), year=2022, average_balances=True)
    assert math.isnan(value)
    averaged = [words(item) for item in RATIOS[key].averaged]
    names = averaged[0] if len(averaged) == 1 else ", ".join(averaged[:-1]) + " and " + averaged[-1]
    assert reason == f"no opening balance for {names}: average balances need the previous year"


def test_average_balances_leave_period_end_ratios_alone():
    frame = panel(current_assets=[100, 130], current_liabilities=[50, 80], total_debt=[60, 70],
                  total_equity=[40, 50])
    for key, expected in [("current_ratio", 130 / 80), ("debt_to_equity", 70 / 50)]:
        assert one(key, frame, average_balances=True) == (pytest.approx(expected), None)
        assert one(key, frame, year=2022, average_balances=True)[1] is None


def test_average_balances_missing_closing_balance_is_reported_as_missing():
    value, reason = one("return_on_assets", panel(net_income=[8, 9], total_assets=[180, np.nan]),
                        average_balances=True)
    assert math.isnan(value)
    assert reason == "total assets not available"


def test_average_equity_negative_is_not_meaningful():
    value, reason = one("return_on_equity", panel(net_income=[8, 9], total_equity=[-80, 40]),
                        average_balances=True)
    assert math.isnan(value)  # (−80 + 40) / 2 = −20
    assert reason == "shareholders' equity is negative or zero: return on equity is not meaningful"


# --- multi-company panels ---------------------------------------------------------------------


def two_companies():
    index = pd.MultiIndex.from_tuples(
        [("AAA", 2021), ("AAA", 2022), ("BBB", 2023), ("BBB", 2024)], names=["company", "fiscal_year"])
    return pd.DataFrame({"revenue": [50.0, 100.0, 400.0, 500.0], "net_income": [5.0, 10.0, 40.0, 30.0],
                         "total_assets": [100.0, 300.0, 1000.0, 1200.0]}, index=index)


def test_multi_company_previous_year_does_not_leak():
    """AAA's FY2022 is the row before BBB's FY2023 and one year earlier: it must not be used."""
    result = compute_panel(two_companies(), ["revenue_growth", "net_income_growth"])
    growth = result.values["revenue_growth"]
    assert growth[("AAA", 2022)] == pytest.approx(100 / 50 - 1)
    assert math.isnan(growth[("BBB", 2023)])
    assert result.reasons.loc[("BBB", 2023), "revenue_growth"] == "previous year's revenue not available"
    assert growth[("BBB", 2024)] == pytest.approx(500 / 400 - 1)
    assert result.values.loc[("BBB", 2024), "net_income_growth"] == pytest.approx(30 / 40 - 1)


def test_multi_company_average_balances_do_not_leak():
    result = compute_panel(two_companies(), ["return_on_assets"], average_balances=True)
    roa = result.values["return_on_assets"]
    assert roa[("AAA", 2022)] == pytest.approx(10 / ((100 + 300) / 2))
    assert math.isnan(roa[("BBB", 2023)])
    assert result.reasons.loc[("BBB", 2023), "return_on_assets"].startswith("no opening balance")
    assert roa[("BBB", 2024)] == pytest.approx(30 / ((1000 + 1200) / 2))


def test_multi_company_per_company_values():
    result = compute_panel(two_companies(), ["net_margin", "return_on_assets"])
    assert result.values.loc[("AAA", 2021), "net_margin"] == pytest.approx(5 / 50)
    assert result.values.loc[("BBB", 2024), "return_on_assets"] == pytest.approx(30 / 1200)


# --- the IT ratios of FINANCE.md §4 (category `it`, opt-in), hand-computed -------------------

IT_CASES = {
    "it_pct_revenue": (dict(it_spend=28, revenue=889), 28 / 889),
    "it_per_employee": (dict(it_spend=27.87e6, employees=2455), 27.87e6 / 2455),
    "it_pct_opex": (dict(it_spend=28, revenue=889, operating_income=79), 28 / (889 - 79)),
    "it_growth": (dict(it_spend=[29.67, 27.87]), 27.87 / 29.67 - 1),
    "growth_gap_pp": (dict(it_spend=[29.67, 27.87], revenue=[864, 889]),
                      ((27.87 / 29.67 - 1) - (889 / 864 - 1)) * 100),
    "it_capex_share": (dict(it_capex=2.65, capital_expenditure=30.15), 2.65 / 30.15),
    "revenue_per_it_dollar": (dict(it_spend=28, revenue=889), 889 / 28),
    "margin_effect_10pct_pp": (dict(it_spend=28, revenue=889), -0.10 * 28 / 889 * 100),
}


def in_sentence(text: str) -> str:
    """A label inside a sentence: 'Revenue' → 'revenue', 'IT spend' stays."""
    return text if text[:2].isupper() else text[0].lower() + text[1:]


def test_every_it_ratio_has_a_hand_computed_case():
    assert set(IT_CASES) == {k for k, r in RATIOS.items() if r.opt_in} == {k for k, r in RATIOS.items() if r.category == "it"}


@pytest.mark.parametrize("key", list(IT_CASES))
def test_it_formula(key):
    inputs, expected = IT_CASES[key]
    value, reason = one(key, panel(**inputs))
    assert reason is None
    assert value == pytest.approx(expected)


@pytest.mark.parametrize("key", list(IT_CASES))
def test_it_missing_input_gives_a_reason(key):
    inputs, _ = IT_CASES[key]
    first = RATIOS[key].items[0]
    frame = panel(**{k: v for k, v in inputs.items() if k != first})
    value, reason = one(key, frame)
    assert math.isnan(value) and reason.startswith(in_sentence(label(first))) and "not available" in reason


@pytest.mark.parametrize(("key", "item"), [("it_pct_revenue", "revenue"), ("it_per_employee", "employees"),
                                           ("it_capex_share", "capital_expenditure"),
                                           ("revenue_per_it_dollar", "revenue")])
def test_it_ratio_with_a_non_positive_input(key, item):
    inputs, _ = IT_CASES[key]
    for bad in (0.0, -5.0):
        value, reason = one(key, panel(**{**inputs, item: bad}))
        assert math.isnan(value)
        assert reason == f"{words(item)} is negative or zero: {in_sentence(RATIOS[key].name)} is not meaningful"


def test_it_growth_from_no_it_spend():
    value, reason = one("it_growth", panel(it_spend=[0.0, 5.0]))
    assert math.isnan(value)
    assert reason == "previous year's IT spend is negative or zero: IT spend growth is not meaningful"


def test_it_ratios_say_why_in_their_own_words():
    _, reason = one("it_per_employee", panel(it_spend=5.0))
    assert reason == ("employees (headcount) not available: add them to the statements to see IT "
                      "spend per employee")
    _, reason = one("it_pct_opex", panel(it_spend=5.0, revenue=100.0))
    assert reason == "total operating costs not available: needs revenue and operating income"
    _, reason = one("it_capex_share", panel(it_capex=5.0))
    assert reason == "capital expenditure not available (no cash-flow statement)"
    _, reason = one("revenue_per_it_dollar", panel(it_spend=0.0, revenue=100.0))
    assert reason == "IT spend is zero: revenue per IT dollar is not defined"


# --- the registry itself ----------------------------------------------------------------------


@pytest.mark.parametrize("key", list(RATIOS))
def test_registered_fields(key):
    r = RATIOS[key]
    assert r.key == key
    for field in ("name", "formula", "explanation", "why_it_matters"):
        assert isinstance(getattr(r, field), str) and getattr(r, field).strip(), field
    assert r.category in CATEGORIES and r.unit in UNITS and r.direction in DIRECTIONS
    assert (r.good_range is not None) == (r.direction == "range")
    if r.good_range:
        assert r.good_range[0] < r.good_range[1]
    assert set(r.must_be_positive) <= set(r.inputs)


@pytest.mark.parametrize("key", list(RATIOS))
def test_parameters_are_canonical_items(key):
    """Line items, last year's line items, or registered ratios it is computed from (`uses`)."""
    params = inspect.signature(RATIOS[key].function).parameters
    assert params
    for name, param in params.items():
        assert name.removesuffix(PREVIOUS) in ITEMS or name in RATIOS[key].uses, name
        assert param.default is inspect.Parameter.empty, name
    assert set(RATIOS[key].items) <= set(ITEMS)


@pytest.mark.parametrize("key", list(RATIOS))
def test_cut_offs_have_a_source(key):
    """Good ranges and thresholds live in the registry, in the ratio's unit, with their source."""
    r = RATIOS[key]
    assert set(r.missing) <= set(r.inputs)
    for name, value in r.thresholds.items():
        assert isinstance(name, str) and isinstance(value, float) and r.threshold(name) == value
    if r.thresholds or key in ("current_ratio",):
        assert r.source.strip(), key
    with pytest.raises(KeyError, match="no threshold 'nope'"):
        r.threshold("nope")


def test_the_thresholds_the_explanations_use():
    assert RATIOS["net_margin"].thresholds == {"thin": 0.05, "wide": 0.20}
    assert RATIOS["operating_margin"].threshold("thin") == 0.05
    assert RATIOS["debt_to_equity"].threshold("heavy") == 2.0
    assert RATIOS["current_ratio"].good_range == (1.0, 3.0)
    assert RATIOS["growth_gap_pp"].threshold("notable") == 1.0


# --- the contract: FINANCE.md §3 ----------------------------------------------------------------

UNIT_SYMBOLS = {"%": "percent", "×": "times", "days": "days", "money": "money"}


def finance_table():
    if not FINANCE_MD.is_file():
        pytest.skip(f"{FINANCE_MD} is absent (the shared docs are not beside this clone)")
    text = FINANCE_MD.read_text(encoding="utf-8")
    section = text.split("## 3.", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("key", "") and not set(cells[0]) <= set("-"):
            rows[cells[0]] = dict(category=cells[1], formula=cells[2], unit=cells[3])
    assert len(rows) >= 20, "could not parse the ratio table of FINANCE.md §3"
    return rows


def test_catalogue_keys_match_finance_md():
    assert set(default_keys()) == set(finance_table())


def test_catalogue_categories_and_units_match_finance_md():
    for key, row in finance_table().items():
        assert RATIOS[key].category == row["category"], key
        assert RATIOS[key].unit == UNIT_SYMBOLS[row["unit"]], key


def test_catalogue_inputs_match_finance_md_formulas():
    """Every line item a FINANCE.md formula names is an input of the function."""
    table = finance_table()
    abbreviations = {"DSO": "days_sales_outstanding", "DIO": "days_inventory_outstanding",
                     "DPO": "days_payables_outstanding"}
    for key, row in table.items():
        formula = row["formula"]
        for short, full in abbreviations.items():
            formula = formula.replace(short, table[full]["formula"])
        named = {w for w in re.findall(r"[a-z_]+", formula) if w in ITEMS}
        if "free_cash_flow" in named:  # defined in the same table as operating_cash_flow − capital_expenditure
            named = named - {"free_cash_flow"} | {"operating_cash_flow", "capital_expenditure"}
        assert named == set(RATIOS[key].items), key
        if "previous year" in row["formula"]:
            assert any(p.endswith(PREVIOUS) for p in RATIOS[key].inputs), key


def test_finance_md_nan_conditions_are_registered():
    for key, row in finance_table().items():
        if "equity ≤ 0" in row["formula"]:
            assert "total_equity" in RATIOS[key].must_be_positive, key
        if "previous value ≤ 0" in row["formula"]:
            assert any(p.endswith(PREVIOUS) for p in RATIOS[key].must_be_positive), key


# --- bundled data -----------------------------------------------------------------------------


def test_apple_fy2023_from_bundled_data():
    import finlit

    table = finlit.load("AAPL").ratios()
    assert round(table.value("gross_margin", 2023), 4) == 0.4413
    assert round(table.value("net_margin", 2023), 4) == 0.2531
    assert table.reason("gross_margin", 2023) is None
