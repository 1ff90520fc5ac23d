"""The one driver, `compute_panel`: shapes, ordering, dtypes, reasons, scale."""
from __future__ import annotations

import contextlib
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from finlit.errors import InputError
from finlit.ratios import RATIOS, RatioResult, compute, compute_panel, default_keys, ratio, resolve
from finlit.ratios.engine import _previous_rows, denominators

ROOT = Path(__file__).resolve().parents[1]


def years(*values, **items):
    return pd.DataFrame(items, index=pd.Index(list(values), name="fiscal_year"), dtype=float)


# --- selection --------------------------------------------------------------------------------


def test_resolve_all_keys_and_categories():
    assert [r.key for r in resolve(None)] == default_keys()
    assert [r.key for r in resolve("gross_margin")] == ["gross_margin"]
    assert {r.category for r in resolve("growth")} == {"growth"}
    assert [r.key for r in resolve(["net_margin", "current_ratio"])] == ["net_margin", "current_ratio"]


def test_opt_in_ratios_only_when_asked_for():
    """The `it` ratios are in the registry but not in the default catalogue."""
    it = [r.key for r in resolve("it")]
    assert it and set(it) == {k for k, r in RATIOS.items() if r.opt_in} and not set(it) & set(default_keys())
    assert all(r.category != "it" for r in resolve(None))
    assert [r.key for r in resolve(["it_pct_revenue"])] == ["it_pct_revenue"]
    bank = [r.key for r in resolve("bank")]  # by default for banks only (tests/test_bank_ratios.py)
    assert set(default_keys()) | set(it) | set(bank) == set(RATIOS)
    assert not set(bank) & set(default_keys())
    frame = years(2023, revenue=[100.0], it_spend=[3.0], net_income=[9.0])
    assert list(compute_panel(frame).values.columns) == default_keys()
    assert compute_panel(frame, ["it"]).values.loc[2023, "it_pct_revenue"] == pytest.approx(0.03)


def test_unknown_ratio_is_an_input_error():
    with pytest.raises(InputError, match="unknown ratio 'gross_margn'"):
        compute_panel(years(2023, revenue=[1.0]), ["gross_margn"])


def test_result_shape_follows_the_request():
    frame = years(2022, 2023, revenue=[80.0, 100.0], gross_profit=[30.0, 40.0])
    result = compute_panel(frame, ["revenue_growth", "gross_margin"])
    assert isinstance(result, RatioResult)
    assert list(result.values.columns) == ["revenue_growth", "gross_margin"]
    assert list(result.reasons.columns) == ["revenue_growth", "gross_margin"]
    assert result.values.index.equals(frame.index)
    assert result.values.dtypes.eq("float64").all()
    assert result.average_balances is False


def test_compute_on_a_dataframe_gives_a_ratio_result():
    result = compute(years(2023, revenue=[100.0], net_income=[9.0]), ["net_margin"])
    assert result.values.loc[2023, "net_margin"] == pytest.approx(9 / 100)


def test_whole_catalogue_on_an_empty_panel():
    result = compute_panel(pd.DataFrame(index=pd.Index([], name="fiscal_year", dtype="int64")))
    assert result.values.shape == (0, len(default_keys()))


# --- ordering and the previous year -----------------------------------------------------------


def test_unsorted_panel_gives_sorted_results():
    frame = years(2023, 2021, 2022, revenue=[100.0, 50.0, 80.0])
    growth = compute_panel(frame, ["revenue_growth"]).values["revenue_growth"]
    assert list(growth.index) == [2021, 2022, 2023]
    assert growth[2022] == pytest.approx(80 / 50 - 1)
    assert growth[2023] == pytest.approx(100 / 80 - 1)


def test_previous_rows_single_company():
    frame = years(2019, 2020, 2022, 2023, revenue=[1.0, 2.0, 3.0, 4.0])
    assert _previous_rows(frame).tolist() == [-1, 0, -1, 2]


def test_previous_rows_never_cross_companies():
    index = pd.MultiIndex.from_tuples([("A", 2021), ("A", 2022), ("B", 2023), ("B", 2024), ("C", 2024)],
                                      names=["company", "fiscal_year"])
    frame = pd.DataFrame({"revenue": np.arange(5.0)}, index=index)
    assert _previous_rows(frame).tolist() == [-1, 0, -1, 2, -1]


