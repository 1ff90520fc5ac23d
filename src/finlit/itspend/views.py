"""The IT views of FINANCE.md §4, computed (never formatted) from the canonical model.

`it_view(company)` gives an `ITView`: one row per fiscal year and one column per metric
(`METRICS`), and a reason wherever a value is NaN, never ±inf:

- it_pct_revenue: IT spend / revenue (against the industry band: band_low, band_high);
- it_per_employee: IT spend / employees (headcount);
- it_pct_opex: IT spend / operating expenses, where operating expenses = revenue −
  operating income (every cost of running the business);
- it_growth, revenue_growth, growth_gap_pp: growth rates and their gap in percentage points;
- it_capex_share: IT capex / the company's capital expenditure;
- revenue_per_it_dollar: revenue / IT spend;
- margin_effect_10pct_pp: how many points of operating margin +10% IT spend would cost.

>>> import finlit
>>> view = it_view(finlit.load("LARKSPUR"))
>>> round(view.value("it_pct_revenue", 2025), 4), round(view.value("it_per_employee", 2025))
(0.0313, 11352)
>>> view.reason("it_per_employee", 2025) is None
True
>>> apple = it_view(finlit.load("AAPL"))
>>> apple.spend.source, apple.reason("it_per_employee", 2025)
('estimate', 'employees (headcount) not available: add them to the statements to see IT spend per employee')
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from .sources import ITSpend, resolve_it_spend

# key -> (label, unit) ; units: money, percent (a fraction), points (percentage points), times
METRICS: dict[str, tuple[str, str]] = {
    "revenue": ("Revenue", "money"),
    "it_spend": ("IT spend", "money"),
    "it_opex": ("IT operating spend", "money"),
    "it_capex": ("IT capital spend", "money"),
    "it_pct_revenue": ("IT spend as % of revenue", "percent"),
    "band_low": ("Industry band, low", "percent"),
    "band_high": ("Industry band, high", "percent"),
    "it_per_employee": ("IT spend per employee", "money"),
    "it_pct_opex": ("IT spend as % of operating expenses", "percent"),
    "it_growth": ("IT spend growth", "percent"),
    "revenue_growth": ("Revenue growth", "percent"),
    "growth_gap_pp": ("IT growth minus revenue growth", "points"),
    "it_capex_share": ("IT capex as % of all capex", "percent"),
    "revenue_per_it_dollar": ("Revenue per IT dollar", "times"),
    "operating_margin": ("Operating margin", "percent"),
    "margin_effect_10pct_pp": ("Operating margin effect of +10% IT spend", "points"),
}


@dataclass
class ITView:
    """The IT views of one company: `values` and `reasons` are fiscal years × METRICS."""

    spend: ITSpend
    values: pd.DataFrame
    reasons: pd.DataFrame

    @property
    def ticker(self) -> str:
        return self.spend.ticker

    @property
    def currency(self) -> str:
        return self.spend.currency

    @property
    def band(self):
        return self.spend.benchmarks.band

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.values.index]

    @property
    def latest_year(self) -> int | None:
        """The latest fiscal year with an IT spend share of revenue (else the latest year)."""
        ok = self.values["it_pct_revenue"].dropna()
        if len(ok):
            return int(ok.index[-1])
        return self.years[-1] if self.years else None

    def value(self, metric: str, fiscal_year: int) -> float:
        if metric not in self.values:
            raise InputError(f"unknown IT metric {metric!r}: use one of {', '.join(METRICS)}")
        if fiscal_year not in self.values.index:
            return float("nan")
        return float(self.values.at[fiscal_year, metric])

    def reason(self, metric: str, fiscal_year: int) -> str | None:
        if fiscal_year not in self.reasons.index:
            return f"FY{fiscal_year} is not in the statements or the IT budget"
        return self.reasons.at[fiscal_year, metric]

    def long(self) -> pd.DataFrame:
        """company, fiscal_year, metric, value, unit, source, reason: one row per value."""
        rows = []
        for year in self.values.index:
            for metric, (_, unit) in METRICS.items():
                v = self.values.at[year, metric]
                rows.append({"company": self.ticker, "fiscal_year": int(year), "metric": metric,
                             "value": float(v), "unit": unit, "source": self.spend.source,
                             "reason": None if pd.notna(v) else self.reasons.at[year, metric]})
        return pd.DataFrame(rows, columns=["company", "fiscal_year", "metric", "value", "unit",
                                           "source", "reason"])


def _previous(series: pd.Series) -> pd.Series:
    """The previous fiscal year's value (NaN when that year is absent)."""
    return pd.Series([series.get(y - 1, np.nan) for y in series.index], index=series.index, dtype=float)


