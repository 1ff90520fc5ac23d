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


class PeriodError(InputError, KeyError):
    """A period (fiscal year or period end) the company does not have (exit 2).

    A `KeyError` too, so code that looks values up as in a dict can catch it.

    >>> str(PeriodError("Apple Inc. has no FY2030: it has FY2016–FY2025"))
    'Apple Inc. has no FY2030: it has FY2016–FY2025'
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
