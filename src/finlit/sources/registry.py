"""The registry of sources, and the periods a source may offer.

A source is an object with a `name`, a one-line `description` and a
`load(target, **options) -> Company` method, registered in `SOURCES` with `register`.
A module of its own so that the sources register themselves without importing the
`finlit.sources` package that imports them (no import cycle).

>>> check_period("quarterly")
'quarterly'
"""
from __future__ import annotations

from typing import Protocol

from ..company import Company
from ..errors import InputError

PERIODS = ("annual", "quarterly", "ttm")


class Source(Protocol):
    name: str
    description: str

    def load(self, target: str, **options) -> Company: ...


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add a source to the registry (the last registration of a name wins)."""
    SOURCES[source.name] = source
    return source


def check_period(period: str, allowed=PERIODS) -> str:
    """`period` itself when the reader has it, else InputError naming the choices.

    >>> check_period("weekly")
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: unknown period 'weekly': use one of annual, quarterly, ttm
    """
    if period not in allowed:
        raise InputError(f"unknown period {period!r}: use one of {', '.join(allowed)}")
    return period


__all__ = ["PERIODS", "SOURCES", "Source", "check_period", "register"]
