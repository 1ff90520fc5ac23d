"""Helpers shared by the briefing and batch tests."""
from pathlib import Path

import nbformat


def tiny_notebook(path: Path, *cells: str) -> Path:
    """A tiny briefing notebook at PATH: a `target` parameter, then CELLS."""
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell('target: str = "LARKSPUR"  # a bundled ticker')
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path
