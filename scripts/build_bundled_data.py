#!/usr/bin/env python
"""Rebuild the bundled real-company data (data/companies/<TICKER>.toml + .csv) from the
public files in ../shared/realdata, with finlit's own readers.

    python scripts/build_bundled_data.py                 # every company
    python scripts/build_bundled_data.py AAPL MSFT       # some
    python scripts/build_bundled_data.py --realdata /path/to/realdata --out /tmp/companies

What it does, per company (the list is COMPANIES below):

1. reads the source files: SEC companyfacts JSON with
   `finlit.sources.sec_companyfacts.read_companyfacts`, yfinance CSVs with
   `finlit.sources.yfinance_csv.read_yfinance_csv`; the SEC reader puts per-share figures on
   the basis of the latest share split (`finlit.sources.splits`) and the toml gets a note per
   split naming the years restated (a figure filed during a split stops the build);
2. keeps the fiscal years from the company's `first_year` on, and only years that have revenue
   or total assets (yfinance's oldest column often holds a stray value or two);
3. cross-checks against a second source where there is one (Apple and Alphabet against the
   yfinance CSVs, Apple against its FY2023 10-K copied into CSV; published headline figures)
   and stops with an error when a figure differs by more than 0.5%;
4. for a bank (industry `banking`: JPM, BAC), completes Yahoo's figures with the bank's reported
   figures from its SEC filings (`scripts/bank_reported.csv`, documents in
   `scripts/bank_documents.csv`): Yahoo's figure stays where both agree, revenue becomes the
   reported total net revenue, missing items are added with source `sec-filing`, and total net
   revenue − provision − noninterest expense must equal income before taxes every year; an
   operating company keeps no bank or insurer items (`finlit.items.FINANCIAL_ITEMS`);
5. writes the two files; the output is deterministic (sorted, fixed number format), and the
   written files never refer to ../shared: they are the bundled data.

After writing, every company is loaded with `finlit.load` and must come out without
data-quality notes. The file format is documented in data/README.md.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REALDATA = REPO.parent / "shared" / "realdata"
DEFAULT_OUT = REPO / "data" / "companies"
sys.path.insert(0, str(REPO / "src"))

from finlit.industries import company_kind  # noqa: E402
from finlit.items import FINANCIAL_ITEMS, ITEMS  # noqa: E402
from finlit.numbers import money_words  # noqa: E402
from finlit.sources.sec_companyfacts import read_companyfacts  # noqa: E402
from finlit.sources.splits import left_out_notes, split_notes  # noqa: E402
from finlit.sources.yfinance_csv import read_yfinance_csv  # noqa: E402

CSV_COLUMNS = ["line_item", "fiscal_year", "period_end", "value", "source", "source_key", "filing", "flipped"]
TOLERANCE = 0.005
HUB = "yfinance_csv/finance_intelligence_hub"


def hub(ticker: str) -> tuple:
    """The income and balance-sheet CSVs of one company in the finance_intelligence_hub folder."""
    return ((f"{HUB}/{ticker}_financials.csv", "income"), (f"{HUB}/{ticker}_balance_sheet.csv", "balance"))


SLY = "yfinance_csv/sly3ye_transposed_3stmt"

NO_CASHFLOW = ("Cash-flow statement not available in the source (the yfinance files hold the "
               "income statement and the balance sheet only); free cash flow and capex ratios "
               "are therefore missing.")
YAHOO_NOTE = ("Figures as Yahoo Finance reports them from the company's annual reports, "
              "taken from yfinance statements saved as CSV; only reported lines are used "
              "(not Yahoo's computed ones such as Normalized EBITDA); the accession numbers "
              "of the filings are not in the source.")
BANK_NOTE = ("A bank has no cost of revenue or current assets; revenue is total net revenue (net "
             "interest income + noninterest income) and equity includes preferred stock. Net "
             "interest income, noninterest income, the provision for credit losses and noninterest "
             "expense are the bank's reported figures, each with the filing it comes from "
             "(listed under Filings; the table and the second document it was checked against are in "
             "scripts/bank_reported.csv of the finlit repository).")
BANK_SGA = ("Selling, general and administrative is not shown: for a bank it is Yahoo's sum of two "
            "lines of noninterest expense (compensation and marketing), not a line of the bank's "
            "statement.")
YAHOO_GROSS = ("Gross profit is derived by finlit (revenue − cost of revenue), because the "
               "source fills it in for every company whether or not the company reports it.")


@dataclass
class Spec:
    """One bundled company: who it is and where its figures come from."""

    ticker: str
    name: str
    industry: str
    fiscal_year_end: str
    description: str
    kind: str                       # "sec" or "yfinance"
    files: tuple                    # relative to realdata; yfinance: (path, statement) pairs
    first_year: int = 0
    notes: tuple = ()
    cross_checks: tuple = ()        # names of CROSS_CHECKS to run
    form: str = "10-K"
    extra: dict = field(default_factory=dict)


COMPANIES = [
    Spec("AAPL", "Apple Inc.", "technology_hardware", "09-30",
         "Apple designs and sells iPhones, Macs, iPads and wearables, and sells services such as "
         "the App Store, iCloud and Apple Music.",
         "sec", ("sec_companyfacts/AAPL_CIK0000320193.json",), first_year=2016,
         notes=("Apple stopped reporting interest expense separately after FY2023.",
                "Apple's fiscal year ends on the last Saturday of September (FY2023: 30 September "
                "2023)."),
         cross_checks=("AAPL-yfinance", "AAPL-yfinance-securities", "AAPL-yfinance-3stmt", "AAPL-10k-2023",
                       "AAPL-published")),
    Spec("GOOGL", "Alphabet Inc.", "software_internet", "12-31",
         "Alphabet runs Google Search, YouTube, Android and Google Cloud and earns most of its "
         "revenue from advertising.",
         "sec", ("sec_companyfacts/GOOGL_CIK0001652044.json",), first_year=2016,
         notes=("Depreciation and amortization is the depreciation of property and equipment, "
                "the only such line Alphabet reports in its cash-flow statement (FY2021 on).",
                "Selling, general and administrative is sales and marketing plus general and "
                "administrative, which Alphabet reports as two lines.",
                "Long-term marketable securities are tagged by Alphabet only for FY2021–FY2024 "
                "(1.4 billion at most); the other years are not reported, not zero. Its "
                "\"Non-marketable securities\" are not marketable and are not counted."),
         cross_checks=("GOOGL-yfinance",)),
    Spec("SNOW", "Snowflake Inc.", "software_internet", "01-31",
         "Snowflake sells a cloud data platform for storing and analysing data, billed by "
         "consumption.",
         "sec", ("sec_companyfacts/SNOW_CIK0001640147_fixture.json",), first_year=2021,
         notes=("Fiscal years end on 31 January: FY2025 is February 2024 to January 2025.",
                "Snowflake reports net losses in every year shown.",
                "FY2019–FY2020 are left out: before its 2020 IPO Snowflake carried redeemable "
                "convertible preferred stock outside equity, so its balance sheet does not "
                "add up in finlit's model (assets = liabilities + equity)."),
         ),
    Spec("MRVL", "Marvell Technology, Inc.", "technology_hardware", "01-31",
         "Marvell designs data-infrastructure semiconductors: custom chips, networking, storage "
         "and optical components for cloud data centres and carriers.",
         "sec", ("sec_companyfacts/MRVL_CIK0001835632.json",), first_year=2021,
         notes=("Fiscal years end on the Saturday nearest 31 January: FY2026 ended 31 January "
                "2026.",
                "Marvell reported net losses in FY2021–FY2025.",
                "The companyfacts file starts with Marvell Technology, Inc. (CIK 0001835632), the "
                "holding company formed in 2021; FY2020 has no balance sheet and is left out.",
                "Operating expenses are not tagged as one total by Marvell and are missing; "
                "FY2021 selling, general and administrative is tagged only as selling and "
                "marketing and is left out; depreciation and amortization excludes amortization "
                "of acquired intangibles."),
         ),
    Spec("MSFT", "Microsoft Corporation", "software_internet", "06-30",
         "Microsoft sells software and cloud services: Azure, Microsoft 365, Windows, LinkedIn "
         "and Xbox.",
         "yfinance", hub("MSFT"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, YAHOO_GROSS), cross_checks=("MSFT-askingque", "MSFT-published")),
    Spec("JPM", "JPMorgan Chase & Co.", "banking", "12-31",
         "JPMorgan Chase is the largest US bank: consumer and commercial banking, investment "
         "banking, and asset and wealth management.",
         "yfinance", hub("JPM"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, BANK_NOTE, BANK_SGA,
                "The technology line is JPMorgan's \"Technology, communications and equipment "
                "expense\": it includes communications and equipment, so it is broader than IT "
                "spend. The technology line, loans and deposits are bundled for FY2022–FY2025.")),
    Spec("BAC", "Bank of America Corporation", "banking", "12-31",
         "Bank of America serves consumers, businesses and institutions with banking, lending, "
         "investment banking and wealth management.",
         "yfinance", hub("BAC"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, BANK_NOTE, BANK_SGA,
                "FY2023 and FY2024 are as restated in the FY2025 10-K for Bank of America's change "
                "in accounting for tax-related equity investments (8-K of 6 January 2026): "
                "noninterest income, income before taxes and income tax changed, net interest "
                "income, the provision and noninterest expense did not.",
                "The technology line is Bank of America's \"Information processing and "
                "communications\" (FY2023–FY2025): it includes communications, and equipment "
                "sits in \"Occupancy and equipment\", so it is not all of IT spend. FY2022's line is "
                "the sum of its reported quarters (2Q23 supplemental information). Loans and "
                "deposits are bundled for FY2023–FY2025 (FY2023 and FY2024 deposits from the 4Q24 "
                "earnings release); FY2022 has no loans or deposits in the bundle.")),
    Spec("WMT", "Walmart Inc.", "retail", "01-31",
         "Walmart runs discount stores, supercenters, Sam's Club warehouse clubs and online "
         "shops in the US and abroad.",
         "yfinance", hub("WMT"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, YAHOO_GROSS,
                "Fiscal years end on 31 January: FY2025 is February 2024 to January 2025."),
         cross_checks=("WMT-published",)),
    Spec("COST", "Costco Wholesale Corporation", "retail", "08-31",
         "Costco runs membership warehouse clubs that sell groceries and general merchandise "
         "in bulk at low margins.",
         "yfinance", hub("COST"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, YAHOO_GROSS,
                "Fiscal years end on the Sunday nearest 31 August.")),
    Spec("JNJ", "Johnson & Johnson", "healthcare", "12-31",
         "Johnson & Johnson develops and sells prescription medicines and medical devices.",
         "yfinance", hub("JNJ"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, YAHOO_GROSS,
                "The consumer-health business (Kenvue) was separated in 2023."),
         cross_checks=("JNJ-published",)),
    Spec("XOM", "Exxon Mobil Corporation", "energy", "12-31",
         "ExxonMobil explores for and produces oil and natural gas, and refines and sells fuels, "
         "lubricants and chemicals.",
         "yfinance", hub("XOM"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, YAHOO_GROSS)),
    Spec("NVDA", "NVIDIA Corporation", "technology_hardware", "01-31",
         "NVIDIA designs graphics processors and AI accelerators for data centres, gaming, "
         "professional visualisation and cars.",
         "yfinance", hub("NVDA"),
         notes=(NO_CASHFLOW, YAHOO_NOTE, YAHOO_GROSS,
                "Fiscal years end on the last Sunday of January: FY2025 ended 26 January 2025.")),
    Spec("AAL", "American Airlines Group Inc.", "transportation", "12-31",
         "American Airlines Group operates American Airlines, a passenger and cargo airline.",
         "yfinance", ((f"{SLY}/AAL_income.csv", "income"), (f"{SLY}/AAL_balance.csv", "balance"),
                      (f"{SLY}/AAL_cashflow.csv", "cashflow")),
         notes=(YAHOO_NOTE, YAHOO_GROSS,
                "Shareholders' equity is negative (a deficit) in every year shown: return on "
                "equity and debt to equity are not meaningful.")),
    Spec("NKE", "NIKE, Inc.", "manufacturing", "05-31",
         "Nike designs and sells athletic footwear, apparel and equipment under the Nike, "
         "Jordan and Converse brands.",
         "yfinance", ((f"{SLY}/NKE_income.csv", "income"), (f"{SLY}/NKE_balance.csv", "balance"),
                      (f"{SLY}/NKE_cashflow.csv", "cashflow")),
         notes=(YAHOO_NOTE, YAHOO_GROSS, "Fiscal years end on 31 May.")),
    Spec("SBUX", "Starbucks Corporation", "consumer_services", "09-30",
         "Starbucks runs and licenses coffeehouses and sells packaged coffee and ready-to-drink "
         "beverages.",
         "yfinance", ((f"{SLY}/SBUX_income.csv", "income"), (f"{SLY}/SBUX_balance.csv", "balance"),
                      (f"{SLY}/SBUX_cashflow.csv", "cashflow")),
         notes=(YAHOO_NOTE, YAHOO_GROSS,
                "Shareholders' equity is negative (a deficit) in every year shown, mainly "
                "because of share buybacks: return on equity and debt to equity are not "
                "meaningful.",
                "Fiscal years end on the Sunday nearest 30 September.")),
]
SPECS = {s.ticker: s for s in COMPANIES}

# --- cross-checks -----------------------------------------------------------------------------

CHECK_ITEMS = ("revenue", "cost_of_revenue", "net_income", "total_assets", "total_liabilities",
               "total_equity", "operating_cash_flow", "cash_and_equivalents", "short_term_investments",
               "long_term_investments")

# Published 10-K figures ($ millions): FINANCE.md §3 and realdata/README.md.
PUBLISHED = {
    "AAPL": [("revenue", 2023, 383_285), ("cost_of_revenue", 2023, 214_137), ("net_income", 2023, 96_995),
             ("cash_and_equivalents", 2023, 29_965), ("short_term_investments", 2023, 31_590),
             ("long_term_investments", 2023, 100_544)],
    "MSFT": [("revenue", 2023, 211_915)],
    "WMT": [("revenue", 2025, 680_985)],
    "JNJ": [("revenue", 2024, 88_821)],
}
PUBLISHED_SOURCE = {
    "AAPL": "Apple FY2023 Form 10-K", "MSFT": "Microsoft FY2023 Form 10-K",
    "WMT": "Walmart FY2025 Form 10-K", "JNJ": "Johnson & Johnson 2024 Form 10-K",
}

# Apple's FY2023 10-K statements as copied into CSV ($ millions): label -> canonical item.
TENK_LABELS = {
    "Net sales": "revenue", "Cost of sales": "cost_of_revenue", "Net income": "net_income",
    "Total assets": "total_assets", "Total liabilities": "total_liabilities",
    "Total shareholders' equity": "total_equity",
    "Cash generated by operating activities": "operating_cash_flow",
    "Cash and cash equivalents": "cash_and_equivalents",
    "Marketable securities (current)": "short_term_investments",
    "Marketable securities (non-current)": "long_term_investments",
}

# Yahoo's line that holds Apple's non-current marketable securities. It is not mapped for every
# company (mappings/yfinance_labels.csv says why: for Alphabet it holds non-marketable
# securities), so it checks Apple's figures only.
AAPL_SECURITIES_LABEL = "Available For Sale Securities"
TENK_FILES = ("user_files/apple_10k_2023_consolidated.csv", "user_files/apple_10k_2023_balance_sheet.csv",
              "user_files/apple_10k_2023_cashflow.csv")


class BuildError(RuntimeError):
    """A source disagrees with another, or a built company fails its checks."""


def read_10k_csv(path: Path) -> pd.DataFrame:
    """A 10-K statement copied into CSV (`Category,"Sep. 30, 2023",…`, $ millions) as
    (line_item, fiscal_year, value) rows, for the labels in TENK_LABELS."""
    from finlit.periods import fiscal_year

    frame = pd.read_csv(path, index_col=0, encoding="utf-8-sig")
    rows = []
    for label, item in TENK_LABELS.items():
        if label not in frame.index:
            continue
        for column, value in frame.loc[label].items():
            end = pd.Timestamp(str(column).replace(".", ""))
            rows.append({"line_item": item, "fiscal_year": fiscal_year(end), "value": float(value) * 1e6})
    return pd.DataFrame(rows)


def yfinance_line(path: Path, label: str = AAPL_SECURITIES_LABEL,
                  item: str = "long_term_investments") -> pd.DataFrame:
    """One line of a yfinance CSV as (line_item, fiscal_year, value) rows of `item`."""
    from finlit.periods import fiscal_year
    from finlit.sources.yfinance_csv import read_frame

    line = read_frame(path).loc[label].dropna()
    return pd.DataFrame([{"line_item": item, "fiscal_year": fiscal_year(end), "value": float(value)}
                         for end, value in line.items()])


def compare(ours: pd.DataFrame, theirs: pd.DataFrame, items=CHECK_ITEMS) -> tuple[list, float]:
    """(rows compared, largest relative difference) of two facts frames on `items`."""
    a = ours.set_index(["line_item", "fiscal_year"])["value"]
    b = theirs.drop_duplicates(["line_item", "fiscal_year"]).set_index(["line_item", "fiscal_year"])["value"]
    common = [k for k in a.index.intersection(b.index) if k[0] in items]
    worst, compared = 0.0, []
    for key in sorted(common):
        diff = abs(a[key] - b[key]) / abs(a[key]) if a[key] else abs(b[key])
        compared.append((key, a[key], b[key], diff))
        worst = max(worst, diff)
    return compared, worst


def _years(keys) -> str:
    years = sorted({y for (_, y) in keys})
    return f"FY{years[0]}–FY{years[-1]}" if len(years) > 1 else f"FY{years[0]}"


def run_cross_checks(spec: Spec, facts: pd.DataFrame, realdata: Path) -> list[dict]:
    """Run the spec's cross-checks; raise BuildError on a difference > 0.5%."""
    results = []

    def check(name: str, source: str, theirs: pd.DataFrame, items=CHECK_ITEMS):
        compared, worst = compare(facts, theirs, items)
        if not compared:
            raise BuildError(f"{spec.ticker}: cross-check {name}: no overlapping figures")
        bad = [c for c in compared if c[3] > TOLERANCE]
        if bad:
            lines = "\n".join(f"  {k[0]} FY{k[1]}: ours {a:,.0f}, {source}: {b:,.0f} ({d:.2%})"
                              for k, a, b, d in bad)
            raise BuildError(f"{spec.ticker}: cross-check against {source} failed "
                             f"(difference > {TOLERANCE:.1%}):\n{lines}")
        keys = [c[0] for c in compared]
        names = ", ".join(i for i in items if i in {k[0] for k in keys})
        exact = all(c[3] == 0 for c in compared)
        results.append({
            "what": f"{names}; {_years(keys)} ({len(compared)} figure{'s' if len(compared) > 1 else ''})",
            "source": source,
            "result": ("all figures identical" if exact else
                       f"agree within {TOLERANCE:.1%} (largest difference {worst:.3%})"),
        })

    for name in spec.cross_checks:
        if name == "AAPL-yfinance" or name == "GOOGL-yfinance":
            t = spec.ticker
            theirs = pd.concat([read_yfinance_csv(realdata / HUB / f"{t}_financials.csv", "income"),
                                read_yfinance_csv(realdata / HUB / f"{t}_balance_sheet.csv", "balance")])
            check(name, f"yfinance statements saved as CSV ({HUB.split('/')[-1]}/{t}_*.csv)", theirs)
        elif name == "AAPL-yfinance-securities":
            check(name, f"yfinance balance sheet saved as CSV ({HUB.split('/')[-1]}/AAPL_balance_sheet.csv, "
                  f"line \"{AAPL_SECURITIES_LABEL}\")", yfinance_line(realdata / HUB / "AAPL_balance_sheet.csv"),
                  items=("long_term_investments",))
        elif name == "AAPL-yfinance-3stmt":
            theirs = read_yfinance_csv(realdata / SLY / "AAPL_cashflow.csv", "cashflow")
            check(name, f"yfinance cash-flow statement saved as CSV ({SLY.split('/')[-1]}/AAPL_cashflow.csv)",
                  theirs)
        elif name == "MSFT-askingque":
            theirs = read_yfinance_csv(realdata / "yfinance_csv/askingque/MSFT_Financials.csv", "income")
            check(name, "a second yfinance extract saved as CSV (askingque/MSFT_Financials.csv)", theirs,
                  items=("revenue", "operating_income", "net_income", "interest_expense", "income_tax"))
        elif name == "AAPL-10k-2023":
            theirs = pd.concat([read_10k_csv(realdata / f) for f in TENK_FILES])
            check(name, "Apple FY2023 Form 10-K statements copied into CSV ($ millions)", theirs)
        elif name.endswith("-published"):
            rows = [{"line_item": i, "fiscal_year": y, "value": v * 1e6} for i, y, v in PUBLISHED[spec.ticker]]
            check(name, f"published figures of the {PUBLISHED_SOURCE[spec.ticker]}", pd.DataFrame(rows),
                  items=tuple(dict.fromkeys(i for i, _, _ in PUBLISHED[spec.ticker])))
        else:
            raise BuildError(f"unknown cross-check {name}")
    # headline figures must come out exactly (to the million)
    for item, year, millions in PUBLISHED.get(spec.ticker, ()):
        hit = facts[(facts["line_item"] == item) & (facts["fiscal_year"] == year)]
        if len(hit) != 1 or round(hit["value"].iloc[0] / 1e6) != millions:
            got = hit["value"].iloc[0] / 1e6 if len(hit) else "nothing"
            raise BuildError(f"{spec.ticker}: {item} FY{year} should be {millions:,} million, got {got}")
    return results


