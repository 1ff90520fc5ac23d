"""IT spend against the published figures: a verdict only where the figure is real.

An estimate made from a benchmark is never judged against that benchmark (it IS the
benchmark); a budget or a disclosure is compared with the industry's one-survey band, or
with a single published figure, each named for what it is (`finlit.itspend.compare_it_spend`).
The verdict is of an IT view (`finlit.itspend.it_view`), since the user's own budget, when
given, is what is judged.

>>> import finlit
>>> from finlit.itspend import it_view
>>> judge_it_spend(it_view(finlit.load("LARKSPUR")), 2025).level
'above'
>>> judge_it_spend(it_view(finlit.load("AAPL")), 2025).summary
'IT spend is not reported: the estimate of 2.80% of revenue is the median for all industries itself, so it is not compared'
"""
from __future__ import annotations

from ..itspend import compare_it_spend
from ..numbers import percent_words
from .verdict import UNKNOWN, Verdict

IT_SPEND_FOR_IT = {
    "above": "spending more than the published figure is fine when it buys growth or savings; "
             "be ready to show what it buys",
    "within": "IT spend is in line with the published figure, so the debate is about what it buys",
    "below": "spending less than the published figure can be lean or can be under-investment; "
             "know which before the next budget round",
    "estimate": "this is an estimate, not the company's figure: use your own budget to compare",
}


def judge_it_spend(view, year: int) -> Verdict:
    """IT spend as % of revenue of an IT view against the published figures."""
    comparison = compare_it_spend(view, year)
    if comparison.position == "unknown":
        return Verdict("it_spend", UNKNOWN, f"IT spend is not known: {comparison.reason}")
    share = percent_words(comparison.share, 2)
    if comparison.position == "estimate":
        summary = (f"IT spend is not reported: the estimate of {share} of revenue is the "
                   f"{comparison.estimated_from.what()} itself, so it is not compared")
    else:
        summary = "IT spend was " + comparison.summary().split(": ", 1)[1]
    return Verdict("it_spend", comparison.position, summary, {"it_pct_revenue": comparison.share},
                   IT_SPEND_FOR_IT[comparison.position])
