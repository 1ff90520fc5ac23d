"""Where a company's IT spend comes from, in order of trust (FINANCE.md §4).

1. **budget** — the user's IT budget (a CSV or TOML file, a frame, or amounts such as
   ``--it-spend 2024=1.2e6,2025=1.3e6``), or the budget bundled with a (fictional)
   company;
2. **disclosed** — IT expense the company tags in its XBRL filings
   (``InformationTechnologyAndDataProcessing``, ``CommunicationsAndInformationTechnology``),
   read as the canonical item ``it_spend`` from an SEC source;
3. **estimate** — the industry benchmark × revenue, always labelled as an estimate with
   the benchmark's source and data year.

Each kind of source is one function of `RESOLVERS` (`from_budget`, `from_disclosure`,
`from_estimate`), tried in that order; `resolve_it_spend` returns the first `ITSpend` one of
them gives: one row per fiscal year, every missing value with a reason, and warnings (budget
years without statements, a budget larger than revenue, a converted currency) as plain text.

>>> import finlit
>>> spend = resolve_it_spend(finlit.load("AAPL"))
>>> spend.source, spend.trust
('estimate', 3)
>>> spend.label
'estimate: 2.8% of revenue (median for all industries, Gartner IT Key Metrics Data 2021, data year 2020), not a reported figure'
>>> round(spend.value(2025) / 1e9, 2)
11.65
>>> lark = resolve_it_spend(finlit.load("LARKSPUR"))
>>> lark.source, lark.value(2025), lark.value(2025, "it_capex")
('budget', 27870000.0, 2650000.0)
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..errors import InputError
from ..itbudget import bundled_it_budget, bundled_it_budgets, load_it_budget, parse_it_spend, totals
from .benchmarks import IndustryBenchmarks, check_industry, industry_benchmarks

SOURCES = {
    "budget": "the IT budget",
    "disclosed": "IT expense disclosed in the company's XBRL filings",
    "estimate": "an estimate: industry benchmark × revenue",
}
TRUST = {"budget": 1, "disclosed": 2, "estimate": 3}
SEC_SOURCES = ("sec-companyfacts", "sec-fsds", "sec")
COLUMNS = ["it_spend", "it_opex", "it_capex"]


@dataclass
class ITSpend:
    """A company's IT spend per fiscal year, with where it came from.

    frame: index fiscal_year; columns it_spend, it_opex, it_capex (money in `currency`),
        revenue (for reference), source and detail (the tag, file or benchmark).
    reasons: same index, columns it_spend, it_opex, it_capex: None where a value is
        there, a plain-language reason where it is NaN.
    categories: per-year category totals when the source is a budget (else None).
    """

    ticker: str
    name: str
    currency: str
    industry: str
    source: str
    label: str
    frame: pd.DataFrame
    reasons: pd.DataFrame
    benchmarks: IndustryBenchmarks
    warnings: list = field(default_factory=list)
    categories: pd.DataFrame | None = None
    disclosed_parts: pd.DataFrame | None = None

    @property
    def trust(self) -> int:
        """1 (a budget), 2 (disclosed) or 3 (an estimate)."""
        return TRUST[self.source]

    @property
    def is_estimate(self) -> bool:
        return self.source == "estimate"

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.frame.index]

    def value(self, fiscal_year: int, column: str = "it_spend") -> float:
        if fiscal_year not in self.frame.index:
            return float("nan")
        return float(self.frame.at[fiscal_year, column])

    def reason(self, fiscal_year: int, column: str = "it_spend") -> str | None:
        if fiscal_year not in self.reasons.index:
            return f"no IT spend for FY{fiscal_year}"
        return self.reasons.at[fiscal_year, column]


def _years_text(years) -> str:
    years = sorted(years)
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for y in years[1:]:
        if y == prev + 1:
            prev = y
            continue
        runs.append((start, prev))
        start = prev = y
    runs.append((start, prev))
    return ", ".join(f"FY{a}" if a == b else f"FY{a}–FY{b}" for a, b in runs)


def _budget_totals(budget, currency: str) -> tuple[pd.DataFrame, str, pd.DataFrame | None, str]:
    """(totals with it_spend/it_opex/it_capex, currency, category totals or None, detail)."""
    detail = "IT budget"
    if isinstance(budget, (str, os.PathLike)):
        detail = f"IT budget file {os.path.basename(str(budget))}"
        budget = load_it_budget(budget)
    if not isinstance(budget, pd.DataFrame):
        raise InputError("IT budget: pass a file path, the frame read_it_budget returns, or its totals")
    if "category" in budget.columns:
        t = totals(budget)
        return t[COLUMNS], t.attrs.get("currency") or currency, t.drop(columns=COLUMNS), detail
    if "it_spend" not in budget.columns:
        raise InputError("IT budget: the frame has no it_spend or category column: pass the frame "
                         "read_it_budget returns, or totals with an it_spend column")
    t = budget.copy()
    for column in COLUMNS:
        if column not in t:
            t[column] = np.nan
    t.index = t.index.astype(int)
    return t[COLUMNS].astype(float), budget.attrs.get("currency") or currency, None, detail


def _amounts(it_spend, company) -> pd.DataFrame:
    if isinstance(it_spend, str):
        amounts = parse_it_spend(it_spend)
    elif isinstance(it_spend, dict):
        amounts = {k: float(v) for k, v in it_spend.items()}
    elif isinstance(it_spend, (int, float)) and not isinstance(it_spend, bool):
        amounts = {None: float(it_spend)}
    else:
        raise InputError("IT spend: give an amount (1.2e6) or one per year ({2024: 1.2e6})")
    if None in amounts:
        if not company.years:
            raise InputError("IT spend: the company has no fiscal years to put the amount in: "
                             "give the year, e.g. 2025=1.2e6")
        amounts = {company.years[-1]: amounts[None]}
    for year, value in amounts.items():
        if not (isinstance(value, float) and math.isfinite(value)) or value < 0:
            raise InputError(f"IT spend for FY{year} is {value}: give a positive amount")
    frame = pd.DataFrame({"it_spend": amounts}).sort_index()
    frame.index = frame.index.astype(int)
    frame["it_opex"] = np.nan
    frame["it_capex"] = np.nan
    return frame


def resolve_it_spend(company, budget=None, it_spend=None, industry: str | None = None,
                     rate: float | None = None) -> ITSpend:
    """The IT spend of `company` from the most trusted source available: the first of
    `RESOLVERS` that answers.

    budget: an IT budget file path (CSV or TOML), the frame `read_it_budget` returns,
        or totals with an ``it_spend`` column (indexed by fiscal year);
    it_spend: an amount for the latest fiscal year (1.2e6), one per year
        ({2024: 1.2e6} or the text "2024=1.2e6,2025=1.3e6"), in the statements' currency;
    industry: an industry key overriding the company's (for the benchmark band and estimate);
    rate: for a budget in another currency than the statements: units of the statements'
        currency per unit of the budget's (1.08 USD per EUR). Without it, a currency
        mismatch is an error.

    >>> import finlit
    >>> s = resolve_it_spend(finlit.load("LARKSPUR"), it_spend="2025=30e6")
    >>> s.source, s.value(2025), s.reason(2024)
    ('budget', 30000000.0, 'no IT spend given for FY2024')
    >>> resolve_it_spend(finlit.load("AAPL"), budget=None, it_spend=-1)
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: IT spend for FY2025 is -1.0: give a positive amount
    """
    if budget is not None and it_spend is not None:
        raise InputError("give an IT budget or an IT spend amount, not both")
    request = Request.of(company, budget, it_spend, industry, rate)
    for resolver in RESOLVERS:
        spend = resolver(request)
        if spend is not None:
            return spend
    raise AssertionError("from_estimate always answers")


@dataclass
class Request:
    """What `resolve_it_spend` was asked, with what every resolver needs of the company."""

    company: Any
    budget: Any
    it_spend: Any
    rate: float | None
    industry: str                      # the industry key used (the company's unless overridden)
    benchmarks: IndustryBenchmarks
    revenue: pd.Series                 # by fiscal year
    statement_years: list[int]         # the years with revenue
    disclosed_parts: pd.DataFrame | None

    @classmethod
    def of(cls, company, budget, it_spend, industry: str | None, rate: float | None) -> "Request":
        key = check_industry(industry) if industry else (company.info.industry or "")
        bench = industry_benchmarks(key)
        panel = company.panel()
        revenue = panel["revenue"] if "revenue" in panel else pd.Series(dtype=float)
        parts = [c for c in ("capitalized_software", "software_development_payments") if c in panel]
        if rate is not None and not (isinstance(rate, (int, float)) and math.isfinite(rate)
                                     and rate > 0):
            raise InputError(f"exchange rate {rate!r} is not a positive number: give the "
                             f"{company.currency} value of one unit of the budget's currency, "
                             "e.g. 1.08")
        return cls(company, budget, it_spend, rate, key, bench, revenue,
                   [int(y) for y in revenue.dropna().index],
                   panel[parts].dropna(how="all") if parts else None)

    @property
    def currency(self) -> str:
        return self.company.currency


# --- the resolvers, in order of trust ---------------------------------------------------------

def from_budget(request: Request) -> ITSpend | None:
    """Trust 1: the IT budget or amounts given, else the budget bundled with the company."""
    budget = _budget_of(request)
    if budget is None:
        return None
    warnings: list[str] = []
    budget = _in_statement_currency(request, budget, warnings)
    frame, reasons = _budget_frame(request, budget.totals, warnings)
    return _it_spend(request, "budget", budget.label, budget.detail, frame, reasons, warnings,
                     budget.categories)


def from_disclosure(request: Request) -> ITSpend | None:
    """Trust 2: the IT expense an SEC filer tags in its XBRL filings (item ``it_spend``)."""
    facts = request.company.facts
    it_rows = facts[facts["line_item"] == "it_spend"]
    disclosed = it_rows[it_rows["source"].isin(SEC_SOURCES)]
    if not len(disclosed):
        return None
    tags = ", ".join(sorted(set(disclosed["source_key"])))
    values = disclosed.groupby("fiscal_year")["value"].last()
    frame = pd.DataFrame({"it_spend": values, "it_opex": np.nan, "it_capex": np.nan})
    frame = frame.reindex(sorted(set(frame.index) | set(request.statement_years)))
    frame.index = frame.index.astype(int)
    reasons = _no_reasons(frame.index)
    for year in frame.index:
        if pd.isna(frame.at[year, "it_spend"]):
            reasons.at[year, "it_spend"] = f"the filings disclose no IT expense for FY{year}"
        reasons.at[year, "it_opex"] = reasons.at[year, "it_capex"] = \
            "the disclosed IT expense is not split into capex and opex"
    return _it_spend(request, "disclosed", f"IT expense disclosed in the filings (XBRL {tags})",
                     tags, frame, reasons, [])


def from_estimate(request: Request) -> ITSpend:
    """Trust 3: the industry benchmark × revenue (always answers)."""
    est = request.benchmarks.estimate
    revenue = request.revenue
    years = sorted(int(y) for y in revenue.index) if len(revenue) else []
    rev = revenue.reindex(years).astype(float)
    with np.errstate(all="ignore"):
        values = rev.where(rev > 0) * est.value
    frame = pd.DataFrame({"it_spend": values, "it_opex": np.nan, "it_capex": np.nan},
                         index=pd.Index(years))
    reasons = _no_reasons(frame.index)
    for year in years:
        r = rev.get(year)
        if pd.isna(r):
            reasons.at[year, "it_spend"] = f"revenue not available for FY{year}: no estimate"
        elif r <= 0:
            reasons.at[year, "it_spend"] = (f"revenue is zero or negative in FY{year}: "
                                            "an estimate from revenue is not meaningful")
        reasons.at[year, "it_opex"] = reasons.at[year, "it_capex"] = \
            "an estimate from a benchmark has no split into capex and opex"
    label = f"estimate: {est.value_text()} of revenue ({est.citation()}), not a reported figure"
    return _it_spend(request, "estimate", label, est.benchmark_id, frame, reasons, [])


RESOLVERS = (from_budget, from_disclosure, from_estimate)
"""Tried in this order by `resolve_it_spend`: each returns an `ITSpend`, or None when its kind
of source is not available. A new kind of source is one more function here."""


# --- helpers -----------------------------------------------------------------------------------

class _Budget(NamedTuple):
    totals: pd.DataFrame              # it_spend, it_opex, it_capex by fiscal year
    currency: str
    categories: pd.DataFrame | None   # category totals by fiscal year (a full budget only)
    detail: str
    label: str


def _budget_of(request: Request) -> _Budget | None:
    """The budget in use: the one given, the amounts given, the bundled one, or None."""
    company, currency = request.company, request.currency
    if request.budget is not None:
        given, budget_currency, categories, detail = _budget_totals(request.budget, currency)
        label = f"your IT budget ({detail})" if detail != "IT budget" else "your IT budget"
        return _Budget(given, budget_currency, categories, detail, label)
    if request.it_spend is not None:
        return _Budget(_amounts(request.it_spend, company), currency, None, "IT spend given",
                       "the IT spend you gave")
    if company.ticker.upper() in bundled_it_budgets():
        t = totals(bundled_it_budget(company.ticker))
        return _Budget(t[COLUMNS], t.attrs.get("currency") or currency, t.drop(columns=COLUMNS),
                       f"bundled IT budget it_budgets/{company.ticker.upper()}.csv",
                       f"the IT budget bundled with {company.name}")
    return None


def _in_statement_currency(request: Request, budget: _Budget, warnings: list[str]) -> _Budget:
    """The budget converted at `request.rate` when its currency differs from the statements'."""
    currency, rate, ticker = request.currency, request.rate, request.company.ticker
    if budget.currency.upper() == currency.upper():
        if rate is not None and rate != 1:
            warnings.append(f"the exchange rate {rate:g} was not used: the IT budget and the "
                            f"statements are both in {currency}")
        return budget
    if rate is None:
        raise InputError(
            f"the IT budget is in {budget.currency} but the statements of {ticker} "
            f"are in {currency}: give the exchange rate ({currency} per 1 {budget.currency}) "
            f"with --rate or rate=, e.g. --rate 1.08")
    warnings.append(f"the IT budget was converted from {budget.currency} to {currency} at "
                    f"{rate:g} {currency} per {budget.currency}")
    categories = budget.categories * rate if budget.categories is not None else None
    return budget._replace(totals=budget.totals * rate, categories=categories)


