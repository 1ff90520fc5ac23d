"""Where a company's IT spend comes from, in order of trust (FINANCE.md §4).

1. **budget** — the user's IT budget (a CSV or TOML file, a frame, or amounts such as
   ``--it-spend 2024=1.2e6,2025=1.3e6``), or the budget bundled with a (fictional)
   company;
2. **disclosed** — IT expense the company tags in its XBRL filings
   (``InformationTechnologyAndDataProcessing``, ``CommunicationsAndInformationTechnology``),
   read as the canonical item ``it_spend`` from an SEC source; or the technology line of a
   bank's income statement (item ``technology_expense``: JPMorgan's "Technology,
   communications and equipment expense"), labelled with what it covers: such a line is
   broader than IT (equipment, communications, depreciation) and leaves out the pay of
   technology staff;
3. **stated** — a technology budget the company stated in public (an investor day, an
   earnings call), from ``data/it_stated_budgets.csv``: every figure with its document and a
   second document it was checked against (data/it_stated_budgets.md);
4. **estimate** — the industry benchmark × revenue, always labelled as an estimate with
   the benchmark's source and data year.

Why disclosed before stated: the reported line is audited, exact and there for every year of
the statements; a stated budget is a rounded management figure, often a plan, with no
published definition. But a stated budget comes closer to what IT-spend surveys count
(JPMorgan's includes its technology staff, whose pay the line leaves out), so neither hides
the other: the first answer is the `ITSpend` shown, and every other source that answers (not
the estimate) rides along in its `alternatives`, to be shown beside it.

Each kind of source is one function of `RESOLVERS` (`from_budget`, `from_disclosure`,
`from_technology_line`, `from_stated`, `from_estimate`), tried in that order;
`resolve_it_spend` returns the first `ITSpend` one of them gives: one row per fiscal year,
every missing value with a reason, and warnings (budget years without statements, a budget
larger than revenue, a converted currency) as plain text. For a bank, revenue is total net
revenue (net interest income + noninterest income) where the statements have it.

>>> import finlit
>>> spend = resolve_it_spend(finlit.load("AAPL"))
>>> spend.source, spend.trust
('estimate', 4)
>>> spend.label
'estimate: 2.8% of revenue (median for all industries, Gartner IT Key Metrics Data 2021, data year 2020), not a reported figure'
>>> round(spend.value(2025) / 1e9, 2)
11.65
>>> lark = resolve_it_spend(finlit.load("LARKSPUR"))
>>> lark.source, lark.value(2025), lark.value(2025, "it_capex")
('budget', 27870000.0, 2650000.0)
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..errors import InputError
from ..itbudget import bundled_it_budget, bundled_it_budgets, load_it_budget, parse_it_spend, totals
from .benchmarks import IndustryBenchmarks, check_industry, industry_benchmarks

SOURCES = {
    "budget": "the IT budget",
    "disclosed": "IT expense disclosed in the company's filings (an XBRL tag or the technology line)",
    "stated": "a technology budget the company stated in public",
    "estimate": "an estimate: industry benchmark × revenue",
}
TRUST = {"budget": 1, "disclosed": 2, "stated": 3, "estimate": 4}
SEC_SOURCES = ("sec-companyfacts", "sec-fsds", "sec")
COLUMNS = ["it_spend", "it_opex", "it_capex"]
STATED_FILE = "it_stated_budgets.csv"

# What a bank's reported technology line counts, by its caption (lower case, without a final
# "expense"): (what makes it broader than IT, what it leaves out). The words of the label and
# the explanation; a caption not listed gets the general words of TECHNOLOGY_LINE_DEFAULT.
TECHNOLOGY_LINES = {
    "technology, communications and equipment": (
        "includes depreciation of equipment and communications",
        "the pay of technology staff is in compensation expense"),
    "information processing and communications": (
        "includes communications",
        "the pay of technology staff is in compensation and equipment in occupancy and equipment"),
    "technology and equipment": (
        "includes depreciation of equipment",
        "the pay of technology staff is in personnel expense"),
}
TECHNOLOGY_LINE_DEFAULT = ("a noninterest-expense line that can hold equipment, communications "
                           "and depreciation", "the pay of technology staff is usually elsewhere")
# XBRL tags whose scope is wider than IT (communications), for the label of a disclosure
BROADER_TAGS = {"CommunicationsAndInformationTechnology": "includes communications"}


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
    # the other sources that answered too (less trusted, never the estimate): shown beside
    alternatives: tuple = ()
    # what the figure leaves out, in words ("the pay of technology staff is in …"), or None
    caveat: str | None = None
    revenue_basis: str = "revenue"   # "total net revenue" for a bank that reports it
    base: str = "sales"              # the word for what IT spend is divided by ("revenue" for a bank)
    what: str | None = None          # the reported line's caption, for a technology line
    stated: dict = field(default_factory=dict)   # fiscal year → StatedBudget (a stated source)

    @property
    def trust(self) -> int:
        """1 (a budget), 2 (disclosed), 3 (stated) or 4 (an estimate)."""
        return TRUST[self.source]

    @property
    def kind(self) -> str:
        """What the figure is, in a few words: 'IT budget', 'IT expense' (an XBRL tag), the
        reported line's caption ('technology, communications and equipment expense'), 'stated
        technology budget' or 'estimate'."""
        return self.what or {"budget": "IT budget", "stated": "stated technology budget",
                             "estimate": "estimate"}.get(self.source, "IT expense")

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
    answers = [spend for spend in (resolver(request) for resolver in RESOLVERS[:-1])
               if spend is not None]
    if not answers:
        return RESOLVERS[-1](request)
    first, others = answers[0], []
    for other in answers[1:]:
        if not _same_figures(first, other):
            others.append(other)
    first.alternatives = tuple(others)
    return first


