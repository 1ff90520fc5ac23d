"""Charts of the statements and ratios: waterfall, Sankey, balance-sheet composition, ratio trends.

Every function returns a plotly `Figure` (never a file) in the "finlit" theme,
with the currency and unit on the money axis and the company name escaped in
the title. A bank (`CompanyInfo.kind`) is drawn as banks report: net interest income +
noninterest income = total net revenue, − provision for credit losses − noninterest expense =
profit before tax (its interest expense is inside net interest income, never a second cost), and
its balance sheet as cash, securities, loans, deposits, borrowings and equity. Missing lines are
skipped or bridged, never invented: a company without cost of revenue goes straight from revenue
to profit before tax; a company that reports no income-tax line gets one "Tax and other" step;
a balance-sheet line that is not reported (Apple's goodwill after FY2017) is a gap, never a bar
of 0, and a note names it; a loss is shown as money the business had to find elsewhere.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> fig = income_waterfall(apple, 2023)
>>> fig.data[0].type, list(fig.data[0].measure)[:3]
('waterfall', ['absolute', 'relative', 'total'])
>>> fig.layout.yaxis.title.text
'Amount (USD billions)'
"""
from __future__ import annotations

import math
import textwrap

import plotly.graph_objects as go

from ..items import label as item_label
from ..markup import escape_html
from ..numbers import money_words, words
from ..ratios import RATIOS
from ..ratios.registry import not_meaningful
from .theme import (with_template, COLORS, GREY, GREYS, OKABE_ITO, PALETTE, chart_title, label_money_axis, label_percent_axis, money_scale,
                    rgba, style)

# --- shared: the income statement as a chain of results and the costs between them -----------

# result lines, top to bottom; each is shown when the company reports it
ANCHORS = (("revenue", "Revenue"), ("gross_profit", "Gross profit"),
           ("operating_income", "Operating income"), ("pretax_income", "Profit before tax"),
           ("net_income", "Net income"))

# the name of what lies between two result lines
STEP_NAMES = {
    ("revenue", "gross_profit"): "Cost of revenue",
    ("revenue", "operating_income"): "Operating costs",
    ("revenue", "pretax_income"): "Costs before tax",
    ("revenue", "net_income"): "All costs and tax",
    ("gross_profit", "operating_income"): "Operating expenses",
    ("gross_profit", "pretax_income"): "Operating expenses, interest and other",
    ("gross_profit", "net_income"): "Expenses, interest and tax",
    ("operating_income", "pretax_income"): "Interest and other",
    ("operating_income", "net_income"): "Interest, tax and other",
}
STEP_COLORS = {"Income tax": COLORS["tax"], "Interest and other": COLORS["interest"]}

# a bank's income statement: the parts of its total net revenue, and its costs before tax
BANK_PARTS = (("net_interest_income", "Net interest income"), ("noninterest_income", "Noninterest income"))
BANK_COSTS = (("provision_for_credit_losses", "Provision for credit losses"),
              ("noninterest_expense", "Noninterest expense"))
MATERIAL = 0.0005  # a rest below 0.05% of revenue is rounding, not a line of its own


def _value(company, item, year) -> float:
    """One value (NaN when absent or when there is no year)."""
    return float("nan") if year is None else company.get(item, year)


def _year(company, fiscal_year):
    years = company.years
    if fiscal_year is None:
        return years[-1] if years else None
    return int(fiscal_year)


