"""The IT view in plain words: one short paragraph from the numbers of an `ITView`.

It says how much IT costs for every $100 of sales, whether that is inside the
industry band, how it moved, what +10% IT spend would do to the operating margin,
and why IT should care. It says where the number comes from (your budget, the
filings, or an estimate with its source and year), and gives a reason instead of a
number when one is missing. Sentences are short (Flesch-Kincaid grade ≤ 10).

>>> import finlit
>>> from finlit.itspend import it_view
>>> e = explain_it_spend(it_view(finlit.load("LARKSPUR")), 2025)
>>> e.text.split(" sales.")[0] + " sales"
'In FY2025, Larkspur Components Inc. spent $28 million on IT: $3.13 of every $100 of sales'
>>> e.grade() <= 10
True
>>> "estimate" in explain_it_spend(it_view(finlit.load("AAPL")), 2025).text
True
"""
from __future__ import annotations

from ..ratios import RATIOS
from .explanation import Explanation
from .text import (change_size, currency_prefix, is_missing, money_words, sentence)

TITLE = "IT spend and revenue"


def _dollars_per_hundred(fraction: float, currency: str) -> str:
    """'$3.13' for 0.0313 (IT shares are small: cents matter)."""
    return f"{currency_prefix(currency)}{fraction * 100:,.2f}"


def explain_it_spend(view, fiscal_year: int | None = None) -> Explanation:
    """A paragraph on the IT view of one fiscal year (default: the latest with a value)."""
    spend = view.spend
    name, cur = spend.name, view.currency
    year = fiscal_year if fiscal_year is not None else view.latest_year
    hundred = f"{currency_prefix(cur)}100"
    v = lambda k: view.value(k, year) if year is not None else float("nan")  # noqa: E731
    share, amount = v("it_pct_revenue"), v("it_spend")
    out = []

    if year is None or is_missing(share):
        reason = view.reason("it_pct_revenue", year) if year is not None else "there are no years"
        out.append(f"IT spend as a share of sales is not known for {name} in FY{year}: {reason}.")
        out.append("Ask finance for revenue and the IT budget, so IT can be judged against the business.")
        return Explanation(TITLE, " ".join(out), subject="it_spend", company=name, fiscal_year=year,
                           reason=reason)

    if spend.is_estimate:
        est = spend.benchmarks.estimate
        out.append(f"{name} does not report its IT spend.")
        out.append(f"As an estimate, a typical firm in its industry spends {est.value_text()} of "
                   f"sales on IT: about {money_words(amount, cur)} in FY{year}.")
        when = ("the year is not stated" if est.data_year == "n.d."
                else f"the data are from {est.data_year}")
        out.append(f"The figure is a {est.statistic} from {est.source}; {when}.")
    else:
        where = "its filings" if spend.source == "disclosed" else "the IT budget"
        out.append(f"In FY{year}, {name} spent {money_words(amount, cur)} on IT: "
                   f"{_dollars_per_hundred(share, cur)} of every {hundred} of sales.")
        out.append(f"This comes from {where}.")

    band = view.band
    if not spend.is_estimate:
        if share < band.low:
            out.append(f"That is below the usual range for its industry ({band.label()}).")
        elif share > band.high:
            out.append(f"That is above the usual range for its industry ({band.label()}).")
        else:
            out.append(f"That is inside the usual range for its industry ({band.label()}).")
        before = view.value("it_pct_revenue", year - 1)
        if not is_missing(before):
            direction, step = change_size(share, before, "percent")
            if direction == 0:
                out.append("The share stayed about the same as the year before.")
            else:
                word = "rose" if direction > 0 else "fell"
                out.append(f"The share {word} from {before * 100:.1f}% the year before.")
        gap = v("growth_gap_pp")
        if not is_missing(gap) and abs(gap) >= RATIOS["growth_gap_pp"].threshold("notable"):
            side = "above" if gap > 0 else "below"
            out.append(f"IT spend growth was {abs(gap):.0f} points {side} sales growth.")
    else:
        out.append(f"Firms like it spend {band.label()} of sales on IT, so treat this as a rough guide.")

    effect = v("margin_effect_10pct_pp")
    if not is_missing(effect):
        out.append(f"Adding 10% to IT spend would cut the operating margin by {abs(effect):.1f} points.")
    per_employee = v("it_per_employee")
    if not is_missing(per_employee):
        out.append(f"That is {money_words(per_employee, cur)} of IT per employee.")
    margin = v("operating_margin")
    if not is_missing(margin) and margin < 0:
        out.append("The business runs at a loss, so each IT request must show a quick payback.")
    elif not is_missing(margin) and margin < RATIOS["operating_margin"].threshold("thin"):
        out.append("Margins are thin, so each IT request must show how it pays back.")
    else:
        out.append("IT is paid for out of sales, so a budget request should say how it helps sales or cuts cost.")
    text = " ".join(sentence(s) for s in out)
    return Explanation(TITLE, text, subject="it_spend", company=name, fiscal_year=year, value=share)


__all__ = ["explain_it_spend"]
