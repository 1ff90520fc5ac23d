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


# --- the company kind -------------------------------------------------------------------------

KINDS: dict[str, str] = {
    "operating": "operating company",
    "bank": "bank",
    "insurer": "insurer",
    "other_financial": "other financial company",
}
# SEC SIC ranges of financial companies (inclusive): depository and non-depository credit
# institutions and security brokers are read as banks (their statements have net interest
# income, noninterest income and a provision), insurance carriers, agents and brokers as
# insurers, holding and other investment offices (trusts, REITs, blank checks) as other
# financial companies. Real estate (6500-6599) is an operating business.
KIND_SIC_RANGES = ((6000, 6299, "bank"), (6300, 6499, "insurer"), (6700, 6799, "other_financial"))
# line items that only a bank or an insurer reports (the items fallback)
_BANK_SIGNS = ("deposits", "loans_net", "allowance_for_loan_losses", "noninterest_income",
               "provision_for_credit_losses", "total_net_revenue")
_INSURER_SIGNS = ("premiums_earned", "benefits_and_claims")
# words of a vendor's industry name (Yahoo: "Banks - Diversified", "Insurance - Life")
_KIND_WORDS = (("bank", "bank"), ("savings", "bank"), ("thrift", "bank"), ("insurance", "insurer"),
               ("reinsurance", "insurer"), ("capital markets", "other_financial"),
               ("asset management", "other_financial"), ("mortgage finance", "other_financial"),
               ("reit", "other_financial"), ("shell compan", "other_financial"))


def check_kind(kind) -> str:
    """`kind` in lower case when it is one of `KINDS` ("financial" and "operating company"
    are read too), else ValueError naming the choices.

    >>> check_kind("Bank"), check_kind("other financial")
    ('bank', 'other_financial')
    """
    text = str(kind or "").strip().lower().replace("-", " ").replace("_", " ")
    text = {"operating company": "operating", "financial": "other_financial",
            "insurance": "insurer"}.get(text, text).replace(" ", "_")
    if text not in KINDS:
        raise ValueError(f"unknown company kind {kind!r}: use one of {', '.join(KINDS)}")
    return text


def _kind_of_sic(sic) -> str | None:
    try:
        code = int(float(sic))
    except (TypeError, ValueError):
        return None
    for lo, hi, kind in KIND_SIC_RANGES:
        if lo <= code <= hi:
            return kind
    return "operating"


def _kind_of_items(items_present) -> str | None:
    present = set(items_present or ())
    if present & set(_BANK_SIGNS):
        return "bank"
    if present & set(_INSURER_SIGNS):
        return "insurer"
    return None


def company_kind(industry: str = "", sic=None, items_present=()) -> str:
    """What kind of company this is: "bank", "insurer", "other_financial" or "operating".

    In order: the SEC SIC code (`KIND_SIC_RANGES`; a bank-like holding company of 6700-6799
    that reports deposits or noninterest income is a bank), the industry (the key "banking",
    Banking and financial services, is a bank unless the items are an insurer's; a vendor's
    industry name such as "Banks - Regional" or "Insurance - Life" is read by its words), then
    the line items present (deposits, loans, noninterest income, a provision for credit losses
    or total net revenue: a bank; premiums earned, benefits and claims: an insurer).

    >>> company_kind(sic=6021), company_kind(sic=6311), company_kind(sic=3674)
    ('bank', 'insurer', 'operating')
    >>> company_kind("banking"), company_kind("Insurance - Life"), company_kind("retail")
    ('bank', 'insurer', 'operating')
    >>> company_kind(items_present={"revenue", "deposits"}), company_kind(items_present={"revenue"})
    ('bank', 'operating')
    """
    by_items = _kind_of_items(items_present)
    by_sic = _kind_of_sic(sic)
    if by_sic is not None:
        return by_items if by_sic == "other_financial" and by_items else by_sic
    text = str(industry or "").strip().lower()
    if text == "banking":
        return by_items or "bank"
    if text in INDUSTRIES:
        return "operating"
    for word, kind in _KIND_WORDS:
        if word in text:
            return kind
    return by_items or "operating"


__all__ = ["INDUSTRIES", "KINDS", "check_kind", "company_kind", "industry_for_sic", "sic_ranges"]


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
