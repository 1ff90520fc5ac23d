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
  with a note;
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
from pathlib import Path

import pandas as pd

from ..company import Company, CompanyInfo, DataQualityNote, make_facts
from ..errors import InputError
from ..items import ITEMS
from ..periods import fiscal_year, fiscal_year_of
from ._mapping import pick_by_priority, read_mapping
from .filetype import sniff_file
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
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


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


def parse_number(cell) -> float:
    """A number cell as a float; NaN for text and placeholders.

    >>> [parse_number(c) for c in ["(1,234)", "1,234.5", "$ 12", "12%", "—", "UPGRADE", 7, "−3"]]
    [-1234.0, 1234.5, 12.0, 0.12, nan, nan, 7.0, -3.0]
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
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
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
    """One grid of cells: a CSV file or a workbook sheet."""

    rows: list[list]
    source: str                 # "acme.csv" or "acme.xlsx, sheet Income"
    sheet: str = ""
    statement: str | None = None
    meta: dict = field(default_factory=dict)


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


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"cannot read {name}: it is not a text file (save it as CSV, UTF-8)")


def csv_rows(text: str) -> list[list]:
    """Rows of a CSV/TSV/semicolon text (delimiter sniffed; BOM and CRLF tolerated)."""
    text = text.lstrip("\ufeff")
    sample = "\n".join(line for line in text.splitlines()[:50] if not line.startswith("#"))
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def xlsx_tables(path, name: str) -> list[Table]:
    """One Table per worksheet (cached values of formulas)."""
    from openpyxl import load_workbook

    try:
        # from the bytes: openpyxl refuses a workbook whose name does not end in .xlsx
        with open(path, "rb") as fh:
            book = load_workbook(io.BytesIO(fh.read()), read_only=True, data_only=True)
    except Exception as error:  # zipfile.BadZipFile, openpyxl's InvalidFileException, KeyError …
        raise InputError(f"cannot read {name} as an Excel workbook ({type(error).__name__}): "
                         "save it again as .xlsx or as CSV") from None
    try:
        return [Table(_clean_rows(ws.iter_rows(values_only=True)), f"{name}, sheet {ws.title}",
                      sheet=ws.title) for ws in book.worksheets]
    finally:
        book.close()


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
    """A currency named in a header ("$ in millions" → USD, "EUR m" → EUR), or None."""
    for code in re.findall(r"\b[A-Z]{3}\b", str(text)):
        if code in CURRENCY_CODES:
            return code
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in str(text):
            return code
    return None


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
    values: list[list]          # values[i][j]: label i, period j
    text: list[str]             # header and preamble text (for units and currency)
    meta: dict
    notes: list = field(default_factory=list)   # what was repaired on the way (DataQualityNote)


def _count_periods(cells) -> int:
    return sum(parse_period(c) is not None for c in cells)


def grid_of(table: Table) -> Grid | None:
    """Find the header and the orientation; None when the table has no periods."""
    rows = table.rows
    best_a = None
    for i, row in enumerate(rows):
        cells = [c for c in row[1:] if c not in (None, "")]
        n = _count_periods(cells)
        if n and n * 2 >= len(cells):
            best_a = (i, n)
            break
    first = [row[0] if row else None for row in rows]
    marks = [parse_period(c) is not None for c in first]
    best_b = None
    if any(marks):
        start = marks.index(True)
        if start >= 1:
            best_b = (start - 1, sum(marks))
    if best_a is None and best_b is None:
        return None
    transposed = best_b is not None and (best_a is None or best_b[1] > best_a[1])
    header_at = best_b[0] if transposed else best_a[0]
    header = rows[header_at]
    preamble = rows[:header_at]
    notes: list = []
    rows = rows[:header_at + 1] + _rejoin_rows(rows[header_at + 1:], len(header), table.source,
                                               notes)
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
    if transposed:
        labels = [str(c).strip() if c is not None else "" for c in header[1:]]
        body = [r for r in rows[header_at + 1:] if r and parse_period(r[0]) is not None]
        periods = [parse_period(r[0]) for r in body]
        values = [[r[i + 1] if i + 1 < len(r) else None for r in body] for i in range(len(labels))]
    else:
        columns = [j for j, c in enumerate(header) if j and parse_period(c) is not None]
        periods = [parse_period(header[j]) for j in columns]
        body = rows[header_at + 1:]
        labels = [str(r[0]).strip() if r[0] is not None else "" for r in body]
        values = [[r[j] if j < len(r) else None for j in columns] for r in body]
        if header and isinstance(header[0], str):
            text.append(header[0])
    periods, values = _one_column_per_period(periods, values, labels, table.source, notes)
    return Grid(labels, periods, values, text, meta, notes)


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
            raise InputError(f"{where}: the row {str(row[0])!r} has {len(row)} cells for "
                             f"{width} columns: a number's thousands comma splits it; quote "
                             'numbers with commas ("1,234") or write them without commas')
        out.append([row[0], *ways[0]])
        fixed.append(str(row[0]))
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


def _one_column_per_period(periods: list, values: list, labels: list, where: str,
                           notes: list) -> tuple[list, list]:
    """The periods and values with each period once: a period given twice whose columns
    agree is read once (with a note); columns that differ are an InputError."""
    first: dict = {}
    keep = []
    for j, p in enumerate(periods):
        if p not in first:
            first[p] = j
            keep.append(j)
            continue
        k, shown = first[p], _period_text(p)
        for label, row in zip(labels, values):
            a, b = parse_number(row[k]), parse_number(row[j])
            if a != b and not (a != a and b != b):
                raise InputError(f"{where}: the period {shown} is there twice and the two "
                                 f"differ ({label}: {row[k]} and {row[j]}): delete or relabel "
                                 "the wrong one")
        notes.append(DataQualityNote("repeated_period", p.year,
                                     f"{where}: the period {shown} is there twice with the same "
                                     "values; read once."))
    if len(keep) == len(periods):
        return periods, values
    return [periods[j] for j in keep], [[row[j] for j in keep] for row in values]


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


def _tables(source, name: str) -> list[Table]:
    if hasattr(source, "read"):
        data = source.read()
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        return [Table(_clean_rows(csv_rows(text)), name)]
    path = Path(source)
    kind = sniff_file(path)
    if kind == "zip":
        return xlsx_tables(path, name)
    if kind == "xls":
        raise InputError(f"{name} is an old Excel 97-2003 workbook: save it as .xlsx or CSV")
    return [Table(_clean_rows(csv_rows(_decode(path.read_bytes(), name))), name)]


def _yfinance_facts(source, name: str, period: str, currency: str | None):
    """Facts of a CSV saved from yfinance, or None when the file is not one."""
    from .yfinance_csv import label_mapping, read_frame, read_yfinance_csv

    if isinstance(source, InMemory):
        text = source.text
    elif not isinstance(source, (str, os.PathLike)) or Path(source).suffix.lower() not in (".csv", ".txt", ""):
        return None
    else:
        try:
            with open(source, encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
        except (UnicodeDecodeError, OSError):
            return None
    first = text.lstrip("\ufeff").splitlines()[:1]
    if not first or not re.search(r"(?m)(^|,)\d{4}-\d{2}-\d{2}", text[:20000]):
        return None
    try:
        frame = read_frame(io.StringIO(text))
    except (ValueError, pd.errors.ParserError):
        return None
    if frame.empty or sum(label in label_mapping() for label in frame.index) < 3:
        return None
    if period == "ttm":
        raise InputError(f"{name} has no trailing-twelve-month column: use --period annual")
    facts = read_yfinance_csv(io.StringIO(text), currency=currency or "USD")
    unmapped = [label for label in frame.index
                if label not in label_mapping() and frame.loc[[label]].notna().any(axis=None)]
    return facts, frame, unmapped


def _pick(grid: Grid, table: Table, t_index: int, period: str, fye: str | None,
          multiplier: float) -> tuple[list[_Found], list[str]]:
    synonyms = label_synonyms()
    kinds = _kinds(grid.periods, period)
    used = [j for j, k in enumerate(kinds) if k == period]
    found, unmapped = [], []
    parsed = {}
    for i, label in enumerate(grid.labels):
        numbers = [parse_number(v) for v in grid.values[i]]
        if not any(n == n for n in numbers):
            continue                       # a heading or an all-text row: not data
        hit = synonyms.get(normalise(label))
        if hit is None or (table.statement == "cashflow" and ITEMS[hit[0]].statement == "balance"):
            if label and label not in unmapped:
                unmapped.append(label)
            continue
        parsed[i] = (hit, numbers)
    # signs: a sheet whose costs are mostly negative shows costs as negatives
    costs = [n for i, (hit, numbers) in parsed.items() if hit[0] in COSTS for n in numbers if n == n and n]
    costs_negative = bool(costs) and sum(n < 0 for n in costs) * 2 > len(costs)
    fye_used = fye or "12-31"
    for i, ((item, priority), numbers) in parsed.items():
        spec = ITEMS[item]
        for j in used:
            value = numbers[j]
            if value != value:
                continue
            p = grid.periods[j]
            flipped = False
            if spec.outflow and (costs_negative or (item in CASH_OUTFLOWS + COSTS and value < 0)):
                value, flipped = -value, value != 0
            if spec.unit in ("money", "shares"):
                value *= multiplier
            if p.kind == "year":
                end, year = _year_end(p.year, fye_used), p.year
            elif p.kind == "quarter":
                end = _year_end(p.year - 1, fye_used) + pd.offsets.MonthEnd(3 * p.quarter)
                year = p.year
            else:
                end = p.end
                if end is None:
                    raise InputError(f"the TTM column of {table.source} has no end date: write "
                                     "it as 'TTM 2024-06-29'")
                year = fiscal_year(end) if period == "annual" else fiscal_year_of(end, fye_used)
            home = 0 if (table.statement in (None, spec.statement)) else 1
            found.append(_Found(item, (home, priority, t_index, i), {
                "line_item": item, "period_end": end, "fiscal_year": year, "period": period,
                "value": float(value) + 0.0, "source": SOURCE, "source_key": grid.labels[i],
                "filing": table.source,
                "flipped": bool(flipped)}))
    return found, unmapped


def read_user_file(source, units=None, period: str = "annual", name: str | None = None,
                   currency: str | None = None, fiscal_year_end: str | None = None,
                   company: str | None = None, kind: str | None = None, stem: str | None = None,
                   notes=()) -> Company:
    """A company from the user's CSV/TSV file or Excel workbook (or a list of files, e.g. one
    per statement). `units` ("millions" …) overrides what the file says; `fiscal_year_end`
    ("09-30") places fiscal-year columns on their period end (default: the file's
    ``fiscal_year_end`` line, else 12-31); `company` names the company; `kind` ("bank" …)
    overrides the file's ``kind`` line and the kind finlit decides; `stem` names the company
    when the file names do not (a statement set's company stem); `notes` come first.

    Several files are one company's statements: per item and period the value from the file
    of the item's own statement wins, and values that disagree across files are a
    ``conflicting_values`` note."""
    check_period(period)
    sources = list(source) if isinstance(source, (list, tuple)) else [source]
    explicit = parse_units(units) if units not in (None, "") else None
    if fiscal_year_end and not re.fullmatch(r"\d{2}-\d{2}", fiscal_year_end):
        raise InputError(f"fiscal year end {fiscal_year_end!r}: write it as MM-DD, e.g. 09-30")
    reading = _Reading(period, explicit, fiscal_year_end, several=len(sources) > 1)
    reading.notes.extend(notes)
    names = []
    for src in sources:
        label = name if (name and len(sources) == 1) else (
            Path(src).name if isinstance(src, (str, os.PathLike)) else getattr(src, "name", "the file"))
        names.append(label)
        if not reading.add_yfinance_csv(src, label, currency):
            for table in _tables(src, label):
                reading.add_table(table, src)
    shown = ", ".join(names)
    if not reading.found:
        raise InputError(f"no usable line items in {shown}: label the rows with canonical keys "
                         "(revenue, net_income, total_assets …) or common labels ('Net sales', "
                         f"'Total assets') and the columns with fiscal years; see the template "
                         f"{TEMPLATE}")
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
        self.notes.extend(grid.notes)
        rows, unmapped = _pick(grid, table, self.tables, self.period, fye, scale or 1.0)
        rows = _finite(rows, table.source, self.notes)
        self.notes.extend(duplicate_notes(rows, table.source))
        if not rows and unmapped == [] and grid.periods:
            kinds = sorted(set(_kinds(grid.periods, self.period)))
            if self.period not in kinds:
                raise InputError(f"{table.source} has no {self.period} columns (it has "
                                 f"{', '.join(kinds)}): use --period {kinds[0]}")
        self.found.extend(rows)
        if unmapped:
            self.notes.append(_unmapped_note(table.source, unmapped))

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
        shown = "; ".join(f"{_plain(f.row['value'])} in {f.row['filing']} ({f.row['source_key']})"
                          for f in others)
        notes.append(DataQualityNote(
            "conflicting_values", year,
            f"{ITEMS[item].label}, FY{year}: the files disagree: {_plain(best.row['value'])} in "
            f"{best.row['filing']} ({best.row['source_key']}) is used ({why}), not {shown}."))
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
        shown = "; ".join(f"{_plain(f.row['value'])} (row '{f.row['source_key']}')" for f in others)
        notes.append(DataQualityNote(
            "duplicate_rows", year,
            f"{ITEMS[item].label}, FY{year}: {where} gives it twice: {_plain(used)} (row "
            f"'{best.row['source_key']}', the first) is used, not {shown}; delete or rename the "
            "wrong row."))
    return notes


def _finite(found: list[_Found], where: str, notes: list) -> list[_Found]:
    """`found` without infinite values ("Infinity", "1e309"), which a note counts."""
    bad = [f for f in found if not math.isfinite(f.row["value"])]
    if not bad:
        return found
    notes.append(_non_finite_note(where, [f"{ITEMS[f.item].label} FY{f.row['fiscal_year']} "
                                          f"(row '{f.row['source_key']}')" for f in bad]))
    return [f for f in found if math.isfinite(f.row["value"])]


def _non_finite_note(where: str, cells: list[str]) -> DataQualityNote:
    more = f" and {len(cells) - 5} more" if len(cells) > 5 else ""
    return DataQualityNote(
        "non_finite_values", None,
        f"{where}: {len(cells)} value(s) not read because they are not finite numbers "
        f"(Infinity, NaN or too large): {', '.join(cells[:5])}{more}; write the figure or "
        "leave the cell empty.")


def _plain(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def _guess_statement(grid: Grid) -> str | None:
    items = {label_synonyms().get(normalise(label), (None,))[0] for label in grid.labels}
    if "operating_cash_flow" in items and "total_assets" not in items and "revenue" not in items:
        return "cashflow"
    if "total_assets" in items and "revenue" not in items:
        return "balance"
    return None


def _unmapped_note(where: str, labels: list[str]) -> DataQualityNote:
    return DataQualityNote(
        "unmapped_labels", None,
        f"unmapped labels in {where}: {', '.join(labels)} (not used; rename them to canonical "
        "keys such as revenue or net_income to use them)")


__all__ = ["read_user_file", "label_synonyms", "normalise", "parse_number", "parse_period",
           "parse_units", "scale_in", "csv_rows", "SOURCE", "TEMPLATE"]
