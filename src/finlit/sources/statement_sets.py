"""A statement set across files: one company's statements saved as one file per statement.

People save a company's statements as separate files (``AAPL_income.csv``,
``AAPL_balance_sheet.csv``, ``AAPL_cash_flow.csv``: the way yfinance users, finance teams and
most tutorials do). finlit reads them as one company in three ways:

- **several files** given together (``finlit ratios a.csv b.csv c.csv``, ``load([...])``);
- **a folder** holding one company's files (``finlit ratios exports/``); a folder holding
  several companies' files needs ``--company`` (``company=``) to choose one;
- **one file whose name marks a statement** (``…income_statement…``, ``…income…``,
  ``…financials…``, ``…consolidated…``, ``…balance_sheet…``, ``…balance…``, ``…cash_flow…``,
  ``…cashflow…``; case and separators ignored): the files beside it in the same folder with
  the same company stem (the name without the marker) are picked up too, with a note naming
  the files merged.

The company stem of ``AAPL_income.csv`` is ``AAPL``; a file whose name marks no statement is
a company of its own (its stem). Only CSV/TSV text and Excel workbooks are merged.

>>> statement_in_name("AAPL_Income_Statement.csv"), statement_in_name("aapl-cash-flow.xlsx")
(('AAPL', 'income'), ('aapl', 'cashflow'))
>>> statement_in_name("apple_10k_2023_consolidated_balance_sheet.csv"), statement_in_name("mine.csv")
(('apple_10k_2023_consolidated', 'balance'), None)
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..company import DataQualityNote
from ..errors import InputError

SET_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# per statement, in the order they are tried (a "consolidated balance sheet" is a balance sheet)
MARKERS = (("cashflow", re.compile(r"cash[\W_]*flows?(?:[\W_]*statements?)?")),
           ("balance", re.compile(r"balance[\W_]*sheets?|balance")),
           ("income", re.compile(r"income[\W_]*statements?|income|financials|consolidated")))
SEPARATORS = " _-.,"


def statement_in_name(name) -> tuple[str, str] | None:
    """(company stem, statement) when a file's name marks one statement, else None."""
    stem = Path(os.fspath(name)).stem
    low = stem.lower()
    for statement, pattern in MARKERS:
        m = pattern.search(low)
        if m:
            prefix, suffix = stem[:m.start()].strip(SEPARATORS), stem[m.end():].strip(SEPARATORS)
            company = "_".join(part for part in (prefix, suffix) if part)
            return company or stem, statement
    return None


def company_key(name) -> str:
    """The company a file belongs to, for grouping: its stem without the statement marker,
    lower case, no separators.

    >>> company_key("AAPL_balance.csv") == company_key("aapl-Income-Statement.xlsx")
    True
    """
    hit = statement_in_name(name)
    stem = hit[0] if hit else Path(os.fspath(name)).stem
    return re.sub(r"[\W_]+", "", stem.lower())


@dataclass
class StatementSet:
    """The files of one company to read together, the stem that names the company, and the
    note that says which files were merged (None for a single file)."""

    paths: list[str]
    stem: str
    note: DataQualityNote | None = None


def _candidates(folder: str) -> list[str]:
    return sorted(os.path.join(folder, n) for n in os.listdir(folder)
                  if not n.startswith((".", "~$")) and n.lower().endswith(SET_EXTENSIONS)
                  and os.path.isfile(os.path.join(folder, n)))


def _stem_of(paths: list[str]) -> str:
    hit = statement_in_name(paths[0])
    return hit[0] if hit else Path(paths[0]).stem


def _merged_note(paths: list[str], why: str) -> DataQualityNote:
    names = ", ".join(os.path.basename(p) for p in paths)
    return DataQualityNote("statement_set", None, f"statement set: merged {names} ({why}).")


def siblings(path: str) -> StatementSet:
    """The file itself, with the files beside it that hold the same company's other
    statements when its name marks a statement."""
    if statement_in_name(path) is None:
        return StatementSet([path], Path(path).stem)
    folder = os.path.dirname(path) or "."
    key = company_key(path)
    others = [p for p in _candidates(folder) if statement_in_name(p) is not None
              and company_key(p) == key and not os.path.samefile(p, path)]
    paths = [path, *others]
    if not others:
        return StatementSet(paths, _stem_of(paths))
    why = f"the files beside {os.path.basename(path)} with the same company name"
    return StatementSet(paths, _stem_of(paths), _merged_note(paths, why))


