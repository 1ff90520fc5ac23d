"""pandas DataFrames from the tools users already have, into a `Company` (no network).

`from_frame(df, kind=None)` takes one frame or several (``[income, balance, cashflow]``):

- **yfinance** (``Ticker(t).income_stmt``, ``.balance_sheet``, ``.cashflow``, ``.financials``):
  Yahoo's labels as rows, period-end Timestamps as columns (or the transpose, ``.T``); read
  with the yfinance conventions of `finlit.sources.yfinance_csv` (outflows flipped);
- **yahooquery** (``Ticker(t).income_statement()`` …): one row per period with ``asOfDate``,
  ``periodType`` (12M annual, 3M quarterly, TTM), ``currencyCode`` and Yahoo's CamelCase keys
  (``TotalRevenue``), ``symbol`` as a column or the index; several symbols need ``company=``;
- **FinanceToolkit** (``Toolkit(tickers).get_income_statement()`` …: line items as rows, a
  PeriodIndex as columns, fiscal years "2023" or calendar quarters "2023Q4"; several tickers
  as a (ticker, item) row index, chosen with ``company=``) and **OpenBB**
  (``obb.equity.fundamental.income(…).to_df()``: one row per period with ``period_ending``,
  ``fiscal_period``, ``fiscal_year``, ``reported_currency`` — the currency used — and
  snake_case keys such as ``total_revenue`` or ``consolidated_net_income``): read as a user's
  table (`finlit.sources.user_files`: the labels through ``label_synonyms.csv``).

`kind` ("income", "balance", "cashflow") says which statement a frame holds (one kind for all
the frames, or one per frame); None guesses from its line items. Values are in full currency
units unless `units` says otherwise.

>>> import pandas as pd
>>> df = pd.DataFrame({pd.Timestamp("2024-12-31"): [120.0, 70.0, -7.0],
...                    pd.Timestamp("2023-12-31"): [100.0, 60.0, -6.0]},
...                   index=["Total Revenue", "Cost Of Revenue", "Capital Expenditure"])
>>> acme = from_frame(df, name="Acme")
>>> acme.name, acme.value("revenue", 2024), acme.value("capital_expenditure", 2024)
('Acme', 120.0, 7.0)
"""
from __future__ import annotations

import re

import pandas as pd

from ..company import Company
from ..errors import InputError
from ..items import ITEMS
from .registry import check_period

STATEMENTS = ("income", "balance", "cashflow")
YQ_META = ("symbol", "asOfDate", "periodType", "currencyCode", "date", "Date")
OPENBB_DATES = ("period_ending", "date", "fiscal_date_ending")
OPENBB_META = ("period_ending", "date", "fiscal_date_ending", "fiscal_period", "fiscal_year",
               "symbol", "cik", "reported_currency", "filing_date", "accepted_date", "link",
               "final_link", "calendar_year", "currency")
PERIOD_TYPES = {"annual": "12M", "quarterly": "3M", "ttm": "TTM"}


