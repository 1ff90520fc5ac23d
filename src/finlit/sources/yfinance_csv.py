"""Read a yfinance statement saved with ``DataFrame.to_csv`` into the canonical model.

yfinance (``Ticker(t).financials``, ``.balance_sheet``, ``.cashflow``) returns a frame with
Yahoo's pretty labels as rows ("Total Revenue", "Capital Expenditure") and period-end dates as
columns, newest first, in raw currency units. People save it in two shapes, both read here:

- as is: the first column holds the labels, the header holds the dates;
- transposed (``.T``): one row per period, the first column (often named ``date``) holds the
  dates, the header holds the labels.

Conventions (FINANCE.md §1–2):

- labels map to canonical items through the data file ``mappings/yfinance_labels.csv``
  (``label,canonical_item,sign,priority``); per item and period the lowest priority with a
  value wins; unmapped labels (Yahoo's own computations such as "Normalized EBITDA") are
  ignored;
- outflows yfinance stores as negatives ("Capital Expenditure", "Repurchase Of Capital
  Stock", "Cash Dividends Paid") are flipped to positive magnitudes and marked ``flipped``;
- periods whose column is entirely empty (yfinance's oldest column often is) are dropped;
- the fiscal year comes from the period end (`finlit.periods.fiscal_year`);
- a UTF-8 byte-order mark, UTF-16 and CRLF line ends are tolerated; a file with no data (what yfinance
  gives for an unknown ticker: just ``date``) gives an empty frame.

Provenance: source ``yfinance-csv``, the yfinance label as ``source_key`` and a ``filing``
such as ``"10-K FY2024"`` (the annual report the figure belongs to; the form is an argument).

>>> import io
>>> text = (",2024-12-31,2023-12-31,2022-12-31\\n"
...         "Total Revenue,120.0,100.0,\\n"
...         "Capital Expenditure,-7.0,-6.0,\\n")
>>> facts = read_yfinance_csv(io.StringIO(text))
>>> [(r.line_item, int(r.fiscal_year), r.value, r.flipped) for r in facts.itertuples()]
[('capital_expenditure', 2023, 6.0, True), ('capital_expenditure', 2024, 7.0, True), ('revenue', 2023, 100.0, False), ('revenue', 2024, 120.0, False)]
"""
from __future__ import annotations

import io
from functools import lru_cache
from os import PathLike
from typing import IO

import pandas as pd

from ..company import FACT_COLUMNS, make_facts
from ..items import ITEMS
from ..periods import fiscal_year
from ._mapping import pick_by_priority, read_mapping

SOURCE = "yfinance-csv"
STATEMENT_NAMES = ("income", "balance", "cashflow")


@lru_cache(maxsize=None)
def label_mapping() -> dict[str, tuple[str, int, int]]:
    """yfinance label → (canonical_item, sign, priority), from ``mappings/yfinance_labels.csv``.

    >>> label_mapping()["Capital Expenditure"]
    ('capital_expenditure', -1, 1)
    """
    return {rec["label"]: (rec["canonical_item"], int(rec["sign"]), int(rec["priority"]))
            for rec in read_mapping("yfinance_labels.csv")}


def _empty_facts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS})


def _dates(values) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(pd.Index(values).astype(str).str.strip(),
                                           errors="coerce", format="mixed"))


def read_frame(path: str | PathLike | IO[str]) -> pd.DataFrame:
    """The raw statement as labels × period ends (newest first kept as in the file),
    whichever orientation the file has; empty when the file holds no data.

    >>> import io
    >>> read_frame(io.StringIO("date,Total Revenue\\r\\n2024-12-31,5.0\\r\\n")).loc["Total Revenue"].tolist()
    [5.0]
    """
    if hasattr(path, "read"):
        text = path.read()
    else:
        from .filetype import text_encoding

        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode(text_encoding(raw[:65536]), errors="replace")
    text = text.lstrip("\ufeff")
    if not text.strip():
        return pd.DataFrame()
    raw = pd.read_csv(io.StringIO(text), index_col=0)
    if raw.empty and not len(raw.columns):
        return pd.DataFrame()
    header_dates = _dates(raw.columns)
    if len(raw.columns) and header_dates.notna().all():
        frame = raw                      # rows = labels, columns = dates
        frame.columns = header_dates
    else:
        frame = raw.T                    # transposed: rows = dates, columns = labels
        frame.columns = _dates(frame.columns)
        frame = frame.loc[:, frame.columns.notna()]
    frame.index = frame.index.astype(str).str.strip()
    frame = frame.apply(pd.to_numeric, errors="coerce")
    return frame.dropna(axis=1, how="all")   # all-empty periods


def read_yfinance_csv(path: str | PathLike | IO[str], statement: str | None = None,
                      form: str = "10-K", currency: str = "USD") -> pd.DataFrame:
    """Facts of a yfinance statement CSV (either orientation) in the canonical model.

    `statement` ("income", "balance" or "cashflow") keeps only the canonical items of that
    statement (D&A counts for the cash-flow statement too, where filers report it); None keeps
    every mapped label. `form` names the annual report in the ``filing`` provenance
    ("10-K FY2024"); use "20-F" for foreign filers.

    >>> import io
    >>> text = "date,Total Assets,Stockholders Equity\\n2024-06-30,10.0,4.0\\n"
    >>> facts = read_yfinance_csv(io.StringIO(text), statement="balance")
    >>> facts[["line_item", "value", "source_key", "filing"]].values.tolist()
    [['total_assets', 10.0, 'Total Assets', '10-K FY2024'], ['total_equity', 4.0, 'Stockholders Equity', '10-K FY2024']]
    """
    if statement is not None and statement not in STATEMENT_NAMES:
        raise ValueError(f"statement must be one of {', '.join(STATEMENT_NAMES)} or None")
    frame = read_frame(path)
    if frame.empty:
        return _empty_facts()
    mapping = label_mapping()
    picked = pick_by_priority(_candidates(frame, mapping, statement))
    if not picked:
        return _empty_facts()
    rows = []
    for (item, end), (label, value) in picked.items():
        sign, fy = mapping[label][1], fiscal_year(end)
        rows.append({"line_item": item, "period_end": end, "fiscal_year": fy,
                     "value": float(sign * value) + 0.0, "source_key": label,
                     "filing": f"{form} FY{fy}", "filed": "",
                     "flipped": bool(sign < 0 and value != 0)})
    facts = make_facts(rows, currency=currency, source=SOURCE, period="annual")
    return facts.sort_values(["line_item", "fiscal_year"], kind="stable").reset_index(drop=True)


def _candidates(frame: pd.DataFrame, mapping: dict, statement: str | None):
    """((item, period end), priority, (label, value)) for every mapped value of the frame that
    belongs to `statement` (D&A counts for the cash-flow statement too; None: every statement)."""
    for label in frame.index:
        if label not in mapping:
            continue
        item, _sign, priority = mapping[label]
        if statement is not None and ITEMS[item].statement != statement and not (
                statement == "cashflow" and item == "depreciation_amortization"):
            continue
        for end, value in frame.loc[[label]].iloc[0].items():
            if not pd.isna(value):
                yield (item, end), priority, (label, value)


__all__ = ["read_yfinance_csv", "read_frame", "label_mapping", "SOURCE"]
