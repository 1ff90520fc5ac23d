"""finlit: financial statements explained for IT people.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> apple.name
'Apple Inc.'
>>> round(apple.ratios(["gross_margin"]).value("gross_margin", 2023), 4)
0.4413

The rooms of the house are submodules, imported when first used (docs/ARCHITECTURE.md):

>>> finlit.charts.income_waterfall(apple, 2023).data[0].type
'waterfall'
>>> finlit.explain.money_words(383285e6), finlit.itspend.it_view(apple).spend.source
('$383.3 billion', 'estimate')
"""
from importlib import import_module

from ._version import __version__
from .company import Company, CompanyInfo, DataQualityNote, compute_ratios
from .errors import FinlitError, InputError, PeriodError, SourceError
from .items import ITEMS
from .ratios import RATIOS
from .sources import SOURCES, load
from .sources.bundled import bundled_companies, companies
from .sources.frames import from_frame
from .sources.inspection import inspect

# public submodules, imported on first attribute access (PEP 562) so `import finlit` stays quick
SUBMODULES = ("briefing", "charts", "cli", "company", "display", "errors", "explain", "industries",
              "itbudget", "items", "itspend", "learn", "markup", "numbers", "periods", "ratios",
              "sources", "workshop")


def __getattr__(name: str):
    if name in SUBMODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'finlit' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *SUBMODULES])


__all__ = ["Company", "CompanyInfo", "DataQualityNote", "FinlitError", "InputError", "PeriodError",
           "SourceError", "ITEMS", "RATIOS", "SOURCES", "__version__", "bundled_companies", "companies",
           "compute_ratios", "from_frame", "inspect", "load", *SUBMODULES]