# --- banks: reported figures from the filings ------------------------------------------------

BANK_FIGURES = REPO / "scripts" / "bank_reported.csv"
BANK_DOCUMENTS = REPO / "scripts" / "bank_documents.csv"
BANK_SOURCE = "sec-filing"


def _read_commented_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)


def bank_documents() -> dict[str, dict]:
    """The documents of scripts/bank_documents.csv by id."""
    return {r["id"]: r for r in _read_commented_csv(BANK_DOCUMENTS).to_dict("records")}


def bank_figures(ticker: str) -> list[dict]:
    """The rows of scripts/bank_reported.csv for one company, with their document."""
    docs = bank_documents()
    rows = []
    for row in _read_commented_csv(BANK_FIGURES).to_dict("records"):
        if row["ticker"] != ticker:
            continue
        doc_id = row["document"].split()[0]
        if doc_id not in docs or row["line_item"] not in ITEMS:
            raise BuildError(f"{BANK_FIGURES.name}: unknown document or item in {row}")
        rows.append({**row, "fiscal_year": int(row["fiscal_year"]), "value": float(row["millions"]) * 1e6,
                     "doc": docs[doc_id]})
    return rows


def merge_bank_figures(spec: Spec, facts: pd.DataFrame) -> tuple[pd.DataFrame, list[dict], dict]:
    """Yahoo's facts completed with the bank's reported figures: (facts, cross-check results,
    revenue gaps by year). Yahoo's figure stays where both agree within 0.5%; revenue that
    differs is replaced by the reported total net revenue; any other difference stops the build."""
    facts = facts[facts["line_item"] != "selling_general_administrative"]
    ends = facts.groupby("fiscal_year")["period_end"].max()
    added, agreed, gaps = [], [], {}
    for fig in bank_figures(spec.ticker):
        item, year = fig["line_item"], fig["fiscal_year"]
        if year not in ends.index:
            continue
        have = facts[(facts["line_item"] == item) & (facts["fiscal_year"] == year)]
        if len(have):
            ours = float(have["value"].iloc[0])
            allowed = 0.0 if item == "revenue" else TOLERANCE * abs(fig["value"])  # revenue: exactly
            if abs(ours - fig["value"]) <= allowed:
                agreed.append((item, year))
                continue
            if item != "revenue":
                raise BuildError(f"{spec.ticker}: {item} FY{year}: Yahoo {ours:,.0f}, "
                                 f"{fig['document']}: {fig['value']:,.0f}")
            gaps[year] = ours - fig["value"]
            facts = facts.drop(have.index)
        added.append({"line_item": item, "fiscal_year": year, "period_end": ends[year],
                      "value": fig["value"], "currency": "USD", "source": BANK_SOURCE,
                      "source_key": fig["reported_as"], "filing": fig["doc"]["accession"],
                      "filed": fig["doc"]["filed"], "derived": False, "flipped": False})
    facts = pd.concat([facts, pd.DataFrame(added)], ignore_index=True)
    check_bank_sums(spec.ticker, facts)
    return facts, _bank_checks(added, agreed, gaps), gaps


