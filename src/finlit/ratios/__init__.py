"""Ratios: the registry (`RATIOS`), the catalogue, and one driver (`compute`).

>>> import finlit
>>> table = finlit.compute_ratios(finlit.load("AAPL"), ["net_margin"])
>>> round(table.value("net_margin", 2023), 4)
0.2531
"""
from __future__ import annotations

import pandas as pd

from . import catalogue  # noqa: F401  (registers the catalogue)
from .engine import RatioResult, compute_panel, resolve
from .registry import CATEGORIES, RATIOS, Ratio, ratio


def compute(target, keys=None, average_balances: bool = False):
    """Compute ratios for a company, a list of companies, or a panel DataFrame.

    - a `Company` gives a `RatioTable` (ratios × fiscal years, with reasons);
    - a list of companies gives a `RatioTable` over all of them (company, year);
    - a panel DataFrame gives a `RatioResult` (values and reasons frames).
    """
    from ..company import Company
    from ..display import RatioTable

    if isinstance(target, pd.DataFrame):
        return compute_panel(target, keys, average_balances)
    companies = [target] if isinstance(target, Company) else list(target)
    panels = {c.ticker: c.panel() for c in companies}
    if len(companies) == 1:
        result = compute_panel(panels[companies[0].ticker], keys, average_balances)
    else:
        panel = pd.concat(panels, names=["company", "fiscal_year"])
        result = compute_panel(panel, keys, average_balances)
    return RatioTable(companies, result)


__all__ = ["CATEGORIES", "RATIOS", "Ratio", "RatioResult", "compute", "compute_panel", "ratio", "resolve"]
