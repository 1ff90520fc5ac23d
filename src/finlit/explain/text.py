"""Text helpers for explanations: numbers in words, trend words, readability.

Every explanation in finlit is built from these helpers, so the same number
is always said the same way. The function names here are a stable API
(`finlit.explain.itspend` and the briefings import them).

Numbers in the words an IT person uses:

>>> money_words(383285e6)
'$383.3 billion'
>>> money_words(-836e6)
'-$836 million'
>>> per_hundred(0.2531)
'$25'
>>> per_hundred_sentence(0.2531, "Apple", 2023)
'For every $100 of sales, Apple kept $25 as profit in FY2023'

Trend words, with the thresholds stated in `AMOUNT_STEPS` and `POINT_STEPS`:

>>> change_verb(110, 100)
'grew'
>>> compare_words(0.26, 0.25, "percent")
'a little more than the year before'
>>> trend_words([100, 104, 150])
'grew sharply'

Readability (Flesch-Kincaid grade, our own syllable heuristic):

>>> flesch_kincaid_grade("The cat sat on the mat.") < 2
True

Numbers are worded by `finlit.numbers` and outside text is escaped by `finlit.markup`;
both are re-exported here under their old names.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from ..markup import escape_html, escape_markdown  # noqa: F401  (re-exported: stable names)
from ..numbers import (CURRENCY_SYMBOLS, currency_prefix, days_words, is_missing,  # noqa: F401
                       money_words, percent_words, points_words, times_words, words)

# --- numbers in words: one vocabulary, in finlit.numbers (re-exported: a stable API here) ---

value_words = words  # a ratio value in words by its unit


def per_hundred(fraction: float, currency: str = "USD") -> str:
    """What a share of $100 is, rounded to whole currency units ('$25'), or cents under $1.

    >>> per_hundred(0.2531), per_hundred(0.004), per_hundred(-0.42)
    ('$25', '40 cents', '$42')
    """
    amount = abs(fraction) * 100
    if currency_prefix(currency) == "$" and round(amount) < 1:
        return f"{round(amount * 100)} cents"
    return f"{currency_prefix(currency)}{amount:,.0f}"


def per_hundred_sentence(fraction: float, company: str, fiscal_year: int | None = None,
                         currency: str = "USD", what: str = "profit") -> str:
    """'For every $100 of sales, Apple kept $25 as profit in FY2023' (no final full stop).

    A negative fraction says what was lost.

    >>> per_hundred_sentence(-0.3, "Snowflake", 2025)
    'For every $100 of sales, Snowflake lost $30 in FY2025'
    """
    when = f" in FY{fiscal_year}" if fiscal_year is not None else ""
    hundred = f"{currency_prefix(currency)}100"
    if fraction < 0:
        return f"For every {hundred} of sales, {company} lost {per_hundred(fraction, currency)}{when}"
    return f"For every {hundred} of sales, {company} kept {per_hundred(fraction, currency)} as {what}{when}"


def join_words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'.

    >>> join_words(["cash", "debt", "growth"])
    'cash, debt and growth'
    """
    items = [i for i in items if i]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop (once).

    >>> sentence("profit grew")
    'Profit grew.'
    """
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


# --- trend words -------------------------------------------------------------------------------

# Amounts (revenue, profit, cash, debt) and multiples (times, days) change by a relative step:
# |change| below 2% is "about the same", below 5% "a little", below 20% plain, 20% or more "sharply".
AMOUNT_STEPS = (0.02, 0.05, 0.20)
# Percent ratios (margins, shares) change by percentage points:
# below 0.5 point "about the same", below 2 points "a little", below 5 points plain, 5 or more "much".
POINT_STEPS = (0.005, 0.02, 0.05)
# ... except ratios that live near 1% (a bank's return on assets or credit cost, a thin margin),
# where half a point is a third of the value: below 0.05 point, 0.2 point, 0.5 point.
SMALL_LEVEL, SMALL_POINT_STEPS = 0.02, (0.0005, 0.002, 0.005)

_VERBS = ("stayed about the same", "grew a little", "grew", "grew sharply")
_VERBS_DOWN = ("stayed about the same", "fell a little", "fell", "fell sharply")
_COMPARE = ("about the same as", "a little more than", "more than", "much more than")
_COMPARE_DOWN = ("about the same as", "a little less than", "less than", "much less than")


def _step(size: float, steps: Sequence[float]) -> int:
    """0 (about the same), 1 (a little), 2 (plain) or 3 (sharply) for a change of `size` ≥ 0."""
    for i, limit in enumerate(steps):
        if size < limit:
            return i
    return len(steps)


def change_size(current: float, previous: float, unit: str = "money") -> tuple[int, int]:
    """(direction, step) of a change: direction +1, 0 or -1; step 0–3 (see the thresholds).

    Percent ratios compare in percentage points (`POINT_STEPS`; `SMALL_POINT_STEPS` when both
    values are under `SMALL_LEVEL`); everything else compares relative to the size of the
    previous value (`AMOUNT_STEPS`). A change across zero (a loss becoming a profit) is always
    step 3.

    >>> change_size(0.31, 0.25, "percent"), change_size(99, 100), change_size(5, -3)
    ((1, 3), (0, 0), (1, 3))
    >>> change_size(0.0097, 0.0081, "percent")   # a bank's credit cost, 0.8% to 1.0%
    (1, 1)
    """
    if is_missing(current) or is_missing(previous):
        raise ValueError("change_size needs two numbers")
    delta = float(current) - float(previous)
    direction = (delta > 0) - (delta < 0)
    if unit == "percent":
        small = max(abs(float(current)), abs(float(previous))) < SMALL_LEVEL
        step = _step(round(abs(delta), 9), SMALL_POINT_STEPS if small else POINT_STEPS)
    elif previous == 0 or (current < 0) != (previous < 0):
        step = 3 if delta else 0
    else:
        step = _step(round(abs(delta) / abs(float(previous)), 9), AMOUNT_STEPS)
    return (direction if step else 0), step


def change_verb(current: float, previous: float, unit: str = "money") -> str:
    """A verb phrase for a change: 'grew sharply', 'grew', 'grew a little',
    'stayed about the same', 'fell a little', 'fell', 'fell sharply'.

    >>> change_verb(100, 80), change_verb(103, 100), change_verb(0.20, 0.26, "percent")
    ('grew sharply', 'grew a little', 'fell sharply')
    """
    direction, step = change_size(current, previous, unit)
    return (_VERBS if direction >= 0 else _VERBS_DOWN)[step]


def compare_words(current: float, previous: float, unit: str = "money",
                  than: str = "the year before") -> str:
    """'a little more than the year before', 'much less than the year before', …

    >>> compare_words(0.2531, 0.2531, "percent"), compare_words(90, 100)
    ('about the same as the year before', 'less than the year before')
    """
    direction, step = change_size(current, previous, unit)
    return f"{(_COMPARE if direction >= 0 else _COMPARE_DOWN)[step]} {than}"


def _clean(series) -> list[float]:
    values = list(series.values) if hasattr(series, "values") else list(series)
    return [float(v) for v in values if not is_missing(v)]


def trend_words(series, unit: str = "money") -> str:
    """The change from the second-to-last to the last value of a series, as a verb phrase.

    NaN values are skipped; with fewer than two values the answer is 'has no earlier year to
    compare with'.

    >>> trend_words([100, 120, 121]), trend_words([5.0]), trend_words([0.3, float("nan"), 0.2], "percent")
    ('stayed about the same', 'has no earlier year to compare with', 'fell sharply')
    """
    values = _clean(series)
    if len(values) < 2:
        return "has no earlier year to compare with"
    return change_verb(values[-1], values[-2], unit)


def streak(series, unit: str = "money") -> int:
    """How many changes in a row, ending with the last, went the same way (signed: + up, − down).

    Changes that count as 'about the same' end a streak.

    >>> streak([1, 2, 3, 4]), streak([10, 8, 6]), streak([100, 101])
    (3, -2, 0)
    """
    values = _clean(series)
    count, direction = 0, 0
    for a, b in zip(reversed(values[:-1]), reversed(values[1:])):
        d, _ = change_size(b, a, unit)
        if d == 0 or (direction and d != direction):
            break
        direction = d
        count += 1
    return count * direction


_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
             8: "eighth", 9: "ninth"}


def streak_words(series, unit: str = "money", rise: str = "rise", fall: str = "fall") -> str:
    """'the third rise in a row' when a streak is 2 or longer, else ''.

    >>> streak_words([1, 2, 3, 4]), streak_words([3, 2, 1], fall="drop"), streak_words([1, 2])
    ('the third rise in a row', 'the second drop in a row', '')
    """
    n = streak(series, unit)
    if abs(n) < 2:
        return ""
    return f"the {_ORDINALS.get(abs(n), f'{abs(n)}th')} {rise if n > 0 else fall} in a row"


def growth_words(rate: float) -> str:
    """A growth rate in words: 0.07 → 'grew 7%', -0.25 → 'fell 25%', 0.004 → 'stayed about the same'.

    >>> growth_words(0.07), growth_words(-0.25), growth_words(0.004)
    ('grew 7%', 'fell 25%', 'stayed about the same')
    """
    if is_missing(rate):
        return "cannot be compared with the year before"
    if abs(rate) < AMOUNT_STEPS[0]:
        return "stayed about the same"
    return f"{'grew' if rate > 0 else 'fell'} {abs(rate) * 100:.0f}%"


# --- readability -------------------------------------------------------------------------------

_ABBREVIATIONS = ("inc", "co", "corp", "ltd", "plc", "no", "vs", "st", "mr", "ms", "dr", "jr", "sr",
                  "e.g", "i.e", "etc", "approx")
_WORD = re.compile(r"[A-Za-z0-9$€£¥%][A-Za-z0-9$€£¥%'’.,\-/&×]*")


# words the vowel rule gets wrong that finlit's text uses often
_SYLLABLE_EXCEPTIONS = {"business": 2, "businesses": 3, "every": 3, "area": 3, "idea": 3,
                        "being": 2, "create": 2, "creates": 2, "science": 2, "quiet": 2}


@lru_cache(maxsize=20000)
def count_syllables(word: str) -> int:
    """Syllables in one word, by a documented heuristic (no dictionary):

    - tokens with digits ('$383.3', 'FY2023', '25%') count as 2 syllables: readers take
      numbers in at a glance, but they are not free;
    - all-capital abbreviations of 2–4 letters ('IT', 'ROI', 'TCO') are spelled out:
      one syllable a letter ('EBITDA', longer, falls through to the vowel rule);
    - otherwise: groups of vowels (a e i o u y) count one each; a silent final 'e'
      (not '-le' after a consonant) and final '-es'/'-ed' that add no sound are
      dropped; a 'y' before a vowel is a consonant; 'ia', 'io', 'iu', 'ua', 'uo', 'eo'
      count two (except '-tion'/'-sion'); a short list of common exceptions
      (`_SYLLABLE_EXCEPTIONS`) is looked up; every word has at least one syllable.

    >>> [count_syllables(w) for w in ["cat", "table", "revenue", "liabilities", "IT", "ROI", "$25"]]
    [1, 2, 3, 5, 2, 3, 2]
    """
    token = word.strip(".,;:!?()\"'’")
    if any(ch.isdigit() for ch in token):
        return 2
    letters = re.sub(r"[^A-Za-z]", "", token)
    if not letters:
        return 0
    if letters.isupper() and 2 <= len(letters) <= 4:
        return len(letters)
    w = letters.lower()
    if w in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    if w.endswith("e") and not (w.endswith("le") and len(w) > 2 and w[-3] not in "aeiouy"):
        w = w[:-1]
    elif w.endswith(("es", "ed")) and len(w) > 3 and w[-3] not in "aeiouy" and w[-3] not in "td" \
            and not w.endswith(("ses", "zes", "ces", "ges", "xes", "shes", "ches")) \
            and not (w[-3] == "l" and len(w) > 4 and w[-4] not in "aeiouy"):
        w = w[:-2]
    w = re.sub(r"^y|y(?=[aeiou])", "j", w)  # a 'y' before a vowel is a consonant ("payable")
    count = len(re.findall(r"[aeiouy]+", w))
    # vowel pairs that are usually two syllables ("ia" in liabilities, "io" in ratio, "ua" in
    # actual), except the one-syllable ending "-tion"/"-sion"
    count += len(re.findall(r"(?<![aeiou])(ia|io|iu|ua|uo|eo)(?![aeiou])(?!n$|ns$)", w))
    return max(1, count)


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: split after '.', '!' or '?' followed by a space or the end.

    Common abbreviations ('Inc.', 'Co.', 'Corp.') and decimal points do not end a sentence.

    >>> split_sentences("Apple Inc. sold more. Profit was $97.0 billion!")
    ['Apple Inc. sold more.', 'Profit was $97.0 billion!']
    """
    parts, start = [], 0
    for m in re.finditer(r"[.!?]+(?=\s|$)", text):
        before = text[start:m.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if m.group() == "." and last in _ABBREVIATIONS:
            continue
        parts.append(text[start:m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        parts.append(rest)
    return [p for p in parts if _WORD.search(p)]


def words_of(text: str) -> list[str]:
    """The words of a text (tokens starting with a letter, digit or currency sign).

    >>> words_of("For every $100 of sales, Apple kept $25.")
    ['For', 'every', '$100', 'of', 'sales,', 'Apple', 'kept', '$25.']
    """
    return _WORD.findall(text)


def flesch_kincaid_grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 × words/sentences + 11.8 × syllables/words − 15.59.

    Sentences by `split_sentences`, words by `words_of`, syllables by `count_syllables`
    (a heuristic: close to dictionary counts on plain English, and documented so the
    score is reproducible). An empty text scores 0.

    >>> round(flesch_kincaid_grade("The cat sat on the mat."), 1)
    -1.4
    >>> flesch_kincaid_grade("Operating income represents earnings attributable to continuing "
    ...                      "operations before consideration of financing activities.") > 14
    True
    """
    sentences = split_sentences(text)
    words = words_of(text)
    if not sentences or not words:
        return 0.0
    syllables = sum(count_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59
