"""IT spend versus revenue: benchmarks as data, the three sources, the views, bad input, CLI."""
from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

import finlit
from finlit.cli import main
from finlit.company import Company, CompanyInfo
from finlit.errors import InputError
from finlit.industries import INDUSTRIES
from finlit.itspend import (METRICS, POINT_TOLERANCE, Band, benchmark, benchmarks, check_industry,
                            compare_it_spend, industry_benchmarks, industry_for_sic, it_view,
                            margin_sensitivity, resolve_it_spend)
from finlit.itspend.benchmarks import _industry_rows

# --- benchmarks as data ----------------------------------------------------------------------

# every figure of FINANCE.md §4: (scope industry, size, measure, value, data year, source start)
FINANCE_FIGURES = [
    ("all", "all", "pct_revenue", 0.028, "2020", "Gartner IT Key Metrics Data 2021"),
    ("all", "all", "pct_opex", 0.037, "2020", "Gartner IT Key Metrics Data 2021"),
    ("all", "all", "per_employee", 9820, "2020", "Gartner IT Key Metrics Data 2021"),
    ("software_internet", "all", "pct_revenue", 0.067, "n.d.", "Gartner"),
    ("banking", "all", "pct_revenue", 0.063, "n.d.", "Gartner"),
    ("healthcare", "all", "pct_revenue", 0.032, "n.d.", "Gartner"),
    ("utilities", "all", "pct_revenue", 0.028, "n.d.", "Gartner"),
    ("transportation", "all", "pct_revenue", 0.026, "n.d.", "Gartner"),
    ("energy", "all", "pct_revenue", 0.011, "n.d.", "Gartner"),
    ("construction_materials", "all", "pct_revenue", 0.010, "n.d.", "Gartner"),
    ("retail", "all", "pct_revenue", 0.017, "2021", "Gartner IT Key Metrics Data 2022"),
    ("retail", "all", "per_employee", 5320, "2021", "Gartner IT Key Metrics Data 2022"),
    ("government", "all", "pct_opex", 0.041, "2017", "Gartner IT Key Metrics Data 2018"),
    ("government", "all", "per_employee", 8807, "2017", "Gartner IT Key Metrics Data 2018"),
    ("all", "all", "pct_revenue", 0.0328, "2016", "Deloitte"),
    ("all", "all", "pct_revenue", 0.0364, "2018", "Deloitte"),
    ("all", "all", "pct_revenue", 0.0425, "2020", "Deloitte"),
    ("all", "all", "pct_revenue", 0.0549, "2022", "Deloitte"),
    ("banking", "all", "pct_revenue", 0.0716, "2016", "Deloitte"),
    ("construction_materials", "all", "pct_revenue", 0.0151, "2016", "Deloitte"),
    ("all", "large", "pct_revenue", 0.082, "2019–20", "Flexera"),
    ("banking", "large", "pct_revenue", 0.10, "2019–20", "Flexera"),
    ("banking", "all", "pct_revenue", 0.105, "2007", "CIO.com"),
    ("government", "all", "pct_revenue", 0.078, "2007", "CIO.com"),
    ("education", "all", "pct_revenue", 0.062, "2007", "CIO.com"),
    ("healthcare", "all", "pct_revenue", 0.050, "2007", "CIO.com"),
    ("retail", "all", "pct_revenue", 0.039, "2007", "CIO.com"),
    ("manufacturing", "all", "pct_revenue", 0.034, "2007", "CIO.com"),
    ("all", "all", "pct_revenue", 0.067, "2007", "CIO.com"),
    ("all", "all", "pct_revenue", 0.016, "2011", "Computer Economics"),
    ("all", "all", "per_user", 6667, "2011", "Computer Economics"),
    ("all", "small", "pct_revenue", 0.069, "c. 2005", "Alinean"),
    ("all", "mid", "pct_revenue", 0.041, "c. 2005", "Alinean"),
    ("all", "large", "pct_revenue", 0.032, "c. 2005", "Alinean"),
]


@pytest.mark.parametrize("industry, size, measure, value, year, source", FINANCE_FIGURES)
def test_every_finance_figure_is_stored_with_its_source(industry, size, measure, value, year, source):
    hits = [b for b in benchmarks().values()
            if b.industry == industry and b.size == size and b.measure == measure
            and math.isclose(b.value, value) and b.data_year == year and b.source.startswith(source)]
    assert len(hits) == 1, (industry, measure, value)
    b = hits[0]
    assert b.statistic in ("median", "mean") and b.definition and b.scope


def test_no_benchmark_outside_finance_md():
    assert len(benchmarks()) == len(FINANCE_FIGURES)


def test_every_industry_key_maps_to_benchmarks():
    rows = _industry_rows()
    for key in INDUSTRIES:
        assert key in rows, key
        ib = industry_benchmarks(key)
        assert ib.estimate.measure == "pct_revenue" and ib.estimate in ib.figures
        assert all(b.measure == "pct_revenue" for b in ib.figures)
        assert [b.value for b in ib.figures] == sorted(b.value for b in ib.figures)
    assert industry_benchmarks("no_such_industry").mapped_to == "all"


