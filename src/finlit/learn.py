"""Helpers for the learning notebooks (notebooks/01_…–08_…): small calculations and charts
the lessons need that the rest of finlit does not offer, each with a plain-language result.

The notebooks only call finlit; whatever a lesson computes lives here (or elsewhere in
the package) and is tested. Every table is a `Table`: the numbers in `.frame`, shown in
a notebook as an HTML table with money in words (`$97.0 billion`) and ratios as percents.

Percent-of-sales analysis: where each dollar of sales goes.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> round(float(percent_of_sales(apple).frame.loc["Net income", "FY2023"]), 4)
0.2531
>>> {k: round(v, 3) for k, v in where_sales_go(apple, 2023).items()}
{'Cost of sales': 0.559, 'Running the business': 0.143, 'Interest, tax and other': 0.045, 'Net profit': 0.253}

Fixed versus variable costs (cost of sales taken as the variable part):

>>> cb = cost_behaviour(finlit.load("LARKSPUR"), 2025)
>>> round(cb.contribution_margin, 3), round(cb.operating_leverage, 2)
(0.326, 3.66)
>>> round(cb.operating_income_after(-0.10) / cb.operating_income - 1, 3)   # sales -10%: profit -37%
-0.366

Total cost of ownership, and chargeback/showback:

>>> onprem = tco({"hardware": 1_200_000}, {"running": 60_000}, years=4, name="On-premises")
>>> onprem.total
1440000.0
>>> allocate_it_costs({"cloud": 900}, {"cloud": {"Sales": 1, "Plant": 2}}).frame["total"].tolist()
[300.0, 600.0, 900.0]

Capitalising internal-use software (development-stage costs become an asset and reach profit
as amortisation once the software is in use):

>>> cap = capitalise_software({2023: {"development": 2_900_000}, 2024: {"development": 3_100_000}},
...                           useful_life=4, in_service=2025, horizon=2028)
>>> cap.frame.loc[2025, ["amortisation", "profit_effect"]].tolist()
[1500000.0, -1500000.0]
"""
from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .display import Table
from .errors import InputError
from .explain import Explanation
from .explain.text import sentence
from .markup import Markdown
from .numbers import cell, currency_prefix, days_words, is_missing, money_words, percent_words

# --- notebook set-up --------------------------------------------------------------------------

def setup() -> None:
    """Prepare a notebook: plotly charts as the plotly mimetype (JupyterLab shows them, and
    the saved notebook stays small); FINLIT_PLOTLY_RENDERER overrides the renderer."""
    from ._speedups import skip_slow_optional_imports

    skip_slow_optional_imports()
    import plotly.io as pio

    pio.renderers.default = os.environ.get("FINLIT_PLOTLY_RENDERER", "plotly_mimetype")


def pick_year(company, fiscal_year: int = 0) -> int:
    """The fiscal year a lesson looks at: `fiscal_year`, or the latest when it is 0.

    >>> import finlit
    >>> pick_year(finlit.load("AAPL")), pick_year(finlit.load("AAPL"), 2023)
    (2025, 2023)
    """
    years = company.years
    if not years:
        raise InputError(f"{company.name} has no fiscal years in its data")
    if not fiscal_year:
        return years[-1]
    if int(fiscal_year) not in years:
        raise InputError(f"{company.name} has no FY{fiscal_year}: choose one of "
                         f"{', '.join(str(y) for y in years)}")
    return int(fiscal_year)


def example_statements() -> str:
    """Path of the filled example statements file shipped with finlit (a fictional logistics
    company, Northwind Freight): what notebook 08 loads when you give no file of your own.

    >>> example_statements().endswith("example_company.csv")
    True
    """
    from importlib.resources import files

    return str(files("finlit.data") / "templates" / "example_company.csv")


def statements_template() -> str:
    """Path of the empty statements template (copy it and fill in your own numbers)."""
    from importlib.resources import files

    return str(files("finlit.data") / "templates" / "statements_template.csv")


# --- tables -----------------------------------------------------------------------------------

def format_cell(value, unit: str, currency: str = "USD") -> str:
    """One number for a person in a teaching table (`finlit.numbers.cell`, money in words).

    >>> format_cell(96995e6, "money"), format_cell(0.2531, "percent"), format_cell(1.5, "times")
    ('$97.0 billion', '25.3%', '1.50×')
    >>> format_cell(float("nan"), "money"), format_cell(-0.31, "points"), format_cell(2023, "year")
    ('—', '-0.31 pts', '2023')
    """
    return cell(value, unit, money="words", currency=currency)


def _get(company, item: str, year: int) -> float:
    try:
        return float(company.value(item, year))
    except Exception:  # an item or year the company does not have
        return float("nan")


def _companies(companies) -> list:
    """Company objects for a mix of companies and bundled tickers, each once."""
    from .sources import load

    out, seen = [], set()
    for c in companies:
        c = load(c) if isinstance(c, str) else c
        if (c.ticker, c.name) not in seen:
            seen.add((c.ticker, c.name))
            out.append(c)
    return out


def _fy(years) -> list[str]:
    return [f"FY{y}" for y in years]


# --- percent-of-sales analysis ----------------------------------------------------------------

PERCENT_OF_SALES_ITEMS = ("revenue", "cost_of_revenue", "gross_profit", "research_and_development",
                          "selling_general_administrative", "depreciation_amortization",
                          "operating_income", "interest_expense", "income_tax", "net_income")


def percent_of_sales(company, years=None) -> Table:
    """Each income-statement line as a share of revenue, every year (a "common-size" income
    statement): it makes a big and a small company, or two years, comparable.

    >>> import finlit
    >>> t = percent_of_sales(finlit.load("LARKSPUR"), [2025])
    >>> f = t.frame.astype(object)
    >>> round(f.loc["Revenue", "FY2025"], 2), round(f.loc["Operating income", "FY2025"], 3)
    (1.0, 0.089)
    """
    from .items import label

    years = list(company.years if years is None else years)
    rows = {}
    for item in PERCENT_OF_SALES_ITEMS:
        values = [_get(company, item, y) / _get(company, "revenue", y) for y in years]
        if any(not is_missing(v) for v in values):
            rows[label(item)] = values
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=_fy(years))
    frame.index.name = "line item"
    return Table(frame, "percent", f"{company.name}: each line as a share of revenue",
                 company.currency, ["Read a row as: out of every 100 of sales, this many went to "
                                    "(or were left as) this line."])


