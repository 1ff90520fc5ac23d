"""Cloud versus on-premises, and project payback, ROI, NPV and IRR on hand-computed cases."""
from __future__ import annotations

import math

import pytest

from finlit.errors import InputError
from finlit.itspend.scenarios import cloud_vs_onprem, irr, npv, project


def test_npv_of_a_three_year_project_from_the_formula():
    flows, r = [-1000.0, 400.0, 500.0, 300.0], 0.07
    expected = -1000 + 400 / 1.07 + 500 / 1.07 ** 2 + 300 / 1.07 ** 3
    assert npv(r, flows) == pytest.approx(expected, rel=1e-12)
    assert npv(0.0, flows) == pytest.approx(200.0)


def test_irr_known_cases_and_npv_zero():
    assert irr([-100, 110]) == pytest.approx(0.10, abs=1e-9)
    assert irr([-100, 0, 121]) == pytest.approx(0.10, abs=1e-9)
    # annuity: 1000 now for 3 × 500 → 23.3752%
    rate = irr([-1000, 500, 500, 500])
    assert rate.reason is None and rate.found and rate == pytest.approx(0.2337519, abs=1e-6)
    flows = [-2_900_000, -3_100_000] + [1_600_000] * 5
    rate = irr(flows)
    assert abs(npv(rate, flows)) < 1e-3
    # a loss: negative IRR is found too
    rate = irr([-100, 50, 40])
    assert rate < 0 and abs(npv(rate, [-100, 50, 40])) < 1e-9


def test_irr_without_a_single_answer_gives_a_reason():
    assert math.isnan(irr([100, 50])) and "never turn negative" in irr([100, 50]).reason
    assert "never pays back" in irr([-100, -50]).reason
    rate = irr([-100, 230, -132])   # roots at 10% and 20%
    assert math.isnan(rate) and not rate.found and "several IRRs (10.0%, 20.0%)" in rate.reason
    assert "at least two" in irr([-5]).reason


def test_irr_shows_itself_in_words_and_stays_a_number():
    """A notebook showed `irr(flows)` as a raw tuple `(0.0879…, None)`; now it reads as words,
    and every use of it as a number (arithmetic, formats, comparisons, pandas, pickling,
    the project table and the chart caption) still works."""
    import pickle

    import pandas as pd

    from finlit.itspend.scenarios import IRR

    rate = irr([-1000, 500, 500, 500])
    assert isinstance(rate, float) and isinstance(rate, IRR)
    assert repr(rate) == "IRR 23.4% a year" and "IRR 23.4% a year" in rate._repr_html_()
    assert f"{rate:.2%}" == "23.38%" and str(rate) == repr(float(rate)) and rate * 2 == 2 * float(rate)
    assert round(rate, 4) == 0.2338 and rate > 0.2 and float(rate) == rate.rate
    none = irr([100, 50])
    assert repr(none).startswith("IRR not available: the cash flows never turn negative")
    assert "&lt;" not in none._repr_html_() and "<strong>" in none._repr_html_()
    assert repr(IRR(float("nan"), "<b>x</b>")).endswith("<b>x</b>") and "&lt;b&gt;" in IRR(float("nan"), "<b>x</b>")._repr_html_()
    back = pickle.loads(pickle.dumps(none))
    assert back.reason == none.reason and math.isnan(back)
    assert pd.Series([rate, 0.1]).dtype == "float64"
    p = project([-1000, 500, 500, 500], rate=0.1)
    assert isinstance(p.irr, IRR) and p.irr == rate


def test_project_payback_roi_npv_irr_worked_example():
    """Hand-computed on the licences and implementation alone (not the whole ERP case)."""
    flows = [-2_900_000, -3_100_000] + [1_600_000] * 5
    p = project(flows, rate=0.08, start_year=2023)
    assert p.roi == pytest.approx((8_000_000 - 6_000_000) / 6_000_000)
    assert p.npv == pytest.approx(npv(0.08, flows))
    assert p.npv == pytest.approx(144_755.61, abs=0.01)
    assert p.irr == pytest.approx(0.0880, abs=1e-4)
    # cumulative: -2.9, -6.0, -4.4, -2.8, -1.2, +0.4 → turns in year 5: 4 + 1.2/1.6
    assert p.payback_years == pytest.approx(4.75)
    assert 5 < p.discounted_payback_years < 6
    assert list(p.frame.index) == list(range(2023, 2030))
    assert p.frame.loc[2028, "cumulative"] == pytest.approx(400_000)
    assert p.reasons == {}


def test_project_that_never_pays_back():
    p = project([-1000, 100, 100], rate=0.05)
    assert math.isnan(p.payback_years) and "does not pay back" in p.reasons["payback_years"]
    assert p.roi == pytest.approx(-0.8) and p.npv < 0


