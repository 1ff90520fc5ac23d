"""Exports that are not one statement table, recognised by their content and turned into
plain statement tables for `finlit.sources.user_files` (one per statement, in memory).

| shape | recognised by | read as |
|---|---|---|
| **yahooquery** output saved as CSV (``Ticker(t).all_financial_data().to_csv()``) | columns ``asOfDate``/``periodType`` or ``symbol`` + ``currencyCode`` | one row per period: 12M rows annual, 3M quarterly, TTM only for ``period="ttm"``; the currency from ``currencyCode``; Yahoo's CamelCase keys (``TotalRevenue``) read as yfinance's labels, with yfinance's signs (`finlit.sources.frames`) |
| **SimFin** bulk statements (``us-income-annual.csv``; semicolons) | columns ``Ticker``, ``SimFinId``, ``Fiscal Year``, ``Report Date`` | the rows of one ticker (``company``/``--company``), periods from ``Report Date``, currency from ``Currency``, full units; costs stored negative are flipped |
| **one long file** holding several statements | a ``statement`` column | split by statement; either line items as rows with periods as columns, or one value per row with a period column (``period_end``, ``date``, ``fiscal_year`` …) and a ``value`` column — finlit's own ``statements --format csv`` reads back |
| **a sheet with statements one below the other** (CSV or a workbook sheet) | a title row naming a statement ("Balance sheet", "Cash flow statement") after the first table's rows | split at the titles, each part its statement |

Anything else is left to `finlit.sources.user_files` (`expand` returns None).

A file larger than 64 KB (`HEAD`) is judged by its first 64 KB, so that a plain table of
any size goes to the reader without being read twice: it is read whole here only when that
head has the header of one of the shapes above, or a sign of statements one below the other
or of balance-sheet sections (a line `_MAYBE` matches, a title row, a row met twice such as
a repeated header). A title or section that first appears after the first 64 KB of a larger
file is not looked for.

>>> text = "statement,line_item,2023,2024\\nincome,revenue,100,120\\nbalance,total_assets,300,330\\n"
>>> found = expand_text(text, "all.csv")
>>> found.shape, [s.statement for s in found.sources]
('one file with a statement column (line items as rows)', ['income', 'balance'])
"""
from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..company import DataQualityNote
from ..errors import InputError

SIMFIN_META = ("Ticker", "SimFinId", "Currency", "Fiscal Year", "Fiscal Period", "Report Date",
               "Publish Date", "Restated Date")
LABEL_COLUMNS = ("line_item", "line item", "item", "label", "account", "category", "name",
                 "metric", "concept", "caption", "description")
PERIOD_COLUMNS = ("period_end", "period end", "date", "as of date", "period", "fiscal_year",
                  "fiscal year", "year")
VALUE_COLUMNS = ("value", "amount", "reported value")
STATEMENT_TITLES = re.compile(
    r"^(consolidated\s+|group\s+)?(statements?\s+of\s+)?(income|operations|earnings|profit\s+(and|&)\s+loss|"
    r"comprehensive income|financial position|cash\s*flows?|balance\s+sheets?|income statements?|"
    r"cash\s*flow statements?|p\s*&\s*l)(\s+statements?)?(\s*\(.*\))?$")


@dataclass
class Expanded:
    """What an export turned into: its shape in words, the tables (`InMemory`) to read, the
    currency and ticker it states, and notes on what was left out."""

    shape: str
    sources: list
    currency: str | None = None
    ticker: str | None = None
    notes: list = field(default_factory=list)


def _date_text(value) -> str:
    """A period end as a header cell ("30 Sep 2023": not ISO, so that the table is read with
    the user-file conventions, not yfinance's)."""
    return pd.Timestamp(value).strftime("%d %b %Y")


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


HEAD = 64 * 1024      # bytes read to decide the shape of a larger file


def _decode(raw: bytes) -> str | None:
    if raw[:2] == b"PK" or b"\x00" in raw[:4096]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    return None


def _read_text(path) -> str | None:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    return _decode(raw)


