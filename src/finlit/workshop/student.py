"""Student copies: solution regions stripped the way nbgrader's ClearSolutions does it.

The committed workshop notebooks are the instructor version: each answer cell holds its
solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, after the placeholder
``answer = ...``. A student copy replaces each region (markers included) with a stub line,
so the placeholder stays and the check says "not answered yet". Facilitators with nbgrader
get the same result from ``nbgrader generate_assignment`` with the stub set in
``nbgrader_config.py`` (`NBGRADER_CONFIG`, copied with the kit).

>>> print(clear_solutions('answer = ...\\n### BEGIN SOLUTION\\nanswer = 42\\n### END SOLUTION\\nq1.check(answer)'))
answer = ...
# YOUR ANSWER HERE: replace the ... above
q1.check(answer)
"""
from __future__ import annotations

from pathlib import Path

from .._atomic import write_atomic
from ..errors import InputError

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB = "# YOUR ANSWER HERE: replace the ... above"
TEXT_STUB = "YOUR ANSWER HERE"
NBGRADER_CONFIG = f'''# nbgrader settings for the finlit workshop notebooks (used only if you run nbgrader):
# `nbgrader generate_assignment` then produces the same student copies as
# `finlit workshop DIR --student`.
c = get_config()  # noqa: F821 - provided by nbgrader
c.ClearSolutions.code_stub = {{"python": "{CODE_STUB}"}}
c.ClearSolutions.text_stub = "{TEXT_STUB}"
'''


def clear_solutions(source: str, stub: str = CODE_STUB) -> str:
    """Replace every BEGIN/END SOLUTION region (markers included) by `stub`, indented like the
    BEGIN marker. An unclosed or nested region is an `InputError`."""
    out, inside = [], False
    for line in source.split("\n"):
        if line.strip() == BEGIN:
            if inside:
                raise InputError("a solution region starts inside another one: close it with "
                                 f"{END!r} first")
            inside = True
            indent = line[:line.find(BEGIN)]
            out.extend(indent + s for s in stub.split("\n"))
        elif line.strip() == END:
            if not inside:
                raise InputError(f"{END!r} without {BEGIN!r}: mark the start of the solution")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise InputError(f"a solution region has no {END!r}: close it")
    return "\n".join(out)


def is_solution_cell(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def student_notebook(nb):
    """A student copy of a notebook node (a new object): solution regions cleared, outputs and
    execution counts removed, nbgrader metadata kept (so the copy can still be graded)."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        has_region = BEGIN in source
        if has_region:
            cell.source = clear_solutions(source, CODE_STUB if cell.cell_type == "code" else TEXT_STUB)
        elif is_solution_cell(cell):   # a solution cell without a region: the whole cell is the answer
            cell.source = "answer = ...  " + CODE_STUB.lstrip("# ") if cell.cell_type == "code" else TEXT_STUB
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("celltoolbar", None)
    return nb


def student_copy(src, dst) -> Path:
    """Write a student copy of the notebook `src` to `dst` (atomically); returns `dst`.

    Works without nbgrader: what nbgrader's ClearSolutions would strip is stripped here.
    """
    import nbformat

    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise InputError(f"notebook not found: {src}: check the path")
    try:
        nb = nbformat.read(str(src), as_version=4)
    except Exception as error:  # noqa: BLE001
        raise InputError(f"{src} is not a readable notebook ({type(error).__name__}): "
                         "give a .ipynb file") from None
    write_notebook(student_notebook(nb), dst)
    return dst


def write_notebook(nb, path: Path) -> None:
    import nbformat

    write_atomic(Path(path), (nbformat.writes(nb) + "\n").encode("utf-8"))


__all__ = ["BEGIN", "CODE_STUB", "END", "NBGRADER_CONFIG", "clear_solutions", "student_copy",
           "student_notebook", "write_atomic", "write_notebook"]