def income_steps(company, fiscal_year: int | None = None) -> list[dict]:
    """The income statement as steps: results (kind 'result') and what lies between
    (kind 'cost', a positive amount reduces profit; a negative one is other income).

    Below profit before tax, the cost is split into income tax and 'Other' when the
    tax line is there. Amounts are in currency units.

    A bank's steps are its own (`_bank_steps`): net interest income and noninterest income,
    total net revenue, the provision and noninterest expense.

    >>> import finlit
    >>> [(s["label"], round(s["amount"] / 1e6)) for s in income_steps(finlit.load("AAPL"), 2023)][:3]
    [('Revenue', 383285), ('Cost of revenue', 214137), ('Gross profit', 169148)]
    """
    year = _year(company, fiscal_year)
    if company.kind == "bank":
        return _bank_steps(company, year)
    present = [(k, name, _value(company, k, year)) for k, name in ANCHORS]
    present = [(k, name, v) for k, name, v in present if not math.isnan(v)]
    if not present or present[0][0] != "revenue":
        return []
    steps = [{"key": "revenue", "label": "Revenue", "kind": "result", "amount": present[0][2]}]
    for (k0, _, v0), (k1, name1, v1) in zip(present, present[1:]):
        gap = v0 - v1
        if k0 == "pretax_income" and k1 == "net_income":
            steps += _tax_steps(company, year, gap, present[0][2])
        else:
            steps.append({"key": f"{k0}-{k1}", "label": STEP_NAMES[(k0, k1)], "kind": "cost", "amount": gap})
        steps.append({"key": k1, "label": name1, "kind": "result", "amount": v1})
    return steps


def _tax_steps(company, year, gap: float, revenue: float) -> list[dict]:
    """The costs between profit before tax and net income: income tax (and the rest as "Other"),
    or one "Tax and other" step when no tax line is reported."""
    tax = _value(company, "income_tax", year)
    if math.isnan(tax):
        return [{"key": "tax_and_other", "label": "Tax and other", "kind": "cost", "amount": gap}]
    steps = [{"key": "income_tax", "label": "Income tax", "kind": "cost", "amount": tax}]
    if abs(gap - tax) > MATERIAL * abs(revenue):
        steps.append({"key": "other", "label": "Other", "kind": "cost", "amount": gap - tax})
    return steps


def _bank_steps(company, year) -> list[dict]:
    """A bank's income statement as steps: its revenue's parts (kind 'part': net interest income
    and noninterest income, when both are reported), total net revenue, the provision for credit
    losses and noninterest expense, profit before tax, tax, net income. A rest the named lines do
    not explain is one "Other costs" (or "Other revenue") step; interest expense is never a step.

    >>> from types import SimpleNamespace as NS
    >>> values = {"net_interest_income": 92583, "noninterest_income": 84973, "total_net_revenue": 177556,
    ...           "provision_for_credit_losses": 10678, "noninterest_expense": 91797,
    ...           "pretax_income": 75081, "income_tax": 16610, "net_income": 58471}
    >>> bank = NS(info=NS(kind="bank"), kind="bank", years=[2024], get=lambda k, y: values.get(k, float("nan")))
    >>> [(s["label"], s["amount"]) for s in income_steps(bank, 2024)][:3]
    [('Net interest income', 92583), ('Noninterest income', 84973), ('Total net revenue', 177556)]
    >>> [s["label"] for s in income_steps(bank, 2024)][3:]
    ['Provision for credit losses', 'Noninterest expense', 'Profit before tax', 'Income tax', 'Net income']
    """
    v = lambda k: _value(company, k, year)  # noqa: E731
    revenue, name = v("total_net_revenue"), "Total net revenue"
    if math.isnan(revenue):  # only a vendor's total revenue: not called what it is not
        revenue, name = v("revenue"), "Revenue"
    if math.isnan(revenue):
        return []
    steps = []
    parts = [(k, name, v(k)) for k, name in BANK_PARTS]
    if not any(math.isnan(a) for _, _, a in parts):
        steps = [{"key": k, "label": name, "kind": "part", "amount": a} for k, name, a in parts]
        rest = revenue - sum(a for _, _, a in parts)
        if abs(rest) > MATERIAL * abs(revenue):
            steps.append({"key": "other_revenue", "label": "Other revenue", "kind": "part", "amount": rest})
    steps.append({"key": "revenue", "label": name, "kind": "result", "amount": revenue})
    pretax, net = v("pretax_income"), v("net_income")
    nxt = ("pretax_income", "Profit before tax", pretax) if not math.isnan(pretax) else \
        ("net_income", "Net income", net) if not math.isnan(net) else None
    if nxt is None:
        return steps
    costs = [{"key": k, "label": name, "kind": "cost", "amount": v(k)} for k, name in BANK_COSTS
             if not math.isnan(v(k))]
    rest = revenue - nxt[2] - sum(c["amount"] for c in costs)
    if not costs:
        costs = [{"key": f"revenue-{nxt[0]}", "label": STEP_NAMES[("revenue", nxt[0])], "kind": "cost",
                  "amount": rest}]
    elif abs(rest) > MATERIAL * abs(revenue):
        name = "Other costs" if nxt[0] == "pretax_income" else "Tax and other"
        costs.append({"key": "other_costs", "label": name, "kind": "cost", "amount": rest})
    steps += costs + [{"key": nxt[0], "label": nxt[1], "kind": "result", "amount": nxt[2]}]
    if nxt[0] == "pretax_income" and not math.isnan(net):
        steps += _tax_steps(company, year, pretax - net, revenue)
        steps.append({"key": "net_income", "label": "Net income", "kind": "result", "amount": net})
    return steps


