"""One driver for the whole catalogue: any ratios, any companies, any years, in one call.

The input is a panel: rows are (company, fiscal_year) — or fiscal_year alone
for one company — and columns are canonical line items. Every ratio is
computed on whole columns at once; where a value cannot be given, the
result holds NaN and a reason, never ±inf.

The kind of company (`kind`: an operating company, a bank, an insurer …, one for the whole
panel or one per row) decides the default selection (`default_keys(kind)`) and which ratios
mean nothing for a row (`Ratio.not_for`): those are NaN with the reason "not meaningful for a
bank", and so is every ratio computed from them; `RatioResult.not_meaningful` marks them.

Reasons, most basic first: not meaningful for the kind of company; inputs not available (in other words where there are
some: the reason of a ratio it is computed from, the ratio's own words for an
input, a reason given with the panel such as "no IT budget for FY2023"); no
opening balance (with average balances); an input that must be positive is not
(the ratio is not meaningful); a denominator is zero (the ratio is not
defined). Reasons are
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
from ..items import ITEMS, label
from .registry import KINDS, PREVIOUS, RATIOS, Ratio, check_kind, default_keys, not_meaningful


@dataclass
class RatioResult:
    """Values and reasons, both shaped like the panel's rows × the ratios asked for.

    `reasons` holds None where the value is there and a plain-language reason where it is NaN.
    `not_meaningful` is True where the ratio means nothing for the row's kind of company (its
    reason is then "not meaningful for a bank"); `kinds` is the kind of each row (None where the
    kind was not given).
    """

    values: pd.DataFrame
    reasons: pd.DataFrame
    average_balances: bool = False
    not_meaningful: pd.DataFrame | None = None
    kinds: pd.Series | None = None


def _lower(text: str) -> str:
    """Sentence-case a label for use inside a sentence ("Revenue" → "revenue", "EBITDA" stays)."""
    return text[0].lower() + text[1:] if text and not text[:2].isupper() else text


def _item_words(param: str) -> str:
    """How a parameter is named in a reason: 'revenue', "previous year's revenue", a ratio's name."""
    if param not in ITEMS and param in RATIOS:
        return _lower(RATIOS[param].name)
    item = param.removesuffix(PREVIOUS)
    words = _lower(label(item))
    return f"previous year's {words}" if param.endswith(PREVIOUS) else words


