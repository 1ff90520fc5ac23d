"""Read an SEC EDGAR companyfacts JSON file into the canonical model (FINANCE.md §1–2).

companyfacts (``https://data.sec.gov/api/xbrl/companyfacts/CIK##########.json``) holds every
XBRL fact a company ever filed: ``facts → taxonomy → tag → units → [facts]``, each fact with
``start`` (flows only), ``end``, ``val``, ``accn`` (accession number), ``form``, ``filed``
and the *filing's* ``fy``/``fp``.

How the reader turns that into one value per line item and fiscal year:

- only annual report forms count (10-K, 10-K/A, 20-F, 20-F/A, 40-F, 40-F/A);
- flows (income, cash flow) are annual when ``start`` to ``end`` is 350–380 days; balances
  are instant facts (no ``start``) dated on a fiscal-year end, i.e. on the end of an annual
  flow period found in the same file;
- the fiscal year comes from the period end (`finlit.periods.fiscal_year`), never from the
  filing's ``fy`` field (a 10-K for FY2024 also carries FY2023 and FY2022 comparatives);
- when several filings report the same tag and period, the latest filed value wins
  (restatements and 10-K/A amendments replace the original);
- tags map to canonical items through the data file ``mappings/sec_tags.csv``
  (``canonical_item,priority,taxonomy,tag,sign``): per period, the first priority with a
  value wins, so a year is never lost because the preferred tag is missing (Apple tags
  revenue ``SalesRevenueNet`` up to FY2017, ``RevenueFromContractWithCustomer…`` after);
  rows sharing a priority are added (all parts required);
- costs and outflows are stored as positive magnitudes (XBRL already does; a ``sign`` of -1
  flips a tag and marks the value ``flipped``).
- per-share figures and share counts are put on the basis of the latest share split
  (`finlit.sources.splits`): a split shows as the same period reported with per-share values a
  split factor apart in filings made before and after it (Apple's FY2018 diluted EPS: 11.91 in
  the FY2019 10-K, 2.98 in the FY2020 10-K); older figures, last filed before the split, are
  divided (EPS) or multiplied (shares) by the factor, marked ``derived``, the ``source_key``
  saying so ("EarningsPerShareDiluted ÷ 4 for the 4-for-1 split of 2020").

Every value keeps its provenance: source ``sec-companyfacts``, the tag (``a+b`` for sums),
the accession number of the filing it was taken from and its filing date.

Currency: money values are read in one currency, the reporting currency, by default the unit
with the most annual facts among the revenue and total-assets tags (TSMC: TWD; a 20-F can also
carry convenience translations in USD, which are then ignored); pass ``currency=`` to choose.
Both taxonomies are read: ``us-gaap`` and ``ifrs-full`` (20-F filers), per the tag map.

Quarterly periods (``period="quarterly"``), from 10-Q, 10-K, 20-F, 40-F and 6-K facts:

- a quarter is a flow of 80–100 days, keyed by its end; the fiscal year is
  `finlit.periods.fiscal_year_of` (end, fiscal-year end), the fiscal-year end being the month
  of the latest annual period (``meta["fiscal_year_end"]``, "MM-DD");
- quarters the filings give only year to date are **derived** as the difference of two
  cumulative figures with the same start: the fourth quarter is FY − nine months (10-Ks carry
  no fourth-quarter figure since 2021), cash flows Q2 = six months − three months, and so on;
  these rows are marked ``derived`` and their ``source_key`` ends with ``(YTD difference)``.
  Per-share figures and share counts are not additive and are never derived this way;
- balances are instants dated on a quarter end (the end of a quarter flow, a 10-Q balance-sheet
  date or a fiscal-year end); the latest filing wins, as for annual data. A file without 10-Q
  figures (a 20-F filer such as TSMC) has no quarterly periods.

Trailing twelve months (``period="ttm"``): per quarter end, flows are the sum of the four
quarters ending there (all four required, consecutive; marked ``derived``, ``source_key``
``TTM: sum of 4 quarters``); balances are the quarter-end balance as reported; per-share
figures and share counts are left out (not additive).

>>> facts, meta = read_companyfacts(EXAMPLE)
>>> meta["cik"], meta["entity_name"]
('0000000042', 'Example Corp')
>>> [(int(r.fiscal_year), r.value, r.filing) for r in facts.itertuples()]
[(2023, 110.0, '0000000042-24-1'), (2024, 120.0, '0000000042-24-1')]
"""
from __future__ import annotations

