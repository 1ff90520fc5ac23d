"""IT spend versus revenue (FINANCE.md §4): sources, benchmarks, views and scenarios.

Computing only: every function returns numbers (DataFrames and dataclasses) with a
reason wherever a value is missing; `finlit.charts.itspend` draws them and
`finlit.explain.itspend` puts them into words.

>>> import finlit
>>> from finlit.itspend import compare_it_spend, it_view, margin_sensitivity
>>> view = it_view(finlit.load("LARKSPUR"))          # the bundled IT budget: most trusted
>>> view.spend.source, round(view.value("it_pct_revenue", 2025), 4)
('budget', 0.0313)
>>> print(view.benchmarks.figures_text())            # two surveys: two points, no band
2.8% (median for all industries, Gartner IT Key Metrics Data 2021, data year 2020); 3.4% (mean for manufacturing, CIO.com State of the CIO 2008, data year 2007)
>>> view.band is None, compare_it_spend(view, 2025).position
(True, 'above')
>>> round(margin_sensitivity(view, 0.10, 2025).effect_pp, 2)
-0.31
>>> apple = it_view(finlit.load("AAPL"))            # no budget, no disclosure: an estimate
>>> apple.spend.label
'estimate: 2.8% of revenue (median for all industries, Gartner IT Key Metrics Data 2021, data year 2020), not a reported figure'
>>> [(b.fiscal_year, b.said_at) for b in stated_budgets("BAC")]   # budgets banks stated, with documents
[(2024, 'on its second-quarter 2024 earnings call'), (2025, 'at its 2025 Investor Day')]
"""
from .benchmarks import (Band, Benchmark, IndustryBenchmarks, benchmark, benchmark_table, benchmarks,
                         check_industry, industry_benchmarks, industry_for_sic)
from .peers import PeerSummary, bank_it_peers, peer_summary
from .sources import ITSpend, StatedBudget, resolve_it_spend, stated_budgets
from .views import (METRICS, POINT_TOLERANCE, ITSpendComparison, ITView, MarginEffect, compare_it_spend,
                    it_view, margin_sensitivity)

__all__ = ["Band", "Benchmark", "ITSpend", "ITSpendComparison", "ITView", "IndustryBenchmarks", "METRICS",
           "MarginEffect", "POINT_TOLERANCE", "PeerSummary", "StatedBudget", "bank_it_peers", "benchmark",
           "benchmark_table", "benchmarks", "check_industry", "compare_it_spend", "industry_benchmarks",
           "industry_for_sic", "it_view", "margin_sensitivity", "peer_summary", "resolve_it_spend",
           "stated_budgets"]
