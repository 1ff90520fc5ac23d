"""The user's own statements: CSV/TSV files and Excel workbooks, into the canonical model.

What a file may look like (the template is ``data/templates/statements_template.csv``):

- **orientation**: line items as rows and periods as columns (the usual export), or the
  transpose (one row per period); finlit looks for the periods along the header row and down
  the first column and takes the direction that has more;
- **periods**: fiscal years (``2023``, ``FY2023``, ``FY 2023``), period-end dates
  (``2023-09-30``, ``Sep. 30, 2023``, ``30/09/2023``), quarters (``Q1 2024``, ``FY2024 Q1``)
  and trailing twelve months (``TTM``, ``TTM 2024-06-29``); a column that is none of these
  ("2016 - 2020") is not read. A fiscal year is placed on the company's fiscal-year end
  (``fiscal_year_end``, "MM-DD", default 12-31). TTM columns are used only for
  ``period="ttm"``, quarters only for ``period="quarterly"``;
- **labels**: canonical keys (``cost_of_revenue``), finlit's own labels, the synonyms of the
  data file ``mappings/label_synonyms.csv`` ("Net sales", "Turnover", "Cost of sales", "Gross
  margin" …) and yfinance's labels; matching ignores case, punctuation and indentation. Labels
  that map to nothing are **listed** in a data-quality note (check ``unmapped_labels``), never
  dropped silently; in a cash-flow statement the balance-sheet labels ("Inventories",
  "Accounts payable": there they are changes, not balances) are listed too;
- **units**: from a header or title ("$ in millions", "(in thousands)", "USD m", "€bn"), a
  ``units`` line, or the ``units`` argument (``--units``), which wins; per-share figures are
  never scaled. Currency from a ``currency`` line or the header's symbol/code;
- **cells**: "UPGRADE", "—", "-", "n/a" and other text are missing values; "(1,234)" is
  −1234; "1,234.5" is 1234.5; "$ 12" is 12; "12%" is 0.12;
- **signs**: costs and outflows are stored positive (FINANCE.md §1). A sheet that shows its
  costs as negative numbers is flipped (income tax included); elsewhere a cost shown negative
  ("(600)"), a cash outflow shown negative (capital expenditure, dividends, buy-backs) and a
  negative interest expense are flipped, while a negative income tax stays (a tax benefit);
  flips are marked;
- **workbooks**: every sheet is read; a sheet named like a statement (Income, P&L,
  Balance_Sheet, Cash_Flow) counts as that statement; a sheet without periods is skipped
  with a note; formulas without a saved value (a workbook written by a program and never
  opened in a spreadsheet) are listed in a note, and refused when nothing else is left; a
  damaged or password-protected workbook is refused with what to do;
- **text**: UTF-8 (with or without a byte-order mark), UTF-16 and the Windows/Latin-1 code
  pages (detected with charset-normalizer); commas, semicolons, tabs or bars; decimal
  commas ("1.234,5") in a semicolon- or tab-separated file. A long file is read in bulk
  (`pandas.read_csv`, in chunks; 30–50 MB/s, peak memory under 4× the file); files
  over 200 MB (``max_file_size``, ``--max-file-size``) and anything that is not a regular file
  (a FIFO, a device) are refused before they are opened;
- **nothing silent**: cells of line items that hold text instead of a number, columns whose
  header looks like a period but is not one ("2023-13-45"), the same item twice with another
  value, a fiscal-year column beside a dated column of the same year, and labels that map to
  nothing are each counted in a note (a note names the first few and says how many);
- **metadata**: optional lines before the header: ``company``, ``ticker``, ``currency``,
  ``units``, ``fiscal_year_end``, ``industry``, ``kind`` (``bank``, ``insurer``,
  ``other_financial`` or ``operating``: otherwise decided from the industry and the line items,
  `finlit.sources.kinds`; the ``kind`` argument wins). Without them the name comes from the
  file name.

A CSV saved from yfinance (``Ticker.financials.to_csv()``, either orientation) is recognised
by its ISO-date periods and yfinance labels and read by `finlit.sources.yfinance_csv`, so it
gets exactly the yfinance conventions (Yahoo's filled-in "Gross Profit" is not used).

Provenance: source ``user-file`` (``yfinance-csv`` for yfinance CSVs), ``source_key`` the
label as written in the file, ``filing`` the file name (and sheet).

>>> import io
>>> text = "company,Acme Ltd\\ncurrency,EUR\\nunits,thousands\\nline_item,2023,2024\\nrevenue,100,120\\nCost of sales,(60),(70)\\nOrders booked,5,6\\n"
>>> acme = read_user_file(io.StringIO(text), name="acme.csv")
>>> acme.name, acme.currency, acme.value("revenue", 2024), acme.value("cost_of_revenue", 2024)
('Acme Ltd', 'EUR', 120000.0, 70000.0)
>>> [str(n) for n in acme.notes]
['unmapped labels in acme.csv: Orders booked (not used; rename them to canonical keys such as revenue or net_income to use them)']
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path

import numpy as np
import pandas as pd

from ..company import Company, CompanyInfo, DataQualityNote, make_facts
from ..errors import InputError
from ..items import ITEMS
from ..periods import fiscal_year, fiscal_year_of
from ._mapping import pick_by_priority, read_mapping
from .filetype import HEAD, MAX_FILE_SIZE, check_file, sniff, text_encoding, xls_message
from .kinds import build_company
from .registry import check_period

SOURCE = "user-file"
TEMPLATE = "data/templates/statements_template.csv"
UNITS = {"ones": 1.0, "units": 1.0, "1": 1.0, "thousands": 1e3, "thousand": 1e3, "k": 1e3,
         "1000": 1e3, "000": 1e3, "millions": 1e6, "million": 1e6, "m": 1e6, "mn": 1e6,
         "mm": 1e6, "1e6": 1e6, "billions": 1e9, "billion": 1e9, "bn": 1e9, "b": 1e9, "1e9": 1e9}
UNIT_NAMES = {1.0: "units", 1e3: "thousands", 1e6: "millions", 1e9: "billions"}
META_KEYS = {"company": "company", "company name": "company", "name": "company",
             "ticker": "ticker", "currency": "currency", "units": "units", "unit": "units",
             "scale": "units", "fiscal year end": "fiscal_year_end",
             "fiscal_year_end": "fiscal_year_end", "industry": "industry", "kind": "kind",
             "company kind": "kind"}
CURRENCY_CODES = {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "DKK", "SEK", "NOK",
                  "CNY", "HKD", "TWD", "KRW", "INR", "BRL", "MXN", "ZAR", "SGD", "PLN", "CZK"}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
MISSING = {"", "-", "--", "—", "–", "n/a", "na", "n.a.", "nm", "n.m.", "none", "null", "nan"}
COSTS = ("cost_of_revenue", "research_and_development", "selling_general_administrative",
         "operating_expenses", "noninterest_expense", "technology_expense", "benefits_and_claims")
CASH_OUTFLOWS = ("capital_expenditure", "dividends_paid", "share_repurchases",
                 "software_development_payments", "it_capex", "interest_expense")
STATEMENT_WORDS = (("cashflow", ("cash flow", "cashflow", "cash_flow", "cash-flow")),
                   ("balance", ("balance", "financial position")),
                   ("income", ("income", "p&l", "profit", "p and l", "pnl", "operations",
                               "earnings", "consolidated")))


# --- labels ---------------------------------------------------------------------------------

def normalise(label) -> str:
    """A label reduced for matching: lower case, '&' as 'and', no punctuation or extra space.

    >>> normalise("    Selling, General & Admin")
    'selling general and admin'
    >>> normalise("Total shareholders’ equity")
    'total shareholders equity'
    """
    text = str(label).lower().replace("&", " and ").replace("’", "").replace("'", "")
    return b" ".join(text.encode("ascii", "replace").translate(_ALNUM).split()).decode()


_ALNUM = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))

_NOT_ALNUM = bytes(c for c in range(256) if not (48 <= c <= 57 or 97 <= c <= 122 or c == 10))


def squeezed(labels: list[str]) -> list[str]:
    """`normalise` of each label without its spaces, for many labels at once (one pass of
    C-speed string operations over them all): a label can match a synonym only when this
    key matches the synonym's, which rules out most labels of a long file cheaply.

    >>> squeezed(["    Selling, General & Admin", "Total shareholders’ equity", ""])
    ['sellinggeneralandadmin', 'totalshareholdersequity', '']
    """
    joined = "\n".join(labels)
    if joined.count("\n") != len(labels) - 1:
        return [normalise(label).replace(" ", "") for label in labels]  # line breaks in labels
    text = joined.lower().replace("&", "and").replace("’", "").replace("'", "")
    return text.encode("ascii", "replace").translate(None, _NOT_ALNUM).decode().split("\n")


@lru_cache(maxsize=None)
def _synonym_keys() -> frozenset:
    return frozenset(key.replace(" ", "") for key in label_synonyms())


@lru_cache(maxsize=None)
def label_synonyms() -> dict[str, tuple[str, int]]:
    """Normalised label → (canonical item, priority): ``label_synonyms.csv`` first, then the
    canonical keys, finlit's labels and yfinance's labels (``yfinance_labels.csv``).

    >>> label_synonyms()[normalise("Turnover")], label_synonyms()[normalise("Gross margin")]
    (('revenue', 1), ('gross_profit', 2))
    >>> label_synonyms()[normalise("cost_of_revenue")]
    ('cost_of_revenue', 1)
    """
    out: dict[str, tuple[str, int]] = {}
    for rec in read_mapping("label_synonyms.csv"):
        out.setdefault(normalise(rec["label"]), (rec["canonical_item"], int(rec["priority"])))
    for key, item in ITEMS.items():
        out.setdefault(normalise(key), (key, 1))
        out.setdefault(normalise(item.label), (key, 1))
    for rec in read_mapping("yfinance_labels.csv"):
        out.setdefault(normalise(rec["label"]), (rec["canonical_item"], int(rec["priority"]) + 1))
    return out


# --- cells ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(cell, decimal: str = ".") -> float:
    """A number cell as a float; NaN for text and placeholders. `decimal` is "," for files
    written with decimal commas ("1.234,5").

    >>> [parse_number(c) for c in ["(1,234)", "1,234.5", "$ 12", "12%", "—", "UPGRADE", 7, "−3"]]
    [-1234.0, 1234.5, 12.0, 0.12, nan, nan, 7.0, -3.0]
    >>> parse_number("1.234,5", decimal=","), parse_number("(12,5)", decimal=",")
    (1234.5, -12.5)
    """
    if cell is None or isinstance(cell, bool):
        return float("nan")
    if isinstance(cell, (int, float)):
        return float(cell)
    if not isinstance(cell, str):
        return float("nan")
    text = cell.strip().replace("\u2212", "-").replace("\xa0", "").replace("\u202f", "")
    if text.lower() in MISSING:
        return float("nan")
    if text.lower().lstrip("+-") in ("inf", "infinity"):
        return float("-inf") if text.startswith("-") else float("inf")  # refused by the reader
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    for symbol in ("$", "€", "£", "¥"):
        text = text.replace(symbol, "")
    text = re.sub(r"^(US|USD|EUR|GBP|CHF)\s*", "", text.strip())
    percent = text.endswith("%")
    text = text.rstrip("%").replace(" ", "")
    if decimal == ",":
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return float("nan")
    value = float(text)
    value = -value if negative else value
    return value / 100 if percent else value


# --- periods --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    kind: str          # "year", "date", "quarter" or "ttm"
    year: int | None = None
    quarter: int | None = None
    end: pd.Timestamp | None = None


_TTM = re.compile(r"^(ttm|ltm|trailing twelve months|trailing 12 months|last twelve months|"
                  r"last 12 months)\b[\s:,-]*(.*)$")
_QUARTER = (re.compile(r"^(?:fy\s*)?'?(\d{4})\s*[-/ ]?\s*q([1-4])$"),
            re.compile(r"^q([1-4])\s*[-/ ]?\s*(?:fy\s*)?'?(\d{4})$"))
_YEAR = re.compile(r"^(?:fy|fiscal year|fiscal|year|financial year)?\s*'?((?:19|20)\d{2})\s*(?:a|actual)?$")
_DATE_HINT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
                        r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d")


def _date(text: str) -> pd.Timestamp | None:
    if not _DATE_HINT.search(text.lower()):
        return None
    dayfirst = bool(re.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", text)) and int(re.split(r"[/.]", text)[0]) > 12
    try:
        value = pd.to_datetime(text.replace(".", " ") if re.search(r"[a-z]\.", text.lower()) else text,
                               dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    return None if pd.isna(value) else pd.Timestamp(value).normalize().tz_localize(None)


def parse_period(cell) -> Period | None:
    """A header cell as a period, or None.

    >>> parse_period("FY 2023"), parse_period("Sep. 30, 2023").end.date()
    (Period(kind='year', year=2023, quarter=None, end=None), datetime.date(2023, 9, 30))
    >>> parse_period("Q1 2024").quarter, parse_period("TTM").kind, parse_period("2016 - 2020")
    (1, 'ttm', None)
    """
    if cell is None or isinstance(cell, bool):
        return None
    if hasattr(cell, "year") and hasattr(cell, "month"):  # datetime / date from Excel
        return Period("date", end=pd.Timestamp(cell).normalize())
    if isinstance(cell, (int, float)):
        return Period("year", year=int(cell)) if float(cell).is_integer() and 1900 <= cell <= 2100 else None
    text = " ".join(str(cell).split())
    low = text.lower()
    if not low:
        return None
    m = _TTM.match(low)
    if m:
        return Period("ttm", end=_date(text[len(text) - len(m.group(2)):]) if m.group(2) else None)
    for i, pattern in enumerate(_QUARTER):
        m = pattern.match(low)
        if m:
            year, quarter = (m.group(1), m.group(2)) if i == 0 else (m.group(2), m.group(1))
            return Period("quarter", year=int(year), quarter=int(quarter))
    m = _YEAR.match(low)
    if m:
        return Period("year", year=int(m.group(1)))
    end = _date(text)
    return Period("date", end=end) if end is not None else None


def _year_end(year: int, fye: str) -> pd.Timestamp:
    month, day = (int(x) for x in fye.split("-"))
    last = pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
    return pd.Timestamp(year=year, month=month, day=min(day, last.day))


# --- reading tables -------------------------------------------------------------------------

@dataclass
class Table:
    """One grid of cells: a CSV file or a workbook sheet.

    `rows` are the cells as lists; for a long CSV file only its first rows (the preamble and
    the header), the rest read in bulk into `body` (columns 0, 1, …: the cells after the
    header, numbers already parsed where a whole column is plain numbers)."""

    rows: list[list]
    source: str                 # "acme.csv" or "acme.xlsx, sheet Income"
    sheet: str = ""
    statement: str | None = None
    meta: dict = field(default_factory=dict)
    body: pd.DataFrame | None = None
    bulk: "Bulk | None" = None  # the rows after the header of a long CSV, read in bulk
    decimal: str = "."          # "," for a file written with decimal commas
    formulas: list = field(default_factory=list)  # (cell, row label): formulas without a saved value


def _clean_rows(rows) -> list[list]:
    out = []
    for row in rows:
        cells = [c.strip() if isinstance(c, str) else c for c in row]
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if not cells or (isinstance(cells[0], str) and cells[0].startswith("#")):
            continue
        out.append(cells)
    return out


FIELD_LIMIT = csv.field_size_limit()
HEAD_ROWS = 200         # rows read one by one before the rest of a CSV is read in bulk
_DECIMAL_COMMA = re.compile(r"^[-+(]?\d{1,3}(\.\d{3})*,\d+\)?%?$")
_DECIMAL_POINT = re.compile(r"^[-+(]?\d*\.\d+\)?%?$")
_THOUSANDS_POINT = re.compile(r"^[-+(]?\d{1,3}(\.\d{3})+\)?$")


def sniff_dialect(sample: str) -> tuple[str, str]:
    """(delimiter, decimal mark) of a CSV text from its first lines: ``,``, ``;``, tab or
    ``|``; a semicolon- or tab-separated file whose numbers mostly have decimal commas
    ("1.234,5") has decimal ",".

    >>> sniff_dialect("line_item;2023;2024\\nrevenue;1.234,5;99,5\\n")
    (';', ',')
    >>> sniff_dialect("company;Acme\\nline_item;2023;2024\\nrevenue;1.234,5;1.500,25\\nnet_income;99,5;-12,75\\n")
    (';', ',')
    >>> sniff_dialect("line_item,2023\\nrevenue,12.5\\n")
    (',', '.')
    """
    lines = [line for line in sample.lstrip("\ufeff").splitlines()[:50] if not line.startswith("#")]

    def split_lines(d: str) -> tuple[int, int]:     # lines it splits, then the fewest widths
        try:
            counts = [len(row) - 1 for row in csv.reader(lines, delimiter=d)]
        except csv.Error:
            return 0, 0
        return sum(c > 0 for c in counts), -len(set(counts))

    delimiter = max(",;\t|", key=split_lines) if lines else ","   # ties: the first
    decimal = "."
    if delimiter != ",":
        cells = [c.strip().strip('"').replace(" ", "") for line in lines for c in line.split(delimiter)]
        commas = sum(bool(_DECIMAL_COMMA.match(c)) for c in cells)
        points = sum(bool(_DECIMAL_POINT.match(c)) and not _THOUSANDS_POINT.match(c) for c in cells)
        decimal = "," if commas > points else "."
    return delimiter, decimal


def csv_rows(text: str) -> list[list]:
    """Rows of a CSV/TSV/semicolon text (delimiter sniffed; BOM and CRLF tolerated)."""
    text = text.lstrip("\ufeff")
    delimiter, _ = sniff_dialect(text[:HEAD])
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _csv_error(name: str, line: int, error: Exception) -> InputError:
    if "field larger than field limit" in str(error):
        return InputError(f"cannot read {name}: the cell ending on line {line} is longer than "
                          f"{FIELD_LIMIT:,} characters: close the quote opened before it, or "
                          "shorten the cell")
    return InputError(f"cannot read {name} as CSV (line {line}: {error}): check the quotes "
                      "around that line, or save it again as CSV")


def text_table(open_text, name: str) -> Table:
    """The Table of a CSV/TSV text; `open_text()` opens it from its start (a text stream).

    The first `HEAD_ROWS` rows are read one by one (metadata lines, the header); when the
    file goes on, the rest is read in bulk by `pandas.read_csv` (vectorised: numbers parsed
    in C, memory about that of the numbers), unless a row is longer than the header (an
    unquoted thousands comma), which the row-by-row reader repairs or refuses."""
    with open_text() as fh:
        sample = fh.read(HEAD)
    delimiter, decimal = sniff_dialect(sample)
    head, ends, widths = [], [], []
    with open_text() as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for raw in reader:
                for cells in _clean_rows([raw]):
                    head.append(cells)
                    ends.append(reader.line_num)
                    widths.append(len(raw))
                if len(head) >= HEAD_ROWS:
                    break
            else:
                return Table(head, name, decimal=decimal)      # the whole file is read
        except csv.Error as error:
            raise _csv_error(name, reader.line_num, error) from None
    found = _find_header(head)
    width = widths[found[0]] if found is not None else 0
    if (found is not None and not found[1]     # rows of line items: the rest in bulk
            and all(w <= width for w in widths[found[0]:])):
        header_at = found[0]
        header = head[header_at]
        columns = [j for j, c in enumerate(header) if j and parse_period(c) is not None]
        try:
            with open_text() as fh:
                bulk = _read_bulk(fh, delimiter, decimal, width, ends[header_at], columns)
        except pd.errors.ParserError:
            bulk = None                               # a row longer than the header
        if bulk is not None:
            return Table(head[:header_at + 1], name, decimal=decimal, bulk=bulk)
    with open_text() as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            return Table(_clean_rows(reader), name, decimal=decimal)
        except csv.Error as error:
            raise _csv_error(name, reader.line_num, error) from None


PLACEHOLDERS = sorted({v for m in MISSING for v in (m, m.upper(), m.title())})
CHUNK_ROWS = 20_000


@dataclass
class Bulk:
    """The rows after a CSV's header, read in bulk: the labels, the numbers of the period
    columns (rows × columns), where a cell held text that is not a number, and that text."""

    labels: list[str]
    columns: list[int]          # the header's period columns, in order
    numbers: np.ndarray
    unread: np.ndarray
    text: dict                  # (row, column index in `columns`) → the cell as written


def _is_comment(label: str) -> bool:
    return label.startswith("#")


def _read_bulk(fh, delimiter: str, decimal: str, width: int, skip: int, columns: list[int]) -> Bulk:
    """`Bulk` of the rows of `fh` after its first `skip` lines: `pandas.read_csv` in chunks of
    `CHUNK_ROWS` rows, each chunk's numbers parsed (`column_numbers`) before the next is read,
    so that memory holds the numbers, not the text. ParserError when a row has a cell beyond
    the header's `width` (a number cut at an unquoted thousands comma shifts the cells)."""
    chunks = pd.read_csv(fh, sep=delimiter, header=None, names=range(width + 1), skiprows=skip,
                         dtype={0: object, width: object},
                         keep_default_na=False,
                         na_values={j: PLACEHOLDERS if j else [""] for j in range(width + 1)},
                         decimal=decimal, index_col=False, skip_blank_lines=True, engine="c",
                         chunksize=CHUNK_ROWS)
    labels: list[str] = []
    parts: list[list] = [[] for _ in columns]
    flags: list[list] = [[] for _ in columns]
    text: dict = {}
    for chunk in chunks:
        beyond = chunk[width]
        if beyond.notna().any() and beyond.dropna().astype(str).str.strip().ne("").any():
            raise pd.errors.ParserError("a row is longer than the header")
        first = list(map(str.strip, chunk[0].fillna("").tolist()))
        if "\n#" in "\n" + "\n".join(first):            # (a C-speed look first)
            keep = ~np.fromiter(map(_is_comment, first), bool, len(first))
            chunk = chunk.loc[keep]
            first = list(compress(first, keep))
        offset = len(labels)
        labels.extend(first)
        for k, j in enumerate(columns):
            values, unread = column_numbers(chunk[j], decimal)
            parts[k].append(values)
            flags[k].append(unread)
            if unread.any():
                cells = chunk[j].to_numpy(dtype=object)
                text.update(((offset + int(i), k), cells[i]) for i in np.flatnonzero(unread))
        del chunk
    numbers = np.empty((len(labels), len(columns)))
    unread = np.zeros((len(labels), len(columns)), bool)
    for k in range(len(columns)):
        if parts[k]:
            numbers[:, k] = np.concatenate(parts[k])
            unread[:, k] = np.concatenate(flags[k])
        parts[k] = flags[k] = None
    return Bulk(labels, columns, numbers, unread, text)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _formula_cells(data: bytes) -> dict[str, list]:
    """Per sheet title, the (cell, row label) of formulas without a saved value: what a
    workbook written by a script (openpyxl, xlsxwriter) and never opened in Excel holds."""
    import zipfile

    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not any(_FORMULA.search(archive.read(n)) for n in archive.namelist()
                   if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            return {}
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out: dict[str, list] = {}
    try:
        for fs, vs in zip(formulas.worksheets, values.worksheets):
            for frow, vrow in zip(fs.iter_rows(), vs.iter_rows()):
                label = next((c.value for c in vrow if getattr(c, "value", None) not in (None, "")), "")
                for fc, vc in zip(frow, vrow):
                    if (isinstance(getattr(fc, "value", None), str) and fc.value.startswith("=")
                            and getattr(vc, "value", None) is None):
                        out.setdefault(fs.title, []).append((fc.coordinate, str(label)))
    finally:
        formulas.close()
        values.close()
    return out


def xlsx_tables(path, name: str, max_size: int | None = None) -> list[Table]:
    """One Table per worksheet (cached values of formulas; formulas without one are listed
    in `Table.formulas`). A workbook whose parts unpack to more than 5× `max_size` (default
    `MAX_FILE_SIZE`: 1 GB) is refused before it is unpacked."""
    import zipfile

    from openpyxl import load_workbook

    title = ""
    try:
        # from the bytes: openpyxl refuses a workbook whose name does not end in .xlsx
        with open(path, "rb") as fh:
            data = fh.read()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        limit = 5 * (MAX_FILE_SIZE if max_size is None else max_size)
        if unpacked > limit:
            raise InputError(f"{name} unpacks to {unpacked / 1e6:,.0f} MB, more than the limit "
                             f"of {limit / 1e6:,.0f} MB for a workbook: give --max-file-size "
                             f"{-(-unpacked // 5_000_000_000)}GB to read it anyway, or export "
                             "it as CSV")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            tables = []
            for ws in book.worksheets:
                title = ws.title
                rows = _clean_rows([_cell_value(c) for c in row] for row in ws.iter_rows(values_only=True))
                tables.append(Table(rows, f"{name}, sheet {ws.title}", sheet=ws.title))
        finally:
            book.close()
        title = ""
        formulas = _formula_cells(data)
    except InputError:
        raise
    except Exception as error:  # zipfile.BadZipFile, openpyxl's InvalidFileException, broken XML …
        where = f", sheet {title}" if title else ""
        raise InputError(f"cannot read {name}{where}: the workbook is damaged "
                         f"({type(error).__name__}): open it and save it again in Excel or "
                         "LibreOffice, or export it as CSV") from None
    for table in tables:
        table.formulas = formulas.get(table.sheet, [])
    return tables


def _cell_value(value):
    """A workbook cell as the reader sees it: TRUE/FALSE as text (never 1 and 0)."""
    return ("TRUE" if value else "FALSE") if isinstance(value, bool) else value


def _statement_of(text: str) -> str | None:
    low = text.lower().replace("_", " ")
    for statement, words in STATEMENT_WORDS:
        if any(w.replace("_", " ") in low for w in words):
            return statement
    return None


# units and currency in free text ("$ in millions", "USD m", "(in thousands)", "€bn")
_SCALES = ((1e9, re.compile(r"\bbillions?\b|\bbn\b|[$€£]\s?b\b|\b[a-z]{3}\s?bn?\b(?<!\bfor\sb)")),
           (1e6, re.compile(r"\bmillions?\b|\bmn\b|\bmm\b|[$€£]\s?m\b|\b(usd|eur|gbp|chf|dkk|sek|nok|jpy|cad|aud)\s?m\b")),
           (1e3, re.compile(r"\bthousands?\b|\(000s?\)|\b000s\b|'000|[$€£]\s?k\b|\b(usd|eur|gbp)\s?k\b")))


def scale_in(text: str) -> float | None:
    """The scale a units phrase states, or None.

    >>> [scale_in(t) for t in ["$ in millions", "(in thousands)", "USD m", "€bn", "Category"]]
    [1000000.0, 1000.0, 1000000.0, 1000000000.0, None]
    """
    low = str(text).lower()
    for scale, pattern in _SCALES:
        if pattern.search(low):
            return scale
    return None


def currency_in(text: str) -> str | None:
    """A currency named in a header ("$ in millions" → USD, "EUR m" → EUR), or None. Dollars
    with a prefix ("NT$", "HK$", "S$" …) or named ("New Taiwan dollars") are not US dollars.

    >>> [currency_in(t) for t in ["$ in millions", "NT$ in millions",
    ...                           "(in thousands of New Taiwan dollars)", "Category"]]
    ['USD', 'TWD', 'TWD', None]
    """
    for code in re.findall(r"\b[A-Z]{3}\b", str(text)):
        if code in CURRENCY_CODES:
            return code
    low = str(text).lower()
    for pattern, code in _DOLLARS:
        if re.search(pattern, low):
            return code
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in str(text):
            return code
    return None


_DOLLARS = ((r"\bnt\$|new taiwan dollars?|\bnt dollars?", "TWD"), (r"\bhk\$|hong kong dollars?", "HKD"),
            (r"\bs\$|singapore dollars?", "SGD"), (r"\b(a|au)\$|australian dollars?", "AUD"),
            (r"\b(c|ca)\$|canadian dollars?", "CAD"), (r"\bnz\$|new zealand dollars?", "NZD"),
            (r"\br\$|brazilian real", "BRL"), (r"\bmx\$|mexican pesos?", "MXN"),
            (r"\bus\$|\bu\.?s\.? dollars?", "USD"))


def parse_units(units) -> float:
    """The multiplier of a `units` option: ones, thousands, millions, billions (or k, m, bn).

    >>> parse_units("millions"), parse_units("k"), parse_units(None)
    (1000000.0, 1000.0, 1.0)
    """
    if units in (None, ""):
        return 1.0
    key = normalise(units).replace(" ", "")
    for prefix in ("usd", "eur", "gbp", "in"):
        key = key.removeprefix(prefix) if key != prefix else key
    if key in UNITS:
        return UNITS[key]
    found = scale_in(str(units))
    if found:
        return found
    raise InputError(f"unknown units {units!r}: use ones, thousands, millions or billions")


# --- one table ------------------------------------------------------------------------------

@dataclass
class Grid:
    """A table reduced to labels × periods, with what was found around it."""

    labels: list[str]
    periods: list[Period]
    numbers: np.ndarray         # numbers[i, j]: label i, period j (NaN: empty or not a number)
    unread: np.ndarray          # True where a cell holds text that is not a number
    text: list[str]             # header and preamble text (for units and currency)
    meta: dict
    notes: list = field(default_factory=list)   # what was repaired on the way (DataQualityNote)
    cell: object = None         # cell(i, j): the cell as written (for messages)

    @property
    def values(self) -> np.ndarray:
        """`numbers` under its former name (``values[i]``: the numbers of label i)."""
        return self.numbers


def _count_periods(cells) -> int:
    return sum(parse_period(c) is not None for c in cells)


def _find_header(rows: list[list]) -> tuple[int, bool] | None:
    """(index of the header row, transposed) or None when no row or column has periods."""
    best_a = None
    for i, row in enumerate(rows):
        cells = [c for c in row[1:] if c not in (None, "")]
        n = _count_periods(cells)
        if n and n * 2 >= len(cells):
            best_a = (i, n)
            break
    marks = [parse_period(row[0] if row else None) is not None for row in rows]
    best_b = None
    if any(marks):
        start = marks.index(True)
        if start >= 1:
            best_b = (start - 1, sum(marks))
    if best_a is None and best_b is None:
        return None
    transposed = best_b is not None and (best_a is None or best_b[1] > best_a[1])
    return (best_b[0], True) if transposed else (best_a[0], False)


def _frame(rows: list[list], width: int) -> pd.DataFrame:
    """Rows of cells as a frame with columns 0 … width-1 (at least)."""
    width = max([width, *map(len, rows)])
    return pd.DataFrame([row + [None] * (width - len(row)) for row in rows],
                        columns=range(width), dtype=object)


def column_numbers(column: pd.Series, decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """(numbers, unread) of a column of cells, vectorised: each distinct cell is parsed once
    (`parse_number`); `unread` is True where a cell holds text that is not a number nor a
    placeholder ("—", "n/a").

    >>> numbers, unread = column_numbers(pd.Series(["1", "(2)", "—", "abc", None, 3.5]))
    >>> numbers.tolist(), unread.tolist()
    ([1.0, -2.0, nan, nan, nan, 3.5], [False, False, False, True, False, False])
    """
    if column.dtype.kind in "fiu":
        return column.to_numpy(dtype=float, na_value=np.nan), np.zeros(len(column), bool)
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    values = np.full(len(uniques) + 1, np.nan)      # the last slot: empty cells (code -1)
    text = np.zeros(len(uniques) + 1, bool)
    quick = None
    if decimal == "." and len(uniques):
        strings = np.array([isinstance(u, str) for u in uniques])
        quick = pd.to_numeric(pd.Series(np.where(strings, uniques, None)), errors="coerce").to_numpy(float)
    rest = range(len(uniques))
    if quick is not None:
        values[:len(uniques)] = quick
        rest = np.flatnonzero(np.isnan(quick)).tolist()
    for k in rest:
        cell = uniques[k]
        value = parse_number(cell, decimal)
        values[k] = value
        if value != value:
            text[k] = (not isinstance(cell, (int, float)) if not isinstance(cell, str)
                       else cell.strip().lower() not in MISSING)
    return values[codes], text[codes]


def grid_of(table: Table) -> Grid | None:
    """Find the header and the orientation; None when the table has no periods."""
    rows = table.rows
    found = _find_header(rows)
    if found is None:
        return None
    header_at, transposed = found
    header = rows[header_at]
    preamble = rows[:header_at]
    notes: list = []
    if table.body is not None or table.bulk is not None:
        frame = table.body
    else:
        frame = _frame(_rejoin_rows(rows[header_at + 1:], len(header), table.source, notes),
                       len(header))
    meta = {}
    text = [str(c) for c in header if isinstance(c, str)]
    for row in preamble:
        key = normalise(row[0]) if row and row[0] is not None else ""
        if ":" in str(row[0]) and len(row) == 1:
            key, _, value = str(row[0]).partition(":")
            key, row = normalise(key), [key, value.strip()]
        if key in META_KEYS and len(row) > 1 and row[1] not in (None, ""):
            meta[META_KEYS[key]] = str(row[1]).strip()
        text.extend(str(c) for c in row if isinstance(c, str))
    decimal = table.decimal
    if transposed:
        labels = [str(c).strip() if c is not None else "" for c in header[1:]]
        first = frame[0].tolist()
        picked = [k for k, c in enumerate(first) if parse_period(c) is not None]
        skipped = [c for c in first if parse_period(c) is None and _looks_like_period(c)]
        periods = [parse_period(first[k]) for k in picked]
        body = frame.iloc[picked]
        numbers = np.full((len(labels), len(picked)), np.nan)
        unread = np.zeros((len(labels), len(picked)), bool)
        for i in range(len(labels)):
            if i + 1 in body.columns:
                numbers[i], unread[i] = column_numbers(body[i + 1], decimal)
        cell = (lambda i, j: body.iat[j, i + 1])
    elif table.bulk is not None:
        bulk = table.bulk
        columns = bulk.columns
        skipped = [c for j, c in enumerate(header) if j and j not in columns and _looks_like_period(c)]
        periods = [parse_period(header[j]) for j in columns]
        labels, numbers, unread = bulk.labels, bulk.numbers, bulk.unread
        cell = (lambda i, j: bulk.text.get((i, j), ""))
        if header and isinstance(header[0], str):
            text.append(header[0])
    else:
        columns = [j for j, c in enumerate(header) if j and parse_period(c) is not None]
        skipped = [c for j, c in enumerate(header) if j and j not in columns and _looks_like_period(c)]
        periods = [parse_period(header[j]) for j in columns]
        labels = [v.strip() if type(v) is str else ("" if v is None or v != v else str(v).strip())
                  for v in frame[0].tolist()]
        numbers = np.full((len(labels), len(columns)), np.nan)
        unread = np.zeros((len(labels), len(columns)), bool)
        for k, j in enumerate(columns):
            if j in frame.columns:
                numbers[:, k], unread[:, k] = column_numbers(frame[j], decimal)
        cell = (lambda i, j: frame.iat[i, columns[j]])
        if header and isinstance(header[0], str):
            text.append(header[0])
    if skipped:
        shown = ", ".join(repr(_short(str(c))) for c in skipped[:5])
        notes.append(DataQualityNote(
            "unread_periods", None,
            f"{table.source}: {len(skipped)} {'row' if transposed else 'column'}(s) not read "
            f"because the period is not a date or fiscal year: {shown}"
            f"{' …' if len(skipped) > 5 else ''}; write fiscal years (2023) or dates "
            "(2023-09-30)."))
    periods, numbers, unread, keep = _one_column_per_period(periods, numbers, unread, labels,
                                                            table.source, notes)
    return Grid(labels, periods, numbers, unread, text, meta, notes,
                cell=lambda i, j: cell(i, keep[j]))


def _looks_like_period(cell) -> bool:
    """Whether a header cell that is not a period looks like one meant to be ("2023-13-45",
    "FY 20233"): a four-digit year or a date's shape."""
    if cell is None or isinstance(cell, (int, float)):
        return False
    low = str(cell).lower()
    return bool(_DATE_HINT.search(low) or re.search(r"(19|20)\d{2}", low))


def _short(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters (notes stay short whatever a file holds)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _first(items: list[str], n: int = 5, sep: str = ", ") -> str:
    """The first `n` items, and how many more there are (notes stay short).

    >>> _first(["a", "b", "c"], 2)
    'a, b and 1 more'
    """
    more = f" and {len(items) - n:,} more" if len(items) > n else ""
    return sep.join(items[:n]) + more


# --- repairs and refusals: split numbers, a period twice, an item twice -----------------------

_TAIL = re.compile(r"^\d{3}(\.\d+)?\)?%?$")       # the piece after a thousands comma: "234)"
_HEAD = re.compile(r"(^|[^\d,.])\d{1,3}$")         # the piece before it: "(1", "$ 1", "12"
_MIDDLE = re.compile(r"^\d{3}$")
_NUMBERISH = re.compile(r"^[-+(]?\s*(US\$|USD|EUR|GBP|[$€£¥])?\s*[-+(]?\d[\d.]*\)?%?$")


def _joinable(pieces: tuple) -> bool:
    """Whether `pieces` are one number cut at its thousands commas ("(1", "234)")."""
    return (len(pieces) == 1 or (
        isinstance(pieces[0], str) and bool(_HEAD.search(pieces[0]))
        and all(isinstance(p, str) and _MIDDLE.match(p) for p in pieces[1:-1])
        and isinstance(pieces[-1], str) and bool(_TAIL.match(pieces[-1]))
        and parse_number(",".join(pieces)) == parse_number(",".join(pieces))))


def _groupings(cells: tuple, n: int, limit: int = 2) -> list[list]:
    """Up to `limit` ways to read `cells` as `n` cells, joining numbers cut at their commas.

    >>> _groupings(("(1", "234)", "$ 5", "678"), 2)
    [['(1,234)', '$ 5,678']]
    >>> len(_groupings(("1", "234", "567"), 2))     # 1,234 | 567 or 1 | 234,567
    2
    """
    if n == 0 or len(cells) < n:
        return [[]] if not cells and n == 0 else []
    out: list[list] = []
    for b in range(1, len(cells) - n + 2):
        if b > 1 and not (isinstance(cells[0], str) and _HEAD.search(cells[0]) and all(
                isinstance(c, str) and _MIDDLE.match(c) for c in cells[1:b - 1])):
            break                           # no longer join can be a number either
        if not _joinable(cells[:b]):
            continue
        joined = ",".join(map(str, cells[:b])) if b > 1 else cells[0]
        for rest in _groupings(cells[b:], n - 1, limit - len(out)):
            out.append([joined, *rest])
        if len(out) >= limit:
            break
    return out


def _rejoin_rows(body: list[list], width: int, where: str, notes: list) -> list[list]:
    """Rows longer than the header because a number's thousands comma was not quoted
    ("(1,234)" written bare in a CSV), read whole when only one reading fits; InputError when
    several or none do. Longer rows without such pieces (a comment column) stay as they are."""
    out, fixed = [], []
    for row in body:
        cut = (len(row) > width and any(isinstance(c, str) and _NUMBERISH.match(c)
                                        for c in row[width:])
               and any(isinstance(a, str) and isinstance(b, str) and _HEAD.search(a)
                       and _TAIL.match(b) for a, b in zip(row[1:], row[2:])))
        if not cut:
            out.append(row)
            continue
        ways = _groupings(tuple(row[1:]), width - 1)
        if len(ways) != 1:
            raise InputError(f"{where}: the row {_short(row[0])!r} has {len(row)} cells for "
                             f"{width} columns: a number's thousands comma splits it; quote "
                             'numbers with commas ("1,234") or write them without commas')
        out.append([row[0], *ways[0]])
        fixed.append(_short(row[0], 40))
    if fixed:
        notes.append(DataQualityNote(
            "split_numbers", None,
            f"{where}: numbers with unquoted thousands commas in {', '.join(fixed[:10])} "
            f"{'(and more) ' if len(fixed) > 10 else ''}were read whole (\"(1,234)\" as "
            "-1,234); quote numbers with commas to be sure."))
    return out


def _period_text(p: Period) -> str:
    if p.kind == "year":
        return str(p.year)
    if p.kind == "quarter":
        return f"Q{p.quarter} {p.year}"
    return ("TTM " if p.kind == "ttm" else "") + (p.end.date().isoformat() if p.end is not None else "")


def _one_column_per_period(periods: list, numbers: np.ndarray, unread: np.ndarray,
                           labels: list, where: str, notes: list):
    """The periods, numbers and unread cells with each period once (and the kept columns'
    indexes): a period given twice whose columns agree is read once (with a note); columns
    that differ are an InputError."""
    first: dict = {}
    keep = []
    for j, p in enumerate(periods):
        if p not in first:
            first[p] = j
            keep.append(j)
            continue
        k, shown = first[p], _period_text(p)
        a, b = numbers[:, k], numbers[:, j]
        differ = ~((a == b) | (np.isnan(a) & np.isnan(b)))
        if differ.any():
            i = int(np.argmax(differ))
            raise InputError(f"{where}: the period {shown} is there twice and the two "
                             f"differ ({_short(labels[i])}: {_shown(a[i])} and {_shown(b[i])}): "
                             "delete or relabel the wrong one")
        notes.append(DataQualityNote("repeated_period", p.year,
                                     f"{where}: the period {shown} is there twice with the same "
                                     "values; read once."))
    if len(keep) == len(periods):
        return periods, numbers, unread, keep
    return [periods[j] for j in keep], numbers[:, keep], unread[:, keep], keep


def _shown(value: float) -> str:
    return "empty" if value != value else _plain(value)


def _kinds(periods: list[Period], requested: str) -> list[str]:
    """'annual', 'quarterly' or 'ttm' for each period column."""
    dates = sorted(p.end for p in periods if p.kind == "date")
    gaps = [(b - a).days for a, b in zip(dates, dates[1:]) if (b - a).days > 0]
    if gaps:
        dated = "quarterly" if sorted(gaps)[len(gaps) // 2] < 200 else "annual"
    else:
        dated = requested if requested in ("annual", "quarterly") else "annual"
    return [{"year": "annual", "quarter": "quarterly", "ttm": "ttm", "date": dated}[p.kind]
            for p in periods]


# --- the reader -----------------------------------------------------------------------------

@dataclass
class _Found:
    item: str
    rank: tuple
    row: dict


@dataclass
class InMemory:
    """A CSV text made in memory (e.g. from a pandas DataFrame, `finlit.sources.frames`),
    with the name shown in notes and provenance and the statement it holds when known."""

    text: str
    name: str
    statement: str | None = None

    def read(self) -> str:
        return self.text


def _tables(source, name: str, max_size: int | None = None) -> list[Table]:
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, bytes):
            data = _decode(data, name)
        text = data.lstrip("\ufeff")
        return [text_table(lambda: io.StringIO(text, newline=""), name)]
    path = Path(source)
    check_file(path, max_size)
    with open(path, "rb") as fh:
        head = fh.read(HEAD)
    kind = sniff(head)
    if kind == "zip":
        return xlsx_tables(path, name, max_size)
    if kind == "xls":
        raise InputError(xls_message(path, name))
    if kind in ("binary", "pdf"):
        raise InputError(f"cannot read {name}: it is not a text file (save it as CSV, UTF-8)")
    encoding = text_encoding(head)
    for enc in dict.fromkeys((encoding, "cp1252", "latin-1")):
        try:
            return [text_table(lambda: open(path, encoding=enc, newline=""), name)]
        except UnicodeError:
            continue        # a byte further on that the first bytes did not show
    raise InputError(f"cannot read {name}: it is not a text file (save it as CSV, UTF-8)")


def _decode(raw: bytes, name: str) -> str:
    for encoding in dict.fromkeys((text_encoding(raw[:HEAD]), "cp1252", "latin-1")):
        try:
            return raw.decode(encoding)
        except UnicodeError:
            continue
    raise InputError(f"cannot read {name}: it is not a text file (save it as CSV, UTF-8)")


def _yfinance_facts(source, name: str, period: str, currency: str | None):
    """Facts of a CSV saved from yfinance, or None when the file is not one (decided from
    its first bytes; only then is the whole file read)."""
    from .yfinance_csv import label_mapping, read_frame, read_yfinance_csv

    if isinstance(source, InMemory):
        text = head = source.text
    elif not isinstance(source, (str, os.PathLike)) or Path(source).suffix.lower() not in (".csv", ".txt", ""):
        return None
    else:
        try:
            with open(source, "rb") as fh:
                raw = fh.read(HEAD)
            if sniff(raw) != "text":
                return None
            head = raw.decode(text_encoding(raw), errors="replace")
        except OSError:
            return None
        text = None
    head = head.lstrip("\ufeff")
    first = head.splitlines()[:1]
    if not first or not re.search(r"(?m)(^|,)\d{4}-\d{2}-\d{2}", head[:20000]):
        return None
    sample = head if text is not None or len(raw) < HEAD else head[:head.rfind("\n") + 1]
    try:
        frame = read_frame(io.StringIO(sample))
    except (ValueError, pd.errors.ParserError):
        return None
    if frame.empty or sum(label in label_mapping() for label in frame.index) < 3:
        return None
    if text is None:
        with open(source, "rb") as fh:
            text = _decode(fh.read(), name).lstrip("\ufeff")
        try:
            frame = read_frame(io.StringIO(text))
        except (ValueError, pd.errors.ParserError):
            return None
    if period == "ttm":
        raise InputError(f"{name} has no trailing-twelve-month column: use --period annual")
    facts = read_yfinance_csv(io.StringIO(text), currency=currency or "USD")
    unmapped = [label for label in frame.index
                if label not in label_mapping() and frame.loc[[label]].notna().any(axis=None)]
    return facts, frame, unmapped


def label_hits(grid: Grid) -> list:
    """Per label of `grid`, its (canonical item, priority) or None (see `_row_hits`)."""
    hits = _row_hits(grid)
    return [hits.get(i) for i in range(len(grid.labels))]


def _row_hits(grid: Grid) -> dict[int, tuple]:
    """Row → (canonical item, priority) for the rows whose label maps to an item. The labels
    are looked at in batches (`squeezed`: C-speed), and normalised one by one only when their
    key matches a synonym's, so that a file of a million labels costs about a second."""
    if getattr(grid, "_hits", None) is None:
        synonyms, keys, labels = label_synonyms(), _synonym_keys(), grid.labels
        hits = {}
        for k in range(0, len(labels), 10_000):
            batch = squeezed(labels[k:k + 10_000])
            for i in compress(range(k, k + len(batch)), map(keys.__contains__, batch)):
                hit = synonyms.get(normalise(labels[i]))
                if hit is not None:
                    hits[i] = hit
        grid._hits = hits
    return grid._hits


def _first_labels(labels: list[str], rows: np.ndarray, n: int = 10) -> tuple[list[str], int]:
    """The first `n` distinct non-empty labels of `rows` (a mask) and how many rows of `rows`
    have a label."""
    picked = np.flatnonzero(rows)
    count = len(picked)
    if "" in labels:
        count -= sum(1 for i in picked.tolist() if not labels[i])
    first: dict = {}
    for i in picked.tolist():
        if labels[i]:
            first.setdefault(labels[i])
            if len(first) == n:
                break
    return list(first), count


@dataclass
class _Picked:
    """What one table gives: the values found, labels that map to nothing, and cells of
    mapped rows that could not be read (text where a number belongs)."""

    found: list
    unmapped: list               # the first ten
    unread: list
    unmapped_count: int = 0      # all of them


def _pick(grid: Grid, table: Table, t_index: int, period: str, fye: str | None,
          multiplier: float, notes: list | None = None) -> _Picked:
    kinds = _kinds(grid.periods, period)
    used = [j for j, k in enumerate(kinds) if k == period]
    numbers, hits = grid.numbers, _row_hits(grid)
    n = len(grid.labels)
    has_number = ~np.isnan(numbers).all(axis=1) if numbers.shape[1] else np.zeros(n, bool)
    has_text = grid.unread[:, used].any(axis=1) if used else np.zeros(n, bool)
    mapped = np.zeros(n, bool)
    mapped[[i for i, h in hits.items() if not (table.statement == "cashflow"
                                               and ITEMS[h[0]].statement == "balance")]] = True
    unmapped, unmapped_count = _first_labels(grid.labels, has_number & ~mapped)
    parsed = {int(i): (hits[i], numbers[i]) for i in np.flatnonzero(mapped & has_number)}
    unread = [f"{_short(grid.labels[i], 40)} {_period_text(grid.periods[j])} "
              f"({_short(grid.cell(i, j), 20)!r})"
              for i in np.flatnonzero(mapped & has_text) for j in used if grid.unread[i, j]]
    # signs: a sheet whose costs are mostly negative shows costs as negatives
    costs = [n for (hit, row) in parsed.values() if hit[0] in COSTS for n in row if n == n and n]
    costs_negative = bool(costs) and sum(n < 0 for n in costs) * 2 > len(costs)
    fye_used = fye or "12-31"
    columns = _columns(grid, used, period, fye_used, table.source, parsed, notes)
    found = []
    for i, ((item, priority), row) in parsed.items():
        spec = ITEMS[item]
        for j, end, year in columns:
            value = float(row[j])
            if value != value:
                continue
            flipped = False
            if spec.outflow and (costs_negative or (item in CASH_OUTFLOWS + COSTS and value < 0)):
                value, flipped = -value, value != 0
            if spec.unit in ("money", "shares"):
                value *= multiplier
            home = 0 if (table.statement in (None, spec.statement)) else 1
            found.append(_Found(item, (home, priority, t_index, i), {
                "line_item": item, "period_end": end, "fiscal_year": year, "period": period,
                "value": float(value) + 0.0, "source": SOURCE, "source_key": grid.labels[i],
                "filing": table.source,
                "flipped": bool(flipped)}))
    return _Picked(found, unmapped, unread, unmapped_count)


def _columns(grid: Grid, used: list[int], period: str, fye: str, where: str, parsed: dict,
             notes: list | None) -> list[tuple]:
    """(column, period end, fiscal year) of the columns read. A fiscal-year column and a
    dated column that are the same fiscal year (``2023`` beside ``2023-09-30``) are read once
    with a note when their values agree, and refused when they differ."""
    out, seen = [], {}
    for j in used:
        p = grid.periods[j]
        if p.kind == "year":
            end, year = _year_end(p.year, fye), p.year
        elif p.kind == "quarter":
            end = _year_end(p.year - 1, fye) + pd.offsets.MonthEnd(3 * p.quarter)
            year = p.year
        else:
            end = p.end
            if end is None:
                raise InputError(f"the TTM column of {where} has no end date: write "
                                 "it as 'TTM 2024-06-29'")
            year = fiscal_year(end) if period == "annual" else fiscal_year_of(end, fye)
        key = year if period == "annual" else end
        other = seen.get(key)
        if other is not None and (grid.periods[other[0]].kind == "date") != (p.kind == "date"):
            k = other[0]
            rows = sorted(parsed)
            a, b = grid.numbers[rows, k], grid.numbers[rows, j]
            differ = ~((a == b) | np.isnan(a) | np.isnan(b))
            what = f"FY{year}" if period == "annual" else end.date().isoformat()
            pair = f"{_period_text(grid.periods[k])} and {_period_text(p)}"
            if differ.any():
                i = int(np.argmax(differ))
                raise InputError(
                    f"{where}: the columns {pair} are both {what} and differ "
                    f"({_short(grid.labels[rows[i]])}: {_shown(a[i])} and {_shown(b[i])}): delete "
                    "one, or give the fiscal year end (a line 'fiscal_year_end,09-30' before "
                    "the header)")
            if notes is not None:
                notes.append(DataQualityNote("repeated_period", year,
                                             f"{where}: the columns {pair} are both {what} "
                                             "with the same values; read once."))
            continue
        seen.setdefault(key, (j, end))
        out.append((j, end, year))
    return out


def read_user_file(source, units=None, period: str = "annual", name: str | None = None,
                   currency: str | None = None, fiscal_year_end: str | None = None,
                   company: str | None = None, kind: str | None = None, stem: str | None = None,
                   notes=(), max_file_size: int | None = None) -> Company:
    """A company from the user's CSV/TSV file or Excel workbook (or a list of files, e.g. one
    per statement). `units` ("millions" …) overrides what the file says; `fiscal_year_end`
    ("09-30") places fiscal-year columns on their period end (default: the file's
    ``fiscal_year_end`` line, else 12-31); `company` names the company; `kind` ("bank" …)
    overrides the file's ``kind`` line and the kind finlit decides; `stem` names the company
    when the file names do not (a statement set's company stem); `notes` come first;
    `max_file_size` (bytes, default `finlit.sources.filetype.MAX_FILE_SIZE`, 200 MB) refuses
    larger files before they are read.

    Several files are one company's statements: per item and period the value from the file
    of the item's own statement wins, and values that disagree across files are a
    ``conflicting_values`` note."""
    check_period(period)
    sources = list(source) if isinstance(source, (list, tuple)) else [source]
    explicit = parse_units(units) if units not in (None, "") else None
    if fiscal_year_end:
        fiscal_year_end = check_fiscal_year_end(fiscal_year_end)
    reading = _Reading(period, explicit, fiscal_year_end, several=len(sources) > 1)
    reading.notes.extend(notes)
    names = []
    for src in sources:
        label = name if (name and len(sources) == 1) else (
            Path(src).name if isinstance(src, (str, os.PathLike)) else getattr(src, "name", "the file"))
        names.append(label)
        if isinstance(src, (str, os.PathLike)):
            check_file(src, max_file_size)
        if not reading.add_yfinance_csv(src, label, currency):
            for table in _tables(src, label, max_file_size):
                reading.add_table(table, src)
    shown = ", ".join(names)
    if not reading.found:
        formulas = [cell for cell, _label in reading.formulas]
        if formulas:
            raise InputError(f"{shown} has formulas without saved values ({len(formulas)} "
                             f"cells, e.g. {', '.join(formulas[:3])}) and nothing else to read: "
                             "open and save it in Excel or LibreOffice, or export values")
        raise InputError(f"no usable line items in {shown} ({reading.seen()}): label the rows "
                         "with canonical keys (revenue, net_income, total_assets …) or common "
                         "labels ('Net sales', 'Total assets') and the columns with fiscal "
                         f"years; see the template {TEMPLATE}")
    return reading.company(names, currency, company,
                           all_yfinance=reading.yfinance_files == len(sources), kind=kind, stem=stem)


@dataclass
class _Reading:
    """One call of `read_user_file`: its options and what its files gave so far."""

    period: str
    units: float | None              # the multiplier the caller gave (--units), which wins
    fiscal_year_end: str | None      # the caller's
    several: bool                    # several files: a file's name may say its statement
    found: list[_Found] = field(default_factory=list)
    notes: list[DataQualityNote] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    currencies: list[str] = field(default_factory=list)
    yfinance_files: int = 0
    tables: int = 0
    rows: int = 0                    # labelled rows seen (for the message when nothing is read)
    periods: dict = field(default_factory=dict)    # period columns seen
    unmapped: int = 0
    unread: int = 0
    formulas: list = field(default_factory=list)   # (cell, label) without a saved value

    def seen(self) -> str:
        """What the files held, in a few words (when nothing could be read)."""
        if not self.periods:
            return "no fiscal years or dates in a header row or first column"
        parts = [f"{self.rows:,} labelled rows", f"{len(self.periods)} period columns "
                 f"({', '.join(list(self.periods)[:4])}{' …' if len(self.periods) > 4 else ''})"]
        if self.unmapped:
            parts.append(f"{self.unmapped:,} labels that map to no line item")
        if self.unread:
            parts.append(f"{self.unread:,} cells of line items that are not numbers")
        return "found " + ", ".join(parts)

    def add_yfinance_csv(self, src, label: str, currency: str | None) -> bool:
        """Read `src` when it is a CSV saved from yfinance; False when it is not one."""
        yf = _yfinance_facts(src, label, self.period, currency)
        if yf is None:
            return False
        facts, _frame, unmapped = yf
        bad = ~facts["value"].map(lambda v: math.isfinite(v) if v == v else True)
        if bad.any():
            self.notes.append(_non_finite_note(label, [
                f"{ITEMS[r['line_item']].label} FY{int(r['fiscal_year'])}"
                for r in facts[bad].to_dict("records")]))
            facts = facts[~bad].reset_index(drop=True)
        if self.units:
            money = facts["line_item"].map(lambda k: ITEMS[k].unit in ("money", "shares"))
            facts.loc[money, "value"] *= self.units
        if self.period == "quarterly":
            facts["period"] = "quarterly"
            facts["fiscal_year"] = [fiscal_year_of(e, self.fiscal_year_end or "12-31")
                                    for e in facts["period_end"]]
        self.tables += 1                 # this file's index in the ranks (as add_table)
        statement = _statement_of_file(src) if (self.several or isinstance(src, InMemory)) else None
        for row in facts.to_dict("records"):
            row["filing"] = label
            home = 0 if statement in (None, ITEMS[row["line_item"]].statement) else 1
            self.found.append(_Found(row["line_item"], (home, 0, self.tables, 0), row))
        if unmapped:
            self.notes.append(_unmapped_note(label, unmapped))
        self.yfinance_files += 1
        return True

    def add_table(self, table: Table, src) -> None:
        """Read one CSV file or sheet: its statement, units, currency and values."""
        self.tables += 1
        grid = grid_of(table)
        if grid is None:
            if table.formulas:
                self.formulas.extend(table.formulas)
                self.notes.append(_formula_note(table.source, table.formulas))
            if table.sheet and table.rows:
                self.notes.append(DataQualityNote("sheet_skipped", None,
                                                  f"{table.source}: no fiscal years or dates in "
                                                  "the header, not read."))
            return
        self.meta = {**grid.meta, **self.meta}
        named_file = self.several or isinstance(src, InMemory)  # one file per statement
        table.statement = ((_statement_of(table.sheet) if table.sheet else None)
                           or (_statement_of_file(src) if named_file else None)
                           or _guess_statement(grid))
        scale = self._scale(grid, table)
        cur = next((c for c in (currency_in(t) for t in grid.text) if c), None)
        if cur:
            self.currencies.append(cur)
        fye = (self.fiscal_year_end or grid.meta.get("fiscal_year_end")
               or self.meta.get("fiscal_year_end"))
        if fye and fye != self.fiscal_year_end:
            check_fiscal_year_end(fye, f"{table.source}: fiscal_year_end")
        self.notes.extend(grid.notes)
        picked = _pick(grid, table, self.tables, self.period, fye, scale or 1.0, self.notes)
        rows, unmapped = picked.found, picked.unmapped
        self.rows += len(grid.labels) - grid.labels.count("")
        self.periods.update(dict.fromkeys(_period_text(p) for p in grid.periods))
        self.unmapped += picked.unmapped_count
        self.unread += len(picked.unread)
        if picked.unread:
            self.notes.append(_unread_note(table.source, picked.unread))
        if table.formulas:
            self.formulas.extend(table.formulas)
            self.notes.append(_formula_note(table.source, table.formulas))
        rows = _finite(rows, table.source, self.notes)
        self.notes.extend(duplicate_notes(rows, table.source))
        if not rows and unmapped == [] and grid.periods:
            kinds = sorted(set(_kinds(grid.periods, self.period)))
            if self.period not in kinds:
                raise InputError(f"{table.source} has no {self.period} columns (it has "
                                 f"{', '.join(kinds)}): use --period {kinds[0]}")
        self.found.extend(rows)
        if unmapped:
            self.notes.append(_unmapped_note(table.source, unmapped, picked.unmapped_count))

    def _scale(self, grid: Grid, table: Table) -> float | None:
        """The table's units: the caller's, a ``units`` line, or a phrase in the header (None,
        with a note, when nothing says)."""
        stated = parse_units(self.meta["units"]) if self.meta.get("units") else None
        scale = self.units or stated or next((s for s in map(scale_in, grid.text) if s), None)
        if scale is None:
            self.notes.append(DataQualityNote(
                "units_assumed", None,
                f"{table.source} does not say its units: values read as given (full "
                "currency units); if they are in thousands or millions say so with --units "
                "or a header such as '$ in millions'."))
        return scale

    def company(self, names: list[str], currency: str | None, company: str | None,
                all_yfinance: bool, kind: str | None = None, stem: str | None = None) -> Company:
        """The company of what was read: per item and period the best-ranked value."""
        rows = list(pick_by_priority(((f.item, pd.Timestamp(f.row["period_end"])), f.rank, f.row)
                                     for f in self.found).values())
        if self.several:
            self.notes.extend(conflict_notes(self.found))
        shown, meta, notes = ", ".join(names), self.meta, self.notes
        cur = currency or meta.get("currency") or next(iter(self.currencies), None)
        if not cur:
            cur = "USD"
            if not all_yfinance:
                notes.append(DataQualityNote("currency_assumed", None,
                                             f"{shown} does not say its currency: USD assumed "
                                             "(add a line 'currency,EUR' before the header)."))
        cur = cur.upper()
        stem = stem or (Path(names[0]).stem if names else "company")
        fye = self.fiscal_year_end or meta.get("fiscal_year_end") or ""
        if not fye and self.period == "annual":
            ends = sorted(pd.Timestamp(r["period_end"]) for r in rows)
            fye = ends[-1].strftime("%m-%d") if ends else ""
        info = CompanyInfo(ticker=(meta.get("ticker") or stem).strip(),
                           name=company or meta.get("company") or stem.replace("_", " "),
                           industry=meta.get("industry", ""), currency=cur, fiscal_year_end=fye,
                           source=f"the user's file {shown}")
        facts = make_facts(rows, currency=cur, source=SOURCE, period=self.period)
        facts["currency"] = cur
        return build_company(info, facts, notes=notes, kind=kind or meta.get("kind"))


def _statement_of_file(src) -> str | None:
    """The statement a file's name marks (``AAPL_balance_sheet.csv``: balance), or None."""
    from .statement_sets import statement_in_name

    if isinstance(src, InMemory):
        return src.statement
    if hasattr(src, "read"):
        return None
    hit = statement_in_name(Path(str(src)).name)
    return hit[1] if hit else _statement_of(Path(str(src)).stem)


def conflict_notes(found: list[_Found]) -> list[DataQualityNote]:
    """A ``conflicting_values`` note per item and period whose best value in one file (or
    sheet) differs from another's; the best-ranked one (its own statement's file) is used."""
    by_key: dict = {}
    for f in found:
        per_table = by_key.setdefault((f.item, pd.Timestamp(f.row["period_end"])), {})
        table = f.rank[2]
        if table not in per_table or f.rank < per_table[table].rank:
            per_table[table] = f
    notes = []
    for (item, _end), per_table in by_key.items():
        hits = sorted(per_table.values(), key=lambda f: f.rank)
        used = hits[0].row["value"]
        others = [f for f in hits[1:] if abs(f.row["value"] - used) > max(0.5, 1e-6 * abs(used))]
        if not others:
            continue
        year, best = int(hits[0].row["fiscal_year"]), hits[0]
        why = (f"the {ITEMS[item].statement} statement's file" if best.rank[0] == 0 and
               any(f.rank[0] for f in others) else "the first file given")
        shown = "; ".join(f"{_plain(f.row['value'])} in {f.row['filing']} ({_short(f.row['source_key'], 40)})"
                          for f in others)
        notes.append(DataQualityNote(
            "conflicting_values", year,
            f"{ITEMS[item].label}, FY{year}: the files disagree: {_plain(best.row['value'])} in "
            f"{best.row['filing']} ({_short(best.row['source_key'], 40)}) is used ({why}), not {shown}."))
    return notes


def duplicate_notes(found: list[_Found], where: str) -> list[DataQualityNote]:
    """A ``duplicate_rows`` note per item and period one table gives twice, with the same
    priority and different values (the first row is used)."""
    by_key: dict = {}
    for f in found:
        by_key.setdefault((f.item, pd.Timestamp(f.row["period_end"])), []).append(f)
    notes = []
    for (item, _end), hits in by_key.items():
        hits = sorted(hits, key=lambda f: f.rank)
        best, used = hits[0], hits[0].row["value"]
        others = [f for f in hits[1:] if f.rank[:3] == best.rank[:3]
                  and abs(f.row["value"] - used) > max(0.5, 1e-6 * abs(used))]
        if not others:
            continue
        year = int(best.row["fiscal_year"])
        shown = _first([f"{_plain(f.row['value'])} (row '{_short(f.row['source_key'], 40)}')"
                        for f in others], 3, "; ")
        notes.append(DataQualityNote(
            "duplicate_rows", year,
            f"{ITEMS[item].label}, FY{year}: {where} gives it twice: {_plain(used)} (row "
            f"'{_short(best.row['source_key'], 40)}', the first) is used, not {shown}; delete or rename the "
            "wrong row."))
    return notes


def _finite(found: list[_Found], where: str, notes: list) -> list[_Found]:
    """`found` without infinite values ("Infinity", "1e309"), which a note counts."""
    bad = [f for f in found if not math.isfinite(f.row["value"])]
    if not bad:
        return found
    notes.append(_non_finite_note(where, [f"{ITEMS[f.item].label} FY{f.row['fiscal_year']} "
                                          f"(row '{_short(f.row['source_key'], 40)}')" for f in bad]))
    return [f for f in found if math.isfinite(f.row["value"])]


def _non_finite_note(where: str, cells: list[str]) -> DataQualityNote:
    return DataQualityNote(
        "non_finite_values", None,
        f"{where}: {len(cells)} value(s) not read because they are not finite numbers "
        f"(Infinity, NaN or too large): {_first(cells)}; write the figure or "
        "leave the cell empty.")


def _plain(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def _guess_statement(grid: Grid) -> str | None:
    items = {hit[0] for hit in _row_hits(grid).values()}
    if "operating_cash_flow" in items and "total_assets" not in items and "revenue" not in items:
        return "cashflow"
    if "total_assets" in items and "revenue" not in items:
        return "balance"
    return None


def _unmapped_note(where: str, labels: list[str], count: int | None = None) -> DataQualityNote:
    """The labels that map to nothing: all of them when few, else a count and the first ten
    (`count`: how many there are when `labels` holds only the first ones)."""
    count = len(labels) if count is None else count
    shown = ", ".join(_short(label) for label in labels[:10])
    if count > 10:
        shown = f"{count:,} rows, the first ten labels: {shown}"
    return DataQualityNote(
        "unmapped_labels", None,
        f"unmapped labels in {where}: {shown} (not used; rename them to canonical "
        "keys such as revenue or net_income to use them)")


def _unread_note(where: str, cells: list[str]) -> DataQualityNote:
    return DataQualityNote(
        "unread_values", None,
        f"{where}: {len(cells):,} value(s) of line items not read because they are not "
        f"numbers: {_first(cells)}; write plain numbers (1234.5, (1,234), 12%) or "
        "leave the cell empty.")


def _formula_note(where: str, cells: list[tuple]) -> DataQualityNote:
    labels = list(dict.fromkeys(_short(label, 30) for _cell, label in cells if label))
    rows = f" in rows {', '.join(repr(x) for x in labels[:5])}{' …' if len(labels) > 5 else ''}" if labels else ""
    more = " …" if len(cells) > 5 else ""
    return DataQualityNote(
        "formulas_without_values", None,
        f"{where}: {len(cells):,} formula cell(s) have no saved value and are not read "
        f"({', '.join(c for c, _ in cells[:5])}{more}{rows}): the workbook was written by a "
        "program and never opened in a spreadsheet; open and save it in Excel or LibreOffice, "
        "or export values.")


def check_fiscal_year_end(text: str, what: str = "fiscal year end") -> str:
    """`text` when it is a month and day written MM-DD ("09-30"); InputError otherwise.

    >>> check_fiscal_year_end("09-30")
    '09-30'
    >>> check_fiscal_year_end("13-45", "acme.csv: fiscal_year_end")
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: acme.csv: fiscal_year_end '13-45' is not a month and day: write it as MM-DD, e.g. 09-30
    """
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", str(text).strip())
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not m or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= days[int(m.group(1)) - 1]):
        raise InputError(f"{what} {text!r} is not a month and day: write it as MM-DD, e.g. 09-30")
    return f"{int(m.group(1)):02d}-{int(m.group(2)):02d}"


__all__ = ["read_user_file", "label_synonyms", "normalise", "parse_number", "parse_period",
           "parse_units", "scale_in", "csv_rows", "SOURCE", "TEMPLATE"]