import calendar
import json
import math
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache
from os import PathLike
from typing import Any, Callable, Iterator

import pandas as pd

from ..company import FACT_COLUMNS, make_facts
from ..errors import InputError
from ..items import ITEMS
from ..periods import fiscal_year, fiscal_year_of, is_annual
from ._mapping import pick_by_priority, read_mapping
from .registry import PERIODS, check_period
from .splits import find_splits, restate

SOURCE = "sec-companyfacts"
ANNUAL_FORMS = frozenset({"10-K", "10-K/A", "20-F", "20-F/A", "40-F", "40-F/A"})
QUARTERLY_FORMS = ANNUAL_FORMS | {"10-Q", "10-Q/A", "6-K", "6-K/A"}
QUARTER_DAYS = (80, 100)

# A tiny companyfacts document for the examples: FY2023 revenue as first filed (100) and as
# restated in the FY2024 10-K (110), plus a quarter that is not annual and is ignored.
EXAMPLE = {
    "cik": 42, "entityName": "Example Corp",
    "facts": {"us-gaap": {"Revenues": {"units": {"USD": [
        {"start": "2023-01-01", "end": "2023-12-31", "val": 100, "accn": "0000000042-23-1",
         "fy": 2023, "fp": "FY", "form": "10-K", "filed": "2023-02-01"},
        {"start": "2023-01-01", "end": "2023-12-31", "val": 110, "accn": "0000000042-24-1",
         "fy": 2024, "fp": "FY", "form": "10-K", "filed": "2025-02-01"},
        {"start": "2024-01-01", "end": "2024-12-31", "val": 120, "accn": "0000000042-24-1",
         "fy": 2024, "fp": "FY", "form": "10-K", "filed": "2025-02-01"},
        {"start": "2024-10-01", "end": "2024-12-31", "val": 33, "accn": "0000000042-24-1",
         "fy": 2024, "fp": "FY", "form": "10-K", "filed": "2025-02-01"},
    ]}}}},
}


@lru_cache(maxsize=None)
def tag_mapping() -> tuple[tuple[str, int, str, str, int], ...]:
    """The tag priority list from ``mappings/sec_tags.csv``:
    (canonical_item, priority, taxonomy, tag, sign) rows, in file order.

    >>> [row[3] for row in tag_mapping() if row[0] == "revenue"][:2]
    ['Revenues', 'RevenueFromContractWithCustomerExcludingAssessedTax']
    """
    return tuple((rec["canonical_item"], int(rec["priority"]), rec["taxonomy"], rec["tag"],
                  int(rec["sign"])) for rec in read_mapping("sec_tags.csv"))


@lru_cache(maxsize=None)
def tag_groups() -> dict[str, dict[int, tuple[tuple[str, str, int], ...]]]:
    """`tag_mapping` grouped: item → priority → its (taxonomy, tag, sign) parts (to be added).

    >>> tag_groups()["short_term_debt"][2]
    (('us-gaap', 'CommercialPaper', 1), ('us-gaap', 'LongTermDebtCurrent', 1))
    """
    groups: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for item, prio, taxonomy, tag, sign in tag_mapping():
        groups[item][prio].append((taxonomy, tag, sign))
    return {item: {prio: tuple(parts) for prio, parts in by_priority.items()}
            for item, by_priority in groups.items()}


def pick_tags(values: Callable[[str, str, str], dict]) -> Iterator[tuple[str, Any, tuple, list]]:
    """Per item and period end, the first priority of the tag map whose parts all have a value.

    `values(item, taxonomy, tag)` gives one tag's values by period end (any objects). Yields
    ``(item, end, parts, found)``, `found` being the parts' values at `end`: items in map
    order, ends ascending. Used by this reader and by `finlit.sources.fsds`.
    """
    for item, by_priority in tag_groups().items():
        candidates = []
        for prio, parts in by_priority.items():
            by_end = [values(item, taxonomy, tag) for taxonomy, tag, _ in parts]
            for end in set(by_end[0]).intersection(*by_end[1:]):
                candidates.append((end, prio, (parts, [v[end] for v in by_end])))
        picked = pick_by_priority(candidates)
        for end in sorted(picked):
            yield (item, end, *picked[end])