def _same_figures(a: ITSpend, b: ITSpend) -> bool:
    """True when two answers give the same IT spend every year both have (one line read twice:
    an XBRL tag and the bank's technology line)."""
    both = a.frame["it_spend"].dropna().index.intersection(b.frame["it_spend"].dropna().index)
    return len(both) > 0 and bool(np.allclose(a.frame.loc[both, "it_spend"],
                                              b.frame.loc[both, "it_spend"], rtol=1e-9))


@dataclass
class Request:
    """What `resolve_it_spend` was asked, with what every resolver needs of the company."""

    company: Any
    budget: Any
    it_spend: Any
    rate: float | None
    industry: str                      # the industry key used (the company's unless overridden)
    benchmarks: IndustryBenchmarks
    revenue: pd.Series                 # by fiscal year (a bank's total net revenue where reported)
    statement_years: list[int]         # the years with revenue
    disclosed_parts: pd.DataFrame | None
    revenue_basis: str = "revenue"
    base: str = "sales"                # "revenue" for a bank, an insurer or another financial

    @classmethod
    def of(cls, company, budget, it_spend, industry: str | None, rate: float | None) -> "Request":
        key = check_industry(industry) if industry else (company.info.industry or "")
        bench = industry_benchmarks(key)
        panel = company.panel()
        revenue, basis = _revenue(company, panel)
        parts = [c for c in ("capitalized_software", "software_development_payments") if c in panel]
        if rate is not None and not (isinstance(rate, (int, float)) and math.isfinite(rate)
                                     and rate > 0):
            raise InputError(f"exchange rate {rate!r} is not a positive number: give the "
                             f"{company.currency} value of one unit of the budget's currency, "
                             "e.g. 1.08")
        return cls(company, budget, it_spend, rate, key, bench, revenue,
                   [int(y) for y in revenue.dropna().index],
                   panel[parts].dropna(how="all") if parts else None, basis,
                   "revenue" if _financial(company, key, basis) else "sales")

    @property
    def currency(self) -> str:
        return self.company.currency


def _financial(company, industry: str, basis: str) -> bool:
    """True for a bank, an insurer or another financial company: its revenue is not "sales"."""
    return company.kind != "operating" or industry == "banking" \
        or basis == "total net revenue"


def _revenue(company, panel: pd.DataFrame) -> tuple[pd.Series, str]:
    """Revenue by fiscal year and what it is: for a bank, total net revenue (net interest
    income + noninterest income) wherever the statements have it, else the revenue line."""
    revenue = panel["revenue"] if "revenue" in panel else pd.Series(dtype=float)
    is_bank = company.kind == "bank"
    if "total_net_revenue" in panel and (is_bank or panel["total_net_revenue"].notna().any()):
        net = panel["total_net_revenue"]
        return net.combine_first(revenue) if len(revenue) else net, "total net revenue"
    return revenue, "revenue"


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
    frame, reasons = _spend_by_year(values, request.statement_years,
                                    "the filings disclose no IT expense for FY{year}",
                                    "the disclosed IT expense is not split into capex and opex")
    broader = "; ".join(BROADER_TAGS[t] for t in sorted(set(disclosed["source_key"])) if t in BROADER_TAGS)
    label = f"IT expense disclosed in the filings (XBRL {tags})"
    if broader:
        label += f"; broader than IT ({broader})"
    return _it_spend(request, "disclosed", label, tags, frame, reasons, [])