def _read_head(path) -> tuple[bytes | None, bool]:
    """The first `HEAD` bytes of the file, cut after their last complete line, and whether
    they are the whole file; (None, False) when it cannot be read or its first line is longer
    than `HEAD` (then the whole file is read, as for a small one)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(HEAD + 1)
    except OSError:
        return None, False
    if len(raw) <= HEAD:
        return raw, True
    if raw[:2] == b"PK" or b"\x00" in raw[:4096]:
        return raw, False
    end = raw.rfind(b"\n", 0, HEAD)
    return (raw[:end + 1], False) if end >= 0 else (None, False)


def _needs_whole(head: str) -> bool:
    """Whether the head of a larger file shows a shape that needs its whole text: a header of
    yahooquery, SimFin or a statement column, or a sign of statements one below the other or
    of balance-sheet sections (a title or section line, a second header row).

    >>> _needs_whole("line_item,2023,2024\\nRevenue,100,120\\nNet income,10,12\\n")
    False
    >>> _needs_whole("Income\\nline_item,2023\\nRevenue,100\\n\\nline_item,2023\\nTotal assets,300\\n")
    True
    >>> _needs_whole("Ticker;SimFinId;Currency;Fiscal Year;Report Date;Revenue\\n")
    True
    """
    header, delimiter = _header(head)
    low = {h.lower() for h in header}
    if ({"asofdate", "periodtype"} & low or {"symbol", "currencycode"} <= low
            or {"ticker", "simfinid", "report date"} <= low or "statement" in low):
        return True
    if _MAYBE.search(head):
        return True
    rows = _rows(head, delimiter)
    for row in rows:      # a title line: one cell filled (checked at C speed first)
        if (len(row) - row.count("") <= 1 or _filled(row) <= 1) and _title(row):
            return True
    # a row met twice (a header row repeated above the next statement)
    return any(n > 1 and _filled(row) > 1 for row, n in Counter(map(tuple, rows)).items())


def _filled(row) -> int:
    return sum(map(bool, map(str.strip, row)))


def _header(text: str) -> tuple[list[str], str]:
    """The first line that is not empty or a # comment, split into cells, and its delimiter
    (looked for in the text's first lines, the whole text only when they hold none)."""
    lines = text[:HEAD].splitlines()[:-1] if len(text) > HEAD else []
    line = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), None)
    if line is None:
        line = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    delimiter = max(",;\t|", key=line.count)
    return [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])], delimiter


def expand(path, company=None, period: str = "annual") -> Expanded | None:
    """The shape of the file at `path` and its tables, or None when it is a plain statement
    table (or a workbook without stacked statements) for `finlit.sources.user_files`."""
    name = os.path.basename(os.fspath(path))
    head, whole = _read_head(path)
    if head is None:                  # unreadable, or a first line longer than HEAD
        text = _read_text(path)
    else:
        text = _decode(head)
        if text is not None and not whole:    # a larger file: its head decides
            if not _needs_whole(text):
                return None                   # a plain table: left to the reader, unread here
            text = _read_text(path)
    if text is None:
        return _workbook(path, name) if Path(path).suffix.lower() in (".xlsx", ".xlsm") else None
    return expand_text(text, name, company, period)


def expand_text(text: str, name: str, company=None, period: str = "annual") -> Expanded | None:
    """`expand` for a text already read (see the module docstring)."""
    header, delimiter = _header(text)
    low = {h.lower() for h in header}
    if {"asofdate", "periodtype"} & low or {"symbol", "currencycode"} <= low:
        return _yahooquery(text, name, company, period, delimiter)
    if {"ticker", "simfinid", "report date"} <= low:
        return _simfin(text, name, company, delimiter)
    if "statement" in low:
        return _long(text, name, header, delimiter)
    if not _MAYBE.search(text):         # no statement title and no section: a plain table
        return None
    rows = _rows(text, delimiter)
    relabelled = relabel_sections(rows)
    found = _stacked(rows, name)
    if found is None and relabelled:
        from .user_files import InMemory

        found = Expanded("a statement table", [InMemory(_csv(rows), name, None)])
    if found is not None and relabelled:
        found.shape += f" with sections ({', '.join(relabelled)} read by section)"
    return found


# --- IFRS/UK sections: "Borrowings" under current and under non-current liabilities ----------

SECTIONED = ("borrowings", "loans and borrowings", "interest bearing loans and borrowings")
_CURRENT = re.compile(r"^(liabilities\W+)?current liabilities|^(creditors\W+)?amounts falling due "
                      r"within one year")
_NONCURRENT = re.compile(r"^(liabilities\W+)?non\W?current liabilities|^(creditors\W+)?amounts "
                         r"falling due after")


