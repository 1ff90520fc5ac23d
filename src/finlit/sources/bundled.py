"""The bundled companies: real public companies and a fictional teaching company.

Each company is two files in the package data folder `companies/`
(the repository's `data/companies/`; the format is documented in data/README.md):

- `<TICKER>.toml`: who the company is and the filings its figures come from;
- `<TICKER>.csv`: one row per value, with its provenance. Per-share figures that finlit
  restated for a share split (`finlit.sources.splits`) say so in their ``source_key`` and are
  marked derived on load.

>>> "AAPL" in [c.ticker for c in bundled_companies()]
True
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

import pandas as pd

from ..company import Company, CompanyInfo
from ..display import CompanyList
from ..errors import InputError
from ..industries import check_kind, company_kind
from .kinds import build_company, with_kind
from .registry import register
from .splits import is_split_adjusted

FACT_FILE_COLUMNS = ["line_item", "fiscal_year", "period_end", "value", "source", "source_key", "filing", "flipped"]


def data_dir():
    """The folder of the bundled company files (a Traversable)."""
    return files("finlit.data") / "companies"


def info_from_toml(text: str) -> CompanyInfo:
    """Parse a company's metadata file. Its optional ``kind`` ("bank" …) is kept; without it
    the kind comes from the industry (`finlit.industries.company_kind`: "banking" is a bank)."""
    meta = tomllib.loads(text)
    return CompanyInfo(
        ticker=meta["ticker"], name=meta["name"], industry=meta.get("industry", ""),
        currency=meta.get("currency", "USD"), fiscal_year_end=meta.get("fiscal_year_end", ""),
        fictional=bool(meta.get("fictional", False)), description=meta.get("description", ""),
        source=meta.get("source", ""), filings=tuple(meta.get("filings", ())),
        notes=tuple(meta.get("notes", ())),
        kind=check_kind(meta["kind"]) if meta.get("kind") else company_kind(meta.get("industry", "")))


@lru_cache(maxsize=None)
def bundled_companies() -> tuple[CompanyInfo, ...]:
    """Metadata of every bundled company, sorted by ticker."""
    infos = [info_from_toml(p.read_text(encoding="utf-8"))
             for p in data_dir().iterdir() if p.name.endswith(".toml")]
    return tuple(sorted(infos, key=lambda i: (i.fictional, i.ticker)))


def _find(ticker: str) -> CompanyInfo:
    wanted = ticker.strip().upper()
    for info in bundled_companies():
        if info.ticker.upper() == wanted:
            return info
    raise InputError(f"unknown ticker {ticker!r}: run `finlit companies` to list the bundled companies")


@lru_cache(maxsize=64)
def _load(ticker: str) -> Company:
    info = _find(ticker)
    with (data_dir() / f"{info.ticker}.csv").open(encoding="utf-8") as fh:
        facts = pd.read_csv(fh, dtype={"source_key": str, "filing": str, "source": str})
    facts["currency"] = info.currency
    filed = {f["accession"]: str(f.get("filed", "")) for f in info.filings if f.get("accession")}
    facts["filed"] = [filed.get(a, "") for a in facts["filing"]]
    facts["derived"] = facts["source_key"].map(is_split_adjusted).astype(bool)  # restated for a split
    return build_company(info, facts, kind=info.kind)


def load_bundled(ticker: str) -> Company:
    """A bundled company by ticker (case-insensitive). Loaded once per process.

    >>> load_bundled("aapl").value("revenue", 2023) / 1e6
    383285.0
    """
    return _load(_find(ticker).ticker)


def companies() -> CompanyList:
    """The bundled companies as a table (`print()` it, or show it in a notebook; `.frame`
    for a DataFrame; iterate for their `CompanyInfo`s).

    >>> table = companies()
    >>> len(table) >= 10, str(table).split()[:2]
    (True, ['ticker', 'name'])
    """
    infos = bundled_companies()
    return CompanyList(infos, {i.ticker: load_bundled(i.ticker).years for i in infos})


class BundledSource:
    name = "bundled"
    description = "companies shipped with finlit (offline)"

    def load(self, target: str, period: str = "annual", **options) -> Company:
        if period != "annual":
            raise InputError("bundled data is annual only: use --source sec or yahoo for "
                             "quarterly figures")
        return with_kind(load_bundled(target), options.get("kind"))


register(BundledSource())
