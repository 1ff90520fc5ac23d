"""The canonical model: a company, its facts with provenance, its statements.

Every source ends here. A `Company` holds

- `info`: who it is (ticker, name, industry, currency, fiscal-year end …);
- `facts`: one row per value, the long tidy form, with provenance
  (`FACT_COLUMNS`): line item, fiscal year, period end, value, currency,
  source, the source's own key or tag, filing, and whether the value was
  derived by finlit or had its sign flipped on load;
- `notes`: data-quality notes from the integrity checks.

Statements are views of the facts: DataFrames with line items as rows and
fiscal years as columns.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> int(apple.value("revenue", 2023) / 1e6)
383285
>>> float(apple.statement("income").frame.loc["gross_profit", 2023]) / 1e6
169148.0
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

import pandas as pd

from .display import RatioTable, Statement, company_html
from .errors import PeriodError
from .items import ITEMS, STATEMENTS, items_of
from .markup import no_math_html
from .periods import fiscal_years, period_label
from .ratios import compute_panel

FACT_COLUMNS = [
    "line_item", "fiscal_year", "period_end", "period", "value", "currency",
    "source", "source_key", "filing", "filed", "derived", "flipped",
]


@dataclass(frozen=True)
class CompanyInfo:
    """Who a company is. `industry` is a key of `finlit.industries.INDUSTRIES`."""

    ticker: str
    name: str
    industry: str = ""
    currency: str = "USD"
    fiscal_year_end: str = ""  # "MM-DD" of the usual year end, e.g. "09-30"
    fictional: bool = False
    description: str = ""
    source: str = ""
    filings: tuple = ()  # dicts: form, fiscal_year, accession, filed, url
    notes: tuple = ()    # plain-text notes about coverage
    kind: str = "operating"  # "operating", "bank", "insurer" or "other_financial" (industries.KINDS)


@dataclass(frozen=True)
class DataQualityNote:
    """A failed integrity check: shown to the user, never a crash."""

    check: str
    fiscal_year: int | None
    message: str

    def __str__(self) -> str:
        return self.message


def make_facts(rows: Iterable[dict] | pd.DataFrame, **defaults) -> pd.DataFrame:
    """Build a facts frame from dicts (or a frame) with the canonical columns.

    `defaults` fill columns the rows do not carry (currency, source …).
    `fiscal_year` is computed from `period_end` when absent.

    >>> f = make_facts([{"line_item": "revenue", "period_end": "2023-09-30", "value": 1.0}],
    ...                currency="USD", source="example")
    >>> f.loc[0, "fiscal_year"], f.loc[0, "derived"]
    (np.int64(2023), np.False_)
    """
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    for column, value in defaults.items():
        if column not in frame or frame[column].isna().all():
            frame[column] = value
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    if "fiscal_year" not in frame or frame["fiscal_year"].isna().any():
        frame["fiscal_year"] = fiscal_years(frame["period_end"])
    fill = {"period": "annual", "currency": "", "source": "", "source_key": "", "filing": "",
            "filed": "", "derived": False, "flipped": False}
    for column, value in fill.items():
        if column not in frame:
            frame[column] = value
        elif frame[column].dtype == object:
            frame[column] = frame[column].fillna(value)
    frame["fiscal_year"] = frame["fiscal_year"].astype("int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    frame["derived"] = frame["derived"].astype(bool)
    frame["flipped"] = frame["flipped"].astype(bool)
    # NaN and ±Infinity are never facts (the sources that can meet them count them in a note)
    frame = frame[frame["value"].notna() & (frame["value"].abs() != float("inf"))]
    return frame[FACT_COLUMNS].reset_index(drop=True)


# --- derived items -------------------------------------------------------------------------

# key -> (formula text, function of the wide frame (years × items) returning a Series or None)
def _derive_gross_profit(w):
    if {"revenue", "cost_of_revenue"} <= set(w):
        return w["revenue"] - w["cost_of_revenue"]


def _derive_total_debt(w):
    parts = [c for c in ("short_term_debt", "long_term_debt") if c in w]
    if parts:
        present = w[parts].notna().any(axis=1)
        return w[parts].fillna(0).sum(axis=1).where(present)


def _derive_total_liabilities(w):
    if {"total_assets", "total_equity"} <= set(w):
        nci = w["noncontrolling_interest"].fillna(0) if "noncontrolling_interest" in w else 0
        return w["total_assets"] - w["total_equity"] - nci


def _derive_free_cash_flow(w):
    if {"operating_cash_flow", "capital_expenditure"} <= set(w):
        return w["operating_cash_flow"] - w["capital_expenditure"]


DERIVATIONS = {
    "gross_profit": ("revenue − cost_of_revenue", _derive_gross_profit),
    "total_debt": ("short_term_debt + long_term_debt", _derive_total_debt),
    "total_liabilities": ("total_assets − total_equity − noncontrolling_interest",
                          _derive_total_liabilities),
    "free_cash_flow": ("operating_cash_flow − capital_expenditure", _derive_free_cash_flow),
}


def period_key(facts: pd.DataFrame) -> str:
    """The column that identifies a period: `fiscal_year` for annual data, `period_end` for
    quarterly and trailing-twelve-month data (several periods share a fiscal year)."""
    periods = set(facts["period"]) if len(facts) else {"annual"}
    return "fiscal_year" if periods == {"annual"} else "period_end"


def derive_missing(facts: pd.DataFrame) -> pd.DataFrame:
    """Add derived items (gross profit, total debt, total liabilities, free cash flow)
    for the periods where the source did not report them; they are marked `derived`."""
    if facts.empty:
        return facts
    key = period_key(facts)
    wide = facts.pivot_table(index=key, columns="line_item", values="value", aggfunc="last")
    firsts = facts.groupby(key).agg(period_end=("period_end", "max"), fiscal_year=("fiscal_year", "max"),
                                    period=("period", "first"))
    base = facts.iloc[0]
    new = []
    for item, (formula, derive) in DERIVATIONS.items():
        values = derive(wide)
        if values is None:
            continue
        reported = wide[item].notna() if item in wide else pd.Series(False, index=wide.index)
        for at, value in values[~reported].dropna().items():
            new.append({"line_item": item, "fiscal_year": firsts.at[at, "fiscal_year"],
                        "period_end": firsts.at[at, "period_end"], "period": firsts.at[at, "period"],
                        "value": value, "currency": base["currency"],
                        "source": "finlit", "source_key": formula, "filing": "", "filed": "",
                        "derived": True, "flipped": False})
    if not new:
        return facts
    return pd.concat([facts, make_facts(new)], ignore_index=True)


# --- integrity checks ----------------------------------------------------------------------

BALANCE_TOLERANCE = 0.005


def _balance_gap(wide: pd.DataFrame):
    """assets − (liabilities + equity + minority interest), measured against assets."""
    if not {"total_assets", "total_liabilities", "total_equity"} <= set(wide):
        return None
    nci = wide["noncontrolling_interest"].fillna(0) if "noncontrolling_interest" in wide else 0
    return wide["total_assets"] - (wide["total_liabilities"] + wide["total_equity"] + nci), wide["total_assets"]


def _gross_profit_gap(wide: pd.DataFrame):
    """gross profit − (revenue − cost of revenue), measured against revenue."""
    if not {"revenue", "cost_of_revenue", "gross_profit"} <= set(wide):
        return None
    return wide["gross_profit"] - (wide["revenue"] - wide["cost_of_revenue"]), wide["revenue"]


# check name → (the gap and what it is measured against, the message after "FY2023: ")
INTEGRITY_CHECKS = {
    "balance_sheet_balances": (_balance_gap, "the balance sheet does not balance: assets differ from "
                                             "liabilities + equity by {share:+.1%} of assets."),
    "gross_profit_adds_up": (_gross_profit_gap, "gross profit differs from revenue − cost of revenue by "
                                                "{share:+.1%} of revenue."),
}


def check_integrity(facts: pd.DataFrame) -> list[DataQualityNote]:
    """Checks that a reader of the statements would expect to hold (`INTEGRITY_CHECKS`).

    - the balance sheet balances: assets = liabilities + equity (+ minority
      interest) within 0.5% of assets, when liabilities were reported;
    - gross profit = revenue − cost of revenue within 0.5% of revenue, when
      all three were reported.
    """
    notes = []
    reported = facts[~facts["derived"]]
    key = period_key(facts)
    wide = reported.pivot_table(index=key, columns="line_item", values="value", aggfunc="last")
    name = (lambda at: f"FY{at}") if key == "fiscal_year" else (lambda at: f"period ending {at.date()}")
    for check, (measure, message) in INTEGRITY_CHECKS.items():
        found = measure(wide)
        if found is None:
            continue
        gap, base = found
        for at, g in gap.dropna().items():
            if base[at] and abs(g) > BALANCE_TOLERANCE * abs(base[at]):
                notes.append(DataQualityNote(check, _year(reported, key, at),
                                             f"{name(at)}: " + message.format(share=g / base[at])))
    return notes


def _year(facts: pd.DataFrame, key: str, at) -> int:
    return int(at) if key == "fiscal_year" else int(facts.loc[facts[key] == at, "fiscal_year"].iloc[0])


# --- the company ---------------------------------------------------------------------------

@dataclass
class Company:
    """A company's facts in the canonical model, with statements and ratios as views."""

    info: CompanyInfo
    facts: pd.DataFrame
    notes: list = field(default_factory=list)
    # views that higher layers compute once per company (the judgement of a year …),
    # keyed by the layer's own names; facts are not meant to change after construction
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_facts(cls, info: CompanyInfo, facts: pd.DataFrame, notes: Iterable = ()) -> "Company":
        """Build a company: keep the latest value per (item, period), derive what is
        missing, run the integrity checks. All facts must be of one period type
        (annual, quarterly or ttm)."""
        facts = make_facts(facts, currency=info.currency)
        if facts["period"].nunique() > 1:
            raise ValueError(f"facts mix period types {sorted(set(facts['period']))}: "
                             "build one Company per period type")
        key = period_key(facts)
        facts = (facts.sort_values(["line_item", key, "period_end"], kind="stable")
                      .drop_duplicates(["line_item", key], keep="last"))
        facts = derive_missing(facts.reset_index(drop=True))
        order = {k: i for i, k in enumerate(ITEMS)}
        facts = (facts.assign(_o=facts["line_item"].map(order).fillna(len(order)))
                      .sort_values(["_o", key], kind="stable").drop(columns="_o").reset_index(drop=True))
        return cls(info, facts, list(notes) + check_integrity(facts))

    # -- basic access ------------------------------------------------------------------
    @property
    def ticker(self) -> str:
        return self.info.ticker

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def currency(self) -> str:
        return self.info.currency

    @property
    def kind(self) -> str:
        """'operating', 'bank', 'insurer' or 'other_financial' (`CompanyInfo.kind`)."""
        return self.info.kind or "operating"

    @cached_property
    def period(self) -> str:
        """'annual' (the default everywhere), 'quarterly' or 'ttm'."""
        return self.facts["period"].iloc[0] if len(self.facts) else "annual"

    @cached_property
    def key(self) -> str:
        """The facts column that names a period: fiscal_year (annual) or period_end."""
        return period_key(self.facts)

    @cached_property
    def _positions(self) -> dict:
        """(line item, period) → row of `facts`, for fast look-ups."""
        periods = self.facts[self.key]
        if self.key == "fiscal_year":
            periods = periods.astype(int)
        return {pair: i for i, pair in enumerate(zip(self.facts["line_item"], periods))}

    @property
    def years(self) -> list[int]:
        """Fiscal years with at least one reported value, oldest first."""
        return sorted(int(y) for y in self.facts["fiscal_year"].unique())

    @property
    def periods(self) -> list:
        """The periods, oldest first: fiscal years (annual) or period-end Timestamps."""
        return self.years if self.key == "fiscal_year" else sorted(self.facts["period_end"].unique())

    def period_label(self, at) -> str:
        """How a period is shown: 'FY2023', or 'FY2024 Q1' / 'TTM to 2024-06-29'."""
        if self.key == "fiscal_year":
            return f"FY{int(at)}"
        return period_label(at, self.period, self.info.fiscal_year_end)

    def _rows(self, item: str, at) -> pd.DataFrame:
        at = int(at) if self.key == "fiscal_year" else pd.Timestamp(at)
        row = self._positions.get((item, at))
        return self.facts.iloc[[row]] if row is not None else self.facts.iloc[0:0]

    def value(self, item: str, period) -> float:
        """One value: NaN when the company did not report the item for that period; a
        `PeriodError` naming the periods it has when it has no such period at all.
        `period` is a fiscal year, or a period end for quarterly and TTM data.

        >>> import finlit
        >>> apple = finlit.load("AAPL")
        >>> apple.value("net_income", 2023) / 1e6
        96995.0
        >>> apple.value("revenue", 2030)
        Traceback (most recent call last):
        ...
        finlit.errors.PeriodError: Apple Inc. has no FY2030: it has FY2016–FY2025
        """
        at = self._period(period)
        if at not in self._period_set:
            raise PeriodError(f"{self.name} has no {self.period_label(at)}: it has {self.span}")
        return self.get(item, at)

    def get(self, item: str, period, default: float = float("nan")) -> float:
        """One value, or `default` (NaN) when the item or the period is not there.

        >>> import finlit
        >>> finlit.load("AAPL").get("revenue", 2030)
        nan
        """
        row = self._positions.get((item, self._period(period)))
        return float(self.facts["value"].iat[row]) if row is not None else default

    def _period(self, period):
        return int(period) if self.key == "fiscal_year" else pd.Timestamp(period)

    @cached_property
    def _period_set(self) -> set:
        return set(self.periods)

    @property
    def span(self) -> str:
        """The periods in words: 'FY2016–FY2025' ('no periods' when empty)."""
        periods = self.periods
        if not periods:
            return "no periods"
        first, last = self.period_label(periods[0]), self.period_label(periods[-1])
        return first if first == last else f"{first}–{last}"

    def provenance(self, item: str, period) -> dict:
        """Where one value came from: source, source key/tag, currency, filing, flags."""
        hit = self._rows(item, period)
        if not len(hit):
            return {}
        row = hit.iloc[-1].to_dict()
        row["period_end"] = row["period_end"].date().isoformat()
        return row

    def wide(self, statement: str | None = None) -> pd.DataFrame:
        """Line items × periods (fiscal years, or period ends) of raw values (all statements when None)."""
        facts = self.facts if statement is None else self.facts[
            self.facts["line_item"].map(lambda k: ITEMS[k].statement if k in ITEMS else "other") == statement]
        frame = facts.pivot_table(index="line_item", columns=self.key, values="value", aggfunc="last")
        keys = items_of(statement) if statement else list(ITEMS)
        order = [k for k in keys if k in frame.index] + [k for k in frame.index if k not in keys]
        frame = frame.reindex(order)
        if self.key == "fiscal_year":
            frame.columns = [int(c) for c in frame.columns]
        frame.columns.name = self.key
        return frame

    @cached_property
    def _panel(self) -> pd.DataFrame:
        frame = self.facts.pivot_table(index=self.key, columns="line_item", values="value", aggfunc="last")
        frame.columns.name = None
        return frame

    def panel(self) -> pd.DataFrame:
        """Periods × line items: the input shape of the ratio engine (a copy of a pivot
        made once per company; facts are not meant to change after construction)."""
        return self._panel.copy()

    def period_ends(self) -> pd.Series:
        """Period-end date of each period (indexed like `panel()`)."""
        return self.facts.groupby(self.key)["period_end"].max()

    def statement(self, name: str = "income"):
        """One statement ('income', 'balance', 'cashflow', 'other', 'it') as a `Statement` view."""
        if name not in STATEMENTS:
            raise ValueError(f"unknown statement {name!r}; use one of {', '.join(STATEMENTS)}")
        return Statement(self, name)

    @property
    def income_statement(self):
        return self.statement("income")

    @property
    def balance_sheet(self):
        return self.statement("balance")

    @property
    def cash_flow(self):
        return self.statement("cashflow")

    def tidy(self) -> pd.DataFrame:
        """The long tidy form with a `company` and a `statement` column."""
        out = self.facts.copy()
        out.insert(0, "statement", out["line_item"].map(lambda k: ITEMS[k].statement if k in ITEMS else "other"))
        out.insert(0, "company", self.ticker)
        return out

    def ratios(self, keys=None, average_balances: bool = False):
        """The ratio catalogue (or `keys` of it) for every fiscal year: a `RatioTable`.

        The company's kind (`info.kind`) chooses the default selection: a bank gets the bank
        ratios and not the gross margin; a ratio asked for that means nothing for the kind is
        NaN with the reason "not meaningful for a bank".

        >>> import finlit
        >>> r = finlit.load("AAPL").ratios(["gross_margin", "net_margin"])
        >>> round(r.value("gross_margin", 2023), 4)
        0.4413
        """
        if keys is None and not average_balances:
            return self._ratio_table  # the whole catalogue, computed once per company
        return compute_ratios(self, keys=keys, average_balances=average_balances)

    @cached_property
    def _ratio_table(self):
        return compute_ratios(self)

    def _repr_html_(self) -> str:
        # a MathJax-ignore container: a description or a note with two '$' amounts stays text
        return no_math_html(company_html(self))

    def __repr__(self) -> str:
        span = f"FY{self.years[0]}–FY{self.years[-1]}" if self.years else "no years"
        if self.period != "annual":
            span += f", {self.period}"
        return f"<Company {self.ticker}: {self.name}, {span}, {len(self.facts)} facts>"


