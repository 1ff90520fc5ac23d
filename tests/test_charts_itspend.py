"""Charts of the IT views: plotly figures checked through fig.to_dict()."""
from __future__ import annotations

import finlit
from finlit.charts.theme import OKABE_ITO, TEMPLATE
from finlit.charts.itspend import cloud_vs_onprem_chart, it_spend_chart, payback_chart
from finlit.company import Company, CompanyInfo
from finlit.itspend import it_view
from finlit.itspend.scenarios import cloud_vs_onprem, project

SAFE = {c.upper() for c in OKABE_ITO.values()} | {"#999999"}


def shown(name: str) -> str:
    """A legend entry as read: its line breaks (long entries wrap to fit a narrow figure) as spaces."""
    return name.replace("<br>", " ")


def _colours(fig: dict) -> set:
    out = set()
    for trace in fig["data"]:
        for key in ("line", "marker"):
            colour = trace.get(key, {}).get("color")
            if isinstance(colour, str):
                out.add(colour.upper())
            elif isinstance(colour, list):
                out.update(c.upper() for c in colour)
    return out


def test_it_spend_chart_larkspur_figures_and_axes():
    view = it_view(finlit.load("LARKSPUR"))
    fig = it_spend_chart(view).to_dict()
    layout = fig["layout"]
    assert layout["yaxis"]["title"]["text"] == "% of revenue"
    assert layout["yaxis"]["tickformat"] == ".1%"
    assert layout["xaxis"]["title"]["text"] == "Fiscal year"
    assert layout["xaxis"]["ticktext"] == [f"FY{y}" for y in range(2021, 2026)]
    assert layout["template"]["layout"]["colorway"][0] == OKABE_ITO["blue"]
    gartner, cio, spend = fig["data"]
    assert list(gartner["y"]) == [0.028] * 5 and list(cio["y"]) == [0.034] * 5
    assert shown(gartner["name"]) == "2.8%: median for all industries, Gartner IT Key Metrics Data 2021, data year 2020"
    assert shown(cio["name"]) == "3.4%: mean for manufacturing, CIO.com State of the CIO 2008, data year 2007"
    assert gartner["line"]["dash"] != cio["line"]["dash"]
    assert spend["name"] == "IT spend (budget)" and spend["line"]["dash"] == "solid"
    assert [round(v, 4) for v in spend["y"]] == [round(view.value("it_pct_revenue", y), 4)
                                                  for y in range(2021, 2026)]
    assert "USD millions" in spend["hovertemplate"]
    assert "Larkspur Components Inc." in layout["title"]["text"]
    assert "they are not a range" in shown(layout["legend"]["title"]["text"])
    assert _colours(fig) <= SAFE


def test_larkspur_chart_draws_no_band_made_of_two_surveys():
    """The bug: a shaded "Industry band (2.8%–3.4%)" joined Gartner's 2020 all-industries median
    to CIO.com's 2007 manufacturing mean."""
    fig = it_spend_chart(it_view(finlit.load("LARKSPUR"))).to_dict()
    assert not any(t.get("fill") for t in fig["data"])
    assert not any("band" in (t.get("name") or "").lower() for t in fig["data"])
    assert "2.8%–3.4%" not in str(fig)


def test_a_one_survey_band_is_shaded():
    import dataclasses

    from finlit.itspend import Band, benchmark

    base = benchmark("gartner_all_revenue_2020")
    quartiles = [dataclasses.replace(base, benchmark_id=f"q{i}", statistic=s, value=v)
                 for i, (s, v) in enumerate((("lower quartile", 0.021), ("upper quartile", 0.035)))]
    view = it_view(finlit.load("LARKSPUR"))
    bench = dataclasses.replace(view.benchmarks, band=Band.of(quartiles),
                                figures=(*view.benchmarks.figures, *quartiles))
    view = it_view(finlit.load("LARKSPUR"), spend=dataclasses.replace(view.spend, benchmarks=bench))
    fig = it_spend_chart(view).to_dict()
    high, low, *points, spend = fig["data"]
    assert list(high["y"]) == [0.035] * 5 and list(low["y"]) == [0.021] * 5 and low["fill"] == "tonexty"
    assert shown(low["name"]) == ("Band 2.1%–3.5%: lower quartile and upper quartile for all industries, "
                           "Gartner IT Key Metrics Data 2021, data year 2020")
    assert [p["y"][0] for p in points] == [0.028, 0.034]     # the other figures stay points
    assert shown(fig["layout"]["legend"]["title"]["text"]).startswith("The shaded band is one survey&#x27;s own range")