class _Builder:
    """Values and reasons, filled metric by metric; any non-finite value becomes NaN."""

    def __init__(self, index):
        self.values = pd.DataFrame(index=index, dtype=float)
        self.reasons = pd.DataFrame(index=index, dtype=object)

    def put(self, metric, values, reason_of):
        values = pd.Series(values, index=self.values.index, dtype=float)
        values = values.where(np.isfinite(values))
        self.values[metric] = values
        self.reasons[metric] = pd.Series(
            [None if pd.notna(values[y]) else reason_of(y) for y in values.index],
            index=values.index, dtype=object)


def it_view(company, spend: ITSpend | None = None, **resolve) -> ITView:
    """Compute every IT view for a company (IT spend from `resolve_it_spend` unless given).

    `resolve` takes the options of `resolve_it_spend`: budget, it_spend, industry, rate.
    """
    spend = spend if spend is not None else resolve_it_spend(company, **resolve)
    panel = company.panel()
    years = spend.frame.index
    col = lambda key: (panel[key].reindex(years).astype(float) if key in panel  # noqa: E731
                       else pd.Series(np.nan, index=years))
    revenue = spend.frame["revenue"].astype(float)
    it = spend.frame["it_spend"].astype(float)
    b = _Builder(years)
    is_est = spend.is_estimate

    def it_reason(y, column="it_spend"):
        return spend.reasons.at[y, column] or f"{column.replace('_', ' ')} not available for FY{y}"

    def rev_reason(y, what):
        r = revenue.get(y)
        if pd.isna(r):
            return f"revenue not available for FY{y}"
        if r <= 0:
            return f"revenue is zero or negative: {what} is not meaningful"
        return None

    def div_reason(what, num, den, num_reason, den_name, y, positive=True):
        if pd.isna(num.get(y)):
            return num_reason(y)
        d = den.get(y)
        if pd.isna(d):
            return den_name + " not available"
        if d == 0:
            return f"{den_name} is zero: {what} is not defined"
        if positive and d < 0:
            return f"{den_name} is negative: {what} is not meaningful"
        return f"{what} is not defined for these values"

    pos_rev = revenue.where(revenue > 0)
    with np.errstate(all="ignore"):
        b.put("revenue", revenue, lambda y: "revenue not available")
        b.put("it_spend", it, it_reason)
        b.put("it_opex", spend.frame["it_opex"], lambda y: it_reason(y, "it_opex"))
        b.put("it_capex", spend.frame["it_capex"], lambda y: it_reason(y, "it_capex"))
        b.put("it_pct_revenue", it / pos_rev,
              lambda y: it_reason(y) if pd.isna(it.get(y)) else rev_reason(y, "IT spend as a share of revenue"))
        band = spend.benchmarks.band
        b.put("band_low", pd.Series(band.low, index=years), lambda y: None)
        b.put("band_high", pd.Series(band.high, index=years), lambda y: None)

        employees = col("employees")
        b.put("it_per_employee", it / employees.where(employees > 0),
              lambda y: it_reason(y) if pd.isna(it.get(y)) else (
                  "employees (headcount) not available: add them to the statements to see IT "
                  "spend per employee" if pd.isna(employees.get(y)) else
                  "employees is zero: IT spend per employee is not defined"))

        opex = revenue - col("operating_income")
        b.put("it_pct_opex", it / opex.where(opex > 0),
              lambda y: div_reason("IT spend as a share of operating expenses", it, opex, it_reason,
                                   "operating expenses (revenue − operating income)", y)
              if pd.notna(revenue.get(y)) and pd.notna(col("operating_income").get(y))
              else (it_reason(y) if pd.isna(it.get(y)) else
                    "operating expenses not available: needs revenue and operating income"))

        prev_rev = _previous(revenue)
        b.put("revenue_growth", revenue / prev_rev.where(prev_rev > 0) - 1,
              lambda y: ("previous year's revenue not available" if pd.isna(prev_rev.get(y)) else
                         "revenue not available" if pd.isna(revenue.get(y)) else
                         "previous year's revenue is zero or negative: growth is not meaningful"))
        prev_it = _previous(it)
        if is_est:
            b.put("it_growth", pd.Series(np.nan, index=years),
                  lambda y: "an estimate grows with revenue by construction: its growth says nothing")
        else:
            b.put("it_growth", it / prev_it.where(prev_it > 0) - 1,
                  lambda y: (it_reason(y) if pd.isna(it.get(y)) else
                             "previous year's IT spend not available" if pd.isna(prev_it.get(y)) else
                             "previous year's IT spend is zero: growth is not defined"))
        gap = (b.values["it_growth"] - b.values["revenue_growth"]) * 100
        b.put("growth_gap_pp", gap,
              lambda y: b.reasons.at[y, "it_growth"] or b.reasons.at[y, "revenue_growth"])

        capex = col("capital_expenditure")
        it_capex = spend.frame["it_capex"].astype(float)
        b.put("it_capex_share", it_capex / capex.where(capex > 0),
              lambda y: (it_reason(y, "it_capex") if pd.isna(it_capex.get(y)) else
                         "capital expenditure not available (no cash-flow statement)"
                         if pd.isna(capex.get(y)) else
                         "capital expenditure is zero: the IT share is not defined"))

        b.put("revenue_per_it_dollar", pos_rev / it.where(it > 0),
              lambda y: (it_reason(y) if pd.isna(it.get(y)) else
                         "IT spend is zero: revenue per IT dollar is not defined" if it.get(y) == 0
                         else rev_reason(y, "revenue per IT dollar")))

        op_income = col("operating_income")
        b.put("operating_margin", op_income / pos_rev,
              lambda y: ("operating income not available" if pd.isna(op_income.get(y))
                         else rev_reason(y, "operating margin")))
        b.put("margin_effect_10pct_pp", -0.10 * it / pos_rev * 100,
              lambda y: b.reasons.at[y, "it_pct_revenue"])
    order = list(METRICS)
    return ITView(spend, b.values[order], b.reasons[order])


