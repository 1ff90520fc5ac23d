"""Charts for the IT views: functions that return plotly figures (never files).

- `it_spend_chart`: IT spend as % of revenue per fiscal year beside the published figures
  (a shaded band only for one survey's own range; otherwise one line per figure);
- `cloud_vs_onprem_chart`: the cloud-versus-on-premises scenario, profit and cash;
- `payback_chart`: an IT project's cash flows and its payback curve.

All use the "finlit" template and the colour-blind-safe palette of `finlit.charts.theme`;
axes carry the currency and unit. Text from outside (company names) is escaped.

>>> import finlit
>>> from finlit.itspend import it_view
>>> fig = it_spend_chart(it_view(finlit.load("LARKSPUR")))
>>> fig.layout.yaxis.title.text, [t.name.replace("<br>", " ") for t in fig.data][1:]
('% of revenue', ['3.4%: mean for manufacturing, CIO.com State of the CIO 2008, data year 2007', 'IT spend (budget)'])
"""
from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..markup import escape_html
from ..numbers import tick_format

from .theme import (with_template, COLORS, OKABE_ITO, chart_title, label_money_axis, label_percent_axis,
                    legend_label, money_axis_title, money_scale, rgba, style, title_margin)

ONPREM = OKABE_ITO["orange"]
CLOUD = OKABE_ITO["blue"]


# how each source of IT spend is named in a legend
SOURCE_NAMES = {"budget": "budget", "disclosed": "disclosed", "stated": "stated by the company",
                "estimate": "estimate"}


def _years(values) -> list[int]:
    return [int(y) for y in values]


def _finite(v) -> float | None:
    return float(v) if v is not None and math.isfinite(float(v)) else None


# one line style per published figure (the figures are separate points, not a range)
FIGURE_DASHES = ("dot", "dashdot", "longdash", "longdashdot")
BENCHMARK_NOTE = ("Each broken line is one published figure, from its own survey and year "
                  "(blue: all industries; grey: one industry): they are not a range.")
BAND_NOTE = "The shaded band is one survey's own range for one year."


def _benchmark_traces(fig: go.Figure, view, years: list[int]) -> tuple[list[float], str]:
    """The band (one survey's own range, shaded) and each other published figure as its own
    line; returns the values drawn (for the axis range) and the note that says what they are."""
    bench = view.benchmarks
    band = bench.band
    drawn = []
    if band is not None:
        fig.add_trace(go.Scatter(x=years, y=[band.high] * len(years), mode="lines",
                                 line=dict(width=0, color=COLORS["band"]), hoverinfo="skip",
                                 showlegend=False, name="band high"))
        fig.add_trace(go.Scatter(x=years, y=[band.low] * len(years), mode="lines",
                                 line=dict(width=0, color=COLORS["band"]), fill="tonexty",
                                 fillcolor=rgba(COLORS["band"], 0.3), hoverinfo="skip",
                                 name=legend_label(f"Band {band.sources()}")))
        drawn += [band.low, band.high]
    others = [b for b in bench.figures if band is None or b not in band.benchmarks]
    for i, b in enumerate(others):
        fig.add_trace(go.Scatter(
            x=years, y=[b.value] * len(years), mode="lines", name=legend_label(f"{b.value_text()}: {b.citation()}"),
            line=dict(color=COLORS["band"] if b.all_industries else COLORS["neutral"], width=2,
                      dash=FIGURE_DASHES[i % len(FIGURE_DASHES)]),
            hovertemplate=escape_html(f"{b.value_text()}: {b.citation()}") + "<extra></extra>"))
        drawn.append(b.value)
    note = " ".join(([BAND_NOTE] if band is not None else []) + ([BENCHMARK_NOTE] if others else []))
    return drawn, note


@with_template
def it_spend_chart(view, title: str = "IT spend as % of revenue") -> go.Figure:
    """IT spend as % of revenue per fiscal year, with the published figures behind it.

    Each published figure is its own line, named for its statistic, scope, survey and data
    year; a shaded band is drawn only for one survey's own range (`view.band`), never for
    figures of different surveys or years. An estimate is drawn dashed and grey and says so
    in its name; hovering a point shows IT spend and revenue in money. Years without a value
    leave a gap.
    """
    values = view.values
    years = _years(values.index)
    spend = view.spend
    divisor, unit = money_scale(list(values["revenue"]) + list(values["it_spend"]))
    money = f"{view.currency} {unit}".strip()
    fig = go.Figure()
    drawn, note = _benchmark_traces(fig, view, years)
    estimate = spend.is_estimate
    name = f"IT spend ({SOURCE_NAMES.get(spend.source, spend.source)})"
    custom = [[_finite(values.at[y, "it_spend"] / divisor) if _finite(values.at[y, "it_spend"]) is not None else None,
               _finite(values.at[y, "revenue"] / divisor) if _finite(values.at[y, "revenue"]) is not None else None]
              for y in values.index]
    fig.add_trace(go.Scatter(
        x=years, y=[_finite(v) for v in values["it_pct_revenue"]], mode="lines+markers", name=name,
        line=dict(color=COLORS["estimate"] if estimate else COLORS["it"], dash="dash" if estimate else "solid"),
        customdata=custom, connectgaps=False,
        hovertemplate=("FY%{x}: %{y:.1%} of revenue<br>IT spend %{customdata[0]:,.1f} " + money
                       + "<br>Revenue %{customdata[1]:,.0f} " + money + "<extra></extra>")))
    style(fig, chart_title(title, spend.name, f"Source: {spend.label}"))
    # what the broken lines are, as the legend's own title: it wraps with the legend at the foot
    # (a note under the axis ran into the year labels and past the edge of a narrow figure)
    fig.update_layout(legend_title=dict(text=legend_label(note, 80), side="top", font=dict(size=11)))
    label_percent_axis(fig, "revenue", decimals=1)
    fig.update_xaxes(title_text="Fiscal year", tickmode="array", tickvals=years,
                     ticktext=[f"FY{y}" for y in years])
    top = max(drawn + [v for v in values["it_pct_revenue"] if _finite(v) is not None])
    fig.update_yaxes(rangemode="tozero", range=[0, top * 1.25])
    fig.update_layout(margin=dict(t=max(90, title_margin(fig.layout.title.text))))
    return fig


