"""Scenarios for IT decisions: cloud versus on-premises, and an IT project's payback,
ROI, NPV and IRR (FINANCE.md §4–5). Computing only; no formatting.

**Cloud versus on-premises.** Buying hardware is capex: the cash leaves in year 1, profit
sees it only as depreciation spread over its useful life, so EBITDA (profit before
depreciation) looks better on-premises. A cloud subscription is opex: profit and cash
see the same amount every year.

>>> s = cloud_vs_onprem(hardware_cost=1_200_000, useful_life=4, cloud_cost_per_year=380_000,
...                     onprem_running_cost_per_year=60_000, years=4)
>>> s.frame.loc[1, ["onprem_ebitda", "onprem_operating_income", "onprem_free_cash_flow"]].tolist()
[-60000.0, -360000.0, -1260000.0]
>>> s.frame.loc[1, ["cloud_ebitda", "cloud_operating_income", "cloud_free_cash_flow"]].tolist()
[-380000.0, -380000.0, -380000.0]
>>> s.frame.loc[4, ["onprem_cumulative_cash", "cloud_cumulative_cash"]].tolist()
[-1440000.0, -1520000.0]
>>> s.cash_breakeven_year          # cloud has used less cash until year 4
4

**A project, worked on the fictional company.** Larkspur Components' ERP project, every
cost counted (the one source is data/teaching/larkspur_erp.toml, read by
`finlit.itspend.business_case.larkspur_erp`): 0.4 million of preliminary work in FY2022,
2.9 and 3.1 million of licences and implementation in FY2023 and FY2024, 0.2 million to
close out the implementation and 0.6 million of training and data clean-up in FY2025.
Suppose it saves 1.6 million a year for five years from FY2025, and money costs Larkspur
8% a year:

>>> erp = project([-400_000, -2_900_000, -3_100_000, 1_600_000 - 800_000, 1_600_000, 1_600_000,
...                1_600_000, 1_600_000], rate=0.08, start_year=2022)
>>> round(erp.payback_years, 2), round(erp.npv), erp.irr
(6.5, -901033, IRR 3.2% a year)

The NPV is negative at 8%: the project earns about 3.2% a year, less than what money
costs. The cash comes back after six and a half years, but once the savings are
discounted it never pays back within its five years of savings. Counting only the
licences and implementation (FY2023–FY2024) would have shown a positive NPV of about
145,000 and an IRR of 8.8%: leaving costs out is how a weak case looks strong.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..markup import escape_html, no_math_html
from ..numbers import is_missing, percent_words


def _check_number(name: str, value, *, positive=False, non_negative=False, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(float(value)):
        raise InputError(f"{name} {value!r} is not a number: give a number")
    if integer and float(value) != int(value):
        raise InputError(f"{name} {value!r} is not a whole number of years")
    if positive and value <= 0:
        raise InputError(f"{name} is {value}: it must be more than zero")
    if non_negative and value < 0:
        raise InputError(f"{name} is {value}: it cannot be negative")
    return float(value)


# --- cloud versus on-premises ------------------------------------------------------------------

@dataclass
class CloudScenario:
    """Year-by-year effect (costs as negative numbers) of the two options.

    frame: index year (1, 2 …); for each option (``onprem_``, ``cloud_``): ebitda,
    depreciation, operating_income, free_cash_flow, cumulative_cash.
    """

    frame: pd.DataFrame
    inputs: dict
    currency: str = ""

    @property
    def total_cash(self) -> dict:
        last = self.frame.iloc[-1]
        return {"onprem": float(last["onprem_cumulative_cash"]), "cloud": float(last["cloud_cumulative_cash"])}

    @property
    def cash_breakeven_year(self) -> int | None:
        """The first year from which on-premises has spent less cash in total than cloud
        (None when it never does within the horizon)."""
        cheaper = self.frame["onprem_cumulative_cash"] > self.frame["cloud_cumulative_cash"]
        hits = [int(y) for y, c in cheaper.items() if c and cheaper.loc[y:].all()]
        return hits[0] if hits else None


def cloud_vs_onprem(hardware_cost: float, useful_life: int, cloud_cost_per_year: float,
                    onprem_running_cost_per_year: float = 0.0, years: int | None = None,
                    cloud_growth: float = 0.0, currency: str = "") -> CloudScenario:
    """Bought hardware depreciated straight-line over `useful_life` years versus a cloud
    subscription, over `years` (default: the useful life).

    On-premises: cash out = hardware in year 1 + running costs every year; EBITDA = −running
    costs; operating income = EBITDA − depreciation (hardware ÷ life, for `useful_life` years).
    Cloud: EBITDA = operating income = free cash flow = −subscription (growing by
    `cloud_growth` a year). Free cash flow here is the change in the company's free cash
    flow (operating cash flow − capex) caused by the option; tax is ignored.
    """
    hw = _check_number("hardware cost", hardware_cost, non_negative=True)
    life = int(_check_number("useful life", useful_life, positive=True, integer=True))
    cloud = _check_number("cloud cost per year", cloud_cost_per_year, non_negative=True)
    run = _check_number("on-premises running cost per year", onprem_running_cost_per_year,
                        non_negative=True)
    n = life if years is None else int(_check_number("years", years, positive=True, integer=True))
    growth = _check_number("cloud growth", cloud_growth)
    if growth <= -1:
        raise InputError(f"cloud growth is {growth}: it must be more than -1 (-100%)")
    idx = pd.Index(range(1, n + 1), name="year")
    depreciation = pd.Series([hw / life if y <= life else 0.0 for y in idx], index=idx)
    capex = pd.Series([hw if y == 1 else 0.0 for y in idx], index=idx)
    subscription = pd.Series([cloud * (1 + growth) ** (y - 1) for y in idx], index=idx)
    f = pd.DataFrame(index=idx)
    f["onprem_ebitda"] = pd.Series(-run, index=idx)
    f["onprem_depreciation"] = depreciation
    f["onprem_operating_income"] = -run - depreciation
    f["onprem_free_cash_flow"] = -run - capex
    f["onprem_cumulative_cash"] = f["onprem_free_cash_flow"].cumsum()
    f["cloud_ebitda"] = -subscription
    f["cloud_depreciation"] = 0.0
    f["cloud_operating_income"] = -subscription
    f["cloud_free_cash_flow"] = -subscription
    f["cloud_cumulative_cash"] = f["cloud_free_cash_flow"].cumsum()
    f = f.astype(float) + 0.0  # no -0.0
    return CloudScenario(f, {"hardware_cost": hw, "useful_life": life, "cloud_cost_per_year": cloud,
                             "onprem_running_cost_per_year": run, "years": n,
                             "cloud_growth": growth}, currency)


# --- project appraisal ---------------------------------------------------------------------------

def npv(rate: float, cashflows) -> float:
    """Net present value: Σ cashflow_t / (1 + rate)^t, t = 0 for the first cash flow.

    >>> round(npv(0.10, [-1000, 500, 500, 500]), 2)
    243.43
    """
    r = _check_number("discount rate", rate)
    if r <= -1:
        raise InputError(f"discount rate is {r}: it must be more than -1 (-100%)")
    flows = np.asarray(list(cashflows), dtype=float)
    return float(sum(c / (1 + r) ** t for t, c in enumerate(flows)))


class IRR(float):
    """An internal rate of return: a float (NaN when there is none) that carries the `reason`
    when there is none, and shows itself in words in a notebook.

    It is a number wherever a number is wanted (`round(r, 4)`, `f"{r:.1%}"`, `r > 0.08`,
    a DataFrame cell); `str()` is the number, `repr()` and the HTML are words.

    >>> r = IRR(0.0319, None)
    >>> r, round(r, 3), f"{r:.1%}", r > 0.03, str(r)
    (IRR 3.2% a year, 0.032, '3.2%', True, '0.0319')
    >>> IRR(float("nan"), "the cash flows never turn negative")
    IRR not available: the cash flows never turn negative
    """

    reason: str | None

    def __new__(cls, rate: float, reason: str | None = None):
        self = super().__new__(cls, rate)
        self.reason = reason
        return self

    def __reduce__(self):
        return (IRR, (float(self), self.reason))

    @property
    def rate(self) -> float:
        """The rate as a plain float (NaN when there is none)."""
        return float(self)

    @property
    def found(self) -> bool:
        """True when there is a single rate."""
        return not is_missing(float(self))

    def words(self) -> str:
        """'IRR 3.2% a year', or 'IRR not available: <reason>'."""
        if self.found:
            return f"IRR {percent_words(float(self))} a year"
        return f"IRR not available: {self.reason or 'no single rate'}"

    __str__ = float.__repr__

    def __repr__(self) -> str:
        return self.words()

    def _repr_html_(self) -> str:
        # in a MathJax-ignore container: a reason quoting two amounts ("$1 … $2") stays text
        return no_math_html(f'<p class="finlit-irr"><strong>{escape_html(self.words())}</strong></p>')


def irr(cashflows, low: float = -0.99, high: float = 10.0) -> IRR:
    """Internal rate of return: the rate where NPV = 0, by bisection on a bracket.

    Returns an `IRR`: a float that is the rate, or NaN with its `reason` when the cash
    flows have no single IRR (all of one sign, or several sign changes giving several
    roots). The search scans rates from `low` to `high` for a sign change of NPV and
    bisects it to 1e-10.

    >>> rate = irr([-1000, 500, 500, 500])
    >>> round(rate, 6), abs(npv(rate, [-1000, 500, 500, 500])) < 1e-6, rate.reason
    (0.233752, True, None)
    >>> irr([100, 50])
    IRR not available: the cash flows never turn negative: there is no rate of return to find
    """
    return IRR(*_irr(cashflows, low, high))


def _irr(cashflows, low: float, high: float) -> tuple[float, str | None]:
    """The rate and None, or NaN and the reason there is no single rate (see `irr`)."""
    flows = np.asarray(list(cashflows), dtype=float)
    if len(flows) < 2 or not np.isfinite(flows).all():
        return float("nan"), "an IRR needs at least two finite cash flows"
    if (flows >= 0).all():
        return float("nan"), "the cash flows never turn negative: there is no rate of return to find"
    if (flows <= 0).all():
        return float("nan"), "the cash flows never turn positive: the project never pays back"
    f = lambda r: float(np.sum(flows / (1 + r) ** np.arange(len(flows))))  # noqa: E731
    grid = np.concatenate([np.linspace(low, -0.5, 50, endpoint=False), np.linspace(-0.5, 1, 301),
                           np.linspace(1, high, 200)[1:]])
    with np.errstate(all="ignore"):
        values = np.array([f(r) for r in grid])
    roots = []
    for i in range(len(grid) - 1):
        a, b, fa, fb = grid[i], grid[i + 1], values[i], values[i + 1]
        if not (np.isfinite(fa) and np.isfinite(fb)):
            continue
        if fa == 0:
            roots.append(a)
            continue
        if fa * fb < 0:
            for _ in range(200):
                m = (a + b) / 2
                fm = f(m)
                if fa * fm <= 0:
                    b = m
                else:
                    a, fa = m, fm
                if b - a < 1e-12:
                    break
            roots.append((a + b) / 2)
    if not roots:
        return float("nan"), "no rate between -99% and 1000% makes the NPV zero"
    if len(roots) > 1:
        shown = ", ".join(f"{r:.1%}" for r in roots[:3])
        return float("nan"), (f"the cash flows change sign more than once and have several IRRs "
                              f"({shown}): use the NPV instead")
    return float(roots[0]), None


@dataclass
class ProjectResult:
    """An IT project's appraisal. Cash flows: year 0 first, costs negative.

    frame: index period (0, 1 …) or fiscal year: cash_flow, cumulative, discounted,
    cumulative_discounted. payback_years counts from the first cash flow, interpolated
    within the year (NaN with `reasons["payback_years"]` when it never pays back).
    """

    frame: pd.DataFrame
    rate: float
    npv: float
    irr: IRR
    roi: float
    payback_years: float
    discounted_payback_years: float
    reasons: dict


def _payback(cumulative: np.ndarray, flows: np.ndarray) -> float:
    """Years until the cumulative cash turns non-negative for good, interpolated."""
    n = len(cumulative)
    for t in range(n):
        if cumulative[t] >= 0 and (cumulative[t:] >= 0).all():
            if t == 0:
                return 0.0
            # the year in which it turns: the share of that year's flow still needed
            return float(t - 1 + (-cumulative[t - 1]) / flows[t])
    return float("nan")


def _costs_inside(flows: np.ndarray, costs) -> np.ndarray:
    """The costs inside each year's net cash flow, positive: `costs`, or the negative flows."""
    if costs is None:
        return np.where(flows < 0, -flows, 0.0)
    out = np.asarray(list(costs), dtype=float)
    if out.shape != flows.shape or not np.isfinite(out).all() or (out < 0).any():
        raise InputError("costs must be one amount (zero or more) for each cash flow")
    return out


