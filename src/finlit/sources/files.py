"""Files the user points at (SEC companyfacts JSON, CSV, XLSX).

The readers for these formats arrive with the next issue; until then a file
TARGET is recognised and refused with a clear message.
"""
from __future__ import annotations

from ..errors import InputError
from . import register


class FileSource:
    name = "file"
    description = "a statements file: SEC companyfacts JSON, CSV or Excel"

    def load(self, target: str, **options):
        raise InputError(f"loading statements from a file ({target}) is not supported yet: "
                         "use a bundled ticker (see `finlit companies`)")


register(FileSource())
