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
