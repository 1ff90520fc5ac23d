"""The IT view in plain words: one short paragraph from the numbers of an `ITView`.

It says how much IT costs for every $100 of sales, how that compares with the published
figures (`finlit.itspend.compare_it_spend`), how it moved, what +10% IT spend would do to
the operating margin, and why IT should care. It says where the number comes from (your
budget, the filings, a bank's technology line with what it covers and leaves out, a budget
the company stated with its document, or an estimate with its source and year), names every
other source beside it (a bank's stated budget beside its technology line, the bank peers of
an SEC data set), and gives a reason instead of a number when one is missing. For a bank the
base is revenue (total net revenue), not sales. Every published figure is named for what it
is: its statistic and scope (a median for all industries is never "its industry"), its survey and
its data year; figures of different surveys stay separate, never one range. Sentences are
short (Flesch-Kincaid grade ≤ 10).

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

from ..industries import INDUSTRIES
from ..itspend.benchmarks import Band
from ..itspend.views import compare_it_spend
from ..judge import assess
from ..judge.itspend import judge_it_spend
from ..numbers import percent_words
from ..ratios import RATIOS
from .explanation import Explanation
from .text import change_size, currency_prefix, is_missing, money_words, sentence

TITLE = "IT spend and revenue"
POSITION_WORDS = {"above": "above", "below": "below", "within": "close to"}


def _dollars_per_hundred(fraction: float, currency: str) -> str:
    """'$3.13' for 0.0313 (IT shares are small: cents matter)."""
    return f"{currency_prefix(currency)}{fraction * 100:,.2f}"


def _others(comparison, shown) -> list[str]:
    """A sentence for each published figure not named yet, with its source and year."""
    return [f"{b.source} gives {b.value_text()}: the {b.what()}, {b.year_text()}."
            for b in comparison.figures if b not in shown]


def _base(spend) -> str:
    """What IT spend is divided by, in words: 'sales', or 'revenue' for a bank."""
    return spend.base


def _estimate(spend, amount: float, cur: str, year: int, comparison) -> list[str]:
    """The estimate's sentences: what it was made from, for what scope, and from when."""
    est = comparison.estimated_from
    out = [f"{spend.name} does not report its IT spend.",
           f"As an estimate, finlit uses the {est.what()}: {est.value_text()} of {_base(spend)}, "
           f"or about {money_words(amount, cur)} in FY{year}."]
    when = "the year is not stated" if est.data_year == "n.d." else f"the data are from {est.data_year}"
    out.append(f"The figure is from {est.source}; {when}.")
    if est.all_industries:
        industry = INDUSTRIES.get(spend.industry)
        out.append(f"There is no published figure for {industry.lower()}." if industry
                   else "The company's industry is not known.")
    return out + _others(comparison, (est,)) + ["This is an estimate, not a reported figure: treat it as a rough guide."]


def _compared(comparison) -> list[str]:
    """Where a real figure stands against the band or point, then the other figures."""
    ref = comparison.compared_with
    if comparison.position not in POSITION_WORDS:
        return []
    if isinstance(ref, Band):   # one survey's own range
        where = {"above": "above", "below": "below", "within": "inside"}[comparison.position]
        out = [f"That is {where} the range of {ref.sources()}."]
        shown = ref.benchmarks
    else:
        out = [f"That is {POSITION_WORDS[comparison.position]} the {ref.what()} of "
               f"{ref.value_text()} ({ref.source}, {ref.year_text()})."]
        shown = (ref,)
    others = _others(comparison, shown)
    if others:
        out += [*others, "Surveys count IT in different ways, so each figure is a separate guide."]
    return out


def _moves(view, year: int, share: float) -> list[str]:
    """How the share moved since the year before, and IT growth against sales growth."""
    out = []
    before = view.value("it_pct_revenue", year - 1)
    if not is_missing(before):
        direction, _ = change_size(share, before, "percent")
        if direction == 0:
            out.append("The share stayed about the same as the year before.")
        else:
            word = "rose" if direction > 0 else "fell"
            out.append(f"The share {word} from {percent_words(before)} the year before.")
    gap = view.value("growth_gap_pp", year)
    if not is_missing(gap) and abs(gap) >= RATIOS["growth_gap_pp"].threshold("notable"):
        side = "above" if gap > 0 else "below"
        points = f"{abs(gap):.0f} point" + ("" if round(abs(gap)) == 1 else "s")
        out.append(f"IT spend growth was {points} {side} {_base(view.spend)} growth.")
    return out


