"""Charts for the learning notebooks: where sales go, profit beside cash, IT budgets, total
cost of ownership, chargeback and capitalised software; roll-forwards between the statements,
DuPont, stock-based compensation, leases, and an IT budget against its plan and forecast.

Every function returns a plotly `Figure` in the "finlit" theme; the numbers come from the
calculators in `finlit.itspend` (analysis, budgets, tco, chargeback, accounting).

>>> import finlit
>>> fig = profit_vs_cash_chart(finlit.load("AAPL"))
>>> [t.name for t in fig.data]
['Net income', 'Operating cash flow', 'Free cash flow']
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from ..display import Table
from ..itbudget import CATEGORIES, totals
from ..itspend.analysis import loaded_companies, profit_and_cash, where_sales_go
from ..itspend.budgets import MONTHS, UNFAVOURABLE, Forecast, budget_frame
from ..itspend.leases import CloudCommitment, LeaseSchedule
from ..itspend.links import Bridge, dupont, sbc_table
from ..itspend.tco import TCO, cost_components
from ..numbers import is_missing, percent_words
from .theme import (with_template, COLORS, GREYS, OKABE_ITO, PALETTE, chart_title, label_money_axis, label_percent_axis,
                    money_scale, style)

# the parts of a sales dollar, in the order they are stacked
SALES_PARTS = {"Cost of sales": COLORS["cost"], "Running the business": COLORS["liabilities"],
               "Interest, tax and other": COLORS["tax"], "Costs, interest and tax": GREYS[0],
               "Net profit": COLORS["profit"]}


def _stacked_bars(x: Sequence[str], series: Mapping[str, list | None], title: str, currency: str,
                  unit: str, what: str) -> go.Figure:
    """Money bars stacked per x, one trace per series in palette order. A series that is
    None is left out but keeps its colour, so a category looks the same in every chart."""
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        if values is not None:
            fig.add_trace(go.Bar(x=list(x), y=values, name=name, marker_color=PALETTE[i % len(PALETTE)]))
    style(fig, title)
    fig.update_layout(barmode="stack")
    label_money_axis(fig, currency, unit, what=what)
    return fig


@with_template
def where_sales_go_chart(companies, fiscal_year: int | None = None) -> go.Figure:
    """One bar per company: where each 100 of sales went (the latest year of each, or
    `fiscal_year` where the company has it). `companies`: Company objects or bundled tickers.

    >>> fig = where_sales_go_chart(["AAPL", "JPM"], 2023)
    >>> list(fig.data[0].y), [t.name for t in fig.data]
    (['Apple Inc. FY2023', 'JPMorgan Chase & Co. FY2023'], ['Cost of sales', 'Running the business', 'Interest, tax and other', 'Costs, interest and tax', 'Net profit'])
    """
    labels, shares = [], []
    for c in loaded_companies(companies):
        year = fiscal_year if fiscal_year in c.years else c.years[-1]
        labels.append(f"{c.name} FY{year}")
        shares.append(where_sales_go(c, year))
    fig = go.Figure()
    for part, colour in SALES_PARTS.items():
        values = [s.get(part) for s in shares]
        if all(v is None for v in values):
            continue
        fig.add_trace(go.Bar(y=labels, x=values, name=part, orientation="h", marker_color=colour,
                             text=[percent_words(v, 0) if v is not None else "" for v in values],
                             hovertemplate=f"{part}: " + "%{x:.1%}<extra></extra>"))
    style(fig, chart_title("Where each 100 of sales goes", "", "shares of revenue, latest fiscal year"),
          160 + 70 * len(labels))
    fig.update_layout(barmode="relative", yaxis=dict(autorange="reversed"))
    label_percent_axis(fig, of="revenue", axis="x")
    return fig


@with_template
def profit_vs_cash_chart(company) -> go.Figure:
    """Per year: net income, operating cash flow and free cash flow side by side.

    >>> import finlit
    >>> profit_vs_cash_chart(finlit.load("JPM")).layout.title.text.endswith("no cash-flow statement in the data</sup>")
    True
    """
    t = profit_and_cash(company).frame
    divisor, unit = money_scale(t.to_numpy().ravel())
    fig = go.Figure()
    for column, colour in (("net income", COLORS["profit"]), ("operating cash flow", COLORS["revenue"]),
                           ("free cash flow", COLORS["liabilities"])):
        fig.add_trace(go.Bar(x=list(t.index), y=[None if is_missing(v) else v / divisor for v in t[column]],
                             name=column.capitalize(), marker_color=colour))
    subtitle = ("no cash-flow statement in the data" if t["operating cash flow"].isna().all()
                else "profit is an opinion, cash is a fact")
    style(fig, chart_title("Profit and cash", company.name, subtitle))
    fig.update_layout(barmode="group")
    label_money_axis(fig, company.currency, unit, what="Amount")
    return fig


@with_template
def it_budget_chart(budget, title: str = "IT budget by category") -> go.Figure:
    """Stacked bars per fiscal year: the IT budget by category (from a budget frame or a
    bundled ticker), capex and opex together.

    >>> [t.name for t in it_budget_chart("LARKSPUR").data]
    ['staff', 'software', 'cloud', 'hardware', 'network', 'services']
    """
    t = totals(budget_frame(budget))
    divisor, unit = money_scale(t["it_spend"])
    series = {c: list(t[c] / divisor) if t[c].any() else None for c in CATEGORIES}
    return _stacked_bars([f"FY{y}" for y in t.index], series, chart_title(title, "", "capex and opex together"),
                         t.attrs.get("currency") or "USD", unit, "IT spend")


@with_template
def tco_chart(*options: TCO) -> go.Figure:
    """One stacked bar per option: what it costs over its life, component by component.

    >>> from finlit.itspend.tco import tco
    >>> fig = tco_chart(tco({"hardware": 1_200_000}, {"support": 60_000}, 4, name="On-premises"))
    >>> [t.name for t in fig.data], fig.layout.yaxis.title.text
    (['hardware', 'support'], 'Cost (USD millions)')
    """
    divisor, unit = money_scale([o.total for o in options])
    series = {c: [float(o.by_component.get(c, 0.0)) / divisor for o in options] for c in cost_components(*options)}
    years = max(o.years for o in options) if options else 0
    return _stacked_bars([o.name for o in options], series,
                         chart_title("Total cost of ownership", "", f"all costs over {years} years, not just the price"),
                         options[0].currency if options else "USD", unit, "Cost")


@with_template
def allocation_chart(table: Table) -> go.Figure:
    """Stacked bars: each business unit's share of IT costs, service by service (a table from
    `finlit.itspend.chargeback.allocate_it_costs`).

    >>> from finlit.itspend.chargeback import allocate_it_costs
    >>> fig = allocation_chart(allocate_it_costs({"cloud": 900}, {"cloud": {"Sales": 1, "Plant": 2}}))
    >>> list(fig.data[0].x), list(fig.data[0].y)
    (['Sales', 'Plant'], [300.0, 600.0])
    """
    f = table.frame.drop(index="all units", errors="ignore")
    divisor, unit = money_scale(f["total"])
    series = {s: list(f[s] / divisor) for s in f.columns if s not in ("total", "share")}
    return _stacked_bars(list(f.index), series, chart_title("Who uses IT", "", table.caption),
                         table.currency, unit, "IT cost")


@with_template
def capitalisation_chart(table: Table) -> go.Figure:
    """Profit effect per year with and without capitalising, beside the cash that left (a
    table from `finlit.itspend.accounting.capitalise_software`).

    >>> from finlit.itspend.accounting import capitalise_software
    >>> fig = capitalisation_chart(capitalise_software({2023: {"development": 2_000_000}}, useful_life=4))
    >>> [t.type for t in fig.data]
    ['bar', 'bar', 'scatter']
    """
    f = table.frame
    divisor, unit = money_scale(f.to_numpy().ravel())
    x = [f"FY{y}" for y in f.index]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=list(f["profit_effect"] / divisor), name="Profit effect, capitalised",
                         marker_color=COLORS["profit"]))
    fig.add_trace(go.Bar(x=x, y=list(f["profit_effect_if_all_expensed"] / divisor),
                         name="Profit effect, all expensed", marker_color=COLORS["cost"]))
    fig.add_trace(go.Scatter(x=x, y=list(f["cash_out"] / divisor), name="Cash out (the same either way)",
                             mode="lines+markers", line=dict(color=OKABE_ITO["black"], dash="dot")))
    style(fig, chart_title("Capitalising internal-use software", "", table.caption))
    fig.update_layout(barmode="group")
    label_money_axis(fig, table.currency, unit, what="Effect")
    return fig


# --- the three statements linked, DuPont, SBC (notebooks 09–11) ------------------------------------

def _short(value: float) -> str:
    return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"


@with_template
def bridge_chart(bridge: Bridge) -> go.Figure:
    """A waterfall: the balance at the start, each reported flow, what they leave unexplained
    ('other'), and the balance at the end (a `finlit.itspend.links.Bridge`).

    >>> import finlit
    >>> from finlit.itspend.links import cash_roll_forward
    >>> fig = bridge_chart(cash_roll_forward(finlit.load("LARKSPUR"), 2025))
    >>> list(fig.data[0].x)[0], list(fig.data[0].measure)[-1]
    ('cash, start of year', 'total')
    """
    labels = [bridge.start_label, *bridge.steps, "other", bridge.end_label]
    values = [bridge.start, *bridge.steps.values(), bridge.difference, bridge.end]
    divisor, unit = money_scale(values)
    measures = ["absolute", *["relative"] * (len(bridge.steps) + 1), "total"]
    fig = go.Figure(go.Waterfall(
        x=labels, measure=measures, y=[v / divisor for v in values], customdata=values,
        text=[_short(v / divisor) for v in values], textposition="outside",
        hovertemplate="%{x}: %{text} " + f"{bridge.currency} {unit}<extra></extra>",
        increasing=dict(marker=dict(color=COLORS["positive"])),
        decreasing=dict(marker=dict(color=COLORS["negative"])),
        totals=dict(marker=dict(color=COLORS["total"])), connector=dict(line=dict(color=GREYS[0], width=1))))
    subtitle = (f"FY{bridge.fiscal_year}: the reported lines explain it all" if bridge.ties
                else f"FY{bridge.fiscal_year}: 'other' is what the reported lines leave out")
    style(fig, chart_title(bridge.title, bridge.company, subtitle))
    label_money_axis(fig, bridge.currency, unit, what="Amount")
    fig.update_layout(showlegend=False)
    return fig


@with_template
def dupont_chart(company) -> go.Figure:
    """Per year: return on equity beside return on assets (net margin × asset turnover); the
    gap between them is the equity multiplier, borrowed money and shrunken equity.

    >>> import finlit
    >>> [t.name for t in dupont_chart(finlit.load("AAPL")).data]
    ['Return on equity', 'Return on assets (net margin × asset turnover)']
    """
    f = dupont(company).frame
    roa = f["net margin"] * f["asset turnover"]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=list(f.index), y=list(f["ROE (finlit's ratio table)"]), name="Return on equity",
                         marker_color=COLORS["equity"]))
    fig.add_trace(go.Bar(x=list(f.index), y=list(roa), name="Return on assets (net margin × asset turnover)",
                         marker_color=COLORS["assets"]))
    style(fig, chart_title("Return on equity and return on assets", company.name,
                           "the gap is the equity multiplier: assets ÷ equity"))
    fig.update_layout(barmode="group")
    label_percent_axis(fig, of="equity or assets")
    return fig


@with_template
def sbc_chart(company) -> go.Figure:
    """Per year: net income, stock-based compensation and cash from operations as bars, and
    free cash flow minus SBC as a line.

    >>> import finlit
    >>> [t.name for t in sbc_chart(finlit.load("SNOW")).data]
    ['Net income', 'Stock-based compensation', 'Cash from operations', 'Free cash flow minus SBC']
    """
    f = sbc_table(company).frame
    money = f[["net income", "stock-based compensation", "cash from operations", "FCF minus SBC"]]
    divisor, unit = money_scale(money.to_numpy().ravel())
    x = list(f.index)
    fig = go.Figure()
    for column, colour in (("net income", COLORS["profit"]), ("stock-based compensation", COLORS["it"]),
                           ("cash from operations", COLORS["revenue"])):
        fig.add_trace(go.Bar(x=x, y=list(f[column] / divisor), name=column.capitalize(), marker_color=colour))
    fig.add_trace(go.Scatter(x=x, y=list(f["FCF minus SBC"] / divisor), name="Free cash flow minus SBC",
                             mode="lines+markers", line=dict(color=OKABE_ITO["black"], dash="dot")))
    style(fig, chart_title("A loss, and cash coming in", company.name,
                           "shares paid to staff are a cost but not cash"))
    fig.update_layout(barmode="group")
    label_money_axis(fig, company.currency, unit, what="Amount")
    return fig


# --- leases and a cloud commitment (notebook 12) ----------------------------------------------------

@with_template
def lease_chart(*schedules: LeaseSchedule, commitment: CloudCommitment | None = None) -> go.Figure:
    """Per year: the lease cost each lease puts in the income statement (and the cost of a
    cloud commitment), with the lease liability still owed as lines.

    >>> from finlit.itspend.leases import larkspur_leases, larkspur_cloud_commitment
    >>> fig = lease_chart(*larkspur_leases(), commitment=larkspur_cloud_commitment())
    >>> [t.type for t in fig.data]
    ['bar', 'bar', 'bar', 'scatter', 'scatter']
    """
    years = max([s.years for s in schedules] + [commitment.years if commitment else 0])
    x = [f"year {i}" for i in range(1, years + 1)]
    values = [v for s in schedules for v in s.frame["liability, year end"]] + [s.liability for s in schedules]
    if commitment is not None:
        values += list(commitment.frame["cost"])
    divisor, unit = money_scale(values)
    fig = go.Figure()
    for i, s in enumerate(schedules):
        fig.add_trace(go.Bar(x=x[:s.years], y=list(s.frame["lease cost"] / divisor),
                             name=f"{s.name}: {s.kind} lease cost", marker_color=PALETTE[i % len(PALETTE)]))
    if commitment is not None:
        fig.add_trace(go.Bar(x=x[:commitment.years], y=list(commitment.frame["cost"] / divisor),
                             name=f"{commitment.name}: cost (no liability)", marker_color=COLORS["it"]))
    for i, s in enumerate(schedules):
        fig.add_trace(go.Scatter(x=x[:s.years], y=list(s.frame["liability, year end"] / divisor),
                                 name=f"{s.name}: lease liability at year end", mode="lines+markers",
                                 line=dict(color=PALETTE[i % len(PALETTE)], dash="dot")))
    style(fig, chart_title("Leases and a cloud commitment", "", "cost each year, and what is still owed"))
    fig.update_layout(barmode="group")
    label_money_axis(fig, schedules[0].currency if schedules else "USD", unit, what="Amount")
    return fig


# --- an IT budget against plan, and a forecast (notebook 13) -------------------------------------

@with_template
def variance_chart(table: Table) -> go.Figure:
    """Horizontal bars: each category's variance against plan (a table from
    `finlit.itspend.budgets.variance_table`), over plan in vermillion, under in blue.

    >>> from finlit.itspend.budgets import larkspur_plan, variance_table
    >>> fig = variance_chart(variance_table(larkspur_plan(), "LARKSPUR", 2025))
    >>> list(fig.data[0].y)[:2], fig.data[0].marker.color[2] == COLORS["negative"]
    (['staff', 'software'], True)
    """
    f = table.frame.drop(index="total", errors="ignore")
    divisor, unit = money_scale(f["variance"])
    colours = [COLORS["negative"] if v == UNFAVOURABLE else COLORS["positive"] for v in f["verdict"]]
    fig = go.Figure(go.Bar(y=list(f.index), x=list(f["variance"] / divisor), orientation="h",
                           marker_color=colours, text=list(f["verdict"]), name="variance",
                           hovertemplate="%{y}: %{x:,.2f} " + f"{table.currency} {unit}" + " (%{text})<extra></extra>"))
    style(fig, chart_title("Variance against plan", "", "right of zero: spent more than planned (unfavourable)"),
          160 + 50 * len(f))
    fig.update_layout(yaxis=dict(autorange="reversed"), showlegend=False)
    label_money_axis(fig, table.currency, unit, axis="x", what="Actual − plan")
    return fig


@with_template
def forecast_chart(forecast: Forecast) -> go.Figure:
    """Spend added up month by month: last year, this year so far, and where the run-rate and
    seasonal forecasts take it by the year end, against the plan.

    >>> from finlit.itspend.budgets import larkspur_forecast
    >>> [t.name for t in forecast_chart(larkspur_forecast()).data]
    ['Last year', 'This year so far', 'Run-rate forecast', 'Seasonal forecast', 'Plan']
    """
    def cumulative(values):
        out, total = [], 0.0
        for v in values:
            total += v
            out.append(total)
        return out

    divisor, unit = money_scale([forecast.plan, forecast.seasonal, forecast.run_rate])
    done = list(forecast.months)
    last = cumulative(forecast.last_year.get(m, 0.0) for m in MONTHS)
    so_far = cumulative(forecast.months.values())
    rest = [m for m in MONTHS if m not in forecast.months]
    per_month = forecast.to_date / len(done)
    run = cumulative([so_far[-1]] + [per_month] * len(rest))
    share_rest = [forecast.last_year[m] / sum(forecast.last_year.values()) for m in rest]
    seasonal = cumulative([so_far[-1]] + [forecast.seasonal * s for s in share_rest])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=list(MONTHS), y=[v / divisor for v in last], name="Last year",
                             mode="lines", line=dict(color=GREYS[1])))
    fig.add_trace(go.Scatter(x=done, y=[v / divisor for v in so_far], name="This year so far",
                             mode="lines+markers", line=dict(color=COLORS["it"], width=3)))
    fig.add_trace(go.Scatter(x=[done[-1], *rest], y=[v / divisor for v in run], name="Run-rate forecast",
                             mode="lines", line=dict(color=COLORS["positive"], dash="dash")))
    fig.add_trace(go.Scatter(x=[done[-1], *rest], y=[v / divisor for v in seasonal], name="Seasonal forecast",
                             mode="lines", line=dict(color=COLORS["negative"], dash="dot")))
    fig.add_trace(go.Scatter(x=[MONTHS[0], MONTHS[-1]], y=[forecast.plan / divisor] * 2, name="Plan",
                             mode="lines", line=dict(color=OKABE_ITO["black"], width=1)))
    ends = ((forecast.run_rate, COLORS["positive"], -10), (forecast.seasonal, COLORS["negative"], 10))
    for value, colour, shift in ends:   # the year-end value of each forecast, beside its line
        fig.add_annotation(x=MONTHS[-1], y=value / divisor, text=f"{value / divisor:,.1f}", showarrow=False,
                           xanchor="left", xshift=6, yshift=shift, font=dict(color=colour))
    style(fig, chart_title(f"FY{forecast.fiscal_year} IT spend, added up month by month", "",
                           f"{len(done)} months in: two ways to guess the year end"))
    label_money_axis(fig, forecast.currency, unit, what="IT spend so far")
    return fig


__all__ = ["SALES_PARTS", "allocation_chart", "bridge_chart", "capitalisation_chart", "dupont_chart",
           "forecast_chart", "it_budget_chart", "lease_chart", "profit_vs_cash_chart", "sbc_chart", "tco_chart",
           "variance_chart", "where_sales_go_chart"]
