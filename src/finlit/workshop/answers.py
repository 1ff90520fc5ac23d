"""Reading answers the way people write them, and judging them within a stated tolerance.

Each answer type turns a raw answer (a number, a string, `...`) into a `Verdict`:
``status`` is "correct", "incorrect", "unreadable" or "unanswered", ``message`` is a
friendly sentence that never gives the expected value away. Nothing here raises on bad
input: garbage is "unreadable", with an example of the format expected.

Percents take every usual spelling (the expected value is a fraction, 0.4413 for 44.13%):

>>> p = Percent(tolerance=0.5)
>>> [p.judge(a, 0.4413).status for a in ("44%", "44.1%", 0.441, "0.44", "44.1", 44.13)]
['correct', 'correct', 'correct', 'correct', 'correct', 'correct']
>>> p.judge("52%", 0.4413).status, p.judge("banana", 0.4413).status, p.judge(..., 0.4413).status
('incorrect', 'unreadable', 'unanswered')

Money: a bare number is read in the unit the question states; "bn", "million", "$" and
thousands separators are understood:

>>> m = Money(unit="millions")
>>> [m.judge(a, 383_285e6).status for a in ("383,285", "$383.3 billion", 383285e6, "383.3bn")]
['correct', 'correct', 'correct', 'correct']
>>> m.judge("383.3", 383_285e6).message
'That reads as $383.3 million, but the number looks like billions: the question asks for USD millions (write 383,300, or add "bn").'

Yes/no and multiple choice are case-insensitive:

>>> YesNo().judge("Yes", True).status, Choice({"a": "Apple", "b": "Walmart"}).judge("walmart", "b").status
('correct', 'correct')
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field

CORRECT, INCORRECT, UNREADABLE, UNANSWERED = "correct", "incorrect", "unreadable", "unanswered"

SCALES = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3,
    "m": 1e6, "mn": 1e6, "mm": 1e6, "mil": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "bil": 1e9, "billion": 1e9, "billions": 1e9,
    "t": 1e12, "tn": 1e12, "trillion": 1e12, "trillions": 1e12,
}
UNIT_SCALES = {"ones": 1.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
UNIT_SUFFIX = {"thousands": "k", "millions": "m", "billions": "bn"}
# words and symbols that may surround a number and carry no meaning for its value
_NOISE = re.compile(r"(?i)\b(usd|us|eur|gbp|dollars?|euros?|pounds?|about|approx(imately)?|around|roughly|"
                    r"times|x|days?|years?|yrs?|points?|pts?|pp|percentage|fy|fiscal|year|of|revenue|"
                    r"per|employee|a|an)\b|[$€£~≈×]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$", re.I)


@dataclass(frozen=True)
class Verdict:
    """The judgement of one answer: status, a friendly message, and what the answer was read as."""

    status: str
    message: str
    read_as: str = ""

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


class Unreadable(ValueError):
    """An answer that cannot be read as the type asked for (never leaves this module)."""


def is_placeholder(raw) -> bool:
    """`...`, None, an empty string or the string "..." mean "not answered yet".

    >>> [is_placeholder(x) for x in (..., None, "", "  ...  ", "…", 0, "no")]
    [True, True, True, True, True, False, False]
    """
    if raw is ... or raw is None:
        return True
    return isinstance(raw, str) and raw.strip() in ("", "...", "…")


def digit_groups(raw):
    """`answer = 383,285` without quotes is the tuple (383, 285): digit groups, read back as
    the number people typed; anything else gives None.

    >>> digit_groups((383, 285)), digit_groups((1, 234.5)), digit_groups((1, 5, 0)), digit_groups((1, 2000))
    (383285, 1234.5, 1005000, None)
    """
    if not isinstance(raw, tuple) or len(raw) < 2:
        return None
    if not all(isinstance(g, numbers.Real) and not isinstance(g, bool) for g in raw):
        return None
    head, *middle, last = raw
    if not (isinstance(head, int) and 0 < abs(head) < 1000):
        return None
    if not all(isinstance(g, int) and 0 <= g < 1000 for g in middle) or not 0 <= last < 1000:
        return None
    value = abs(head)
    for group in (*middle, last):
        value = value * 1000 + group
    return -value if head < 0 else value


def _scalar(raw):
    """A one-element list, tuple, numpy array or pandas Series counts as its element; a tuple
    of digit groups (`383,285` typed without quotes) as the number it spells."""
    if isinstance(raw, (str, bytes, numbers.Number)) or raw is None or raw is ...:
        return raw
    groups = digit_groups(raw)
    if groups is not None:
        return groups
    size = getattr(raw, "size", None)
    try:
        if size == 1 and hasattr(raw, "item"):
            return raw.item()
        if isinstance(raw, (list, tuple)) and len(raw) == 1:
            return raw[0]
    except Exception:  # noqa: BLE001 - any odd object is simply unreadable
        pass
    return raw


@dataclass(frozen=True)
class Number:
    """A number as written, with the scale word it carried ("bn") and whether it had a "%"."""

    value: float
    scale: float | None = None
    percent: bool = False
    currency: str | None = None    # "USD", "GBP", "EUR" when a symbol or word said so
    decimals: int | None = None    # decimals as written ("0.14" -> 2); None for a Python number


def parse_number(raw) -> Number:
    """Read a number from what people type. Raises `Unreadable` (a ValueError) otherwise.

    >>> parse_number("$383.3 billion")
    Number(value=383.3, scale=1000000000.0, percent=False, currency='USD', decimals=1)
    >>> parse_number("−6.1 %").percent, parse_number("(1,234)").value, parse_number("FY2022").value
    (True, -1234.0, 2022.0)
    >>> parse_number((383, 285)).value, parse_number("£383.3bn").currency
    (383285.0, 'GBP')
    >>> parse_number("44,1").value, parse_number("1 260 000").value, parse_number("2.58x").value
    (44.1, 1260000.0, 2.58)
    """
    raw = _scalar(raw)
    if isinstance(raw, bool):
        raise Unreadable("a yes/no value is not a number")
    if isinstance(raw, numbers.Number):
        try:
            value = float(raw)
        except (TypeError, ValueError, OverflowError):
            raise Unreadable("not a real number") from None
        if not math.isfinite(value):
            raise Unreadable("not a finite number")
        return Number(value)
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str):
        raise Unreadable(f"a {type(raw).__name__} is not a number")
    currency = _currency_of(raw)
    text = raw.strip().lower().replace("−", "-").replace("–", "-").replace("\u00a0", " ")
    text = text.replace("\u202f", " ").replace("_", "")
    if len(text) > 60:
        raise Unreadable("too long to be a number")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    percent = "%" in text or "percent" in text
    text = text.replace("%", " ").replace("percent", " ")
    text = re.sub(r"\bfy(?=\d)", "", text)
    scale = None
    match = re.search(r"(?<=[\d.\s])(k|thousands?|mn|mm|mil|mio|millions?|m|bn|bil|billions?|b|tn|"
                      r"trillions?|t)\b\.?", text)
    if match:
        scale = SCALES[match.group(1)]
        text = text[:match.start()] + " " + text[match.end():]
    text = re.sub(r"(?<=[\d.])\s*(x|×|times|days?|years?|yrs?|points?|pts?|pp)\b", " ", text)
    text = _NOISE.sub(" ", text).strip().rstrip(".").strip()
    if text.startswith("-") or text.startswith("+"):
        sign, text = text[0], text[1:].strip()
    else:
        sign = ""
    # thousands separators: "383,285", "1 260 000", "1'000"; a lone comma before 1-2 digits is a decimal
    if re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}([,' ]\d{3})+(\.\d*)?", text):
        text = re.sub(r"[,' ]", "", text)
    if not _NUMBER.match(text):
        raise Unreadable("no number found")
    value = float(sign + text)
    if negative:
        value = -abs(value)
    if not math.isfinite(value):
        raise Unreadable("not a finite number")
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return Number(value, scale, percent, currency, decimals)


_CURRENCIES = (("USD", r"\$|\busd\b|\bus\s*dollars?\b|\bdollars?\b"), ("GBP", r"£|\bgbp\b|\bpounds?\b"),
               ("EUR", r"€|\beur\b|\beuros?\b"))


def _currency_of(text: str) -> str | None:
    """The currency a written amount names ("£383.3bn" -> "GBP"), or None."""
    found = [code for code, pattern in _CURRENCIES if re.search(pattern, text, re.I)]
    return found[0] if len(found) == 1 else None


def _show(raw) -> str:
    text = repr(raw) if not isinstance(raw, str) else f'"{raw}"'
    return text if len(text) <= 40 else text[:37] + "…"


def _direction(got: float, expected: float) -> str:
    return "too high" if got > expected else "too low"


def _unanswered() -> Verdict:
    return Verdict(UNANSWERED, "Not answered yet: replace the ... after `answer =` with your answer, "
                               "then run the cell again.")


class AnswerType:
    """Base of the answer types: `describe()` says what is expected, `judge()` decides."""

    def describe(self) -> str:
        raise NotImplementedError

    def format(self, expected) -> str:
        raise NotImplementedError

    def judge(self, raw, expected) -> Verdict:
        """Never raises: anything odd is an "unreadable" verdict."""
        if is_placeholder(_scalar(raw) if not isinstance(raw, str) else raw):
            return _unanswered()
        try:
            return self._judge(raw, expected)
        except Unreadable as why:
            return Verdict(UNREADABLE, f"I could not read {_show(raw)} as {self.describe()} "
                                       f"({why}). Write it like {self.example()}.")
        except Exception:  # noqa: BLE001 - never an exception for the participant
            return Verdict(UNREADABLE, f"I could not read {_show(raw)} as {self.describe()}. "
                                       f"Write it like {self.example()}.")

    def example(self) -> str:
        raise NotImplementedError

    def _judge(self, raw, expected) -> Verdict:
        raise NotImplementedError


@dataclass(frozen=True)
class Percent(AnswerType):
    """A percent, expected as a fraction (0.4413); tolerance in percentage points.

    44, "44%", 0.44 and "0.44" all mean 44%: a bare number is taken as a fraction or as a
    percent, whichever is closer to the expected value.
    """

    tolerance: float = 0.5   # percentage points

    def describe(self) -> str:
        return f"a percent (within {_points(self.tolerance)} percentage points)"

    def example(self) -> str:
        # neutral numbers: an example must never be the answer to one of the questions
        return '12.5%, "12.5%" or 0.125'

    def format(self, expected) -> str:
        return f"{expected * 100:.2f}%"

    def _judge(self, raw, expected) -> Verdict:
        n = parse_number(raw)
        if n.scale is not None:
            raise Unreadable("a percent has no thousands or millions")
        target = expected * 100
        candidates = [n.value] if n.percent else [n.value * 100, n.value]
        got = min(candidates, key=lambda c: abs(c - target))
        read = f"{_num(got)}%"
        if abs(got - target) <= self.tolerance + 1e-9:
            return Verdict(CORRECT, f"Correct: {read}.", read)
        if target and abs(got + target) <= self.tolerance + 1e-9:
            return Verdict(INCORRECT, f"You answered {read}: right size, wrong sign. Is it a rise or a fall?",
                           read)
        return Verdict(INCORRECT, f"Not quite: you answered {read}, which is {_direction(got, target)}. "
                                  f"The answer is {self.describe()}.", read)


def _num(value: float) -> str:
    """A number as people write it: 12,345 or 2.576 (no exponent)."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.2e}"