def _money_text(values, divisor):
    return [f"{v / divisor:,.1f}" if abs(v / divisor) < 100 else f"{v / divisor:,.0f}" for v in values]


def _empty(title: str, message: str, height: int = 420) -> go.Figure:
    fig = style(go.Figure(), title, height)
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=14, color=GREY))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# --- income statement waterfall ---------------------------------------------------------------

@with_template
def income_waterfall(company, fiscal_year: int | None = None) -> go.Figure:
    """Revenue down to net income: costs as falling steps, results as total bars.

    `customdata` holds the amounts in currency units; `y` is in the axis unit (e.g. billions).

    >>> import finlit
    >>> fig = income_waterfall(finlit.load("SNOW"), 2025)
    >>> fig.data[0].x[-1], fig.data[0].customdata[-1] < 0
    ('Net income', True)
    """
    year = _year(company, fiscal_year)
    steps = income_steps(company, year)
    title = chart_title("From revenue to profit", company.name, f"FY{year}, income statement")
    if not steps:
        return _empty(title, f"No revenue is reported for FY{year}.")
    divisor, unit = money_scale([s["amount"] for s in steps])
    measures, values = [], []
    for i, s in enumerate(steps):
        if s["kind"] == "result":
            measures.append("absolute" if i == 0 else "total")
            values.append(s["amount"])
        elif s["kind"] == "part":  # a part of revenue (a bank's net interest income): adds up to it
            measures.append("absolute" if i == 0 else "relative")
            values.append(s["amount"])
        else:
            measures.append("relative")
            values.append(-s["amount"])
    fig = go.Figure(go.Waterfall(
        x=[s["label"] for s in steps], measure=measures, y=[v / divisor for v in values],
        customdata=values, text=_money_text(values, divisor), textposition="outside",
        hovertemplate="%{x}: %{text} " + f"{company.currency} {unit}<extra></extra>",
        increasing=dict(marker=dict(color=COLORS["positive"])),
        decreasing=dict(marker=dict(color=COLORS["cost"])),
        totals=dict(marker=dict(color=COLORS["total"])),
        connector=dict(line=dict(color=GREY, width=1)), name=f"FY{year}"))
    style(fig, title)
    label_money_axis(fig, company.currency, unit, what="Amount")
    fig.update_layout(showlegend=False)
    return fig


# --- income statement Sankey ------------------------------------------------------------------

def _node_color(label: str, kind: str) -> str:
    if kind == "loss":
        return COLORS["negative"]
    if kind == "income":
        return COLORS["positive"]
    if kind == "cost":
        return STEP_COLORS.get(label, COLORS["cost"])
    if kind == "part" or label in ("Revenue", "Total net revenue"):
        return COLORS["revenue"]
    return COLORS["profit"]


class _Flows:
    """Nodes and links of a Sankey diagram, built one flow at a time."""

    def __init__(self):
        self.labels, self.kinds, self.index = [], [], {}
        self.sources, self.targets, self.values = [], [], []

    def node(self, label: str, kind: str) -> int:
        if label not in self.index:
            self.index[label] = len(self.labels)
            self.labels.append(label)
            self.kinds.append(kind)
        return self.index[label]

    def flow(self, a: int, b: int, amount: float) -> None:
        if amount > 0:
            self.sources.append(a)
            self.targets.append(b)
            self.values.append(amount)


