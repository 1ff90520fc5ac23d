"""Lessons 09–13 on hand-computed values: the three statements linked (roll-forwards from one
balance sheet to the next, on Apple's FY2025 10-K figures), DuPont matching finlit's ratio table,
Snowflake's loss against its cash, leases under ASC 842 and a cloud commitment, Larkspur's IT
budget against plan and its forecast; the words read at grade 10 or below; every "try it
yourself" has an answer the learner reveals, with money kept as money."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import finlit
from finlit import learn
from finlit.errors import InputError
from finlit.explain.text import flesch_kincaid_grade
from finlit.itbudget import bundled_it_budget, totals

ROOT = Path(__file__).resolve().parents[1]
MAX_GRADE = 10.0
M = 1e6
APPLE = finlit.load("AAPL")


# --- 09: the three statements link ---------------------------------------------------------------

def test_apple_fy2025_retained_earnings_by_hand():
    """Apple FY2025 10-K ($ millions): accumulated deficit −19,154 → −14,264; net income 112,010,
    dividends 15,421, buybacks 90,711. −19,154 + 112,010 − 15,421 − 90,711 = −13,276, so 988
    is left to 'other' (shares withheld for employees' tax and the like), shown, not hidden."""
    b = learn.retained_earnings_bridge(APPLE, 2025)
    assert (b.start / M, b.end / M) == (-19_154, -14_264)
    assert [v / M for v in b.steps.values()] == [112_010, -15_421, -90_711]
    assert b.explained_end / M == pytest.approx(-13_276)
    assert b.difference / M == pytest.approx(-988) and not b.ties
    frame = b.table().frame
    assert frame.loc["other (not in these lines)", "FY2025"] / M == pytest.approx(-988)
    assert frame["FY2025"].iloc[:-1].sum() == pytest.approx(b.end)      # the rows add up to the end


def test_apple_fy2025_cash_roll_forward_ties_to_the_dollar():
    """29,943 + 111,482 + 15,195 − 120,686 = 35,934: Apple's cash-flow statement explains all of it."""
    b = learn.cash_roll_forward(APPLE, 2025)
    assert b.start / M == 29_943 and b.end / M == 35_934
    assert (29_943 + 111_482 + 15_195 - 120_686) == 35_934
    assert b.difference == pytest.approx(0, abs=1) and b.ties
    assert "explain the whole change" in learn.explain_bridge(b).text


def test_apple_fy2025_ppe_and_equity_roll_forwards_by_hand():
    ppe = learn.ppe_roll_forward(APPLE, 2025)               # 45,680 + 12,715 − 11,698 = 46,697 → 49,834
    assert ppe.difference / M == pytest.approx(49_834 - 46_697)
    eq = learn.equity_roll_forward(APPLE, 2025)             # 56,950 + 112,010 − 15,421 − 90,711 + 12,863
    assert eq.explained_end / M == pytest.approx(75_691) and eq.difference / M == pytest.approx(-1_958)


def test_larkspur_ties_by_construction_and_keeps_buybacks_in_treasury_stock():
    lark = finlit.load("LARKSPUR")
    for year in lark.years[1:]:
        assert learn.cash_roll_forward(lark, year).difference == pytest.approx(0, abs=1), year
        assert learn.equity_roll_forward(lark, year).difference == pytest.approx(0, abs=1), year
        re_ = learn.retained_earnings_bridge(lark, year)
        assert re_.difference == pytest.approx(lark.get("share_repurchases", year), abs=1), year
    text = learn.explain_bridge(learn.retained_earnings_bridge(lark, 2025)).text
    assert "treasury stock" in text


def test_a_roll_forward_refuses_what_it_cannot_compute():
    with pytest.raises(InputError, match="FY2016 and the year before"):
        learn.cash_roll_forward(APPLE, 2016)
    with pytest.raises(InputError, match="no cash from operations"):
        learn.cash_roll_forward(finlit.load("JPM"))
    snow = learn.retained_earnings_bridge(finlit.load("SNOW"), 2025)   # Snowflake pays no dividend
    assert snow.assumed_zero == ["Dividends paid"] and snow.steps["dividends paid"] == 0
    assert any("counted as nothing" in n for n in snow.table().notes)


# --- 10: DuPont ----------------------------------------------------------------------------------

def test_dupont_apple_fy2025_by_hand_matches_the_ratio_table():
    """Net margin 112,010/416,161 × turnover 416,161/359,241 × multiplier 359,241/73,733 =
    112,010/73,733 = 151.9%, the ROE of finlit's ratio table."""
    row = learn.dupont(APPLE).frame.loc["FY2025"]
    assert row["net margin"] == pytest.approx(112_010 / 416_161)
    assert row["asset turnover"] == pytest.approx(416_161 / 359_241)
    assert row["equity multiplier"] == pytest.approx(359_241 / 73_733)
    assert row["ROE (the three multiplied)"] == pytest.approx(112_010 / 73_733)
    assert row["ROE (the three multiplied)"] == pytest.approx(APPLE.ratios().value("return_on_equity", 2025))
    alphabet = learn.dupont_compare([APPLE, "GOOGL"], 2025).frame["Alphabet Inc. FY2025"]
    assert alphabet["equity multiplier"] == pytest.approx(595_281 / 415_265)


def test_dupont_says_a_high_roe_comes_from_small_equity_and_refuses_negative_equity():
    text = learn.explain_dupont(APPLE, 2025).text
    assert "151.9%" in text and "4.87" in text and "small base" in text
    sbux = learn.explain_dupont(finlit.load("SBUX"))
    assert sbux.reason and "means nothing" in sbux.text
    assert learn.dupont(finlit.load("SBUX")).frame["ROE (the three multiplied)"].isna().iloc[-1]


# --- 11: stock-based compensation ---------------------------------------------------------------

def test_snowflake_fy2025_loss_and_cash_by_hand():
    """Snowflake FY2025 10-K ($ thousands): net loss 1,285,640; SBC 1,479,314; D&A 182,508;
    operating cash flow 959,764; capex 46,279. Other items: 959,764 + 1,285,640 − 1,479,314
    − 182,508 = 583,582. FCF 913,485; FCF − SBC = −565,829."""
    snow = finlit.load("SNOW")
    b = learn.operating_cash_bridge(snow, 2025)
    assert b.difference / 1e3 == pytest.approx(583_582)
    f = learn.sbc_table(snow).frame.loc["FY2025"]
    assert f["free cash flow"] / 1e3 == pytest.approx(913_485)
    assert f["FCF minus SBC"] / 1e3 == pytest.approx(-565_829)
    assert f["SBC % of revenue"] == pytest.approx(1_479_314 / 3_626_396)
    text = learn.explain_sbc(snow, 2025).text
    assert "lost $1.3 billion, yet brought in $960 million" in text and "$1.5 billion in shares" in text
    assert "-$566 million" in text


def test_notebook_03s_snowflake_question_is_answered_in_lesson_11():
    source = (ROOT / "notebooks" / "03_cash_flow.md").read_text(encoding="utf-8")
    assert 'Set `company = "SNOW"`: a company with a loss but positive cash flow' in source
    answers = learn.try_it("11")
    assert "Notebook 03 asked" in answers.items[0][0]
    assert "stock-based compensation" in answers.answers[0] and "no cash left" in answers.answers[0]


# --- 12: leases and a cloud commitment -----------------------------------------------------------

def test_lease_present_value_and_finance_schedule_by_hand():
    """1,500,000 × (1 − 1.06⁻⁵) / 0.06 = 6,318,545.7; servers 600,000 × (1 − 1.06⁻⁴) / 0.06 =
    2,079,063.4, year 1 interest 6% of that = 124,743.8, amortisation ÷ 4 = 519,765.9."""
    warehouse, servers = learn.larkspur_leases()
    assert warehouse.liability == pytest.approx(6_318_545.7, abs=0.1)
    assert servers.liability == pytest.approx(2_079_063.4, abs=0.1)
    first = servers.frame.loc[1]
    assert first["interest"] == pytest.approx(124_743.8, abs=0.1)
    assert first["amortisation"] == pytest.approx(519_765.9, abs=0.1)
    for s in (warehouse, servers):                       # same cash, same total cost, nothing owed at the end
        assert s.frame["lease cost"].sum() == pytest.approx(s.payment * s.years)
        assert s.frame["liability, year end"].iloc[-1] == 0 and s.frame["asset, year end"].iloc[-1] == 0
    assert list(warehouse.frame["lease cost"]) == [1_500_000.0] * 5
    assert servers.frame["lease cost"].is_monotonic_decreasing
    assert learn.larkspur_leases(0.08)[0].liability == pytest.approx(learn.present_value(1_500_000, 5, 0.08))
    with pytest.raises(InputError, match="operating' or 'finance"):
        learn.lease_schedule(1, 1, 0.05, "capital")


def test_cloud_commitment_shortfall_and_saving_by_hand():
    """Commit 5.0m a year; use 4.3m, 5.0m, 5.6m → pay 5.0 + 5.0 + 5.6 = 15.6m; pay-as-you-go at
    15% off would be 14.9m / 0.85 = 17,529,411.8; saving 1,929,411.8; shortfall 700,000."""
    c = learn.larkspur_cloud_commitment()
    assert list(c.frame["shortfall"]) == [700_000, 0, 0]
    assert c.frame["cost"].sum() == 15_600_000
    assert c.saving == pytest.approx(14_900_000 / 0.85 - 15_600_000)
    assert c.yearly > float(totals(bundled_it_budget("LARKSPUR")).loc[2025, "cloud"])   # 5.0m over 4.8m used
    with pytest.raises(InputError, match="one expected use per year"):
        learn.cloud_commitment(1, 3, [1, 2])


def test_notebook_12s_snowflake_figures_are_the_ones_in_its_filing(realdata):
    """The lease liability and purchase obligations notebook 12 quotes for Snowflake are its
    FY2025 10-K values in SEC companyfacts (not in the bundled data, so the text states them)."""
    import json

    facts = json.loads((realdata / "sec_companyfacts" / "SNOW_CIK0001640147_fixture.json").read_text())
    gaap = facts["facts"]["us-gaap"]

    def fy2025(tag):
        [value] = {f["val"] for f in gaap[tag]["units"]["USD"]
                   if f.get("form") == "10-K" and f["end"] == "2025-01-31"}
        return value

    lease, purchases = fy2025("OperatingLeaseLiability"), fy2025("PurchaseObligation")
    text = " ".join((ROOT / "notebooks" / "12_leases_and_commitments.md").read_text(encoding="utf-8").split())
    assert f"{lease / 1e6:.0f} million dollars of operating lease liabilities" in text      # 413,741,000
    assert f"{purchases / 1e9:.1f} billion dollars of purchase obligations" in text        # 2,767,167,000


# --- 13: the IT budget against plan, and a forecast ----------------------------------------------

def test_variance_against_plan_by_hand():
    """FY2025 plan 27,500,000 (data/teaching/larkspur_it_plan.toml) against actual 27,870,000
    (data/it_budgets/LARKSPUR.csv): cloud 4,800,000 − 4,200,000 = 600,000 over (unfavourable);
    hardware 420,000 + 1,700,000 − (450,000 + 2,000,000) = −330,000 (favourable)."""
    t = learn.variance_table(learn.larkspur_plan(), "LARKSPUR", 2025)
    f = t.frame
    assert f.loc["total", "plan"] == 27_500_000 and f.loc["total", "actual"] == 27_870_000
    assert f.loc["cloud", "variance"] == 600_000 and f.loc["cloud", "verdict"] == "unfavourable"
    assert f.loc["hardware", "variance"] == -330_000 and f.loc["hardware", "verdict"] == "favourable"
    assert f.loc["total", "variance % of plan"] == pytest.approx(370_000 / 27_500_000)
    assert f.drop(index="total")["variance"].sum() == f.loc["total", "variance"]
    assert "$10,700,000" in t._repr_html_()            # budget money to the dollar, not "$11 million"
    with pytest.raises(InputError, match="no FY2019"):
        learn.variance_table(learn.larkspur_plan(), "LARKSPUR", 2019)


def test_months_add_up_to_the_budget_and_forecasts_by_hand():
    """FY2025's months add up to Larkspur's FY2025 IT spend. FY2026 Jan–Jun = 14,200,000:
    run rate 14.2m ÷ 6 × 12 = 28.4m; last year's Jan–Jun were 13,410,000 of 27,870,000, so
    the seasonal forecast is 14.2m × 27.87 / 13.41 = 29,511,857."""
    months = learn.larkspur_months()
    assert sum(months[2025].values()) == finlit.load("LARKSPUR").get("it_spend", 2025)
    f = learn.larkspur_forecast()
    assert f.to_date == 14_200_000 and f.run_rate == pytest.approx(28_400_000)
    assert f.seasonal == pytest.approx(14_200_000 * 27_870_000 / 13_410_000)
    assert round(f.seasonal) == 29_511_857 and f.plan == 29_000_000
    assert list(f.table().frame["verdict"]) == ["favourable", "unfavourable"]
    with pytest.raises(InputError, match="unknown month 'Janvier'"):
        learn.forecast({"Janvier": 1}, months[2025], 1, 2026)


# --- words, charts and reveal-able answers -------------------------------------------------------

def _lesson_explanations():
    out = []
    for c in finlit.companies():
        co = finlit.load(c.ticker)
        for make in (learn.retained_earnings_bridge, learn.equity_roll_forward, learn.cash_roll_forward,
                     learn.ppe_roll_forward, learn.operating_cash_bridge):
            try:
                out.append((c.ticker, learn.explain_bridge(make(co))))
            except InputError:
                continue
        for explain in (learn.explain_dupont, learn.explain_sbc):
            try:
                out.append((c.ticker, explain(co)))
            except InputError:
                continue
    leases = learn.explain_leases(*learn.larkspur_leases(), commitment=learn.larkspur_cloud_commitment())
    out.append(("LARKSPUR", leases))
    out.append(("LARKSPUR", learn.explain_variance(learn.variance_table(learn.larkspur_plan(), "LARKSPUR", 2025))))
    out.append(("LARKSPUR", learn.explain_forecast(learn.larkspur_forecast())))
    return out


def test_the_new_explanations_read_at_grade_10_or_below():
    explanations = _lesson_explanations()
    assert len(explanations) > 60
    too_hard = [(t, e.title, round(flesch_kincaid_grade(e.text), 1)) for t, e in explanations
                if flesch_kincaid_grade(e.text) > MAX_GRADE or e.grade() > MAX_GRADE]
    assert not too_hard


LESSONS = ["09", "10", "11", "12", "13"]


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_try_it_question_has_a_folded_answer_with_money_as_money(lesson):
    t = learn.try_it(lesson)
    assert len(t.items) >= 3
    html = t._repr_html_()
    assert html.count('<details class="finlit-answer">') == len(t.items) == html.count("Show the answer")
    assert "mathjax_ignore" in html and "tex2jax_ignore" in html       # "$2 million … $500,000" stays money
    for question, answer in t.items:
        assert answer and flesch_kincaid_grade(answer) <= MAX_GRADE, answer
        assert answer not in question
    assert all("Answer:" in line for line in str(t).splitlines() if line.startswith("   "))
    with pytest.raises(InputError, match="use one of 09"):
        learn.try_it("99")


def test_try_it_answers_compute_their_figures_from_the_data():
    goog = learn.ppe_roll_forward(finlit.load("GOOGL"))
    assert f"${goog.steps['capital expenditure'] / 1e9:.1f} billion" in learn.try_it("09").answers[1]
    assert "$6.0 million" in learn.try_it("12").answers[0]            # 5,989,065 at 8%
    assert "48.1%" in learn.try_it("13").answers[2] and "$29.5 million" in learn.try_it("13").answers[2]


def test_the_new_charts_draw_the_numbers_they_are_given():
    b = learn.cash_roll_forward(APPLE, 2025)
    fig = learn.bridge_chart(b)
    assert list(fig.data[0].customdata) == [b.start, *b.steps.values(), b.difference, b.end]
    fig = learn.variance_chart(learn.variance_table(learn.larkspur_plan(), "LARKSPUR", 2025))
    assert "total" not in list(fig.data[0].y)
    fig = learn.forecast_chart(learn.larkspur_forecast())
    run = [t for t in fig.data if t.name == "Run-rate forecast"][0]
    assert run.y[-1] * 1e6 == pytest.approx(28_400_000)
    seasonal = [t for t in fig.data if t.name == "Seasonal forecast"][0]
    assert seasonal.y[-1] * 1e6 == pytest.approx(learn.larkspur_forecast().seasonal)


def test_new_lessons_are_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("09_three_statements_link", "10_dupont_roe", "11_stock_based_compensation",
                 "12_leases_and_commitments", "13_it_budget_variance"):
        assert f"`{name}.ipynb`" in readme, name
        assert (ROOT / "notebooks" / f"{name}.md").is_file() and (ROOT / "notebooks" / f"{name}.ipynb").is_file()
    assert re.search(r"Thirteen numbered notebooks", readme)