def test_multi_company_shuffled_rows():
    index = pd.MultiIndex.from_tuples([("B", 2022), ("A", 2022), ("B", 2021), ("A", 2021)],
                                      names=["company", "fiscal_year"])
    frame = pd.DataFrame({"revenue": [300.0, 120.0, 200.0, 100.0]}, index=index)
    growth = compute_panel(frame, ["revenue_growth"]).values["revenue_growth"]
    assert growth[("A", 2022)] == pytest.approx(120 / 100 - 1)
    assert growth[("B", 2022)] == pytest.approx(300 / 200 - 1)
    assert math.isnan(growth[("A", 2021)]) and math.isnan(growth[("B", 2021)])


def test_duplicate_rows_are_an_input_error():
    with pytest.raises(InputError, match="twice"):
        compute_panel(years(2023, 2023, revenue=[1.0, 2.0]))


def test_text_periods_are_an_input_error():
    frame = pd.DataFrame({"revenue": [1.0]}, index=pd.Index(["FY2023"]))
    with pytest.raises(InputError, match="fiscal year as a number"):
        compute_panel(frame)


def test_quarterly_periods_compare_with_the_same_quarter_a_year_earlier():
    ends = pd.DatetimeIndex(["2022-12-31", "2023-03-31", "2023-06-30", "2023-09-30", "2023-12-30",
                             "2024-03-30"], name="period_end")
    frame = pd.DataFrame({"revenue": [100.0, 80.0, 90.0, 95.0, 120.0, 84.0]}, index=ends)
    r = compute_panel(frame, ["revenue_growth"])
    growth = r.values["revenue_growth"]
    assert growth.iloc[4] == pytest.approx(120 / 100 - 1)   # 2023-12-30 against 2022-12-31 (364 days)
    assert growth.iloc[5] == pytest.approx(84 / 80 - 1)     # 2024-03-30 against 2023-03-31
    assert growth.iloc[:4].isna().all()
    assert r.reasons.iloc[1]["revenue_growth"] == "previous year's revenue not available"


# --- dtypes -----------------------------------------------------------------------------------


def test_nullable_and_integer_columns():
    frame = pd.DataFrame({"gross_profit": pd.array([40, None], dtype="Int64"),
                          "revenue": pd.array([100, 50], dtype="Int64")},
                         index=pd.Index([2022, 2023], name="fiscal_year"))
    result = compute_panel(frame, ["gross_margin"])
    assert result.values.loc[2022, "gross_margin"] == pytest.approx(0.4)
    assert math.isnan(result.values.loc[2023, "gross_margin"])
    assert result.reasons.loc[2023, "gross_margin"] == "gross profit not available"


def test_text_in_a_column_is_treated_as_missing():
    frame = pd.DataFrame({"gross_profit": ["40", "UPGRADE"], "revenue": [100.0, 50.0]},
                         index=pd.Index([2022, 2023], name="fiscal_year"))
    result = compute_panel(frame, ["gross_margin"])
    assert result.values["gross_margin"].tolist()[0] == pytest.approx(0.4)
    assert result.reasons.loc[2023, "gross_margin"] == "gross profit not available"


def test_panel_is_not_modified():
    frame = years(2022, 2023, total_assets=[100.0, 140.0], net_income=[5.0, 12.0])
    before = frame.copy()
    compute_panel(frame, average_balances=True)
    pd.testing.assert_frame_equal(frame, before)


# --- reasons ----------------------------------------------------------------------------------


def test_reason_order_missing_before_meaning_before_zero():
    frame = years(2021, 2022, 2023, net_income=[np.nan, 5.0, 5.0], total_equity=[-1.0, -1.0, 0.0])
    reasons = compute_panel(frame, ["return_on_equity"]).reasons["return_on_equity"]
    assert reasons[2021] == "net income not available"
    assert reasons[2022] == "shareholders' equity is negative or zero: return on equity is not meaningful"
    assert reasons[2023] == "shareholders' equity is negative or zero: return on equity is not meaningful"


