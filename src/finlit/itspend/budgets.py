"""IT budgets for the lessons: which budget a lesson uses, and its opex and capex per year.

Every function takes an IT budget frame (from `finlit.itbudget.read_it_budget` /
`load_it_budget`) or the ticker of a bundled budget ("LARKSPUR").

>>> t = capex_opex_table("LARKSPUR")
>>> float(t.frame.loc["FY2025", "IT spend"]) / 1e6
27.87
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files

import pandas as pd

from ..display import Table
from ..errors import InputError
from ..numbers import currency_prefix, is_missing
from ..itbudget import CATEGORIES, bundled_it_budget, bundled_it_budgets, load_it_budget, read_it_budget_toml, totals
from .teaching import teaching_table


def budget_frame(budget) -> pd.DataFrame:
    """An IT budget frame as given, or the bundled budget of a ticker.

    >>> sorted(set(budget_frame("LARKSPUR")["kind"]))
    ['capex', 'opex']
    """
    return bundled_it_budget(budget) if isinstance(budget, str) else budget


def budget_of(company, it_budget: str = "") -> pd.DataFrame:
    """The IT budget a lesson uses: your file (`it_budget`, CSV or TOML) when given, else the
    one bundled for the company, else Larkspur Components' budget as a worked example (its
    ``attrs["label"]`` says so).

    >>> import finlit
    >>> budget_of(finlit.load("AAPL")).attrs["label"]
    "Larkspur Components' IT budget, as an example (Apple Inc. has no IT budget in finlit)"
    """
    if it_budget:
        budget = load_it_budget(it_budget)
        budget.attrs["label"] = f"your IT budget ({os.path.basename(str(it_budget))})"
    elif company.ticker.upper() in bundled_it_budgets():
        budget = bundled_it_budget(company.ticker)
        budget.attrs["label"] = f"{company.name}: IT budget"
    else:
        budget = bundled_it_budget("LARKSPUR")
        budget.attrs["label"] = (f"Larkspur Components' IT budget, as an example ({company.name} has no "
                                 "IT budget in finlit)")
    return budget


def capex_opex_table(budget) -> Table:
    """An IT budget per fiscal year: operating spend, capital spend and the capital share.

    >>> t = capex_opex_table("LARKSPUR")
    >>> round(float(t.frame.loc["FY2023", "capex share"]), 3)
    0.208
    """
    budget = budget_frame(budget)
    t = totals(budget)
    frame = pd.DataFrame({"IT opex": t["it_opex"], "IT capex": t["it_capex"], "IT spend": t["it_spend"],
                          "capex share": t["it_capex"] / t["it_spend"]})
    frame.index = pd.Index([f"FY{y}" for y in t.index], name="fiscal year")
    return Table(frame, {"capex share": "percent"}, budget.attrs.get("label", "IT budget") + ": opex and capex",
                 t.attrs.get("currency") or "USD")


# --- plan against actual, and a simple forecast (notebook 13) -----------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FAVOURABLE, UNFAVOURABLE, ON_PLAN = "favourable", "unfavourable", "on plan"


class BudgetTable(Table):
    """A `Table` with money in full ('$10,700,000', '-$50,000'): budget lines are compared to
    the last thousand, closer than money in words ('$11 million') shows.

    >>> BudgetTable(pd.DataFrame({"plan": [10_700_000.0]}, index=["staff"])).cells()
    [['$10,700,000']]
    """

    def cells(self) -> list[list[str]]:
        out = super().cells()
        prefix = currency_prefix(self.currency)
        for i in range(len(self.frame.index)):
            for j, c in enumerate(self.frame.columns):
                value = self.frame.iat[i, j]
                if self.unit(self.frame.index[i], c) == "money" and not is_missing(value):
                    out[i][j] = f"{'-' if value < 0 else ''}{prefix}{abs(float(value)):,.0f}"
        return out


def larkspur_plan() -> pd.DataFrame:
    """Larkspur Components' IT budget plan (data/teaching/larkspur_it_plan.toml), an IT budget
    frame like `bundled_it_budget("LARKSPUR")`, which holds the actuals.

    >>> float(totals(larkspur_plan()).loc[2025, "it_spend"]) / 1e6
    27.5
    """
    text = (files("finlit.data") / "teaching" / "larkspur_it_plan.toml").read_text(encoding="utf-8")
    plan = read_it_budget_toml(text)
    plan.attrs["label"] = "Larkspur Components' IT plan"
    return plan


def larkspur_months() -> dict[int, dict[str, float]]:
    """Larkspur's IT spend month by month (data/teaching/larkspur_it_months.toml): all of FY2025,
    and the months of FY2026 so far.

    >>> m = larkspur_months()
    >>> sum(m[2025].values()) == 27_870_000, list(m[2026])[-1]
    (True, 'Jun')
    """
    return {int(year): {month: float(v) for month, v in months.items()}
            for year, months in teaching_table("larkspur_it_months").items()}


def verdict(variance: float, tolerance: float = 0.0) -> str:
    """A cost variance in words: spending more than planned is unfavourable, less favourable.

    >>> verdict(200_000), verdict(-50_000), verdict(0)
    ('unfavourable', 'favourable', 'on plan')
    """
    if abs(variance) <= tolerance:
        return ON_PLAN
    return UNFAVOURABLE if variance > 0 else FAVOURABLE


def variance_table(plan, actual, fiscal_year: int) -> Table:
    """Plan against actual for one fiscal year, category by category (opex and capex together),
    with the variance (actual − plan), the variance as a share of plan, and whether it is
    favourable (spent less) or unfavourable (spent more). `plan`, `actual`: IT budget frames
    or bundled tickers.

    >>> f = variance_table(larkspur_plan(), "LARKSPUR", 2025).frame
    >>> float(f.loc["cloud", "variance"]), f.loc["cloud", "verdict"], float(f.loc["total", "variance"])
    (600000.0, 'unfavourable', 370000.0)
    """
    p, a = totals(budget_frame(plan)), totals(budget_frame(actual))
    for name, t in (("plan", p), ("actual", a)):
        if fiscal_year not in t.index:
            raise InputError(f"the {name} has no FY{fiscal_year}: it has "
                             f"{', '.join(f'FY{y}' for y in t.index)}")
    rows = {}
    for c in [*CATEGORIES, "total"]:
        column = "it_spend" if c == "total" else c
        planned, spent = float(p.loc[fiscal_year, column]), float(a.loc[fiscal_year, column])
        if c != "total" and planned == 0 and spent == 0:
            continue
        variance = spent - planned
        rows[c] = {"plan": planned, "actual": spent, "variance": variance,
                   "variance % of plan": variance / planned if planned else float("nan"),
                   "verdict": verdict(variance)}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "category"
    return BudgetTable(frame, {"variance % of plan": "percent", "verdict": "text"},
                 f"IT budget FY{fiscal_year}: plan against actual", p.attrs.get("currency") or "USD",
                 ["Variance = actual − plan. For a cost, spending more than planned is unfavourable."])


@dataclass
class Forecast:
    """A full-year forecast from the months so far: `run_rate` (months so far ÷ their number ×
    12) and `seasonal` (months so far ÷ the share of last year's spend that fell in the same
    months), against the `plan`."""

    fiscal_year: int
    months: dict[str, float]
    last_year: dict[str, float]
    plan: float
    currency: str = "USD"

    @property
    def to_date(self) -> float:
        """Spend in the months so far."""
        return sum(self.months.values())

    @property
    def last_year_share(self) -> float:
        """The share of last year's spend that fell in the same months."""
        return sum(self.last_year[m] for m in self.months) / sum(self.last_year.values())

    @property
    def run_rate(self) -> float:
        """The months so far, as if every month of the year were their average."""
        return self.to_date / len(self.months) * 12

    @property
    def seasonal(self) -> float:
        """The months so far, scaled by last year's pattern."""
        return self.to_date / self.last_year_share

    def table(self) -> Table:
        """Both forecasts against the plan, as a table a person reads."""
        rows = {}
        for method, value in (("run rate (average month × 12)", self.run_rate),
                              ("seasonal (last year's pattern)", self.seasonal)):
            rows[method] = {"forecast": value, "plan": self.plan, "variance": value - self.plan,
                            "verdict": verdict(value - self.plan)}
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "method"
        return BudgetTable(frame, {"verdict": "text"},
                     f"FY{self.fiscal_year} IT spend forecast after {len(self.months)} months "
                     f"({currency_prefix(self.currency)}{self.to_date:,.0f} spent so far)", self.currency,
                     [f"The same months were {self.last_year_share:.1%} of last year's spend, not "
                      f"{len(self.months) / 12:.1%}: spend is not even across the year."])


