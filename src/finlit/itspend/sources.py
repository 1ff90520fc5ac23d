"""Where a company's IT spend comes from, in order of trust (FINANCE.md §4).

1. **budget** — the user's IT budget (a CSV or TOML file, a frame, or amounts such as
   ``--it-spend 2024=1.2e6,2025=1.3e6``), or the budget bundled with a (fictional)
   company;
2. **disclosed** — IT expense the company tags in its XBRL filings
   (``InformationTechnologyAndDataProcessing``, ``CommunicationsAndInformationTechnology``),
   read as the canonical item ``it_spend`` from an SEC source;
3. **estimate** — the industry benchmark × revenue, always labelled as an estimate with
   the benchmark's source and data year.

`resolve_it_spend` picks the most trusted source available and returns an `ITSpend`:
one row per fiscal year, every missing value with a reason, and warnings (budget years
without statements, a budget larger than revenue, a converted currency) as plain text.

>>> import finlit
>>> spend = resolve_it_spend(finlit.load("AAPL"))
>>> spend.source, spend.trust
('estimate', 3)
>>> spend.label
'estimate: 2.8% of revenue (Gartner IT Key Metrics Data 2021, median, data year 2020), not a reported figure'
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
    """The IT spend of `company` from the most trusted source available.

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
    key = check_industry(industry) if industry else (company.info.industry or "")
    bench = industry_benchmarks(key)
    panel = company.panel()
    revenue = panel["revenue"] if "revenue" in panel else pd.Series(dtype=float)
    statement_years = [int(y) for y in revenue.dropna().index]
    currency = company.currency
    warnings: list[str] = []
    categories = None
    parts = [c for c in ("capitalized_software", "software_development_payments") if c in panel]
    disclosed_parts = panel[parts].dropna(how="all") if parts else None

    if rate is not None:
        if not (isinstance(rate, (int, float)) and math.isfinite(rate) and rate > 0):
            raise InputError(f"exchange rate {rate!r} is not a positive number: give the "
                             f"{currency} value of one unit of the budget's currency, e.g. 1.08")

    given = None
    if budget is not None:
        given, budget_currency, categories, detail = _budget_totals(budget, currency)
        label = f"your IT budget ({detail})" if detail != "IT budget" else "your IT budget"
    elif it_spend is not None:
        given, budget_currency, detail = _amounts(it_spend, company), currency, "IT spend given"
        label = "the IT spend you gave"
    elif company.ticker.upper() in bundled_it_budgets():
        b = bundled_it_budget(company.ticker)
        t = totals(b)
        given, budget_currency = t[COLUMNS], t.attrs.get("currency") or currency
        categories = t.drop(columns=COLUMNS)
        detail = f"bundled IT budget it_budgets/{company.ticker.upper()}.csv"
        label = f"the IT budget bundled with {company.name}"

    if given is not None:
        source = "budget"
        if budget_currency.upper() != currency.upper():
            if rate is None:
                raise InputError(
                    f"the IT budget is in {budget_currency} but the statements of {company.ticker} "
                    f"are in {currency}: give the exchange rate ({currency} per 1 {budget_currency}) "
                    f"with --rate or rate=, e.g. --rate 1.08")
            given = given * rate
            if categories is not None:
                categories = categories * rate
            warnings.append(f"the IT budget was converted from {budget_currency} to {currency} at "
                            f"{rate:g} {currency} per {budget_currency}")
        elif rate is not None and rate != 1:
            warnings.append(f"the exchange rate {rate:g} was not used: the IT budget and the "
                            f"statements are both in {currency}")
        frame = given.copy()
        no_statements = [y for y in frame.index if y not in statement_years]
        if no_statements:
            warnings.append(f"{_years_text(no_statements)}: in the IT budget but not in the "
                            f"statements of {company.ticker}: no revenue to compare with")
        missing = [y for y in statement_years if y not in frame.index]
        if missing and it_spend is None:
            warnings.append(f"{_years_text(missing)}: in the statements but not in the IT budget: "
                            "no IT spend for those years")
        frame = frame.reindex(sorted(set(frame.index) | set(statement_years)))
        what = "IT spend given" if it_spend is not None else "IT budget"
        reasons = pd.DataFrame(None, index=frame.index, columns=COLUMNS, dtype=object)
        for year in frame.index:
            for column in COLUMNS:
                if pd.isna(frame.at[year, column]):
                    reasons.at[year, column] = (
                        f"no {what} for FY{year}" if year not in given.index else
                        "the amount given is not split into capex and opex")
        frame["source"] = source
        frame["detail"] = detail
    else:
        it_rows = company.facts[company.facts["line_item"] == "it_spend"]
        disclosed = it_rows[it_rows["source"].isin(SEC_SOURCES)]
        if len(disclosed):
            source = "disclosed"
            values = disclosed.groupby("fiscal_year")["value"].last()
            tags = ", ".join(sorted(set(disclosed["source_key"])))
            label = f"IT expense disclosed in the filings (XBRL {tags})"
            frame = pd.DataFrame({"it_spend": values, "it_opex": np.nan, "it_capex": np.nan})
            frame = frame.reindex(sorted(set(frame.index) | set(statement_years)))
            frame.index = frame.index.astype(int)
            reasons = pd.DataFrame(None, index=frame.index, columns=COLUMNS, dtype=object)
            for year in frame.index:
                if pd.isna(frame.at[year, "it_spend"]):
                    reasons.at[year, "it_spend"] = f"the filings disclose no IT expense for FY{year}"
                reasons.at[year, "it_opex"] = reasons.at[year, "it_capex"] = \
                    "the disclosed IT expense is not split into capex and opex"
            frame["source"] = source
            frame["detail"] = tags
        else:
            source = "estimate"
            est = bench.estimate
            label = (f"estimate: {est.value_text()} of revenue ({est.citation()}), "
                     "not a reported figure")
            years = sorted(int(y) for y in revenue.index) if len(revenue) else []
            rev = revenue.reindex(years).astype(float)
            with np.errstate(all="ignore"):
                values = rev.where(rev > 0) * est.value
            frame = pd.DataFrame({"it_spend": values, "it_opex": np.nan, "it_capex": np.nan},
                                 index=pd.Index(years))
            reasons = pd.DataFrame(None, index=frame.index, columns=COLUMNS, dtype=object)
            for year in years:
                r = rev.get(year)
                if pd.isna(r):
                    reasons.at[year, "it_spend"] = f"revenue not available for FY{year}: no estimate"
                elif r <= 0:
                    reasons.at[year, "it_spend"] = (f"revenue is zero or negative in FY{year}: "
                                                    "an estimate from revenue is not meaningful")
                reasons.at[year, "it_opex"] = reasons.at[year, "it_capex"] = \
                    "an estimate from a benchmark has no split into capex and opex"
            frame["source"] = source
            frame["detail"] = est.benchmark_id

    frame.index = pd.Index([int(y) for y in frame.index], name="fiscal_year")
    reasons.index = frame.index
    frame.insert(3, "revenue", revenue.reindex(frame.index).astype(float))
    for year in frame.index:
        rev, spend = frame.at[year, "revenue"], frame.at[year, "it_spend"]
        if source != "estimate" and pd.notna(rev) and rev <= 0:
            warnings.append(f"FY{year}: revenue is zero or negative: IT spend as a share of "
                            "revenue is not meaningful")
        elif source != "estimate" and pd.notna(rev) and pd.notna(spend) and spend > rev:
            warnings.append(f"FY{year}: IT spend ({spend:,.0f} {currency}) is larger than revenue "
                            f"({rev:,.0f} {currency}): check the amounts are in full currency "
                            "units and the right currency")
    return ITSpend(company.ticker, company.name, currency, key, source, label, frame, reasons,
                   bench, warnings, categories, disclosed_parts)


__all__ = ["ITSpend", "SOURCES", "TRUST", "resolve_it_spend"]