def where_sales_go(company, fiscal_year: int | None = None) -> dict[str, float]:
    """Where each dollar of sales went in one year, as shares of revenue that add up to 1:
    cost of sales, running the business (R&D, SG&A …), interest, tax and other, net profit.
    A line the company does not report (banks have no cost of sales) is folded into the next.

    >>> import finlit
    >>> shares = where_sales_go(finlit.load("JPM"), 2024)
    >>> list(shares), round(sum(shares.values()), 6)
    (['Costs, interest and tax', 'Net profit'], 1.0)
    """
    year = fiscal_year or company.years[-1]
    revenue = _get(company, "revenue", year)
    if is_missing(revenue) or revenue <= 0:
        raise InputError(f"{company.name} has no revenue for FY{year}: shares of sales need revenue")
    net = _get(company, "net_income", year)
    cost = _get(company, "cost_of_revenue", year)
    operating = _get(company, "operating_income", year)
    out: dict[str, float] = {}
    if not is_missing(cost) and not is_missing(operating):
        out["Cost of sales"] = cost
        out["Running the business"] = revenue - cost - operating
        out["Interest, tax and other"] = operating - net
    elif not is_missing(operating):
        out["Running the business"] = revenue - operating
        out["Interest, tax and other"] = operating - net
    else:
        out["Costs, interest and tax"] = revenue - net
    out["Net profit"] = net
    return {k: v / revenue for k, v in out.items()}


def where_sales_go_chart(companies, fiscal_year: int | None = None):
    """One bar per company: where each 100 of sales went (the latest year of each, or
    `fiscal_year` where the company has it). `companies`: Company objects or bundled tickers."""
    import plotly.graph_objects as go

    from .charts.theme import COLORS, GREYS, chart_title, label_percent_axis, style

    colours = {"Cost of sales": COLORS["cost"], "Running the business": COLORS["liabilities"],
               "Interest, tax and other": COLORS["tax"], "Costs, interest and tax": GREYS[0],
               "Net profit": COLORS["profit"]}
    loaded = _companies(companies)
    labels, shares = [], []
    for c in loaded:
        year = fiscal_year if fiscal_year in c.years else c.years[-1]
        labels.append(f"{c.name} FY{year}")
        shares.append(where_sales_go(c, year))
    fig = go.Figure()
    for part in colours:
        values = [s.get(part) for s in shares]
        if all(v is None for v in values):
            continue
        fig.add_trace(go.Bar(y=labels, x=values, name=part, orientation="h",
                             marker_color=colours[part], text=[percent_words(v, 0) if v is not None else ""
                                                               for v in values],
                             hovertemplate=f"{part}: " + "%{x:.1%}<extra></extra>"))
    style(fig, chart_title("Where each 100 of sales goes", "", "shares of revenue, latest fiscal year"),
          160 + 70 * len(labels))
    fig.update_layout(barmode="relative", yaxis=dict(autorange="reversed"))
    label_percent_axis(fig, of="revenue", axis="x")
    return fig


def peer_ratios(companies, keys: Iterable[str], fiscal_year: int | None = None) -> Table:
    """Some ratios side by side for several companies (each at its latest fiscal year, or at
    `fiscal_year` where it has it).

    >>> t = peer_ratios(["WMT", "COST", "WMT"], ["gross_margin", "net_margin"])   # each company once
    >>> [round(x, 3) for x in t.frame["Gross margin"]]
    [0.249, 0.128]
    """
    from .ratios import RATIOS

    keys = list(keys)
    rows, index = [], []
    for c in _companies(companies):
        year = fiscal_year if fiscal_year in c.years else c.years[-1]
        table = c.ratios(keys)
        rows.append([year] + [table.value(k, year) for k in keys])
        index.append(c.name)
    frame = pd.DataFrame(rows, index=pd.Index(index, name="company"),
                         columns=["fiscal year"] + [RATIOS[k].name for k in keys])
    units = {"fiscal year": "year", **{RATIOS[k].name: RATIOS[k].unit for k in keys}}
    return Table(frame, units, "Side by side", notes=["— means not available for that company "
                                                      "(a bank has no cost of sales, for example)."])


# --- profit is an estimate; revenue recognition -----------------------------------------------

def revenue_recognition(contract_value: float, years: int, paid_upfront: bool = True,
                        currency: str = "USD") -> Table:
    """A subscription contract paid up front: cash arrives on day one, revenue is earned
    (recognised) a slice at a time, and the unearned rest waits on the balance sheet as
    deferred revenue (a liability: the company still owes the service).

    >>> t = revenue_recognition(36_000, 3)
    >>> t.frame.loc[1].tolist()
    [36000.0, 12000.0, 24000.0]
    >>> bool(t.frame["revenue recognised"].sum() == t.frame["cash received"].sum())
    True
    """
    value = float(contract_value)
    n = int(years)
    if n < 1 or not math.isfinite(value) or value < 0:
        raise InputError("revenue_recognition needs a contract value ≥ 0 and at least one year")
    idx = pd.Index(range(1, n + 1), name="year")
    cash = [value if (paid_upfront and y == 1) else (0.0 if paid_upfront else value / n) for y in idx]
    revenue = [value / n] * n
    deferred = np.cumsum(cash) - np.cumsum(revenue)
    frame = pd.DataFrame({"cash received": cash, "revenue recognised": revenue,
                          "deferred revenue at year end": deferred + 0.0}, index=idx)
    return Table(frame, "money", f"A {n}-year contract worth {money_words(value, currency)}", currency)


def useful_life_effect(cost: float, lives: Iterable[int] = (3, 5), years: int | None = None,
                       currency: str = "USD") -> Table:
    """Profit is an estimate: the same servers, bought for `cost`, depreciated over different
    useful lives. The cash is the same; each year's profit is not.

    >>> t = useful_life_effect(1_500_000, (3, 5))
    >>> t.frame.loc[1].tolist()
    [1500000.0, 500000.0, 300000.0]
    """
    lives = [int(n) for n in lives]
    if not lives or min(lives) < 1:
        raise InputError("useful lives must be whole numbers of years, at least 1")
    n = years or max(lives)
    idx = pd.Index(range(1, n + 1), name="year")
    frame = pd.DataFrame({"cash paid": [float(cost) if y == 1 else 0.0 for y in idx]}, index=idx)
    for life in lives:
        frame[f"depreciation over {life} years"] = [float(cost) / life if y <= life else 0.0 for y in idx]
    return Table(frame, "money", f"Servers bought for {money_words(cost, currency)}: same cash, "
                 "different profit", currency)


# --- profit is not cash ------------------------------------------------------------------------