@with_template
def cloud_vs_onprem_chart(scenario, title: str = "Cloud or on-premises") -> go.Figure:
    """Two panels: the yearly effect on operating income and EBITDA (top), and the cash
    spent so far (bottom), for bought hardware against a cloud subscription."""
    f = scenario.frame
    years = _years(f.index)
    cols = [c for c in f.columns if not c.endswith("depreciation")]
    divisor, unit = money_scale(f[cols].to_numpy().ravel())
    currency = scenario.currency or "USD"
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=("Effect on profit each year", "Cash spent so far"))
    for prefix, label, colour in (("onprem", "On-premises", ONPREM), ("cloud", "Cloud", CLOUD)):
        fig.add_trace(go.Bar(x=years, y=list(f[f"{prefix}_operating_income"] / divisor),
                             name=f"{label}: operating income", marker_color=colour,
                             legendgroup=prefix), row=1, col=1)
        fig.add_trace(go.Scatter(x=years, y=list(f[f"{prefix}_ebitda"] / divisor), mode="lines+markers",
                                 name=f"{label}: EBITDA", line=dict(color=colour, dash="dot"),
                                 marker=dict(symbol="diamond"), legendgroup=prefix), row=1, col=1)
        fig.add_trace(go.Scatter(x=years, y=list(f[f"{prefix}_cumulative_cash"] / divisor),
                                 mode="lines+markers", name=f"{label}: cumulative cash",
                                 line=dict(color=colour, dash="solid" if prefix == "cloud" else "dash"),
                                 legendgroup=prefix), row=2, col=1)
    i = scenario.inputs
    subtitle = (f"Hardware {i['hardware_cost'] / divisor:,.2f} {currency} {unit} over {i['useful_life']} "
                f"years against a subscription of {i['cloud_cost_per_year'] / divisor:,.2f} {currency} "
                f"{unit} a year")
    style(fig, chart_title(title, "", subtitle), height=620)
    label_money_axis(fig, currency, unit, axis="y", what="Profit effect")
    # the theme's helper titles the first y axis; the second panel's axis is titled the same way
    fig.update_yaxes(title_text=f"Cash ({money_axis_title(currency, unit)})", tickformat=tick_format("money"),
                     row=2, col=1)
    fig.update_xaxes(title_text="Year", tickmode="array", tickvals=years, row=2, col=1)
    fig.update_xaxes(tickmode="array", tickvals=years, row=1, col=1)
    fig.update_layout(barmode="group", margin=dict(t=max(120, title_margin(fig.layout.title.text)), b=130))
    return fig


@with_template
def payback_chart(result, title: str = "IT project payback", currency: str = "USD",
                  company: str = "") -> go.Figure:
    """Cash flows per year (bars: blue in, vermillion out) and the cumulative cash (the
    payback curve), plain and discounted; the project pays back where the curve crosses 0."""
    f = result.frame
    x = _years(f.index)
    divisor, unit = money_scale(list(f["cash_flow"]) + list(f["cumulative"]))
    colours = [COLORS["positive"] if v >= 0 else COLORS["negative"] for v in f["cash_flow"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=list(f["cash_flow"] / divisor), name="Cash flow of the year",
                         marker_color=colours))
    fig.add_trace(go.Scatter(x=x, y=list(f["cumulative"] / divisor), mode="lines+markers",
                             name="Cumulative cash", line=dict(color=OKABE_ITO["black"])))
    fig.add_trace(go.Scatter(x=x, y=list(f["cumulative_discounted"] / divisor), mode="lines+markers",
                             name=f"Cumulative, discounted at {result.rate:.0%}",
                             line=dict(color=OKABE_ITO["reddish_purple"], dash="dash")))
    fig.add_hline(y=0, line=dict(color=COLORS["neutral"], width=1))
    parts = []
    if _finite(result.payback_years) is not None:
        parts.append(f"payback {result.payback_years:.1f} years")
    else:
        parts.append("no payback")
    parts.append(f"NPV {result.npv / divisor:,.2f} {currency} {unit}".replace("  ", " "))
    if _finite(result.irr) is not None:
        parts.append(f"IRR {result.irr:.1%}")
    if _finite(result.roi) is not None:
        parts.append(f"ROI {result.roi:.0%}")
    style(fig, chart_title(title, company, ", ".join(parts)))
    label_money_axis(fig, currency, unit, what="Cash")
    first = f.index.name == "fiscal_year"
    fig.update_xaxes(title_text="Fiscal year" if first else "Year", tickmode="array", tickvals=x,
                     ticktext=[f"FY{v}" for v in x] if first else [str(v) for v in x])
    return fig


__all__ = ["cloud_vs_onprem_chart", "it_spend_chart", "payback_chart"]
