"""Peer view: disclosed IT expense as % of revenue across the banks of one SEC Financial
Statement Data Set quarter (FINANCE.md §4).

Banks often tag ``InformationTechnologyAndDataProcessing`` or
``CommunicationsAndInformationTechnology`` in their 10-Q/10-K. For each filing of a bank
(SIC mapped to ``banking`` by data/sic_map.csv) that tags one of them for its own period
(the quarter or year it reports, not a comparative), this view divides it by revenue of
the same period: ``Revenues`` when tagged, else net interest income + noninterest income
(a bank's total net revenue), and records which.

Example: Bank of America, quarter ended 2010-03-31, IT and data processing 648 of
revenues 31,969 ($ millions) = 2.0%.

The data set is read with `finlit.sources.fsds.read_fsds`; a minimal reader of sub.txt and
num.txt (`_read_minimal`) remains as a fallback for installs without that module.

`peer_summary` puts the peers in a few numbers for the IT view of a bank (`finlit itspend`,
the IT paragraph): how many banks, the period, the median and quartiles of their shares (one
data set's own range), and the company's own row when it is among them. The data set is a
file the user has, named by the environment variable ``FINLIT_FSDS`` (`peers_path`, which
`finlit itspend` reads for a bank). Most of these banks tag ``CommunicationsAndInformationTechnology``,
a line like JPMorgan's "technology, communications and equipment": a peer share compares
with the reported technology line, not with a stated budget.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..numbers import percent_words
from .benchmarks import industry_for_sic

IT_TAGS = ("InformationTechnologyAndDataProcessing", "CommunicationsAndInformationTechnology")
REVENUE_TAGS = ("Revenues", "InterestIncomeExpenseNet", "NoninterestIncome")
PEER_COLUMNS = ["name", "cik", "sic", "form", "adsh", "period_end", "quarters", "it_expense", "it_tag",
                "revenue", "revenue_basis", "it_pct_revenue", "reason"]


def _read_minimal(path) -> pd.DataFrame:
    """sub.txt ⋈ num.txt for the tags this view needs (no segments, no co-registrants)."""
    try:
        zf = zipfile.ZipFile(path)
    except (FileNotFoundError, IsADirectoryError):
        raise InputError(f"SEC data set not found: {path}: check the path") from None
    except zipfile.BadZipFile:
        raise InputError(f"{path} is not a zip file: give an SEC Financial Statement Data Set "
                         "zip (sub.txt, num.txt …)") from None
    with zf:
        names = set(zf.namelist())
        if not {"sub.txt", "num.txt"} <= names:
            raise InputError(f"{path}: sub.txt or num.txt missing: not an SEC Financial Statement "
                             "Data Set")
        sub = pd.read_csv(zf.open("sub.txt"), sep="\t", dtype=str,
                          usecols=["adsh", "cik", "name", "sic", "form", "period"])
        wanted = set(IT_TAGS) | set(REVENUE_TAGS)
        chunks = []
        for chunk in pd.read_csv(zf.open("num.txt"), sep="\t", dtype=str, chunksize=200_000,
                                 usecols=["adsh", "tag", "ddate", "qtrs", "uom", "value", "coreg",
                                          "segments"] if _has_segments(zf) else
                                 ["adsh", "tag", "ddate", "qtrs", "uom", "value", "coreg"]):
            chunks.append(chunk[chunk["tag"].isin(wanted)])
    num = pd.concat(chunks, ignore_index=True)
    if "segments" in num:
        num = num[num["segments"].isna()]
    num = num[num["coreg"].isna()]
    facts = num.merge(sub, on="adsh", how="inner")
    facts["value"] = pd.to_numeric(facts["value"], errors="coerce")
    facts["period_end"] = pd.to_datetime(facts["ddate"], format="%Y%m%d", errors="coerce")
    facts["period"] = pd.to_datetime(facts["period"], format="%Y%m%d", errors="coerce")
    facts["qtrs"] = pd.to_numeric(facts["qtrs"], errors="coerce")
    return facts


def _has_segments(zf) -> bool:
    with zf.open("num.txt") as fh:
        return "segments" in fh.readline().decode("utf-8", "replace").split("\t")


def _from_fsds_module(path) -> pd.DataFrame | None:
    """The facts through `finlit.sources.fsds.read_fsds` (None when that module is absent)."""
    try:
        from ..sources.fsds import read_fsds
    except ImportError:
        return None
    facts = read_fsds(path)
    needed = {"adsh", "cik", "name", "sic", "form", "tag", "period", "period_end", "qtrs", "value"}
    if not needed <= set(facts.columns):
        return None  # a different shape than expected: fall back to the minimal reader
    facts = facts[facts["tag"].isin(set(IT_TAGS) | set(REVENUE_TAGS))].copy()
    facts["period_end"] = pd.to_datetime(facts["period_end"])
    facts["period"] = pd.to_datetime(facts["period"])
    return facts


def bank_it_peers(path, industry: str = "banking") -> pd.DataFrame:
    """Disclosed IT expense as % of revenue for every filer of `industry` (by SIC) in a data set.

    One row per filing that tags IT expense for its own period (the longest such period
    when a 10-Q reports both the quarter and the year to date … the quarter is kept:
    the shortest period, to compare like with like). `reason` explains a missing share.
    Rows are sorted by the share, highest first.
    """
    path = Path(path)
    facts = _from_fsds_module(path)
    if facts is None:
        facts = _read_minimal(path)
    facts = facts[facts["sic"].map(industry_for_sic) == industry]
    facts = facts[facts["period_end"] == facts["period"]]  # the filing's own period
    rows = []
    for (adsh, qtrs), g in facts.groupby(["adsh", "qtrs"]):
        it = g[g["tag"].isin(IT_TAGS)]
        if it.empty:
            continue
        first = g.iloc[0]
        it_row = min(it.itertuples(), key=lambda r: IT_TAGS.index(r.tag))
        by_tag = g.groupby("tag")["value"].first()
        if pd.notna(by_tag.get("Revenues")):
            revenue, basis = float(by_tag["Revenues"]), "Revenues"
        elif pd.notna(by_tag.get("InterestIncomeExpenseNet")) and pd.notna(by_tag.get("NoninterestIncome")):
            revenue = float(by_tag["InterestIncomeExpenseNet"] + by_tag["NoninterestIncome"])
            basis = "InterestIncomeExpenseNet+NoninterestIncome"
        else:
            revenue, basis = float("nan"), ""
        share, reason = float("nan"), None
        if revenue != revenue:
            reason = "revenue not tagged (neither Revenues nor net interest + noninterest income)"
        elif revenue <= 0:
            reason = "revenue is zero or negative: the share is not meaningful"
        else:
            share = float(it_row.value) / revenue
        rows.append({"name": first["name"], "cik": str(first["cik"]), "sic": str(first["sic"]),
                     "form": first["form"], "adsh": adsh, "period_end": first["period_end"].date(),
                     "quarters": int(qtrs), "it_expense": float(it_row.value), "it_tag": it_row.tag,
                     "revenue": revenue, "revenue_basis": basis, "it_pct_revenue": share,
                     "reason": reason})
    out = pd.DataFrame(rows, columns=PEER_COLUMNS)
    if out.empty:
        return out
    # one row per filing: the shortest period (the quarter) to compare like with like
    out = out.sort_values(["adsh", "quarters"]).drop_duplicates("adsh", keep="first")
    out = out.sort_values("it_pct_revenue", ascending=False, na_position="last").reset_index(drop=True)
    out["it_pct_revenue"] = out["it_pct_revenue"].astype(float).where(np.isfinite(out["it_pct_revenue"]))
    return out


PEERS_VARIABLE = "FINLIT_FSDS"
_SUFFIXES = {"CORP", "CORPORATION", "CO", "INC", "DE", "NEW", "THE", "GROUP", "COMPANY", "NA"}


def peers_path(given=None) -> Path | None:
    """The SEC data set for the peer view: the path given, else ``$FINLIT_FSDS``, else None."""
    given = given or os.environ.get(PEERS_VARIABLE)
    return Path(given) if given else None


@dataclass(frozen=True)
class PeerSummary:
    """Banks that tag IT expense in one SEC data set, in a few numbers (shares of revenue of the
    period each filing reports, mostly one quarter)."""

    data_set: str            # the file's name, e.g. fsds_2010q2.zip
    period: str              # the most common period end, e.g. "2010-03-31"
    quarters: int            # its length in quarters (1 for a 10-Q)
    count: int               # banks with a share
    median: float
    low: float               # lower quartile
    high: float              # upper quartile
    company_share: float | None = None   # the company's own share when it is in the set
    company_row: str | None = None       # its name in the data set

    def text(self) -> str:
        """One line: 'median 4.3% of revenue (quartiles 3.9%–4.5%) for 13 filers …'.

        >>> PeerSummary("fsds_2010q2.zip", "2010-03-31", 1, 13, 0.0433, 0.0387, 0.0451).text()
        'median 4.3% of revenue (quartiles 3.9%–4.5%) for 13 banks and financial companies that tag IT expense, quarter ended 2010-03-31 (SEC Financial Statement Data Set fsds_2010q2.zip)'
        """
        span = "quarter" if self.quarters == 1 else f"{self.quarters} quarters"
        return (f"median {percent_words(self.median)} of revenue (quartiles {percent_words(self.low)}–"
                f"{percent_words(self.high)}) for {self.count} banks and financial companies that "
                f"tag IT expense, {span} ended {self.period} (SEC Financial Statement Data Set "
                f"{self.data_set})")


def _name_key(name: str) -> str:
    words = re.sub(r"[^A-Z0-9 ]", " ", str(name).upper()).split()
    while words and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


def peer_summary(path, company_name: str | None = None, industry: str = "banking"
                 ) -> PeerSummary | None:
    """The peers of `bank_it_peers(path)` in a few numbers, or None when no bank has a share.
    The company's own share is picked out by name ("JPMorgan Chase & Co." matches
    "JPMORGAN CHASE & CO")."""
    peers = bank_it_peers(path, industry)
    shares = peers.dropna(subset=["it_pct_revenue"])
    if shares.empty:
        return None
    period = shares["period_end"].astype(str).mode().iloc[0]
    quarters = int(shares.loc[shares["period_end"].astype(str) == period, "quarters"].mode().iloc[0])
    own, own_name = None, None
    if company_name:
        key = _name_key(company_name)
        match = shares[shares["name"].map(_name_key) == key]
        if len(match):
            own, own_name = float(match["it_pct_revenue"].iloc[0]), str(match["name"].iloc[0])
    values = shares["it_pct_revenue"].astype(float)
    return PeerSummary(Path(path).name, period, quarters, int(len(values)), float(values.median()),
                       float(values.quantile(0.25)), float(values.quantile(0.75)), own, own_name)


__all__ = ["IT_TAGS", "PEERS_VARIABLE", "PEER_COLUMNS", "PeerSummary", "bank_it_peers", "peer_summary",
           "peers_path"]