def profit_and_cash(company) -> Table:
    """Net income beside the cash the business brought in, capital spending and free cash
    flow, every year (empty rows when there is no cash-flow statement).

    >>> import finlit
    >>> t = profit_and_cash(finlit.load("AAPL"))
    >>> round(float(t.frame.loc["FY2023", "cash minus profit"]) / 1e9, 1)
    13.5
    """
    years = company.years
    frame = pd.DataFrame({
        "net income": [_get(company, "net_income", y) for y in years],
        "operating cash flow": [_get(company, "operating_cash_flow", y) for y in years],
        "capital expenditure": [_get(company, "capital_expenditure", y) for y in years],
        "free cash flow": [_get(company, "free_cash_flow", y) for y in years],
    }, index=pd.Index(_fy(years), name="fiscal year"))
    frame["cash minus profit"] = frame["operating cash flow"] - frame["net income"]
    notes = []
    if frame["operating cash flow"].isna().all():
        notes.append(f"The data for {company.name} has no cash-flow statement: profit is known, "
                     "cash is not.")
    return Table(frame, "money", f"{company.name}: profit and cash", company.currency, notes)


def profit_vs_cash_chart(company):
    """Per year: net income, operating cash flow and free cash flow side by side."""
    import plotly.graph_objects as go

    from .charts.theme import COLORS, chart_title, label_money_axis, money_scale, style

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


# --- fixed versus variable costs --------------------------------------------------------------

@dataclass
class CostBehaviour:
    """A company's costs split into variable (they move with sales) and fixed (they do not),
    for one year. Costs = revenue − operating income. NaN with a `reason` when the split
    cannot be made."""

    company: str
    fiscal_year: int
    currency: str
    revenue: float
    variable_costs: float
    fixed_costs: float
    operating_income: float
    variable_items: tuple
    reason: str | None = None

    @property
    def contribution_margin(self) -> float:
        """The share of each sale left after variable costs, to pay the fixed costs."""
        return (self.revenue - self.variable_costs) / self.revenue if self.revenue else float("nan")

    @property
    def breakeven_revenue(self) -> float:
        """Sales at which operating income would be zero."""
        cm = self.contribution_margin
        return self.fixed_costs / cm if cm and cm > 0 else float("nan")

    @property
    def operating_leverage(self) -> float:
        """How many % operating income moves for 1% of sales (NaN when there is no profit)."""
        if is_missing(self.operating_income) or self.operating_income <= 0:
            return float("nan")
        return (self.revenue - self.variable_costs) / self.operating_income

    def operating_income_after(self, sales_change: float) -> float:
        """Operating income if sales changed by `sales_change` (−0.10 for −10%) and the fixed
        costs stayed put."""
        return self.revenue * (1 + sales_change) * self.contribution_margin - self.fixed_costs

    def explain(self, sales_change: float = -0.10) -> Explanation:
        """The split in words, with what a change in sales would do to profit."""
        cur, title = self.currency, "Fixed and variable costs"
        if self.reason:
            return Explanation(title, f"{self.reason}.", company=self.company, fiscal_year=self.fiscal_year,
                               reason=self.reason)
        after = self.operating_income_after(sales_change)
        change = after / self.operating_income - 1 if self.operating_income > 0 else float("nan")
        out = [f"In FY{self.fiscal_year}, {self.company} had {money_words(self.variable_costs, cur)} of "
               f"costs that move with sales and {money_words(self.fixed_costs, cur)} that do not.",
               f"Of every {currency_prefix(cur)}100 of sales, {currency_prefix(cur)}"
               f"{self.contribution_margin * 100:.0f} was left after the variable costs to pay the fixed ones.",
               f"Sales of {money_words(self.breakeven_revenue, cur)} would just cover all costs."]
        if not is_missing(change):
            word = "fall" if sales_change < 0 else "rise"
            moves = "fall" if change < 0 else "rise"
            out.append(f"If sales {word} by {abs(sales_change):.0%}, operating income would {moves} "
                       f"by about {abs(change):.0%}, because the fixed costs stay.")
        out.append("Why IT should care: most IT costs are fixed (staff, licences, data centres), so when "
                   "sales drop they are among the first costs to be questioned; usage-based cloud "
                   "costs shrink with the business.")
        return Explanation(title, " ".join(sentence(s) for s in out), company=self.company,
                           fiscal_year=self.fiscal_year, value=self.contribution_margin)


def cost_behaviour(company, fiscal_year: int | None = None,
                   variable_items: Iterable[str] = ("cost_of_revenue",)) -> CostBehaviour:
    """Split the year's costs (revenue − operating income) into variable and fixed.

    A simplification, stated: the line items in `variable_items` (by default cost of sales:
    materials, freight, hosting that grows with customers) are taken as fully variable, and
    every other operating cost (salaries, rent, R&D, depreciation, most of IT) as fixed.
    Managerial accounts split costs line by line; the statements do not.

    >>> import finlit
    >>> cost_behaviour(finlit.load("JPM"), 2024).reason
    'JPMorgan Chase & Co. reports no cost of revenue for FY2024 (usual for a bank), so costs cannot be split this way'
    """
    from .items import label

    year = fiscal_year or company.years[-1]
    variable_items = tuple(variable_items)
    revenue = _get(company, "revenue", year)
    operating = _get(company, "operating_income", year)
    nan = float("nan")
    reason = None
    variable = sum(_get(company, k, year) for k in variable_items) if variable_items else 0.0
    if is_missing(revenue) or revenue <= 0:
        reason = f"{company.name} has no revenue for FY{year}"
    elif is_missing(variable):
        missing = [label(k).lower() for k in variable_items if is_missing(_get(company, k, year))]
        reason = (f"{company.name} reports no {', '.join(missing)} for FY{year} (usual for a bank), "
                  "so costs cannot be split this way")
    elif is_missing(operating):
        reason = f"{company.name} reports no operating income for FY{year}, so its total costs are not known"
    if reason:
        return CostBehaviour(company.name, year, company.currency, revenue, nan, nan, operating,
                             variable_items, reason)
    fixed = revenue - operating - variable
    return CostBehaviour(company.name, year, company.currency, revenue, variable, fixed, operating,
                         variable_items)


# a rule of thumb, stated: what usually moves with the business and what does not
IT_COST_BEHAVIOUR = {"staff": "fixed", "software": "fixed", "hardware": "fixed", "network": "fixed",
                     "cloud": "variable", "services": "variable"}


