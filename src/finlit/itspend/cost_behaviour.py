"""Fixed versus variable costs: a company's and its IT budget's.

Cost of sales taken as the variable part (a simplification the docstrings state):

>>> import finlit
>>> cb = cost_behaviour(finlit.load("LARKSPUR"), 2025)
>>> round(cb.contribution_margin, 3), round(cb.operating_leverage, 2)
(0.326, 3.66)
>>> round(cb.operating_income_after(-0.10) / cb.operating_income - 1, 3)   # sales -10%: profit -37%
-0.366

`finlit.explain.lessons.explain_cost_behaviour` says the split in words.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..display import Table
from ..errors import InputError
from ..items import label
from ..itbudget import totals
from ..numbers import is_missing
from .budgets import budget_frame
from .teaching import IT_COST_BEHAVIOUR


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
    year = fiscal_year or company.years[-1]
    variable_items = tuple(variable_items)
    revenue = company.get("revenue", year)
    operating = company.get("operating_income", year)
    nan = float("nan")
    reason = None
    variable = sum(company.get(k, year) for k in variable_items) if variable_items else 0.0
    if is_missing(revenue) or revenue <= 0:
        reason = f"{company.name} has no revenue for FY{year}"
    elif is_missing(variable):
        missing = [label(k).lower() for k in variable_items if is_missing(company.get(k, year))]
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
    t = totals(budget_frame(budget))
    year = fiscal_year or int(t.index[-1])
    if year not in t.index:
        raise InputError(f"the IT budget has no FY{year}: it has {', '.join(str(y) for y in t.index)}")
    behaviour = dict(IT_COST_BEHAVIOUR if behaviour is None else behaviour)
    rows = [(category, kind, float(t.at[year, category]))
            for category, kind in behaviour.items() if category in t.columns]
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


__all__ = ["IT_COST_BEHAVIOUR", "CostBehaviour", "cost_behaviour", "it_fixed_variable"]
