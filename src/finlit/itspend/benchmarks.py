"""Published IT-spend benchmarks as data (FINANCE.md §4), and which ones fit an industry.

Three data files ship in `finlit.data` (the repository's `data/`, documented in
data/README.md):

- ``it_benchmarks.csv``: every published figure with its scope, statistic (median or
  mean), measure (share of revenue, share of operating expenses, per employee, per
  user), value, data year, source and definition;
- ``industry_map.csv``: for each industry key of `finlit.industries.INDUSTRIES`, the
  benchmark used for an estimate, the published shares of revenue shown beside the
  company's (each a separate point), a band when one survey publishes its own range for
  the industry, and the share-of-opex and per-employee benchmarks;
- ``sic_map.csv``: SEC SIC code ranges → industry key (the narrowest range wins), read by
  `finlit.industries.industry_for_sic` (re-exported here).

Every figure is labelled for what it is: its scope (all industries, or one industry), its
statistic (median or mean), its survey and its data year. Figures of different surveys or
years measure different things, so they are never joined into a band: a `Band` is one
survey's own range (say its quartiles) for one year, and anything else is shown as
separate points.

>>> b = benchmark("gartner_all_revenue_2020")
>>> b.value, b.statistic, b.source, b.data_year
(0.028, 'median', 'Gartner IT Key Metrics Data 2021', '2020')
>>> b.citation()
'median for all industries, Gartner IT Key Metrics Data 2021, data year 2020'
>>> industry_for_sic(6021), industry_for_sic(3674), industry_for_sic("2834")
('banking', 'technology_hardware', 'healthcare')
>>> ib = industry_benchmarks("manufacturing")
>>> [f.value_text() for f in ib.figures], ib.band    # two surveys: two points, no band
(['2.8%', '3.4%'], None)
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
    "pct_opex": ("IT spend as a share of operating expenses as the source defines them (not "
                 "finlit's total operating costs, revenue − operating income)"),
    "per_employee": "IT spend per employee",
    "per_user": "IT spend per computer user",
}
# a band is made of one survey's own quartiles; medians and means are points
STATISTICS = ("median", "mean", "lower quartile", "upper quartile")
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

    @property
    def all_industries(self) -> bool:
        """True for a figure over every industry (Gartner's 2.8%), False for one industry."""
        return self.industry == FALLBACK

    def what(self) -> str:
        """The statistic and its scope: 'median for all industries', 'mean for manufacturing'."""
        return f"{self.statistic} for {self.scope}"

    def year_text(self) -> str:
        """'data year 2020', or 'data year not stated'."""
        return "data year not stated" if self.data_year == "n.d." else f"data year {self.data_year}"

    def citation(self) -> str:
        """Statistic, scope, survey and data year in one phrase, for labels and footnotes."""
        return f"{self.what()}, {self.source}, {self.year_text()}"

    def value_text(self) -> str:
        """The value as people read it: '2.8%' or '9,820 USD'."""
        if self.unit == "fraction":
            return f"{self.value * 100:.3g}%"
        return f"{self.value:,.0f} {self.unit}"

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Band:
    """One survey's own range of IT spend as a share of revenue (e.g. its quartiles) for one
    data year and one scope. Figures of different surveys, years or scopes are not a band:
    building one from them raises ValueError (show them as separate points instead)."""

    low: float
    high: float
    benchmarks: tuple  # the Benchmark rows, lowest value first

    def __post_init__(self):
        rows = self.benchmarks
        keys = {(b.source, b.data_year, b.scope, b.measure) for b in rows}
        if len(rows) < 2 or len(keys) != 1:
            raise ValueError("a band needs two or more figures of one survey, data year and scope: "
                             + "; ".join(b.benchmark_id for b in rows))

    @classmethod
    def of(cls, rows) -> "Band":
        rows = sorted(rows, key=lambda b: b.value)
        return cls(rows[0].value, rows[-1].value, tuple(rows))

    def label(self) -> str:
        return f"{self.low * 100:.3g}%–{self.high * 100:.3g}%"

    def sources(self) -> str:
        """'2.1%–3.5%: lower quartile and upper quartile for …, <survey>, data year …'."""
        first = self.benchmarks[0]
        stats = " and ".join(b.statistic for b in self.benchmarks)
        return f"{self.label()}: {stats} for {first.scope}, {first.source}, {first.year_text()}"


@dataclass(frozen=True)
class IndustryBenchmarks:
    """The benchmarks finlit uses for one industry (from industry_map.csv).

    `figures` are every published share of revenue shown beside a company's, each a
    separate point with its own source; `band` is set only when one survey publishes its
    own range for the industry. A company's share is compared with `reference`: the band
    when there is one, else the estimate's figure (a point).
    """

    industry: str          # the key asked for (may be "" or unknown)
    mapped_to: str         # the industry_map row used ("all" when the industry has none)
    estimate: Benchmark    # share of revenue used for an estimate
    figures: tuple         # Benchmark rows (shares of revenue), lowest value first
    band: Band | None
    pct_opex: Benchmark | None
    per_employee: Benchmark | None
    note: str

    @property
    def reference(self) -> Band | Benchmark:
        """What a company's share is compared with: the one-survey band, else a point."""
        return self.band if self.band is not None else self.estimate

    def figures_text(self) -> str:
        """Every figure with its citation: '2.8% (median for all industries, …); 3.4% (…)'."""
        return "; ".join(f"{b.value_text()} ({b.citation()})" for b in self.figures)


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


def _ids(cell: str) -> list[str]:
    return [b for b in cell.split(";") if b]


@lru_cache(maxsize=None)
def _industry_rows() -> dict[str, dict]:
    """industry_map.csv by industry, checked: known ids, the estimate among the figures,
    shares of revenue only, and a band only from one survey, year and scope."""
    rows = {r["industry"]: r for r in _read("industry_map.csv")}
    table = benchmarks()
    for key, row in rows.items():
        ids = [row["estimate"], row["pct_opex"], row["per_employee"], *_ids(row["figures"]),
               *_ids(row["band"])]
        for bid in filter(None, ids):
            if bid not in table:
                raise ValueError(f"industry_map.csv: {key}: unknown benchmark {bid!r}")
        shares = [table[b] for b in _ids(row["figures"]) + _ids(row["band"])]
        if row["estimate"] not in _ids(row["figures"]) or any(b.measure != "pct_revenue" for b in shares):
            raise ValueError(f"industry_map.csv: {key}: the figures must be shares of revenue "
                             "and include the estimate's")
        if row["band"]:
            try:
                Band.of(table[b] for b in _ids(row["band"]))
            except ValueError as e:
                raise ValueError(f"industry_map.csv: {key}: {e}") from None
    return rows


def industry_benchmarks(industry: str | None) -> IndustryBenchmarks:
    """The benchmarks for an industry key; an unknown or empty key gets the all-industries row.

    >>> ib = industry_benchmarks("technology_hardware")
    >>> ib.estimate.benchmark_id, ib.reference.benchmark_id, [f.value_text() for f in ib.figures]
    ('gartner_all_revenue_2020', 'gartner_all_revenue_2020', ['2.8%', '4.25%'])
    >>> industry_benchmarks("").mapped_to
    'all'
    """
    key = (industry or "").strip().lower()
    rows = _industry_rows()
    row = rows.get(key) or rows[FALLBACK]
    table = benchmarks()
    figures = tuple(sorted((table[b] for b in _ids(row["figures"])), key=lambda b: b.value))
    band = Band.of(table[b] for b in _ids(row["band"])) if row["band"] else None
    return IndustryBenchmarks(
        industry=key, mapped_to=row["industry"], estimate=table[row["estimate"]], figures=figures,
        band=band, pct_opex=table.get(row["pct_opex"]) if row["pct_opex"] else None,
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
