"""Leases under ASC 842 and a multi-year cloud commitment, for the lessons (notebook 12).

A lease puts two lines on the balance sheet on day one: a **right-of-use asset** (the right to
use the building or the servers) and a **lease liability** (the payments still owed, in today's
money: their present value at the company's borrowing rate). The two kinds differ in the income
statement:

- an **operating lease** shows one even lease cost a year (the payment, when payments are level);
- a **finance lease** shows amortisation of the asset (straight line) plus interest on the
  liability: more cost in the early years, less later, the same in total.

A cloud commitment (spend at least so much a year) is a service contract, not a lease: nothing
goes on the balance sheet; the cost is what is used each year, plus any shortfall, and the
promise is disclosed in the notes as a purchase obligation.

>>> s = lease_schedule(1_000_000, 3, 0.06, "finance")
>>> round(s.liability), [round(v) for v in s.frame["lease cost"]]
(2673012, [1051385, 1001008, 947608])
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..display import Table
from ..errors import InputError
from .teaching import teaching_table

KINDS = ("operating", "finance")


def present_value(payment: float, years: int, rate: float) -> float:
    """Today's value of `years` level payments made at the end of each year.

    >>> round(present_value(1_500_000, 5, 0.06))         # 1.5m × (1 − 1.06⁻⁵) / 0.06
    6318546
    """
    if years < 1:
        raise InputError(f"a lease needs at least one year, not {years}")
    if rate == 0:
        return payment * years
    return payment * (1 - (1 + rate) ** -years) / rate


@dataclass
class LeaseSchedule:
    """A lease year by year: `frame` has one row per year (1 …) with the payment, interest,
    amortisation, the lease cost the income statement shows, and the liability and asset at the
    year end. `liability` is the value on day one (= the right-of-use asset)."""

    name: str
    kind: str
    payment: float
    years: int
    rate: float
    liability: float
    frame: pd.DataFrame
    currency: str = "USD"

    def table(self) -> Table:
        """The schedule as a table a person reads (money in words)."""
        f = self.frame.copy()
        f.index = [f"year {i}" for i in f.index]
        f.index.name = "year"
        return Table(f, "money", f"{self.name}: {self.kind} lease, {self.years} years at {self.rate:.0%}",
                     self.currency, [f"On day one: a right-of-use asset and a lease liability of "
                                     f"{round(self.liability):,} each (the payments in today's money)."])


def lease_schedule(payment: float, years: int, rate: float, kind: str = "operating", name: str = "Lease",
                   currency: str = "USD") -> LeaseSchedule:
    """The ASC 842 schedule of a lease with level yearly payments at each year's end.

    Liability: starts at the present value, grows by interest, falls by each payment. Operating:
    the lease cost is the same each year (total payments ÷ years) and the asset is the liability
    adjusted for that straight line. Finance: interest (rate × liability at the start of the year)
    plus amortisation (asset ÷ years).

    >>> s = lease_schedule(1_500_000, 5, 0.06, "operating")
    >>> [round(v) for v in s.frame["lease cost"]][:2], round(s.frame["liability, year end"].iloc[-1])
    ([1500000, 1500000], 0)
    """
    if kind not in KINDS:
        raise InputError(f"unknown lease kind {kind!r}: use 'operating' or 'finance'")
    if payment < 0 or rate < 0:
        raise InputError("a lease payment and rate cannot be negative")
    liability = present_value(payment, years, rate)
    rows, owed, asset = [], liability, liability
    straight = payment  # total payments ÷ years, with level payments
    for year in range(1, years + 1):
        interest = owed * rate
        owed = owed + interest - payment
        if kind == "finance":
            amortisation = liability / years
            cost = interest + amortisation
        else:
            cost = straight
            amortisation = straight - interest       # the asset absorbs the straight-line plug
        asset -= amortisation
        rows.append({"payment": payment, "interest": interest, "amortisation": amortisation,
                     "lease cost": cost, "liability, year end": max(owed, 0.0) if abs(owed) > 0.01 else 0.0,
                     "asset, year end": asset if abs(asset) > 0.01 else 0.0})
    frame = pd.DataFrame(rows, index=pd.RangeIndex(1, years + 1, name="year"))
    return LeaseSchedule(name, kind, payment, years, rate, liability, frame, currency)


@dataclass
class CloudCommitment:
    """A promise to spend at least `yearly` on a cloud provider for `years`, at `discount` off
    the pay-as-you-go price; `frame`: per year the commitment, the expected use, the shortfall
    paid for nothing, the cost, and what the same use would cost without the commitment."""

    name: str
    yearly: float
    years: int
    discount: float
    frame: pd.DataFrame
    currency: str = "USD"

    @property
    def total_commitment(self) -> float:
        """What the company has promised to pay, whatever it uses."""
        return self.yearly * self.years

    @property
    def saving(self) -> float:
        """Pay-as-you-go cost minus the committed cost over the whole term (negative: a loss)."""
        return float(self.frame["pay-as-you-go price"].sum() - self.frame["cost"].sum())

    def table(self) -> Table:
        """The commitment year by year, as a table a person reads."""
        f = self.frame.copy()
        f.index = [f"year {i}" for i in f.index]
        f.index.name = "year"
        return Table(f, "money", f"{self.name}: {self.years} years, at least {round(self.yearly):,} a year",
                     self.currency, ["Not a lease: no asset and no liability on the balance sheet; the "
                                     "promise is shown in the notes as a purchase obligation."])


def cloud_commitment(yearly: float, years: int, expected_use, discount: float = 0.0,
                     name: str = "Cloud commitment", currency: str = "USD") -> CloudCommitment:
    """A committed-spend cloud contract year by year: cost = the larger of use and the
    commitment; the pay-as-you-go price of the same use = use ÷ (1 − discount).

    >>> c = cloud_commitment(5_000_000, 3, [4_300_000, 5_000_000, 5_600_000], 0.15)
    >>> [round(v) for v in c.frame["shortfall"]], round(c.saving)
    ([700000, 0, 0], 1929412)
    """
    use = [float(u) for u in expected_use]
    if len(use) != years:
        raise InputError(f"give one expected use per year: {years} years, {len(use)} values")
    if not 0 <= discount < 1:
        raise InputError(f"discount {discount} must be between 0 and 1 (0.15 for 15%)")
    rows = [{"commitment": yearly, "expected use": u, "shortfall": max(yearly - u, 0.0),
             "cost": max(yearly, u), "pay-as-you-go price": u / (1 - discount)} for u in use]
    frame = pd.DataFrame(rows, index=pd.RangeIndex(1, years + 1, name="year"))
    return CloudCommitment(name, float(yearly), years, discount, frame, currency)


def larkspur_leases(rate: float | None = None) -> list[LeaseSchedule]:
    """Larkspur's two teaching leases (data/teaching/larkspur_leases.toml): an operating lease
    on a warehouse and a finance lease on data-centre servers, at Larkspur's borrowing rate
    (or at `rate`).

    >>> [(s.name, s.kind, round(s.liability)) for s in larkspur_leases()]
    [('Distribution warehouse', 'operating', 6318546), ('Data-centre servers', 'finance', 2079063)]
    >>> round(larkspur_leases(0.08)[0].liability)
    5989065
    """
    data = teaching_table("larkspur_leases")
    rate = data["rate"] if rate is None else float(rate)
    return [lease_schedule(v["payment"], v["years"], rate, v["kind"], v["name"])
            for v in data["leases"].values()]


def larkspur_cloud_commitment() -> CloudCommitment:
    """Larkspur's three-year cloud commitment (data/teaching/larkspur_leases.toml).

    >>> larkspur_cloud_commitment().total_commitment
    15000000.0
    """
    v = teaching_table("larkspur_leases")["cloud_commitment"]
    return cloud_commitment(v["yearly"], v["years"], v["expected_use"], v["discount"], v["name"])


def lease_comparison(*schedules: LeaseSchedule) -> Table:
    """The lease cost each year of each lease side by side, with the total.

    >>> t = lease_comparison(*larkspur_leases())
    >>> list(t.frame.columns)
    ['Distribution warehouse (operating)', 'Data-centre servers (finance)']
    """
    years = max(s.years for s in schedules)
    frame = pd.DataFrame({f"{s.name} ({s.kind})": s.frame["lease cost"].reindex(range(1, years + 1))
                          for s in schedules})
    frame.loc["total"] = frame.sum()
    frame.index = [f"year {i}" if i != "total" else i for i in frame.index]
    frame.index.name = "lease cost"
    return Table(frame, "money", "Lease cost in the income statement, year by year",
                 schedules[0].currency if schedules else "USD")


__all__ = ["CloudCommitment", "KINDS", "LeaseSchedule", "cloud_commitment", "larkspur_cloud_commitment",
           "larkspur_leases", "lease_comparison", "lease_schedule", "present_value"]