def test_no_band_joins_two_surveys_or_two_years():
    """The bug: LARKSPUR's "industry band" 2.8%–3.4% joined a 2020 Gartner median for all
    industries to a 2007 CIO.com mean for manufacturing. A band is one survey's own range."""
    for key in [*INDUSTRIES, "all"]:
        band = industry_benchmarks(key).band
        if band is not None:
            assert len({(b.source, b.data_year, b.scope) for b in band.benchmarks}) == 1, key
    manufacturing = industry_benchmarks("manufacturing")
    assert manufacturing.band is None
    assert [(b.value, b.statistic, b.scope, b.source, b.data_year) for b in manufacturing.figures] == [
        (0.028, "median", "all industries", "Gartner IT Key Metrics Data 2021", "2020"),
        (0.034, "mean", "manufacturing", "CIO.com State of the CIO 2008", "2007")]
    with pytest.raises(ValueError, match="one survey, data year and scope"):
        Band.of(manufacturing.figures)
    with pytest.raises(ValueError):   # one survey, two data years: not a band either
        Band.of([benchmark("deloitte_all_revenue_2016"), benchmark("deloitte_all_revenue_2020")])


def _quartiles(low: float, high: float) -> tuple:
    """A survey's own quartiles for one year (made up for the test: none is bundled)."""
    import dataclasses

    base = benchmark("gartner_all_revenue_2020")
    return tuple(dataclasses.replace(base, benchmark_id=f"test_{stat}", statistic=stat, value=v)
                 for stat, v in (("lower quartile", low), ("upper quartile", high)))


def test_a_band_from_one_survey_s_quartiles():
    band = Band.of(reversed(_quartiles(0.021, 0.035)))
    assert (band.low, band.high, band.label()) == (0.021, 0.035, "2.1%–3.5%")
    assert band.sources() == ("2.1%–3.5%: lower quartile and upper quartile for all industries, "
                              "Gartner IT Key Metrics Data 2021, data year 2020")


def test_every_figure_is_labelled_with_scope_statistic_survey_and_year():
    assert benchmark("gartner_all_revenue_2020").citation() == (
        "median for all industries, Gartner IT Key Metrics Data 2021, data year 2020")
    assert benchmark("cio_manufacturing_revenue_2007").citation() == (
        "mean for manufacturing, CIO.com State of the CIO 2008, data year 2007")
    assert benchmark("gartner_banking_revenue").citation() == (
        "median for banking and financial services, Gartner IT Key Metrics Data (secondary), "
        "data year not stated")
    assert benchmark("gartner_all_revenue_2020").all_industries
    assert not benchmark("cio_manufacturing_revenue_2007").all_industries


def test_sic_codes_map_to_industries():
    assert industry_for_sic(6021) == "banking"            # national commercial banks
    assert industry_for_sic("6022") == "banking"
    assert industry_for_sic(3571) == "technology_hardware"  # Apple
    assert industry_for_sic(3674) == "technology_hardware"  # semiconductors
    assert industry_for_sic(2834) == "healthcare"          # pharma inside manufacturing
    assert industry_for_sic(2911) == "energy"              # petroleum refining
    assert industry_for_sic(1311) == "energy"              # narrowest range wins over mining
    assert industry_for_sic(5331) == "retail"
    assert industry_for_sic(5812) == "consumer_services"
    assert industry_for_sic(7372) == "software_internet"
    assert industry_for_sic(2000) == "manufacturing"
    assert industry_for_sic("x") == "" and industry_for_sic(9999) == ""


def test_benchmark_unknown_and_industry_check():
    with pytest.raises(InputError, match="unknown benchmark 'nope'"):
        benchmark("nope")
    assert check_industry(" Retail ") == "retail"
    with pytest.raises(InputError, match="unknown industry 'banks': use one of banking"):
        check_industry("banks")


# --- sources ------------------------------------------------------------------------------------

def test_larkspur_it_share_of_revenue_from_its_statements():
    lark = finlit.load("LARKSPUR")
    view = it_view(lark)
    assert view.spend.source == "budget" and view.spend.trust == 1
    for year in lark.years:
        expected = lark.value("it_spend", year) / lark.value("revenue", year)
        assert view.value("it_pct_revenue", year) == pytest.approx(expected, rel=1e-12)
    # FY2025: 27.87 of 889.265 million
    assert view.value("it_pct_revenue", 2025) == pytest.approx(27.87 / 889.265, rel=1e-9)
    assert view.spend.categories.loc[2025, "cloud"] == 4_800_000


def test_larkspur_other_views_by_hand():
    lark = finlit.load("LARKSPUR")
    v = it_view(lark)
    y = 2025
    it, rev = 27_870_000, lark.value("revenue", y)
    assert v.value("it_per_employee", y) == pytest.approx(it / 2455)
    assert v.value("it_pct_opex", y) == pytest.approx(it / (rev - lark.value("operating_income", y)))
    assert v.value("it_capex_share", y) == pytest.approx(2_650_000 / 30_150_000)
    assert v.value("revenue_per_it_dollar", y) == pytest.approx(rev / it)
    it_growth = it / 29_670_000 - 1
    rev_growth = rev / lark.value("revenue", 2024) - 1
    assert v.value("it_growth", y) == pytest.approx(it_growth)
    assert v.value("growth_gap_pp", y) == pytest.approx((it_growth - rev_growth) * 100)
    assert v.value("margin_effect_10pct_pp", y) == pytest.approx(-0.1 * it / rev * 100)
    e = margin_sensitivity(v, 0.10, y)
    assert e.effect_pp == pytest.approx(-0.3134, abs=1e-4)
    assert e.new_operating_margin == pytest.approx(e.operating_margin - 0.003134, abs=1e-6)
    assert v.reason("it_growth", 2021) == "previous year's IT spend not available"


