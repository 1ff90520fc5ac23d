"""Import-time savings for the briefing machinery, measured and explained.

`jsonschema` (imported by nbformat, which papermill, nbclient and plotly's notebook
renderers import) loads `rfc3987_syntax` when it is installed — jupyterlab brings it —
and that module builds a grammar for about 2 s at import time, only to check "iri"
string formats that notebooks never use. Marking it unavailable before jsonschema is
imported saves those 2 s in the `finlit brief` process and in the briefing's kernel;
jsonschema then skips that one format check, exactly as when the package is absent.
"""
import sys


def skip_slow_optional_imports() -> None:
    """Call before anything imports jsonschema; a no-op afterwards."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
