"""Helpers shared by the ratio tests: small hand-made panels and one ratio's value and reason."""
import numpy as np
import pandas as pd

from finlit.ratios import compute_panel

YEARS = [2022, 2023]


def panel(**items) -> pd.DataFrame:
    """A one-company panel: scalars are FY2023 only; lists are FY2022, FY2023."""
    two = any(isinstance(v, (list, tuple)) for v in items.values())
    years = YEARS if two else [2023]
    data = {k: (list(v) if isinstance(v, (list, tuple)) else [np.nan] * (len(years) - 1) + [v])
            for k, v in items.items()}
    return pd.DataFrame(data, index=pd.Index(years, name="fiscal_year"), dtype=float)


def one(key, frame, year=2023, **options):
    """(value, reason) of one ratio in one year."""
    result = compute_panel(frame, [key], **options)
    return result.values.loc[year, key], result.reasons.loc[year, key]
