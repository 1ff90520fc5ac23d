"""Charts of the IT views: plotly figures checked through fig.to_dict()."""
from __future__ import annotations

import finlit
from finlit.charts.theme import OKABE_ITO, TEMPLATE
from finlit.charts.itspend import cloud_vs_onprem_chart, it_spend_chart, payback_chart
from finlit.company import Company, CompanyInfo
from finlit.itspend import it_view
from finlit.itspend.scenarios import cloud_vs_onprem, project

SAFE = {c.upper() for c in OKABE_ITO.values()} | {"#999999"}


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


def test_it_spend_chart_larkspur_band_and_axes():
    view = it_view(finlit.load("LARKSPUR"))
    fig = it_spend_chart(view).to_dict()
    layout = fig["layout"]
    assert layout["yaxis"]["title"]["text"] == "% of revenue"
    assert layout["yaxis"]["tickformat"] == ".1%"
    assert layout["xaxis"]["title"]["text"] == "Fiscal year"
    assert layout["xaxis"]["ticktext"] == [f"FY{y}" for y in range(2021, 2026)]
    assert layout["template"]["layout"]["colorway"][0] == OKABE_ITO["blue"]
    band_high, band, spend = fig["data"]
    assert list(band_high["y"]) == [0.034] * 5 and list(band["y"]) == [0.028] * 5
    assert band["fill"] == "tonexty" and band["name"] == "Industry band (2.8%–3.4%)"
    assert spend["name"] == "IT spend (budget)" and spend["line"]["dash"] == "solid"
    assert [round(v, 4) for v in spend["y"]] == [round(view.value("it_pct_revenue", y), 4)
                                                  for y in range(2021, 2026)]
    assert "USD millions" in spend["hovertemplate"]
    assert "Larkspur Components Inc." in layout["title"]["text"]
    assert "Gartner IT Key Metrics Data 2021" in layout["annotations"][0]["text"]
    assert _colours(fig) <= SAFE


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