def it_fixed_variable(budget, fiscal_year: int | None = None,
                      behaviour: Mapping[str, str] | None = None) -> Table:
    """An IT budget's categories as fixed or variable costs for one year.

    `budget`: a frame from `finlit.itbudget.read_it_budget` / `load_it_budget`, or a bundled
    ticker ("LARKSPUR"). `behaviour` maps category → "fixed"/"variable"; the default
    (`IT_COST_BEHAVIOUR`) is a rule of thumb: staff, software licences, hardware and network
    are fixed for a year; pay-per-use cloud and outside services move with the business.

    >>> t = it_fixed_variable("LARKSPUR", 2025)
    >>> float(t.frame.loc["variable", "amount"]) / 1e6, round(float(t.frame.loc["variable", "share"]), 3)
    (7.1, 0.255)
    """
    from .itbudget import bundled_it_budget, totals

    if isinstance(budget, str):
        budget = bundled_it_budget(budget)
    t = totals(budget)
    year = fiscal_year or int(t.index[-1])
    if year not in t.index:
        raise InputError(f"the IT budget has no FY{year}: it has {', '.join(str(y) for y in t.index)}")
    behaviour = dict(IT_COST_BEHAVIOUR if behaviour is None else behaviour)
    rows = []
    for category, kind in behaviour.items():
        if category in t.columns:
            rows.append((category, kind, float(t.at[year, category])))
    frame = pd.DataFrame(rows, columns=["category", "behaviour", "amount"])
    by_kind = frame.groupby("behaviour")["amount"].sum().reindex(["fixed", "variable"], fill_value=0.0)
    out = pd.DataFrame({"amount": by_kind, "share": by_kind / by_kind.sum(),
                        "categories": [", ".join(frame.loc[frame.behaviour == k, "category"]) for k in by_kind.index]})
    out.index.name = f"FY{year}"
    currency = t.attrs.get("currency") or "USD"
    return Table(out, {"amount": "money", "share": "percent", "categories": "text"},
                 f"IT budget FY{year}: fixed and variable", currency,
                 ["A rule of thumb: staff, licences, hardware and network are fixed for a year; "
                  "pay-per-use cloud and outside services move with the business."])


# --- total cost of ownership ------------------------------------------------------------------

@dataclass
class TCO:
    """The total cost of ownership of one option: `frame` has one row per year (0 = the
    purchase) and one column per cost component, positive amounts."""

    name: str
    frame: pd.DataFrame
    rate: float = 0.0
    currency: str = "USD"

    @property
    def total(self) -> float:
        return float(self.frame.to_numpy().sum())

    @property
    def present_value(self) -> float:
        """The total with each year discounted at `rate` (year 0 not discounted)."""
        per_year = self.frame.sum(axis=1)
        return float(sum(v / (1 + self.rate) ** t for t, v in per_year.items()))

    @property
    def by_component(self) -> pd.Series:
        return self.frame.sum()


def tco(upfront: Mapping[str, float], yearly: Mapping[str, float], years: int, rate: float = 0.0,
        growth: float = 0.0, name: str = "", currency: str = "USD") -> TCO:
    """Everything an option costs over `years`: one-off costs in year 0 (`upfront`: hardware,
    licences, implementation) and running costs every year from year 1 (`yearly`: support,
    power, staff time, subscriptions), growing by `growth` a year.

    >>> cloud = tco({"migration": 100_000}, {"subscription": 380_000}, years=4, growth=0.05)
    >>> round(cloud.total), round(cloud.frame.loc[4, "subscription"])
    (1737848, 439898)
    """
    n = int(years)
    if n < 1:
        raise InputError("a TCO needs at least one year")
    idx = pd.Index(range(n + 1), name="year")
    frame = pd.DataFrame(index=idx)
    for k, v in upfront.items():
        frame[k] = [float(v) if y == 0 else 0.0 for y in idx]
    for k, v in yearly.items():
        frame[k] = [0.0 if y == 0 else float(v) * (1 + growth) ** (y - 1) for y in idx]
    if any((frame < 0).any()):
        raise InputError("TCO costs are positive amounts")
    return TCO(name or "Option", frame.astype(float), rate, currency)


def tco_table(*options: TCO) -> Table:
    """The options side by side: each cost component over the whole life, the total, and the
    total in today's money (discounted at each option's rate)."""
    components = list(dict.fromkeys(c for o in options for c in o.frame.columns))
    frame = pd.DataFrame({o.name: [float(o.by_component.get(c, 0.0)) for c in components]
                          + [o.total, o.present_value] for o in options},
                         index=components + ["total cost of ownership", "in today's money"])
    frame.index.name = "cost"
    currency = options[0].currency if options else "USD"
    return Table(frame, "money", "Total cost of ownership", currency)


def tco_chart(*options: TCO):
    """One stacked bar per option: what it costs over its life, component by component."""
    import plotly.graph_objects as go

    from .charts.theme import PALETTE, chart_title, label_money_axis, money_scale, style

    divisor, unit = money_scale([o.total for o in options])
    components = list(dict.fromkeys(c for o in options for c in o.frame.columns))
    fig = go.Figure()
    for i, c in enumerate(components):
        fig.add_trace(go.Bar(x=[o.name for o in options],
                             y=[float(o.by_component.get(c, 0.0)) / divisor for o in options],
                             name=c, marker_color=PALETTE[i % len(PALETTE)]))
    years = max(len(o.frame) - 1 for o in options) if options else 0
    style(fig, chart_title("Total cost of ownership", "", f"all costs over {years} years, not just the price"))
    fig.update_layout(barmode="stack")
    label_money_axis(fig, options[0].currency if options else "USD", unit, what="Cost")
    return fig


def explain_tco(*options: TCO) -> Explanation:
    """The comparison in words: which option costs less over its life, and by how much.

    >>> a = tco({"hardware": 1_200_000}, {"running": 60_000}, 4, name="On-premises")
    >>> b = tco({}, {"subscription": 380_000}, 4, name="Cloud")
    >>> explain_tco(a, b).text.split(". ")[1]
    'On-premises is the cheaper one, by $80,000 over 4 years'
    """
    if len(options) < 1:
        raise InputError("give at least one option")
    cur = options[0].currency
    years = max(len(o.frame) - 1 for o in options)
    out = ["Over " + str(years) + " years, " + "; ".join(
        f"{o.name} costs {money_words(o.total, cur)} in total" for o in options)]
    ranked = sorted(options, key=lambda o: o.total)
    if len(ranked) > 1:
        out.append(f"{ranked[0].name} is the cheaper one, by {money_words(ranked[1].total - ranked[0].total, cur)} "
                   f"over {years} years")
        first = {o.name: float(o.frame.loc[0].sum()) for o in options}
        if first[ranked[0].name] > min(first.values()):
            out.append(f"But it asks for more cash up front ({money_words(first[ranked[0].name], cur)}), "
                       "which weighs on free cash flow in the first year")
    out.append("Why IT should care: the price tag is only the first year; TCO counts support, "
               "power, staff time and upgrades, which is what finance will see every year")
    return Explanation("Total cost of ownership", " ".join(sentence(s) for s in out))


# --- chargeback and showback --------------------------------------------------------------------

# Invented for teaching: Larkspur Components' business units and what each uses of IT.
LARKSPUR_DRIVERS = {
    "staff": {"Valves": 310, "Bearings": 260, "Drive parts": 140, "Head office": 290},      # IT tickets
    "software": {"Valves": 820, "Bearings": 700, "Drive parts": 380, "Head office": 550},   # user licences
    "cloud": {"Valves": 40_000, "Bearings": 22_000, "Drive parts": 18_000, "Head office": 20_000},  # compute hours
    "hardware": {"Valves": 900, "Bearings": 760, "Drive parts": 420, "Head office": 420},   # devices
    "network": {"Valves": 3, "Bearings": 2, "Drive parts": 1, "Head office": 1},            # sites
    "services": {"Valves": 310, "Bearings": 260, "Drive parts": 140, "Head office": 290},   # IT tickets
}


