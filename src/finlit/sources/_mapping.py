"""The mapping tables of ``mappings/*.csv`` and the choice among mapped keys by priority.

Every table is a CSV with a header; lines starting with ``#`` are comments and blank lines are
skipped. A table with a ``canonical_item`` column may name only items of `finlit.items.ITEMS`.

A module of its own (not ``mappings/__init__.py``): the ``mappings`` folder stays plain package
data of ``finlit.sources``, so packaging needs no new package.

>>> read_mapping("yahoo_keys.csv")[0]
{'raw_key': 'TotalRevenue', 'canonical_item': 'revenue', 'sign': '1', 'priority': '1'}
"""
from __future__ import annotations

import csv
from importlib.resources import files
from typing import Hashable, Iterable, TypeVar

from ..items import ITEMS

TABLES = ("label_synonyms.csv", "sec_tags.csv", "sec_tickers.csv", "yahoo_keys.csv",
          "yfinance_labels.csv")

V = TypeVar("V")


def read_mapping(name: str) -> list[dict[str, str]]:
    """The rows of ``mappings/NAME`` as dicts, values stripped, in file order.

    Raises ValueError when a ``canonical_item`` is not a line item finlit knows.
    """
    text = (files("finlit.sources") / "mappings" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = [{key: (value or "").strip() for key, value in rec.items()}
            for rec in csv.DictReader(lines)]
    for row in rows:
        if "canonical_item" in row and row["canonical_item"] not in ITEMS:
            raise ValueError(f"{name}: unknown canonical item {row['canonical_item']!r}")
    return rows


def pick_by_priority(candidates: Iterable[tuple[Hashable, object, V]]) -> dict[Hashable, V]:
    """Per key, the value of the lowest rank (the first one seen on a tie).

    `candidates` are ``(key, rank, value)``; a key is typically (line item, period end) and
    a rank the mapping's priority. Keys keep the order they were first seen in.

    >>> pick_by_priority([("revenue", 2, "OperatingRevenue"), ("revenue", 1, "TotalRevenue"),
    ...                   ("revenue", 1, "Revenue"), ("capex", 1, "CapitalExpenditure")])
    {'revenue': 'TotalRevenue', 'capex': 'CapitalExpenditure'}
    """
    best: dict[Hashable, tuple[object, V]] = {}
    for key, rank, value in candidates:
        if key not in best or rank < best[key][0]:
            best[key] = (rank, value)
    return {key: value for key, (_, value) in best.items()}


__all__ = ["read_mapping", "pick_by_priority", "TABLES"]
