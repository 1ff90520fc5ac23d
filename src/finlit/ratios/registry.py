"""The ratio registry: one frozen `Ratio` per entry of the catalogue.

A ratio's function takes canonical line items as parameters (so its inputs
cannot drift from its formula) and works on whole pandas Series at once.
A parameter named `<item>_previous` receives the previous fiscal year's value.

>>> from finlit.ratios import RATIOS
>>> RATIOS["current_ratio"].inputs
('current_assets', 'current_liabilities')
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

CATEGORIES = ("profitability", "liquidity", "solvency", "efficiency", "cash", "growth")
UNITS = ("percent", "times", "days", "money")
DIRECTIONS = ("higher", "lower", "range")
PREVIOUS = "_previous"


@dataclass(frozen=True)
class Ratio:
    """One ratio of the catalogue.

    direction: "higher" (higher is better), "lower" or "range" (best inside `good_range`).
    must_be_positive: inputs whose value ≤ 0 makes the ratio meaningless (NaN with a reason).
    averaged: balance-sheet inputs replaced by (opening + closing) / 2 with `average_balances`.
    undefined: the reason given when the value is not finite and no missing, non-positive or
    zero input explains it (default: "<name> is not defined for these values").
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

    @property
    def inputs(self) -> tuple:
        """Parameter names of the function: canonical items, `_previous` for last year's."""
        return tuple(inspect.signature(self.function).parameters)

    @property
    def items(self) -> tuple:
        """The canonical line items the ratio reads (without `_previous`)."""
        return tuple(dict.fromkeys(p.removesuffix(PREVIOUS) for p in self.inputs))


RATIOS: dict[str, Ratio] = {}


def ratio(key, name, category, formula, *, direction, unit, explanation, why,
          must_be_positive=(), averaged=(), good_range=None, undefined=""):
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
                            undefined)
        return function

    return register
