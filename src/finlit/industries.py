"""Industry keys used by bundled metadata and the IT-spend benchmarks, and the SEC SIC code
ranges that map to them (``data/sic_map.csv``: the narrowest range covering a code wins).

A bottom layer, read by the sources (an SEC data set gives a filer's SIC code): it may import
the standard library, pandas, `finlit.errors` and `finlit.items`, nothing else of finlit.

>>> INDUSTRIES["banking"]
'Banking and financial services'
>>> industry_for_sic(6021), industry_for_sic(3674), industry_for_sic("2834")
('banking', 'technology_hardware', 'healthcare')
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

INDUSTRIES: dict[str, str] = {
    "banking": "Banking and financial services",
    "software_internet": "Software and internet",
    "technology_hardware": "Technology hardware and semiconductors",
    "healthcare": "Healthcare and life sciences",
    "energy": "Energy",
    "utilities": "Utilities",
    "retail": "Retail and wholesale",
    "manufacturing": "Manufacturing",
    "transportation": "Transportation",
    "consumer_services": "Consumer services (restaurants, leisure)",
    "real_estate": "Real estate",
    "construction_materials": "Construction, materials and natural resources",
    "government": "Government",
    "education": "Education",
}


@lru_cache(maxsize=None)
def sic_ranges() -> tuple[tuple[int, int, str, str], ...]:
    """The rows of ``sic_map.csv`` as (sic_from, sic_to, industry, description), narrowest first."""
    text = (files("finlit.data") / "sic_map.csv").read_text(encoding="utf-8")
    rows = [(int(r["sic_from"]), int(r["sic_to"]), r["industry"], r["description"])
            for r in csv.DictReader(io.StringIO(text))]
    for lo, hi, key, _ in rows:
        if key not in INDUSTRIES or lo > hi:
            raise ValueError(f"sic_map.csv: bad row {lo}-{hi} {key}")
    return tuple(sorted(rows, key=lambda r: r[1] - r[0]))


def industry_for_sic(sic) -> str:
    """The industry key for an SEC SIC code ('' when no range covers it or there is no code).

    >>> industry_for_sic(7389), industry_for_sic(None)
    ('', '')
    """
    try:
        code = int(float(sic))
    except (TypeError, ValueError):
        return ""
    for lo, hi, key, _ in sic_ranges():
        if lo <= code <= hi:
            return key
    return ""


__all__ = ["INDUSTRIES", "industry_for_sic", "sic_ranges"]


@dataclass(frozen=True)
class TypicalMargins:
    """Published margins of an industry (``data/industry_margins.csv``), with where they come from."""

    industry: str
    net_margin: float
    operating_margin: float
    statistic: str
    data_date: str
    source: str
    source_industry: str = ""

    def label(self) -> str:
        """'the aggregate net margin of Computers/Peripherals (Damodaran, January 2025)'."""
        what = self.source_industry or INDUSTRIES.get(self.industry, self.industry)
        return f"{self.statistic} for {what} ({self.source}, {self.data_date})".strip()


def _fraction(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return float("nan")


@lru_cache(maxsize=None)
def _margin_rows() -> dict:
    path = files("finlit.data") / "industry_margins.csv"
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {r["industry"]: TypicalMargins(r["industry"], _fraction(r.get("net_margin")),
                                          _fraction(r.get("operating_margin")), r.get("statistic", ""),
                                          r.get("data_date", ""), r.get("source", ""),
                                          r.get("source_industry", ""))
            for r in rows}


def typical_margins(industry: str) -> TypicalMargins | None:
    """The published margins of an industry, or None when there are none (or no industry)."""
    return _margin_rows().get(industry or "")
