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

Every value keeps its provenance: source ``sec-companyfacts``, the tag (``a+b`` for sums),
the accession number of the filing it was taken from and its filing date.

>>> facts, meta = read_companyfacts(EXAMPLE)
>>> meta["cik"], meta["entity_name"]
('0000000042', 'Example Corp')
>>> [(int(r.fiscal_year), r.value, r.filing) for r in facts.itertuples()]
[(2023, 110.0, '0000000042-24-1'), (2024, 120.0, '0000000042-24-1')]
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from functools import lru_cache
from importlib.resources import files
from os import PathLike
from typing import Any

import pandas as pd

from ..company import FACT_COLUMNS, make_facts
from ..items import ITEMS
from ..periods import fiscal_year, is_annual

SOURCE = "sec-companyfacts"
ANNUAL_FORMS = frozenset({"10-K", "10-K/A", "20-F", "20-F/A", "40-F", "40-F/A"})

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
    text = (files("finlit.sources") / "mappings" / "sec_tags.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for rec in csv.DictReader(lines):
        item = rec["canonical_item"].strip()
        if item not in ITEMS:
            raise ValueError(f"sec_tags.csv: unknown canonical item {item!r}")
        rows.append((item, int(rec["priority"]), rec["taxonomy"].strip(), rec["tag"].strip(),
                     int(rec["sign"])))
    return tuple(rows)


def _unit_for(item: str, currency: str) -> str:
    unit = ITEMS[item].unit
    if unit == "per_share":
        return f"{currency}/shares"
    if unit == "shares":
        return "shares"
    return currency


def _load(path_or_dict: str | PathLike | dict) -> dict:
    if isinstance(path_or_dict, dict):
        return path_or_dict
    with open(path_or_dict, encoding="utf-8-sig") as fh:
        return json.load(fh)


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


def read_companyfacts(path_or_dict: str | PathLike | dict, currency: str = "USD"
                      ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Annual facts of a companyfacts file (path or parsed dict) in the canonical model.

    Returns ``(facts, meta)``: `facts` has `finlit.company.FACT_COLUMNS` (one row per line item
    and fiscal year); `meta` has ``cik`` (10 digits, zero-padded), ``entity_name``,
    ``currency``, ``taxonomies`` (those that gave values) and ``filings``: accession number →
    ``{"form", "fiscal_year", "filed"}`` for every annual filing seen, where ``fiscal_year`` is
    the latest fiscal year the filing reports.

    Only values in `currency` are read (money in `currency`, EPS in `currency`/shares).

    >>> facts, _ = read_companyfacts(EXAMPLE)
    >>> row = facts[facts["fiscal_year"] == 2023].iloc[0]
    >>> float(row["value"]), row["source_key"], row["filed"]   # the restated value wins
    (110.0, 'Revenues', '2025-02-01')
    """
    doc = _load(path_or_dict)
    cik = doc.get("cik")
    meta: dict[str, Any] = {
        "cik": f"{int(cik):010d}" if cik not in (None, "") else "",
        "entity_name": doc.get("entityName", ""),
        "currency": currency,
        "taxonomies": [],
        "filings": {},
    }

    # 1. every mapped tag: its annual facts, and the set of fiscal-year ends from annual flows
    tagged: dict[tuple[str, str, str], list[dict]] = {}
    annual_ends: set[str] = set()
    filings: dict[str, dict] = {}
    for item, _prio, taxonomy, tag, _sign in tag_mapping():
        key = (taxonomy, tag, _unit_for(item, currency))
        if key in tagged:
            continue
        facts = _annual_facts(doc, *key)
        tagged[key] = facts
        for fact in facts:
            if fact.get("start"):
                annual_ends.add(fact["end"])
            f = filings.setdefault(fact["accn"], {"form": fact["form"], "fiscal_year": 0,
                                                  "filed": fact.get("filed", "")})
            f["fiscal_year"] = max(f["fiscal_year"], fiscal_year(fact["end"]))

    # 2. per tag and period end: the latest filed value (restatements win)
    latest: dict[tuple[str, str, str], dict[str, dict]] = {}
    for key, facts in tagged.items():
        by_end: dict[str, dict] = {}
        for fact in sorted(facts, key=lambda f: (f.get("filed", ""), f["accn"])):
            if not fact.get("start") and annual_ends and fact["end"] not in annual_ends:
                continue  # a balance at a date that is not a fiscal-year end
            by_end[fact["end"]] = fact
        latest[key] = by_end

    # 3. per item and period: the first priority whose parts all have a value
    groups: dict[str, dict[int, list[tuple[str, str, int]]]] = defaultdict(lambda: defaultdict(list))
    for item, prio, taxonomy, tag, sign in tag_mapping():
        groups[item][prio].append((taxonomy, tag, sign))
    rows, used_taxonomies = [], set()
    for item, by_priority in groups.items():
        unit = _unit_for(item, currency)
        ends = set()
        for parts in by_priority.values():
            for taxonomy, tag, _ in parts:
                ends |= set(latest[(taxonomy, tag, unit)])
        for end in sorted(ends):
            for prio in sorted(by_priority):
                parts = by_priority[prio]
                found = [latest[(t, g, unit)].get(end) for t, g, _ in parts]
                if any(f is None for f in found):
                    continue
                newest = max(found, key=lambda f: (f.get("filed", ""), f["accn"]))
                value = sum(s * f["val"] for (_, _, s), f in zip(parts, found))
                flipped = any(s < 0 and f["val"] != 0 for (_, _, s), f in zip(parts, found))
                rows.append({
                    "line_item": item, "period_end": end, "fiscal_year": fiscal_year(end),
                    "value": float(value) + 0.0, "source_key": "+".join(g for _, g, _ in parts),
                    "filing": newest["accn"], "filed": newest.get("filed", ""), "flipped": flipped,
                })
                used_taxonomies.update(t for t, _, _ in parts)
                break

    meta["taxonomies"] = sorted(used_taxonomies)
    meta["filings"] = dict(sorted(filings.items(), key=lambda kv: (kv[1]["filed"], kv[0])))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS}), meta
    facts = make_facts(rows, currency=currency, source=SOURCE, period="annual")
    facts = facts.sort_values(["line_item", "fiscal_year"], kind="stable").reset_index(drop=True)
    return facts, meta


__all__ = ["read_companyfacts", "tag_mapping", "ANNUAL_FORMS", "SOURCE"]