def _budget_frame(request: Request, given: pd.DataFrame, warnings: list[str]
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The budget over its years and the statements' years, with reasons for the gaps."""
    ticker, statement_years = request.company.ticker, request.statement_years
    no_statements = [y for y in given.index if y not in statement_years]
    if no_statements:
        warnings.append(f"{_years_text(no_statements)}: in the IT budget but not in the "
                        f"statements of {ticker}: no revenue to compare with")
    missing = [y for y in statement_years if y not in given.index]
    if missing and request.it_spend is None:
        warnings.append(f"{_years_text(missing)}: in the statements but not in the IT budget: "
                        "no IT spend for those years")
    frame = given.reindex(sorted(set(given.index) | set(statement_years)))
    what = "IT spend given" if request.it_spend is not None else "IT budget"
    reasons = _no_reasons(frame.index)
    for year in frame.index:
        for column in COLUMNS:
            if pd.isna(frame.at[year, column]):
                reasons.at[year, column] = (
                    f"no {what} for FY{year}" if year not in given.index else
                    "the amount given is not split into capex and opex")
    return frame, reasons


def _no_reasons(index) -> pd.DataFrame:
    """An empty reasons frame (None everywhere) for `index`."""
    return pd.DataFrame(None, index=index, columns=COLUMNS, dtype=object)


def _it_spend(request: Request, source: str, label: str, detail: str, frame: pd.DataFrame,
              reasons: pd.DataFrame, warnings: list[str], categories=None) -> ITSpend:
    """The `ITSpend` of a resolver's frame: source, detail and revenue added; for reported
    figures, warnings where revenue makes the share meaningless or is smaller than IT spend."""
    company, currency = request.company, request.currency
    frame["source"] = source
    frame["detail"] = detail
    frame.index = pd.Index([int(y) for y in frame.index], name="fiscal_year")
    reasons.index = frame.index
    frame.insert(3, "revenue", request.revenue.reindex(frame.index).astype(float))
    for year in frame.index if source != "estimate" else ():
        rev, spend = frame.at[year, "revenue"], frame.at[year, "it_spend"]
        if pd.notna(rev) and rev <= 0:
            warnings.append(f"FY{year}: revenue is zero or negative: IT spend as a share of "
                            "revenue is not meaningful")
        elif pd.notna(rev) and pd.notna(spend) and spend > rev:
            warnings.append(f"FY{year}: IT spend ({spend:,.0f} {currency}) is larger than revenue "
                            f"({rev:,.0f} {currency}): check the amounts are in full currency "
                            "units and the right currency")
    return ITSpend(company.ticker, company.name, currency, request.industry, source, label, frame,
                   reasons, request.benchmarks, warnings, categories, request.disclosed_parts)


__all__ = ["ITSpend", "RESOLVERS", "Request", "SOURCES", "TRUST", "from_budget",
           "from_disclosure", "from_estimate", "resolve_it_spend"]
