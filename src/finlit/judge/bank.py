"""A bank judged as a bank: funding, capital, credit costs and efficiency.

A bank borrows (deposits) to lend (loans), so a current ratio or debt to earnings says
nothing about it. Its liquidity is read from how much of its lending its deposits fund,
its leverage from its equity against its assets, and its credit from what it sets aside
for bad loans. Every cut-off is a rule of thumb of bank analysis, stated beside it.

>>> v = judge_bank_leverage(BankYear(loans=1_400e9, deposits=2_400e9, equity=360e9,
...                                  assets=4_400e9, provision=14e9, currency="USD"))
>>> v.level, v.summary
('moderate', 'capital is moderate: equity is 8.2% of assets, usual for a large bank')
"""
from __future__ import annotations

from dataclasses import dataclass

from ..numbers import is_missing, percent_words
from ..ratios import RATIOS
from .verdict import UNKNOWN, Verdict
from .year import CompanyYear

# The cut-offs are the registry's, with their sources (`finlit.ratios`): loans to deposits
# ample/stretched, equity to assets thin/thick, provision to loans light/heavy.

BANK_FOR_IT = {
    "liquidity": {"strong": "deposits fund the lending with room to spare, so funding does not hold projects back",
                  "adequate": "deposits fund the lending; technology that keeps and wins deposits is valued",
                  "tight": "the bank leans on market funding, so costs are watched closely"},
    "leverage": {"low": "a thick layer of capital gives room for long technology programmes",
                 "moderate": "capital is in the usual range; regulators, not only profit, set how much can be spent",
                 "heavy": "thin capital means regulators come first, and spending is squeezed"},
    "credit": {"light": "few bad loans leave room in the budget; risk systems earn their keep in bad years",
               "normal": "credit costs are normal; better risk and collection systems still pay back",
               "heavy": "bad loans eat profit, so spending outside risk and collections is cut first"},
}


@dataclass
class BankYear:
    """The bank figures of one year (NaN when absent)."""

    loans: float
    deposits: float
    equity: float
    assets: float
    provision: float
    currency: str = "USD"

    @classmethod
    def of(cls, y: CompanyYear) -> "BankYear":
        return cls(y.get("loans_net"), y.get("deposits"), y.get("total_equity"), y.get("total_assets"),
                   y.get("provision_for_credit_losses"), y.currency)


def judge_bank_liquidity(b: BankYear) -> Verdict:
    """How much of the lending do deposits fund? (the loan-to-deposit ratio)"""
    if is_missing(b.loans) or is_missing(b.deposits) or b.deposits <= 0:
        return Verdict("liquidity", UNKNOWN, "a bank's liquidity is judged from its loans and "
                       "deposits, which the data does not have")
    share, r = b.loans / b.deposits, RATIOS["loans_to_deposits"]
    level = ("strong" if share < r.threshold("ample") else "tight"
             if share > r.threshold("stretched") else "adequate")
    summary = (f"funding is {level}: loans are {percent_words(share, 0)} of deposits")
    return Verdict("liquidity", level, summary, {"loans_to_deposits": share},
                   BANK_FOR_IT["liquidity"][level],
                   basis="A bank's loans are usually funded by its deposits: under 80% leaves room, "
                         "over 100% needs market funding.")


def judge_bank_leverage(b: BankYear) -> Verdict:
    """How thick is the capital under the assets? (equity to assets)"""
    if is_missing(b.equity) or is_missing(b.assets) or b.assets <= 0:
        return Verdict("leverage", UNKNOWN, "a bank's capital is judged from its equity and assets, "
                       "which the data does not have")
    share, r = b.equity / b.assets, RATIOS["equity_to_assets"]
    level = "heavy" if share < r.threshold("thin") else "low" if share >= r.threshold("thick") else "moderate"
    usual = {"heavy": "thin even for a bank", "moderate": "usual for a large bank",
             "low": "thick for a bank"}[level]
    summary = f"capital is {level}: equity is {percent_words(share)} of assets, {usual}"
    return Verdict("leverage", level, summary, {"equity_to_assets": share}, BANK_FOR_IT["leverage"][level],
                   notes=("A bank borrows to lend: deposits are its raw material, so its debt is "
                          "read through its capital, not through debt to earnings.",))


def judge_bank_credit(b: BankYear) -> Verdict:
    """What does the bank set aside for bad loans? (provision as a share of loans)"""
    if is_missing(b.provision) or is_missing(b.loans) or b.loans <= 0:
        return Verdict("credit", UNKNOWN, "credit costs are not known for this year")
    share, r = b.provision / b.loans, RATIOS["provision_to_loans"]
    level = "light" if share < r.threshold("light") else "heavy" if share > r.threshold("heavy") else "normal"
    summary = f"credit costs are {level}: the provision is {percent_words(share, 2)} of loans"
    return Verdict("credit", level, summary, {"provision_to_loans": share}, BANK_FOR_IT["credit"][level])
