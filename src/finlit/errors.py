"""One exception root. The CLI maps `InputError` to exit 2 and `SourceError` to exit 1."""


class FinlitError(Exception):
    """Base of every error finlit raises on purpose; the message is one line for the user."""

    exit_code = 1


class InputError(FinlitError):
    """Bad input or usage: unknown ticker, malformed file, bad option (exit 2)."""

    exit_code = 2


class SourceError(FinlitError):
    """A run-time failure: a source unreachable with nothing cached (exit 1)."""

    exit_code = 1


class WriteError(InputError, OSError):
    """A file finlit could not write: no space left, no permission, a read-only folder (exit 2).

    Also an `OSError`, so code that carries on without a write (the download cache) still
    catches it; `errno` is the system's.

    >>> error = WriteError("cannot write out/a.html: No space left on device: free some space", 28)
    >>> isinstance(error, OSError), error.errno, error.exit_code
    (True, 28, 2)
    """

    def __init__(self, message: str, errno: int | None = None):
        super().__init__(message)
        self.errno = errno

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class PeriodError(InputError, KeyError):
    """A period (fiscal year or period end) the company does not have (exit 2).

    A `KeyError` too, so code that looks values up as in a dict can catch it.

    >>> str(PeriodError("Apple Inc. has no FY2030: it has FY2016–FY2025"))
    'Apple Inc. has no FY2030: it has FY2016–FY2025'
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
