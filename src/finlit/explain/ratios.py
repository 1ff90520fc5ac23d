"""A plain-language paragraph for each ratio of a company-year, and "what this means for IT".

A ratio paragraph says what the ratio shows, its value in everyday words
("for every $100 of sales …"), how it moved, whether that is better or worse
(from the ratio's direction and good range), and why IT should care. When the
value is missing it gives the reason instead of a number.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> split_sentences(explain_ratio(apple, "net_margin", 2023).text)[1]
'For every $100 of sales, Apple Inc. kept $25 as profit in FY2023, about the same as the year before.'
>>> len(split_sentences(what_it_means_for_it(apple, 2023).text)) in range(3, 10)
True
"""
from __future__ import annotations

from ..judge import assess
from ..ratios import RATIOS, default_keys
from .common import verdict_sentences, why_it_should_care
from .explanation import Explanation
from .text import (change_size, compare_words, currency_prefix, growth_words, is_missing,
                   money_words, per_hundred, points_words, sentence, split_sentences,  # noqa: F401 (doctest)
                   streak_words, value_words)

# percent ratios of revenue, said as "for every $100 of sales, <company> …"
PER_HUNDRED = {
    "gross_margin": ("had {amount} left after paying for what it sold", "lost {amount} on what it sold"),
    "operating_margin": ("kept {amount} as operating profit", "lost {amount} running the business"),
    "net_margin": ("kept {amount} as profit", "lost {amount}"),
    "ebitda_margin": ("had {amount} of EBITDA", "lost {amount} even before the cost of wearing out equipment"),
    "operating_cash_flow_margin": ("brought in {amount} of cash", "used {amount} of cash"),
    "free_cash_flow_margin": ("had {amount} of free cash flow", "used {amount} more cash than it made"),
    "capex_to_revenue": ("spent {amount} on long-lived assets", "spent {amount} on long-lived assets"),
}


# "what it shows" in plainer words for the ratios whose catalogue text is too dense for a
# paragraph meant to read at grade 10 (the catalogue text stays the reference)
PLAIN_WHAT = {
    "ebitda_margin": "EBITDA margin is the profit from running the business as a share of sales. "
                     "It adds back the cost of wearing out equipment and software.",
    "capex_to_depreciation": "Capex to depreciation compares what the company spent on new "
                             "equipment with the cost of the equipment that wore out in the year. "
                             "Above 1, it is adding more than it uses up.",
    "operating_margin": "Operating margin is the share of each sale left as profit from running "
                        "the business. Interest and tax are not yet paid.",
    "interest_coverage": "Interest coverage shows how many times the profit from running the "
                         "business would pay the interest on its debt.",
}


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ('IT is …' stays).

    >>> _lower_first("A thin margin"), _lower_first("IT is a cost")
    ('a thin margin', 'IT is a cost')
    """
    first = text.split()[0] if text.split() else ""
    if not text or (len(first) > 1 and first.isupper()):
        return text
    return text[0].lower() + text[1:]


def _ratio_table(company, table, keys=()):
    """`table`, or the company's ratios (`company.ratios()`) when there is none; opt-in ratios
    asked for (the `it` ones) are added, since the default catalogue leaves them out."""
    opt_in = [k for k in keys if k in RATIOS and RATIOS[k].opt_in]
    if table is not None and all(k in table.keys for k in opt_in):
        return table
    average = table.result.average_balances if table is not None else False
    return company.ratios([*default_keys(), *opt_in] if opt_in else None, average_balances=average)


def _series(table, key, company):
    """The ratio's values by fiscal year (oldest first) for this company."""
    values = table.result.values
    if not table.single:
        values = values.xs(company.ticker, level=0)
    return values[key].sort_index()