def _points(tolerance: float) -> str:
    return f"±{tolerance:g}"


@dataclass(frozen=True)
class Money(AnswerType):
    """An amount of money; a bare number is read in `unit` (ones, thousands, millions,
    billions). Tolerance is relative (0.01 = 1%)."""

    unit: str = "millions"
    currency: str = "USD"
    tolerance: float = 0.01

    @property
    def scale(self) -> float:
        return UNIT_SCALES[self.unit]

    def unit_text(self) -> str:
        return self.currency if self.unit == "ones" else f"{self.currency} {self.unit}"

    def describe(self) -> str:
        return f"an amount in {self.unit_text()} (within {self.tolerance * 100:g}%)"

    def example(self) -> str:
        if self.unit == "ones":
            return '2,500,000, "$2.5 million" or "2.5m"'
        return f'1,234 ({self.unit}), "$1.2 billion" or "1.2bn"'

    def format(self, expected) -> str:
        if self.unit == "ones":
            return f"{expected:,.0f} {self.currency}"
        value = expected / self.scale
        decimals = 0 if abs(value) >= 1000 else (1 if abs(value) >= 100 else 2)
        return f"{value:,.{decimals}f} ({self.unit_text()})"

    def _words(self, value: float) -> str:
        sign = "-" if value < 0 else ""
        v = abs(value)
        symbol = "$" if self.currency == "USD" else self.currency + " "
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if v >= size:
                return f"{sign}{symbol}{v / size:,.4g} {word}"
        if v and v < 100 and v != int(v):
            return f"{sign}{symbol}{v:,.4g}"     # 0.06 is $0.06, never "$0"
        return f"{sign}{symbol}{v:,.0f}"

    def _close(self, got: float, expected: float, shown: float = 0.0) -> bool:
        """Within the tolerance, or equal to the expected value rounded as the participant
        wrote it (`shown` is half a unit of the last digit written: "$0.14m" -> $5,000)."""
        if expected == 0:
            return abs(got) < 0.5
        return abs(got - expected) <= max(abs(expected) * self.tolerance, shown) + 1e-9

    @staticmethod
    def _shown(n, scale: float) -> float:
        """Half a unit of the last digit written, when the answer has at least two significant
        digits (so "0" or "1bn" never match everything)."""
        if n.decimals is None or scale is None:
            return 0.0
        digits = len(f"{abs(n.value):.{n.decimals}f}".replace(".", "").lstrip("0"))
        return 0.5 * 10 ** -n.decimals * scale if digits >= 2 else 0.0

    def _judge(self, raw, expected) -> Verdict:
        n = parse_number(raw)
        if n.percent:
            raise Unreadable("an amount of money is not a percent")
        if n.scale is not None:
            candidates = [(n.value * n.scale, n.scale)]
        else:
            candidates = [(n.value * self.scale, self.scale)] + ([(n.value, 1.0)] if self.scale != 1 else [])
        # a reading that is right wins; otherwise read the number in the unit the question states
        got, scale = next((c for c in candidates if self._close(c[0], expected, self._shown(n, c[1]))),
                          candidates[0])
        read = self._words(got)
        if n.currency and n.currency != self.currency:
            return Verdict(INCORRECT, f"That reads as {n.currency} {read.lstrip('$')}: the question is in "
                                      f"{self.currency}, and the figures you read are in {self.currency} "
                                      f"too. Write the amount in {self.currency} (no conversion needed).",
                           f"{n.currency} {read.lstrip('$')}")
        if self._close(got, expected, self._shown(n, scale)):
            return Verdict(CORRECT, f"Correct: {read}.", read)
        if self._close(-got, expected):
            return Verdict(INCORRECT, f"You answered {read}: right size, wrong sign. Costs and "
                                      "outflows are given here as positive amounts unless the "
                                      "question says otherwise.", read)
        for factor, name, suffix in ((1e3, "thousands", "k"), (1e6, "millions", "m"),
                                     (1e9, "billions", "bn")):
            if factor != self.scale and n.scale is None and self._close(n.value * factor, expected):
                return Verdict(INCORRECT, f"That reads as {read}, but the number looks like {name}: "
                                          f"the question asks for {self.unit_text()} (write "
                                          f"{_in_unit(n.value * factor, self.scale)}, or add "
                                          f'"{suffix}").', read)
        for factor in (1e3, 1e-3, 1e6, 1e-6):
            if self._close(got * factor, expected):
                return Verdict(INCORRECT, f"That reads as {read}: the digits look right but the size "
                                          f"is off by a factor of {factor:,g}. The question asks for "
                                          f"{self.unit_text()}.", read)
        return Verdict(INCORRECT, f"Not quite: you answered {read}, which is {_direction(got, expected)}. "
                                  f"The answer is {self.describe()}.", read)


