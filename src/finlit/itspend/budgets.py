"""IT budgets for the lessons: which budget a lesson uses, and its opex and capex per year.

Every function takes an IT budget frame (from `finlit.itbudget.read_it_budget` /
`load_it_budget`) or the ticker of a bundled budget ("LARKSPUR").

>>> t = capex_opex_table("LARKSPUR")
>>> float(t.frame.loc["FY2025", "IT spend"]) / 1e6
27.87
"""
from __future__ import annotations

import os

import pandas as pd

from ..display import Table
from ..itbudget import bundled_it_budget, bundled_it_budgets, load_it_budget, totals


def budget_frame(budget) -> pd.DataFrame:
    """An IT budget frame as given, or the bundled budget of a ticker.

    >>> sorted(set(budget_frame("LARKSPUR")["kind"]))
    ['capex', 'opex']
    """
    return bundled_it_budget(budget) if isinstance(budget, str) else budget


def budget_of(company, it_budget: str = "") -> pd.DataFrame:
    """The IT budget a lesson uses: your file (`it_budget`, CSV or TOML) when given, else the
    one bundled for the company, else Larkspur Components' budget as a worked example (its
    ``attrs["label"]`` says so).

    >>> import finlit
    >>> budget_of(finlit.load("AAPL")).attrs["label"]
    "Larkspur Components' IT budget, as an example (Apple Inc. has no IT budget in finlit)"
    """
    if it_budget:
        budget = load_it_budget(it_budget)
        budget.attrs["label"] = f"your IT budget ({os.path.basename(str(it_budget))})"
    elif company.ticker.upper() in bundled_it_budgets():
        budget = bundled_it_budget(company.ticker)
        budget.attrs["label"] = f"{company.name}: IT budget"
    else:
        budget = bundled_it_budget("LARKSPUR")
        budget.attrs["label"] = (f"Larkspur Components' IT budget, as an example ({company.name} has no "
                                 "IT budget in finlit)")
    return budget


def capex_opex_table(budget) -> Table:
    """An IT budget per fiscal year: operating spend, capital spend and the capital share.

    >>> t = capex_opex_table("LARKSPUR")
    >>> round(float(t.frame.loc["FY2023", "capex share"]), 3)
    0.208
    """
    budget = budget_frame(budget)
    t = totals(budget)
    frame = pd.DataFrame({"IT opex": t["it_opex"], "IT capex": t["it_capex"], "IT spend": t["it_spend"],
                          "capex share": t["it_capex"] / t["it_spend"]})
    frame.index = pd.Index([f"FY{y}" for y in t.index], name="fiscal year")
    return Table(frame, {"capex share": "percent"}, budget.attrs.get("label", "IT budget") + ": opex and capex",
                 t.attrs.get("currency") or "USD")


__all__ = ["budget_frame", "budget_of", "capex_opex_table"]