def _value_sentence(r, value, company, year) -> str:
    name, cur = company.name, company.currency
    if r.key in PER_HUNDRED:
        good, bad = PER_HUNDRED[r.key]
        words = (good if value >= 0 else bad).format(amount=per_hundred(value, cur))
        sales = "sales" if company.kind == "operating" else "revenue"  # a bank has no sales
        return f"For every {currency_prefix(cur)}100 of {sales}, {name} {words} in FY{year}"
    if r.unit == "percent":
        if r.category == "growth":
            return f"In FY{year} it {growth_words(value)}"
        share = f"{per_hundred(value, cur)} of every {currency_prefix(cur)}100"
        return (f"In FY{year} it was {value_words(value, 'percent')}: about {share}" if value >= 0 else
                f"In FY{year} it was {value_words(value, 'percent')}: a loss of about {share}")
    if r.unit == "times":
        return f"In FY{year} it was {value_words(value, 'times', cur)}"
    if r.unit == "days":
        return f"In FY{year} it was {value_words(value, 'days', cur)}"
    if r.unit == "points":  # stored in points (-0.31), said like a change of percents
        return f"In FY{year} it was {'minus ' if value < 0 else ''}{points_words(value / 100)}"
    return f"In FY{year} it was {money_words(value, cur)}"


def _trend_sentence(r, series, year, cur) -> tuple[str, int]:
    """(', a little more than the year before' or '', direction of the change: +1/0/-1)."""
    before = series.get(year - 1, float("nan"))
    now = series.get(year, float("nan"))
    if is_missing(before) or is_missing(now):
        return "", 0
    unit = "percent" if r.unit == "percent" else r.unit
    direction, _ = change_size(now, before, unit)
    words = ", " + compare_words(now, before, unit)
    if r.unit == "percent" and direction:
        words += f" (a change of {points_words(now - before)})"
    return words, direction


def _judgement(r, value, direction) -> str:
    """Better or worse, from the ratio's direction and good range ('' for a neutral ratio)."""
    if r.direction == "neutral":
        return ""
    if r.direction == "range" and r.good_range:
        lo, hi = r.good_range
        span = f"{value_words(lo, r.unit)} to {value_words(hi, r.unit)}"
        if value < lo:
            return f"That is below the range of {span} that is usually seen as healthy."
        if value > hi:
            return f"That is above the range of {span} that is usually seen as healthy."
        return f"That is inside the range of {span} that is usually seen as healthy."
    side = "higher" if r.direction == "higher" else "lower"
    if not direction:
        return f"{side.capitalize()} is better here, and it did not move much."
    better = (direction > 0) == (r.direction == "higher")
    return f"{side.capitalize()} is better here, so this is a step {'forward' if better else 'back'}."


def _direction_words(r) -> str:
    """'Higher is better.', 'Lower is better.' or 'It is best inside a range of 1.0 times to 3.0 times.'"""
    if r.direction == "neutral":
        return "No side is better here: read it against the industry and the plan."
    if r.direction == "range" and r.good_range:
        lo, hi = r.good_range
        return f"It is best when it is between {value_words(lo, r.unit)} and {value_words(hi, r.unit)}."
    return "Higher is better." if r.direction == "higher" else "Lower is better."


def explain_ratio(company, key: str, fiscal_year: int | None = None, table=None) -> Explanation:
    """The paragraph for one ratio in one fiscal year (NaN gives the reason, not a number).

    `table` is a precomputed `company.ratios()` to reuse across calls.

    >>> import finlit
    >>> e = explain_ratio(finlit.load("SBUX"), "return_on_equity", 2024)
    >>> e.reason.startswith("shareholders' equity is negative")
    True
    >>> "not available" in e.text
    True
    """
    try:
        r = RATIOS[key]  # the default catalogue or an opt-in ratio (`it`)
    except KeyError:
        raise ValueError(f"unknown ratio {key!r}: see finlit.RATIOS for the catalogue") from None
    years = company.years
    year = years[-1] if fiscal_year is None and years else fiscal_year
    table = _ratio_table(company, table, [key])
    what = PLAIN_WHAT.get(key) or sentence(f"{r.name} shows {_lower_first(r.explanation)}")
    verdict = assess(company, year).for_ratio(key) if year in company.years else None
    why = (why_it_should_care(verdict) if verdict is not None
           else f"Why IT should care: {_lower_first(r.why_it_matters)}")
    value = table.value(key, year)
    if is_missing(value):
        reason = table.reason(key, year) or "the inputs are not in the data"
        text = f"{what} For FY{year} it is not available: {reason}. {_direction_words(r)} {why}"
        return Explanation(r.name, text, subject=key, company=company.name, fiscal_year=year,
                           reason=reason)
    series = _series(table, key, company)
    trend, direction = _trend_sentence(r, series, year, company.currency)
    out = [what, sentence(_value_sentence(r, value, company, year) + trend)]
    streak = streak_words(series.loc[:year], "percent" if r.unit == "percent" else r.unit)
    if streak:
        out.append(sentence(f"This is {streak}"))
    judgement = _judgement(r, value, direction)
    if verdict is not None and verdict.evidence.get("comparable") == 0.0:
        judgement = ""  # better or worse means nothing when the ratio is not comparable
    if judgement:
        out.append(judgement)
    if verdict is not None and verdict.known:
        out += _in_context(verdict, key)
    out.append(why)
    return Explanation(r.name, " ".join(out), subject=key, company=company.name, fiscal_year=year,
                       value=float(value))