def check_bank_sums(ticker: str, facts: pd.DataFrame) -> None:
    """Total net revenue − provision − noninterest expense = income before taxes, and net interest
    income + noninterest income = total net revenue where both parts are there, to the million."""
    wide = facts.pivot_table(index="fiscal_year", columns="line_item", values="value", aggfunc="first")
    need = ["total_net_revenue", "provision_for_credit_losses", "noninterest_expense", "pretax_income"]
    missing = [c for c in need if c not in wide or wide[c].isna().any()]
    if missing:
        raise BuildError(f"{ticker}: a bank needs {', '.join(missing)} every year")
    gap = (wide["total_net_revenue"] - wide["provision_for_credit_losses"] - wide["noninterest_expense"]
           - wide["pretax_income"]).round(-6)
    parts = {"net_interest_income", "noninterest_income"} <= set(wide)
    revenue_gap = ((wide["net_interest_income"] + wide["noninterest_income"] - wide["total_net_revenue"])
                   .dropna().round(-6) if parts else pd.Series(dtype=float))
    for what, found in (("total net revenue − provision − noninterest expense − income before taxes", gap),
                        ("net interest income + noninterest income − total net revenue", revenue_gap)):
        bad = found[found != 0]
        if len(bad):
            raise BuildError(f"{ticker}: {what} is not 0 in " + ", ".join(f"FY{y}" for y in bad.index))