def relabel_sections(rows: list[list]) -> list[str]:
    """Give a label that a UK/IFRS balance sheet repeats under its sections ("Borrowings" under
    "Current liabilities" and under "Non-current liabilities") the section's name, in place:
    "Borrowings (current)", "Borrowings (non-current)" (label_synonyms.csv maps those). The
    labels changed are returned.

    >>> rows = [["Current liabilities"], ["Borrowings", "5"], ["Non-current liabilities", ""],
    ...         ["Borrowings", "40"]]
    >>> relabel_sections(rows), [r[0] for r in rows]
    (['Borrowings'], ['Current liabilities', 'Borrowings (current)', 'Non-current liabilities', 'Borrowings (non-current)'])
    """
    from .user_files import normalise

    section, changed = None, []
    for row in rows:
        if not row or not isinstance(row[0], str):
            continue
        label = normalise(row[0])
        empty = all(c in (None, "") or (isinstance(c, str) and not c.strip()) for c in row[1:])
        if empty and label:
            section = ("non-current" if _NONCURRENT.match(label) else
                       "current" if _CURRENT.match(label) else
                       None if ("assets" in label or "equity" in label) else section)
        elif section and label in SECTIONED:
            changed.append(row[0].strip())
            row[0] = f"{row[0].strip()} ({section})"
    return list(dict.fromkeys(changed))


# a line that may be a statement's title or a balance-sheet section (checked before parsing)
_MAYBE = re.compile(r"(?im)^\W*(consolidated\s+|group\s+)?(statements?\s+of|balance\s+sheet|cash\s*flow|"
                    r"income\s+statement|profit\s+(and|&)\s+loss|p\s*&\s*l|non\W?current\s+liabilities|"
                    r"current\s+liabilities|liabilities|amounts\s+falling|creditors)")


def _rows(text: str, delimiter: str) -> list[list]:
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


# --- yahooquery ----------------------------------------------------------------------------

def _yahooquery(text: str, name: str, company, period: str, delimiter: str) -> Expanded:
    from .frames import _text, labels_by_periods
    from .user_files import InMemory

    frame = pd.read_csv(io.StringIO(text), sep=delimiter)
    symbols = sorted(set(frame["symbol"].dropna().astype(str))) if "symbol" in frame else []
    if len(symbols) > 1 and company in (None, ""):
        raise InputError(f"{name} is yahooquery output for several companies "
                         f"({', '.join(symbols)}): choose one with --company TICKER")
    if company not in (None, "") and symbols and str(company).upper() not in map(str.upper, symbols):
        raise InputError(f"{name} is yahooquery output without rows for {company} (it has "
                         f"{', '.join(symbols)}): give one of them with --company")
    types = sorted(set(frame["periodType"].dropna().astype(str))) if "periodType" in frame else []
    try:
        table, currency = labels_by_periods(frame, period, company)
    except InputError as error:
        raise InputError(f"{name}: {error}".replace("period=", "--period ")) from None
    table = table.dropna(how="all")
    if period == "ttm":   # "TTM 2024-06-29": read as a trailing-twelve-month column
        table.columns = [f"TTM {pd.Timestamp(c).date()}" for c in table.columns]
    chosen = [s for s in symbols if company in (None, "") or s.upper() == str(company).upper()]
    shape = f"yahooquery output ({', '.join(types) or 'no periodType'} rows)"
    notes = []
    if period == "annual" and "TTM" in types:
        notes.append(DataQualityNote("rows_not_read", None, f"{name}: the TTM rows are not a "
                                     "fiscal year and were not read (use --period ttm)."))
    return Expanded(shape, [InMemory(_text(table), name, None)], currency,
                    chosen[0] if chosen else None, notes)


# --- SimFin -----------------------------------------------------------------------------------