def it_costs_by_category(budget, fiscal_year: int | None = None, kind: str = "opex") -> dict[str, float]:
    """One year's IT costs per category (`kind` "opex", "capex" or "all") from an IT budget
    frame or a bundled ticker.

    >>> round(it_costs_by_category("LARKSPUR", 2025)["cloud"] / 1e6, 2)
    4.8
    """
    from .itbudget import bundled_it_budget

    if isinstance(budget, str):
        budget = bundled_it_budget(budget)
    year = fiscal_year or int(budget["fiscal_year"].max())
    rows = budget[budget["fiscal_year"] == year]
    if kind != "all":
        rows = rows[rows["kind"] == kind]
    if rows.empty:
        raise InputError(f"the IT budget has no {kind} for FY{year}")
    return {k: float(v) for k, v in rows.groupby("category", sort=False)["amount"].sum().items()}


def allocate_it_costs(costs: Mapping[str, float], drivers: Mapping[str, Mapping[str, float]],
                      mode: str = "showback", currency: str = "USD") -> Table:
    """Share IT's costs out to the business units by what each uses (its "driver": tickets,
    licences, compute hours …). Each service's cost is split in proportion to its driver.

    Showback reports each unit's share; chargeback bills it to the unit's budget. The
    numbers are the same; what changes is who pays, and so how people behave.

    >>> t = allocate_it_costs({"cloud": 100.0, "staff": 50.0},
    ...                       {"cloud": {"A": 3, "B": 1}, "staff": {"A": 1, "B": 1}}, mode="chargeback")
    >>> t.frame.loc["A"].tolist()
    [75.0, 25.0, 100.0, 0.6666666666666666]
    """
    if mode not in ("showback", "chargeback"):
        raise InputError(f"mode {mode!r}: use 'showback' or 'chargeback'")
    units = list(dict.fromkeys(u for d in drivers.values() for u in d))
    frame = pd.DataFrame(0.0, index=pd.Index(units, name="business unit"), columns=list(costs))
    for service, amount in costs.items():
        usage = drivers.get(service)
        if not usage or sum(usage.values()) <= 0:
            raise InputError(f"no driver for {service!r}: say what each unit uses of it")
        total = float(sum(usage.values()))
        for unit, qty in usage.items():
            frame.at[unit, service] = float(amount) * float(qty) / total
    frame["total"] = frame[list(costs)].sum(axis=1)
    grand = frame["total"].sum()
    frame.loc["all units"] = frame.sum()
    frame["share"] = frame["total"] / grand
    verb = "billed to" if mode == "chargeback" else "shown to"
    return Table(frame, {"share": "percent"}, f"{mode.capitalize()}: IT costs {verb} each business unit",
                 currency)


def allocation_chart(table: Table):
    """Stacked bars: each business unit's share of IT costs, service by service."""
    import plotly.graph_objects as go

    from .charts.theme import PALETTE, chart_title, label_money_axis, money_scale, style

    f = table.frame.drop(index="all units", errors="ignore")
    services = [c for c in f.columns if c not in ("total", "share")]
    divisor, unit = money_scale(f["total"])
    fig = go.Figure()
    for i, s in enumerate(services):
        fig.add_trace(go.Bar(x=list(f.index), y=list(f[s] / divisor), name=s,
                             marker_color=PALETTE[i % len(PALETTE)]))
    style(fig, chart_title("Who uses IT", "", table.caption))
    fig.update_layout(barmode="stack")
    label_money_axis(fig, table.currency, unit, what="IT cost")
    return fig


# --- capitalising internal-use software -----------------------------------------------------

STAGES = ("preliminary", "development", "post_implementation")


def capitalise_software(spend: Mapping[int, Mapping[str, float]], useful_life: int = 5,
                        in_service: int | None = None, horizon: int | None = None,
                        currency: str = "USD") -> Table:
    """Internal-use software under US GAAP (ASC 350-40), simplified: costs of the
    preliminary stage (choosing, planning) and after go-live (training, maintenance) are
    expenses of their year; costs of the application-development stage (building,
    configuring, testing) are capitalised, and the asset is amortised straight-line over
    `useful_life` years from the year it goes into service (default: the year after the
    last development cost).

    `spend`: {fiscal year: {stage: amount}} with stages preliminary, development,
    post_implementation. The frame compares the profit effect with capitalisation against
    expensing everything; cash is the same either way.

    >>> t = capitalise_software({2022: {"preliminary": 400_000}, 2023: {"development": 2_000_000}},
    ...                         useful_life=4, horizon=2025)
    >>> t.frame.loc[2024].tolist()
    [0.0, 0.0, 500000.0, -500000.0, 0.0, 0.0, 1500000.0]
    """
    bad = {s for stages in spend.values() for s in stages} - set(STAGES)
    if bad:
        raise InputError(f"unknown stage {sorted(bad)[0]!r}: use {', '.join(STAGES)}")
    life = int(useful_life)
    if life < 1:
        raise InputError("useful life must be at least one year")
    dev_years = [y for y, s in spend.items() if s.get("development", 0)]
    start = in_service or ((max(dev_years) + 1) if dev_years else min(spend))
    first = min(spend)
    last = horizon or max(max(spend), start + life - 1)
    idx = pd.Index(range(first, last + 1), name="fiscal_year")
    expensed = pd.Series([float(spend.get(y, {}).get("preliminary", 0)) +
                          float(spend.get(y, {}).get("post_implementation", 0)) for y in idx], index=idx)
    capitalised = pd.Series([float(spend.get(y, {}).get("development", 0)) for y in idx], index=idx)
    asset = float(capitalised.sum())  # amortised from `start`; later development adds to the cost base
    amortisation = pd.Series([asset / life if start <= y < start + life else 0.0 for y in idx], index=idx)
    cash = expensed + capitalised
    frame = pd.DataFrame({
        "expensed": expensed, "capitalised": capitalised, "amortisation": amortisation,
        "profit_effect": -(expensed + amortisation), "profit_effect_if_all_expensed": -cash,
        "cash_out": cash, "asset_at_year_end": capitalised.cumsum() - amortisation.cumsum(),
    }).astype(float) + 0.0
    frame["cash_out"] = -frame["cash_out"] + 0.0
    frame = frame[["expensed", "capitalised", "amortisation", "profit_effect",
                   "profit_effect_if_all_expensed", "cash_out", "asset_at_year_end"]]
    return Table(frame, "money", f"Capitalised software: in service FY{start}, amortised over {life} years",
                 currency, ["Cash leaves when the work is paid for, whatever the accounting; "
                            "capitalising moves the hit to profit into the years the software is used."])