def _bank_checks(added: list[dict], agreed: list, gaps: dict) -> list[dict]:
    years = sorted({r["fiscal_year"] for r in added} | {y for _, y in agreed})
    span = _years([(None, y) for y in years])
    items = ", ".join(dict.fromkeys(r["line_item"] for r in added))
    kept = ", ".join(dict.fromkeys(i for i, _ in agreed))
    out = [{"what": f"{items}; {span} ({len(added)} figures)",
            "source": "the bank's filings listed in [[filings]], each figure checked against a "
                      "second document (scripts/bank_reported.csv names both)",
            "result": f"added as reported (source {BANK_SOURCE})"}]
    if agreed:
        out.append({"what": f"{kept}; {span} ({len(agreed)} figures)",
                    "source": "the same filings",
                    "result": f"Yahoo's figures agree (revenue exactly, the others within "
                              f"{TOLERANCE:.1%}) and are kept"})
    if gaps:
        out.append({"what": f"revenue; {_years([(None, y) for y in gaps])}",
                    "source": "total net revenue as reported",
                    "result": "Yahoo's \"Total Revenue\" differs and is replaced: " + "; ".join(
                        f"FY{y} {money_words(abs(g))} {'higher' if g > 0 else 'lower'}"
                        for y, g in sorted(gaps.items()))})
    out.append({"what": f"total net revenue − provision for credit losses − noninterest expense = "
                        f"income before taxes; {span}",
                "source": "the bundled figures", "result": "equal to the million every year"})
    return out