def test_it_spend_chart_estimate_is_dashed_and_says_so():
    fig = it_spend_chart(it_view(finlit.load("AAPL"))).to_dict()
    spend = fig["data"][-1]
    assert spend["name"] == "IT spend (estimate)" and spend["line"]["dash"] == "dash"
    assert "estimate" in fig["layout"]["title"]["text"]
    assert "USD billions" in spend["hovertemplate"]


def test_it_spend_chart_gaps_and_escaping():
    c = Company.from_facts(CompanyInfo("EVIL", "<b>Evil</b> Co"),
                           [{"line_item": "revenue", "period_end": f"{y}-12-31", "value": v}
                            for y, v in ((2024, 0.0), (2025, 1e6))])
    fig = it_spend_chart(it_view(c, it_spend={2024: 1e4, 2025: 2e4})).to_dict()
    assert fig["data"][-1]["y"][0] is None and fig["data"][-1]["y"][1] == 0.02
    assert "<b>Evil" not in fig["layout"]["title"]["text"]
    assert "&lt;b&gt;Evil" in fig["layout"]["title"]["text"]


def test_cloud_vs_onprem_chart():
    s = cloud_vs_onprem(1_200_000, 4, 380_000, onprem_running_cost_per_year=60_000, years=5)
    fig = cloud_vs_onprem_chart(s).to_dict()
    names = [t["name"] for t in fig["data"]]
    assert names == ["On-premises: operating income", "On-premises: EBITDA", "On-premises: cumulative cash",
                     "Cloud: operating income", "Cloud: EBITDA", "Cloud: cumulative cash"]
    layout = fig["layout"]
    assert layout["yaxis"]["title"]["text"] == "Profit effect (USD millions)"
    assert layout["yaxis2"]["title"]["text"] == "Cash (USD millions)"
    assert layout["barmode"] == "group"
    onprem_cash = fig["data"][2]
    assert onprem_cash["yaxis"] == "y2" and list(onprem_cash["y"])[0] == -1.26
    assert list(fig["data"][3]["y"]) == [-0.38] * 5
    assert _colours(fig) <= SAFE


def test_payback_chart():
    p = project([-2_900_000, -3_100_000] + [1_600_000] * 5, rate=0.08, start_year=2023)
    fig = payback_chart(p, company="Larkspur Components Inc.").to_dict()
    bars, cumulative, discounted = fig["data"]
    assert bars["type"] == "bar" and list(bars["y"])[:3] == [-2.9, -3.1, 1.6]
    assert bars["marker"]["color"][0] == OKABE_ITO["vermillion"]
    assert bars["marker"]["color"][2] == OKABE_ITO["blue"]
    assert list(cumulative["y"])[-2] == 0.4
    assert discounted["name"] == "Cumulative, discounted at 8%"
    layout = fig["layout"]
    assert layout["yaxis"]["title"]["text"] == "Cash (USD millions)"
    assert layout["xaxis"]["ticktext"][0] == "FY2023"
    assert "payback 4.8 years" in layout["title"]["text"] and "IRR 8.8%" in layout["title"]["text"]
    assert layout["template"]["layout"]["font"]["family"].startswith("system-ui")
    assert _colours(fig) <= SAFE


def test_template_name():
    assert TEMPLATE == "finlit"