def _in_unit(value: float, scale: float) -> str:
    v = value / scale
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.4g}"


@dataclass(frozen=True)
class Plain(AnswerType):
    """A plain number with a unit word: times (×), days, years, points, a fiscal year.
    Tolerance is absolute, in the unit."""

    unit: str = "times"
    tolerance: float = 0.05
    either_sign: bool = False   # "fell by 0.3 points": 0.3 and -0.3 both right

    def describe(self) -> str:
        if self.unit == "fiscal year":
            return "a fiscal year (four digits)"
        return f"a number of {self.unit} (within ±{self.tolerance:g})"

    def example(self) -> str:
        # neutral numbers: an example must never be the answer to one of the questions
        return {"times": '1.5, "1.5x" or "1.5 times"', "days": '30 or "30 days"',
                "years": '2.5 or "2.5 years"', "points": '-1.2, "1.2 points" or "1.2pp"',
                "fiscal year": '2020 or "FY2020"'}.get(self.unit, "2.5")

    def format(self, expected) -> str:
        if self.unit == "fiscal year":
            return f"FY{int(expected)}"
        return f"{expected:,.2f} {self.unit}"

    def _judge(self, raw, expected) -> Verdict:
        months = _duration(raw) if self.unit == "years" else None
        n = parse_number(raw) if months is None else Number(months / 12)
        if n.percent and self.unit != "points":
            raise Unreadable(f"{self.unit} are not a percent")
        got = n.value * (n.scale or 1)
        if self.either_sign:
            got, expected = abs(got), abs(expected)
        read = f"FY{got:g}" if self.unit == "fiscal year" else f"{_num(got)} {self.unit}"
        if abs(got - expected) <= self.tolerance + 1e-9:
            return Verdict(CORRECT, f"Correct: {read}.", read)
        if self.unit != "fiscal year" and expected and abs(got + expected) <= self.tolerance + 1e-9:
            return Verdict(INCORRECT, f"You answered {read}: right size, wrong sign.", read)
        if self.unit == "fiscal year":
            return Verdict(INCORRECT, f"Not quite: FY{got:g} is not the year. Look again at every "
                                      "year in the table.", read)
        return Verdict(INCORRECT, f"Not quite: you answered {read}, which is {_direction(got, expected)}. "
                                  f"The answer is {self.describe()}.", read)