def combine(parts: tuple, numbers: list) -> tuple[float, bool, str]:
    """The value of a priority's parts (their signed sum), whether a sign flipped a non-zero
    value, and the source key (the tags joined by "+").

    >>> combine((("us-gaap", "A", 1), ("us-gaap", "B", -1)), [5.0, 2.0])
    (3.0, True, 'A+B')
    """
    value = float(sum(sign * n for (_, _, sign), n in zip(parts, numbers))) + 0.0
    flipped = any(sign < 0 and n != 0 for (_, _, sign), n in zip(parts, numbers))
    return value, flipped, "+".join(tag for _, tag, _ in parts)


def _unit_for(item: str, currency: str) -> str:
    unit = ITEMS[item].unit
    if unit == "per_share":
        return f"{currency}/shares"
    if unit == "shares":
        return "shares"
    return currency


def load_document(path_or_dict: str | PathLike | dict | bytes) -> dict:
    """The parsed document; InputError when it is not companyfacts (see `check_companyfacts`)."""
    if isinstance(path_or_dict, dict):
        return check_companyfacts(path_or_dict)
    if isinstance(path_or_dict, (bytes, bytearray)):
        name, text = "the document", bytes(path_or_dict).decode("utf-8-sig", errors="replace")
    else:
        name = str(path_or_dict)
        try:
            with open(path_or_dict, encoding="utf-8-sig") as fh:
                text = fh.read()
        except FileNotFoundError:
            raise InputError(f"file not found: {name}: check the path") from None
        except UnicodeDecodeError:
            raise InputError(f"{name} is not an SEC companyfacts file: not UTF-8 text "
                             "(expected the JSON of data.sec.gov/api/xbrl/companyfacts)") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} is not an SEC companyfacts file: not valid JSON ({exc.msg} at "
                         f"line {exc.lineno})") from None
    return check_companyfacts(doc, name)


def check_companyfacts(doc: Any, name: str = "the document") -> dict:
    """`doc` itself when it has the companyfacts shape (``facts → taxonomy → tag → units``),
    else InputError "NAME is not an SEC companyfacts file: why".

    >>> check_companyfacts({"timeseries": {}}, "x.json")
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: x.json is not an SEC companyfacts file: no "facts" object (found keys: timeseries); expected the JSON of data.sec.gov/api/xbrl/companyfacts/CIK##########.json
    """
    expected = "expected the JSON of data.sec.gov/api/xbrl/companyfacts/CIK##########.json"
    if not isinstance(doc, dict):
        why = f"the top level is a JSON {type(doc).__name__}, not an object"
    elif not isinstance(doc.get("facts"), dict):
        keys = ", ".join(list(map(str, doc))[:6]) or "none"
        why = f'no "facts" object (found keys: {keys})'
    else:
        bad = [t for t, tags in doc["facts"].items()
               if not isinstance(tags, dict)
               or any(not isinstance(b, dict) or not isinstance(b.get("units"), dict)
                      for b in list(tags.values())[:5])]
        if not bad:
            _check_values(doc, name)
            return doc
        why = f'taxonomy {bad[0]!r} is not a map of tags with "units"'
    raise InputError(f"{name} is not an SEC companyfacts file: {why}; {expected}")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIX = "download the file again from data.sec.gov"


