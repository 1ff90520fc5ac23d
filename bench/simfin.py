"""Load SimFin's "US annual" bulk statements into finlit's canonical panel.

SimFin (https://simfin.com, attribution required; benchmarks only) publishes
standardized statements as semicolon-separated files, one per statement, with
costs and cash outflows stored as negative numbers. finlit stores them as
positive magnitudes (FINANCE.md §1), so those columns are flipped on load.

The mapping is data: `MAPPING` below, one row per canonical item —
(statement, SimFin column, sign). A sign of -1 means "SimFin stores it
negative, finlit positive". The loader returns a panel: a DataFrame indexed
by (company, fiscal_year) with canonical item columns, the input of
`finlit.ratios.compute_panel`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REALDATA  # noqa: E402  (bench/common.py)

SIMFIN = REALDATA / "bulk" / "simfin_us_annual"
FILES = {
    "income": "us-income-annual.csv",
    "balance": "us-balance-annual.csv",
    "cashflow": "us-cashflow-annual.csv",
}

# canonical item: (statement, SimFin column, sign applied on load)
MAPPING: dict[str, tuple[str, str, int]] = {
    "revenue": ("income", "Revenue", +1),
    "cost_of_revenue": ("income", "Cost of Revenue", -1),
    "gross_profit": ("income", "Gross Profit", +1),
    "operating_expenses": ("income", "Operating Expenses", -1),
    "selling_general_administrative": ("income", "Selling, General & Administrative", -1),
    "research_and_development": ("income", "Research & Development", -1),
    "operating_income": ("income", "Operating Income (Loss)", +1),
    "interest_expense": ("income", "Interest Expense, Net", -1),
    "pretax_income": ("income", "Pretax Income (Loss)", +1),
    "income_tax": ("income", "Income Tax (Expense) Benefit, Net", -1),
    "net_income": ("income", "Net Income", +1),
    "diluted_shares": ("income", "Shares (Diluted)", +1),
    # SimFin reports cash and short-term investments as one figure (see SHORT_TERM_INVESTMENTS_IN_CASH)
    "cash_and_equivalents": ("balance", "Cash, Cash Equivalents & Short Term Investments", +1),
    "receivables": ("balance", "Accounts & Notes Receivable", +1),
    "inventory": ("balance", "Inventories", +1),
    "current_assets": ("balance", "Total Current Assets", +1),
    "ppe_net": ("balance", "Property, Plant & Equipment, Net", +1),
    "total_assets": ("balance", "Total Assets", +1),
    "payables": ("balance", "Payables & Accruals", +1),
    "short_term_debt": ("balance", "Short Term Debt", +1),
    "current_liabilities": ("balance", "Total Current Liabilities", +1),
    "long_term_debt": ("balance", "Long Term Debt", +1),
    "total_liabilities": ("balance", "Total Liabilities", +1),
    "retained_earnings": ("balance", "Retained Earnings", +1),
    "total_equity": ("balance", "Total Equity", +1),
    # D&A: the cash-flow statement's add-back (the income statement's column is mostly empty)
    "depreciation_amortization": ("cashflow", "Depreciation & Amortization", +1),
    "operating_cash_flow": ("cashflow", "Net Cash from Operating Activities", +1),
    "capital_expenditure": ("cashflow", "Change in Fixed Assets & Intangibles", -1),
    "investing_cash_flow": ("cashflow", "Net Cash from Investing Activities", +1),
    "financing_cash_flow": ("cashflow", "Net Cash from Financing Activities", +1),
    "dividends_paid": ("cashflow", "Dividends Paid", -1),
}

# SimFin folds short-term investments into cash: short_term_investments is set to 0 so that
# quick and cash ratios use the combined figure once (recorded here, not hidden).
SHORT_TERM_INVESTMENTS_IN_CASH = True
KEYS = ["Ticker", "Fiscal Year"]


def available(folder: Path = SIMFIN) -> bool:
    """True when the three SimFin files are there."""
    return all((folder / name).is_file() for name in FILES.values())


def load_panel(folder: Path = SIMFIN) -> pd.DataFrame:
    """The SimFin files as a canonical panel: (company, fiscal_year) × canonical items, costs positive."""
    frames = []
    for statement, name in FILES.items():
        columns = {column: item for item, (st, column, _) in MAPPING.items() if st == statement}
        raw = pd.read_csv(folder / name, sep=";", usecols=KEYS + list(columns))
        raw = raw.dropna(subset=["Ticker"]).set_index(KEYS).rename(columns=columns)
        frames.append(raw)
    panel = pd.concat(frames, axis=1, join="outer").astype("float64")
    panel.index = panel.index.set_names(["company", "fiscal_year"])
    for item, (_, _, sign) in MAPPING.items():
        if sign == -1:
            panel[item] = -panel[item]
    panel["total_debt"] = panel["short_term_debt"].fillna(0) + panel["long_term_debt"].fillna(0)
    panel.loc[panel[["short_term_debt", "long_term_debt"]].isna().all(axis=1), "total_debt"] = float("nan")
    if SHORT_TERM_INVESTMENTS_IN_CASH:
        panel["short_term_investments"] = 0.0
    return panel.sort_index()
