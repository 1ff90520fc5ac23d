"""One driver for the whole catalogue: any ratios, any companies, any years, in one call.

The input is a panel: rows are (company, fiscal_year) — or fiscal_year alone
for one company — and columns are canonical line items. Every ratio is
computed on whole columns at once; where a value cannot be given, the
result holds NaN and a reason, never ±inf.

Reasons, most basic first: inputs not available; no opening balance (with
average balances); an input that must be positive is not (the ratio is not
meaningful); a denominator is zero (the ratio is not defined). Reasons are
worked out only for the rows whose value is missing, once per distinct
cause, so the whole catalogue over ~12,000 company-years takes a fraction of
a second.

>>> import pandas as pd
>>> panel = pd.DataFrame({"revenue": [100.0, 0.0], "gross_profit": [40.0, 5.0]},
...                      index=pd.Index([2022, 2023], name="fiscal_year"))
>>> result = compute_panel(panel, ["gross_margin"])
>>> result.values["gross_margin"].tolist()
[0.4, nan]
>>> result.reasons.loc[2023, "gross_margin"]
'revenue is zero: gross margin is not defined'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import InputError
from ..items import label
from .registry import PREVIOUS, RATIOS, Ratio


@dataclass
class RatioResult:
    """Values and reasons, both shaped like the panel's rows × the ratios asked for.

    `reasons` holds None where the value is there and a plain-language reason where it is NaN.
    """

    values: pd.DataFrame
    reasons: pd.DataFrame
    average_balances: bool = False


def _lower(text: str) -> str:
    """Sentence-case a label for use inside a sentence ("Revenue" → "revenue", "EBITDA" stays)."""
    return text[0].lower() + text[1:] if text and not text[:2].isupper() else text


def _item_words(param: str) -> str:
    """How a parameter is named in a reason: 'revenue', "previous year's revenue"."""
    item = param.removesuffix(PREVIOUS)
    words = _lower(label(item))
    return f"previous year's {words}" if param.endswith(PREVIOUS) else words


def _join(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ratio_words(r: Ratio) -> str:
    return _lower(r.name)


@lru_cache(maxsize=None)
def denominators(r: Ratio) -> tuple:
    """Parameters that make the ratio undefined when they alone are zero (found by probing).

    >>> denominators(RATIOS["gross_margin"])
    ('revenue',)
    >>> denominators(RATIOS["cash_conversion_cycle"])
    ('revenue', 'cost_of_revenue')
    """
    params = r.inputs
    out = []
    for i, param in enumerate(params):
        args = {p: pd.Series([1.0 + 0.37 * (j + 1)]) for j, p in enumerate(params)}
        args[param] = pd.Series([0.0])
        try:
            with np.errstate(all="ignore"):
                value = np.asarray(r.function(**args), dtype=float)
        except Exception:  # a function that cannot be probed: its zeros get the generic reason
            continue
        if not np.isfinite(value).all():
            out.append(param)
    return tuple(out)


def _previous_rows(panel: pd.DataFrame) -> np.ndarray:
    """For each row, the position of the same company's row one year earlier, or -1.

    Periods are fiscal years (the previous row is year − 1) or period-end dates for
    quarterly and TTM data (the previous row ends 350–380 days earlier: year over year).
    The panel is sorted; a row whose previous year is absent (first year, gap year) gets -1,
    and a company's first year never looks at the company before it.
    """
    n = len(panel)
    index = panel.index
    periods = index.get_level_values(-1)
    if isinstance(index, pd.MultiIndex):
        companies = index.codes[0]
        same_company = np.r_[False, companies[1:] == companies[:-1]]
    else:
        companies = np.zeros(n, dtype=np.int64)
        same_company = np.r_[False, np.ones(max(n - 1, 0), dtype=bool)]
    if pd.api.types.is_datetime64_any_dtype(periods):
        days = (periods.to_numpy() - np.datetime64("1970-01-01")) // np.timedelta64(1, "D")
        previous = np.full(n, -1)
        for row in range(n):  # quarterly and TTM panels are small: one company's history
            window = np.flatnonzero((companies == companies[row]) & (days[row] - days >= 350)
                                    & (days[row] - days <= 380))
            if len(window):
                previous[row] = window[-1]
        return previous
    years = np.asarray(periods, dtype=float)
    consecutive = np.r_[False, years[1:] == years[:-1] + 1] & same_company
    return np.where(consecutive, np.arange(n) - 1, -1)


def resolve(keys) -> list[Ratio]:
    """Ratios for keys (None: the whole catalogue); a category name selects its ratios.

    >>> [r.key for r in resolve("liquidity")]
    ['current_ratio', 'quick_ratio', 'cash_ratio', 'working_capital']
    """
    if keys is None:
        return list(RATIOS.values())
    if isinstance(keys, str):
        keys = [keys]
    out = []
    for key in keys:
        if key in RATIOS:
            out.append(RATIOS[key])
        elif any(r.category == key for r in RATIOS.values()):
            out.extend(r for r in RATIOS.values() if r.category == key)
        else:
            raise InputError(f"unknown ratio {key!r}: run `finlit ratios --list` to see the catalogue")
    return out


def _check_panel(panel: pd.DataFrame) -> None:
    if not isinstance(panel, pd.DataFrame):
        raise InputError("the ratio engine needs a panel DataFrame: rows are fiscal years "
                         "or (company, fiscal_year), columns are canonical line items")
    if panel.index.has_duplicates:
        dup = panel.index[panel.index.duplicated()][0]
        raise InputError(f"the panel has the row {dup!r} twice: one row per company and fiscal year")
    years = panel.index.get_level_values(-1)
    if len(panel) and not (pd.api.types.is_numeric_dtype(years) or pd.api.types.is_datetime64_any_dtype(years)):
        raise InputError("the panel's last index level must be the fiscal year as a number, or "
                         f"the period end as a date for quarterly data (got {years.dtype})")


def compute_panel(panel: pd.DataFrame, keys=None, average_balances: bool = False) -> RatioResult:
    """Compute ratios on a panel (rows: fiscal years or (company, fiscal_year); columns: items).

    With `average_balances`, the ratio's balance-sheet inputs (`Ratio.averaged`) are
    (opening + closing) / 2; the first year has no opening balance and is NaN with that reason.

    >>> import pandas as pd
    >>> panel = pd.DataFrame({"net_income": [10.0, 12.0], "total_assets": [100.0, 140.0]},
    ...                      index=pd.Index([2022, 2023], name="fiscal_year"))
    >>> r = compute_panel(panel, ["return_on_assets"], average_balances=True)
    >>> r.values["return_on_assets"].tolist()
    [nan, 0.1]
    >>> r.reasons.loc[2022, "return_on_assets"]
    'no opening balance for total assets: average balances need the previous year'
    """
    _check_panel(panel)
    panel = panel.sort_index()
    ratios = resolve(keys)
    n = len(panel)
    index = panel.index
    needed = dict.fromkeys(item for r in ratios for item in r.items)
    columns = {}
    for item in needed:
        if item in panel.columns:
            columns[item] = pd.to_numeric(panel[item], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        else:
            columns[item] = np.full(n, np.nan)
    previous_cache: dict[str, np.ndarray] = {}
    prev_rows = None

    def previous(item: str) -> np.ndarray:
        nonlocal prev_rows
        if item not in previous_cache:
            if prev_rows is None:
                prev_rows = _previous_rows(panel)
            col = columns[item]
            previous_cache[item] = np.where(prev_rows >= 0, col[prev_rows], np.nan) if n else col
        return previous_cache[item]

    values, reasons = {}, {}
    for r in ratios:
        params = r.inputs
        args, closing, opening = {}, {}, {}
        for param in params:
            item = param.removesuffix(PREVIOUS)
            if param.endswith(PREVIOUS):
                col = previous(item)
            else:
                col = columns[item]
                if average_balances and item in r.averaged:
                    opening[param] = previous(item)
                    closing[param] = col
                    col = (col + opening[param]) / 2
            args[param] = col
        with np.errstate(all="ignore"):
            result = r.function(**{p: pd.Series(a, index=index, copy=False) for p, a in args.items()})
        arr = np.asarray(result, dtype=float)
        if arr.shape != (n,):
            arr = np.broadcast_to(arr, (n,)).copy()
        else:
            arr = arr.copy()
        bad = ~np.isfinite(arr)
        # inputs that must be positive: NaN even where the function gave a number
        for param in r.must_be_positive:
            with np.errstate(invalid="ignore"):
                bad |= args[param] <= 0
        reason = np.full(n, None, dtype=object)
        if bad.any():
            rows = np.flatnonzero(bad)
            _explain(r, rows, args, closing, opening, params, reason)
            arr[rows] = np.nan
        values[r.key] = arr
        reasons[r.key] = reason
    return RatioResult(pd.DataFrame(values, index=index),
                       pd.DataFrame(reasons, index=index, dtype=object), average_balances)


def _explain(r: Ratio, rows: np.ndarray, args: dict, closing: dict, opening: dict,
             params: tuple, reason: np.ndarray) -> None:
    """Fill `reason` at `rows` (the rows without a value), most basic cause first."""
    todo = np.ones(len(rows), dtype=bool)

    def assign(mask: np.ndarray, text: str) -> None:
        nonlocal todo
        hit = todo & mask
        if hit.any():
            reason[rows[hit]] = text
            todo &= ~hit

    # 1. inputs not available (for an averaged input: the closing balance)
    code = np.zeros(len(rows), dtype=np.int64)
    for i, param in enumerate(params):
        col = closing.get(param, args[param])[rows]
        code |= np.isnan(col).astype(np.int64) << i
    for c in np.unique(code[code > 0]):
        names = [_item_words(p) for i, p in enumerate(params) if c & (1 << i)]
        assign(code == c, f"{_join(names)} not available")
    # 2. averaged inputs without an opening balance
    if opening:
        names = list(opening)
        code = np.zeros(len(rows), dtype=np.int64)
        for i, param in enumerate(names):
            code |= np.isnan(opening[param][rows]).astype(np.int64) << i
        for c in np.unique(code[code > 0]):
            which = _join([_item_words(p) for i, p in enumerate(names) if c & (1 << i)])
            assign(code == c, f"no opening balance for {which}: average balances need the previous year")
    # 3. inputs that must be positive
    for param in r.must_be_positive:
        with np.errstate(invalid="ignore"):
            assign(args[param][rows] <= 0,
                   f"{_item_words(param)} is negative or zero: {_ratio_words(r)} is not meaningful")
    # 4. a denominator is zero
    for param in denominators(r):
        assign(args[param][rows] == 0, f"{_item_words(param)} is zero: {_ratio_words(r)} is not defined")
    # 5. anything else (e.g. a difference in the denominator is zero)
    assign(np.ones(len(rows), dtype=bool), r.undefined or f"{_ratio_words(r)} is not defined for these values")