def _bank_filings(spec: Spec, facts: pd.DataFrame) -> tuple[dict[int, dict], list[dict]]:
    """The documents of the reported figures for [[filings]]: the 10-Ks by fiscal year, and
    the other documents (an earnings release) that are the source of some figure."""
    used = set(facts.loc[facts["source"] == BANK_SOURCE, "filing"])
    annual, others = {}, []
    for doc in bank_documents().values():
        if doc["ticker"] == spec.ticker and doc["accession"] in used:
            accn = doc["accession"]
            cik = {"JPM": 19617, "BAC": 70858}.get(spec.ticker)
            entry = {"form": doc["form"], "fiscal_year": int(doc["fiscal_year"]), "accession": accn,
                     "title": doc["title"]}
            if doc["filed"]:
                entry["filed"] = doc["filed"]
            if cik:
                entry["url"] = f"https://www.sec.gov/Archives/edgar/data/{cik}/{accn.replace('-', '')}/"
            if doc["form"] == "10-K":
                annual[entry["fiscal_year"]] = entry
            else:
                others.append(entry)
    return annual, others


# --- building ---------------------------------------------------------------------------------

def read_sources(spec: Spec, realdata: Path) -> tuple[pd.DataFrame, dict]:
    """The spec's facts from its source files, before the year filter, and reader metadata."""
    if spec.kind == "sec":
        facts, meta = read_companyfacts(realdata / spec.files[0])
        return facts, meta
    frames = [read_yfinance_csv(realdata / path, statement, form=spec.form) for path, statement in spec.files]
    facts = pd.concat(frames, ignore_index=True)
    facts = facts.drop_duplicates(["line_item", "fiscal_year"], keep="first")
    return facts, {}