def compute_ratios(target, keys=None, average_balances: bool = False, kind=None):
    """Compute ratios for a company, a list of companies, or a panel DataFrame.

    - a `Company` gives a `RatioTable` (ratios × fiscal years, with reasons);
    - a list of companies gives a `RatioTable` over all of them (company, year);
    - a panel DataFrame gives a `RatioResult` (values and reasons frames).

    `keys` is a ratio key or a list of them (the default selection for the companies' kinds
    when None). Each company's kind (`CompanyInfo.kind`) goes to the ratio engine, so a bank's
    gross margin is NaN with the reason "not meaningful for a bank"; `kind` gives the kind of a
    panel DataFrame (one kind, or a Series by row or by company; None: not known).

    >>> import finlit
    >>> table = finlit.compute_ratios(finlit.load("AAPL"), "net_margin")
    >>> round(table.value("net_margin", 2023), 4)
    0.2531
    """
    keys = [keys] if isinstance(keys, str) else keys
    if isinstance(target, pd.DataFrame):
        return compute_panel(target, keys, average_balances, kind=kind)
    companies = [target] if isinstance(target, Company) else list(target)
    kinds = {c.ticker: c.kind for c in companies}
    if len(companies) == 1:
        panel, kind = companies[0].panel(), kinds[companies[0].ticker]
    else:
        panel = pd.concat({c.ticker: c.panel() for c in companies}, names=["company", "fiscal_year"])
        kind = pd.Series(kinds, dtype=object)
    return RatioTable(companies, compute_panel(panel, keys, average_balances, kind=kind))