def _groups(steps):
    """(costs, next result) pairs of an income waterfall, after the first result (revenue)."""
    i = 1
    while i < len(steps):
        costs = []
        while i < len(steps) and steps[i]["kind"] == "cost":
            costs.append(steps[i])
            i += 1
        if i >= len(steps):
            return
        yield costs, steps[i]
        i += 1


def _income_flows(company, year: int, steps) -> tuple[_Flows, str]:
    """The flows of revenue into costs and results, and a note on the net loss or income
    when a loss stops the chain. Revenue is node 0; its parts (a bank's net interest income
    and noninterest income) flow into it when they are all positive."""
    parts = [s for s in steps if s["kind"] == "part"]
    steps = steps[len(parts):]
    flows, current = _Flows(), steps[0]
    flows.node(current["label"], "result")
    if parts and all(p["amount"] > 0 for p in parts):
        for p in parts:
            flows.flow(flows.node(p["label"], "part"), 0, p["amount"])
    for costs, nxt in _groups(steps):
        here = flows.index[current["label"]]
        positive = [c for c in costs if c["amount"] > 0]
        available, first = current["amount"], here == 0
        for c in (c for c in costs if c["amount"] < 0):  # other income: into the current result
            src = flows.node(f"{c['label']} (income)" if c["label"] != "Other" else "Other income", "income")
            if first:  # (or into the next one, after revenue)
                flows.flow(src, flows.node(nxt["label"], "result"), -c["amount"])
            else:
                flows.flow(src, here, -c["amount"])
                available += -c["amount"]
        if nxt["amount"] > 0:
            for c in positive:
                flows.flow(here, flows.node(c["label"], "cost"), c["amount"])
            base = current["amount"] if first else available
            flows.flow(here, flows.node(nxt["label"], "result"), base - sum(c["amount"] for c in positive))
            current = nxt
            continue
        # the next result is a loss: what the current result does not cover comes from the loss
        loss_label = nxt["label"].replace("income", "loss").replace("Gross profit", "Gross loss") \
            .replace("Profit before tax", "Loss before tax")
        loss = flows.node(f"{loss_label} (paid from elsewhere)", "loss")
        for c in positive:
            covered = min(available, c["amount"])
            flows.flow(here, flows.node(c["label"], "cost"), covered)
            flows.flow(loss, flows.node(c["label"], "cost"), c["amount"] - covered)
            available -= covered
        net = _value(company, "net_income", year)
        if not math.isnan(net):
            return flows, f"Net {'loss' if net < 0 else 'income'}: {money_words(abs(net), company.currency)}"
        break
    return flows, ""


@with_template
def income_sankey(company, fiscal_year: int | None = None) -> go.Figure:
    """Where each dollar of revenue went: costs, tax and what was left as profit.

    Flows are conserved: for every node with flows in and out, in = out. Other income
    (a negative cost) flows in as a source; a loss shows as a source named after it
    that pays for the costs revenue did not cover, and the chain stops there.

    >>> import finlit
    >>> fig = income_sankey(finlit.load("AAPL"), 2023)
    >>> fig.data[0].type, fig.data[0].node.label[:3]
    ('sankey', ('Revenue', 'Cost of revenue', 'Gross profit'))
    """
    year = _year(company, fiscal_year)
    steps = income_steps(company, year)
    title = chart_title("Where the money went", company.name, f"FY{year}, income statement")
    if not steps:
        return _empty(title, f"No revenue is reported for FY{year}.")
    revenue = next(s["amount"] for s in steps if s["kind"] == "result")
    if revenue <= 0:
        return _empty(title, f"Revenue is zero or negative in FY{year}.")
    flows, note = _income_flows(company, year, steps)
    divisor, unit = money_scale(flows.values or [revenue])
    colors = [_node_color(lab, kind) for lab, kind in zip(flows.labels, flows.kinds)]
    fig = go.Figure(go.Sankey(
        arrangement="snap", valueformat=",.1f",
        valuesuffix=f" {company.currency} {unit}",
        node=dict(label=flows.labels, color=colors, pad=18, thickness=18,
                  line=dict(color="white", width=0.5)),
        link=dict(source=flows.sources, target=flows.targets, value=[v / divisor for v in flows.values],
                  customdata=flows.values, color=[rgba(colors[t], 0.35) for t in flows.targets])))
    subtitle = f"FY{year}, income statement, {company.currency} {unit}"
    if note:
        subtitle += f" — {note}"
    style(fig, chart_title("Where the money went", company.name, subtitle), 480)
    return fig