def from_technology_line(request: Request) -> ITSpend | None:
    """Trust 2: the technology line a bank reports in its income statement (item
    ``technology_expense``), labelled with what it covers: it is broader than IT and leaves
    out the pay of technology staff."""
    facts = request.company.facts
    rows = facts[(facts["line_item"] == "technology_expense") & facts["value"].notna()]
    if not len(rows):
        return None
    caption, broader, leaves_out = _line_caption(rows)
    values = rows.groupby("fiscal_year")["value"].last()
    frame = pd.DataFrame({"it_spend": values, "it_opex": np.nan, "it_capex": np.nan})
    frame = frame.reindex(sorted(set(frame.index) | set(request.statement_years)))
    reasons = _no_reasons(frame.index)
    for year in frame.index:
        if pd.isna(frame.at[year, "it_spend"]):
            reasons.at[year, "it_spend"] = f"the statements report no {caption} for FY{year}"
        reasons.at[year, "it_opex"] = reasons.at[year, "it_capex"] = \
            f"the {caption} is not split into capex and opex"
    documents = rows.groupby("fiscal_year")["filing"].last().to_dict()
    label = f"{caption}, as reported; broader than IT ({broader})"
    spend = _it_spend(request, "disclosed", label, documents, frame, reasons, [])
    spend.caveat, spend.what = leaves_out, caption
    return spend


def technology_line_caption(company) -> str:
    """What a company's ``technology_expense`` line is called in its own statement, in lower
    case without "expense" (a generic caption when the source gives none).

    >>> import finlit
    >>> technology_line_caption(finlit.load("BAC"))
    'information processing and communications'
    """
    facts = company.facts
    rows = facts[(facts["line_item"] == "technology_expense") & facts["value"].notna()]
    return _line_caption(rows)[0].removesuffix(" expense")


def _words(caption: str) -> str:
    """A caption for matching: lower case, letters and single spaces, no final "expense"."""
    return " ".join(re.sub(r"[^a-z ]", " ", caption.lower()).split()).removesuffix(" expense")


def _line_caption(rows: pd.DataFrame) -> tuple[str, str, str]:
    """(caption in lower case ending in "expense", what makes it broader, what it leaves out).

    >>> _line_caption(pd.DataFrame({"source_key": ["Technology communications and equipment expense"]}))[0]
    'technology, communications and equipment expense'
    """
    keys = [k for k in rows["source_key"].astype(str) if k and k != "nan"]
    raw = (keys[-1] if keys else "technology expense").strip().rstrip(".")
    known = {_words(caption): caption for caption in TECHNOLOGY_LINES}
    if _words(raw) in known:
        name = known[_words(raw)]
        return f"{name} expense", *TECHNOLOGY_LINES[name]
    if " " not in raw:   # an XBRL tag or a vendor's key, not a caption
        broader = BROADER_TAGS.get(raw, TECHNOLOGY_LINE_DEFAULT[0])
        return f"technology expense ({raw})", broader, TECHNOLOGY_LINE_DEFAULT[1]
    return f"{raw.lower().removesuffix(' expense')} expense", *TECHNOLOGY_LINE_DEFAULT