def _simfin(text: str, name: str, company, delimiter: str) -> Expanded:
    from .statement_sets import statement_in_name
    from .user_files import InMemory

    frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype={"Ticker": str})
    tickers = frame["Ticker"].dropna().astype(str)
    if company in (None, ""):
        if tickers.nunique() != 1:
            raise InputError(f"{name} is a SimFin bulk file with {tickers.nunique():,} companies: "
                             "choose one with --company TICKER (company= in Python)")
        company = tickers.iloc[0]
    rows = frame[tickers.str.upper() == str(company).upper()]
    if rows.empty:
        raise InputError(f"{name} is a SimFin bulk file without rows for the ticker {company!r} "
                         f"({tickers.nunique():,} companies): check the ticker")
    rows = rows.sort_values("Report Date")
    currency = str(rows["Currency"].dropna().iloc[0]) if rows["Currency"].notna().any() else None
    body = rows.drop(columns=[c for c in SIMFIN_META if c in rows])
    hit = statement_in_name(name)
    statement = hit[1] if hit else None
    grid = [["ticker", str(company).upper()], ["units", "ones"]]
    if currency:
        grid.append(["currency", currency])
    grid.append(["line_item", *[_date_text(d) for d in rows["Report Date"]]])
    for label in body.columns:
        grid.append([label, *["" if pd.isna(v) else repr(float(v)) for v in body[label]]])
    return Expanded(f"SimFin bulk statements ({statement or 'statement'}; one ticker of "
                    f"{tickers.nunique():,})", [InMemory(_csv(grid), name, statement)], currency,
                    str(company).upper())


# --- one long file with a statement column --------------------------------------------------

def _column(header: list[str], names) -> int | None:
    low = [h.lower().strip() for h in header]
    return next((low.index(n) for n in names if n in low), None)


def _statement_word(value) -> str | None:
    from .user_files import _statement_of

    text = str(value).strip().lower()
    if text in ("income", "balance", "cashflow", "other", "it"):
        return text if text in ("income", "balance", "cashflow") else None
    return _statement_of(text)


def _long(text: str, name: str, header: list[str], delimiter: str) -> Expanded | None:
    from .user_files import InMemory

    rows = [r for r in _rows(text, delimiter) if any(c.strip() for c in r)]
    at = next(i for i, r in enumerate(rows) if "statement" in [c.strip().lower() for c in r])
    header, body = [c.strip() for c in rows[at]], rows[at + 1:]
    s_col = [h.lower() for h in header].index("statement")
    label_col = _column(header, LABEL_COLUMNS)
    if label_col is None:
        label_col = next((j for j in range(len(header)) if j != s_col), None)
    if label_col is None:
        return None
    value_col, period_col = _column(header, VALUE_COLUMNS), _column(header, PERIOD_COLUMNS)
    currency_col = _column(header, ("currency",))
    groups: dict = {}
    if value_col is not None and period_col is not None:       # one value per row
        orientation = "one value per row"
        for r in body:
            if len(r) <= max(s_col, label_col, value_col, period_col):
                continue
            g = groups.setdefault(_statement_word(r[s_col]), {})
            g.setdefault(r[label_col], {})[_period_text(r[period_col])] = r[value_col]
        currency = next((r[currency_col] for r in body if currency_col is not None
                         and len(r) > currency_col and r[currency_col].strip()), None)
    else:                                                      # line items as rows
        from .user_files import parse_period

        orientation = "line items as rows"
        columns = [j for j, h in enumerate(header) if j not in (s_col, label_col)
                   and parse_period(h) is not None]
        if not columns:
            return None
        for r in body:
            g = groups.setdefault(_statement_word(r[s_col]) if len(r) > s_col else None, {})
            g.setdefault(r[label_col] if len(r) > label_col else "", {}).update(
                {header[j]: (r[j] if j < len(r) else "") for j in columns})
        currency = None
    sources = []
    for statement, items in groups.items():
        periods = list(dict.fromkeys(p for values in items.values() for p in values))
        grid = ([["currency", currency.strip()]] if currency else []) + [["line_item", *periods]]
        grid += [[label, *[values.get(p, "") for p in periods]] for label, values in items.items()]
        shown = f"{name}, {statement or 'other'} rows"
        sources.append(InMemory(_csv(grid), shown, statement))
    company_col = _column(header, ("ticker", "symbol", "company"))
    names = {r[company_col].strip() for r in body if company_col is not None and len(r) > company_col
             and r[company_col].strip()}
    if len(names) > 1:
        raise InputError(f"{name} holds the statements of several companies ({', '.join(sorted(names))}): "
                         "save one company per file")
    return Expanded(f"one file with a statement column ({orientation})", sources,
                    currency.strip() if currency else None, names.pop() if names else None)


def _period_text(cell: str) -> str:
    """A period cell as a header: a date as '30 Sep 2023' (a fiscal year stays as it is)."""
    text = str(cell).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", text):
        return _date_text(text)
    return text


# --- statements one below the other ---------------------------------------------------------