def test_apple_estimate_is_labelled_with_source_and_year():
    apple = finlit.load("AAPL")
    spend = resolve_it_spend(apple)
    assert spend.source == "estimate" and spend.trust == 4 and spend.is_estimate
    assert spend.label == ("estimate: 2.8% of revenue (median for all industries, Gartner IT Key "
                           "Metrics Data 2021, data year 2020), not a reported figure")
    assert spend.benchmarks.estimate.benchmark_id == "gartner_all_revenue_2020"
    assert spend.value(2025) == pytest.approx(0.028 * apple.value("revenue", 2025))
    assert spend.frame.loc[2025, "detail"] == "gartner_all_revenue_2020"
    view = it_view(apple)
    assert view.value("it_pct_revenue", 2025) == pytest.approx(0.028)
    assert math.isnan(view.value("it_per_employee", 2025))
    assert "employees (headcount) not available" in view.reason("it_per_employee", 2025)
    assert "estimate" in view.reason("it_growth", 2025)
    assert "no split into capex and opex" in view.reason("it_capex_share", 2025)


def test_industry_override_changes_the_estimate():
    spend = resolve_it_spend(finlit.load("AAPL"), industry="software_internet")
    assert spend.benchmarks.estimate.value == 0.067 and spend.industry == "software_internet"


@pytest.mark.parametrize("ticker", [c.ticker for c in finlit.companies().frame.itertuples()])
def test_every_bundled_company_gets_every_view(ticker):
    company = finlit.load(ticker)
    view = it_view(company)
    assert list(view.values.columns) == list(METRICS)
    values = view.values.to_numpy(dtype=float)
    assert not np.isinf(values).any()
    missing = view.values.isna()
    for metric in METRICS:
        for year in view.values.index:
            if missing.at[year, metric]:
                assert isinstance(view.reasons.at[year, metric], str) and view.reasons.at[year, metric]
    # the banks: their technology line (disclosed) or the budget they stated (tests/test_itspend_banks.py)
    expected = {"LARKSPUR": ("budget",), "JPM": ("disclosed", "stated"), "BAC": ("disclosed", "stated")}
    assert view.spend.source in expected.get(ticker, ("estimate",))
    long = view.long()
    assert len(long) == len(view.years) * len(METRICS)


def test_user_budget_amounts_and_precedence(tmp_path):
    lark = finlit.load("LARKSPUR")
    s = resolve_it_spend(lark, it_spend="2024=1.2e6,2025=1.3e6")
    assert s.source == "budget" and s.value(2025) == 1.3e6 and s.label == "the IT spend you gave"
    assert s.reason(2023) == "no IT spend given for FY2023"
    one = resolve_it_spend(finlit.load("AAPL"), it_spend=5e9)
    assert one.value(2025) == 5e9 and math.isnan(one.value(2024))
    path = tmp_path / "b.toml"
    path.write_text('currency = "USD"\n[2025]\nstaff.opex = 2_000_000\nhardware.capex = 500_000\n')
    b = resolve_it_spend(lark, budget=str(path))
    assert b.value(2025) == 2_500_000 and b.value(2025, "it_capex") == 500_000
    assert "b.toml" in b.label
    with pytest.raises(InputError, match="not both"):
        resolve_it_spend(lark, budget=str(path), it_spend=1)


def _disclosing_bank(it_2024: float = 70e6) -> Company:
    """A bank whose XBRL tags IT expense: 60 and `it_2024` of revenues 1,000 and 1,100 ($M)."""
    from finlit.sources.sec_companyfacts import read_companyfacts

    def fact(start, end, val):
        return {"start": start, "end": end, "val": val, "accn": "0000000001-24-1", "fy": 2024,
                "fp": "FY", "form": "10-K", "filed": "2025-02-20"}

    doc = {"cik": 1, "entityName": "Example Bank", "facts": {"us-gaap": {
        "Revenues": {"units": {"USD": [fact("2023-01-01", "2023-12-31", 1000e6),
                                       fact("2024-01-01", "2024-12-31", 1100e6)]}},
        "InformationTechnologyAndDataProcessing": {"units": {"USD": [
            fact("2023-01-01", "2023-12-31", 60e6), fact("2024-01-01", "2024-12-31", it_2024)]}},
    }}}
    facts, _ = read_companyfacts(doc)
    return Company.from_facts(CompanyInfo("EXB", "Example Bank", industry="banking"), facts)


def test_disclosed_it_expense_from_xbrl_tags():
    company = _disclosing_bank()
    it_rows = company.facts[company.facts["line_item"] == "it_spend"]
    assert list(it_rows["source_key"]) == ["InformationTechnologyAndDataProcessing"] * 2
    view = it_view(company)
    assert view.spend.source == "disclosed" and view.spend.trust == 2
    assert "InformationTechnologyAndDataProcessing" in view.spend.label
    assert view.value("it_pct_revenue", 2024) == pytest.approx(70 / 1100)
    assert view.value("it_growth", 2024) == pytest.approx(70 / 60 - 1)
    # a budget still wins over the disclosure
    assert resolve_it_spend(company, it_spend={2024: 80e6}).source == "budget"


# --- comparison with the published figures (compare_it_spend) ------------------------------------