def folder_set(folder: str, company: str | None = None) -> StatementSet:
    """The statement files of one company in `folder` (`company` chooses when there are
    several: its stem, case and separators ignored; a unique beginning is enough)."""
    files = _candidates(folder)
    if not files:
        raise InputError(f"{folder} is a folder without statement files (CSV, TSV or Excel): "
                         "put the company's statements in it, or give a file")
    groups: dict[str, list[str]] = {}
    for path in files:
        groups.setdefault(company_key(path), []).append(path)
    names = {key: _stem_of(paths) for key, paths in groups.items()}
    if len(groups) > 1:
        key = _choose(groups, names, folder, company)
    else:
        key = next(iter(groups))
    paths = groups[key]
    note = _merged_note(paths, f"the statements of {names[key]} in {folder}") if len(paths) > 1 else None
    return StatementSet(paths, names[key], note)


def _choose(groups: dict, names: dict, folder: str, company: str | None) -> str:
    listed = ", ".join(sorted(names.values(), key=str.lower))
    if company in (None, ""):
        raise InputError(f"{folder} holds the statements of several companies ({listed}): "
                         "choose one with --company NAME (company= in Python)")
    wanted = re.sub(r"[\W_]+", "", str(company).lower())
    hits = [k for k in groups if k == wanted] or [k for k in groups if k.startswith(wanted)]
    if len(hits) != 1:
        raise InputError(f"--company {company!r} matches {'none' if not hits else 'several'} of "
                         f"the companies in {folder} ({listed}): give one of them")
    return hits[0]


def files_set(paths, company: str | None = None) -> StatementSet:
    """Several files (or one folder) given together: one company's statements."""
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise InputError("no file given: name one or more statement files, or a folder")
    folders = [p for p in paths if os.path.isdir(p)]
    if folders:
        if len(paths) > 1:
            raise InputError(f"{folders[0]} is a folder: give either one folder or several "
                             "files, not both")
        return folder_set(folders[0], company)
    for path in paths:
        if not os.path.exists(path):
            if len(paths) > 1 and not os.path.splitext(path)[1]:   # a ticker among several targets
                raise InputError(f"{path} is not a file: several targets are the files of one "
                                 "company's statements; look at one company at a time (finlit "
                                 f"ratios {path}), or compare companies in Python with "
                                 "finlit.compute_ratios([...])")
            raise InputError(f"file not found: {path}: check the path")
    if len(paths) == 1:
        return siblings(paths[0])
    unique = list(dict.fromkeys(paths))
    return StatementSet(unique, _stem_of(unique), _merged_note(unique, "the files given"))


def target_files(target, company: str | None = None) -> list[str]:
    """The files a file, folder or list TARGET is read from (siblings included); [] for a
    ticker. What a batch's skip-if-unchanged looks at.

    >>> target_files("AAPL")
    []
    """
    paths = list(target) if isinstance(target, (list, tuple)) else [os.fspath(target)]
    if not all(os.path.exists(p) for p in paths):
        return []
    if len(paths) == 1 and os.path.isfile(paths[0]) and not paths[0].lower().endswith(SET_EXTENSIONS):
        return paths           # a JSON, zip or other single file
    try:
        return files_set(paths, company).paths
    except InputError:
        return paths


def target_stem(target, company: str | None = None) -> str:
    """The name a briefing on TARGET gets: the company stem of several files or of a folder's
    statement set (``AAPL`` for ``AAPL_income.csv`` and ``AAPL_balance.csv``), else the
    file's stem or the ticker.

    >>> target_stem(["x/AAPL_income.csv", "x/AAPL_balance.csv"]), target_stem("x/mine.csv")
    ('AAPL', 'mine')
    """
    paths = list(target) if isinstance(target, (list, tuple)) else [os.fspath(target)]
    if len(paths) > 1:
        return _stem_of(paths)
    if paths and os.path.isdir(paths[0]):
        try:
            return folder_set(paths[0], company).stem
        except (InputError, OSError):
            return Path(os.path.abspath(paths[0])).name
    return Path(paths[0]).stem if paths else ""


__all__ = ["StatementSet", "company_key", "files_set", "folder_set", "siblings",
           "statement_in_name", "target_files", "target_stem", "SET_EXTENSIONS"]
