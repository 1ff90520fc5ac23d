"""finlit's one logger and how the command line shows it.

Library code logs through `logging.getLogger("finlit")` or a child
(`logging.getLogger(__name__)` inside `finlit.…`); a library adds only a
`NullHandler`, so an application decides what is shown. The command line
shows records on stderr as one line each: `finlit: note: …`,
`finlit: warning: …`, `finlit: error: …` (`-v` adds debug lines, `-q` hides notes).

>>> import io, logging
>>> stream = io.StringIO()
>>> handler = show_on_stderr(verbosity=0, stream=stream)
>>> logger.info("3 labels were not used"); logger.debug("hidden at verbosity 0")
>>> stream.getvalue()
'finlit: note: 3 labels were not used\\n'
>>> logger.removeHandler(handler); logger.setLevel(logging.NOTSET)
"""
from __future__ import annotations

import logging
import sys

logger = logging.getLogger("finlit")
logger.addHandler(logging.NullHandler())

LABELS = {logging.DEBUG: "debug", logging.INFO: "note", logging.WARNING: "warning",
          logging.ERROR: "error", logging.CRITICAL: "error"}
LEVELS = {-2: logging.ERROR, -1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        label = LABELS.get(record.levelno, record.levelname.lower())
        return f"finlit: {label}: {record.getMessage()}"


class _StderrHandler(logging.StreamHandler):
    """Writes to the *current* sys.stderr (so redirection after set-up, and pytest's capture, work)."""

    def __init__(self, stream=None):
        super().__init__(stream)
        self._fixed = stream

    @property
    def stream(self):
        return self._fixed if self._fixed is not None else sys.stderr

    @stream.setter
    def stream(self, value):
        self._fixed = value


def show_on_stderr(verbosity: int = 0, stream=None) -> logging.Handler:
    """Show finlit's records as one line each on stderr: -2 errors only, -1 warnings and
    errors (`-q`), 0 notes too (the default), 1 or more debug lines too (`-v`).

    Replaces a handler an earlier call added, so calling it twice shows each line once."""
    for old in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(old)
    handler = _StderrHandler(stream)
    handler.setFormatter(_OneLine())
    logger.addHandler(handler)
    logger.setLevel(LEVELS[max(-2, min(1, verbosity))])
    return handler