def project(cashflows, rate: float, start_year: int | None = None, costs=None) -> ProjectResult:
    """Payback, ROI, NPV and IRR of an IT project.

    cashflows: year 0 first (usually the investment, negative), then each year's net
    benefit. rate: the discount rate (what money costs the company, e.g. 0.08).
    costs (optional): the costs inside each year's net cash flow, as positive amounts, when
    a year nets a saving against a cost; by default the negative cash flows.
    ROI = (total benefits − total costs) / total costs (undiscounted).

    >>> p = project([-100, 60, 60], rate=0.0)
    >>> round(p.payback_years, 4), p.roi, p.npv
    (1.6667, 0.2, 20.0)
    >>> project([-100, 40, 60], rate=0.0, costs=[100, 20, 0]).roi    # year 1: 60 saved − 20 spent
    0.0
    """
    flows = np.asarray(list(cashflows), dtype=float)
    if len(flows) < 2:
        raise InputError("a project needs at least two cash flows: the investment and a benefit")
    if not np.isfinite(flows).all():
        raise InputError("a project's cash flows must all be numbers")
    r = _check_number("discount rate", rate)
    if r <= -1:
        raise InputError(f"discount rate is {r}: it must be more than -1 (-100%)")
    reasons: dict[str, str] = {}
    t = np.arange(len(flows))
    discounted = flows / (1 + r) ** t
    cumulative, cum_disc = np.cumsum(flows), np.cumsum(discounted)
    index = pd.Index(t + start_year if start_year is not None else t,
                     name="fiscal_year" if start_year is not None else "period")
    cost = _costs_inside(flows, costs)
    frame = pd.DataFrame({"cash_flow": flows, "cumulative": cumulative, "discounted": discounted,
                          "cumulative_discounted": cum_disc, "cost": cost, "benefit": flows + cost},
                         index=index) + 0.0
    outflows, inflows = cost.sum(), (flows + cost).sum()
    if outflows == 0:
        roi = float("nan")
        reasons["roi"] = "the project has no costs: ROI is not defined"
    else:
        roi = float((inflows - outflows) / outflows)
    rate_irr = irr(flows)
    if rate_irr.reason:
        reasons["irr"] = rate_irr.reason
    payback = _payback(cumulative, flows)
    if payback != payback:
        reasons["payback_years"] = "the project does not pay back within its cash flows"
    dpayback = _payback(cum_disc, discounted)
    if dpayback != dpayback:
        reasons["discounted_payback_years"] = ("the project does not pay back within its cash "
                                               "flows once they are discounted")
    return ProjectResult(frame, r, float(cum_disc[-1]), rate_irr, roi, float(payback),
                         float(dpayback), reasons)


__all__ = ["IRR", "CloudScenario", "ProjectResult", "cloud_vs_onprem", "irr", "npv", "project"]
