"""The verdict: one judgement on one topic for one company-year, with its evidence.

Every text finlit writes about a topic (a statement paragraph, a ratio paragraph, a
chart caption, "what this means for IT", a notebook) takes its words from the topic's
verdict, so one fact is never called modest in one place and heavy in another.

>>> v = Verdict("leverage", "low", "it holds more cash than debt", {"net_debt": -32.6e9},
...             "Why IT should care: little debt leaves room to fund projects that pay back.")
>>> v.known, v.level
(True, 'low')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

# Each topic's levels, from the worst for the company to the best; "unknown" when the data
# cannot say. The words that go with each level live with the topic's rules.
LEVELS = {
    "liquidity": ("tight", "adequate", "strong"),
    "leverage": ("heavy", "moderate", "low"),
    "profitability": ("loss", "thin", "healthy", "wide"),
    "returns": ("negative", "low", "good", "high"),
    "cash": ("burning", "weak", "steady", "strong"),
    "growth": ("shrinking", "flat", "growing", "fast"),
    "it_spend": ("below", "within", "above", "estimate"),
    "credit": ("heavy", "normal", "light"),   # banks: what is set aside for bad loans
}
TOPICS = tuple(LEVELS)
UNKNOWN = "unknown"

# what a topic means for IT when the data cannot judge it: true whatever the value
UNKNOWN_FOR_IT = {
    "liquidity": "the cash on hand decides how fast purchases are approved, so ask finance",
    "leverage": "lenders are paid before new projects, so ask finance how much room there is",
    "profitability": "IT is paid for out of revenue, so watch how sales and costs move",
    "returns": "owners judge managers, the CIO included, by the return on what they put in",
    "cash": "cash, not profit, pays salaries and vendors",
    "growth": "IT budgets usually follow revenue",
    "it_spend": "compare your own budget with the figures your industry publishes",
    "credit": "bad loans are a bank's biggest risk; risk systems earn their keep in bad years",
}


@dataclass(frozen=True)
class Verdict:
    """A topic's level for a company-year: `summary`, the clause that says it ("debt is low:
    …"); `evidence`, the numbers it rests on (the same values as in the tables); `for_it`,
    what it means for IT (a clause, without "Why IT should care:"); `basis`, a sentence on
    what the level was measured against; `notes`, caveats as sentences."""

    topic: str
    level: str
    summary: str
    evidence: Mapping[str, float] = field(default_factory=dict)
    for_it: str = ""
    notes: tuple = ()
    basis: str = ""

    def __post_init__(self):
        if self.topic not in LEVELS:
            raise ValueError(f"unknown topic {self.topic!r}: use one of {', '.join(TOPICS)}")
        if self.level not in (*LEVELS[self.topic], UNKNOWN):
            raise ValueError(f"{self.topic}: unknown level {self.level!r}: use one of "
                             f"{', '.join(LEVELS[self.topic])} or {UNKNOWN}")
        if not self.for_it and self.level == UNKNOWN:
            object.__setattr__(self, "for_it", UNKNOWN_FOR_IT[self.topic])

    @property
    def known(self) -> bool:
        return self.level != UNKNOWN