# --- balance sheet composition ----------------------------------------------------------------

# the parts of the assets bar: (name, items added up, colour). A part is drawn for a year when
# at least one of its items is reported; an item that is not reported is never drawn as 0: it
# sits in "Other current assets" or "Other assets" (the rest of the total), and a note says so.
CURRENT_PARTS = (("Cash and short-term investments", ("cash_and_equivalents", "short_term_investments"),
                  OKABE_ITO["blue"]),
                 ("Receivables", ("receivables",), OKABE_ITO["sky_blue"]),
                 ("Inventory", ("inventory",), OKABE_ITO["yellow"]))
NONCURRENT_PARTS = (("Long-term marketable securities", ("long_term_investments",), OKABE_ITO["blue"]),
                    ("Property and equipment", ("ppe_net",), OKABE_ITO["reddish_purple"]),
                    ("Goodwill and intangibles", ("goodwill", "intangible_assets"), OKABE_ITO["black"]))
HATCHED = {"Long-term marketable securities"}   # blue like cash, striped: investments, not current
NAN = float("nan")
# a bank's assets are cash, securities and loans, its funding deposits, borrowings and equity
BANK_ASSET_PARTS = (("Cash and equivalents", ("cash_and_equivalents",), OKABE_ITO["blue"]),
                    ("Securities and other investments", ("short_term_investments", "long_term_investments"),
                     OKABE_ITO["sky_blue"]),
                    ("Loans (net)", ("loans_net",), OKABE_ITO["reddish_purple"]))
BANK_FUNDING_PARTS = (("Deposits", ("deposits",), COLORS["liabilities"]),
                      ("Borrowings", ("total_debt",), COLORS["negative"]))


def asset_parts(company) -> tuple:
    """The named parts of the assets bar for this kind of company (the rest is "Other ...")."""
    return BANK_ASSET_PARTS if company.kind == "bank" else CURRENT_PARTS + NONCURRENT_PARTS


def _known(parts) -> float:
    """The sum of the parts that have a value."""
    return sum(a for _, a, _ in parts if not math.isnan(a))


def _asset_parts(company, year) -> tuple[list, list[str]]:
    """The assets bar of one year: (name, amount or NaN, colour) parts, and the items that are
    not reported (left in the "Other ..." rest)."""
    v = lambda k: _value(company, k, year)  # noqa: E731
    parts, missing = [], []
    bank = company.kind == "bank"
    for name, items, colour in (BANK_ASSET_PARTS if bank else CURRENT_PARTS):
        parts.append(_part(name, items, colour, v, missing, whole=bank))
    current = v("current_assets")
    if not bank and not math.isnan(current):
        parts.append(("Other current assets", current - _known(parts), GREYS[1]))
    for name, items, colour in (() if bank else NONCURRENT_PARTS):
        parts.append(_part(name, items, colour, v, missing))
    parts.append(("Other assets", v("total_assets") - _known(parts), GREYS[2]))
    return parts, missing


def _part(name, items, colour, v, missing: list, whole: bool = False) -> tuple:
    """(name, the sum of the items reported or NaN, colour); the items not reported go to `missing`
    (with `whole`, only when none of them is: a bank's securities are one part, whatever the split)."""
    values = [v(i) for i in items]
    present = [x for x in values if not math.isnan(x)]
    if not (whole and present):
        missing.extend(i for i, x in zip(items, values) if math.isnan(x))
    return name, sum(present) if present else NAN, colour