def forecast(months: dict[str, float], last_year: dict[str, float], plan: float, fiscal_year: int,
             currency: str = "USD") -> Forecast:
    """A run-rate and a seasonal forecast of the full year from the months so far.

    >>> f = forecast({"Jan": 100, "Feb": 300}, dict(zip(MONTHS, [50, 150] + [80] * 10)), 1200, 2026)
    >>> f.run_rate, f.seasonal                 # 400 / 2 × 12; 400 ÷ (200 / 1000)
    (2400.0, 2000.0)
    """
    if not months:
        raise InputError("give the spend of at least one month of the year")
    unknown = [m for m in [*months, *last_year] if m not in MONTHS]
    if unknown:
        raise InputError(f"unknown month {unknown[0]!r}: use {', '.join(MONTHS)}")
    missing = [m for m in months if m not in last_year]
    if missing or sum(last_year.values()) <= 0:
        raise InputError(f"last year's spend is needed for every month so far ({', '.join(missing) or 'all zero'})")
    return Forecast(int(fiscal_year), {m: float(v) for m, v in months.items()},
                    {m: float(v) for m, v in last_year.items()}, float(plan), currency)


def larkspur_forecast() -> Forecast:
    """Larkspur's FY2026 IT spend forecast from its first months (`larkspur_months`), against
    its FY2026 plan (`larkspur_plan`).

    >>> f = larkspur_forecast()
    >>> round(f.run_rate), round(f.seasonal), f.plan
    (28400000, 29511857, 29000000.0)
    """
    m = larkspur_months()
    plan = float(totals(larkspur_plan()).loc[2026, "it_spend"])
    return forecast(m[2026], m[2025], plan, 2026)


__all__ = ["BudgetTable", "FAVOURABLE", "Forecast", "MONTHS", "ON_PLAN", "UNFAVOURABLE", "budget_frame", "budget_of",
           "capex_opex_table", "forecast", "larkspur_forecast", "larkspur_months", "larkspur_plan",
           "variance_table", "verdict"]
