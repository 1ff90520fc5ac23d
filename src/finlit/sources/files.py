"""Files the user points at: recognised by their content, not only by their name.

| content | read by |
|---|---|
| JSON with a ``facts`` object (SEC EDGAR companyfacts) | `finlit.sources.sec.load_companyfacts` |
| a zip holding ``sub.txt`` and ``num.txt`` (SEC Financial Statement Data Set) | `finlit.sources.fsds.load_fsds` (needs ``company``: a CIK or part of the name) |
| a zip holding ``xl/workbook.xml`` (Excel .xlsx/.xlsm) | `finlit.sources.user_files` |
| text (CSV, TSV, semicolon-separated; a CSV saved from yfinance) | `finlit.sources.user_files` |

Several files, a folder, or a file whose name marks one statement (``AAPL_income.csv`` and
its siblings) are read as one company's statement set (`finlit.sources.statement_sets`).

Anything else (an empty file, a PDF, an old .xls, another kind of zip or JSON, a file that
cannot be read) is an `InputError` whose one line names the fix.

The kind comes from `finlit.sources.filetype.sniff` (re-exported here).

>>> sniff(b"%PDF-1.7")
'pdf'
"""
from __future__ import annotations

import csv
import os

from ..errors import InputError
from .filetype import HEAD, check_file, sniff, unreadable, xls_message, zip_kind
from .registry import register

TEMPLATE_HINT = "start from the template data/templates/statements_template.csv"


def load_file(path, period: str = "annual", company=None, units=None, **options):
    """A `Company` from a statements file of any supported kind (see the module docstring).

    ``kind="bank"`` (or insurer, other_financial, operating) overrides the company kind that
    finlit decides from the file (`finlit.sources.kinds`). ``max_file_size`` (bytes, default
    200 MB) refuses a larger file at once, as a FIFO or a device is refused (exit 2)."""
    if isinstance(path, (list, tuple)) or os.path.isdir(os.fspath(path)):
        return load_set(list(path) if isinstance(path, (list, tuple)) else [path], period,
                        company, units, options)
    path = os.fspath(path)
    name = os.path.basename(path) or path
    check_file(path, options.get("max_file_size"))     # before opening: a FIFO would block
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
    except OSError as error:
        raise unreadable(path, error) from None
    kind = sniff(head)
    if kind == "empty":
        raise InputError(f"{name} is empty: {TEMPLATE_HINT}")
    if kind == "companyfacts" or (kind == "json" and b'"facts"' in head):
        from .sec import load_companyfacts

        return load_companyfacts(path, period=period, kind=options.get("kind"))
    if kind == "json":
        raise InputError(f"{name} is JSON but not SEC companyfacts (no \"facts\" object): download "
                         "data.sec.gov/api/xbrl/companyfacts/CIK##########.json, or use CSV/Excel")
    if kind == "zip":
        zkind = zip_kind(path)
        if zkind == "fsds":
            if company in (None, ""):
                raise InputError(f"{name} is an SEC Financial Statement Data Set with many "
                                 "filers: choose one with --company NAME_OR_CIK")
            from .fsds import load_fsds

            return load_fsds(path, company=company, period=period, kind=options.get("kind"))
        if zkind == "xlsx":
            return _user_file(path, name, period, units, options, company)
        if zkind == "bad":
            raise InputError(f"{name} looks like a zip or Excel file but is damaged: download or "
                             "save it again")
        raise InputError(f"{name} is a zip without statements: expected an Excel workbook or an "
                         "SEC Financial Statement Data Set (sub.txt, num.txt)")
    if kind == "xls":
        raise InputError(xls_message(path, name))
    if kind in ("pdf", "binary"):
        raise InputError(f"{name}: unknown format ({kind}): finlit reads CSV, Excel (.xlsx), "
                         f"SEC companyfacts JSON and SEC data-set zips; {TEMPLATE_HINT}")
    return _user_file(path, name, period, units, options, company)


def _user_file(path: str, name: str, period: str, units, options: dict, company=None):
    """A CSV/TSV text or an Excel workbook, read by `finlit.sources.user_files`; with the
    company's other statements beside it when its name marks a statement
    (`finlit.sources.statement_sets`)."""
    from .statement_sets import siblings

    from .export_shapes import read_files

    found = siblings(path)
    if len(found.paths) > 1:
        return _read_set(found, period, units, options, company)
    try:
        shaped = read_files([path], period, units, options, company)   # yahooquery, SimFin …
    except csv.Error:
        shaped = None               # the reader below says where the CSV is broken
    if shaped is not None:
        return shaped
    from .user_files import read_user_file

    return read_user_file(path, units=units, period=period, name=name,
                          currency=options.get("currency"),
                          fiscal_year_end=options.get("fiscal_year_end"), kind=options.get("kind"),
                          max_file_size=options.get("max_file_size"))


def load_set(paths: list, period: str = "annual", company=None, units=None, options=None):
    """A `Company` from several files of one company, or a folder (`finlit.sources.statement_sets`).

    Every file must be a CSV/TSV text or an Excel workbook; a single file is read as
    `load_file` reads it."""
    from .statement_sets import files_set

    options = dict(options or {})
    if len(paths) == 1 and not os.path.isdir(os.fspath(paths[0])):
        return load_file(os.fspath(paths[0]), period=period, company=company, units=units, **options)
    found = files_set(paths, company)
    if len(found.paths) == 1:
        return load_file(found.paths[0], period=period, units=units, **options)
    return _read_set(found, period, units, options, company)


def _read_set(found, period: str, units, options: dict, company=None):
    """Read the files of a `StatementSet` together (CSV/TSV and Excel only)."""
    from .export_shapes import read_files
    from .user_files import read_user_file

    for path in found.paths:
        _check_mergeable(path, options.get("max_file_size"))
    try:
        shaped = read_files(found.paths, period, units, options, company, found.stem,
                            [found.note] if found.note else [])
    except csv.Error:
        shaped = None               # the reader below says where the CSV is broken
    if shaped is not None:
        return shaped
    return read_user_file(found.paths, units=units, period=period,
                          currency=options.get("currency"),
                          fiscal_year_end=options.get("fiscal_year_end"), kind=options.get("kind"),
                          stem=found.stem, notes=[found.note] if found.note else [],
                          max_file_size=options.get("max_file_size"))


def _check_mergeable(path: str, max_size: int | None = None) -> None:
    """InputError unless `path` is a CSV/TSV text or an Excel workbook (a regular file no
    larger than `max_size`)."""
    name = os.path.basename(path)
    check_file(path, max_size)
    try:
        with open(path, "rb") as fh:
            kind = sniff(fh.read(HEAD))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}: check the file's "
                         "permissions") from None
    if kind == "zip" and zip_kind(path) == "xlsx":
        return
    if kind not in ("text", "empty"):
        raise InputError(f"{name} cannot be merged with other files (it is {kind}): only CSV, TSV "
                         "and Excel statements are read as a set; give it alone")


class FileSource:
    name = "file"
    description = "a statements file: SEC companyfacts JSON, CSV, Excel or an SEC data-set zip"

    def load(self, target: str, period: str | None = None, company=None, units=None, **options):
        return load_file(target, period=period or "annual", company=company, units=units, **options)


register(FileSource())

__all__ = ["load_file", "load_set", "sniff"]
