"""Judgement: one verdict per topic and company-year, computed once, used by every text.

`assess(company, year)` reads the whole picture — liquidity, leverage, profitability,
return on equity, cash generation, growth, IT spend against the published figures — and
gives one `Verdict` per topic: its
level, the clause that says it, the numbers it rests on and what it means for IT.
Statement and ratio paragraphs, "what this means for IT", chart captions and the
notebooks take their words from these verdicts, so one fact is never called modest in
one place and heavy in another.

>>> import finlit
>>> apple = assess(finlit.load("AAPL"), 2025)
>>> apple["profitability"].level, apple["returns"].notes[0].startswith("Buybacks")
('wide', True)
>>> RATIO_TOPICS["debt_to_equity"]
'leverage'
"""
from __future__ import annotations

from collections.abc import Mapping

from .balance import judge_leverage, judge_liquidity
from .bank import BankYear, judge_bank_credit, judge_bank_leverage, judge_bank_liquidity
from ..itspend import it_view
from .itspend import judge_it_spend
from .performance import judge_cash, judge_growth, judge_profitability, judge_returns
from .verdict import LEVELS, TOPICS, UNKNOWN, Verdict
from .year import CompanyYear

JUDGES = {"liquidity": judge_liquidity, "leverage": judge_leverage,
          "profitability": judge_profitability, "returns": judge_returns, "cash": judge_cash,
          "growth": judge_growth}

# the topic whose verdict a ratio's paragraph states (ratios not listed have no verdict)
RATIO_TOPICS = {
    "current_ratio": "liquidity", "quick_ratio": "liquidity", "cash_ratio": "liquidity",
    "working_capital": "liquidity", "cash_conversion_cycle": "liquidity",
    "debt_to_equity": "leverage", "debt_to_assets": "leverage", "liabilities_to_assets": "leverage",
    "interest_coverage": "leverage",
    "gross_margin": "profitability", "operating_margin": "profitability", "net_margin": "profitability",
    "ebitda_margin": "profitability",
    "return_on_equity": "returns", "return_on_assets": "returns",
    "operating_cash_flow_margin": "cash", "free_cash_flow": "cash", "free_cash_flow_margin": "cash",
    "cash_conversion": "cash",
    "revenue_growth": "growth",
    "it_pct_revenue": "it_spend",
    # a bank's own: funding, capital, credit costs
    "loans_to_deposits": "liquidity", "equity_to_assets": "leverage", "provision_to_loans": "credit",
}


class Assessment(Mapping):
    """The verdicts of one company-year, by topic."""

    def __init__(self, company, year: int, verdicts: dict):
        self.company, self.year, self._verdicts = company, year, verdicts

    def __getitem__(self, topic: str) -> Verdict:
        return self._verdicts[topic]

    def __iter__(self):
        return iter(self._verdicts)

    def __len__(self) -> int:
        return len(self._verdicts)

    def for_ratio(self, key: str) -> Verdict | None:
        """The verdict a ratio's paragraph states, or None for a ratio without a topic."""
        topic = RATIO_TOPICS.get(key)
        return self._verdicts.get(topic) if topic else None

    def __repr__(self) -> str:
        levels = ", ".join(f"{t}={v.level}" for t, v in self._verdicts.items())
        return f"<Assessment {self.company.ticker} FY{self.year}: {levels}>"


def _default_it_view(company):
    """The company's IT view (its own budget, else disclosed, stated or estimated), built once."""
    if "judge.it_view" not in company.memo:
        company.memo["judge.it_view"] = it_view(company)
    return company.memo["judge.it_view"]


def assess(company, year: int | None = None) -> Assessment:
    """Every topic's verdict for one company-year (the latest year by default), computed once.

    >>> import finlit
    >>> assess(finlit.load("LARKSPUR"))["growth"].summary
    'sales grew 3%'
    """
    year = company.years[-1] if year is None else int(year)
    memo = company.memo.setdefault("judge.assess", {})
    if year not in memo:
        y = CompanyYear.of(company, year)
        verdicts = {topic: judge(y) for topic, judge in JUDGES.items()}
        if y.is_bank:  # a bank is judged as a bank: funding, capital, credit costs
            bank = BankYear.of(y)
            verdicts.update(liquidity=judge_bank_liquidity(bank), leverage=judge_bank_leverage(bank),
                            credit=judge_bank_credit(bank))
        verdicts["it_spend"] = judge_it_spend(_default_it_view(company), year)
        memo[year] = Assessment(company, year, verdicts)
    return memo[year]


__all__ = ["Assessment", "CompanyYear", "JUDGES", "LEVELS", "RATIO_TOPICS", "TOPICS", "UNKNOWN",
           "Verdict", "assess"]
