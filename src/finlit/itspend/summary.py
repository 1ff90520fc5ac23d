"""The IT view and the published IT-spend benchmarks as short tables for a notebook.

>>> import finlit
>>> from finlit.itspend import it_view
>>> t = it_summary(it_view(finlit.load("LARKSPUR")), [2025])
>>> round(float(t.frame.loc["IT spend as % of revenue", "FY2025"]), 4)
0.0313
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..display import Table
from ..numbers import currency_prefix, percent_words
from .benchmarks import benchmark_table, check_industry
from .views import METRICS

IT_SUMMARY_METRICS = ("revenue", "it_spend", "it_pct_revenue", "it_per_employee", "it_pct_opex", "it_growth", "revenue_growth", "it_capex_share",
                      "revenue_per_it_dollar", "margin_effect_10pct_pp")

# benchmark measure key → how a table says it (a source's "operating expenses" are its own
# definition, not finlit's total operating costs: the table's note says so)
MEASURE_WORDS = {"pct_revenue": "of revenue", "pct_opex": "of operating expenses (the source's definition)",
                 "per_employee": "per employee", "per_user": "per user"}


def it_summary(view, years: Iterable[int] | None = None) -> Table:
    """The IT ratios of an `ITView` (finlit.itspend.it_view), one row each, years as columns.

    >>> import finlit
    >>> from finlit.itspend import it_view
    >>> t = it_summary(it_view(finlit.load("AAPL")), [2025])
    >>> t.notes[0].startswith("estimate: 2.8% of revenue (median for all industries")
    True
    """
    years = list(view.years if years is None else years)
    shown, not_shown = view.shown(IT_SUMMARY_METRICS, years)   # no row of dashes
    frame = pd.DataFrame({f"FY{y}": [view.value(m, y) for m in shown] for y in years},
                         index=pd.Index([METRICS[m][0] for m in shown], name="IT ratio"))
    units = {METRICS[m][0]: METRICS[m][1] for m in shown}
    notes = [view.spend.label] if view.spend.is_estimate else []
    if not_shown:
        notes.append(not_shown)
    notes.append(f"Published figures (% of revenue): {view.benchmarks.figures_text()}")
    return Table(frame, units, f"IT ratios ({view.spend.source})", view.currency, notes)


def it_benchmarks(industry: str | None = None) -> Table:
    """Published IT-spend benchmarks for an industry and for all industries: a range of
    figures with their source and year, never one "right" number.

    >>> t = it_benchmarks("retail")
    >>> "Gartner IT Key Metrics Data 2022" in t.frame["source"].tolist()
    True
    """
    key = check_industry(industry) if industry else ""
    t = benchmark_table()
    t = t[t["industry"].isin(["all", key])] if key else t[t["industry"] == "all"]
    figure = [percent_words(v) if u == "fraction" else f"{currency_prefix(u)}{v:,.0f}"
              for v, u in zip(t["value"], t["unit"])]
    frame = pd.DataFrame({"figure": figure, "measure": [MEASURE_WORDS.get(m, m) for m in t["measure"]],
                          "statistic": list(t["statistic"]), "data year": list(t["data_year"]),
                          "source": list(t["source"])}, index=pd.Index(list(t["scope"]), name="scope"))
    return Table(frame, "text", f"IT-spend benchmarks: {key or 'all industries'}",
                 notes=["Definitions differ (with or without depreciation, medians or survey means): "
                        "read each figure with its survey and year, never join two surveys into one range.",
                        "A share of operating expenses uses the source's own definition: it is not "
                        "finlit's IT spend as % of total operating costs (revenue − operating income)."])


__all__ = ["IT_SUMMARY_METRICS", "MEASURE_WORDS", "it_benchmarks", "it_summary"]