def test_reasons_only_where_values_are_missing():
    rng = np.random.default_rng(7)
    items = sorted({item for r in RATIOS.values() for item in r.items})
    data = rng.choice([-50.0, 0.0, 10.0, 250.0, np.nan], size=(300, len(items)))
    index = pd.MultiIndex.from_product([[f"C{i}" for i in range(30)], range(2014, 2024)],
                                       names=["company", "fiscal_year"])
    frame = pd.DataFrame(data, index=index, columns=items)
    for average in (False, True):
        result = compute_panel(frame, average_balances=average)
        assert not np.isinf(result.values.to_numpy()).any()
        assert (result.values.isna() == result.reasons.notna()).all().all()
        texts = set(result.reasons.stack().dropna())
        assert all(isinstance(t, str) and t for t in texts)


def test_denominators_found_by_probing():
    assert denominators(RATIOS["net_margin"]) == ("revenue",)
    assert denominators(RATIOS["quick_ratio"]) == ("current_liabilities",)
    assert denominators(RATIOS["working_capital"]) == ()
    assert denominators(RATIOS["free_cash_flow"]) == ()
    assert denominators(RATIOS["revenue_growth"]) == ("revenue_previous",)


@contextlib.contextmanager
def registered_for_the_test(key):
    """Take a ratio a test registered out of the registry again, whatever happens."""
    try:
        yield
    finally:
        RATIOS.pop(key, None)


def assert_refused_twice(key, function):
    with pytest.raises(ValueError, match="registered twice"):
        ratio(key, "x", "profitability", "x", direction="higher", unit="percent",
              explanation="x", why="x")(function)


def test_a_new_ratio_is_computed_by_the_same_driver():
    @ratio("test_it_share", "IT share", "profitability", "it_spend / revenue", direction="range",
           unit="percent", good_range=(0.01, 0.1), explanation="IT spend per dollar of sales.",
           why="The number IT budgets are compared with.")
    def test_it_share(it_spend, revenue):
        return it_spend / revenue

    with registered_for_the_test("test_it_share"):
        result = compute_panel(years(2022, 2023, it_spend=[3.0, 4.0], revenue=[100.0, 0.0]), ["test_it_share"])
        assert result.values.loc[2022, "test_it_share"] == pytest.approx(3 / 100)
        assert result.reasons.loc[2023, "test_it_share"] == "revenue is zero: IT share is not defined"
        assert_refused_twice("test_it_share", test_it_share)


def test_a_ratio_computed_from_ratios_passes_their_reasons_on():
    frame = years(2022, 2023, revenue=[100.0, 110.0], it_spend=[3.0, 4.0])
    result = compute_panel(frame, ["growth_gap_pp"])
    assert list(result.values.columns) == ["growth_gap_pp"]  # the ratios it uses are not returned
    assert result.values.loc[2023, "growth_gap_pp"] == pytest.approx((4 / 3 - 1.1) * 100)
    assert result.reasons.loc[2022, "growth_gap_pp"] == "previous year's IT spend not available"
    assert RATIOS["growth_gap_pp"].uses == ("it_growth", "revenue_growth")
    assert RATIOS["growth_gap_pp"].items == ("it_spend", "revenue")


def test_reasons_given_with_the_panel_name_the_cause():
    frame = years(2022, 2023, 2024, revenue=[100.0, np.nan, 120.0], it_spend=[np.nan, 4.0, 5.0])
    given = pd.DataFrame({"it_spend": ["no IT budget for FY2022", None, None],
                          "revenue": [None, "revenue not available for FY2023", None]},
                         index=frame.index)
    result = compute_panel(frame, ["it_pct_revenue", "revenue_growth"], item_reasons=given)
    assert result.reasons.loc[2022, "it_pct_revenue"] == "no IT budget for FY2022"
    assert result.reasons.loc[2023, "it_pct_revenue"] == "revenue not available for FY2023"
    # only this year's items: last year's missing revenue keeps the engine's words
    assert result.reasons.loc[2024, "revenue_growth"] == "previous year's revenue not available"
    assert result.values.loc[2024, "it_pct_revenue"] == pytest.approx(5 / 120)
    # the default catalogue, without given reasons, keeps its words
    assert compute_panel(frame, ["it_pct_revenue"]).reasons.loc[2022, "it_pct_revenue"] == "IT spend not available"
    with pytest.raises(InputError, match="item_reasons"):
        compute_panel(frame, ["it_pct_revenue"], item_reasons={"it_spend": "x"})


