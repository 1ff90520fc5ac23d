"""When money reaches profit: revenue recognition, useful lives and capitalised software.

Profit is an estimate: the cash moves when it moves, but accounting decides in which year a
sale or a cost counts. Each function returns a year-by-year `finlit.display.Table` that puts
the two side by side.

>>> revenue_recognition(36_000, 3).frame.loc[1].tolist()        # cash up front, revenue a slice a year
[36000.0, 12000.0, 24000.0]

Capitalising internal-use software (development-stage costs become an asset and reach profit
as amortisation once the software is in use). The three stages are those of US GAAP's ASC
350-40 as companies apply it today; `ASU_2025_06` (FASB, September 2025) removes them for
annual periods beginning after 15 December 2027 (`CAPITALISATION_RULES` says how):

>>> cap = capitalise_software({2023: {"development": 2_900_000}, 2024: {"development": 3_100_000}},
...                           useful_life=4, in_service=2025, horizon=2028)
>>> cap.frame.loc[2025, ["amortisation", "profit_effect"]].tolist()
[1500000.0, -1500000.0]
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..display import Table
from ..errors import InputError
from ..numbers import money_words

STAGES = ("preliminary", "development", "post_implementation")

# The standard that replaces the stages, named in full (checked against summaries of the ASU by
# RSM US, Socorro Partners and KBF Advisory: issued 18 September 2025; effective for annual
# periods beginning after 15 December 2027 and interim periods within them; early adoption
# permitted; prospective, modified or retrospective transition).
ASU_2025_06 = ("FASB Accounting Standards Update 2025-06, Intangibles—Goodwill and Other—Internal-Use "
               "Software (Subtopic 350-40): Targeted Improvements to the Accounting for Internal-Use "
               "Software (September 2025)")
CAPITALISATION_RULES = (
    "The three stages (preliminary, development, after go-live) are the rules of ASC 350-40 "
    "as firms use them today. A new rule, ASU 2025-06, drops the stages. It applies to years "
    "that begin after 15 December 2027; a firm may start sooner. Under it, a firm starts to "
    "capitalise once its managers have approved and funded the project, and it is probable "
    "the project will be finished and the software used as planned. Training and data "
    "clean-up stay costs of their year.")
# the same change in one sentence, for a paragraph that only needs to flag it
CAPITALISATION_CHANGE = (
    "This split by stage is the rule of ASC 350-40 as firms use it today. ASU 2025-06 drops the "
    "stages for years that begin after 15 December 2027 (a firm may adopt it sooner). Then a firm "
    "capitalises once the project is funded and probable to complete")


def revenue_recognition(contract_value: float, years: int, paid_upfront: bool = True,
                        currency: str = "USD") -> Table:
    """A subscription contract paid up front: cash arrives on day one, revenue is earned
    (recognised) a slice at a time, and the unearned rest waits on the balance sheet as
    deferred revenue (a liability: the company still owes the service).

    >>> t = revenue_recognition(36_000, 3)
    >>> t.frame.loc[1].tolist()
    [36000.0, 12000.0, 24000.0]
    >>> bool(t.frame["revenue recognised"].sum() == t.frame["cash received"].sum())
    True
    """
    value = float(contract_value)
    n = int(years)
    if n < 1 or not math.isfinite(value) or value < 0:
        raise InputError("revenue_recognition needs a contract value ≥ 0 and at least one year")
    idx = pd.Index(range(1, n + 1), name="year")
    cash = [value if (paid_upfront and y == 1) else (0.0 if paid_upfront else value / n) for y in idx]
    revenue = [value / n] * n
    deferred = np.cumsum(cash) - np.cumsum(revenue)
    frame = pd.DataFrame({"cash received": cash, "revenue recognised": revenue,
                          "deferred revenue at year end": deferred + 0.0}, index=idx)
    return Table(frame, "money", f"A {n}-year contract worth {money_words(value, currency)}", currency)


def useful_life_effect(cost: float, lives: Iterable[int] = (3, 5), years: int | None = None,
                       currency: str = "USD") -> Table:
    """Profit is an estimate: the same servers, bought for `cost`, depreciated over different
    useful lives. The cash is the same; each year's profit is not.

    >>> t = useful_life_effect(1_500_000, (3, 5))
    >>> t.frame.loc[1].tolist()
    [1500000.0, 500000.0, 300000.0]
    """
    lives = [int(n) for n in lives]
    if not lives or min(lives) < 1:
        raise InputError("useful lives must be whole numbers of years, at least 1")
    n = years or max(lives)
    idx = pd.Index(range(1, n + 1), name="year")
    frame = pd.DataFrame({"cash paid": [float(cost) if y == 1 else 0.0 for y in idx]}, index=idx)
    for life in lives:
        frame[f"depreciation over {life} years"] = [float(cost) / life if y <= life else 0.0 for y in idx]
    return Table(frame, "money", f"Servers bought for {money_words(cost, currency)}: same cash, "
                 "different profit", currency)


def capitalise_software(spend: Mapping[int, Mapping[str, float]], useful_life: int = 5,
                        in_service: int | None = None, horizon: int | None = None,
                        currency: str = "USD") -> Table:
    """Internal-use software under US GAAP (ASC 350-40 before ASU 2025-06), simplified: costs
    of the preliminary stage (choosing, planning) and after go-live (training, maintenance)
    are expenses of their year; costs of the application-development stage (building,
    configuring, testing) are capitalised, and the asset is amortised straight-line over
    `useful_life` years from the year it goes into service (default: the year after the
    last development cost). ASU 2025-06 (`ASU_2025_06`, effective for annual periods
    beginning after 15 December 2027) replaces the stages with a "probable-to-complete"
    threshold (`CAPITALISATION_RULES`); the table's notes say so.

    `spend`: {fiscal year: {stage: amount}} with stages preliminary, development,
    post_implementation. The frame compares the profit effect with capitalisation against
    expensing everything; cash is the same either way.

    >>> t = capitalise_software({2022: {"preliminary": 400_000}, 2023: {"development": 2_000_000}},
    ...                         useful_life=4, horizon=2025)
    >>> t.frame.loc[2024].tolist()
    [0.0, 0.0, 500000.0, -500000.0, 0.0, 0.0, 1500000.0]
    """
    bad = {s for stages in spend.values() for s in stages} - set(STAGES)
    if bad:
        raise InputError(f"unknown stage {sorted(bad)[0]!r}: use {', '.join(STAGES)}")
    life = int(useful_life)
    if life < 1:
        raise InputError("useful life must be at least one year")
    dev_years = [y for y, s in spend.items() if s.get("development", 0)]
    start = in_service or ((max(dev_years) + 1) if dev_years else min(spend))
    first = min(spend)
    last = horizon or max(max(spend), start + life - 1)
    idx = pd.Index(range(first, last + 1), name="fiscal_year")

    def stage(name: str) -> pd.Series:
        return pd.Series([float(spend.get(y, {}).get(name, 0)) for y in idx], index=idx)

    expensed = stage("preliminary") + stage("post_implementation")
    capitalised = stage("development")
    asset = float(capitalised.sum())  # amortised from `start`; later development adds to the cost base
    amortisation = pd.Series([asset / life if start <= y < start + life else 0.0 for y in idx], index=idx)
    cash = expensed + capitalised
    frame = pd.DataFrame({
        "expensed": expensed, "capitalised": capitalised, "amortisation": amortisation,
        "profit_effect": -(expensed + amortisation), "profit_effect_if_all_expensed": -cash,
        "cash_out": -cash, "asset_at_year_end": capitalised.cumsum() - amortisation.cumsum(),
    }).astype(float) + 0.0
    return Table(frame, "money", f"Capitalised software: in service FY{start}, amortised over {life} years",
                 currency, ["Cash leaves when the work is paid for, whatever the accounting; "
                            "capitalising moves the hit to profit into the years the software is used.",
                            CAPITALISATION_RULES])


__all__ = ["ASU_2025_06", "CAPITALISATION_CHANGE", "CAPITALISATION_RULES", "STAGES", "capitalise_software", "revenue_recognition", "useful_life_effect"]