def capitalisation_chart(table: Table):
    """Profit effect per year with and without capitalising, beside the cash that left."""
    import plotly.graph_objects as go

    from .charts.theme import COLORS, OKABE_ITO, chart_title, label_money_axis, money_scale, style

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


# --- project appraisal in words ----------------------------------------------------------------

def explain_project(result, name: str = "The project", currency: str = "USD") -> Explanation:
    """An IT project's payback, ROI, NPV and IRR (a `finlit.itspend.scenarios.project`
    result) in plain words.

    >>> from finlit.itspend.scenarios import project
    >>> e = explain_project(project([-100_000, 60_000, 60_000], rate=0.08), "The new tool")
    >>> e.text.split(". ")[0]
    'The new tool costs $100,000 and brings back $120,000'
    """
    f = result.frame
    flows = f["cash_flow"]
    cost, back = float(-flows[flows < 0].sum()), float(flows[flows > 0].sum())
    out = [f"{name} costs {money_words(cost, currency)} and brings back {money_words(back, currency)}"]
    if is_missing(result.payback_years):
        out.append(f"It never pays back: {result.reasons.get('payback_years', 'the savings do not cover the cost')}")
    else:
        out.append(f"The payback is {result.payback_years:.1f} years from the first payment")
    if not is_missing(result.roi):
        out.append(f"The ROI is {result.roi:.0%}: each {currency_prefix(currency)}1 spent comes back as "
                   f"{currency_prefix(currency)}{1 + result.roi:.2f}, before counting the cost of waiting")
    verdict = ("so it earns more than money costs the company" if result.npv > 0
               else "so it earns less than money costs the company")
    out.append(f"Discounted at {result.rate:.0%} a year, the NPV is {money_words(result.npv, currency)}, {verdict}")
    if not is_missing(result.irr):
        out.append(f"The IRR is {result.irr:.1%}: the yearly return the project earns")
    else:
        out.append(f"The IRR cannot be given: {result.reasons.get('irr', 'no single rate')}")
    out.append("Why IT should care: finance compares every request with other uses of the same cash; "
               "a case with a payback, an NPV and honest assumptions competes on equal terms")
    return Explanation("The business case", " ".join(sentence(s) for s in out), value=result.npv)


def project_sensitivity(cashflows, rate: float, changes: Iterable[float] = (-0.2, -0.1, 0.0, 0.1),
                        currency: str = "USD", start_year: int | None = None) -> Table:
    """What if the benefits are smaller or larger than planned? The project recomputed with
    every positive cash flow scaled by (1 + change).

    >>> t = project_sensitivity([-100, 60, 60], 0.0, [-0.5, 0.0])
    >>> t.frame["NPV"].tolist()
    [-40.0, 20.0]
    """
    from .itspend.scenarios import project

    flows = [float(c) for c in cashflows]
    rows, index = [], []
    for ch in changes:
        r = project([c * (1 + ch) if c > 0 else c for c in flows], rate, start_year)
        rows.append([r.npv, r.irr, r.payback_years, r.roi])
        index.append(f"benefits {ch:+.0%}" if ch else "as planned")
    frame = pd.DataFrame(rows, index=pd.Index(index, name="scenario"),
                         columns=["NPV", "IRR", "payback (years)", "ROI"])
    frame.attrs["changes"] = list(changes)
    return Table(frame, {"NPV": "money", "IRR": "percent", "payback (years)": "years", "ROI": "percent"},
                 f"What if the benefits differ? (discounted at {rate:.0%})", currency)


def explain_cloud(scenario) -> Explanation:
    """A cloud-versus-on-premises scenario (`finlit.itspend.scenarios.cloud_vs_onprem`) in words.

    >>> from finlit.itspend.scenarios import cloud_vs_onprem
    >>> s = cloud_vs_onprem(1_200_000, 4, 380_000, 60_000, years=4)
    >>> explain_cloud(s).text.split(". ")[0]
    'Buying the hardware takes $1.3 million of cash in year 1; the cloud takes $380,000'
    """
    f, cur = scenario.frame, scenario.currency or "USD"
    i = scenario.inputs
    y1 = f.loc[1]
    out = [f"Buying the hardware takes {money_words(-y1['onprem_free_cash_flow'], cur)} of cash in year 1; "
           f"the cloud takes {money_words(-y1['cloud_free_cash_flow'], cur)}",
           f"In profit, the hardware shows up only as depreciation of "
           f"{money_words(i['hardware_cost'] / i['useful_life'], cur)} a year over {i['useful_life']} years, "
           "so EBITDA looks better on-premises, while the cloud subscription is an operating expense in full"]
    totals = scenario.total_cash
    cheaper = "on-premises" if totals["onprem"] > totals["cloud"] else "the cloud"
    diff = abs(totals["onprem"] - totals["cloud"])
    out.append(f"Over {i['years']} years {cheaper} uses {money_words(diff, cur)} less cash")
    if scenario.cash_breakeven_year:
        out.append(f"On-premises has used less cash in total from year {scenario.cash_breakeven_year}")
    out.append("Why IT should care: capex and opex land in different places; finance may prefer one "
               "for EBITDA, free cash flow or flexibility, so show all three")
    return Explanation("Cloud or on-premises", " ".join(sentence(s) for s in out))


SCENARIO_COLUMNS = {"onprem_ebitda": "on-premises: EBITDA", "onprem_depreciation": "on-premises: depreciation",
                    "onprem_operating_income": "on-premises: operating income",
                    "onprem_free_cash_flow": "on-premises: free cash flow",
                    "onprem_cumulative_cash": "on-premises: cash so far",
                    "cloud_ebitda": "cloud: EBITDA", "cloud_operating_income": "cloud: operating income",
                    "cloud_free_cash_flow": "cloud: free cash flow", "cloud_cumulative_cash": "cloud: cash so far"}


def scenario_table(scenario) -> Table:
    """A cloud-versus-on-premises scenario year by year, rows labelled in words (costs are
    negative: they lower profit and cash).

    >>> from finlit.itspend.scenarios import cloud_vs_onprem
    >>> t = scenario_table(cloud_vs_onprem(1_200_000, 4, 380_000, 60_000, years=4))
    >>> float(t.frame.loc["on-premises: free cash flow", "year 1"])
    -1260000.0
    """
    f = scenario.frame[[c for c in SCENARIO_COLUMNS if c in scenario.frame]]
    frame = f.rename(columns=SCENARIO_COLUMNS).T
    frame.columns = [f"year {y}" for y in f.index]
    frame.index.name = "effect"
    return Table(frame, "money", "Cloud or on-premises, year by year (costs are negative)",
                 scenario.currency or "USD")