def _funding_parts(company, year) -> tuple[list, list[str]]:
    """The liabilities + equity bar of one year, like `_asset_parts`."""
    v = lambda k: _value(company, k, year)  # noqa: E731
    liabilities, cl, missing = v("total_liabilities"), v("current_liabilities"), []
    if company.kind == "bank":
        debt = [_part(name, items, colour, v, missing) for name, items, colour in BANK_FUNDING_PARTS]
    elif not math.isnan(cl):
        debt = [("Current liabilities", cl, COLORS["liabilities"]),
                ("Long-term debt", v("long_term_debt"), COLORS["negative"])]
    else:
        debt = [("Debt", v("total_debt"), COLORS["negative"])]
    if company.kind != "bank":
        missing += [{"Long-term debt": "long_term_debt", "Debt": "total_debt"}[n]
                    for n, a, _ in debt if math.isnan(a) and n != "Current liabilities"]
    parts = debt + [("Other liabilities", liabilities - _known(debt), GREYS[0])]
    nci = v("noncontrolling_interest")
    if not math.isnan(nci) and nci:
        parts.append(("Minority interest", nci, GREYS[1]))
    equity = v("total_equity")
    if math.isnan(equity):
        missing.append("total_equity")
    parts.append(("Equity", equity, COLORS["equity"]))
    return parts, missing


def _span(when: list, years: list) -> str:
    """'all years', 'FY2018', 'FY2018–FY2025' or 'FY2018, FY2021'."""
    if len(when) == len(years):
        return "all years"
    if len(when) == 1:
        return f"FY{when[0]}"
    if when == list(range(when[0], when[-1] + 1)):
        return f"FY{when[0]}–FY{when[-1]}"
    return ", ".join(f"FY{y}" for y in when)


def _missing_note(missing: dict, years: list) -> str:
    """The note that names the lines not reported, and where their amounts are.

    >>> print(_missing_note({"goodwill": [2018, 2019], "total_equity": [2019]}, [2017, 2018, 2019]))
    Not reported, so not drawn (any amount is inside “Other assets” or “Other liabilities”): goodwill (FY2018–FY2019). Shareholders' equity is not reported for FY2019: that bar is incomplete.
    """
    inside = [f"{item_label(item).lower()} ({_span(when, years)})"
              for item, when in missing.items() if item != "total_equity"]
    out = []
    if inside:
        out.append("Not reported, so not drawn (any amount is inside “Other assets” or “Other "
                   "liabilities”): " + "; ".join(inside) + ".")
    if "total_equity" in missing:
        out.append(f"Shareholders' equity is not reported for {_span(missing['total_equity'], years)}: "
                   "that bar is incomplete.")
    return " ".join(out)


@with_template
def balance_composition(company, years=None) -> go.Figure:
    """What the company owns (assets) beside how it is paid for (liabilities + equity), per year.

    Two stacked bars a year on a two-level axis (year, side). Negative equity goes below
    zero, so the liabilities bar rises above the assets bar by the same amount. A line the
    company does not report is a gap, never a 0: its amount stays inside "Other assets" (or
    "Other current assets", "Other liabilities"), and a note under the chart names it.

    >>> import finlit
    >>> fig = balance_composition(finlit.load("SBUX"))
    >>> fig.layout.barmode
    'relative'
    >>> goodwill = [t for t in balance_composition(finlit.load("AAPL")).data
    ...             if t.name == "Goodwill and intangibles"][0]
    >>> goodwill.customdata[:3]      # FY2016, FY2017 reported; FY2018 on not reported: a gap
    (8620000000.0, 8015000000.0, None)
    """
    years = [y for y in (company.years if years is None else years)
             if not math.isnan(_value(company, "total_assets", y))]
    title = chart_title("What it owns and how it is paid for", company.name, "Balance sheet, year end")
    if not years:
        return _empty(title, "No balance sheet is reported.")
    rows, missing = {}, {}
    for y in years:
        (assets, gone_a), (funding, gone_f) = _asset_parts(company, y), _funding_parts(company, y)
        rows[y] = (assets, funding)
        for item in gone_a + gone_f:
            missing.setdefault(item, []).append(y)
    divisor, unit = money_scale([_value(company, "total_assets", y) for y in years])
    fig = go.Figure()
    _balance_traces(fig, company, years, rows, divisor, unit)
    style(fig, title, 500)
    fig.update_layout(barmode="relative", legend=dict(orientation="v", xref="paper", yref="paper",
                                                       x=1.02, y=1, yanchor="top"))
    label_money_axis(fig, company.currency, unit, what="Amount")
    notes = []
    if any(_value(company, "total_equity", y) < 0 for y in years):
        notes.append(("Equity is negative: the company owes more than it owns", COLORS["negative"]))
    note = _missing_note(missing, years)
    if note:
        notes.append((note, GREY))
    below = 50                                  # pixels under the plot: the year axis first
    for text, colour in notes:
        lines = textwrap.wrap(text, 110)
        fig.add_annotation(text="<br>".join(escape_html(line) for line in lines), xref="paper",
                           yref="paper", x=0, y=0, yanchor="top", yshift=-below, showarrow=False,
                           font=dict(color=colour, size=11), xanchor="left", align="left")
        below += 16 * len(lines) + 6
    if notes:
        fig.update_layout(margin=dict(b=below + 10))
    return fig