def test_compare_larkspur_budget_with_the_all_industries_median():
    c = compare_it_spend(it_view(finlit.load("LARKSPUR")), 2025)
    assert c.share == pytest.approx(27.87 / 889.265) and c.source == "budget" and not c.is_estimate
    assert [b.benchmark_id for b in c.figures] == ["gartner_all_revenue_2020", "cio_manufacturing_revenue_2007"]
    # no band (two surveys): the point is Gartner's 2.8%; 3.134% is more than 10% above it
    assert c.compared_with == benchmark("gartner_all_revenue_2020") and c.tolerance == POINT_TOLERANCE
    assert 27.87 / 889.265 > 0.028 * 1.1 and c.position == "above"
    assert c.summary() == ("FY2025: 3.13% of revenue, above the median for all industries of 2.8% "
                           "(Gartner IT Key Metrics Data 2021, data year 2020; within ±10% of a "
                           "figure counts as the same)")


def test_compare_apple_estimate_is_never_compared():
    c = compare_it_spend(it_view(finlit.load("AAPL")), 2025)
    assert c.position == "estimate" and c.is_estimate and c.compared_with is None
    assert c.share == pytest.approx(0.028) and c.estimated_from == benchmark("gartner_all_revenue_2020")
    assert [b.value for b in c.figures] == [0.028, 0.0425]


def test_compare_disclosed_bank_within_the_banking_median():
    # 70 of 1,100 = 6.36%, 0.06 points from Gartner's 6.3% banking median (tolerance 0.63 points)
    c = compare_it_spend(it_view(_disclosing_bank()), 2024)
    assert c.source == "disclosed" and c.share == pytest.approx(70 / 1100)
    assert c.compared_with == benchmark("gartner_banking_revenue") and c.position == "within"
    assert len(c.figures) == 4
    # 77 of 1,100 = 7.0% > 6.3% × 1.1 = 6.93%: above; 56 of 1,100 = 5.09% < 5.67%: below
    assert compare_it_spend(it_view(_disclosing_bank(77e6)), 2024).position == "above"
    assert compare_it_spend(it_view(_disclosing_bank(56e6)), 2024).position == "below"


@pytest.mark.parametrize("it_spend, position", [(2.5e6, "below"), (2.53e6, "within"), (3.0e6, "within"),
                                                (3.08e6, "within"), (3.1e6, "above")])
def test_compare_point_tolerance_edges(it_spend, position):
    """Manufacturing's point is 2.8%; ±10% of it is 2.52%–3.08% (revenue 100)."""
    c = _company({2025: 100e6})
    view = it_view(c, it_spend={2025: it_spend}, industry="manufacturing")
    assert compare_it_spend(view, 2025).position == position


@pytest.mark.parametrize("share, position", [(0.02, "below"), (0.021, "within"), (0.035, "within"),
                                             (0.036, "above")])
def test_compare_against_a_one_survey_band(share, position):
    """With a band (one survey's quartiles 2.1%–3.5%), the edges are inside and no tolerance applies."""
    import dataclasses

    c = _company({2025: 100e6})
    view = it_view(c, it_spend={2025: share * 100e6}, industry="manufacturing")
    band = Band.of(_quartiles(0.021, 0.035))
    spend = dataclasses.replace(view.spend, benchmarks=dataclasses.replace(view.benchmarks, band=band))
    got = compare_it_spend(it_view(c, spend=spend), 2025)
    assert got.compared_with == band and got.position == position and got.tolerance == 0


def test_compare_unknown_share_gives_the_reason():
    c = compare_it_spend(it_view(_company({2025: 0.0}), it_spend={2025: 1e6}), 2025)
    assert c.position == "unknown" and c.compared_with is None
    assert c.reason == "revenue is negative or zero: IT spend as % of revenue is not meaningful"


# --- one engine: the IT ratios are the registry's --------------------------------------------------

IT_RATIOS = ["it_pct_revenue", "it_per_employee", "it_pct_opex", "it_growth", "growth_gap_pp",
             "it_capex_share", "revenue_per_it_dollar", "margin_effect_10pct_pp"]


def test_metrics_come_from_the_registry():
    from finlit.items import ITEMS
    from finlit.ratios import RATIOS, resolve

    assert [r.key for r in resolve("it")] == IT_RATIOS
    for key in [*IT_RATIOS, "revenue_growth", "operating_margin"]:
        assert METRICS[key] == (RATIOS[key].name, RATIOS[key].unit)
    for key in ("revenue", "it_spend", "it_opex", "it_capex"):
        assert METRICS[key] == (ITEMS[key].label, ITEMS[key].unit)
    assert list(METRICS)[:5] == ["revenue", "it_spend", "it_opex", "it_capex", "it_pct_revenue"]
    assert METRICS["growth_gap_pp"] == ("IT growth minus revenue growth", "points")


TOTAL_OPERATING_COSTS = "IT spend as % of total operating costs"


def test_it_ratio_table_shows_the_newest_year_first_in_html_and_time_order_in_text():
    """Issue 14: the IT ratios of notebooks 04 and 05 (`learn.it_summary`) read like the
    statements and ratios beside them: the newest year next to the labels."""
    import re

    from finlit.itspend.summary import it_summary

    apple = finlit.load("AAPL")
    table = it_summary(it_view(apple))
    years = [f"FY{y}" for y in apple.years]
    html = table._repr_html_()
    header = re.findall(r"<th[^>]*>([^<]*)</th>", html.split("</thead>")[0])
    assert header == ["IT ratio", *reversed(years)] and header[1] == "FY2025"
    revenue = re.search(r'<th style="text-align:left">Revenue</th>(.*?)</tr>', html).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", revenue)[0] == table.cells()[0][-1]   # FY2025's revenue
    # `.frame` and the terminal keep time order
    assert list(table.frame.columns) == years
    assert str(table).splitlines()[1].split() == ["IT", "ratio", *years]