def project_table(result, currency: str = "USD") -> Table:
    """The four numbers of a business case in one small table: ROI, payback (plain and
    discounted), NPV and IRR, with the reason when one is missing.

    >>> from finlit.itspend.scenarios import project
    >>> t = project_table(project([-100, 60, 60], rate=0.0))
    >>> str(t).splitlines()[-1].split()
    ['IRR', '13.1%']
    """
    rows = [("ROI", result.roi, "percent", "roi"), ("Payback", result.payback_years, "years", "payback_years"),
            ("Payback, discounted", result.discounted_payback_years, "years", "discounted_payback_years"),
            (f"NPV at {result.rate:.0%}", result.npv, "money", "npv"), ("IRR", result.irr, "percent", "irr")]
    values = [v if not is_missing(v) else f"not available: {result.reasons.get(key, 'no value')}"
              for _, v, _, key in rows]
    frame = pd.DataFrame({"value": values}, index=pd.Index([r[0] for r in rows], name="measure"), dtype=object)
    return Table(frame, {r[0]: r[2] for r in rows}, "The business case in four numbers", currency)


# --- the IT view as a short table -------------------------------------------------------------

IT_SUMMARY_METRICS = ("revenue", "it_spend", "it_pct_revenue", "band_low", "band_high", "it_per_employee",
                      "it_pct_opex", "it_growth", "revenue_growth", "it_capex_share",
                      "revenue_per_it_dollar", "margin_effect_10pct_pp")


def it_summary(view, years: Iterable[int] | None = None) -> Table:
    """The IT ratios of an `ITView` (finlit.itspend.it_view), one row each, years as columns.

    >>> import finlit
    >>> from finlit.itspend import it_view
    >>> t = it_summary(it_view(finlit.load("LARKSPUR")), [2025])
    >>> round(float(t.frame.loc["IT spend as % of revenue", "FY2025"]), 4)
    0.0313
    """
    from .itspend.views import METRICS

    years = list(view.years if years is None else years)
    frame = pd.DataFrame({f"FY{y}": [view.value(m, y) for m in IT_SUMMARY_METRICS] for y in years},
                         index=pd.Index([METRICS[m][0] for m in IT_SUMMARY_METRICS], name="IT ratio"))
    units = {METRICS[m][0]: METRICS[m][1] for m in IT_SUMMARY_METRICS}
    return Table(frame, units, f"IT ratios ({view.spend.source})", view.currency, [view.spend.label]
                 if view.spend.is_estimate else [])


def it_budget_chart(budget, title: str = "IT budget by category"):
    """Stacked bars per fiscal year: the IT budget by category (from a budget frame or a
    bundled ticker), capex and opex together."""
    import plotly.graph_objects as go

    from .charts.theme import PALETTE, chart_title, label_money_axis, money_scale, style
    from .itbudget import CATEGORIES, bundled_it_budget, totals

    if isinstance(budget, str):
        budget = bundled_it_budget(budget)
    t = totals(budget)
    divisor, unit = money_scale(t["it_spend"])
    fig = go.Figure()
    for i, c in enumerate(CATEGORIES):
        if t[c].any():
            fig.add_trace(go.Bar(x=[f"FY{y}" for y in t.index], y=list(t[c] / divisor), name=c,
                                 marker_color=PALETTE[i % len(PALETTE)]))
    style(fig, chart_title(title, "", "capex and opex together"))
    fig.update_layout(barmode="stack")
    label_money_axis(fig, t.attrs.get("currency") or "USD", unit, what="IT spend")
    return fig


# --- IT budgets, benchmarks and the margin ----------------------------------------------------

def budget_of(company, it_budget: str = "") -> pd.DataFrame:
    """The IT budget a lesson uses: your file (`it_budget`, CSV or TOML) when given, else the
    one bundled for the company, else Larkspur Components' budget as a worked example (its
    ``attrs["label"]`` says so).

    >>> import finlit
    >>> budget_of(finlit.load("AAPL")).attrs["label"]
    "Larkspur Components' IT budget, as an example (Apple Inc. has no IT budget in finlit)"
    """
    from .itbudget import bundled_it_budget, bundled_it_budgets, load_it_budget

    if it_budget:
        budget = load_it_budget(it_budget)
        budget.attrs["label"] = f"your IT budget ({os.path.basename(str(it_budget))})"
    elif company.ticker.upper() in bundled_it_budgets():
        budget = bundled_it_budget(company.ticker)
        budget.attrs["label"] = f"{company.name}: IT budget"
    else:
        budget = bundled_it_budget("LARKSPUR")
        budget.attrs["label"] = (f"Larkspur Components' IT budget, as an example ({company.name} has no "
                                 "IT budget in finlit)")
    return budget


def capex_opex_table(budget) -> Table:
    """An IT budget per fiscal year: operating spend, capital spend and the capital share.

    >>> t = capex_opex_table("LARKSPUR")
    >>> round(float(t.frame.loc["FY2023", "capex share"]), 3)
    0.208
    """
    from .itbudget import bundled_it_budget, totals

    if isinstance(budget, str):
        budget = bundled_it_budget(budget)
    t = totals(budget)
    frame = pd.DataFrame({"IT opex": t["it_opex"], "IT capex": t["it_capex"], "IT spend": t["it_spend"],
                          "capex share": t["it_capex"] / t["it_spend"]})
    frame.index = pd.Index(_fy(t.index), name="fiscal year")
    return Table(frame, {"capex share": "percent"}, budget.attrs.get("label", "IT budget") + ": opex and capex",
                 t.attrs.get("currency") or "USD")


def it_benchmarks(industry: str | None = None) -> Table:
    """Published IT-spend benchmarks for an industry and for all industries: a range of
    figures with their source and year, never one "right" number.

    >>> t = it_benchmarks("retail")
    >>> "Gartner IT Key Metrics Data 2022" in t.frame["source"].tolist()
    True
    """
    from .itspend import benchmark_table, check_industry

    key = check_industry(industry) if industry else ""
    t = benchmark_table()
    t = t[t["industry"].isin(["all", key])] if key else t[t["industry"] == "all"]
    measures = {"pct_revenue": "of revenue", "pct_opex": "of operating expenses",
                "per_employee": "per employee", "per_user": "per user"}
    figure = [percent_words(v) if u == "fraction" else f"{currency_prefix(u)}{v:,.0f}"
              for v, u in zip(t["value"], t["unit"])]
    frame = pd.DataFrame({"figure": figure, "measure": [measures.get(m, m) for m in t["measure"]],
                          "statistic": list(t["statistic"]), "data year": list(t["data_year"]),
                          "source": list(t["source"])}, index=pd.Index(list(t["scope"]), name="scope"))
    return Table(frame, "text", f"IT-spend benchmarks: {key or 'all industries'}",
                 notes=["Definitions differ (with or without depreciation, medians or survey means): "
                        "read them as a range."])


