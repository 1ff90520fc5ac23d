"""Published IT-spend benchmarks as data (FINANCE.md §4), and which ones fit an industry.

Three data files ship in `finlit.data` (the repository's `data/`, documented in
data/README.md):

- ``it_benchmarks.csv``: every published figure with its scope, statistic (median or
  mean), measure (share of revenue, share of operating expenses, per employee, per
  user), value, data year, source and definition;
- ``industry_map.csv``: for each industry key of `finlit.industries.INDUSTRIES`, the
  benchmark used for an estimate, the benchmarks that make up the industry band, and
  the share-of-opex and per-employee benchmarks;
- ``sic_map.csv``: SEC SIC code ranges → industry key (the narrowest range wins), read by
  `finlit.industries.industry_for_sic` (re-exported here).

Definitions differ between sources, so finlit shows a band, never one "right" number.

>>> b = benchmark("gartner_all_revenue_2020")
>>> b.value, b.statistic, b.source, b.data_year
(0.028, 'median', 'Gartner IT Key Metrics Data 2021', '2020')
>>> b.citation()
'Gartner IT Key Metrics Data 2021, median, data year 2020'
>>> industry_for_sic(6021), industry_for_sic(3674), industry_for_sic("2834")
('banking', 'technology_hardware', 'healthcare')
>>> band = industry_benchmarks("banking").band
>>> round(band.low, 4), round(band.high, 4)
(0.063, 0.105)
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..errors import InputError
from ..industries import INDUSTRIES, industry_for_sic  # industry_for_sic: re-exported (public API)

MEASURES = {
    "pct_revenue": "IT spend as a share of revenue",
    "pct_opex": "IT spend as a share of operating expenses",
    "per_employee": "IT spend per employee",
    "per_user": "IT spend per computer user",
}
STATISTICS = ("median", "mean")
FALLBACK = "all"  # the industry_map row used when a company's industry has none


@dataclass(frozen=True)
class Benchmark:
    """One published figure. `value` is a fraction for shares (0.028 = 2.8%) and money
    (`unit`, e.g. USD) for per-employee and per-user figures. `data_year` is the text
    as published ("2020", "n.d.", "2019–20", "c. 2005"); `year` is a number or None."""

    benchmark_id: str
    scope: str
    industry: str
    size: str
    statistic: str
    measure: str
    value: float
    unit: str
    data_year: str
    year: int | None
    source: str
    definition: str

    def citation(self) -> str:
        """Source, statistic and data year in one phrase, for labels and footnotes."""
        year = "data year not stated" if self.data_year == "n.d." else f"data year {self.data_year}"
        return f"{self.source}, {self.statistic}, {year}"

    def value_text(self) -> str:
        """The value as people read it: '2.8%' or '9,820 USD'."""
        if self.unit == "fraction":
            return f"{self.value * 100:.3g}%"
        return f"{self.value:,.0f} {self.unit}"

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Band:
    """The range of the published shares of revenue for an industry."""

    low: float
    high: float
    benchmarks: tuple  # the Benchmark rows, lowest value first

    def label(self) -> str:
        if self.low == self.high:
            return f"{self.low * 100:.3g}%"
        return f"{self.low * 100:.3g}%–{self.high * 100:.3g}%"

    def sources(self) -> str:
        return "; ".join(f"{b.value_text()} {b.citation()}" for b in self.benchmarks)


@dataclass(frozen=True)
class IndustryBenchmarks:
    """The benchmarks finlit uses for one industry (from industry_map.csv)."""

    industry: str          # the key asked for (may be "" or unknown)
    mapped_to: str         # the industry_map row used ("all" when the industry has none)
    estimate: Benchmark    # share of revenue used for an estimate
    band: Band
    pct_opex: Benchmark | None
    per_employee: Benchmark | None
    note: str


def _read(name: str) -> list[dict]:
    text = (files("finlit.data") / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=None)
def benchmarks() -> dict[str, Benchmark]:
    """Every published figure of it_benchmarks.csv, by id (in file order).

    >>> sum(1 for b in benchmarks().values() if b.measure == "pct_revenue") >= 25
    True
    """
    out = {}
    for row in _read("it_benchmarks.csv"):
        if row["measure"] not in MEASURES or row["statistic"] not in STATISTICS:
            raise ValueError(f"it_benchmarks.csv: {row['benchmark_id']}: unknown measure or statistic")
        out[row["benchmark_id"]] = Benchmark(
            row["benchmark_id"], row["scope"], row["industry"], row["size"], row["statistic"],
            row["measure"], float(row["value"]), row["unit"], row["data_year"],
            int(row["year"]) if row["year"].strip() else None, row["source"], row["definition"])
    return out


def benchmark(benchmark_id: str) -> Benchmark:
    """One benchmark by id (InputError with the list of ids when unknown)."""
    try:
        return benchmarks()[benchmark_id]
    except KeyError:
        raise InputError(f"unknown benchmark {benchmark_id!r}: use one of "
                         f"{', '.join(benchmarks())}") from None


def benchmark_table():
    """All benchmarks as a DataFrame (one row per published figure).

    >>> list(benchmark_table().columns)[:4]
    ['benchmark_id', 'scope', 'industry', 'size']
    """
    import pandas as pd

    return pd.DataFrame([b.as_dict() for b in benchmarks().values()])


@lru_cache(maxsize=None)
def _industry_rows() -> dict[str, dict]:
    rows = {r["industry"]: r for r in _read("industry_map.csv")}
    for key, row in rows.items():
        ids = [row["estimate"], row["pct_opex"], row["per_employee"], *row["band"].split(";")]
        for bid in filter(None, ids):
            if bid not in benchmarks():
                raise ValueError(f"industry_map.csv: {key}: unknown benchmark {bid!r}")
    return rows


def industry_benchmarks(industry: str | None) -> IndustryBenchmarks:
    """The benchmarks for an industry key; an unknown or empty key gets the all-industries row.

    >>> ib = industry_benchmarks("technology_hardware")
    >>> ib.estimate.benchmark_id, ib.band.label()
    ('gartner_all_revenue_2020', '2.8%–4.25%')
    >>> industry_benchmarks("").mapped_to
    'all'
    """
    key = (industry or "").strip().lower()
    rows = _industry_rows()
    row = rows.get(key) or rows[FALLBACK]
    table = benchmarks()
    band_rows = sorted((table[b] for b in row["band"].split(";") if b), key=lambda b: b.value)
    band = Band(band_rows[0].value, band_rows[-1].value, tuple(band_rows))
    return IndustryBenchmarks(
        industry=key, mapped_to=row["industry"], estimate=table[row["estimate"]], band=band,
        pct_opex=table.get(row["pct_opex"]) if row["pct_opex"] else None,
        per_employee=table.get(row["per_employee"]) if row["per_employee"] else None,
        note=row["note"])


def check_industry(industry: str | None) -> str:
    """Validate an industry key given by a user (e.g. `--industry`); returns it lower-cased.

    >>> check_industry("Banking")
    'banking'
    >>> check_industry("banks")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: unknown industry 'banks': use one of banking, software_internet, ...
    """
    key = (industry or "").strip().lower()
    if key not in INDUSTRIES:
        raise InputError(f"unknown industry {industry!r}: use one of {', '.join(INDUSTRIES)}")
    return key


__all__ = ["Band", "Benchmark", "IndustryBenchmarks", "MEASURES", "benchmark", "benchmark_table",
           "benchmarks", "check_industry", "industry_benchmarks", "industry_for_sic"]
