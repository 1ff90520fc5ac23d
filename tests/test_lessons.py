"""The lessons' calculators and words on real and hand-computed values: percent of sales that
adds up, a day of DSO valued once, the ERP case from one source, the capitalisation rule change,
and explanations that leave their definitions to one glossary per notebook."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

import finlit
from finlit import learn
from finlit.errors import InputError
from finlit.explain import GLOSSARY, Explanation
from finlit.explain.glossary import active_document, end_document, start_document
from finlit.itspend.analysis import COST_ITEMS, DA_MEMO, OTHER_COSTS, day_of_sales, percent_of_sales
from finlit.itspend.business_case import larkspur_erp


ROOT = Path(__file__).resolve().parents[1]


# --- percent of sales: the cost rows add up; depreciation is a memo line ----------------------

COST_ROWS = ["Cost of revenue", "Research and development", "Selling, general and admin.", OTHER_COSTS]


@pytest.mark.parametrize("ticker", [c.ticker for c in finlit.companies()])
def test_percent_of_sales_cost_rows_add_up_to_revenue_minus_operating_income(ticker):
    co = finlit.load(ticker)
    frame = percent_of_sales(co).frame.astype(float)
    if "Operating income" not in frame.index or "Cost of revenue" not in frame.index:
        pytest.skip(f"{ticker} reports no cost of revenue or operating income")
    costs = frame.loc[[r for r in COST_ROWS if r in frame.index]].fillna(0).sum()
    for column in frame.columns:
        if math.isnan(frame.loc["Operating income", column]):
            continue
        assert costs[column] == pytest.approx(1 - frame.loc["Operating income", column], abs=1e-3), column
    if DA_MEMO in frame.index:
        assert frame.index[-1] == DA_MEMO and "memo" in DA_MEMO and "already" in DA_MEMO


def test_percent_of_sales_apple_by_hand():
    """Apple FY2023 (10-K): revenue 383,285; cost of sales 214,137; R&D 29,915; SG&A 24,932;
    operating income 114,301 ($ millions). Depreciation and amortization (11,519, from the
    cash-flow statement) is inside those costs: adding it as another row would count it twice."""
    apple = finlit.load("AAPL")
    f = percent_of_sales(apple, [2023]).frame["FY2023"].astype(float)
    revenue = apple.get("revenue", 2023)
    assert f["Cost of revenue"] == pytest.approx(apple.get("cost_of_revenue", 2023) / revenue)
    assert f["Cost of revenue"] + f["Research and development"] + f["Selling, general and admin."] == \
        pytest.approx(1 - f["Operating income"], abs=1e-4)
    assert OTHER_COSTS not in f.index                   # Apple names all its operating costs
    assert f[DA_MEMO] == pytest.approx(apple.get("depreciation_amortization", 2023) / revenue)
    assert "Depreciation and amortization" not in f.index   # only as the memo line


def test_percent_of_sales_larkspur_names_the_rest_of_its_costs():
    """Larkspur reports depreciation as its own line inside operating expenses (R&D + SG&A +
    D&A): the rest of its costs is exactly that line, shown once as a cost and once as memo."""
    lark = finlit.load("LARKSPUR")
    f = percent_of_sales(lark, [2025]).frame["FY2025"].astype(float)
    assert f[OTHER_COSTS] == pytest.approx(f[DA_MEMO], abs=1e-3)
    rest = (lark.get("revenue", 2025) - lark.get("operating_income", 2025)
            - sum(lark.get(k, 2025) for k in COST_ITEMS)) / lark.get("revenue", 2025)
    assert f[OTHER_COSTS] == pytest.approx(rest)


# --- a day of DSO: cash once, interest every year ----------------------------------------------

def test_a_day_of_dso_is_cash_once_and_interest_every_year():
    v = day_of_sales(1e9, 0.05)
    assert v["cash_released_once"] == pytest.approx(1e9 / 365)            # 2,739,726
    assert v["yearly_saving"] == pytest.approx(1e9 / 365 * 0.05)          # 136,986
    assert day_of_sales(1e9, 0.0)["yearly_saving"] == 0
    with pytest.raises(InputError, match="revenue above zero"):
        day_of_sales(0, 0.05)
    e = learn.explain_day_of_sales(finlit.load("LARKSPUR"), 2025, 0.06)
    assert "once" in e.text and "not a gain every year" in e.text and "6% a year (an assumption)" in e.text
    lark_daily = finlit.load("LARKSPUR").get("revenue", 2025) / 365
    assert e.value == pytest.approx(lark_daily)
    assert f"${round(lark_daily * 0.06):,}" in e.text


# --- the ERP case: one source, the IT budget agrees, the words are honest ------------------------

def test_the_erp_figures_have_one_source_that_agrees_with_the_it_budget():
    """data/teaching/larkspur_erp.toml is the ERP project's one source; its capitalised
    (development) amounts are the IT budget's ERP capex rows, year by year."""
    from finlit.itbudget import bundled_it_budget

    erp = larkspur_erp()
    budget = bundled_it_budget("LARKSPUR")
    rows = budget[budget["note"].str.contains("ERP") & (budget["kind"] == "capex")]
    by_year = rows.groupby("fiscal_year")["amount"].sum().to_dict()
    development = {y: s["development"] for y, s in erp.costs.items() if "development" in s}
    assert {int(y): float(v) for y, v in by_year.items()} == {y: float(v) for y, v in development.items()}
    assert erp.costs[2022] == {"preliminary": 400_000} and erp.costs[2025]["post_implementation"] == 600_000
    assert erp.total_cost == 7_200_000 and learn.LARKSPUR_ERP == erp.costs


