"""One vocabulary for numbers: money, percents, times and days in tables, sentences and charts.

Every number finlit shows goes through this module, so one value reads the same
in a table, in a sentence and on a chart axis. Units (`UNITS`): money, percent,
times, days, points, per_share, count, shares, years, year, text.

Three forms:

- `cell(value, unit)`: a compact table cell. Money is in millions by default
  (`money="words"` spells the amount, `money="auto"` keeps amounts under a million whole):

  >>> cell(383285e6, "money"), cell(0.44131, "percent"), cell(1.5, "times"), cell(45.2, "days")
  ('383,285', '44.1%', '1.50×', '45 days')
  >>> cell(96995e6, "money", money="words"), cell(11352.3, "money", money="auto"), cell(float("nan"))
  ('$97.0 billion', '11,352', '—')

- `words(value, unit)`: inside a sentence:

  >>> words(383285e6, "money"), words(0.2531, "percent"), words(1.07, "times"), words(0.012, "points")
  ('$383.3 billion', '25.3%', '1.1 times', '1.2 percentage points')

- `tick_format(unit)`: the d3 format of a chart axis or hover label:

  >>> tick_format("percent"), tick_format("money"), tick_format("days")
  ('.0%', ',~g', ',.0f')
"""
from __future__ import annotations

import functools
import math

MILLION = 1e6
MISSING = "—"            # a missing value in a table
NOT_AVAILABLE = "not available"  # a missing value in a sentence
UNITS = ("money", "percent", "times", "days", "points", "per_share", "count", "shares", "years",
         "year", "text")

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "AUD": "A$"}

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def is_missing(value) -> bool:
    """True for None and NaN (and anything that is not a finite number).

    >>> is_missing(float("nan")), is_missing(None), is_missing(0.0)
    (True, True, False)
    """
    try:
        return value is None or not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def currency_prefix(currency: str = "USD") -> str:
    """The symbol written before an amount: '$' for USD, 'TWD ' for a code without a symbol.

    >>> currency_prefix("USD"), currency_prefix("TWD")
    ('$', 'TWD ')
    """
    return CURRENCY_SYMBOLS.get((currency or "USD").upper(), f"{(currency or 'USD').upper()} ")


# --- in words ------------------------------------------------------------------------------

def _in_words(say):
    """A value in words, or 'not available' when it is missing (None, NaN, ±inf)."""
    @functools.wraps(say)
    def words_or_not_available(value, *args, **kwargs):
        return NOT_AVAILABLE if is_missing(value) else say(value, *args, **kwargs)
    return words_or_not_available


@_in_words
def money_words(value: float, currency: str = "USD") -> str:
    """An amount as people say it: '$383.3 billion', '$836 million', '$45,000'.

    Rule: amounts of a million or more are scaled to million/billion/trillion;
    millions of 10 or more are whole numbers ('$836 million'), everything else
    scaled keeps one decimal ('$2.4 million', '$97.0 billion'). Smaller amounts
    are written in full with separators. Negative amounts get a leading minus;
    NaN gives 'not available'.

    >>> money_words(96995e6), money_words(2.4e6), money_words(45000), money_words(53e6)
    ('$97.0 billion', '$2.4 million', '$45,000', '$53 million')
    >>> money_words(1.2e9, "EUR"), money_words(-836e6), money_words(float("nan"))
    ('€1.2 billion', '-$836 million', 'not available')
    """
    sign = "-" if value < 0 else ""
    amount = abs(float(value))
    prefix = currency_prefix(currency)
    for size, word in _SCALES:
        if amount >= size * 0.9995:
            scaled = amount / size
            if word == "million" and scaled >= 10:
                return f"{sign}{prefix}{scaled:,.0f} {word}"
            return f"{sign}{prefix}{scaled:,.1f} {word}"
    return f"{sign}{prefix}{amount:,.0f}"


@_in_words
def percent_words(fraction: float, decimals: int = 1) -> str:
    """A fraction as a percent: 0.2531 → '25.3%'.

    >>> percent_words(0.2531), percent_words(-0.05, 0)
    ('25.3%', '-5%')
    """
    return f"{fraction * 100:.{decimals}f}%"