def test_it_pct_opex_is_named_for_what_it_divides_by(capsys):
    """The bug: "IT spend as % of operating expenses" divided by revenue − operating income (cost
    of revenue included) while the glossary's operating expenses leave cost of revenue out."""
    from pathlib import Path

    from finlit.explain.glossary import GLOSSARY, find_terms
    from finlit.itspend.summary import it_summary
    from finlit.ratios import RATIOS

    ratio = RATIOS["it_pct_opex"]
    assert ratio.name == TOTAL_OPERATING_COSTS and METRICS["it_pct_opex"][0] == TOTAL_OPERATING_COSTS
    assert ratio.formula == "it_spend / (revenue − operating_income)"
    assert "total operating costs" in ratio.explanation and "cost of revenue plus operating expenses" in ratio.explanation
    term = GLOSSARY["total operating costs"]
    assert "cost of revenue plus operating expenses" in term.definition
    assert "revenue minus operating income" in term.definition
    assert "operating costs" not in GLOSSARY["operating expenses"].aliases
    assert find_terms(TOTAL_OPERATING_COSTS)[-1][2] == "total operating costs"
    # the definition holds on LARKSPUR: revenue − operating income = cost of revenue + operating expenses
    lark = finlit.load("LARKSPUR")
    costs = lark.value("cost_of_revenue", 2025) + lark.value("operating_expenses", 2025)
    assert lark.value("revenue", 2025) - lark.value("operating_income", 2025) == pytest.approx(costs)
    assert it_view(lark).value("it_pct_opex", 2025) == pytest.approx(27.87e6 / costs)
    # every text that names it
    assert TOTAL_OPERATING_COSTS in it_summary(it_view(lark)).frame.index
    code, out, _ = run(capsys, "itspend", "LARKSPUR")
    assert code == 0 and TOTAL_OPERATING_COSTS in out
    root = Path(__file__).resolve().parents[1]
    texts = [*(root / "src" / "finlit").rglob("*.py"), *(root / "data").rglob("*.toml"),
             *(root / "data").glob("*.csv"), root / "data" / "README.md"]
    stale = [str(f) for f in texts if "IT spend as % of operating expenses" in f.read_text(encoding="utf-8")]
    assert stale == []


def test_gartner_share_of_opex_is_said_to_be_another_definition():
    from finlit.itspend.summary import it_benchmarks

    table = it_benchmarks()
    row = table.frame[table.frame["figure"] == "3.7%"].iloc[0]
    assert row["measure"] == "of operating expenses (the source's definition)"
    assert any("not finlit's IT spend as % of total operating costs" in n for n in table.notes)
    assert "not revenue − operating income" in benchmark("gartner_all_opex_2020").definition


def test_the_view_is_the_engine_on_the_company_panel():
    """LARKSPUR's bundled budget is the IT spend in its statements: both give the same ratios."""
    lark = finlit.load("LARKSPUR")
    view = it_view(lark)
    table = lark.ratios(["it", "revenue_growth", "operating_margin"])
    for key in [*IT_RATIOS, "revenue_growth", "operating_margin"]:
        for year in lark.years:
            a, b = view.value(key, year), table.value(key, year)
            assert (math.isnan(a) and math.isnan(b)) or a == b, (key, year)
            assert view.reason(key, year) == table.reason(key, year), (key, year)


def test_the_default_catalogue_has_no_it_rows():
    lark = finlit.load("LARKSPUR")
    assert not any(k.startswith("it_") for k in lark.ratios().keys)
    assert "it_pct_revenue" in lark.ratios("it").keys


def test_an_estimate_has_no_growth_and_says_why():
    view = it_view(finlit.load("AAPL"))
    reason = "an estimate grows with revenue by construction: its growth says nothing"
    for year in view.years:
        assert math.isnan(view.value("it_growth", year)) and view.reason("it_growth", year) == reason
        assert view.reason("growth_gap_pp", year) == reason
    assert not math.isnan(view.value("revenue_growth", 2025))


def test_reasons_in_the_words_of_the_source():
    c = _company({2023: 100e6, 2024: 110e6, 2025: 120e6}, employees={2025: 0},
                 operating_income={2024: 10e6, 2025: 12e6}, capital_expenditure={2025: 5e6})
    view = it_view(c, it_spend={2024: 0.0, 2025: 3e6})
    assert view.reason("it_per_employee", 2023) == "no IT spend given for FY2023"
    assert view.reason("it_per_employee", 2024) == ("employees (headcount) not available: add them "
                                                    "to the statements to see IT spend per employee")
    assert view.reason("it_per_employee", 2025) == ("employees is negative or zero: IT spend per "
                                                    "employee is not meaningful")
    assert view.reason("it_pct_opex", 2023) == "no IT spend given for FY2023"
    assert view.value("it_pct_opex", 2025) == pytest.approx(3e6 / (120e6 - 12e6))
    assert view.reason("it_capex_share", 2025) == "the amount given is not split into capex and opex"
    assert view.reason("revenue_per_it_dollar", 2024) == "IT spend is zero: revenue per IT dollar is not defined"
    assert view.reason("it_growth", 2025) == ("previous year's IT spend is negative or zero: IT spend "
                                              "growth is not meaningful")
    assert view.reason("growth_gap_pp", 2025) == view.reason("it_growth", 2025)
    assert view.reason("margin_effect_10pct_pp", 2023) == "no IT spend given for FY2023"
    jpm = it_view(finlit.load("JPM"), it_spend="2025=1e10")
    assert jpm.reason("it_pct_opex", 2025) == "total operating costs not available: needs revenue and operating income"
    assert jpm.reason("operating_margin", 2025) == "not meaningful for a bank"   # the kind decides