def test_project_roi_counts_the_costs_inside_a_year_that_nets_a_saving():
    """A year that saves 60 and spends 10 shows +50 net. ROI counts the 10 as a cost and the 60
    as a benefit: (60 + 60 − 100 − 10) / (100 + 10) = 9.1%, not the 10% of the net flows."""
    p = project([-100, 50, 60], rate=0.0, costs=[100, 10, 0])
    assert p.roi == pytest.approx(10 / 110)
    assert list(p.frame["benefit"]) == [0, 60, 60] and list(p.frame["cost"]) == [100, 10, 0]
    assert project([-100, 50, 60], rate=0.0).roi == pytest.approx(10 / 100)   # net flows only
    with pytest.raises(InputError, match="one amount"):
        project([-100, 40], rate=0.0, costs=[100])


def test_the_whole_erp_case_hand_computed():
    """Larkspur's ERP project, every cost counted (data/teaching/larkspur_erp.toml): NPV at 8%
    from FY2022, IRR, payback, ROI by hand. It does not pay at 8%; only the licences and
    implementation (the old case) would have shown NPV +144,756 and IRR 8.8%."""
    from finlit.itspend.business_case import break_even, larkspur_erp

    erp = larkspur_erp()
    flows = [-0.4e6, -2.9e6, -3.1e6, -0.2e6 - 0.6e6 + 1.6e6, 1.6e6, 1.6e6, 1.6e6, 1.6e6]
    assert erp.cashflows() == pytest.approx(flows) and erp.years == list(range(2022, 2030))
    p = erp.project()
    by_hand = sum(f / 1.08 ** t for t, f in enumerate(flows))
    assert p.npv == pytest.approx(by_hand) and round(p.npv) == -901_033
    assert abs(npv(p.irr, flows)) < 1e-3 and p.irr == pytest.approx(0.03166, abs=1e-4)
    # cumulative: -0.4, -3.3, -6.4, -5.6, -4.0, -2.4, -0.8, +0.8 → turns in FY2029: 6 + 0.8/1.6
    assert p.payback_years == pytest.approx(6.5)
    assert math.isnan(p.discounted_payback_years)
    assert p.roi == pytest.approx((8.0 - 7.2) / 7.2)
    # break even at 8%: the saving that makes PV(savings) = PV(costs)
    savings_pv = sum(1.6e6 / 1.08 ** t for t in range(3, 8))
    costs_pv = savings_pv - by_hand
    b = break_even(erp)
    assert b["yearly_saving"] == pytest.approx(1.6e6 * costs_pv / savings_pv) and b["saving_years"] == 7
    assert larkspur_erp(saving_years=7).project().npv > 0 > larkspur_erp(saving_years=6).project().npv
    old = project([-2.9e6, -3.1e6] + [1.6e6] * 5, 0.08, 2023)
    assert round(old.npv) == 144_756 and round(old.irr, 3) == 0.088


@pytest.mark.parametrize("flows, rate, message", [
    ([-1], 0.1, "at least two cash flows"),
    ([-1, float("nan")], 0.1, "must all be numbers"),
    ([-1, 2], -1.5, "more than -1"),
    ([-1, 2], "x", "not a number"),
])
def test_project_bad_input(flows, rate, message):
    with pytest.raises(InputError, match=message):
        project(flows, rate)


def test_cloud_versus_onprem_year_by_year():
    s = cloud_vs_onprem(hardware_cost=900_000, useful_life=3, cloud_cost_per_year=350_000,
                        onprem_running_cost_per_year=40_000, years=4, cloud_growth=0.10)
    f = s.frame
    # on-premises: depreciation 300,000 for 3 years, then 0
    assert list(f["onprem_depreciation"]) == [300_000, 300_000, 300_000, 0]
    assert list(f["onprem_ebitda"]) == [-40_000] * 4
    assert list(f["onprem_operating_income"]) == [-340_000, -340_000, -340_000, -40_000]
    assert list(f["onprem_free_cash_flow"]) == [-940_000, -40_000, -40_000, -40_000]
    assert list(f["onprem_cumulative_cash"]) == [-940_000, -980_000, -1_020_000, -1_060_000]
    # cloud: the subscription hits EBITDA, operating income and cash alike, growing 10% a year
    cloud = [-350_000, -385_000, -423_500, -465_850]
    for column in ("cloud_ebitda", "cloud_operating_income", "cloud_free_cash_flow"):
        assert list(f[column]) == pytest.approx(cloud)
    assert f["cloud_cumulative_cash"].iloc[-1] == pytest.approx(sum(cloud))
    # cloud uses less cash in years 1–2, on-premises from year 3 on
    assert s.cash_breakeven_year == 3
    assert s.total_cash["onprem"] == -1_060_000


def test_cloud_versus_onprem_defaults_and_bad_input():
    s = cloud_vs_onprem(100, 4, 50)
    assert len(s.frame) == 4 and s.cash_breakeven_year == 3   # equal cash in year 2 is not cheaper
    assert cloud_vs_onprem(100, 2, 10).cash_breakeven_year is None
    with pytest.raises(InputError, match="useful life is 0"):
        cloud_vs_onprem(100, 0, 10)
    with pytest.raises(InputError, match="hardware cost is -1"):
        cloud_vs_onprem(-1, 3, 10)
    with pytest.raises(InputError, match="not a whole number"):
        cloud_vs_onprem(100, 2.5, 10)