def explain_margin_effect(effect, currency: str = "USD") -> Explanation:
    """A `finlit.itspend.margin_sensitivity` result in words.

    >>> import finlit
    >>> from finlit.itspend import it_view, margin_sensitivity
    >>> e = margin_sensitivity(it_view(finlit.load("LARKSPUR")), 0.10, 2025)
    >>> explain_margin_effect(e).text.split(". ")[0]
    'Raising IT spend by 10% in FY2025 would cost about $2.8 million'
    """
    title = "A budget change and the margin"
    if effect.reason:
        return Explanation(title, sentence(f"The effect cannot be worked out: {effect.reason}"),
                           fiscal_year=effect.fiscal_year, reason=effect.reason)
    verb = "Raising" if effect.change >= 0 else "Cutting"
    out = [f"{verb} IT spend by {abs(effect.change):.0%} in FY{effect.fiscal_year} would "
           f"{'cost' if effect.change >= 0 else 'save'} about {money_words(abs(effect.change) * effect.it_spend, currency)}"]
    if not is_missing(effect.operating_margin):
        out.append(f"The operating margin would move from {percent_words(effect.operating_margin)} to "
                   f"{percent_words(effect.new_operating_margin)}: {abs(effect.effect_pp):.2f} percentage points")
    else:
        out.append(f"That moves the operating margin by {effect.effect_pp:+.2f} percentage points")
    out.append("Why IT should care: this is the number finance thinks in; say it before they do, "
               "with what the company gets for the money")
    return Explanation(title, " ".join(sentence(s) for s in out), fiscal_year=effect.fiscal_year,
                       value=effect.effect_pp)


# --- worked examples for the fictional company ----------------------------------------------------

# Larkspur Components' ERP project by stage (invented for teaching; the development amounts are
# the ERP capex of the bundled IT budget: licences and implementation, FY2023 and FY2024).
LARKSPUR_ERP = {
    2022: {"preliminary": 400_000},            # choosing a vendor, business case
    2023: {"development": 2_900_000},          # licences 1.5 + implementation 1.4
    2024: {"development": 3_100_000},          # licences 1.3 + implementation 1.8
    2025: {"post_implementation": 600_000},    # training, data clean-up, support
}


def project_cashflows(costs: Iterable[float], benefit: float, years: int) -> list[float]:
    """A project's cash flows: the costs (positive amounts, one per year, paid first), then
    `benefit` a year for `years` years.

    >>> project_cashflows([2_900_000, 3_100_000], 1_600_000, 2)
    [-2900000.0, -3100000.0, 1600000.0, 1600000.0]
    """
    if int(years) < 1:
        raise InputError("a project needs at least one year of benefits")
    return [-abs(float(c)) for c in costs] + [float(benefit)] * int(years)


def npv_by_rate(cashflows, rates: Iterable[float] = (0.0, 0.04, 0.08, 0.12), currency: str = "USD") -> Table:
    """The same cash flows valued at several discount rates: the higher the rate, the less
    later money is worth today.

    >>> t = npv_by_rate([-1000, 500, 500, 500], [0.0, 0.10])
    >>> [round(float(v), 2) for v in t.frame["NPV"]]
    [500.0, 243.43]
    """
    from .itspend.scenarios import npv

    rates = list(rates)
    frame = pd.DataFrame({"NPV": [npv(r, cashflows) for r in rates]},
                         index=pd.Index([f"{r:.0%} a year" for r in rates], name="discount rate"))
    return Table(frame, "money", "Net present value at different discount rates", currency)


def project_in_context(result, company, fiscal_year: int | None = None) -> Explanation:
    """The project's size against the company: its cost as a share of a year's operating
    income and free cash flow.

    >>> import finlit
    >>> from finlit.itspend.scenarios import project
    >>> r = project(project_cashflows([2_900_000, 3_100_000], 1_600_000, 5), 0.08, 2023)
    >>> project_in_context(r, finlit.load("LARKSPUR"), 2025).text.split(" (")[0]
    'The project costs $6.0 million, about 8% of one year of operating income at Larkspur Components Inc.'
    """
    year = fiscal_year or company.years[-1]
    cur = company.currency
    flows = result.frame["cash_flow"]
    cost = float(-flows[flows < 0].sum())
    operating = _get(company, "operating_income", year)
    fcf = _get(company, "free_cash_flow", year)
    out = []
    if not is_missing(operating) and operating > 0:
        out.append(f"The project costs {money_words(cost, cur)}, about {cost / operating:.0%} of one year of "
                   f"operating income at {company.name} (FY{year})")
    else:
        out.append(f"The project costs {money_words(cost, cur)}; {company.name} has no operating profit "
                   f"to set it against in FY{year}")
    if not is_missing(fcf) and fcf > 0:
        out.append(f"It would use {cost / fcf:.0%} of one year's free cash flow of {money_words(fcf, cur)}")
    elif not is_missing(fcf):
        out.append("Free cash flow is negative, so the money would have to be borrowed or saved elsewhere")
    out.append("Why IT should care: the bigger the project against the company's own cash, the more "
               "proof finance will want")
    return Explanation("The project and the company", " ".join(sentence(s) for s in out),
                       company=company.name, fiscal_year=year)


def glossary(keys: Iterable[str] | None = None) -> Markdown:
    """Glossary entries (all, or the given terms) as a Markdown list for a notebook.

    >>> str(glossary(["TCO"])).startswith("- **TCO**: Total cost of ownership")
    True
    """
    from .explain import glossary_markdown

    return Markdown(glossary_markdown(keys))


__all__ = [
    "IT_COST_BEHAVIOUR",
    "LARKSPUR_DRIVERS",
    "LARKSPUR_ERP",
    "TCO",
    "CostBehaviour",
    "Markdown",
    "Table",
    "allocate_it_costs",
    "allocation_chart",
    "budget_of",
    "capex_opex_table",
    "capitalisation_chart",
    "capitalise_software",
    "cost_behaviour",
    "example_statements",
    "explain_cloud",
    "explain_margin_effect",
    "explain_project",
    "explain_tco",
    "format_cell",
    "glossary",
    "it_benchmarks",
    "it_budget_chart",
    "it_costs_by_category",
    "it_fixed_variable",
    "it_summary",
    "npv_by_rate",
    "peer_ratios",
    "percent_of_sales",
    "pick_year",
    "profit_and_cash",
    "profit_vs_cash_chart",
    "project_cashflows",
    "project_in_context",
    "project_sensitivity",
    "project_table",
    "revenue_recognition",
    "scenario_table",
    "setup",
    "statements_template",
    "tco",
    "tco_chart",
    "tco_table",
    "useful_life_effect",
    "where_sales_go",
    "where_sales_go_chart",
]
