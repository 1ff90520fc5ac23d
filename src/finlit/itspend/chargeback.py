"""Chargeback and showback: IT's costs shared out to the business units by what each uses.

>>> allocate_it_costs({"cloud": 900}, {"cloud": {"Sales": 1, "Plant": 2}}).frame["total"].tolist()
[300.0, 600.0, 900.0]

The lessons use Larkspur Components' invented usage figures (`LARKSPUR_DRIVERS`, from
data/teaching/larkspur_drivers.toml):

>>> costs = it_costs_by_category("LARKSPUR", 2025)
>>> t = allocate_it_costs(costs, LARKSPUR_DRIVERS)
>>> list(t.frame.index)
['Valves', 'Bearings', 'Drive parts', 'Head office', 'all units']
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..display import Table
from ..errors import InputError
from .budgets import budget_frame
from .teaching import LARKSPUR_DRIVERS

MODES = ("showback", "chargeback")


def it_costs_by_category(budget, fiscal_year: int | None = None, kind: str = "opex") -> dict[str, float]:
    """One year's IT costs per category (`kind` "opex", "capex" or "all") from an IT budget
    frame or a bundled ticker.

    >>> round(it_costs_by_category("LARKSPUR", 2025)["cloud"] / 1e6, 2)
    4.8
    """
    budget = budget_frame(budget)
    year = fiscal_year or int(budget["fiscal_year"].max())
    rows = budget[budget["fiscal_year"] == year]
    if kind != "all":
        rows = rows[rows["kind"] == kind]
    if rows.empty:
        raise InputError(f"the IT budget has no {kind} for FY{year}")
    return {k: float(v) for k, v in rows.groupby("category", sort=False)["amount"].sum().items()}


def allocate_it_costs(costs: Mapping[str, float], drivers: Mapping[str, Mapping[str, float]],
                      mode: str = "showback", currency: str = "USD") -> Table:
    """Share IT's costs out to the business units by what each uses (its "driver": tickets,
    licences, compute hours …). Each service's cost is split in proportion to its driver.

    Showback reports each unit's share; chargeback bills it to the unit's budget. The
    numbers are the same; what changes is who pays, and so how people behave.

    >>> t = allocate_it_costs({"cloud": 100.0, "staff": 50.0},
    ...                       {"cloud": {"A": 3, "B": 1}, "staff": {"A": 1, "B": 1}}, mode="chargeback")
    >>> t.frame.loc["A"].tolist()
    [75.0, 25.0, 100.0, 0.6666666666666666]
    """
    if mode not in MODES:
        raise InputError(f"mode {mode!r}: use 'showback' or 'chargeback'")
    units = list(dict.fromkeys(u for d in drivers.values() for u in d))
    frame = pd.DataFrame(0.0, index=pd.Index(units, name="business unit"), columns=list(costs))
    for service, amount in costs.items():
        usage = drivers.get(service)
        if not usage or sum(usage.values()) <= 0:
            raise InputError(f"no driver for {service!r}: say what each unit uses of it")
        total = float(sum(usage.values()))
        for unit, qty in usage.items():
            frame.at[unit, service] = float(amount) * float(qty) / total
    frame["total"] = frame[list(costs)].sum(axis=1)
    grand = frame["total"].sum()
    frame.loc["all units"] = frame.sum()
    frame["share"] = frame["total"] / grand
    verb = "billed to" if mode == "chargeback" else "shown to"
    return Table(frame, {"share": "percent"}, f"{mode.capitalize()}: IT costs {verb} each business unit",
                 currency)


__all__ = ["LARKSPUR_DRIVERS", "MODES", "allocate_it_costs", "it_costs_by_category"]
