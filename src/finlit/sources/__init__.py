"""Sources as plug-ins: each turns a target (ticker or file) into a `Company`.

A source is an object with a `name`, a one-line `description` and a
`load(target, **options) -> Company` method, registered in `SOURCES`
(`finlit.sources.registry`). Third-party packages add sources through the entry-point
group `finlit.sources` (the entry point names a source object); one that cannot be loaded
is left out with a warning on the `finlit.sources` logger.

>>> sorted(SOURCES)[:1]
['bundled']
"""
from __future__ import annotations

import logging
import os
from importlib.metadata import entry_points

import pandas as pd

from ..company import Company
from ..errors import InputError
from . import bundled, files, sec, yahoo  # noqa: F401  (they register the built-in sources)
from .kinds import resolve_kind, with_kind
from .registry import PERIODS, SOURCES, Source, check_period, register  # noqa: F401  (the API)

_plugins_loaded = False
log = logging.getLogger(__name__)


def _load_plugins() -> None:
    global _plugins_loaded
    _plugins_loaded = True
    for ep in entry_points(group="finlit.sources"):
        try:
            register(ep.load())
        except Exception as error:  # a broken plug-in must not break finlit
            log.warning("the source plug-in %r was not loaded (%s: %s): it is left out",
                        ep.name, type(error).__name__, error)


EMPTY_FACTS = pd.DataFrame({"line_item": [], "value": []})
FILE_EXTENSIONS = (".json", ".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".zip")


def looks_like_file(target: str) -> bool:
    """True when TARGET names a file or a folder rather than a ticker ("BRK.B" is a ticker;
    a folder named like a bundled ticker is the ticker: write ``./AAPL`` for the folder).

    >>> looks_like_file("data/apple.csv"), looks_like_file("BRK.B"), looks_like_file("AAPL")
    (True, False, False)
    >>> looks_like_file(".")
    True
    """
    if ("/" in target or os.sep in target or target.lower().endswith(FILE_EXTENSIONS)
            or os.path.isfile(target)):
        return True
    if os.path.isdir(target):
        from .bundled import data_dir

        return not (data_dir() / f"{target.upper()}.csv").is_file()
    return False


def _load_many(targets: list, source: str | None, period: str, options: dict) -> Company:
    """Several files given together (``load(["a.csv", "b.csv"])``): one company."""
    if source not in (None, "file"):
        raise InputError(f"several targets are read as files: drop --source {source} or give "
                         "one ticker")
    if not targets:
        raise InputError("no target given: name a ticker, one or more files, or a folder")
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r}: use annual, quarterly or ttm")
    kind = options.get("kind")
    if kind not in (None, ""):
        options["kind"] = resolve_kind(EMPTY_FACTS, kind=kind)
    return with_kind(files.load_set([os.fspath(t) for t in targets], period=period,
                                    company=options.pop("company", None),
                                    units=options.pop("units", None), options=options), kind)


def load(target, source: str | None = None, period: str = "annual", **options) -> Company:
    """Load a company: a bundled ticker (the default), a file, several files or a folder of one
    company's statements (`finlit.sources.statement_sets`), or a ticker from a live source.

    `period` is "annual" (the default), "quarterly" or "ttm" (trailing twelve months), where
    the source has them (bundled data is annual only). ``kind="bank"`` (insurer,
    other_financial, operating) overrides the company kind finlit decides from the SIC code,
    the industry or the line items (`finlit.sources.kinds`).

    >>> load("AAPL").name
    'Apple Inc.'
    >>> load("NOPE")
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: unknown ticker 'NOPE': run `finlit companies` to list the bundled companies
    """
    if not _plugins_loaded:
        _load_plugins()
    if isinstance(target, (list, tuple)):
        if len(target) != 1:       # several files: one company's statement set
            return _load_many(list(target), source, period, options)
        target = target[0]
    target = os.fspath(target) if isinstance(target, os.PathLike) else str(target)
    if source is None:
        if looks_like_file(target):
            if not os.path.exists(target):
                raise InputError(f"file not found: {target}: check the path")
            source = "file"
        else:
            source = "bundled"
    if source not in SOURCES:
        raise InputError(f"unknown source {source!r}: use one of {', '.join(sorted(SOURCES))}")
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r}: use annual, quarterly or ttm")
    kind = options.get("kind")
    if kind not in (None, ""):
        options["kind"] = resolve_kind(EMPTY_FACTS, kind=kind)  # InputError when unknown
    return with_kind(SOURCES[source].load(target, period=period, **options), kind)

