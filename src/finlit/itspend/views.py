"""The IT views of FINANCE.md §4, computed (never formatted) from the canonical model.

`it_view(company)` gives an `ITView`: one row per fiscal year and one column per metric
(`METRICS`), and a reason wherever a value is NaN, never ±inf. The IT spend comes from
`resolve_it_spend` (a budget, a disclosure or an estimate); every ratio comes from the one
ratio engine (`finlit.ratios`: category `it`, with revenue_growth and operating_margin),
which gives the reasons too:

- it_pct_revenue: IT spend / revenue (compared with published figures by `compare_it_spend`);
- it_per_employee: IT spend / employees (headcount);
- it_pct_opex: IT spend as % of total operating costs = IT spend / (revenue − operating
  income), i.e. cost of revenue plus operating expenses (every cost of running the business);
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
>>> c = compare_it_spend(view, 2025)
>>> c.position, c.compared_with.citation()
('above', 'median for all industries, Gartner IT Key Metrics Data 2021, data year 2020')
>>> compare_it_spend(apple, 2025).position
'estimate'
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from ..items import ITEMS
from ..numbers import percent_words
from ..ratios import RATIOS, compute_panel
from .benchmarks import Band, Benchmark, IndustryBenchmarks
from .sources import ITSpend, resolve_it_spend

# The view's rows, in the order they are shown: the line items the IT spend came with, and
# the ratios of the registry's `it` category with revenue growth and operating margin beside
# them (every ratio computed by the one ratio engine). The published benchmarks are not rows:
# they are not figures of the company's years (see `ITView.benchmarks`, `compare_it_spend`).
ORDER = ("revenue", "it_spend", "it_opex", "it_capex", "it_pct_revenue",
         "it_per_employee", "it_pct_opex", "it_growth", "revenue_growth", "growth_gap_pp",
         "it_capex_share", "revenue_per_it_dollar", "operating_margin", "margin_effect_10pct_pp")
ITEM_COLUMNS = ("revenue", "it_spend", "it_opex", "it_capex")
# a share within this fraction of a single published figure counts as "within" it (see
# compare_it_spend): the figures are rounded to a tenth of a point and the surveys'
# definitions (with or without depreciation, capex) differ by at least as much
POINT_TOLERANCE = 0.10
RATIO_KEYS = ["it", "revenue_growth", "operating_margin"]  # for the engine: a category and two keys
ESTIMATE_GROWTH = "an estimate grows with revenue by construction: its growth says nothing"
BESIDE_COLUMNS = ["source", "trust", "label", "fiscal_year", "it_spend", "revenue", "it_pct_revenue",
                  "document"]


def _metric(key: str) -> tuple[str, str]:
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
    company: object = field(default=None, repr=False, compare=False)  # the Company it is of

    @property
    def ticker(self) -> str:
        return self.spend.ticker

    @property
    def currency(self) -> str:
        return self.spend.currency

    @property
    def benchmarks(self) -> IndustryBenchmarks:
        """The published figures for the company's industry (each with its source)."""
        return self.spend.benchmarks

    @property
    def band(self) -> Band | None:
        """One survey's own range for the industry, or None (then the figures are points)."""
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

    def beside(self) -> pd.DataFrame:
        """The other sources of IT spend that answered (`ITSpend.alternatives`: a bank's stated
        budget beside its reported technology line …), one row per source and fiscal year with a
        figure: source, trust, label, fiscal_year, it_spend, revenue, it_pct_revenue (NaN where
        revenue is missing or not positive) and the document the figure comes from."""
        rows = []
        for other in self.spend.alternatives:
            for year in other.frame.index:
                value, revenue = other.value(year), other.value(year, "revenue")
                if value != value:
                    continue
                share = value / revenue if revenue == revenue and revenue > 0 else float("nan")
                stated = other.stated.get(int(year))
                rows.append({"source": other.source, "trust": other.trust, "label": other.label,
                             "fiscal_year": int(year), "it_spend": value, "revenue": revenue,
                             "it_pct_revenue": share,
                             "document": stated.document if stated else other.frame.at[year, "detail"]})
        return pd.DataFrame(rows, columns=BESIDE_COLUMNS)

    def shown(self, metrics, years) -> tuple[list[str], str | None]:
        """(the metrics at least one of `years` has, the note naming the others with their
        reasons, or None): a table shows no row of dashes.

        >>> import finlit
        >>> keys, note = it_view(finlit.load("JPM")).shown(["it_pct_revenue", "operating_margin"], [2025])
        >>> keys, note
        (['it_pct_revenue'], 'Not shown, as no year has them: operating margin (not meaningful for a bank).')
        """
        keep, missing = [], {}
        for key in metrics:
            whys = [self.reason(key, y) for y in years]
            if not all(whys):
                keep.append(key)
                continue
            label = METRICS[key][0]
            name = label if label[:2].isupper() else label[:1].lower() + label[1:]
            missing.setdefault("; ".join(dict.fromkeys(map(str, whys))), []).append(name)
        if not missing:
            return keep, None
        return keep, ("Not shown, as no year has them: "
                      + "; ".join(f"{', '.join(names)} ({why})" for why, names in missing.items()) + ".")

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
                           withheld=withheld, kind=getattr(company, "kind", None))
    shown = item_reasons.copy()
    shown["revenue"] = shown["revenue"].mask(shown["revenue"].notna(), "revenue not available")
    values = pd.concat([items, result.values.reindex(items.index)], axis=1)
    reasons = pd.concat([shown, result.reasons.reindex(items.index)], axis=1)
    order = list(METRICS)
    return ITView(spend, values[order].astype(float), reasons[order].astype(object), company)


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


