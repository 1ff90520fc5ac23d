"""SEC Financial Statement Data Sets: every filer of a quarter's zip, in the canonical model.

A data set (https://www.sec.gov/dera/data/financial-statement-data-sets) is a zip of
tab-separated files: ``sub.txt`` (one row per filing: adsh, cik, name, sic, form, period, fy,
fp, filed …), ``num.txt`` (one row per value: adsh, tag, version, ddate, qtrs, uom, segments,
coreg, value), ``pre.txt`` and ``tag.txt``. The daily sets have the same files with fewer
columns. Only ``sub.txt`` and ``num.txt`` are read.

- `read_fsds` (path) → every fact of the consolidated entity (no ``coreg``, no ``segments``)
  with the filing's company columns, and ``line_item`` where the tag maps to a canonical item
  through the same map as companyfacts (``mappings/sec_tags.csv``; us-gaap and ifrs-full);
- `filers` (path) → one row per filing (cik, name, sic, form, period) for listing;
- `load_fsds` (path, company, period) → a `Company`: annual from 10-K/20-F/40-F (flows of
  4 quarters), quarterly from 10-Q (flows of 1 quarter); balances are ``qtrs == 0`` values at
  the dates of those flows; per tag and date the latest filing wins, per item and date the
  first priority of the tag map. A quarter's data set holds one 10-Q per company, so cash
  flows (reported year to date in a 10-Q) are missing from quarterly figures except in Q1.
- `load_all` (path, period) → every filer with such filings, read once (peer comparisons).

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("sub.txt", "adsh\\tcik\\tname\\tsic\\tform\\tperiod\\tfy\\tfp\\tfiled\\tfye\\n"
...                "0001-10-1\\t42\\tEXAMPLE CORP\\t7372\\t10-K\\t20091231\\t2009\\tFY\\t20100301\\t1231\\n")
...     z.writestr("num.txt", "adsh\\ttag\\tversion\\tddate\\tqtrs\\tuom\\tcoreg\\tvalue\\tfootnote\\n"
...                "0001-10-1\\tRevenues\\tus-gaap/2009\\t20091231\\t4\\tUSD\\t\\t120.0\\t\\n"
...                "0001-10-1\\tAssets\\tus-gaap/2009\\t20091231\\t0\\tUSD\\t\\t300.0\\t\\n")
>>> load_fsds(buf, "example").value("revenue", 2009)
120.0
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections import defaultdict
from os import PathLike

import pandas as pd

from ..company import Company, CompanyInfo, make_facts
from ..errors import InputError
from ..industries import industry_for_sic
from ..items import ITEMS
from ..periods import fiscal_year, fiscal_year_of
from .kinds import build_company
from .sec_companyfacts import ANNUAL_FORMS, combine, fiscal_year_end_of, pick_tags, tag_mapping

SOURCE = "sec-fsds"
FACT_COLUMNS = ["adsh", "cik", "name", "sic", "form", "fy", "fp", "period", "tag", "version",
                "ddate", "qtrs", "uom", "value", "line_item", "period_end", "filed", "fye"]
FILER_COLUMNS = ["cik", "name", "sic", "form", "period", "fy", "fp", "adsh", "filed"]
QUARTERLY_FORMS = frozenset({"10-Q", "10-Q/A"})
SUB_REQUIRED = ("adsh", "cik", "name", "form", "period")
NUM_REQUIRED = ("adsh", "tag", "version", "ddate", "qtrs", "uom", "value")
MEMBER_VARIABLE = "FINLIT_MAX_ZIP_MEMBER_MB"
MAX_MEMBER_MB = 1000   # megabytes unpacked per member (see `max_member_bytes`)
MAX_RATIO = 100        # unpacked / packed size beyond which a member is a zip bomb

PathOrFile = str | PathLike | io.IOBase


def _open_zip(path: PathOrFile) -> zipfile.ZipFile:
    name = str(path) if isinstance(path, (str, PathLike)) else "the data set"
    if isinstance(path, (str, PathLike)) and not os.path.exists(path):
        raise InputError(f"file not found: {name}: check the path")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(f"{name} is not an SEC Financial Statement Data Set: not a zip file") from None
    except OSError as error:  # a folder, a file the user may not read
        raise InputError(f"{name} cannot be read as an SEC Financial Statement Data Set "
                         f"({error.strerror or error}): give the path of the data set zip") from None
    names = {n.rsplit("/", 1)[-1]: n for n in archive.namelist()}
    missing = [n for n in ("sub.txt", "num.txt") if n not in names]
    if missing:
        raise InputError(f"{name} is not an SEC Financial Statement Data Set: "
                         f"no {' or '.join(missing)} in the zip")
    archive.members = names  # type: ignore[attr-defined]
    archive.where = name  # type: ignore[attr-defined]
    return archive


def max_member_bytes() -> int:
    """The largest zip member finlit reads, in bytes: ``$FINLIT_MAX_ZIP_MEMBER_MB`` megabytes
    (default `MAX_MEMBER_MB`, 1000 MB).

    The SEC's quarterly data sets have a ``num.txt`` of 15 MB (2010 Q2) to a few hundred MB
    (recent quarters); reading one takes about five times its size in memory, so 1 GB is
    about 5 GB of memory. A member past the limit is refused before anything is read.

    >>> max_member_bytes() == MAX_MEMBER_MB * 1_000_000 or MEMBER_VARIABLE in os.environ
    True
    """
    from .sec import _setting

    return int(_setting(MEMBER_VARIABLE, MAX_MEMBER_MB, "a number of megabytes") * 1_000_000)


def _size(n: int) -> str:
    """A size for messages: "1,024 MB", "162 bytes"."""
    return f"{n / 1e6:,.0f} MB" if n >= 1_000_000 else f"{n:,} bytes"


def _check_member(info: zipfile.ZipInfo, where: str) -> None:
    """Refuse a member larger than `max_member_bytes`, or one that unpacks more than
    `MAX_RATIO` times its packed size (a zip bomb: real data sets pack 3 to 15 times)."""
    limit = max_member_bytes()
    if info.file_size > limit:
        raise InputError(
            f"{where}: {info.filename} unpacks to {_size(info.file_size)}, more than the "
            f"{_size(limit)} finlit reads from a data set: if the file is genuine, set "
            f"{MEMBER_VARIABLE} to a larger number of megabytes")
    if info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise InputError(
            f"{where}: {info.filename} unpacks to {info.file_size / 1e6:,.0f} MB from "
            f"{info.compress_size / 1e6:,.1f} MB, {info.file_size // max(info.compress_size, 1):,} "
            f"times its packed size (SEC data sets pack 3 to 15 times): not a genuine data set; "
            "download it again from sec.gov")


def _read_table(archive: zipfile.ZipFile, member: str, usecols, required=()) -> pd.DataFrame:
    """One tab-separated member, the columns of `usecols` that it has; InputError (one line)
    for a member too large, a missing required column or a damaged member."""
    where = getattr(archive, "where", "the data set")
    info = archive.getinfo(archive.members[member])  # type: ignore[attr-defined]
    _check_member(info, where)
    try:
        with archive.open(info) as fh:
            header = fh.readline().decode("utf-8", errors="replace").rstrip("\r\n").split("\t")
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(
                    f"{where}: {member} has no column {', '.join(missing)} (its header: "
                    f"{', '.join(header[:8])[:120]}): not an SEC Financial Statement Data Set, or "
                    "a damaged one; download it again from sec.gov")
        with archive.open(info) as fh:
            return pd.read_csv(fh, sep="\t", dtype=str, keep_default_na=False, na_values=[],
                               usecols=lambda c: c in usecols, quoting=3, encoding="utf-8",
                               encoding_errors="replace", engine="c")
    except (zipfile.BadZipFile, zlib.error, EOFError, pd.errors.ParserError,
            pd.errors.EmptyDataError, NotImplementedError) as error:
        raise InputError(f"{where}: {member} cannot be read ({type(error).__name__}: "
                         f"{str(error)[:120]}): download the data set again from sec.gov") from None


def _subs(archive: zipfile.ZipFile) -> pd.DataFrame:
    sub = _read_table(archive, "sub.txt", {"adsh", "cik", "name", "sic", "form", "period", "fy",
                                           "fp", "filed", "fye"}, SUB_REQUIRED)
    for column in ("sic", "fy", "fp", "fye", "filed"):
        if column not in sub:
            sub[column] = ""
    sub["cik"] = pd.to_numeric(sub["cik"], errors="coerce").astype("Int64")
    sub["sic"] = pd.to_numeric(sub["sic"], errors="coerce").astype("Int64")
    sub["fy"] = pd.to_numeric(sub["fy"], errors="coerce").astype("Int64")
    sub["period"] = pd.to_datetime(sub["period"], format="%Y%m%d", errors="coerce")
    sub["filed"] = pd.to_datetime(sub["filed"], format="%Y%m%d", errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    fye = sub["fye"].str.strip().str.zfill(4)
    sub["fye"] = (fye.str[:2] + "-" + fye.str[2:]).where(fye.str.fullmatch(r"\d{4}") & (fye != "0000"), "")
    return sub


def _tag_items() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for item, _prio, taxonomy, tag, _sign in tag_mapping():
        out.setdefault((taxonomy, tag), item)
    return out


def read_fsds(path: PathOrFile) -> pd.DataFrame:
    """Every fact of a data set zip: one row per value of the consolidated entity.

    Columns: adsh, cik, name, sic, form, fy, fp, period (the filing's balance-sheet date),
    tag, version, ddate (the value's date), qtrs (0 for balances, else the number of quarters
    the flow covers), uom, value, line_item (the canonical item of the tag, or ""), plus
    period_end (= ddate), filed ("YYYY-MM-DD") and fye (the fiscal-year end, "MM-DD" or "").
    Dates are Timestamps; values as filed (full units).
    """
    with _open_zip(path) as archive:
        sub = _subs(archive)
        num = _read_table(archive, "num.txt", {"adsh", "tag", "version", "ddate", "qtrs", "uom",
                                               "segments", "coreg", "value"}, NUM_REQUIRED)
    keep = num["coreg"] == "" if "coreg" in num else pd.Series(True, index=num.index)
    if "segments" in num:
        keep &= num["segments"] == ""
    num = num[keep & (num["value"] != "")]
    num = num.drop(columns=[c for c in ("coreg", "segments") if c in num])
    num["value"] = pd.to_numeric(num["value"], errors="coerce")
    num["qtrs"] = pd.to_numeric(num["qtrs"], errors="coerce").astype("Int64")
    num["ddate"] = pd.to_datetime(num["ddate"], format="%Y%m%d", errors="coerce")
    num = num[num["value"].notna() & num["ddate"].notna()]
    taxonomy = num["version"].str.split("/", n=1).str[0].map({"us-gaap": "us-gaap", "ifrs": "ifrs-full"})
    items = _tag_items()
    num["line_item"] = [items.get((t, g), "") for t, g in zip(taxonomy.fillna(""), num["tag"])]
    facts = num.merge(sub, on="adsh", how="inner")
    facts["period_end"] = facts["ddate"]
    return facts[FACT_COLUMNS].reset_index(drop=True)


def filers(path: PathOrFile) -> pd.DataFrame:
    """One row per filing of a data set: cik, name, sic, form, period, fy, fp, adsh, filed.

    Sorted by name and period.
    """
    with _open_zip(path) as archive:
        sub = _subs(archive)
    return sub[FILER_COLUMNS].sort_values(["name", "period"], kind="stable").reset_index(drop=True)


def _forms(period: str) -> frozenset:
    if period == "annual":
        return ANNUAL_FORMS
    if period == "quarterly":
        return QUARTERLY_FORMS
    raise InputError(f"period {period!r} is not available from a Financial Statement Data Set: "
                     "use annual or quarterly")


def _prepare(path: PathOrFile, period: str, facts: pd.DataFrame | None
             ) -> tuple[frozenset, str, pd.DataFrame]:
    """The forms `period` needs, the data set's name for messages, and its facts (read once)."""
    forms = _forms(period)
    where = os.path.basename(str(path)) if isinstance(path, (str, PathLike)) else "the data set"
    return forms, where, read_fsds(path) if facts is None else facts


def find_filer(subs: pd.DataFrame, company: str | int, where: str = "the data set") -> int:
    """The CIK of `company`: a CIK, or a case-insensitive name substring matching one filer."""
    text = str(company).strip()
    digits = text.upper().removeprefix("CIK")
    if digits.isdigit():
        cik = int(digits)
        if cik not in set(subs["cik"].dropna().astype(int)):
            raise InputError(f"CIK {cik} has no filing in {where}: run the filer listing to see who has")
        return cik
    names = subs.drop_duplicates("cik")[["cik", "name"]]
    hits = names[names["name"].str.contains(text, case=False, regex=False)]
    if len(hits) == 1:
        return int(hits["cik"].iloc[0])
    exact = hits[hits["name"].str.lower() == text.lower()]
    if len(exact) == 1:
        return int(exact["cik"].iloc[0])
    if hits.empty:
        raise InputError(f"no filer in {where} has {text!r} in its name: give a CIK or another "
                         "part of the name")
    few = "; ".join(f"{n} (CIK {c})" for c, n in hits.head(5).itertuples(index=False))
    more = f" and {len(hits) - 5} more" if len(hits) > 5 else ""
    raise InputError(f"{len(hits)} filers in {where} match {text!r}: {few}{more}; give the CIK "
                     "or a longer part of the name")


def _company_rows(facts: pd.DataFrame, period: str, fye: str) -> list[dict]:
    """Canonical rows of one company's facts (already restricted to its filings of `period`)."""
    flows_q = 4 if period == "annual" else 1
    mapped = facts[facts["line_item"] != ""]
    flows = mapped[mapped["qtrs"] == flows_q]
    dates = set(flows["ddate"]) | set(mapped["period"])
    balances = mapped[(mapped["qtrs"] == 0) & mapped["ddate"].isin(dates)]
    chosen = pd.concat([flows, balances]).sort_values(["filed", "adsh"], kind="stable")
    # per tag, item kind and date: the latest filing wins
    latest: dict[tuple[str, str, str], dict[pd.Timestamp, tuple]] = defaultdict(dict)
    for tag, ddate, qtrs, value, adsh, filed, version in zip(
            chosen["tag"], chosen["ddate"], chosen["qtrs"], chosen["value"], chosen["adsh"],
            chosen["filed"], chosen["version"]):
        taxonomy = "ifrs-full" if version.startswith("ifrs") else "us-gaap"
        kind = "balance" if qtrs == 0 else "flow"
        latest[(taxonomy, tag, kind)][ddate] = (value, adsh, filed)

    def values(item: str, taxonomy: str, tag: str) -> dict:
        return latest.get((taxonomy, tag, ITEMS[item].kind), {})

    rows = []
    for item, end, parts, found in pick_tags(values):
        value, flipped, source_key = combine(parts, [f[0] for f in found])
        newest = max(found, key=lambda f: (f[2], f[1]))
        rows.append({
            "line_item": item, "period_end": end,
            "fiscal_year": fiscal_year(end) if period == "annual" else fiscal_year_of(end, fye),
            "value": value, "source_key": source_key, "filing": newest[1], "filed": newest[2],
            "flipped": flipped,
        })
    return rows


def _company(facts: pd.DataFrame, cik: int, period: str, where: str,
             kind: str | None = None) -> Company:
    from .sec import ticker_of

    filings = facts.drop_duplicates("adsh").sort_values(["filed", "adsh"])
    last = filings.iloc[-1]
    fye = _fye(facts)
    rows = _company_rows(facts, period, fye)
    if not rows:
        raise InputError(f"{last['name']} (CIK {cik}): no {period} figures for the line items "
                         f"finlit knows in {where}")
    currency = facts.loc[facts["line_item"] != "", "uom"].mode()
    currency = currency.iloc[0] if len(currency) and len(currency.iloc[0]) == 3 else "USD"
    info = CompanyInfo(
        ticker=ticker_of(str(cik)), name=str(last["name"]), industry=industry_for_sic(last["sic"]),
        currency=currency, fiscal_year_end=fye,
        source=f"SEC Financial Statement Data Set ({where}), CIK {cik:010d}",
        filings=tuple({"form": f["form"], "fiscal_year": int(f["fy"]) if pd.notna(f["fy"]) else 0,
                       "accession": f["adsh"], "filed": f["filed"]}
                      for _, f in filings.iterrows()),
        notes=(("A quarter's data set holds one 10-Q per company: cash flows, reported year to "
                "date, are missing except for first quarters.",) if period == "quarterly" else ()))
    facts_frame = make_facts(rows, currency=currency, source=SOURCE, period=period)
    return build_company(info, facts_frame, sic=last["sic"], kind=kind)


def _fye(facts: pd.DataFrame) -> str:
    """"MM-DD" of the fiscal-year end: from sub.txt's fye, else the annual filings' periods."""
    given = facts.loc[facts["fye"] != "", "fye"]
    if len(given):
        return str(given.mode().iloc[0])
    annual = facts[facts["form"].isin(ANNUAL_FORMS)]
    if len(annual):
        return fiscal_year_end_of([d.date().isoformat() for d in annual["period"].dropna()])
    return "12-31"


def load_fsds(path: PathOrFile, company: str | int, period: str = "annual",
              facts: pd.DataFrame | None = None, kind: str | None = None) -> Company:
    """One filer of a data set as a `Company` (`company`: CIK or a unique part of the name).

    Several or no matching filers, or no filing of the kind `period` needs, raise InputError.
    Pass `facts` (from `read_fsds`) to avoid reading the zip again. The company kind comes
    from the filer's SIC code (banks 6000-6299, insurers 6300-6499 …) unless `kind` says.
    """
    forms, where, facts = _prepare(path, period, facts)
    subs = facts.drop_duplicates("adsh")[["adsh", "cik", "name", "form"]]
    cik = find_filer(subs, company, where)
    mine = facts[facts["cik"] == cik]
    wanted = mine[mine["form"].isin(forms)]
    if wanted.empty:
        have = ", ".join(sorted(set(mine["form"]))) or "no filings with values"
        other = "quarterly" if period == "annual" else "annual"
        raise InputError(f"{mine['name'].iloc[0] if len(mine) else cik} (CIK {cik}) has no "
                         f"{'/'.join(sorted(forms))} filing in {where} (it has {have}): "
                         f"try period {other!r} or another quarter's data set")
    return _company(wanted, cik, period, where, kind)


def load_all(path: PathOrFile, period: str = "annual", facts: pd.DataFrame | None = None
             ) -> dict[int, Company]:
    """Every filer with filings of `period` in a data set, as CIK → Company (read once);
    filers without mapped figures are left out."""
    forms, where, facts = _prepare(path, period, facts)
    wanted = facts[facts["form"].isin(forms)]
    out: dict[int, Company] = {}
    for cik, group in wanted.groupby("cik", sort=True):
        try:
            out[int(cik)] = _company(group, int(cik), period, where)
        except InputError:
            continue
    return out


__all__ = ["read_fsds", "filers", "load_fsds", "load_all", "find_filer", "FACT_COLUMNS",
           "FILER_COLUMNS", "SOURCE"]
