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

Companies come in kinds (`KINDS`: an operating company, a bank, an insurer, another
financial company). A ratio names the kinds it means nothing for (`not_for`: a bank has no
cost of sales, so no gross margin); for those it is NaN with the reason "not meaningful for
a bank" (`not_meaningful`). A category of one kind (`bank`, FINANCE.md §3 "Banks and
insurers") is in the default selection of that kind only: `default_keys("bank")` is the
bank ratios plus the catalogue ratios that mean something for a bank.

>>> from finlit.ratios import RATIOS
>>> RATIOS["current_ratio"].inputs
('current_assets', 'current_liabilities')
>>> RATIOS["it_pct_revenue"].opt_in, "it_pct_revenue" in default_keys()
(True, False)
>>> RATIOS["gross_margin"].meaningful_for("bank"), not_meaningful("bank")
(False, 'not meaningful for a bank')
>>> "efficiency_ratio" in default_keys("bank"), "efficiency_ratio" in default_keys()
(True, False)
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from ..errors import InputError
from ..industries import KINDS as COMPANY_KINDS
from ..items import ITEMS

CATEGORIES = ("profitability", "liquidity", "solvency", "efficiency", "cash", "growth", "bank", "it")
OPT_IN_CATEGORIES = ("it",)  # computed only when asked for by key or category
KINDS = tuple(COMPANY_KINDS)  # CompanyInfo.kind: operating, bank, insurer, other_financial
# categories in the default selection of some kinds only (by default for no other kind)
KIND_CATEGORIES = {"bank": ("bank",)}
KIND_WORDS = {"operating": "an operating company", "bank": "a bank", "insurer": "an insurer",
              "other_financial": "a financial company"}
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
    not_for: the kinds of company (`KINDS`) the ratio means nothing for: NaN with the reason
    `not_meaningful(kind)` there (a bank has no gross margin or current ratio).
    usual_range: (low, high) values common in practice, in the ratio's unit, with `source`; unlike
    `good_range` it does not say which side is better (that is `direction`).
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
    not_for: tuple = ()
    usual_range: tuple | None = None

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

    def meaningful_for(self, kind: str | None) -> bool:
        """Does the ratio mean something for this kind of company? (None: kind not known: yes)

        >>> RATIOS["return_on_equity"].meaningful_for("bank"), RATIOS["current_ratio"].meaningful_for("insurer")
        (True, False)
        """
        return kind is None or kind not in self.not_for

    def default_for(self, kind: str | None) -> bool:
        """Is the ratio in the default selection for this kind of company? (None: an operating one)"""
        if self.opt_in:
            return False
        if self.category in KIND_CATEGORIES:
            return kind in KIND_CATEGORIES[self.category]
        return self.meaningful_for(kind)


RATIOS: dict[str, Ratio] = {}  # every ratio, in the order of registration


def not_meaningful(kind: str) -> str:
    """The reason given where a ratio means nothing for a kind of company.

    >>> not_meaningful("insurer")
    'not meaningful for an insurer'
    """
    return f"not meaningful for {KIND_WORDS.get(kind, kind)}"


def check_kind(kind) -> None:
    """Refuse a kind that is not one of `KINDS` (None, no kind known, is allowed)."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind of company {kind!r}: use one of {', '.join(KINDS)}")


def default_keys(kind=None) -> list[str]:
    """The default selection: every ratio outside the opt-in categories that means something for
    the kind of company, with the ratios of that kind's own category (`bank`). `kind` is one of
    `KINDS`, several of them (a panel of several companies: the union, in registry order) or
    None (not known: the catalogue of FINANCE.md §3, as for an operating company).

    >>> default_keys() == default_keys("operating")
    True
    >>> "gross_margin" in default_keys("bank"), "gross_margin" in default_keys(["operating", "bank"])
    (False, True)
    """
    kinds = [kind] if kind is None or isinstance(kind, str) else list(dict.fromkeys(kind)) or [None]
    for k in kinds:
        check_kind(k)
    return [key for key, r in RATIOS.items() if any(r.default_for(k) for k in kinds)]


def _uses(function: Callable) -> tuple:
    """Parameters naming a registered ratio rather than a line item (registered before it)."""
    params = inspect.signature(function).parameters
    return tuple(p for p in params if p not in ITEMS and p.removesuffix(PREVIOUS) not in ITEMS
                 and p in RATIOS)


def ratio(key, name, category, formula, *, direction, unit, explanation, why,
          must_be_positive=(), averaged=(), good_range=None, undefined="", missing=None,
          thresholds=None, source="", not_for=(), usual_range=None):
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
    if not set(not_for) <= set(KINDS):
        raise ValueError(f"ratio {key!r}: not_for {tuple(not_for)} names a kind not in {KINDS}")

    def register(function):
        if key in RATIOS:
            raise ValueError(f"ratio {key!r} registered twice")
        RATIOS[key] = Ratio(key, name, category, formula, function, direction, unit,
                            explanation, why, tuple(must_be_positive), tuple(averaged), good_range,
                            undefined, MappingProxyType(dict(missing or {})),
                            MappingProxyType(dict(thresholds or {})), source, _uses(function),
                            tuple(not_for), usual_range)
        return function

    return register