def test_operating_costs_that_are_not_positive():
    c = _company({2024: 100e6, 2025: 100e6}, operating_income={2024: 100e6, 2025: 120e6})
    view = it_view(c, it_spend={2024: 1e6, 2025: 1e6})
    for year in (2024, 2025):
        assert math.isnan(view.value("it_pct_opex", year))
        assert view.reason("it_pct_opex", year) == (
            "total operating costs (revenue − operating income) are zero or negative: IT spend as "
            "% of total operating costs is not meaningful")


def test_cli_ratios_it_category(capsys):
    code, out, _ = run(capsys, "ratios", "LARKSPUR", "--ratio", "it", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["ratio"] for r in rows} == set(IT_RATIOS)
    got = {(r["ratio"], r["fiscal_year"]): r["value"] for r in rows}
    assert float(got[("it_pct_revenue", "2025")]) == pytest.approx(27.87 / 889.265, rel=1e-9)
    code, out, _ = run(capsys, "ratios", "LARKSPUR", "--format", "csv")
    assert code == 0 and "it_pct_revenue" not in out


# --- bad input ----------------------------------------------------------------------------------

def _company(revenue: dict, currency="USD", **other) -> Company:
    rows = [{"line_item": "revenue", "period_end": f"{y}-12-31", "value": v} for y, v in revenue.items()]
    for item, by_year in other.items():
        rows += [{"line_item": item, "period_end": f"{y}-12-31", "value": v} for y, v in by_year.items()]
    return Company.from_facts(CompanyInfo("TST", "Test Co", industry="retail", currency=currency), rows)


def test_zero_and_negative_revenue_give_reasons_not_inf():
    c = _company({2023: 0.0, 2024: -5e6, 2025: 100e6})
    view = it_view(c, it_spend={2023: 1e6, 2024: 1e6, 2025: 2e6})
    assert math.isnan(view.value("it_pct_revenue", 2023))
    # the ratio engine's words (they were "revenue is zero or negative: IT spend as a share of
    # revenue is not meaningful" when the IT view wrote its own reasons)
    assert view.reason("it_pct_revenue", 2023) == ("revenue is negative or zero: IT spend as % of "
                                                   "revenue is not meaningful")
    assert math.isnan(view.value("revenue_per_it_dollar", 2024))
    assert view.reason("revenue_per_it_dollar", 2024) == ("revenue is negative or zero: revenue per "
                                                          "IT dollar is not meaningful")
    assert view.value("it_pct_revenue", 2025) == pytest.approx(0.02)
    assert any("FY2023: revenue is zero or negative" in w for w in view.spend.warnings)
    assert not np.isinf(view.values.to_numpy(dtype=float)).any()
    est = it_view(c)
    assert est.spend.source == "estimate" and math.isnan(est.value("it_spend", 2024))
    assert "revenue is zero or negative in FY2024" in est.reason("it_spend", 2024)


def test_budget_years_and_statement_years_that_do_not_match(tmp_path):
    c = _company({2023: 100e6, 2024: 110e6, 2025: 120e6})
    path = tmp_path / "b.csv"
    path.write_text("fiscal_year,category,kind,amount,currency\n"
                    "2024,staff,opex,3000000,USD\n2025,staff,opex,3300000,USD\n2026,staff,opex,3500000,USD\n")
    s = resolve_it_spend(c, budget=path)
    assert s.warnings == [
        "FY2026: in the IT budget but not in the statements of TST: no revenue to compare with",
        "FY2023: in the statements but not in the IT budget: no IT spend for those years"]
    view = it_view(c, spend=s)
    assert view.years == [2023, 2024, 2025, 2026]
    assert view.reason("it_pct_revenue", 2023) == "no IT budget for FY2023"
    assert view.reason("it_pct_revenue", 2026) == "revenue not available for FY2026"
    assert view.value("it_pct_revenue", 2025) == pytest.approx(0.0275)


def test_budget_in_another_currency_needs_a_rate(tmp_path):
    c = _company({2025: 100e6})
    path = tmp_path / "eur.csv"
    path.write_text("fiscal_year,category,kind,amount,currency\n2025,staff,opex,1000000,EUR\n")
    with pytest.raises(InputError) as info:
        resolve_it_spend(c, budget=path)
    assert str(info.value) == ("the IT budget is in EUR but the statements of TST are in USD: give the "
                               "exchange rate (USD per 1 EUR) with --rate or rate=, e.g. --rate 1.08")
    s = resolve_it_spend(c, budget=path, rate=1.1)
    assert s.value(2025) == pytest.approx(1.1e6)
    assert s.warnings == ["the IT budget was converted from EUR to USD at 1.1 USD per EUR"]
    with pytest.raises(InputError, match="exchange rate -1 is not a positive number"):
        resolve_it_spend(c, budget=path, rate=-1)


def test_budget_larger_than_revenue_is_a_warning():
    c = _company({2025: 1e6})
    s = resolve_it_spend(c, it_spend={2025: 2e6})
    assert s.warnings == ["FY2025: IT spend (2,000,000 USD) is larger than revenue (1,000,000 USD): "
                          "check the amounts are in full currency units and the right currency"]
    assert it_view(c, spend=s).value("it_pct_revenue", 2025) == pytest.approx(2.0)