def _why_it_cares(view, year: int, cur: str) -> list[str]:
    """The margin effect of +10% IT spend, IT per employee, and what that means for IT: from
    the year's verdicts on IT spend and on profitability (the same words as everywhere)."""
    v = lambda k: view.value(k, year)  # noqa: E731
    out = []
    effect = v("margin_effect_10pct_pp")
    if not is_missing(effect):
        margin = "pre-tax margin" if _base(view.spend) == "revenue" else "operating margin"
        out.append(f"Adding 10% to IT spend would cut the {margin} by {abs(effect):.1f} points.")
    per_employee = v("it_per_employee")
    if not is_missing(per_employee):
        out.append(f"That is {money_words(per_employee, cur)} of IT per employee.")
    out.append(f"Why IT should care: {judge_it_spend(view, year).for_it}.")
    company = view.company
    if company is not None and year in company.years:
        profitability = assess(company, year)["profitability"]
        if profitability.level in ("loss", "thin"):
            out.append(sentence(f"{profitability.summary}: {profitability.for_it}"))
    return out


def _reported(spend, amount: float, share: float, year: int, cur: str) -> list[str]:
    """The figure, what it is and where it comes from, for every source but the estimate."""
    per = f"{_dollars_per_hundred(share, cur)} of every {currency_prefix(cur)}100 of {_base(spend)}"
    if spend.source == "stated":
        stated = spend.stated.get(year)
        where = f" {stated.said_at}" if stated else ""
        return [f"For FY{year}, {spend.name} stated a technology budget of about "
                f"{money_words(amount, cur)}{where}: {per}.",
                "It is a management figure: rounded, not audited, and not a line of the statements."]
    if spend.what:   # a bank's technology line
        broader = spend.label.split("broader than IT (", 1)[-1].rstrip(")")
        out = [f"In FY{year}, {spend.name} reported {money_words(amount, cur)} of {spend.what}: {per}.",
               f"This line of its income statement is broader than IT: it {broader}."]
        if spend.caveat:
            out.append(f"It also leaves some IT out: {spend.caveat}.")
        return out
    where = "its filings" if spend.source == "disclosed" else "the IT budget"
    return [f"In FY{year}, {spend.name} spent {money_words(amount, cur)} on IT: {per}.",
            f"This comes from {where}."]


def _beside(spend, year: int, cur: str) -> list[str]:
    """The other sources that answered (a stated budget beside the reported line …)."""
    out = []
    for other in spend.alternatives:
        value, revenue = other.value(year), other.value(year, "revenue")
        if is_missing(value):
            continue
        share = (f": {_dollars_per_hundred(value / revenue, cur)} of every {currency_prefix(cur)}100"
                 f" of {_base(other)}" if not is_missing(revenue) and revenue > 0 else "")
        if other.source == "stated":
            stated = other.stated.get(year)
            where = f" {stated.said_at}" if stated else ""
            out += [f"It also stated a technology budget of about {money_words(value, cur)}{where}{share}.",
                    "A stated budget can count more than one expense line, such as the pay of "
                    "technology staff, so the two differ."]
        else:
            out.append(f"Its {other.kind} was {money_words(value, cur)} in FY{year}{share}.")
    return out


def _peer_words(peers, name: str) -> list[str]:
    """The bank peers of an SEC data set, when given (`finlit.itspend.peers.peer_summary`)."""
    if peers is None:
        return []
    out = [f"Bank peers: {peers.text()}."]
    if peers.company_share is not None:
        out.append(f"{name} itself had {percent_words(peers.company_share)} there.")
    return out


def explain_it_spend(view, fiscal_year: int | None = None, peers=None) -> Explanation:
    """A paragraph on the IT view of one fiscal year (default: the latest with a value).
    `peers`: a `PeerSummary` of banks in an SEC data set, said after the company's figures."""
    spend = view.spend
    name, cur = spend.name, view.currency
    year = fiscal_year if fiscal_year is not None else view.latest_year
    share = view.value("it_pct_revenue", year) if year is not None else float("nan")

    if year is None or is_missing(share):
        reason = view.reason("it_pct_revenue", year) if year is not None else "there are no years"
        out = [f"IT spend as a share of sales is not known for {name} in FY{year}: {reason}.",
               "Ask finance for revenue and the IT budget, so IT can be judged against the business."]
        return Explanation(TITLE, " ".join(out), subject="it_spend", company=name, fiscal_year=year,
                           reason=reason)

    comparison = compare_it_spend(view, year)
    amount = view.value("it_spend", year)
    if spend.is_estimate:
        out = _estimate(spend, amount, cur, year, comparison)
    else:
        rough = ["The line is not IT spend as surveys count it, so the comparison is rough."
                 ] if spend.what else []
        out = [*_reported(spend, amount, share, year, cur), *_compared(comparison), *rough,
               *_moves(view, year, share), *_beside(spend, year, cur)]
    out += _peer_words(peers, name) + _why_it_cares(view, year, cur)
    text = " ".join(sentence(s) for s in out)
    return Explanation(TITLE, text, subject="it_spend", company=name, fiscal_year=year, value=share)


__all__ = ["explain_it_spend"]
