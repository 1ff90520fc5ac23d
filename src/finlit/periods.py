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


__all__ = ["fiscal_year", "fiscal_years", "fiscal_year_of", "fiscal_quarter_of", "is_annual",
           "fiscal_year_end_label", "period_label"]


def _month_day(fiscal_year_end: str) -> tuple[int, int]:
    month, day = (int(x) for x in (fiscal_year_end or "12-31").split("-"))
    return month, day


def fiscal_year_of(period_end, fiscal_year_end: str = "12-31") -> int:
    """The fiscal year a period of any length (a quarter, say) ending on `period_end` belongs to,
    for a company whose fiscal year ends on `fiscal_year_end` ("MM-DD"). An end up to 7 days
    after the usual year end still belongs to that year (52/53-week years).

    >>> fiscal_year_of("2023-12-30", "09-30")   # Apple's first quarter of FY2024
    2024
    >>> fiscal_year_of("2024-09-28", "09-30")   # Apple's fourth quarter
    2024
    >>> fiscal_year_of("2024-04-30", "01-31")   # Snowflake's first quarter of FY2025
    2025
    >>> fiscal_year_of("2024-02-03", "01-31")   # a 53-week year ending early in February
    2024
    """
    end = pd.Timestamp(period_end)
    month, day = _month_day(fiscal_year_end)
    year_end = pd.Timestamp(year=end.year, month=month, day=min(day, 28) if month == 2 else day)
    return end.year if end <= year_end + pd.Timedelta(days=7) else end.year + 1


def fiscal_quarter_of(period_end, fiscal_year_end: str = "12-31") -> int:
    """Fiscal quarter (1–4) of a quarter ending on `period_end`.

    >>> fiscal_quarter_of("2023-12-30", "09-30"), fiscal_quarter_of("2024-06-29", "09-30")
    (1, 3)
    """
    end = pd.Timestamp(period_end) - pd.Timedelta(days=7)  # 52/53-week ends drift a few days
    month, _ = _month_day(fiscal_year_end)
    months_after_year_end = (end.month - month - 1) % 12 + 1
    return min(4, (months_after_year_end + 2) // 3)


def period_label(period_end, period: str = "annual", fiscal_year_end: str = "12-31") -> str:
    """How a period is shown: 'FY2023', 'FY2024 Q1', 'TTM to 2024-06-29'.

    >>> period_label("2023-12-30", "quarterly", "09-30"), period_label("2024-06-29", "ttm")
    ('FY2024 Q1', 'TTM to 2024-06-29')
    """
    end = pd.Timestamp(period_end)
    if period == "quarterly":
        return f"FY{fiscal_year_of(end, fiscal_year_end)} Q{fiscal_quarter_of(end, fiscal_year_end)}"
    if period == "ttm":
        return f"TTM to {end.date()}"
    return f"FY{fiscal_year(end)}"