def _spaced(key: str) -> str:
    """Yahoo's CamelCase key as yfinance's label ("TotalRevenue" → "Total Revenue")."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", str(key))


def _one_symbol(frame: pd.DataFrame, company, column: str) -> pd.DataFrame:
    symbols = list(dict.fromkeys(frame[column].dropna().astype(str)))
    if len(symbols) <= 1:
        return frame
    if company in (None, ""):
        raise InputError(f"the frame holds several companies ({', '.join(symbols)}): choose one "
                         "with company=")
    chosen = frame[frame[column].astype(str).str.upper() == str(company).upper()]
    if chosen.empty:
        raise InputError(f"company {company!r} is not in the frame ({', '.join(symbols)}): "
                         "give one of them")
    return chosen


def _yahooquery(frame: pd.DataFrame, period: str, company) -> tuple[pd.DataFrame, str | None]:
    """A yahooquery frame as labels × period ends, and its currency."""
    frame = frame.reset_index() if "symbol" in (frame.index.names or []) else frame
    if "symbol" in frame:
        frame = _one_symbol(frame, company, "symbol")
    if "periodType" in frame:
        types = sorted(set(frame["periodType"].dropna().astype(str)))
        frame = frame[frame["periodType"] == PERIOD_TYPES[period]]
        if frame.empty:
            raise InputError(f"yahooquery output with {', '.join(types) or 'no'} rows, but no "
                             f"{PERIOD_TYPES[period]} rows for period={period!r}: use another period")
    currency = None
    date = next(c for c in ("asOfDate", "date", "Date") if c in frame)
    if "currencyCode" in frame and frame["currencyCode"].notna().any():
        frame, currency = _one_currency(frame)
    body = frame.drop(columns=[c for c in YQ_META if c in frame]).set_axis(
        pd.to_datetime(frame[date]), axis=0)
    body = body.apply(pd.to_numeric, errors="coerce")
    body = body.groupby(level=0, sort=True).first()     # one column per period end
    body.columns = [_spaced(c) for c in body.columns]
    return body.T, currency


def _one_currency(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """yahooquery keeps a row per period *and currency* (Spotify: EUR figures, with the share
    counts on a USD row): the statements' currency is the one with the most values; from the
    other rows only share counts (no currency) are kept."""
    filled = frame.drop(columns=[c for c in YQ_META if c in frame]).notna().sum(axis=1)
    counts = filled.groupby(frame["currencyCode"].astype(str)).sum()
    currency = str(counts.idxmax())
    main = frame["currencyCode"].astype(str) == currency
    if main.all():
        return frame, currency
    money = [c for c in frame.columns if c not in YQ_META and "Shares" not in str(c)]
    other = frame[~main].copy()
    other[money] = float("nan")
    return pd.concat([frame[main], other]), currency


def _openbb(frame: pd.DataFrame, company) -> tuple[pd.DataFrame, str | None]:
    """An OpenBB frame (one row per period: ``period_ending`` as `datetime.date` objects,
    ``fiscal_period``, ``fiscal_year``, ``reported_currency``, then snake_case fields) as
    labels × period ends, and the currency it states."""
    if "symbol" in frame:
        frame = _one_symbol(frame, company, "symbol")
    date = next(c for c in OPENBB_DATES if c in frame)
    currency = None
    for column in ("reported_currency", "currency"):
        found = sorted(set(frame[column].dropna().astype(str))) if column in frame else []
        if len(found) > 1:
            raise InputError(f"the frame's {column} column holds {', '.join(found)}: pass one "
                             "currency's rows (filter the frame on that column)")
        currency = currency or (found[0] if found else None)
    body = frame.drop(columns=[c for c in OPENBB_META if c in frame])
    body = body.apply(pd.to_numeric, errors="coerce")
    return body.set_axis(pd.to_datetime(frame[date]), axis=0).T, currency


def _is_dates(index) -> bool:
    if isinstance(index, pd.DatetimeIndex) or isinstance(index, pd.PeriodIndex):
        return True
    if not len(index):
        return False
    parsed = pd.to_datetime(pd.Index(index).astype(str), errors="coerce", format="mixed")
    return bool(parsed.notna().all()) and not pd.Index(index).astype(str).str.fullmatch(r"\d{4}").all()


def labels_by_periods(frame: pd.DataFrame, period: str = "annual", company=None):
    """Any supported frame as line items × periods, and its currency (None when unknown)."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"from_frame takes pandas DataFrames, not {type(frame).__name__}: pass "
                         "what yfinance, yahooquery, FinanceToolkit or OpenBB returned")
    if frame.empty:
        raise InputError("the frame is empty: the tool returned no statement (check the ticker)")
    if frame.index.name in OPENBB_DATES:               # OpenBB's to_df(index="period_ending")
        frame = frame.reset_index()
    columns = set(map(str, frame.columns))
    if {"asOfDate", "periodType"} & columns or "currencyCode" in columns:
        return _yahooquery(frame, period, company)
    if columns & set(OPENBB_DATES) and not _is_dates(frame.columns):
        return _openbb(frame, company)
    if isinstance(frame.index, pd.MultiIndex):        # FinanceToolkit: (ticker, item) rows
        flat = frame.reset_index(level=0).rename(columns={frame.index.names[0] or "level_0": "_t"})
        frame = _one_symbol(flat, company, "_t").drop(columns="_t")
    if _is_dates(frame.index) and not _is_dates(frame.columns):
        frame = frame.T                                 # periods as rows (.T)
    return frame, None