def from_stated(request: Request) -> ITSpend | None:
    """Trust 3: a technology budget the company stated in public (``data/it_stated_budgets.csv``),
    each year with its document; a management figure, not audited."""
    company = request.company
    rows = [r for r in stated_budgets(company.ticker) if r.currency.upper() == request.currency.upper()]
    if not rows:
        return None
    given = pd.DataFrame({"it_spend": {r.fiscal_year: r.amount for r in rows}}).sort_index()
    frame, reasons = _spend_by_year(given["it_spend"], request.statement_years,
                                    f"{company.name} stated no technology budget for FY{{year}}",
                                    "a stated technology budget is not split into capex and opex")
    warnings = []
    outside = [y for y in given.index if y not in request.statement_years]
    if outside:
        warnings.append(f"{_years_text(outside)}: a stated technology budget but not in the "
                        f"statements of {company.ticker}: no revenue to compare with")
    years = _years_text([r.fiscal_year for r in rows])
    label = (f"technology budget stated by {company.name} ({years}; data/{STATED_FILE}): a "
             "management figure, rounded and not audited, not a line of the statements")
    documents = {r.fiscal_year: f"{r.document}; {r.section}" for r in rows}
    spend = _it_spend(request, "stated", label, documents, frame, reasons, warnings)
    spend.stated = {r.fiscal_year: r for r in rows}
    spend.caveat = "a stated budget is rounded and its definition is not published"
    return spend


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


RESOLVERS = (from_budget, from_disclosure, from_technology_line, from_stated, from_estimate)
"""Tried in this order by `resolve_it_spend`: each returns an `ITSpend`, or None when its kind
of source is not available. A new kind of source is one more function here."""


# --- stated technology budgets (data/it_stated_budgets.csv) ------------------------------------

@dataclass(frozen=True)
class StatedBudget:
    """One technology budget a company stated, with the document it comes from."""

    ticker: str
    fiscal_year: int
    amount: float
    currency: str
    basis: str            # "plan" (said during or before the year) or "actual"
    covers: str
    said_at: str          # the occasion, with its preposition: "at its 2025 Investor Day"
    document: str
    section: str
    url: str
    checked_against: str


@lru_cache(maxsize=None)
def _stated_rows() -> tuple[StatedBudget, ...]:
    text = (files("finlit.data") / STATED_FILE).read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        rows.append(StatedBudget(row["ticker"].upper(), int(row["fiscal_year"]), float(row["amount"]),
                                 row["currency"], row["basis"], row["covers"], row["said_at"],
                                 row["document"],
                                 row["section"], row["url"], row["checked_against"]))
    return tuple(rows)


def stated_budgets(ticker: str | None = None) -> list[StatedBudget]:
    """The stated technology budgets (all, or one company's), oldest first.

    >>> [(b.fiscal_year, b.amount / 1e9) for b in stated_budgets("JPM")][:3]
    [(2023, 15.3), (2024, 17.0), (2025, 18.0)]
    """
    rows = [r for r in _stated_rows() if ticker is None or r.ticker == str(ticker).upper()]
    return sorted(rows, key=lambda r: (r.ticker, r.fiscal_year))


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


def _spend_by_year(values: pd.Series, statement_years, missing: str, unsplit: str):
    """IT spend by fiscal year (the given years and the statements' years), no capex/opex split,
    and the reasons: `missing` (with {year}) where a year has no figure, `unsplit` for the split."""
    frame = pd.DataFrame({"it_spend": values, "it_opex": np.nan, "it_capex": np.nan})
    frame = frame.reindex(sorted(set(frame.index) | set(statement_years)))
    frame.index = frame.index.astype(int)
    reasons = _no_reasons(frame.index)
    for year in frame.index:
        if pd.isna(frame.at[year, "it_spend"]):
            reasons.at[year, "it_spend"] = missing.format(year=year)
        reasons.at[year, "it_opex"] = reasons.at[year, "it_capex"] = unsplit
    return frame, reasons


def _it_spend(request: Request, source: str, label: str, detail: str | dict, frame: pd.DataFrame,
              reasons: pd.DataFrame, warnings: list[str], categories=None) -> ITSpend:
    """The `ITSpend` of a resolver's frame: source, detail (one text, or one per fiscal year)
    and revenue added; for reported figures, warnings where revenue makes the share
    meaningless or is smaller than IT spend."""
    company, currency = request.company, request.currency
    frame.index = pd.Index([int(y) for y in frame.index], name="fiscal_year")
    frame["source"] = source
    frame["detail"] = detail if isinstance(detail, str) else [detail.get(y, "") for y in frame.index]
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
                   reasons, request.benchmarks, warnings, categories, request.disclosed_parts,
                   revenue_basis=request.revenue_basis, base=request.base)


__all__ = ["ITSpend", "RESOLVERS", "Request", "SOURCES", "StatedBudget", "TECHNOLOGY_LINES", "TRUST",
           "from_budget", "from_disclosure", "from_estimate", "from_stated", "from_technology_line",
           "resolve_it_spend", "stated_budgets"]
