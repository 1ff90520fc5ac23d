"""The business case of an IT project as tables: cash flows, NPV at several rates, what-ifs,
the four numbers, what would have to change, and a cloud-versus-on-premises scenario year by
year; and `ProjectCase`, a whole case (every cost by stage, the assumptions) such as
Larkspur's ERP project, read from its one source in data/teaching (`larkspur_erp`).

The appraisal itself (`project`, `npv`, `cloud_vs_onprem`) is in `finlit.itspend.scenarios`;
this module lays its results out for a notebook.

>>> erp = larkspur_erp()                       # every cost, FY2022–FY2025; savings from FY2025
>>> round(erp.project().npv / 1e6, 2)
-0.9
>>> from finlit.itspend.scenarios import project
>>> round(project(project_cashflows([2_900_000, 3_100_000], 1_600_000, 5), 0.08, 2023).npv / 1e6, 2)
0.14

The second figure counts only the licences and implementation: leaving out the preliminary
work and the costs after go-live turns a case that does not pay at 8% into one that seems to.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
    f = result.frame
    if "cost" in f:
        return float(f["cost"].sum()), float(f["benefit"].sum())
    return float(-f["cash_flow"][f["cash_flow"] < 0].sum()), float(f["cash_flow"][f["cash_flow"] > 0].sum())


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


def project_sensitivity(cashflows, rate: float | None = None, changes: Iterable[float] = (-0.2, -0.1, 0.0, 0.1),
                        currency: str = "USD", start_year: int | None = None) -> Table:
    """What if the benefits are smaller or larger than planned? The project recomputed with
    every positive cash flow scaled by (1 + change); for a `ProjectCase`, its yearly saving
    (a year that nets a saving against a cost keeps the whole cost), at the case's own rate
    unless `rate` is given.

    >>> t = project_sensitivity([-100, 60, 60], 0.0, [-0.5, 0.0])
    >>> t.frame["NPV"].tolist()
    [-40.0, 20.0]
    >>> case = ProjectCase("Tool", {0: {"development": 100.0}, 1: {"post_implementation": 20.0}},
    ...                    go_live=1, useful_life=2, yearly_saving=60.0, saving_years=2, rate=0.0)
    >>> project_sensitivity(case, changes=[-0.5, 0.0]).frame["NPV"].tolist()
    [-60.0, 0.0]
    """
    changes = list(changes)
    if isinstance(cashflows, ProjectCase):
        case = cashflows if rate is None else cashflows.replace(rate=rate)
        rate, currency = case.rate, case.currency
        results = [case.replace(yearly_saving=case.yearly_saving * (1 + ch)).project() for ch in changes]
    else:
        flows = [float(c) for c in cashflows]
        results = [project([c * (1 + ch) if c > 0 else c for c in flows], rate, start_year) for ch in changes]
    frame = pd.DataFrame([[r.npv, float(r.irr), r.payback_years, r.roi] for r in results],
                         index=pd.Index([f"benefits {ch:+.0%}" if ch else "as planned" for ch in changes],
                                        name="scenario"),
                         columns=["NPV", "IRR", "payback (years)", "ROI"])
    frame.attrs["changes"] = changes
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


# --- a whole project case: every cost by stage, the assumptions, from one source -------------

@dataclass(frozen=True)
class ProjectCase:
    """An IT project's business case: every cost by fiscal year and stage (as in
    `finlit.itspend.accounting.capitalise_software`: preliminary, development,
    post_implementation), a yearly saving from `go_live` for `saving_years` years, and the
    discount rate. `source` names the data it comes from. Cash flows are net per fiscal
    year, the first year of cost first (year 0 of the discounting).

    >>> case = ProjectCase("Tool", {2024: {"development": 100.0}}, go_live=2025, useful_life=2,
    ...                    yearly_saving=60.0, saving_years=2, rate=0.0)
    >>> case.years, case.cashflows(), round(case.project().roi, 2)
    ([2024, 2025, 2026], [-100.0, 60.0, 60.0], 0.2)
    >>> case.replace(costs={2024: {"development": 100.0}, 2025: {"post_implementation": 20.0}}).project().roi
    0.0
    """

    name: str
    costs: Mapping[int, Mapping[str, float]]
    go_live: int
    useful_life: int
    yearly_saving: float
    saving_years: int
    rate: float
    currency: str = "USD"
    source: str = ""

    @property
    def years(self) -> list[int]:
        """Every fiscal year of the case: the first cost to the last saving."""
        last = max(max(self.costs), self.go_live + int(self.saving_years) - 1)
        return list(range(min(self.costs), last + 1))

    def cost(self, year: int) -> float:
        """All the costs of one fiscal year, every stage."""
        return float(sum(self.costs.get(year, {}).values()))

    @property
    def total_cost(self) -> float:
        return float(sum(self.cost(y) for y in self.costs))

    def saving(self, year: int) -> float:
        return float(self.yearly_saving) if self.go_live <= year < self.go_live + int(self.saving_years) else 0.0

    def cashflows(self) -> list[float]:
        """Net cash per fiscal year (saving − costs), from the first year of cost."""
        return [self.saving(y) - self.cost(y) + 0.0 for y in self.years]

    def project(self):
        """The appraisal (`finlit.itspend.scenarios.project`), indexed by fiscal year."""
        return project(self.cashflows(), self.rate, start_year=self.years[0],
                       costs=[self.cost(y) for y in self.years])

    def capitalisation(self) -> Table:
        """What the costs do to profit year by year: development capitalised and amortised over
        `useful_life` years from go-live, the rest expensed
        (`finlit.itspend.accounting.capitalise_software`)."""
        from .accounting import capitalise_software

        return capitalise_software(self.costs, self.useful_life, in_service=self.go_live, currency=self.currency)

    def replace(self, **changes) -> "ProjectCase":
        """The same case with some assumptions changed (yearly_saving, saving_years, rate …)."""
        return dataclasses.replace(self, **changes)

    def table(self) -> Table:
        """Year by year: each stage's cost (negative), the saving, the net cash flow."""
        stages = [s for s in STAGE_LABELS if any(s in c for c in self.costs.values())]
        frame = pd.DataFrame({STAGE_LABELS[s]: [-float(self.costs.get(y, {}).get(s, 0)) + 0.0 for y in self.years]
                              for s in stages}, index=pd.Index([f"FY{y}" for y in self.years], name="fiscal year"))
        frame["saving"] = [self.saving(y) for y in self.years]
        frame["net cash flow"] = self.cashflows()
        notes = [f"Source: {self.source}."] if self.source else []
        return Table(frame, "money", f"{self.name}: every cost and saving by year (costs are negative)",
                     self.currency, notes)