def test_a_ratio_in_its_own_words_for_a_missing_input():
    frame = years(2023, it_spend=[3.0], employees=[np.nan])
    reason = compute_panel(frame, ["it_per_employee"]).reasons.loc[2023, "it_per_employee"]
    assert reason.startswith("employees (headcount) not available: add them to the statements")


def test_withheld_ratios_and_those_computed_from_them():
    frame = years(2022, 2023, revenue=[100.0, 110.0], it_spend=[2.8, 3.08])
    result = compute_panel(frame, ["it_growth", "growth_gap_pp", "revenue_growth"],
                           withheld={"it_growth": "an estimate: its growth says nothing"})
    assert result.values[["it_growth", "growth_gap_pp"]].isna().all().all()
    assert set(result.reasons[["it_growth", "growth_gap_pp"]].stack()) == {"an estimate: its growth says nothing"}
    assert result.values.loc[2023, "revenue_growth"] == pytest.approx(0.1)


def test_no_denominators_for_a_function_undefined_at_the_probe_point():
    assert denominators(RATIOS["it_pct_opex"]) == ()  # keeps only positive operating costs
    frame = years(2023, 2024, it_spend=[1.0, 1.0], revenue=[0.0, 10.0], operating_income=[5.0, 10.0])
    reasons = compute_panel(frame, ["it_pct_opex"]).reasons["it_pct_opex"]
    assert set(reasons) == {RATIOS["it_pct_opex"].undefined}


def test_an_opt_in_ratio_registers_apart_from_the_catalogue():
    @ratio("test_it_cloud", "Cloud share", "it", "it_opex / it_spend", direction="neutral",
           unit="percent", explanation="x", why="x")
    def test_it_cloud(it_opex, it_spend):
        return it_opex / it_spend

    with registered_for_the_test("test_it_cloud"):
        assert RATIOS["test_it_cloud"].opt_in and "test_it_cloud" not in default_keys()
        assert "test_it_cloud" in [r.key for r in resolve("it")]
        assert_refused_twice("test_it_cloud", test_it_cloud)


def test_bad_category_is_refused():
    with pytest.raises(ValueError, match="category"):
        ratio("x", "x", "liquidity-ish", "x", direction="higher", unit="percent", explanation="x", why="x")


# --- at scale: the SimFin panel (benchmark data, present only beside the project) ---------------


def simfin_module():
    spec = importlib.util.spec_from_file_location("bench_simfin", ROOT / "bench" / "simfin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not module.available():
        pytest.skip(f"SimFin bulk files not found in {module.SIMFIN} (shared/realdata is not beside this clone)")
    return module


def test_simfin_panel_whole_catalogue():
    simfin = simfin_module()
    panel = simfin.load_panel()
    assert panel.index.names == ["company", "fiscal_year"]
    assert len(panel) == 11927 and panel.index.get_level_values(0).nunique() == 2738
    # costs stored positive after the flip
    assert (panel["cost_of_revenue"].dropna() >= 0).mean() > 0.99
    assert (panel["capital_expenditure"].dropna() >= 0).mean() > 0.95
    for average in (False, True):
        result = compute_panel(panel, average_balances=average)
        assert not np.isinf(result.values.to_numpy()).any()
        assert (result.values.isna() == result.reasons.notna()).all().all()
    # one figure checked by hand: Agilent (A), FY2018
    row = panel.loc[("A", 2018)]
    value = compute_panel(panel, ["gross_margin"]).values.loc[("A", 2018), "gross_margin"]
    assert value == pytest.approx(2680000000 / 4914000000)
    assert row["cost_of_revenue"] == 2234000000


# --- companies from the bundled data ------------------------------------------------------------


def test_several_companies_give_the_same_values_as_one():
    import finlit

    apple, microsoft = finlit.load("AAPL"), finlit.load("MSFT")
    both = finlit.compute_ratios([apple, microsoft], ["gross_margin", "revenue_growth"])
    alone = finlit.compute_ratios(microsoft, ["gross_margin", "revenue_growth"])
    for year in alone.result.values.index:
        for key in ("gross_margin", "revenue_growth"):
            a, b = alone.value(key, year), both.value(key, year, company="MSFT")
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)
            assert alone.reason(key, year) == both.reason(key, year, company="MSFT")
    first = int(min(alone.result.values.index))
    assert both.reason("revenue_growth", first, company="MSFT") == "previous year's revenue not available"
