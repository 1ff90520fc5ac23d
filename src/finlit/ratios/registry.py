"""The ratio registry: one frozen `Ratio` per entry of the catalogue.

A ratio's function takes canonical line items as parameters (so its inputs
cannot drift from its formula) and works on whole pandas Series at once.
A parameter named `<item>_previous` receives the previous fiscal year's value;
a parameter named after another registered ratio (and not a line item) receives
that ratio's values, and its reasons where they are missing.

`RATIOS` holds every ratio. The default catalogue (`default_keys()`, FINANCE.md §3)
is what `finlit ratios AAPL`, `Company.ratios()` and the briefings show; ratios of an
opt-in category (`it`, FINANCE.md §4) are computed only when asked for by key or by
category.

>>> from finlit.ratios import RATIOS
>>> RATIOS["current_ratio"].inputs
('current_assets', 'current_liabilities')
>>> RATIOS["it_pct_revenue"].opt_in, "it_pct_revenue" in default_keys()
(True, False)
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from ..items import ITEMS

CATEGORIES = ("profitability", "liquidity", "solvency", "efficiency", "cash", "growth", "it")
OPT_IN_CATEGORIES = ("it",)  # computed only when asked for by key or category
UNITS = ("percent", "times", "days", "money", "points")
DIRECTIONS = ("higher", "lower", "range", "neutral")
PREVIOUS = "_previous"

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Ratio:
    """One ratio of the catalogue.

    direction: "higher" (higher is better), "lower", "range" (best inside `good_range`) or
    "neutral" (no side is better: read it against the industry and the plan).
    must_be_positive: inputs whose value ≤ 0 makes the ratio meaningless (NaN with a reason).
    averaged: balance-sheet inputs replaced by (opening + closing) / 2 with `average_balances`.
    undefined: the reason given when the value is not finite and no missing, non-positive or
    zero input explains it (default: "<name> is not defined for these values").
    missing: reasons for inputs this ratio names in its own words when they are missing
    ({"employees": "employees (headcount) not available: …"}), instead of "<item> not available".
    thresholds: named cut-offs the explanations use to put a value into words ({"thin": 0.05}:
    a net margin below 5% is "thin"), in the ratio's unit. `source` says where they and
    `good_range` come from. The catalogue is the one place such numbers live.
    uses: the registered ratios this one is computed from (parameters named after them).
    """

    key: str
    name: str
    category: str
    formula: str
    function: Callable
    direction: str
    unit: str
    explanation: str
    why_it_matters: str
    must_be_positive: tuple = ()
    averaged: tuple = ()
    good_range: tuple | None = None
    undefined: str = ""
    missing: Mapping = field(default_factory=lambda: _EMPTY, compare=False)
    thresholds: Mapping = field(default_factory=lambda: _EMPTY, compare=False)
    source: str = ""
    uses: tuple = ()

    @property
    def inputs(self) -> tuple:
        """Parameter names of the function: canonical items, `_previous` for last year's, ratios."""
        return tuple(inspect.signature(self.function).parameters)

    @property
    def items(self) -> tuple:
        """The canonical line items the ratio reads (without `_previous`), through the ratios it uses."""
        out: dict = {}
        for param in self.inputs:
            if param in self.uses:
                out.update(dict.fromkeys(RATIOS[param].items))
            else:
                out[param.removesuffix(PREVIOUS)] = None
        return tuple(out)

    def threshold(self, name: str) -> float:
        """One named cut-off (`thresholds[name]`), with a plain error when it is not registered.

        >>> RATIOS["net_margin"].threshold("thin")
        0.05
        """
        if name not in self.thresholds:
            raise KeyError(f"ratio {self.key!r} has no threshold {name!r}: "
                           f"registered are {', '.join(self.thresholds) or 'none'}")
        return self.thresholds[name]

    @property
    def opt_in(self) -> bool:
        """True for a ratio computed only when asked for (an opt-in category such as `it`)."""
        return self.category in OPT_IN_CATEGORIES


RATIOS: dict[str, Ratio] = {}  # every ratio, in the order of registration


def default_keys() -> list[str]:
    """The default catalogue: every ratio outside the opt-in categories."""
    return [k for k, r in RATIOS.items() if not r.opt_in]


def _uses(function: Callable) -> tuple:
    """Parameters naming a registered ratio rather than a line item (registered before it)."""
    params = inspect.signature(function).parameters
    return tuple(p for p in params if p not in ITEMS and p.removesuffix(PREVIOUS) not in ITEMS
                 and p in RATIOS)


def ratio(key, name, category, formula, *, direction, unit, explanation, why,
          must_be_positive=(), averaged=(), good_range=None, undefined="", missing=None,
          thresholds=None, source=""):
    """Decorator registering a ratio function in `RATIOS`.

    >>> @ratio("example_margin", "Example", "profitability", "a / b", direction="higher",
    ...        unit="percent", explanation="…", why="…")
    ... def example_margin(net_income, revenue):
    ...     return net_income / revenue
    >>> RATIOS.pop("example_margin").items
    ('net_income', 'revenue')
    """
    if category not in CATEGORIES or unit not in UNITS or direction not in DIRECTIONS:
        raise ValueError(f"ratio {key!r}: category, unit or direction not one of {CATEGORIES}, "
                         f"{UNITS}, {DIRECTIONS}")

    def register(function):
        if key in RATIOS:
            raise ValueError(f"ratio {key!r} registered twice")
        RATIOS[key] = Ratio(key, name, category, formula, function, direction, unit,
                            explanation, why, tuple(must_be_positive), tuple(averaged), good_range,
                            undefined, MappingProxyType(dict(missing or {})),
                            MappingProxyType(dict(thresholds or {})), source, _uses(function))
        return function

    return register