def test_the_erp_case_is_the_same_in_notebook_06_07_and_workshop_w4():
    from finlit.workshop import exercises

    erp = larkspur_erp()
    assert exercises.erp_cashflows() == erp.cashflows()
    assert exercises.get("w4", 6).expected_value() == erp.project().npv
    cap = erp.capitalisation().frame
    assert cap["capitalised"].sum() == sum(s.get("development", 0) for s in erp.costs.values())
    assert -cap["cash_out"].sum() == erp.total_cost                 # the same cash either way
    assert list(cap.index)[0] == erp.years[0] and cap.loc[erp.go_live, "amortisation"] == pytest.approx(
        6_200_000 / erp.useful_life)


def test_explain_project_says_what_would_have_to_change():
    erp = larkspur_erp()
    e = learn.explain_project(erp.project(), "The ERP project")
    assert "costs $7.2 million and brings back $8.0 million" in e.text
    assert "-$901,033" in e.text and "destroys value" in e.text and "3.2%" in e.text
    assert "benefits would have to be 16% larger" in e.text      # 1.863M / 1.6M − 1
    assert larkspur_erp(yearly_saving=1.6e6 * 1.1645).project().npv == pytest.approx(0, abs=2_000)
    good = learn.explain_project(larkspur_erp(yearly_saving=2_000_000).project(), "It")
    assert "would have to be" not in good.text and "earns more than money costs" in good.text


def test_break_even_table_reads_the_case():
    t = learn.break_even_table(larkspur_erp())
    f = t.frame
    assert f.loc["years of savings", "needed to break even"] == 7
    assert f.loc["discount rate (the IRR)", "needed to break even"] == pytest.approx(larkspur_erp().project().irr)
    assert "$1.9 million" in t._repr_html_()


# --- capitalisation: the stages of ASC 350-40 and ASU 2025-06 -----------------------------------

def test_the_capitalisation_lesson_names_asu_2025_06_and_its_dates():
    from finlit.itspend.accounting import ASU_2025_06, CAPITALISATION_RULES

    assert "2025-06" in ASU_2025_06 and "Subtopic 350-40" in ASU_2025_06 and "September 2025" in ASU_2025_06
    for words in ("ASU 2025-06", "15 December 2027", "probable", "funded", "sooner"):
        assert words in CAPITALISATION_RULES, words
    assert CAPITALISATION_RULES in learn.capitalise_software({2023: {"development": 1.0}}).notes
    text = learn.explain_capitalisation(larkspur_erp()).text
    assert "ASU 2025-06" in text and "15 December 2027" in text and "ASC 350-40" in text
    notebook = " ".join((ROOT / "notebooks" / "06_capex_vs_opex.md").read_text(encoding="utf-8").split())
    assert "ASU 2025-06" in notebook and "15 December 2027" in notebook and "probable to complete" in notebook


# --- one glossary per notebook ------------------------------------------------------------------

def test_a_notebook_document_shows_explanations_without_definitions_and_one_glossary():
    end_document()
    e = Explanation("Profit", "Gross margin grew; EBITDA fell.")
    assert "<dd>" in e._repr_html_()                        # outside a notebook: as before
    import plotly.io as pio

    renderer = pio.renderers.default                         # setup() sets it; put it back after
    learn.setup()
    try:
        doc = active_document()
        shown = e._repr_html_()
        assert "<dd>" not in shown and "<dfn" in shown          # tooltips only
        Explanation("Cash", "Free cash flow rose.")._repr_html_()
        assert doc.terms[:2] == ["gross margin", "EBITDA"] and "free cash flow" in doc.terms
        section = learn.glossary()
        html = section._repr_html_()
        assert html.count('class="finlit-glossary"') == 1
        for key in doc.terms:
            assert html.count(f"<dt>{GLOSSARY[key].term}</dt>") == 1
        assert section.keys == sorted(doc.terms, key=lambda k: GLOSSARY[k].term.lower())
        learn.setup()                                            # a re-run starts afresh
        assert active_document().terms == []
    finally:
        end_document()
        pio.renderers.default = renderer