def _balance_traces(fig, company, years, rows, divisor, unit) -> None:
    """One bar trace per part; a year where the part is not reported has no bar (None)."""
    order, colors = [], {}
    for side in (0, 1):
        for y in years:
            for name, _, color in rows[y][side]:
                if name not in colors:
                    order.append((side, name))
                    colors[name] = color
    for side, name in order:
        xs, ys, raw = [[], []], [], []
        for y in years:
            amount = dict((n, a) for n, a, _ in rows[y][side]).get(name, NAN)
            xs[0].append(f"FY{y}")
            xs[1].append("Assets" if side == 0 else "Liabilities + equity")
            ys.append(None if math.isnan(amount) else amount / divisor)
            raw.append(None if math.isnan(amount) else amount)
        if not any(raw):
            continue
        marker = dict(color=colors[name])
        if name in HATCHED:
            marker["pattern"] = dict(shape="/", fgcolor="white", fillmode="overlay", solidity=0.3)
        fig.add_trace(go.Bar(x=xs, y=ys, name=name, customdata=raw, marker=marker,
                             legendgroup="assets" if side == 0 else "funding",
                             legendgrouptitle=dict(text="Owns" if side == 0 else "Paid for by"),
                             hovertemplate=f"{escape_html(name)}: " + "%{y:,.1f} "
                                           + f"{company.currency} {unit}<extra></extra>"))


# --- ratio trend ------------------------------------------------------------------------------

@with_template
def ratio_trend(company, key, table=None) -> go.Figure:
    """One ratio over the years with a better/worse cue, or several ratios of one unit as lines.

    A ratio best inside a range gets that range as a shaded band; a higher-is-better or
    lower-is-better ratio gets an arrow note, and each point is coloured by whether it
    moved the better way (blue) or the worse way (vermillion) since the year before.
    Years without a value are gaps, their reason in the hover text. `key` may be a list
    of ratio keys that share a unit: one line each, with a legend. A ratio that means nothing
    for the company's kind (a bank's current ratio) is never drawn: alone, the chart says so.

    >>> import finlit
    >>> fig = ratio_trend(finlit.load("AAPL"), "current_ratio")
    >>> fig.layout.shapes[0].type, fig.layout.yaxis.title.text
    ('rect', 'times (×)')
    >>> [t.name for t in ratio_trend(finlit.load("AAPL"), ["gross_margin", "net_margin"]).data]
    ['Gross margin', 'Net margin']
    """
    keys = [key] if isinstance(key, str) else list(key)
    unknown = [k for k in keys if k not in RATIOS]
    if unknown or not keys:
        raise ValueError(f"unknown ratio {', '.join(map(repr, unknown)) or '(none given)'}: "
                         "see finlit.RATIOS for the catalogue")
    units = {RATIOS[k].unit for k in keys}
    if len(units) > 1:
        raise ValueError(f"ratios {', '.join(keys)} have different units ({', '.join(sorted(units))}): "
                         "draw them in separate charts")
    kind = company.kind
    drawn = [k for k in keys if RATIOS[k].meaningful_for(kind)]  # never a line of "not meaningful"
    if not drawn:
        name = RATIOS[keys[0]].name
        return _empty(chart_title(name, company.name),
                      f"{name} is {not_meaningful(kind)}, so it is not drawn.", 400)
    keys = drawn
    table = table if table is not None else company.ratios(keys)
    years = company.years
    values = {k: [table.value(k, y) for y in years] for k in keys}
    divisor, unit = (1.0, "")
    if RATIOS[keys[0]].unit == "money":
        divisor, unit = money_scale([v for vs in values.values() for v in vs])
    if len(keys) == 1:
        fig = _one_ratio(company, RATIOS[keys[0]], years, values[keys[0]], table, divisor)
    else:
        fig = _ratio_lines(company, keys, years, values, divisor)
    _ratio_axis(fig, RATIOS[keys[0]], company.currency, unit)
    return fig


