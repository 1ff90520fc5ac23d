"""The IT views of FINANCE.md §4, computed (never formatted) from the canonical model.

`it_view(company)` gives an `ITView`: one row per fiscal year and one column per metric
(`METRICS`), and a reason wherever a value is NaN, never ±inf. The IT spend comes from
`resolve_it_spend` (a budget, a disclosure or an estimate); every ratio comes from the one
ratio engine (`finlit.ratios`: category `it`, with revenue_growth and operating_margin),
which gives the reasons too:

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
from ..items import ITEMS
from ..ratios import RATIOS, compute_panel
from .sources import ITSpend, resolve_it_spend

# The view's rows, in the order they are shown: the line items the IT spend came with, the
# industry band, and the ratios of the registry's `it` category with revenue growth and
# operating margin beside them (every ratio computed by the one ratio engine).
ORDER = ("revenue", "it_spend", "it_opex", "it_capex", "it_pct_revenue", "band_low", "band_high",
         "it_per_employee", "it_pct_opex", "it_growth", "revenue_growth", "growth_gap_pp",
         "it_capex_share", "revenue_per_it_dollar", "operating_margin", "margin_effect_10pct_pp")
ITEM_COLUMNS = ("revenue", "it_spend", "it_opex", "it_capex")
BAND = {"band_low": "Industry band, low", "band_high": "Industry band, high"}
RATIO_KEYS = ["it", "revenue_growth", "operating_margin"]  # for the engine: a category and two keys
ESTIMATE_GROWTH = "an estimate grows with revenue by construction: its growth says nothing"


def _metric(key: str) -> tuple[str, str]:
    if key in BAND:
        return BAND[key], "percent"
    if key in ITEM_COLUMNS:
        return ITEMS[key].label, ITEMS[key].unit
    return RATIOS[key].name, RATIOS[key].unit


# key -> (label, unit) ; units: money, percent (a fraction), points (percentage points), times
METRICS: dict[str, tuple[str, str]] = {key: _metric(key) for key in ORDER}


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


def _items(spend: ITSpend) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Revenue and IT spend (total, opex, capex) by fiscal year, and why each missing one is
    missing, in the words of the IT spend's source ("no IT budget for FY2023")."""
    years = spend.frame.index
    values = spend.frame[list(ITEM_COLUMNS)].astype(float)
    values = values.where(np.isfinite(values))

    def why(column, year):
        if column == "revenue":
            return f"revenue not available for FY{year}"
        return spend.reasons.at[year, column] or f"{column.replace('_', ' ')} not available for FY{year}"

    reasons = pd.DataFrame({c: [None if pd.notna(values.at[y, c]) else why(c, y) for y in years]
                            for c in ITEM_COLUMNS}, index=years, dtype=object)
    return values, reasons


def _panel(company, items: pd.DataFrame) -> pd.DataFrame:
    """The company's line items for the view's years, with the resolved IT spend put in."""
    panel = company.panel().reindex(items.index)
    for column in items:
        panel[column] = items[column]
    panel.index.name = "fiscal_year"
    return panel


def it_view(company, spend: ITSpend | None = None, **resolve) -> ITView:
    """Compute every IT view for a company (IT spend from `resolve_it_spend` unless given).

    `resolve` takes the options of `resolve_it_spend`: budget, it_spend, industry, rate.
    The ratios come from the ratio engine (`finlit.ratios`, category `it`) on the company's
    line items with the resolved IT spend put in; the engine gives every reason, in the
    words of the IT spend's source where an IT figure is missing.
    """
    spend = spend if spend is not None else resolve_it_spend(company, **resolve)
    items, item_reasons = _items(spend)
    withheld = {"it_growth": ESTIMATE_GROWTH} if spend.is_estimate else None
    result = compute_panel(_panel(company, items), RATIO_KEYS, item_reasons=item_reasons,
                           withheld=withheld)
    shown = item_reasons.copy()
    shown["revenue"] = shown["revenue"].mask(shown["revenue"].notna(), "revenue not available")
    band = spend.benchmarks.band
    values = pd.concat([items, result.values.reindex(items.index)], axis=1)
    reasons = pd.concat([shown, result.reasons.reindex(items.index)], axis=1)
    values["band_low"], values["band_high"] = float(band.low), float(band.high)
    reasons["band_low"] = reasons["band_high"] = None
    order = list(METRICS)
    return ITView(spend, values[order].astype(float), reasons[order].astype(object))


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
