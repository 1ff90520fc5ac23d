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

**A project, worked on the fictional company.** Larkspur Components' ERP project
cost 2.9 million in FY2023 (licences 1.5 + implementation 1.4, both capex) and 3.1
million in FY2024 (1.3 + 1.8). Suppose it saves 1.6 million a year for five years
from FY2025 (fewer manual steps, lower inventory write-offs), and money costs Larkspur
8% a year:

>>> erp = project([-2_900_000, -3_100_000, 1_600_000, 1_600_000, 1_600_000, 1_600_000, 1_600_000],
...               rate=0.08, start_year=2023)
>>> round(erp.payback_years, 2), round(erp.roi, 3)
(4.75, 0.333)
>>> round(erp.npv), round(erp.irr, 4)
(144756, 0.088)

The NPV is positive at 8%: the project earns about 8.8% a year, a little more than
what money costs. The payback (4.75 years from the first payment, 5.86 when the
savings are discounted) is long, and the margin of safety thin: if the savings are
10% lower, the NPV turns negative.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError


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


def irr(cashflows, low: float = -0.99, high: float = 10.0) -> tuple[float, str | None]:
    """Internal rate of return: the rate where NPV = 0, by bisection on a bracket.

    Returns (rate, None), or (NaN, reason) when the cash flows have no single IRR: all of
    one sign, or several sign changes giving several roots. The search scans rates from
    `low` to `high` for a sign change of NPV and bisects it to 1e-10.

    >>> rate, _ = irr([-1000, 500, 500, 500])
    >>> round(rate, 6), abs(npv(rate, [-1000, 500, 500, 500])) < 1e-6
    (0.233752, True)
    >>> irr([100, 50])
    (nan, 'the cash flows never turn negative: there is no rate of return to find')
    """
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
    irr: float
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


def project(cashflows, rate: float, start_year: int | None = None) -> ProjectResult:
    """Payback, ROI, NPV and IRR of an IT project.

    cashflows: year 0 first (usually the investment, negative), then each year's net
    benefit. rate: the discount rate (what money costs the company, e.g. 0.08).
    ROI = (sum of inflows − sum of outflows) / sum of outflows (undiscounted).

    >>> p = project([-100, 60, 60], rate=0.0)
    >>> round(p.payback_years, 4), p.roi, p.npv
    (1.6667, 0.2, 20.0)
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
    frame = pd.DataFrame({"cash_flow": flows, "cumulative": cumulative, "discounted": discounted,
                          "cumulative_discounted": cum_disc}, index=index)
    outflows = -flows[flows < 0].sum()
    inflows = flows[flows > 0].sum()
    if outflows == 0:
        roi = float("nan")
        reasons["roi"] = "the project has no costs: ROI is not defined"
    else:
        roi = float((inflows - outflows) / outflows)
    rate_irr, why = irr(flows)
    if why:
        reasons["irr"] = why
    payback = _payback(cumulative, flows)
    if payback != payback:
        reasons["payback_years"] = "the project does not pay back within its cash flows"
    dpayback = _payback(cum_disc, discounted)
    if dpayback != dpayback:
        reasons["discounted_payback_years"] = ("the project does not pay back within its cash "
                                               "flows once they are discounted")
    return ProjectResult(frame, r, float(cum_disc[-1]), rate_irr, roi, float(payback),
                         float(dpayback), reasons)


__all__ = ["CloudScenario", "ProjectResult", "cloud_vs_onprem", "irr", "npv", "project"]
