"""finlit: financial statements explained for IT people.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> apple.name
'Apple Inc.'
>>> round(apple.ratios(["gross_margin"]).value("gross_margin", 2023), 4)
0.4413
"""
from .company import Company, CompanyInfo, DataQualityNote
from .errors import FinlitError, InputError, SourceError
from .items import ITEMS
from .ratios import RATIOS
from .ratios import compute as compute_ratios
from .sources import SOURCES, load
from .sources.bundled import bundled_companies

__version__ = "0.1.0"


def companies():
    """Metadata of the bundled companies (a `CompanyList` that shows as a table in notebooks).

    >>> len(companies()) >= 10
    True
    """
    from .display import CompanyList

    return CompanyList(bundled_companies())


__all__ = ["Company", "CompanyInfo", "DataQualityNote", "FinlitError", "InputError", "SourceError",
           "ITEMS", "RATIOS", "SOURCES", "companies", "compute_ratios", "load"]