@lru_cache(maxsize=65536)
def _is_date(text: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD (not 2023-13-45, not "garbage")."""
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _fact_problem(fact: Any) -> str | None:
    """What is wrong with one fact of a companyfacts file, or None when it has the SEC's shape:
    a finite number ``val``, an ``end`` (and optional ``start``) written YYYY-MM-DD, an
    accession number ``accn`` and, when given, a ``filed`` date and a ``form`` in text."""
    if not isinstance(fact, dict):
        return f"a JSON {type(fact).__name__} where a fact object belongs"
    val = fact.get("val")
    if val is None:
        return None  # a fact without a value is ignored
    if type(val) not in (int, float) or not math.isfinite(val):
        shown = json.dumps(val) if isinstance(val, (bool, float)) else repr(val)[:40]
        return (f"the value {shown} is not a finite number (the SEC never publishes NaN, "
                "Infinity or text values)")
    for key in ("end", "start", "filed"):
        if key not in fact or (key != "end" and fact[key] in (None, "")):
            if key == "end":
                return "no end date"
            continue
        text = fact[key]
        if not isinstance(text, str) or not _is_date(text):
            return f"the {key} date {json.dumps(text)[:40]} is not a date written YYYY-MM-DD"
    accn = fact.get("accn")
    if not isinstance(accn, str) or not accn:
        return ("no accession number (accn)" if accn in (None, "")
                else f"the accession number (accn) {json.dumps(accn)[:40]} is not text")
    if "form" in fact and not isinstance(fact["form"], (str, type(None))):
        return f"the form {json.dumps(fact['form'])[:40]} is not text (such as \"10-K\")"
    return None


def _check_values(doc: dict, name: str) -> None:
    """InputError at the first fact without the SEC's shape (`_fact_problem`): a ``val`` that
    is not a finite number (NaN, Infinity, 1e309, true, "12"), an impossible or non-text date,
    a missing accession number …; also a ``units`` that is not a map of lists of facts and a
    ``cik`` or ``entityName`` of the wrong type. The SEC never publishes such a file, so it was
    altered or damaged: the message names the fact and says to download the file again.

    >>> check_companyfacts({"facts": {"us-gaap": {"Revenues": {"units": {"USD": [
    ...     {"end": "2023-12-31", "val": float("inf")}]}}}}}, "x.json")
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: x.json: us-gaap Revenues (USD), fact 1 ending 2023-12-31: the value Infinity is not a finite number (the SEC never publishes NaN, Infinity or text values); download the file again from data.sec.gov
    """
    cik = doc.get("cik")
    if not (cik is None or (type(cik) is int and cik >= 0)
            or (isinstance(cik, str) and cik.strip().upper().removeprefix("CIK").isdigit())):
        raise InputError(f"{name}: the cik {json.dumps(cik)[:40]} is not a CIK number (such as "
                         f"320193); {_FIX}")
    if not isinstance(doc.get("entityName", ""), (str, type(None))):
        raise InputError(f"{name}: the entityName {json.dumps(doc['entityName'])[:40]} is not "
                         f"text; {_FIX}")
    for taxonomy, tags in doc["facts"].items():
        for tag, body in tags.items():
            units = body.get("units") if isinstance(body, dict) else None
            if not isinstance(units, dict):
                raise InputError(f"{name}: {taxonomy} {tag}: \"units\" is not a map of units "
                                 f"to lists of facts (such as {{\"USD\": [...]}}); {_FIX}")
            for unit, facts in units.items():
                if not isinstance(facts, list):
                    raise InputError(f"{name}: {taxonomy} {tag} ({unit}): a JSON "
                                     f"{type(facts).__name__} where a list of facts belongs; {_FIX}")
                for i, fact in enumerate(facts):
                    problem = _fact_problem(fact)
                    if problem is None:
                        continue
                    end = fact.get("end") if isinstance(fact, dict) else None
                    ending = f" ending {end[:20]}" if isinstance(end, str) and _is_date(end) else ""
                    raise InputError(f"{name}: {taxonomy} {tag} ({unit}), fact {i + 1}{ending}: "
                                     f"{problem}; {_FIX}")


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


def reporting_currency(doc: dict) -> str:
    """The currency of most annual revenue and total-assets facts (USD when there are none).

    >>> reporting_currency(EXAMPLE)
    'USD'
    """
    counts: Counter = Counter()
    for forms in (ANNUAL_FORMS, None):
        for item, _prio, taxonomy, tag, _sign in tag_mapping():
            if item not in ("revenue", "total_assets"):
                continue
            body = doc.get("facts", {}).get(taxonomy, {}).get(tag) or {}
            for unit, facts in body.get("units", {}).items():
                if _is_currency(unit):
                    counts[unit] += sum(1 for f in facts if forms is None or f.get("form") in forms)
        if +counts:
            break
    if not +counts:
        return "USD"
    return max(counts.items(), key=lambda kv: (kv[1], kv[0] == "USD"))[0]


def currencies(doc: dict) -> list[str]:
    """Every currency unit in the file's us-gaap/ifrs-full facts, most used first."""
    counts: Counter = Counter()
    for taxonomy in ("us-gaap", "ifrs-full"):
        for body in doc.get("facts", {}).get(taxonomy, {}).values():
            for unit, facts in body.get("units", {}).items():
                if _is_currency(unit):
                    counts[unit] += len(facts)
    return [u for u, _ in counts.most_common()]


def fiscal_year_end_of(annual_ends) -> str:
    """"MM-DD" of the usual fiscal-year end: the month of the latest annual period end (an end
    in the first week of a month belongs to the month before: 52/53-week years).

    >>> fiscal_year_end_of(["2023-09-30", "2024-09-28"]), fiscal_year_end_of(["2024-02-03"])
    ('09-30', '01-31')
    """
    if not annual_ends:
        return "12-31"
    latest = date.fromisoformat(max(annual_ends)) - timedelta(days=7)
    day = 28 if latest.month == 2 else calendar.monthrange(2001, latest.month)[1]
    return f"{latest.month:02d}-{day:02d}"


def _annual_facts(doc: dict, taxonomy: str, tag: str, unit: str) -> list[dict]:
    """Facts of one tag and unit from annual report forms (flows of annual length, instants)."""
    body = doc.get("facts", {}).get(taxonomy, {}).get(tag)
    if not body:
        return []
    out = []
    for fact in body.get("units", {}).get(unit, ()):
        if fact.get("form") not in ANNUAL_FORMS or fact.get("val") is None or not fact.get("end"):
            continue
        start = fact.get("start")
        if start and not is_annual(start, fact["end"]):
            continue
        out.append(fact)
    return out


def read_companyfacts(path_or_dict: str | PathLike | dict, currency: str | None = None,
                      period: str = "annual") -> tuple[pd.DataFrame, dict[str, Any]]:
    """Facts of a companyfacts file (path, bytes or parsed dict) in the canonical model:
    annual (the default), ``"quarterly"`` or ``"ttm"``.

    Returns ``(facts, meta)``: `facts` has `finlit.company.FACT_COLUMNS` (one row per line item
    and fiscal year); `meta` has ``cik`` (10 digits, zero-padded), ``entity_name``,
    ``currency``, ``taxonomies`` (those that gave values) and ``filings``: accession number →
    ``{"form", "fiscal_year", "filed"}`` for every annual filing seen, where ``fiscal_year`` is
    the latest fiscal year the filing reports; ``fiscal_year_end`` ("MM-DD"),
    ``currencies`` (every currency unit in the file), ``splits`` (the share splits found,
    `finlit.sources.splits.Split`, oldest first) and ``split_left_out`` (per-share rows left
    out because they were filed while a split was under way; see `left_out_notes`).

    Only values in `currency` are read (money in `currency`, EPS in `currency`/shares); by
    default the reporting currency (`reporting_currency`). A document that is not
    companyfacts raises InputError.

    >>> facts, _ = read_companyfacts(EXAMPLE)
    >>> row = facts[facts["fiscal_year"] == 2023].iloc[0]
    >>> float(row["value"]), row["source_key"], row["filed"]   # the restated value wins
    (110.0, 'Revenues', '2025-02-01')
    """
    check_period(period)
    doc = load_document(path_or_dict)
    currency = (currency or reporting_currency(doc)).upper()
    meta = _meta(doc, currency)
    tagged, annual_ends, filings = _scan_annual(doc, currency)
    meta["fiscal_year_end"] = fiscal_year_end_of(annual_ends)
    meta["currencies"] = currencies(doc)
    meta["splits"] = find_splits(doc, currency)
    if period != "annual":
        return _read_quarters(doc, currency, period, meta)
    rows, used_taxonomies = _annual_rows(_latest_by_end(tagged, annual_ends), currency)
    rows, meta["split_left_out"] = restate(rows, meta["splits"])
    meta["taxonomies"] = sorted(used_taxonomies)
    meta["filings"] = _sorted_filings(filings)
    return _facts_frame(rows, currency, "annual", "fiscal_year"), meta


def _meta(doc: dict, currency: str) -> dict[str, Any]:
    """The document's identity: CIK (10 digits), entity name and the currency read."""
    cik = doc.get("cik")
    if isinstance(cik, str):  # "320193" or "CIK0000320193": the same number (checked on load)
        cik = cik.strip().upper().removeprefix("CIK")
    cik_text = f"{int(cik):010d}" if cik not in (None, "") else ""
    return {"cik": cik_text, "entity_name": doc.get("entityName") or "", "currency": currency,
            "taxonomies": [], "filings": {}}


def _filed_order(fact: dict) -> tuple[str, str]:
    """The sort key that puts the latest filing last."""
    return fact.get("filed", ""), fact["accn"]


def _note_filing(filings: dict[str, dict], fact: dict, year: int) -> None:
    """Record the filing of `fact` (form, filing date, latest fiscal year it reports)."""
    entry = filings.setdefault(fact["accn"], {"form": fact.get("form", ""), "fiscal_year": 0,
                                              "filed": fact.get("filed", "")})
    entry["fiscal_year"] = max(entry["fiscal_year"], year)


def _sorted_filings(filings: dict[str, dict]) -> dict[str, dict]:
    return dict(sorted(filings.items(), key=lambda kv: (kv[1]["filed"], kv[0])))


def _scan_annual(doc: dict, currency: str) -> tuple[dict, set[str], dict[str, dict]]:
    """Every mapped tag's annual facts by (taxonomy, tag, unit), the fiscal-year ends (ends of
    annual flows) and the annual filings seen."""
    tagged: dict[tuple[str, str, str], list[dict]] = {}
    annual_ends: set[str] = set()
    filings: dict[str, dict] = {}
    for item, _prio, taxonomy, tag, _sign in tag_mapping():
        key = (taxonomy, tag, _unit_for(item, currency))
        if key in tagged:
            continue
        tagged[key] = _annual_facts(doc, *key)
        for fact in tagged[key]:
            if fact.get("start"):
                annual_ends.add(fact["end"])
            _note_filing(filings, fact, fiscal_year(fact["end"]))
    return tagged, annual_ends, filings


def _latest_by_end(tagged: dict, annual_ends: set[str]) -> dict[tuple, dict[str, dict]]:
    """Per tag and period end, the latest filed fact (restatements win); balances only at
    fiscal-year ends."""
    latest = {}
    for key, facts in tagged.items():
        by_end: dict[str, dict] = {}
        for fact in sorted(facts, key=_filed_order):
            if not fact.get("start") and annual_ends and fact["end"] not in annual_ends:
                continue  # a balance at a date that is not a fiscal-year end
            by_end[fact["end"]] = fact
        latest[key] = by_end
    return latest


def _annual_rows(latest: dict, currency: str) -> tuple[list[dict], set[str]]:
    """One row per item and fiscal-year end (`pick_tags`), and the taxonomies used."""
    def values(item: str, taxonomy: str, tag: str) -> dict[str, dict]:
        return latest[(taxonomy, tag, _unit_for(item, currency))]

    rows, used_taxonomies = [], set()
    for item, end, parts, found in pick_tags(values):
        newest = max(found, key=_filed_order)
        value, flipped, source_key = combine(parts, [f["val"] for f in found])
        rows.append({
            "line_item": item, "period_end": end, "fiscal_year": fiscal_year(end),
            "value": value, "source_key": source_key,
            "filing": newest["accn"], "filed": newest.get("filed", ""), "flipped": flipped,
            "derived": False,
        })
        used_taxonomies.update(t for t, _, _ in parts)
    return rows, used_taxonomies


def _facts_frame(rows: list[dict], currency: str, period: str, order: str) -> pd.DataFrame:
    """The facts frame of `rows`, sorted by line item and `order` (empty: FACT_COLUMNS only)."""
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS})
    facts = make_facts(rows, currency=currency, source=SOURCE, period=period)
    return facts.sort_values(["line_item", order], kind="stable").reset_index(drop=True)


