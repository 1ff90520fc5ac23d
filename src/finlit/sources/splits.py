"""Share splits in SEC companyfacts: found in the filings, per-share figures put on one basis.

A company restates its per-share figures for a split only in the filings made after it, and a
10-K shows three years: Apple's FY2017 diluted EPS is 9.21 in every filing (the last one that
reports FY2017 was made before the 4-for-1 split of August 2020) while FY2018 is 11.91 in the
FY2019 10-K and 2.98 in the FY2020 10-K. Read as filed, the series jumps from 9.21 to 2.98.

How a split is found (`find_splits`):

- per period, the facts of one per-share tag (diluted or basic EPS) or share-count tag
  (weighted-average diluted or basic shares), in periodic reports (10-K, 10-Q, 20-F, 40-F, 6-K
  and their amendments), ordered by filing date; two consecutive filings that report the same
  period with different values give a ratio;
- a share count that grows by a split factor (within 0.5%), or an EPS that falls by a whole
  factor (2, 3, 4 … 100, or rises by one for a reverse split) within rounding to the cent, is
  evidence of a split between the two filing dates; a fractional factor (3-for-2) needs share
  counts. EPS of less than 0.10 a share is too coarse to be evidence;
- evidence of one factor whose date windows overlap is one split, dated by the narrowest window:
  after the last filing on the old basis (``after``), by the first filing on the new one
  (``by``). A value reported unchanged by two filings narrows the window when they overlap
  it, and drops the evidence when one is before the window and one after it (no split).

How figures are restated (`restate`): a per-share figure or share count taken from a filing made
on or before a split's ``after`` date is on the old basis: EPS is divided by the factor, share
counts are multiplied by it, for every later split. The row keeps its tag and filing; its
``source_key`` says what was done ("EarningsPerShareDiluted ÷ 4 for the 4-for-1 split of 2020")
and it is marked ``derived``. A figure filed inside a split's window cannot be placed on
either basis: it is left out, and a note says so (a chart then shows a gap, not a jump).

>>> doc = {"facts": {"us-gaap": {"EarningsPerShareDiluted": {"units": {"USD/shares": [
...     {"start": "2021-01-01", "end": "2021-12-31", "val": 8.0, "accn": "a", "form": "10-K",
...      "filed": "2022-02-01"},
...     {"start": "2021-01-01", "end": "2021-12-31", "val": 2.0, "accn": "b", "form": "10-K",
...      "filed": "2023-02-01"}]}}}}}
>>> [(s.name, s.after, s.by) for s in find_splits(doc, "USD")]
[('4-for-1', '2022-02-01', '2023-02-01')]
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable

from ..items import ITEMS

PERIODIC_FORMS = frozenset({"10-K", "10-K/A", "10-Q", "10-Q/A", "20-F", "20-F/A", "40-F", "40-F/A",
                            "6-K", "6-K/A"})

# tags whose values move with a split: (taxonomy, tag, kind), kind "eps" or "shares"
EVIDENCE_TAGS = (
    ("us-gaap", "EarningsPerShareDiluted", "eps"),
    ("us-gaap", "EarningsPerShareBasic", "eps"),
    ("us-gaap", "EarningsPerShareBasicAndDiluted", "eps"),
    ("ifrs-full", "DilutedEarningsLossPerShare", "eps"),
    ("ifrs-full", "BasicEarningsLossPerShare", "eps"),
    ("us-gaap", "WeightedAverageNumberOfDilutedSharesOutstanding", "shares"),
    ("us-gaap", "WeightedAverageNumberOfSharesOutstandingBasic", "shares"),
    ("ifrs-full", "AdjustedWeightedAverageShares", "shares"),
    ("ifrs-full", "WeightedAverageShares", "shares"),
)

_WHOLE = (2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100)
WHOLE_FACTORS = tuple(Fraction(n) for n in _WHOLE) + tuple(Fraction(1, n) for n in _WHOLE)
FRACTIONAL_FACTORS = (Fraction(3, 2), Fraction(5, 4), Fraction(4, 3), Fraction(5, 2),
                      Fraction(2, 3), Fraction(4, 5), Fraction(3, 4), Fraction(2, 5))
SHARE_TOLERANCE = 0.005
MIN_EPS = 0.10

_MARK = re.compile(r" [÷×] \S+ for the \S+ split of ")


@dataclass(frozen=True)
class Split:
    """A split found in the filings: `factor` new shares per old share (4 for a 4-for-1
    split, 1/10 for a 1-for-10 reverse split); it took effect after the filing of `after` and
    by the filing of `by` (YYYY-MM-DD)."""

    factor: Fraction
    after: str
    by: str

    @property
    def name(self) -> str:
        """'4-for-1', '1-for-10', '3-for-2'."""
        return f"{self.factor.numerator}-for-{self.factor.denominator}"

    @property
    def when(self) -> str:
        """The year(s) of the window: '2020', or '2019–2020' when it spans a new year."""
        a, b = self.after[:4], self.by[:4]
        return a if a == b else f"{a}–{b}"


def _match(factors: Iterable[Fraction], close) -> Fraction | None:
    return next((factor for factor in factors if close(factor)), None)


def _evidence(kind: str, old: float, new: float) -> Fraction | None | bool:
    """The split factor two values of one period imply; True when they are equal (no split
    between them); None when they say nothing (a restatement, or too small to tell)."""
    if kind == "shares":
        if old <= 0 or new <= 0:
            return None
        ratio = new / old
        if abs(ratio - 1) <= SHARE_TOLERANCE:
            return True
        return _match(WHOLE_FACTORS + FRACTIONAL_FACTORS,
                      lambda f: abs(ratio / float(f) - 1) <= SHARE_TOLERANCE)
    if min(abs(old), abs(new)) < MIN_EPS or (old > 0) != (new > 0):
        return None
    if old == new:
        return True

    def close(f: Fraction) -> bool:  # both values rounded to the cent, plus 0.5% of restatement
        tolerance = 0.005 * (1 + 1 / float(f)) + 0.001 + 0.005 * abs(new)
        return abs(old / float(f) - new) <= tolerance
    return _match(WHOLE_FACTORS, close)


def _observations(doc: dict, currency: str) -> tuple[list, list]:
    """(factor, after, by) evidence of splits, and (after, by) windows with no split."""
    found, none = [], []
    for taxonomy, tag, kind in EVIDENCE_TAGS:
        unit = "shares" if kind == "shares" else f"{currency}/shares"
        facts = doc.get("facts", {}).get(taxonomy, {}).get(tag, {}).get("units", {}).get(unit, ())
        by_period: dict[tuple, dict[str, tuple]] = defaultdict(dict)
        for fact in facts:
            if fact.get("form") in PERIODIC_FORMS and fact.get("val") is not None and fact.get("end"):
                filed = (fact.get("filed", ""), fact.get("accn", ""))
                by_period[(fact.get("start"), fact["end"])][filed] = float(fact["val"])
        for filings in by_period.values():
            ordered = sorted(filings.items())
            for (old_at, old), (new_at, new) in zip(ordered, ordered[1:]):
                if old_at[0] == new_at[0]:
                    continue  # two filings of one day: no window
                verdict = _evidence(kind, old, new)
                if verdict is True:
                    none.append((old_at[0], new_at[0]))
                elif verdict is not None:
                    found.append((verdict, old_at[0], new_at[0]))
    return found, none


def find_splits(doc: dict, currency: str = "USD") -> list[Split]:
    """The splits a companyfacts document shows, oldest first (see the module docstring)."""
    found, none = _observations(doc, currency)
    splits = []
    for factor in sorted({f for f, _, _ in found}):
        windows = sorted((a, b) for f, a, b in found if f == factor)
        merged: list[list[str]] = []
        for after, by in windows:
            if merged and after < merged[-1][1]:       # overlaps the current window: narrow it
                merged[-1] = [max(merged[-1][0], after), min(merged[-1][1], by)]
            else:
                merged.append([after, by])
        for after, by in merged:
            window = _narrow(after, by, none)
            if window:
                splits.append(Split(factor, *window))
    return sorted(splits, key=lambda s: (s.by, s.after))


def _narrow(after: str, by: str, none: list) -> tuple[str, str] | None:
    """A split window narrowed by the windows in which a value did not change; None when one of
    them spans the whole window (the same value before and after: no split)."""
    for a, b in none:
        if a <= after and by <= b:
            return None
        if a <= after < b < by:
            after = b          # unchanged until b: the split came later
        elif after < a < by <= b:
            by = a             # unchanged from a on: the split came earlier
    return after, by


def is_split_adjusted(source_key: str) -> bool:
    """True for the source key of a figure `restate` changed.

    >>> is_split_adjusted("EarningsPerShareDiluted ÷ 4 for the 4-for-1 split of 2020")
    True
    """
    return bool(_MARK.search(str(source_key)))


def _factor_text(factor: Fraction) -> str:
    return str(factor.numerator) if factor.denominator == 1 else f"{factor.numerator}/{factor.denominator}"


def restate(rows: list[dict], splits: list[Split]) -> tuple[list[dict], list[dict]]:
    """Rows (dicts with line_item, value, filed, source_key …) with per-share figures and share
    counts on the basis of the latest split; and the rows left out because they were filed
    while a split was under way (inside its window).

    >>> s = Split(Fraction(4), "2020-07-31", "2020-10-30")
    >>> kept, _ = restate([{"line_item": "diluted_eps", "value": 9.21, "filed": "2019-10-31",
    ...                     "source_key": "EarningsPerShareDiluted"}], [s])
    >>> kept[0]["value"], kept[0]["source_key"], kept[0]["derived"]
    (2.3025, 'EarningsPerShareDiluted ÷ 4 for the 4-for-1 split of 2020', True)
    """
    kept, left_out = [], []
    for row in rows:
        unit = ITEMS[row["line_item"]].unit
        if unit not in ("per_share", "shares") or not splits:
            kept.append(row)
            continue
        filed = str(row.get("filed", ""))
        if any(s.after < filed < s.by for s in splits):
            left_out.append(row)
            continue
        later = [s for s in splits if filed <= s.after]
        if not later:
            kept.append(row)
            continue
        factor = Fraction(1)
        for s in later:
            factor *= s.factor
        value = row["value"] / float(factor) if unit == "per_share" else row["value"] * float(factor)
        sign = "÷" if unit == "per_share" else "×"
        what = " and ".join(f"the {s.name} split of {s.when}" for s in later)
        kept.append({**row, "value": round(value, 6) if unit == "per_share" else float(round(value)),
                     "source_key": f"{row['source_key']} {sign} {_factor_text(factor)} for {what}",
                     "derived": True})
    return kept, left_out


def _years(years: Iterable[int]) -> str:
    years = sorted(set(int(y) for y in years))
    return f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}–FY{years[-1]}"


def split_notes(facts, splits: list[Split]) -> list[str]:
    """Plain-text notes on the splits that changed figures in `facts` (a facts frame).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"line_item": ["diluted_eps"], "fiscal_year": [2017],
    ...     "source_key": ["EarningsPerShareDiluted ÷ 4 for the 4-for-1 split of 2020"]})
    >>> print(split_notes(f, [Split(Fraction(4), "2020-07-31", "2020-10-30")])[0])
    Per-share figures for FY2017 are restated by finlit for the 4-for-1 share split of 2020 (diluted earnings per share ÷ 4): those years were last reported before the split, so as filed they do not compare with later years; now every year is on today's share basis.
    """
    notes = []
    for s in splits:
        mark = f"the {s.name} split of {s.when}"
        hit = facts[facts["source_key"].astype(str).str.contains(mark, regex=False)]
        if hit.empty:
            continue
        f = _factor_text(s.factor)
        done = " and ".join(f"{ITEMS[i].label.lower()} {'÷' if ITEMS[i].unit == 'per_share' else '×'} {f}"
                            for i in dict.fromkeys(hit["line_item"]))
        notes.append(
            f"Per-share figures for {_years(hit['fiscal_year'])} are restated by finlit for the "
            f"{s.name} share split of {s.when} ({done}): those years were last reported before "
            "the split, so as filed they do not compare with later years; now every year is on "
            "today's share basis.")
    return notes


def left_out_notes(left_out: Iterable[dict], splits: list[Split]) -> list[tuple[int, str]]:
    """(fiscal year, note) for each per-share figure `restate` left out.

    >>> s = Split(Fraction(2), "2021-03-01", "2021-06-01")
    >>> left_out_notes([{"line_item": "diluted_eps", "fiscal_year": 2020, "filed": "2021-04-02"}], [s])
    [(2020, 'FY2020 diluted earnings per share is left out: it was last reported in a filing of 2021-04-02, while the 2-for-1 share split of 2021 was under way, so its share basis is unknown (a chart shows a gap there).')]
    """
    out = []
    for row in left_out:
        filed = str(row.get("filed", ""))
        names = " and ".join(f"the {s.name} share split of {s.when}" for s in splits if s.after < filed < s.by)
        out.append((int(row["fiscal_year"]),
                     f"FY{row['fiscal_year']} {ITEMS[row['line_item']].label.lower()} is left out: it "
                     f"was last reported in a filing of {filed}, while {names} was under way, so its "
                     "share basis is unknown (a chart shows a gap there)."))
    return out


__all__ = ["Split", "find_splits", "restate", "split_notes", "left_out_notes", "is_split_adjusted",
           "EVIDENCE_TAGS"]