def test_bad_amounts():
    c = _company({2025: 1e6})
    for bad, message in [("abc", "IT spend 'abc' is not an amount"),
                         ("2025=-1", "IT spend -1 is negative"),
                         ("25=1m", "write YEAR=AMOUNT")]:
        with pytest.raises(InputError, match=message):
            resolve_it_spend(c, it_spend=bad)


# --- peer view of banks (SEC Financial Statement Data Set) ------------------------------------

def test_bank_peers_in_the_2010q2_data_set(realdata):
    from finlit.itspend.peers import PEER_COLUMNS, bank_it_peers

    peers = bank_it_peers(realdata / "sec_fsds" / "fsds_2010q2.zip")
    assert list(peers.columns) == PEER_COLUMNS
    bofa = peers[peers["name"].str.startswith("BANK OF AMERICA")].iloc[0]
    assert bofa["it_expense"] == 648e6 and bofa["revenue"] == 31_969e6
    assert str(bofa["period_end"]) == "2010-03-31" and bofa["quarters"] == 1
    assert bofa["it_tag"] == "InformationTechnologyAndDataProcessing"
    assert round(bofa["it_pct_revenue"], 3) == 0.020
    assert len(peers) >= 10 and peers["adsh"].is_unique
    assert set(peers["sic"].map(industry_for_sic)) == {"banking"}   # Visa (SIC 7389) is not a bank
    missing = peers[peers["it_pct_revenue"].isna()]
    assert missing["reason"].str.len().gt(0).all()


def test_bank_peers_bad_file(tmp_path):
    from finlit.itspend.peers import bank_it_peers

    with pytest.raises(InputError, match="not found: .*nope.zip"):
        bank_it_peers(tmp_path / "nope.zip")
    (tmp_path / "x.zip").write_text("not a zip")
    with pytest.raises(InputError, match="not a zip file"):
        bank_it_peers(tmp_path / "x.zip")


# --- explanation --------------------------------------------------------------------------------

def test_explanations_are_plain_and_short():
    import re

    from finlit.explain.itspend import explain_it_spend

    for ticker in [c.ticker for c in finlit.companies().frame.itertuples()]:
        e = explain_it_spend(it_view(finlit.load(ticker)))
        assert e.grade() <= 10, (ticker, e.grade(), e.text)
        assert not re.search(r"\bnan\b|\binf(inity)?\b", e.text.lower()), e.text   # ("information" is fine)
    lark = explain_it_spend(it_view(finlit.load("LARKSPUR")), 2025).text
    assert "$3.13 of every $100 of sales" in lark
    assert "0.3 points" in lark
    apple = explain_it_spend(it_view(finlit.load("AAPL")), 2025).text
    assert "does not report its IT spend" in apple and "Gartner IT Key Metrics Data 2021" in apple
    c = _company({2025: 0.0})
    missing = explain_it_spend(it_view(c, it_spend={2025: 1e6}), 2025)
    assert "revenue is negative or zero" in missing.text and missing.reason


def test_apple_paragraph_names_the_all_industries_figure_for_what_it_is():
    """The bug: "a typical firm in its industry spends 2.8%" for an all-industries median."""
    from finlit.explain.itspend import explain_it_spend

    text = explain_it_spend(it_view(finlit.load("AAPL")), 2025).text
    assert "its industry" not in text and "industry band" not in text and "Firms like it" not in text
    assert "the median for all industries: 2.8% of sales" in text
    assert "The figure is from Gartner IT Key Metrics Data 2021; the data are from 2020." in text
    assert "There is no published figure for technology hardware and semiconductors." in text
    # the other all-industries figure of 2020 is a separate survey, said with its own statistic
    assert "Deloitte Global Technology Leadership Study gives 4.25%: the mean for all industries, data year 2020." in text
    assert "2.8%–4.25%" not in text


def test_larkspur_paragraph_compares_with_one_figure_and_keeps_the_other_apart():
    from finlit.explain.itspend import explain_it_spend

    text = explain_it_spend(it_view(finlit.load("LARKSPUR")), 2025).text
    assert "inside the usual range" not in text and "2.8%–3.4%" not in text and "its industry" not in text
    assert ("That is above the median for all industries of 2.8% (Gartner IT Key Metrics Data 2021, "
            "data year 2020).") in text
    assert "CIO.com State of the CIO 2008 gives 3.4%: the mean for manufacturing, data year 2007." in text


def test_an_industry_figure_is_named_by_its_scope():
    from finlit.explain.itspend import explain_it_spend

    bank = Company.from_facts(CompanyInfo("EXB", "Example Bank", industry="banking"),
                              [{"line_item": "revenue", "period_end": "2025-12-31", "value": 1e9}])
    text = explain_it_spend(it_view(bank), 2025).text
    assert "the median for banking and financial services: 6.3% of revenue" in text   # a bank has no sales
    assert "the year is not stated" in text and "for all industries" not in text
    close = explain_it_spend(it_view(_disclosing_bank()), 2024).text
    assert "This comes from its filings. That is close to the median for banking and financial services of 6.3%" in close


