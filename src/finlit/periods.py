"""Fiscal years from period ends (FINANCE.md §2).

>>> fiscal_year("2023-09-30")
2023
>>> fiscal_year("2024-01-03")   # a 52/53-week year ending in early January
2023
>>> fiscal_year("2025-01-31")   # Walmart FY2025
2025
"""
from __future__ import annotations


import pandas as pd


def fiscal_year(period_end) -> int:
    """The fiscal year a period ending on `period_end` belongs to."""
    end = pd.Timestamp(period_end)
    return end.year - 1 if (end.month == 1 and end.day <= 7) else end.year


def fiscal_years(period_ends: pd.Series) -> pd.Series:
    """Vectorised `fiscal_year` for a Series of dates."""
    ends = pd.to_datetime(period_ends)
    early_january = (ends.dt.month == 1) & (ends.dt.day <= 7)
    return (ends.dt.year - early_january.astype(int)).astype("int64")


def is_annual(start, end) -> bool:
    """True when a flow period from `start` to `end` is about one year (350–380 days)."""
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return 350 <= days <= 380


def fiscal_year_end_label(period_end) -> str:
    """'September 30' style label of a fiscal-year end."""
    d = pd.Timestamp(period_end)
    return f"{d.strftime('%B')} {d.day}"


__all__ = ["fiscal_year", "fiscal_years", "is_annual", "fiscal_year_end_label"]
