"""Benchmark: the whole ratio catalogue on ~12,000 company-years (SimFin US annual).

Run from the repository root:

    .venv/bin/python bench/ratios_scale.py            # finlit, plain pandas, financetoolkit
    .venv/bin/python bench/ratios_scale.py --runs 5   # more runs per figure

It loads the SimFin bulk files (../shared/realdata/bulk/simfin_us_annual) into
finlit's canonical panel (see bench/simfin.py), then times, as medians of
`--runs` runs:

1. finlit: `finlit.ratios.compute_panel(panel)` — every ratio of the catalogue,
   with a reason for every missing value (period-end and average balances);
2. plain pandas: the same ratios as vectorized column arithmetic, no reasons,
   inf replaced by NaN — the floor a hand-written script reaches;
3. financetoolkit (when importable): a `Toolkit` built offline on the same
   panel, its profitability, liquidity, solvency and efficiency groups.

Targets (2-core machine): finlit ≤ 0.3 s for the full panel, and ≥ 10× faster
than financetoolkit's four groups. Exits 0 with a message when the data is absent.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import simfin  # noqa: E402  (bench/simfin.py, the loader)
from common import median_time as timed  # noqa: E402

from finlit.ratios import compute_panel, default_keys  # noqa: E402

FINLIT_TARGET_S = 0.3
FTK_MIN_SPEEDUP = 10.0


# --- the plain alternative: vectorized pandas, no reasons ---------------------------------------


def plain_pandas(p: pd.DataFrame) -> pd.DataFrame:
    """The catalogue as a person would write it in pandas: column arithmetic, inf → NaN."""
    prev = p[["revenue", "net_income", "operating_income"]].groupby(level=0).shift(1)
    out = pd.DataFrame(index=p.index)
    out["gross_margin"] = p.gross_profit / p.revenue
    out["operating_margin"] = p.operating_income / p.revenue
    out["net_margin"] = p.net_income / p.revenue
    out["ebitda_margin"] = (p.operating_income + p.depreciation_amortization) / p.revenue
    out["return_on_assets"] = p.net_income / p.total_assets
    out["return_on_equity"] = (p.net_income / p.total_equity).where(p.total_equity > 0)
    out["effective_tax_rate"] = (p.income_tax / p.pretax_income).where(p.pretax_income > 0)
    out["current_ratio"] = p.current_assets / p.current_liabilities
    out["quick_ratio"] = (p.cash_and_equivalents + p.short_term_investments + p.receivables) / p.current_liabilities
    out["cash_ratio"] = (p.cash_and_equivalents + p.short_term_investments) / p.current_liabilities
    out["working_capital"] = p.current_assets - p.current_liabilities
    out["debt_to_equity"] = (p.total_debt / p.total_equity).where(p.total_equity > 0)
    out["debt_to_assets"] = p.total_debt / p.total_assets
    out["liabilities_to_assets"] = p.total_liabilities / p.total_assets
    out["interest_coverage"] = (p.operating_income / p.interest_expense).where(p.interest_expense > 0)
    out["asset_turnover"] = p.revenue / p.total_assets
    out["inventory_turnover"] = p.cost_of_revenue / p.inventory
    out["days_sales_outstanding"] = p.receivables / p.revenue * 365
    out["days_inventory_outstanding"] = p.inventory / p.cost_of_revenue * 365
    out["days_payables_outstanding"] = p.payables / p.cost_of_revenue * 365
    out["cash_conversion_cycle"] = (out.days_sales_outstanding + out.days_inventory_outstanding
                                    - out.days_payables_outstanding)
    out["operating_cash_flow_margin"] = p.operating_cash_flow / p.revenue
    out["free_cash_flow"] = p.operating_cash_flow - p.capital_expenditure
    out["free_cash_flow_margin"] = out.free_cash_flow / p.revenue
    out["cash_conversion"] = (p.operating_cash_flow / p.net_income).where(p.net_income > 0)
    out["capex_to_revenue"] = p.capital_expenditure / p.revenue
    out["capex_to_depreciation"] = p.capital_expenditure / p.depreciation_amortization
    out["revenue_growth"] = (p.revenue / prev.revenue - 1).where(prev.revenue > 0)
    out["net_income_growth"] = (p.net_income / prev.net_income - 1).where(prev.net_income > 0)
    out["operating_expense_growth"] = ((p.revenue - p.operating_income)
                                       / (prev.revenue - prev.operating_income) - 1)
    return out.replace([np.inf, -np.inf], np.nan)


# --- financetoolkit -----------------------------------------------------------------------------

# financetoolkit's line-item names (its normalization files, "Generic" column) for finlit items.
# Signs follow its default data vendor: costs positive, capital expenditure and dividends negative.
FTK_BALANCE = {
    "cash_and_equivalents": "Cash and Cash Equivalents",
    "short_term_investments": "Short Term Investments",
    "receivables": "Accounts Receivable",
    "inventory": "Inventory",
    "current_assets": "Total Current Assets",
    "ppe_net": "Property, Plant and Equipment",
    "total_assets": "Total Assets",
    "payables": "Accounts Payable",
    "short_term_debt": "Short Term Debt",
    "current_liabilities": "Total Current Liabilities",
    "long_term_debt": "Long Term Debt",
    "total_debt": "Total Debt",
    "total_liabilities": "Total Liabilities",
    "retained_earnings": "Retained Earnings",
    "total_equity": "Total Equity",
}
FTK_INCOME = {
    "revenue": "Revenue",
    "cost_of_revenue": "Cost of Goods Sold",
    "gross_profit": "Gross Profit",
    "research_and_development": "Research and Development Expenses",
    "selling_general_administrative": "Selling, General and Administrative Expenses",
    "operating_expenses": "Operating Expenses",
    "interest_expense": "Interest Expense",
    "depreciation_amortization": "Depreciation and Amortization",
    "operating_income": "Operating Income",
    "pretax_income": "Income Before Tax",
    "income_tax": "Income Tax Expense",
    "net_income": "Net Income",
    "diluted_shares": "Weighted Average Shares Diluted",
}
FTK_CASH = {
    "net_income": "Net Income",
    "depreciation_amortization": "Depreciation and Amortization",
    "operating_cash_flow": "Cash Flow from Operations",
    "capital_expenditure": "Capital Expenditure",
    "investing_cash_flow": "Cash Flow from Investing",
    "financing_cash_flow": "Cash Flow from Financing",
    "dividends_paid": "Dividends Paid",
    "free_cash_flow": "Free Cash Flow",
}
FTK_NEGATIVE = {"capital_expenditure", "dividends_paid"}
FTK_GROUPS = ("profitability", "liquidity", "solvency", "efficiency")


def ftk_frame(panel: pd.DataFrame, names: dict) -> pd.DataFrame:
    """(ticker, line item) × fiscal-year columns, as financetoolkit takes user data."""
    frame = panel.copy()
    if "free_cash_flow" in names:
        frame["free_cash_flow"] = frame["operating_cash_flow"] - frame["capital_expenditure"]
    for item in FTK_NEGATIVE & set(names):
        frame[item] = -frame[item]
    frame = frame[list(names)].rename(columns=names)
    long = frame.stack(future_stack=True)
    wide = long.unstack("fiscal_year")
    wide.columns = [str(year) for year in wide.columns]
    wide.index.names = [None, None]
    return wide


def financetoolkit_bench(panel: pd.DataFrame, runs: int):
    """(build seconds, four-group seconds, company-years with values) or None when not installed."""
    try:
        from financetoolkit import Toolkit
    except ImportError:
        return None
    from financetoolkit.ratios.ratios_controller import Ratios

    # Free Cash Flow Yield (solvency group) needs market prices: it would download them for every
    # ticker. Offline, it is left out (as ECOSYSTEM.md advises); the other ratios are timed.
    Ratios.get_free_cash_flow_yield = lambda self, *args, **kwargs: pd.DataFrame()
    logging.getLogger("financetoolkit").setLevel(logging.CRITICAL)
    frames = {name: ftk_frame(panel, names)
              for name, names in (("balance", FTK_BALANCE), ("income", FTK_INCOME), ("cash", FTK_CASH))}
    tickers = list(panel.index.unique(level=0))

    def build():
        return Toolkit(tickers, api_key="", start_date="2010-01-01", end_date="2030-12-31",
                       use_cached_data=False, benchmark_ticker=None, convert_currency=False,
                       sleep_timer=False, progress_bar=False, **frames)

    build_s, _ = timed(build, runs)
    times, result = [], None
    for _ in range(runs):
        toolkit = build()  # fresh each run: no cached ratios
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = [getattr(toolkit.ratios, f"collect_{group}_ratios")() for group in FTK_GROUPS]
        times.append(time.perf_counter() - start)
    columns = sum(len(r.index.unique(level=1)) for r in result)
    return build_s, statistics.median(times), columns


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; medians are reported")
    parser.add_argument("--no-financetoolkit", action="store_true", help="skip the financetoolkit peer")
    args = parser.parse_args(argv)
    if not simfin.available():
        print(f"SimFin bulk files not found in {simfin.SIMFIN}: nothing to benchmark (skipped).")
        return 0

    load_s, panel = timed(simfin.load_panel, args.runs)
    n = len(panel)
    companies = panel.index.get_level_values(0).nunique()
    print(f"panel: {companies:,} companies, {n:,} company-years, {panel.shape[1]} items; "
          f"load {load_s:.3f} s (median of {args.runs})")

    finlit_s, result = timed(lambda: compute_panel(panel), args.runs)
    average_s, _ = timed(lambda: compute_panel(panel, average_balances=True), args.runs)
    values = result.values
    assert not np.isinf(values.to_numpy()).any()
    assert (values.isna() == result.reasons.notna()).all().all()
    print(f"finlit     : {len(default_keys())} ratios with reasons in {finlit_s:.3f} s "
          f"({n / finlit_s:,.0f} company-years/s); average balances {average_s:.3f} s; "
          f"{values.notna().to_numpy().mean():.0%} of cells have a value"
          f" [target ≤ {FINLIT_TARGET_S} s: {'ok' if finlit_s <= FINLIT_TARGET_S else 'MISSED'}]")

    plain_s, plain = timed(lambda: plain_pandas(panel), args.runs)
    plain = plain[values.columns]
    both = values.notna() & plain.notna()
    agree = np.isclose(values[both].to_numpy(), plain[both].to_numpy(), equal_nan=True).all()
    only_plain = int((plain.notna() & values.isna()).to_numpy().sum())
    print(f"plain pandas: same {plain.shape[1]} ratios, no reasons, in {plain_s:.3f} s "
          f"({n / plain_s:,.0f} company-years/s); finlit/plain = {finlit_s / plain_s:.1f}×; "
          f"values agree where both have one: {agree}; values plain gives and finlit withholds: "
          f"{only_plain:,} (e.g. growth across a gap year)")

    if args.no_financetoolkit:
        return 0
    ftk = financetoolkit_bench(panel, args.runs)
    if ftk is None:
        print("financetoolkit: not installed (pip install financetoolkit to compare)")
        return 0
    build_s, groups_s, ratio_count = ftk
    speedup = groups_s / finlit_s
    print(f"financetoolkit: Toolkit build {build_s:.3f} s; {', '.join(FTK_GROUPS)} groups "
          f"({ratio_count} ratios) in {groups_s:.3f} s ({n / groups_s:,.0f} company-years/s); "
          f"finlit is {speedup:.0f}× faster"
          f" [target ≥ {FTK_MIN_SPEEDUP:.0f}×: {'ok' if speedup >= FTK_MIN_SPEEDUP else 'MISSED'}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