def select_years(spec: Spec, facts: pd.DataFrame) -> pd.DataFrame:
    """Years from `first_year` on that have revenue or total assets."""
    facts = facts[facts["fiscal_year"] >= spec.first_year]
    core = facts[facts["line_item"].isin(["revenue", "total_assets"])]["fiscal_year"].unique()
    return facts[facts["fiscal_year"].isin(core)]


def build_company(spec: Spec, realdata: Path) -> tuple[pd.DataFrame, str]:
    """(rows of <TICKER>.csv, text of <TICKER>.toml) of one company."""
    facts, meta = read_sources(spec, realdata)
    bank = company_kind(spec.industry) == "bank"
    if not bank:  # a bank's or an insurer's lines mean something else here (finlit.sources.kinds)
        facts = facts[~facts["line_item"].isin(FINANCIAL_ITEMS)]
    facts = select_years(spec, facts)
    unsure = [r for r in meta.get("split_left_out", ()) if r["fiscal_year"] >= spec.first_year]
    if unsure:
        raise BuildError(f"{spec.ticker}: per-share figures filed during a share split: "
                         + "; ".join(text for _, text in left_out_notes(unsure, meta["splits"])))
    checks = run_cross_checks(spec, facts, realdata)
    if bank:
        facts, bank_checks, gaps = merge_bank_figures(spec, facts)
        checks += bank_checks
        meta = {**meta, "revenue_gaps": gaps}
    order = {k: i for i, k in enumerate(ITEMS)}
    facts = facts.assign(_o=facts["line_item"].map(order)).sort_values(["_o", "fiscal_year"]).drop(columns="_o")
    rows = pd.DataFrame({
        "line_item": facts["line_item"],
        "fiscal_year": facts["fiscal_year"].astype(int),
        "period_end": facts["period_end"].dt.strftime("%Y-%m-%d"),
        "value": facts["value"],
        "source": facts["source"],
        "source_key": facts["source_key"],
        "filing": facts["filing"],
        "flipped": facts["flipped"].astype(bool),
    }).reset_index(drop=True)
    return rows, company_toml(spec, facts, meta, checks)