def _duration(raw) -> float | None:
    """Months in "4 years 9 months", "4y 9m", "57 months"; None when no month is written.

    >>> _duration("4 years 9 months"), _duration("57 months"), _duration("4.75 years")
    (57.0, 57.0, None)
    """
    raw = _scalar(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip().lower()
    match = re.fullmatch(r"(?:(\d+(?:\.\d+)?)\s*(?:years?|yrs?|y)\s*,?\s*(?:and\s*)?)?"
                         r"(\d+(?:\.\d+)?)\s*(?:months?|mths?|mo|m)", text)
    if not match:
        return None
    return float(match.group(1) or 0) * 12 + float(match.group(2))


_YES = {"yes", "y", "true", "t", "1", "oui", "ja", "si", "yep", "yeah", "correct"}
_NO = {"no", "n", "false", "f", "0", "non", "nein", "nope", "nah"}


def _words_of(text: str) -> str:
    return re.sub(r"[^\w\s&.-]", " ", text.lower()).replace(".", " ").strip()


def _canon(text: str) -> str:
    """Words compared loosely: case, punctuation, hyphens and the spellings of on-premises.

    >>> _canon("On-Prem") == _canon("on premises") == _canon("onpremise")
    True
    """
    words = " ".join(_words_of(text).replace("-", " ").split())
    words = re.sub(r"\bon\s*prem(ise|ises)?s?\b", "onprem", words)
    return words


def _why(why: dict, key: str) -> str:
    return f" {why[key]}" if why.get(key) else " Think about which answer the numbers support, and try another."


@dataclass(frozen=True)
class YesNo(AnswerType):
    """Yes or no: "yes", "Y", True, "no", False … (case-insensitive). `why` says, for "yes"
    and for "no", why that answer is wrong when it is."""

    why: dict = field(default_factory=dict, hash=False, compare=False)

    def describe(self) -> str:
        return "yes or no"

    def example(self) -> str:
        return '"yes" or "no"'

    def format(self, expected) -> str:
        return "yes" if expected else "no"

    def _judge(self, raw, expected) -> Verdict:
        raw = _scalar(raw)
        if isinstance(raw, bool) or (hasattr(raw, "dtype") and str(getattr(raw, "dtype", "")) == "bool"):
            got = bool(raw)
        elif isinstance(raw, str):
            word = " ".join(_words_of(raw).split())
            if word in _YES:
                got = True
            elif word in _NO:
                got = False
            else:
                raise Unreadable("not yes or no")
        else:
            raise Unreadable(f"a {type(raw).__name__} is not yes or no")
        read = "yes" if got else "no"
        if got == bool(expected):
            return Verdict(CORRECT, f"Correct: {read}.", read)
        return Verdict(INCORRECT, f'Not quite: you answered "{read}".{_why(self.why, read)}', read)


@dataclass(frozen=True)
class Choice(AnswerType):
    """One of a few options: the letter ("b", "B", "(b)"), the option's text or one of its
    `synonyms` ("Google" for "Alphabet"), any case. `why` explains, per option, why it is wrong
    when it is."""

    options: dict
    synonyms: dict = field(default_factory=dict, hash=False, compare=False)
    why: dict = field(default_factory=dict, hash=False, compare=False)

    def describe(self) -> str:
        return f"one of the letters {', '.join(self.options)}"

    def example(self) -> str:
        first = next(iter(self.options))
        return f'"{first}" or "{self.options[first]}"'

    def format(self, expected) -> str:
        return f"{expected}) {self.options[expected]}"

    def _pick(self, raw) -> str:
        raw = _scalar(raw)
        if not isinstance(raw, str):
            raise Unreadable(f"a {type(raw).__name__} is not one of the options")
        word = _canon(raw.replace("option", " ").replace("answer", " ")).strip("() ")
        letters = {k.lower(): k for k in self.options}
        if word in letters:
            return letters[word]
        if len(word) >= 2 and word[-1] == ")" and word[:-1] in letters:
            return letters[word[:-1]]
        names = [(k, _canon(v)) for k, v in self.options.items()]
        names += [(k, _canon(s)) for k, words in self.synonyms.items() for s in words]
        exact = {k for k, t in names if t == word}
        if len(exact) == 1:
            return exact.pop()
        partial = {k for k, t in names if len(word) >= 3 and (word in t or t in word)}
        if len(partial) == 1:
            return partial.pop()
        raise Unreadable("not one of the options" if not partial else
                         f"it matches several options ({', '.join(sorted(partial))}): give the letter")

    def _judge(self, raw, expected) -> Verdict:
        got = self._pick(raw)
        read = f"{got}) {self.options[got]}"
        if got == expected:
            return Verdict(CORRECT, f"Correct: {read}.", read)
        return Verdict(INCORRECT, f"Not quite: you chose {read}.{_why(self.why, got)}", read)


__all__ = ["AnswerType", "CORRECT", "Choice", "INCORRECT", "Money", "Number", "Percent", "Plain",
           "UNANSWERED", "UNREADABLE", "Unreadable", "Verdict", "YesNo", "is_placeholder",
           "parse_number"]