def _better_colours(values, direction: str) -> list[str]:
    """Each point coloured by whether it moved the better way since the last value."""
    colors, prev = [], float("nan")
    for v in values:
        if math.isnan(v) or math.isnan(prev) or v == prev or direction == "range":
            colors.append(COLORS["neutral"])
        else:
            better = (v > prev) == (direction == "higher")
            colors.append(COLORS["positive"] if better else COLORS["negative"])
        if not math.isnan(v):
            prev = v
    return colors


def _one_ratio(company, r, years, values, table, divisor) -> go.Figure:
    reasons = [table.reason(r.key, y) or "" for y in years]
    text = [words(v, r.unit, company.currency) if not math.isnan(v) else f"not available: {why}"
            for v, why in zip(values, reasons)]
    fig = go.Figure(go.Scatter(
        x=[f"FY{y}" for y in years], y=[v / divisor if not math.isnan(v) else None for v in values],
        mode="lines+markers", name=r.name, text=text, customdata=values,
        line=dict(color=COLORS["neutral"], width=2),
        marker=dict(color=_better_colours(values, r.direction), size=10),
        hovertemplate="%{x}: %{text}<extra></extra>", connectgaps=False))
    subtitle = {"higher": "higher is better", "lower": "lower is better"}.get(r.direction, "")
    if r.direction == "range" and r.good_range:
        lo, hi = r.good_range
        subtitle = f"best between {words(lo, r.unit)} and {words(hi, r.unit)}"
        fig.add_hrect(y0=lo / divisor, y1=hi / divisor, fillcolor=rgba(COLORS["band"], 0.2), line_width=0,
                      layer="below", annotation_text="usual healthy range",
                      annotation_position="top left")
    elif r.direction in ("higher", "lower"):
        fig.add_annotation(text=("▲ better" if r.direction == "higher" else "▼ better"), xref="paper",
                           yref="paper", x=1.0, y=1.0 if r.direction == "higher" else 0.0,
                           xanchor="right", yanchor="top" if r.direction == "higher" else "bottom",
                           showarrow=False, font=dict(color=COLORS["positive"], size=13))
    style(fig, chart_title(r.name, company.name, subtitle), 400)
    fig.update_layout(showlegend=False)
    return fig


def _ratio_lines(company, keys, years, values, divisor) -> go.Figure:
    fig = go.Figure()
    for i, k in enumerate(keys):
        r = RATIOS[k]
        fig.add_trace(go.Scatter(
            x=[f"FY{y}" for y in years], y=[v / divisor if not math.isnan(v) else None for v in values[k]],
            mode="lines+markers", name=r.name, line=dict(color=PALETTE[i % len(PALETTE)], width=2),
            text=[words(v, r.unit, company.currency) for v in values[k]],
            hovertemplate=f"{r.name}, " + "%{x}: %{text}<extra></extra>", connectgaps=False))
    names = [RATIOS[k].name for k in keys]
    title = ", ".join(names[:-1]) + " and " + names[-1][0].lower() + names[-1][1:]
    style(fig, chart_title(title, company.name), 400)
    fig.update_layout(showlegend=True)   # the theme's legend: at the foot, never over the title
    return fig


def _ratio_axis(fig, r, currency: str, unit: str) -> None:
    if r.unit == "percent":
        label_percent_axis(fig, of="", decimals=0)
        fig.update_yaxes(title_text="percent (%)")
    elif r.unit == "money":
        label_money_axis(fig, currency, unit, what=r.name)
    else:
        fig.update_yaxes(title_text="times (×)" if r.unit == "times" else "days")