def _filings(spec: Spec, facts: pd.DataFrame, meta: dict) -> list[dict]:
    if spec.kind == "sec":
        cik = meta["cik"]
        out = []
        for accn in sorted(set(facts["filing"]), key=lambda a: (meta["filings"][a]["filed"], a)):
            f = meta["filings"][accn]
            out.append({"form": f["form"], "fiscal_year": f["fiscal_year"], "accession": accn,
                        "filed": f["filed"],
                        "url": f"https://www.sec.gov/Archives/edgar/data/{int(cik)}/{accn.replace('-', '')}/"})
        return out
    documents, others = _bank_filings(spec, facts) if company_kind(spec.industry) == "bank" else ({}, [])
    return [documents.get(int(y), {"form": spec.form, "fiscal_year": int(y)})
            for y in sorted(facts["fiscal_year"].unique())] + others


def _source_text(spec: Spec, meta: dict) -> str:
    if spec.kind == "sec":
        return f"SEC EDGAR companyfacts (XBRL financial data), CIK {meta['cik']}"
    names = ", ".join(Path(p).name for p, _ in spec.files)
    text = f"Yahoo Finance via yfinance, statements saved as CSV ({names})"
    if company_kind(spec.industry) == "bank":
        text += "; the bank's reported figures from its SEC filings (listed under Filings)"
    return text


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + "".join(f"    {_toml_value(v)},\n" for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def company_toml(spec: Spec, facts: pd.DataFrame, meta: dict, checks: list[dict]) -> str:
    """The metadata file of one company."""
    head = {
        "ticker": spec.ticker, "name": spec.name, "industry": spec.industry, "currency": "USD",
        "fiscal_year_end": spec.fiscal_year_end, "fictional": False, "description": spec.description,
        "source": _source_text(spec, meta),
        "notes": split_notes(facts, meta.get("splits", [])) + list(spec.notes) + _gap_notes(meta),
    }
    kind = company_kind(spec.industry)
    if kind != "operating":  # written only where it is not the default
        head = {**dict(list(head.items())[:3]), "kind": kind, **dict(list(head.items())[3:])}
    out = ["# Written by scripts/build_bundled_data.py; the format is described in data/README.md.\n"]
    out += [f"{k} = {_toml_value(v)}\n" for k, v in head.items()]
    for table, rows in (("filings", _filings(spec, facts, meta)), ("cross_checks", checks)):
        for row in rows:
            out.append(f"\n[[{table}]]\n")
            out += [f"{k} = {_toml_value(v)}\n" for k, v in row.items()]
    return "".join(out)


def _gap_notes(meta: dict) -> list[str]:
    gaps = meta.get("revenue_gaps") or {}
    if not gaps:
        return []
    words = ", ".join(f"{money_words(abs(g))} {'higher' if g > 0 else 'lower'} in FY{y}"
                      for y, g in sorted(gaps.items()))
    return [f"Revenue is total net revenue as the bank reports it; Yahoo's \"Total Revenue\" is "
            f"{words}, and is not used."]


def format_value(value: float) -> str:
    """Whole numbers without a decimal point (full currency units), others as Python writes them."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_company(ticker: str, rows: pd.DataFrame, toml_text: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = rows.assign(value=rows["value"].map(format_value))
    rows.to_csv(out / f"{ticker}.csv", index=False, columns=CSV_COLUMNS, lineterminator="\n")
    (out / f"{ticker}.toml").write_text(toml_text, encoding="utf-8")


def verify_loaded(tickers) -> list[str]:
    """Load each bundled company with finlit and return its problems (notes, few years)."""
    import finlit
    from finlit.sources import bundled

    bundled.bundled_companies.cache_clear()
    bundled._load.cache_clear()
    problems = []
    for ticker in tickers:
        company = finlit.load(ticker)
        problems += [f"{ticker}: {note}" for note in company.notes]
        if len(company.years) < 4:
            problems.append(f"{ticker}: only {len(company.years)} fiscal years")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tickers", nargs="*", help="companies to build (default: all)")
    parser.add_argument("--realdata", type=Path, default=DEFAULT_REALDATA,
                        help=f"the realdata folder (default: {DEFAULT_REALDATA})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"where to write the company files (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if not args.realdata.is_dir():
        print(f"build_bundled_data: the realdata folder {args.realdata} does not exist; "
              "pass --realdata PATH (the bundled files in data/companies stay as they are)",
              file=sys.stderr)
        return 2
    tickers = [t.upper() for t in args.tickers] or list(SPECS)
    unknown = [t for t in tickers if t not in SPECS]
    if unknown:
        print(f"build_bundled_data: unknown ticker(s) {', '.join(unknown)}; known: {', '.join(SPECS)}",
              file=sys.stderr)
        return 2
    try:
        for ticker in tickers:
            rows, toml_text = build_company(SPECS[ticker], args.realdata)
            write_company(ticker, rows, toml_text, args.out)
            years = sorted(rows["fiscal_year"].unique())
            print(f"{ticker}: FY{years[0]}–FY{years[-1]}, {len(rows)} values")
    except BuildError as exc:
        print(f"build_bundled_data: {exc}", file=sys.stderr)
        return 1
    if args.out.resolve() == DEFAULT_OUT.resolve():
        problems = verify_loaded(tickers)
        if problems:
            print("build_bundled_data: data-quality problems after loading:\n  " + "\n  ".join(problems),
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
