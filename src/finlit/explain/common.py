"""What the statement paragraphs share: the year asked for, values by item, comparisons with
the year before, a paragraph for a missing statement, and a verdict in sentences.

>>> sentence_of = verdict_sentences
>>> from finlit.judge import Verdict
>>> sentence_of(Verdict("growth", "flat", "sales stayed about the same"))
['Sales stayed about the same.']
"""
from __future__ import annotations

from .explanation import Explanation
from .text import compare_words, is_missing, sentence

# Every judgement ("a thin margin", "heavy debt", "cash is tight") and every "Why IT should
# care" comes from the company-year's verdicts (`finlit.judge.assess`), never from here.


def why_it_should_care(verdict) -> str:
    """'Why IT should care: …' from a verdict's `for_it`."""
    return sentence(f"Why IT should care: {verdict.for_it}")


def verdict_sentences(verdict, basis: bool = False) -> list[str]:
    """The verdict's summary as a sentence, its caveats, and (when asked) what it was measured against."""
    if not verdict.summary:
        return []
    return [sentence(verdict.summary), *verdict.notes, *([verdict.basis] if basis and verdict.basis else [])]


def values_of(company):
    """`value(item, year)` for one company (NaN when absent or when there is no year)."""
    return lambda item, year: float("nan") if year is None else company.get(item, year)


def previous_year(company, year):
    return year - 1 if (year - 1) in company.years else None


def than_the_year_before(get, company, item, year, unit="money") -> str:
    """', a little more than the year before' or '' when there is no previous value."""
    now, before = get(item, year), get(item, previous_year(company, year))
    if is_missing(now) or is_missing(before):
        return ""
    return ", " + compare_words(now, before, unit)


def resolve_year(company, fiscal_year):
    years = company.years
    if fiscal_year is None:
        return (years[-1] if years else None), None
    fiscal_year = int(fiscal_year)
    if fiscal_year not in years:
        span = f"FY{years[0]} to FY{years[-1]}" if years else "no years"
        return fiscal_year, f"FY{fiscal_year} is not in the data for {company.name}, which covers {span}."
    return fiscal_year, None


def missing_paragraph(title, subject, company, year, reason) -> Explanation:
    return Explanation(title, reason, subject=subject, company=company.name, fiscal_year=year,
                       reason=reason)


STATEMENT_NAMES = {"income": "Income statement", "balance": "Balance sheet", "cashflow": "Cash flow"}


def start_paragraph(company, fiscal_year, subject: str, needs: str = "", otherwise: str = ""):
    """(title, year, values_of(company), a paragraph to return at once or None): what every
    statement paragraph begins with. The early paragraph says the year is not in the data, or,
    when the item `needs` is missing (or not positive), gives `otherwise` (with {name}, {year})."""
    title = STATEMENT_NAMES[subject]
    year, problem = resolve_year(company, fiscal_year)
    get = values_of(company)
    if not problem and needs:
        value = get(needs, year)
        if is_missing(value) or value <= 0:
            problem = otherwise.format(name=company.name, year=year)
    early = missing_paragraph(title, subject, company, year, problem) if problem else None
    return title, year, get, early
