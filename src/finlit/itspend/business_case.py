"""The business case of an IT project as tables: cash flows, NPV at several rates, what-ifs,
the four numbers, and a cloud-versus-on-premises scenario year by year.

The appraisal itself (`project`, `npv`, `cloud_vs_onprem`) is in `finlit.itspend.scenarios`;
this module lays its results out for a notebook.

>>> from finlit.itspend.scenarios import project
>>> flows = project_cashflows([2_900_000, 3_100_000], 1_600_000, 5)
>>> round(project(flows, 0.08, 2023).npv / 1e6, 2)
0.14
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..display import Table
from ..errors import InputError
from ..numbers import is_missing
from .scenarios import npv, project

SCENARIO_COLUMNS = {"onprem_ebitda": "on-premises: EBITDA", "onprem_depreciation": "on-premises: depreciation",
                    "onprem_operating_income": "on-premises: operating income",
                    "onprem_free_cash_flow": "on-premises: free cash flow",
                    "onprem_cumulative_cash": "on-premises: cash so far",
                    "cloud_ebitda": "cloud: EBITDA", "cloud_operating_income": "cloud: operating income",
                    "cloud_free_cash_flow": "cloud: free cash flow", "cloud_cumulative_cash": "cloud: cash so far"}


def project_cashflows(costs: Iterable[float], benefit: float, years: int) -> list[float]:
    """A project's cash flows: the costs (positive amounts, one per year, paid first), then
    `benefit` a year for `years` years.

    >>> project_cashflows([2_900_000, 3_100_000], 1_600_000, 2)
    [-2900000.0, -3100000.0, 1600000.0, 1600000.0]
    """
    if int(years) < 1:
        raise InputError("a project needs at least one year of benefits")
    return [-abs(float(c)) for c in costs] + [float(benefit)] * int(years)


def cost_and_benefit(result) -> tuple[float, float]:
    """What a project (a `finlit.itspend.scenarios.project` result) pays out and brings back
    in total, both as positive amounts, undiscounted.

    >>> cost_and_benefit(project([-100, 60, 60], rate=0.08))
    (100.0, 120.0)
    """
    flows = result.frame["cash_flow"]
    return float(-flows[flows < 0].sum()), float(flows[flows > 0].sum())


def npv_by_rate(cashflows, rates: Iterable[float] = (0.0, 0.04, 0.08, 0.12), currency: str = "USD") -> Table:
    """The same cash flows valued at several discount rates: the higher the rate, the less
    later money is worth today.

    >>> t = npv_by_rate([-1000, 500, 500, 500], [0.0, 0.10])
    >>> [round(float(v), 2) for v in t.frame["NPV"]]
    [500.0, 243.43]
    """
    rates = list(rates)
    frame = pd.DataFrame({"NPV": [npv(r, cashflows) for r in rates]},
                         index=pd.Index([f"{r:.0%} a year" for r in rates], name="discount rate"))
    return Table(frame, "money", "Net present value at different discount rates", currency)


def project_sensitivity(cashflows, rate: float, changes: Iterable[float] = (-0.2, -0.1, 0.0, 0.1),
                        currency: str = "USD", start_year: int | None = None) -> Table:
    """What if the benefits are smaller or larger than planned? The project recomputed with
    every positive cash flow scaled by (1 + change).

    >>> t = project_sensitivity([-100, 60, 60], 0.0, [-0.5, 0.0])
    >>> t.frame["NPV"].tolist()
    [-40.0, 20.0]
    """
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


def project_table(result, currency: str = "USD") -> Table:
    """The four numbers of a business case in one small table: ROI, payback (plain and
    discounted), NPV and IRR, with the reason when one is missing.

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


__all__ = ["SCENARIO_COLUMNS", "cost_and_benefit", "npv_by_rate", "project_cashflows", "project_sensitivity",
           "project_table", "scenario_table"]
