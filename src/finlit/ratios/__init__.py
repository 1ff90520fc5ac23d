"""Ratios: the registry (`RATIOS`; `default_keys()` leaves out the `it` ratios, computed
only when asked for), the catalogue, and one driver.

A leaf of the architecture: it computes on panels (periods × canonical line items)
and returns plain results (`RatioResult`: values and reasons); it knows nothing of
companies or of how results are shown. `Company.ratios()` and `finlit.compute_ratios`
wrap its results in a `RatioTable` for display.

>>> import pandas as pd
>>> panel = pd.DataFrame({"revenue": [383285.0], "net_income": [96995.0]},
...                      index=pd.Index([2023], name="fiscal_year"))
>>> round(float(compute(panel, ["net_margin"]).values.loc[2023, "net_margin"]), 4)
0.2531
"""
from __future__ import annotations

from . import catalogue  # noqa: F401  (registers the catalogue)
from .engine import RatioResult, compute_panel, resolve
from .registry import CATEGORIES, RATIOS, Ratio, default_keys, ratio

compute = compute_panel  # the driver: a panel in, values and reasons out

__all__ = ["CATEGORIES", "RATIOS", "Ratio", "RatioResult", "compute", "compute_panel", "default_keys",
           "ratio", "resolve"]