def _period_label(column) -> str:
    """A column label as text: Timestamps as ISO dates; FinanceToolkit's periods as their fiscal
    year ("2023", as FinanceToolkit labels them) or, for quarters, their end date written
    "Sep 30, 2023" (FinanceToolkit's "2023Q3" is the calendar quarter, not the fiscal one), so
    that the table is read as a user's table, never as a yfinance CSV."""
    if isinstance(column, pd.Period):
        if column.freqstr.startswith(("Y", "A")):
            return str(column.year)
        return column.end_time.strftime("%b %d, %Y")
    return column.strftime("%Y-%m-%d") if hasattr(column, "strftime") else str(column)


def _text(frame: pd.DataFrame) -> str:
    """The frame as CSV text: labels in the first column, periods in the header."""
    out = frame.copy()
    out.columns = [_period_label(c) for c in out.columns]
    out.index = [str(i) for i in out.index]
    out.index.name = "line_item"
    return out.to_csv()


def guess_kind(labels) -> str | None:
    """The statement most of the mapped labels belong to (None when none map).

    >>> guess_kind(["Total Assets", "Current Liabilities", "Total Revenue"])
    'balance'
    """
    from .user_files import label_synonyms, normalise

    synonyms = label_synonyms()
    counts: dict[str, int] = {}
    for label in labels:
        hit = synonyms.get(normalise(label))
        if hit:
            statement = ITEMS[hit[0]].statement
            counts[statement] = counts.get(statement, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _kinds(kind, n: int) -> list:
    kinds = list(kind) if isinstance(kind, (list, tuple)) else [kind] * n
    if len(kinds) != n:
        raise InputError(f"kind: {len(kinds)} kinds for {n} frames: give one kind, or one per frame")
    for k in kinds:
        if k not in (None, *STATEMENTS):
            raise InputError(f"kind {k!r}: use income, balance, cashflow or None (guess)")
    return kinds


def from_frame(frames, kind=None, name: str | None = None, currency: str | None = None,
               units: str | None = "ones", period: str = "annual", company=None,
               fiscal_year_end: str | None = None) -> Company:
    """A `Company` from one pandas DataFrame or several (one per statement); see the module
    docstring for the shapes. `name` names the company; `currency` wins over the frame's;
    `company` chooses one ticker from a frame of several."""
    from .user_files import InMemory, read_user_file

    check_period(period)
    many = frames if isinstance(frames, (list, tuple)) else [frames]
    if not many:
        raise InputError("from_frame: no frame given: pass a DataFrame or a list of them")
    texts, found_currency = [], None
    for i, (frame, k) in enumerate(zip(many, _kinds(kind, len(many)))):
        table, cur = labels_by_periods(frame, period, company)
        found_currency = found_currency or cur
        statement = k or guess_kind(table.index)
        label = f"frame {i + 1}" + (f" ({statement})" if statement else "")
        texts.append(InMemory(_text(table), label, statement))
    return read_user_file(texts, units=units, period=period, currency=currency or found_currency,
                          fiscal_year_end=fiscal_year_end, company=name,
                          stem=(name or str(company or "") or "from_frame"))


__all__ = ["from_frame", "guess_kind", "labels_by_periods"]