def _join(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ratio_words(r: Ratio) -> str:
    return _lower(r.name)


def _finite_at_probe(r: Ratio, zero: str | None = None) -> bool | None:
    """Is the function finite at a probe point (distinct positive inputs, `zero` set to 0)?
    None when it cannot be probed."""
    args = {p: pd.Series([1.0 + 0.37 * (j + 1)]) for j, p in enumerate(r.inputs)}
    if zero is not None:
        args[zero] = pd.Series([0.0])
    try:
        with np.errstate(all="ignore"):
            return bool(np.isfinite(np.asarray(r.function(**args), dtype=float)).all())
    except Exception:  # a function that cannot be probed: its zeros get the generic reason
        return None


@lru_cache(maxsize=None)
def denominators(r: Ratio) -> tuple:
    """Parameters that make the ratio undefined when they alone are zero (found by probing).

    A function not finite at the probe point itself (one that keeps only a positive difference,
    say) has none: its undefined values get the ratio's `undefined` reason.

    >>> denominators(RATIOS["gross_margin"])
    ('revenue',)
    >>> denominators(RATIOS["cash_conversion_cycle"])
    ('revenue', 'cost_of_revenue')
    """
    if not _finite_at_probe(r):
        return ()
    return tuple(p for p in r.inputs if _finite_at_probe(r, p) is False)


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


def resolve(keys, kind=None) -> list[Ratio]:
    """Ratios for keys (None: the default selection for `kind`); a category name selects its ratios.

    The default selection leaves out the opt-in categories (`it`): their ratios are computed
    only when asked for by key or by category. For a kind of company (`KINDS`, or several) it
    is `default_keys(kind)`: a bank gets the bank ratios and not the gross margin.

    >>> [r.key for r in resolve("liquidity")]
    ['current_ratio', 'quick_ratio', 'cash_ratio', 'working_capital']
    >>> [r.key for r in resolve("it")][:2], any(r.category == "it" for r in resolve(None))
    (['it_pct_revenue', 'it_per_employee'], False)
    """
    if keys is None:
        return [RATIOS[k] for k in default_keys(kind)]
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


def _with_dependencies(ratios: list[Ratio]) -> list[Ratio]:
    """The ratios, each preceded by the ratios it uses (each ratio once)."""
    out: dict[str, Ratio] = {}

    def add(r: Ratio) -> None:
        for key in r.uses:
            add(RATIOS[key])
        out.setdefault(r.key, r)

    for r in ratios:
        add(r)
    return list(out.values())


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


def _row_kinds(panel: pd.DataFrame, kind) -> np.ndarray | None:
    """The kind of company of each row of the (sorted) panel, or None when no kind is given.

    `kind` is one of `KINDS` for the whole panel, or a Series (or mapping) indexed like the
    panel's rows or by its first level (the company), for a panel of several kinds.
    """
    if kind is None:
        return None
    if isinstance(kind, str):
        check_kind(kind)
        return np.full(len(panel), kind, dtype=object)
    series = kind if isinstance(kind, pd.Series) else pd.Series(dict(kind), dtype=object)
    if isinstance(panel.index, pd.MultiIndex) and not isinstance(series.index, pd.MultiIndex):
        rows = series.reindex(panel.index.get_level_values(0))
    else:
        rows = series.reindex(panel.index)
    out = rows.astype(object).where(rows.notna(), None).to_numpy(dtype=object)
    for k in set(out) - {None}:
        check_kind(k)
    return out


def _kinds_present(kinds: np.ndarray | None, kind=None):
    """The kinds in the panel, for the default selection (None: not known)."""
    if isinstance(kind, str):  # one kind for the whole panel (even an empty one)
        return kind
    if kinds is None:
        return None
    present = [k for k in KINDS if k in set(kinds)]
    return present + [None] if any(k is None for k in kinds) else present or None


class _Inputs:
    """The panel's items as float arrays, last year's values, and reasons given with the panel."""

    def __init__(self, panel: pd.DataFrame, item_reasons: pd.DataFrame | None):
        self.panel, self.n, self.index = panel, len(panel), panel.index
        if item_reasons is not None and not isinstance(item_reasons, pd.DataFrame):
            raise InputError("item_reasons must be a DataFrame shaped like the panel: rows are its "
                             "rows, columns are line items, cells say why an item is missing")
        self.reasons = None if item_reasons is None else item_reasons.reindex(panel.index)
        self.columns: dict[str, np.ndarray] = {}
        self.previous_columns: dict[str, np.ndarray] = {}
        self.previous_rows: np.ndarray | None = None

    def column(self, item: str) -> np.ndarray:
        if item not in self.columns:
            if item in self.panel.columns:
                self.columns[item] = pd.to_numeric(self.panel[item], errors="coerce").to_numpy(
                    dtype=float, na_value=np.nan)
            else:
                self.columns[item] = np.full(self.n, np.nan)
        return self.columns[item]

    def previous(self, item: str) -> np.ndarray:
        if item not in self.previous_columns:
            if self.previous_rows is None:
                self.previous_rows = _previous_rows(self.panel)
            col, rows = self.column(item), self.previous_rows
            self.previous_columns[item] = np.where(rows >= 0, col[rows], np.nan) if self.n else col
        return self.previous_columns[item]

    def reason(self, item: str) -> np.ndarray | None:
        """Why `item` is missing, row by row, as given with the panel (None: nothing given)."""
        if self.reasons is None or item not in self.reasons.columns:
            return None
        return self.reasons[item].to_numpy(dtype=object)


def compute_panel(panel: pd.DataFrame, keys=None, average_balances: bool = False,
                  item_reasons: pd.DataFrame | None = None, withheld=None, kind=None) -> RatioResult:
    """Compute ratios on a panel (rows: fiscal years or (company, fiscal_year); columns: items).

    With `average_balances`, the ratio's balance-sheet inputs (`Ratio.averaged`) are
    (opening + closing) / 2; the first year has no opening balance and is NaN with that reason.

    item_reasons: why an item is missing, shaped like the panel (say "no IT budget for
        FY2023" rather than "IT spend not available"); used only where the item is missing.
    withheld: {ratio key: reason} for ratios that are not meaningful for this panel at all
        (the growth of an IT spend estimated from revenue); they are NaN with that reason,
        and so is every ratio computed from them.
    kind: the kind of company (`KINDS`): one for the whole panel, or a Series indexed like the
        panel's rows or by company (its first level) for a panel that mixes kinds. It chooses
        the default selection (`keys=None`), and the ratios that mean nothing for a row's kind
        (`Ratio.not_for`) are NaN there with the reason "not meaningful for a bank". None (the
        default): no kind is known and nothing is withheld.

    >>> import pandas as pd
    >>> panel = pd.DataFrame({"net_income": [10.0, 12.0], "total_assets": [100.0, 140.0]},
    ...                      index=pd.Index([2022, 2023], name="fiscal_year"))
    >>> r = compute_panel(panel, ["return_on_assets"], average_balances=True)
    >>> r.values["return_on_assets"].tolist()
    [nan, 0.1]
    >>> r.reasons.loc[2022, "return_on_assets"]
    'no opening balance for total assets: average balances need the previous year'
    >>> compute_panel(panel, ["asset_turnover"], kind="bank").reasons.loc[2023, "asset_turnover"]
    'not meaningful for a bank'
    """
    _check_panel(panel)
    panel = panel.sort_index()
    kinds = _row_kinds(panel, kind)
    asked = resolve(keys, _kinds_present(kinds, kind))
    inputs = _Inputs(panel, item_reasons)
    computed: dict[str, tuple] = {}
    for r in _with_dependencies(asked):
        computed[r.key] = _compute_one(r, inputs, computed, average_balances, withheld or {}, kinds)
    index = panel.index

    def frame(part: int, dtype=None) -> pd.DataFrame:  # values (0), reasons (1), not meaningful (2)
        return pd.DataFrame({r.key: computed[r.key][part] for r in asked}, index=index, dtype=dtype)

    return RatioResult(frame(0), frame(1, object), average_balances, frame(2, bool),
                       None if kinds is None else pd.Series(kinds, index=index, dtype=object, name="kind"))


def _arguments(r: Ratio, inputs: _Inputs, computed: dict, average_balances: bool):
    """(arguments by parameter, closing and opening balances of the averaged ones)."""
    args, closing, opening = {}, {}, {}
    for param in r.inputs:
        item = param.removesuffix(PREVIOUS)
        if param in r.uses:
            col = computed[param][0]
        elif param.endswith(PREVIOUS):
            col = inputs.previous(item)
        else:
            col = inputs.column(item)
            if average_balances and item in r.averaged:
                opening[param] = inputs.previous(item)
                closing[param] = col
                col = (col + opening[param]) / 2
        args[param] = col
    return args, closing, opening


def _not_meaningful(r: Ratio, kinds: np.ndarray | None, computed: dict, n: int) -> np.ndarray:
    """Rows where the ratio means nothing for the kind of company, or a ratio it uses does not."""
    mask = np.zeros(n, dtype=bool)
    if kinds is not None and r.not_for:
        mask |= np.isin(kinds, list(r.not_for))
    for key in r.uses:
        mask |= computed[key][2]
    return mask


def _compute_one(r: Ratio, inputs: _Inputs, computed: dict, average_balances: bool,
                 withheld, kinds: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, reasons, not meaningful) of one ratio over the whole panel."""
    n = inputs.n
    pointless = _not_meaningful(r, kinds, computed, n)
    if r.key in withheld:
        return np.full(n, np.nan), np.full(n, withheld[r.key], dtype=object), pointless
    args, closing, opening = _arguments(r, inputs, computed, average_balances)
    with np.errstate(all="ignore"):
        result = r.function(**{p: pd.Series(a, index=inputs.index, copy=False) for p, a in args.items()})
    arr = np.asarray(result, dtype=float)
    arr = np.broadcast_to(arr, (n,)).copy() if arr.shape != (n,) else arr.copy()
    bad = ~np.isfinite(arr)
    # inputs that must be positive: NaN even where the function gave a number
    for param in r.must_be_positive:
        with np.errstate(invalid="ignore"):
            bad |= args[param] <= 0
    reason = np.full(n, None, dtype=object)
    bad &= ~pointless
    if bad.any():
        rows = np.flatnonzero(bad)
        _explain(r, rows, args, closing, opening, _specific(r, inputs, computed), reason)
        arr[rows] = np.nan
    if pointless.any():
        arr[pointless] = np.nan
        reason[pointless] = [not_meaningful(k) for k in kinds[pointless]]
    return arr, reason, pointless


def _specific(r: Ratio, inputs: _Inputs, computed: dict) -> dict:
    """Reasons in other words than "<item> not available" for missing inputs, by parameter:
    the reasons of the ratios it uses, the ratio's own words (`Ratio.missing`), the reasons
    given with the panel (this year's items only)."""
    out = {}
    for param in r.inputs:
        if param in r.uses:
            out[param] = computed[param][1]
        elif param in r.missing:
            out[param] = np.full(inputs.n, r.missing[param], dtype=object)
        elif not param.endswith(PREVIOUS) and inputs.reason(param) is not None:
            out[param] = inputs.reason(param)
    return out


def _explain(r: Ratio, rows: np.ndarray, args: dict, closing: dict, opening: dict,
             specific: dict, reason: np.ndarray) -> None:
    """Fill `reason` at `rows` (the rows without a value), most basic cause first."""
    todo = np.ones(len(rows), dtype=bool)
    params = r.inputs

    def assign(mask: np.ndarray, text) -> None:
        """Give `text` (one text, or one per row) to the rows of `mask` that have no reason yet."""
        nonlocal todo
        hit = todo & mask
        if hit.any():
            reason[rows[hit]] = text[hit] if isinstance(text, np.ndarray) else text
            todo &= ~hit

    # 1. inputs not available (for an averaged input: the closing balance): a reason in other
    #    words first (`_specific`), in parameter order; else the missing inputs, all named
    code = np.zeros(len(rows), dtype=np.int64)
    for i, param in enumerate(params):
        missing = np.isnan(closing.get(param, args[param])[rows])
        code |= missing.astype(np.int64) << i
        if param in specific:
            texts = specific[param][rows]
            assign(missing & np.array([isinstance(t, str) and t != "" for t in texts], dtype=bool), texts)
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