@dataclass(frozen=True)
class MarginEffect:
    """What a change in IT spend does to operating margin in one fiscal year.

    Assumes the extra spend is an expense of the year (opex): capex would reach profit
    only as depreciation, spread over the asset's life.
    """

    fiscal_year: int
    change: float            # +0.10 for +10%
    it_spend: float
    revenue: float
    operating_margin: float  # before the change (NaN when operating income is missing)
    new_operating_margin: float
    effect_pp: float         # percentage points (negative when IT spend rises)
    reason: str | None = None


def margin_sensitivity(view: ITView, change: float = 0.10, fiscal_year: int | None = None) -> MarginEffect:
    """"+10% IT spend moves operating margin by −0.3 points": the effect of a budget change.

    effect (points) = −change × IT spend / revenue × 100.

    >>> import finlit
    >>> e = margin_sensitivity(it_view(finlit.load("LARKSPUR")), 0.10, 2025)
    >>> round(e.effect_pp, 2), round(e.operating_margin, 4), round(e.new_operating_margin, 4)
    (-0.31, 0.089, 0.0859)
    """
    year = fiscal_year if fiscal_year is not None else view.latest_year
    nan = float("nan")
    if year is None or year not in view.values.index:
        return MarginEffect(year or 0, change, nan, nan, nan, nan, nan,
                            f"FY{year} is not in the statements or the IT budget")
    it, revenue = view.value("it_spend", year), view.value("revenue", year)
    share = view.value("it_pct_revenue", year)
    op = view.value("operating_margin", year)
    if share != share:
        return MarginEffect(year, change, it, revenue, op, nan, nan, view.reason("it_pct_revenue", year))
    effect = -change * share * 100
    return MarginEffect(year, change, it, revenue, op, op + effect / 100, effect)


__all__ = ["ITView", "METRICS", "MarginEffect", "it_view", "margin_sensitivity"]