# ratios whose paragraph states the topic's verdict in full (alone, each could mislead: a
# current ratio below 1 beside billions of marketable securities); the other ratios of a
# topic only take its "why IT should care", and return on equity its caveats and DuPont parts
STATES_VERDICT = {"current_ratio", "quick_ratio", "cash_ratio", "working_capital",
                  "cash_conversion_cycle", "debt_to_equity", "debt_to_assets",
                  "liabilities_to_assets", "interest_coverage", "net_margin", "free_cash_flow",
                  "free_cash_flow_margin", "operating_cash_flow_margin", "cash_conversion",
                  "loans_to_deposits", "equity_to_assets", "provision_to_loans"}


def _in_context(verdict, key: str) -> list[str]:
    """What a ratio's paragraph says of its topic's verdict: in full (`STATES_VERDICT`), or
    the caveats (and for return on equity its DuPont parts), or nothing."""
    if key in STATES_VERDICT:
        first, *notes = verdict_sentences(verdict)
        return [f"Taken with the rest of the picture, {_lower_first(first)}", *notes]
    if verdict.topic == "returns":
        return [*verdict.notes, *([verdict.basis] if verdict.basis else [])]
    return []


def explain_ratios(company, fiscal_year: int | None = None, keys=None, table=None) -> list[Explanation]:
    """One paragraph per ratio (the whole catalogue by default) for a fiscal year."""
    keys = default_keys() if keys is None else [keys] if isinstance(keys, str) else list(keys)
    table = _ratio_table(company, table, keys)
    return [explain_ratio(company, k, fiscal_year, table) for k in keys]


# --- what this means for IT -----------------------------------------------------------------

def what_it_means_for_it(company, fiscal_year: int | None = None, table=None) -> Explanation:
    """A few sentences for IT, one or two per topic that matters, each from the year's verdict.

    >>> import finlit
    >>> s = what_it_means_for_it(finlit.load("SNOW"), 2025)
    >>> "loss" in s.text
    True
    """
    years = company.years
    year = years[-1] if fiscal_year is None and years else fiscal_year
    name = company.name
    if year not in years:
        text = f"FY{year} is not in the data for {name}, so there is nothing to say about it here."
        return Explanation("What this means for IT", text, subject="summary", company=name,
                           fiscal_year=year, reason=text)
    verdicts = assess(company, year)
    growth = verdicts["growth"]
    out = ([sentence(f"In FY{year}, {growth.summary} at {name}"), sentence(growth.for_it)]
           if growth.known else [f"In FY{year}, growth cannot be measured for {name}: there is no "
                                 "earlier year to compare."])
    for topic in ("profitability", "cash", "leverage", "credit"):
        v = verdicts.get(topic)
        if v is None or (not v.known and company.kind != "operating"):
            continue  # a bank's cash flow says little; credit is a bank's topic
        if v.known:
            if topic != "cash":
                out.append(sentence(v.summary))
            out.append(sentence(v.for_it))
        elif topic == "profitability":
            out.append("Profit is not known for this year, so ask finance how the year went.")
        elif topic == "cash":
            out.append("There are no cash figures here, and profit is not cash, so check cash before big plans.")
    liquidity = verdicts["liquidity"]
    if liquidity.level == "tight":
        out.append(sentence(f"Short-term cash is tight, so {liquidity.for_it}"))
    return Explanation("What this means for IT", " ".join(out), subject="summary", company=name,
                       fiscal_year=year)