# --- quarterly and trailing-twelve-month periods -------------------------------------------

_DAY_CACHE: dict[str, date] = {}


def _day(text: str) -> date:
    d = _DAY_CACHE.get(text)
    if d is None:
        d = _DAY_CACHE[text] = date.fromisoformat(text)
    return d


def _newer(fact: dict, than: dict | None) -> bool:
    return than is None or _filed_order(fact) >= _filed_order(than)


def _quarter_facts(doc: dict, taxonomy: str, tag: str, unit: str, additive: bool
                   ) -> tuple[dict[str, tuple], dict[str, dict]]:
    """One tag's quarters and instants from periodic reports, the latest filing winning.

    Returns ``(quarters, instants)``: quarters map a period end to
    ``(value, fact, derived)``, instants map a date to the fact. With `additive` (money), the
    quarters the filings give only year to date are derived from cumulative figures.
    """
    body = doc.get("facts", {}).get(taxonomy, {}).get(tag)
    if not body:
        return {}, {}
    flows: dict[tuple[str, str], dict] = {}
    instants: dict[str, dict] = {}
    for fact in body.get("units", {}).get(unit, ()):
        end = fact.get("end")
        if fact.get("form") not in QUARTERLY_FORMS or fact.get("val") is None or not end:
            continue
        start = fact.get("start")
        if start:
            if _newer(fact, flows.get((start, end))):
                flows[(start, end)] = fact
        elif _newer(fact, instants.get(end)):
            instants[end] = fact

    low, high = QUARTER_DAYS
    quarters: dict[str, tuple] = {}
    quarter_by_start: dict[date, list[tuple[str, dict]]] = defaultdict(list)
    cumulative: dict[str, dict[str, tuple[float, list]]] = defaultdict(dict)
    for (start, end), fact in flows.items():
        days = (_day(end) - _day(start)).days
        if low <= days <= high:
            quarters[end] = (fact["val"], fact, False)
            quarter_by_start[_day(start)].append((end, fact))
        if additive and days <= 380:
            cumulative[start][end] = (fact["val"], [fact])
    if not additive:
        return quarters, instants

    for start, cums in cumulative.items():
        # complete the chain with reported quarters: cum(S..X) + quarter(X+1..Y) = cum(S..Y)
        todo = sorted(cums)
        while todo:
            x = todo.pop(0)
            base_value, base_facts = cums[x]
            for lag in (1, 0, 2, 3):
                for y, q in quarter_by_start.get(_day(x) + timedelta(days=lag), ()):
                    if y not in cums and (_day(y) - _day(start)).days <= 380:
                        cums[y] = (base_value + q["val"], base_facts + [q])
                        todo.append(y)
        # a quarter is the difference of two consecutive cumulative figures
        ends = sorted(cums)
        for x, y in zip(ends, ends[1:]):
            if y in quarters or not low <= (_day(y) - _day(x)).days <= high:
                continue
            (vx, fx), (vy, fy) = cums[x], cums[y]
            newest = max(fx + fy, key=_filed_order)
            quarters[y] = (vy - vx, newest, True)
    return quarters, instants