def _title(row: list) -> str | None:
    """The statement a title row names ("Consolidated balance sheet"), or None."""
    cells = [c for c in row if c not in (None, "") and str(c).strip()]
    if len(cells) != 1 or not isinstance(cells[0], str):
        return None
    text = " ".join(cells[0].lower().replace("_", " ").split())
    if not STATEMENT_TITLES.match(text):
        return None
    return _statement_word(text)


def split_stacked(rows: list[list]) -> list[tuple[str | None, list[list]]] | None:
    """Rows holding several statements one below the other, split at their titles: a list of
    (statement, rows), each part with the last header row before it; None when the rows hold
    at most one statement."""
    from .user_files import parse_period

    titles = [(i, _title(r)) for i, r in enumerate(rows)]
    titles = [(i, s) for i, s in titles if s]
    if len({s for _, s in titles}) < 2:
        return None
    parts, header = [], None
    bounds = [i for i, _ in titles] + [len(rows)]
    preamble = rows[:bounds[0]]
    for (start, statement), end in zip(titles, bounds[1:]):
        part = rows[start + 1:end]
        heads = [r for r in (preamble + part) if sum(parse_period(c) is not None for c in r[1:]) >= 1
                 and not any(isinstance(c, (int, float)) and not (1900 <= c <= 2100) for c in r[1:])]
        header = next((r for r in part if r in heads), None) or header or (heads[0] if heads else None)
        if header is None:
            continue
        body = [r for r in part if r is not header]
        meta = [r for r in preamble if r not in heads]
        parts.append((statement, meta + [header] + body))
    return parts or None


def _stacked(rows: list[list], name: str, sheet: str | None = None) -> Expanded | None:
    from .user_files import InMemory

    parts = split_stacked(rows)
    if parts is None:
        return None
    where = f"{name}, sheet {sheet}" if sheet else name
    sources = [InMemory(_csv([[_cell(c) for c in r] for r in part]), f"{where}, {statement}",
                        statement) for statement, part in parts]
    return Expanded("statements one below the other" + (f" (sheet {sheet})" if sheet else ""),
                    sources)


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "year") and hasattr(value, "month"):
        return _date_text(value)
    return repr(value) if isinstance(value, float) else str(value)


def _workbook(path, name: str) -> Expanded | None:
    """A workbook with a sheet of stacked statements: every sheet as tables (the stacked one
    split); None when no sheet is stacked."""
    from .user_files import InMemory, xlsx_tables

    tables = xlsx_tables(path, name)
    relabelled = [relabel_sections(t.rows) for t in tables]
    found = [(t, _stacked(t.rows, name, t.sheet)) for t in tables]
    if not any(f for _, f in found) and not any(relabelled):
        return None
    sources = []
    for table, stacked in found:
        if stacked:
            sources.extend(stacked.sources)
        elif table.rows:
            from .user_files import _statement_of

            sources.append(InMemory(_csv([[_cell(c) for c in r] for r in table.rows]),
                                    table.source, _statement_of(table.sheet)))
    shape = ("a workbook with statements one below the other" if any(f for _, f in found)
             else "a workbook")
    labels = list(dict.fromkeys(x for r in relabelled for x in r))
    if labels:
        shape += f" with sections ({', '.join(labels)} read by section)"
    return Expanded(shape, sources)


def read_files(paths: list, period: str, units, options: dict, company=None, stem=None,
               notes=()):
    """A `Company` from files of which at least one has a shape of this module (each turned
    into its tables); None when none has one (the caller reads them as they are)."""
    from .user_files import read_user_file

    sources, currency, ticker, extra, shaped = [], None, None, [], False
    for path in paths:
        found = expand(path, company, period)
        if found is None:
            sources.append(path)
            continue
        shaped = True
        sources.extend(found.sources)
        currency, ticker = currency or found.currency, ticker or found.ticker
        extra.extend(found.notes)
    if not shaped:
        return None
    return read_user_file(sources if len(sources) > 1 else sources[0], units=units, period=period,
                          currency=options.get("currency") or currency,
                          fiscal_year_end=options.get("fiscal_year_end"), kind=options.get("kind"),
                          stem=ticker or stem or Path(os.fspath(paths[0])).stem,
                          notes=[*notes, *extra], max_file_size=options.get("max_file_size"))


__all__ = ["Expanded", "expand", "expand_text", "read_files", "split_stacked"]