def test_explanation_cut_offs_are_the_registry_s_and_the_verdicts(monkeypatch):
    import dataclasses

    from finlit.explain.itspend import explain_it_spend
    from finlit.ratios import RATIOS

    lark = finlit.load("LARKSPUR")
    view = it_view(lark)  # net margin 6.0% (healthy for a manufacturer), growth gap −9 points in FY2025
    text = explain_it_spend(view, 2025).text
    assert "is thin" not in text and "9 points below sales growth" in text
    monkeypatch.setitem(RATIOS, "growth_gap_pp", dataclasses.replace(RATIOS["growth_gap_pp"],
                                                                     thresholds={"notable": 10.0}))
    # the margin words are the profitability verdict's: without an industry figure, the registry's rule
    monkeypatch.setattr("finlit.judge.performance.typical_margins", lambda industry: None)
    monkeypatch.setitem(RATIOS, "net_margin", dataclasses.replace(RATIOS["net_margin"],
                                                                  thresholds={"thin": 0.10, "wide": 0.5}))
    lark.memo.clear()
    try:
        text = explain_it_spend(view, 2025).text
        assert "Its net margin of 6.0% is thin by a general rule: with a thin margin" in text
        assert "points below sales growth" not in text
    finally:
        lark.memo.clear()


def test_explanation_escapes_the_company_name():
    from finlit.explain.itspend import explain_it_spend

    c = Company.from_facts(CompanyInfo("EVIL", "<script>x</script> Corp"),
                           [{"line_item": "revenue", "period_end": "2025-12-31", "value": 1e6}])
    html = explain_it_spend(it_view(c)).html()
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- command line -------------------------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_itspend_csv_header_and_values(capsys):
    code, out, err = run(capsys, "itspend", "LARKSPUR", "--format", "csv")
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["company", "fiscal_year", "metric", "value", "unit", "source", "reason"]
    share = {r["fiscal_year"]: float(r["value"]) for r in rows if r["metric"] == "it_pct_revenue"}
    assert share["2025"] == pytest.approx(27.87 / 889.265)
    assert {r["source"] for r in rows} == {"budget"}


def test_cli_itspend_table_json_and_options(capsys, tmp_path):
    code, out, _ = run(capsys, "itspend", "AAPL")
    assert code == 0 and "estimate" in out and "IT spend as % of revenue" in out
    code, out, _ = run(capsys, "itspend", "AAPL", "--it-spend", "2025=12e9", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["source"] == "budget" and doc["band"] is None   # two surveys: no band
    assert [(b["value"], b["statistic"], b["source"]) for b in doc["benchmarks"]] == [
        (0.028, "median", "Gartner IT Key Metrics Data 2021"),
        (0.0425, "mean", "Deloitte Global Technology Leadership Study")]
    # 12,000 of 416,161 ($M) = 2.88%: within 10% of the 2.8% median
    assert doc["comparison"]["position"] == "within"
    assert doc["comparison"]["share"] == pytest.approx(12e9 / 416_161e6, rel=1e-4)
    fy25 = [r for r in doc["values"] if r["fiscal_year"] == 2025 and r["metric"] == "it_spend"][0]
    assert fy25["value"] == 12e9
    budget = tmp_path / "b.csv"
    budget.write_text("fiscal_year,category,kind,amount,currency\n2025,staff,opex,1000000,EUR\n")
    code, out, _ = run(capsys, "itspend", "LARKSPUR", "--it-budget", str(budget), "--rate", "1.1",
                       "--format", "csv")
    assert code == 0
    code, _, err = run(capsys, "itspend", "LARKSPUR", "--it-spend", "2030=1e6")
    assert code == 0 and "finlit: warning: FY2030" in err


def test_cli_itspend_header_names_each_figure(capsys):
    """The bug: "Industry band: 2.8%–3.4%" joined two surveys of 2020 and 2007."""
    code, out, _ = run(capsys, "itspend", "LARKSPUR")
    head = out.split("\n\n")[0].splitlines()
    assert code == 0 and "band" not in out.split("\n\n")[0].lower()
    assert head[2:] == [
        "Published figures (% of revenue), each from its own survey and year, not a range:",
        "    2.8%  median for all industries, Gartner IT Key Metrics Data 2021, data year 2020",
        "    3.4%  mean for manufacturing, CIO.com State of the CIO 2008, data year 2007",
        "FY2025: 3.13% of revenue, above the median for all industries of 2.8% (Gartner IT Key "
        "Metrics Data 2021, data year 2020; within ±10% of a figure counts as the same)"]
    code, out, _ = run(capsys, "itspend", "AAPL")
    head = out.split("\n\n")[0]
    assert code == 0 and "its industry" not in head
    assert ("FY2025: 2.80% of revenue is an estimate made from the median for all industries (Gartner "
            "IT Key Metrics Data 2021, data year 2020): not compared with the published figures") in head


@pytest.mark.parametrize("argv, message", [
    (["itspend", "NOPE"], "unknown ticker 'NOPE'"),
    (["itspend", "AAPL", "--industry", "banks"], "unknown industry 'banks'"),
    (["itspend", "AAPL", "--it-spend", "lots"], "IT spend 'lots' is not an amount"),
    (["itspend", "AAPL", "--it-budget", "nope.csv"], "IT budget file not found"),
    (["itspend", "LARKSPUR", "--it-budget", "x.csv", "--it-spend", "1"], "not allowed with argument"),
])
def test_cli_itspend_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("finlit: error: ") and message in lines[0]


def test_cli_itspend_currency_mismatch_exits_2(capsys, tmp_path):
    budget = tmp_path / "b.toml"
    budget.write_text('currency = "EUR"\n[2025]\nstaff.opex = 1000\n')
    code, _, err = run(capsys, "itspend", "LARKSPUR", "--it-budget", str(budget))
    assert code == 2 and "give the exchange rate (USD per 1 EUR)" in err