def _read_quarters(doc: dict, currency: str, period: str, meta: dict
                   ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Quarterly (or TTM) facts; see the module docstring for the rules."""
    per_tag, quarter_ends = _scan_quarters(doc, currency)
    rows, used_taxonomies, filings = _quarter_rows(per_tag, quarter_ends, currency,
                                                   meta["fiscal_year_end"])
    rows, meta["split_left_out"] = restate(rows, meta["splits"])
    if period == "ttm":
        rows = trailing_twelve_months(rows)
    meta["taxonomies"] = sorted(used_taxonomies)
    meta["filings"] = _sorted_filings(filings)
    return _facts_frame(rows, currency, period, "period_end"), meta


def _scan_quarters(doc: dict, currency: str) -> tuple[dict, set[str]]:
    """Every mapped tag's quarters and instants by (taxonomy, tag, unit), and the quarter
    ends: ends of quarter flows, 10-Q balance-sheet dates and, when there are any, the
    fiscal-year ends of annual reports."""
    per_tag: dict[tuple[str, str, str], tuple[dict, dict]] = {}
    quarter_ends: set[str] = set()
    for item, _prio, taxonomy, tag, _sign in tag_mapping():
        key = (taxonomy, tag, _unit_for(item, currency))
        if key not in per_tag:
            per_tag[key] = _quarter_facts(doc, *key, additive=key[2] == currency)
            quarter_ends.update(per_tag[key][0])
            quarter_ends.update(e for e, f in per_tag[key][1].items() if f.get("form") in ("10-Q", "10-Q/A"))
    if quarter_ends:  # a 10-K filer's year end is also a quarter end
        quarter_ends.update(e for _, instants in per_tag.values() for e, f in instants.items()
                            if f.get("form") in ANNUAL_FORMS)
    return per_tag, quarter_ends


def _quarter_rows(per_tag: dict, quarter_ends: set[str], currency: str, fye: str
                  ) -> tuple[list[dict], set[str], dict[str, dict]]:
    """One row per item and quarter end (`pick_tags`), the taxonomies and the filings used."""
    def values(item: str, taxonomy: str, tag: str) -> dict[str, tuple]:
        quarters, instants = per_tag[(taxonomy, tag, _unit_for(item, currency))]
        if ITEMS[item].kind == "flow":
            return quarters
        return {e: (f["val"], f, False) for e, f in instants.items() if e in quarter_ends}

    years: dict[str, int] = {}
    rows, used_taxonomies, filings = [], set(), {}
    for item, end, parts, found in pick_tags(values):
        newest = max((f[1] for f in found), key=_filed_order)
        derived = any(f[2] for f in found)
        value, flipped, source_key = combine(parts, [f[0] for f in found])
        if end not in years:
            years[end] = fiscal_year_of(end, fye)
        rows.append({
            "line_item": item, "period_end": end, "fiscal_year": years[end], "value": value,
            "source_key": source_key + (" (YTD difference)" if derived else ""),
            "filing": newest["accn"], "filed": newest.get("filed", ""), "flipped": flipped,
            "derived": derived,
        })
        _note_filing(filings, newest, years[end])
        used_taxonomies.update(t for t, _, _ in parts)
    return rows, used_taxonomies, filings


def trailing_twelve_months(rows: list[dict]) -> list[dict]:
    """TTM rows from quarterly rows (dicts with line_item, period_end, value …): per quarter
    end, money flows summed over the four consecutive quarters ending there, balances as at
    that end; per-share figures and share counts left out. Only ends with a TTM flow are kept
    (when there is any).

    >>> q = [{"line_item": "revenue", "period_end": e, "fiscal_year": 2024, "value": v,
    ...       "source_key": "Revenues", "filing": "a", "filed": "2024", "flipped": False,
    ...       "derived": False}
    ...      for e, v in [("2024-03-31", 1), ("2024-06-30", 2), ("2024-09-30", 3),
    ...                   ("2024-12-31", 4), ("2025-03-31", 5)]]
    >>> [(r["period_end"], r["value"]) for r in trailing_twelve_months(q)]
    [('2024-12-31', 10.0), ('2025-03-31', 14.0)]
    """
    by_item: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_item[row["line_item"]].append(row)
    flows, balances = [], []
    low, high = QUARTER_DAYS
    for item, item_rows in by_item.items():
        spec = ITEMS[item]
        item_rows = sorted(item_rows, key=lambda r: str(r["period_end"]))
        if spec.kind == "balance":
            balances.extend(dict(r) for r in item_rows)
            continue
        if spec.unit != "money":
            continue
        for i in range(3, len(item_rows)):
            four = item_rows[i - 3:i + 1]
            ends = [_day(str(r["period_end"])[:10]) for r in four]
            if not all(low <= (b - a).days <= high for a, b in zip(ends, ends[1:])):
                continue
            last = four[-1]
            flows.append({**last, "value": float(sum(r["value"] for r in four)),
                          "source_key": "TTM: sum of 4 quarters",
                          "filed": max(str(r.get("filed", "")) for r in four),
                          "flipped": any(r.get("flipped") for r in four), "derived": True})
    if flows:
        keep = {str(r["period_end"]) for r in flows}
        balances = [r for r in balances if str(r["period_end"]) in keep]
    return flows + balances


__all__ = ["read_companyfacts", "check_companyfacts", "reporting_currency", "currencies",
           "fiscal_year_end_of", "trailing_twelve_months", "tag_mapping", "tag_groups",
           "pick_tags", "combine", "ANNUAL_FORMS",
           "QUARTERLY_FORMS", "PERIODS", "SOURCE"]