@_in_words
def points_words(delta: float) -> str:
    """A change between two percents, in percentage points: 0.012 → '1.2 percentage points'.

    >>> points_words(0.012), points_words(-0.01)
    ('1.2 percentage points', '1.0 percentage point')
    """
    points = abs(delta) * 100
    unit = "percentage point" if round(points, 1) == 1.0 else "percentage points"
    return f"{points:.1f} {unit}"


@_in_words
def times_words(value: float) -> str:
    """A multiple: 1.5 → '1.5 times'.

    >>> times_words(1.5), times_words(12.34)
    ('1.5 times', '12.3 times')
    """
    return f"{value:.1f} times"


@_in_words
def days_words(value: float) -> str:
    """A number of days: 45.2 → '45 days'.

    >>> days_words(45.2), days_words(1.0)
    ('45 days', '1 day')
    """
    n = round(value)
    return f"{n} day" if abs(n) == 1 else f"{n} days"


@_in_words
def years_words(value: float) -> str:
    """A duration in years: 4.75 → '4.8 years'.

    >>> years_words(4.75)
    '4.8 years'
    """
    return f"{float(value):.1f} years"


def words(value, unit: str = "money", currency: str = "USD") -> str:
    """A value in a sentence, by its unit.

    >>> words(0.441, "percent"), words(2e9, "money", "EUR"), words(45.2, "days"), words(4.75, "years")
    ('44.1%', '€2.0 billion', '45 days', '4.8 years')
    """
    if unit in _WORDS:
        return _WORDS[unit](value)
    if unit == "money":
        return money_words(value, currency)
    return cell(value, unit) if not is_missing(value) else NOT_AVAILABLE


_WORDS = {"percent": percent_words, "times": times_words, "days": days_words, "points": points_words,
          "years": years_words}


# --- in a table ----------------------------------------------------------------------------

_CELLS = {
    "percent": lambda v: f"{v * 100:.1f}%",
    "times": lambda v: f"{v:.2f}×",
    "days": days_words,
    "points": lambda v: f"{v:+.2f} pts",
    "per_share": lambda v: f"{v:,.2f}",
    "count": lambda v: f"{v:,.0f}",
    "shares": lambda v: f"{v / MILLION:,.0f}",
    "years": years_words,
    "year": lambda v: str(int(v)),
}


def cell(value, unit: str = "money", money: str = "millions", currency: str = "USD") -> str:
    """A value in a table cell; `MISSING` ('—') when there is none; text passes through.

    `money`: "millions" (a statement in millions: '383,285'), "units" (a statement of small
    amounts, in full: '383,285' for $383,285), "auto" (whole amounts under a million, millions
    above: IT spend per employee beside IT spend), or "words"
    ('$97.0 billion', for tables that mix scales). Shares are shown in millions.

    >>> cell(-1234.5e6), cell(-0.31, "points"), cell(2.976, "per_share"), cell(2023, "year")
    ('-1,234', '-0.31 pts', '2.98', '2023')
    >>> cell(27.87e6, "money", money="auto"), cell("n/a", "percent")
    ('28', 'n/a')
    """
    if isinstance(value, str):
        return value
    if is_missing(value):
        return MISSING
    value = float(value)
    if unit in _CELLS:
        return _CELLS[unit](value)
    if unit == "text":
        return str(value)
    if money == "words":
        return money_words(value, currency)
    if money == "units" or (money == "auto" and abs(value) < MILLION):
        return f"{value:,.0f}"
    return f"{value / MILLION:,.0f}"


# --- on a chart ----------------------------------------------------------------------------

# ",~g" shows 1,234 and 0.25 alike (",.0f" would show small amounts as 0)
_TICKS = {"percent": ".0%", "money": ",~g", "times": ".1f", "days": ",.0f", "points": "+.1%",
          "per_share": ",.2f", "count": ",.0f", "shares": ",~g", "years": ".1f", "year": "d"}


def tick_format(unit: str, decimals: int | None = None) -> str:
    """The d3 format plotly uses for an axis or a hover value of this unit.

    >>> tick_format("percent", 1), tick_format("times")
    ('.1%', '.1f')
    """
    if unit == "percent" and decimals is not None:
        return f".{decimals}%"
    return _TICKS.get(unit, ",~g")
