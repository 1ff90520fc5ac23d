"""Total cost of ownership: everything an option costs over its life, not just the price.

>>> onprem = tco({"hardware": 1_200_000}, {"running": 60_000}, years=4, name="On-premises")
>>> onprem.total
1440000.0
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..display import Table
from ..errors import InputError


@dataclass
class TCO:
    """The total cost of ownership of one option: `frame` has one row per year (0 = the
    purchase) and one column per cost component, positive amounts.

    >>> t = tco({"hardware": 1_000}, {"support": 100}, years=2, rate=0.10)
    >>> t.total, round(t.present_value, 2), t.by_component.to_dict()
    (1200.0, 1173.55, {'hardware': 1000.0, 'support': 200.0})
    """

    name: str
    frame: pd.DataFrame
    rate: float = 0.0
    currency: str = "USD"

    @property
    def total(self) -> float:
        """Every cost over the whole life, undiscounted."""
        return float(self.frame.to_numpy().sum())

    @property
    def present_value(self) -> float:
        """The total with each year discounted at `rate` (year 0 not discounted)."""
        per_year = self.frame.sum(axis=1)
        return float(sum(v / (1 + self.rate) ** t for t, v in per_year.items()))

    @property
    def by_component(self) -> pd.Series:
        """Each cost component over the whole life."""
        return self.frame.sum()

    @property
    def years(self) -> int:
        """How many years of running costs (year 0, the purchase, not counted)."""
        return len(self.frame) - 1


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


def cost_components(*options: TCO) -> list[str]:
    """The cost components of all the options, each once, in the order they first appear.

    >>> cost_components(tco({"a": 1}, {"b": 1}, 1), tco({}, {"b": 1, "c": 1}, 1))
    ['a', 'b', 'c']
    """
    return list(dict.fromkeys(c for o in options for c in o.frame.columns))


def tco_table(*options: TCO) -> Table:
    """The options side by side: each cost component over the whole life, the total, and the
    total in today's money (discounted at each option's rate).

    >>> t = tco_table(tco({"hardware": 1_000}, {"support": 100}, 2, name="A"), tco({}, {"support": 500}, 2, name="B"))
    >>> t.frame.loc["total cost of ownership"].tolist()
    [1200.0, 1000.0]
    """
    components = cost_components(*options)
    frame = pd.DataFrame({o.name: [float(o.by_component.get(c, 0.0)) for c in components]
                          + [o.total, o.present_value] for o in options},
                         index=components + ["total cost of ownership", "in today's money"])
    frame.index.name = "cost"
    currency = options[0].currency if options else "USD"
    return Table(frame, "money", "Total cost of ownership", currency)


__all__ = ["TCO", "cost_components", "tco", "tco_table"]