@dataclass(frozen=True)
class ITSpendComparison:
    """A company's IT spend as % of revenue in one fiscal year, beside the published figures.

    position: "above", "within" or "below" `compared_with` (a one-survey band, or a single
    figure within ±`tolerance` of its value); "estimate" when the share is itself an
    estimate made from a benchmark (never compared: it IS the benchmark, `estimated_from`);
    "unknown" when the share is missing (`reason` says why).
    """

    ticker: str
    fiscal_year: int
    share: float                      # IT spend / revenue (NaN when unknown)
    source: str                       # "budget", "disclosed", "stated" or "estimate"
    figures: tuple                    # every published figure shown beside it (Benchmark rows)
    compared_with: Band | Benchmark | None
    position: str
    tolerance: float                  # relative, for a point; 0 for a band
    estimated_from: Benchmark | None = None
    reason: str | None = None

    @property
    def is_estimate(self) -> bool:
        return self.source == "estimate"

    def summary(self) -> str:
        """One line for a header or a note: the share, what it stands against, and how.

        >>> import finlit
        >>> print(compare_it_spend(it_view(finlit.load("LARKSPUR")), 2025).summary())
        FY2025: 3.13% of revenue, above the median for all industries of 2.8% (Gartner IT Key Metrics Data 2021, data year 2020; within ±10% of a figure counts as the same)
        """
        head = f"FY{self.fiscal_year}: "
        if self.position == "unknown":
            return f"{head}IT spend as % of revenue not known: {self.reason}"
        share = f"{percent_words(self.share, 2)} of revenue"
        if self.position == "estimate":
            est = self.estimated_from
            return (f"{head}{share} is an estimate made from the {est.what()} ({est.source}, "
                    f"{est.year_text()}): not compared with the published figures")
        ref = self.compared_with
        if isinstance(ref, Band):
            where = "inside" if self.position == "within" else self.position
            return f"{head}{share}, {where} the band {ref.sources()}"
        where = "close to" if self.position == "within" else self.position
        return (f"{head}{share}, {where} the {ref.what()} of {ref.value_text()} ({ref.source}, "
                f"{ref.year_text()}; within ±{self.tolerance:.0%} of a figure counts as the same)")


def _position(share: float, reference: Band | Benchmark) -> tuple[str, float]:
    """above / within / below a band (edges included) or a point (±POINT_TOLERANCE of it)."""
    if isinstance(reference, Band):
        low, high, tolerance = reference.low, reference.high, 0.0
    else:
        tolerance = POINT_TOLERANCE
        low, high = reference.value * (1 - tolerance), reference.value * (1 + tolerance)
    position = "below" if share < low else "above" if share > high else "within"
    return position, tolerance


def compare_it_spend(view: ITView, fiscal_year: int | None = None) -> ITSpendComparison:
    """Where a company's IT spend (% of revenue) stands against the published figures.

    A real figure (a budget or a disclosure) is compared with the industry's one-survey band
    when there is one, else with the estimate's figure as a point: "within" means no more
    than POINT_TOLERANCE (10%) of the figure away from it (2.8% → 2.52%–3.08%). An estimate is
    not compared: its position is "estimate".

    >>> import finlit
    >>> c = compare_it_spend(it_view(finlit.load("LARKSPUR")), 2025)
    >>> round(c.share, 4), c.source, [f.value_text() for f in c.figures], c.position
    (0.0313, 'budget', ['2.8%', '3.4%'], 'above')
    """
    year = fiscal_year if fiscal_year is not None else view.latest_year
    spend, bench = view.spend, view.benchmarks
    share = view.value("it_pct_revenue", year) if year is not None else float("nan")
    base = dict(ticker=view.ticker, fiscal_year=year, share=share, source=spend.source,
                figures=bench.figures)
    if spend.is_estimate:
        return ITSpendComparison(**base, compared_with=None, position="estimate", tolerance=0.0,
                                 estimated_from=bench.estimate)
    if share != share:
        reason = view.reason("it_pct_revenue", year) if year is not None else "there are no years"
        return ITSpendComparison(**base, compared_with=None, position="unknown", tolerance=0.0,
                                 reason=reason)
    position, tolerance = _position(share, bench.reference)
    return ITSpendComparison(**base, compared_with=bench.reference, position=position,
                             tolerance=tolerance)


__all__ = ["ITSpendComparison", "ITView", "METRICS", "MarginEffect", "POINT_TOLERANCE",
           "compare_it_spend", "it_view", "margin_sensitivity"]