STAGE_LABELS = {"preliminary": "preliminary (expensed)", "development": "development (capitalised)",
                "post_implementation": "after go-live (expensed)"}
ERP_SOURCE = "data/teaching/larkspur_erp.toml (costs) and larkspur_erp_case.toml (assumptions)"


def larkspur_erp(**changes) -> ProjectCase:
    """Larkspur Components' ERP project, every cost counted, from the one source of its
    figures (data/teaching/larkspur_erp.toml and larkspur_erp_case.toml); `changes` override
    assumptions (yearly_saving, saving_years, rate, useful_life …).

    >>> erp = larkspur_erp()
    >>> erp.total_cost, erp.years[0], erp.cashflows()[3]
    (7200000.0, 2022, 800000.0)
    >>> r = erp.project()
    >>> round(r.npv), r.irr, r.payback_years, round(r.roi, 3)      # ROI: (8.0 − 7.2) ÷ 7.2
    (-901033, IRR 3.2% a year, 6.5, 0.111)
    >>> round(larkspur_erp(yearly_saving=1_400_000).project().npv)
    -1585654
    """
    from .teaching import LARKSPUR_ERP, teaching_table

    case = teaching_table("larkspur_erp_case")
    erp = ProjectCase(case["name"], LARKSPUR_ERP, int(case["go_live"]), int(case["useful_life"]),
                      float(case["yearly_saving"]), int(case["saving_years"]), float(case["discount_rate"]),
                      case.get("currency", "USD"), ERP_SOURCE)
    return erp.replace(**changes) if changes else erp


def break_even(case: ProjectCase, max_years: int = 30) -> dict:
    """What would have to change for the case to break even at its discount rate (NPV = 0),
    one assumption at a time: the yearly saving, the number of years of savings, the total
    cost (all costs scaled alike), and the discount rate (the IRR).

    >>> b = break_even(larkspur_erp())
    >>> round(b["yearly_saving"]), b["saving_years"], round(b["total_cost"]), round(b["rate"], 4)
    (1863221, 7, 6182842, 0.0317)
    """
    result = case.project()
    savings_pv = npv(case.rate, [case.saving(y) for y in case.years])
    costs_pv = savings_pv - result.npv
    years = next((n for n in range(1, max_years + 1)
                  if case.replace(saving_years=n).project().npv >= 0), None)
    return {"yearly_saving": case.yearly_saving * costs_pv / savings_pv if savings_pv else float("nan"),
            "saving_years": years,
            "total_cost": case.total_cost * savings_pv / costs_pv if costs_pv else float("nan"),
            "rate": float(result.irr)}


def break_even_table(case: ProjectCase) -> Table:
    """`break_even` as a table: each assumption as planned and what it would have to be for
    the NPV to reach zero at the case's discount rate (the others as planned).

    >>> t = break_even_table(larkspur_erp())
    >>> t.frame.loc["years of savings", "needed to break even"]
    7
    """
    b = break_even(case)
    rows = {"yearly saving": (case.yearly_saving, b["yearly_saving"], "money"),
            "years of savings": (case.saving_years, b["saving_years"] if b["saving_years"] else "more than 30",
                                 "count"),
            "total cost": (case.total_cost, b["total_cost"], "money"),
            "discount rate (the IRR)": (case.rate, b["rate"], "percent")}
    frame = pd.DataFrame({"as planned": [r[0] for r in rows.values()],
                          "needed to break even": [r[1] for r in rows.values()]},
                         index=pd.Index(list(rows), name="assumption"), dtype=object)
    return Table(frame, {k: r[2] for k, r in rows.items()},
                 f"What would have to change for the NPV to reach zero at {case.rate:.0%}", case.currency,
                 ["One assumption at a time, the others as planned. The discount rate row is the IRR: "
                  "the project breaks even only if money cost the company no more than that."])


__all__ = ["ERP_SOURCE", "SCENARIO_COLUMNS", "STAGE_LABELS", "ProjectCase", "break_even", "break_even_table",
           "larkspur_erp", "cost_and_benefit", "npv_by_rate", "project_cashflows", "project_sensitivity",
           "project_table", "scenario_table"]
