"""One company-year as the judgement rules read it: values, ratios, the year before.

>>> import finlit
>>> y = CompanyYear.of(finlit.load("AAPL"), 2023)
>>> y.get("revenue") / 1e9, round(y.ratio("net_margin"), 4), y.previous("revenue") / 1e9
(383.285, 0.2531, 394.328)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from ..numbers import is_missing
from ..ratios import default_keys

NAN = float("nan")

# the parts of "cash and marketable securities", most liquid first
LIQUID_ITEMS = ("cash_and_equivalents", "short_term_investments", "long_term_investments")
LIQUID_WORDS = {"cash_and_equivalents": "cash", "short_term_investments": "short-term investments",
                "long_term_investments": "long-term marketable securities"}


@dataclass
class CompanyYear:
    """The values of one company in one fiscal year (NaN when absent), and its ratios."""

    company: object
    year: int
    table: object  # the company's RatioTable (the whole default catalogue)

    @classmethod
    def of(cls, company, year: int) -> "CompanyYear":
        return cls(company, int(year), company.ratios())

    @property
    def currency(self) -> str:
        return self.company.currency

    @property
    def industry(self) -> str:
        return self.company.info.industry or ""

    @property
    def kind(self) -> str:
        """'operating', 'bank', 'insurer' or 'other_financial' (`Company.kind`)."""
        return self.company.kind

    @property
    def is_bank(self) -> bool:
        """A bank has no current assets or cost of sales; its debt is read through its capital."""
        return self.kind == "bank"

    @property
    def is_financial(self) -> bool:
        """A bank, an insurer or another financial company: no current ratio, no debt to earnings."""
        return self.kind != "operating"

    def get(self, item: str) -> float:
        return self.company.get(item, self.year)

    def previous(self, item: str, years_back: int = 1) -> float:
        return self.company.get(item, self.year - years_back)

    def ratio(self, key: str) -> float:
        if key not in default_keys():
            raise KeyError(f"{key} is not in the default catalogue")
        return self.table.value(key, self.year)

    def reason(self, key: str) -> str | None:
        return self.table.reason(key, self.year)

    def has(self, *items: str) -> bool:
        return all(not is_missing(self.get(i)) for i in items)

    @cached_property
    def liquid(self) -> tuple[float, tuple]:
        """(cash and marketable securities, the items counted): the parts the data has, at least cash."""
        parts = [i for i in LIQUID_ITEMS if not is_missing(self.get(i))]
        if "cash_and_equivalents" not in parts:
            return NAN, ()
        return math.fsum(self.get(i) for i in parts), tuple(parts)

    def sum_over(self, item: str, years: int) -> tuple[float, int]:
        """(the item summed over this year and up to `years` − 1 before, how many years had it)."""
        values = [self.company.get(item, self.year - k) for k in range(years)]
        present = [v for v in values if not is_missing(v)]
        return (math.fsum(present) if present else NAN), len(present)
