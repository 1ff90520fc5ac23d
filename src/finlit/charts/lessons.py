"""Charts for the learning notebooks: where sales go, profit beside cash, IT budgets, total
cost of ownership, chargeback and capitalised software.

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
from ..itspend.budgets import budget_frame
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


__all__ = ["SALES_PARTS", "allocation_chart", "capitalisation_chart", "it_budget_chart",
           "profit_vs_cash_chart", "tco_chart", "where_sales_go_chart"]
