"""Workers for tests/test_workshop.py: make a variant of a workshop notebook and execute it
(importable by name, so a spawned worker process can run it)."""
from pathlib import Path

import nbformat

from finlit.workshop import exercises
from finlit.workshop.student import clear_solutions, student_notebook


def _wrong_answer(q, i: int) -> str:
    kind = type(q.answer_type).__name__
    if kind == "YesNo":
        return 'answer = "no"' if q.expected_value() else 'answer = "yes"'
    if kind == "Choice":
        letter = next(k for k in q.answer_type.options if k != q.expected_value())
        return f'answer = "{letter.upper()}"'
    return ["answer = 12345", 'answer = "wrong"', 'answer = "12%%"', "answer = [1, 2]"][i % 4]


def _variant(path: Path, variant: str):
    nb = nbformat.read(str(path), as_version=4)
    if variant == "student":
        return student_notebook(nb)
    if variant == "wrong":
        w = exercises.workshop(path.stem)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id:
                q = next(q for q in w.questions if q.id == grade_id)
                cell.source = clear_solutions(cell.source, _wrong_answer(q, q.number))
    return nb


def execute_variant(job):
    """Run in a worker process: write the variant, execute it, return the executed notebook."""
    from finlit._speedups import skip_slow_optional_imports

    skip_slow_optional_imports()
    from finlit.briefing.runner import execute

    path, variant, out_dir = job
    src = Path(out_dir) / f"{Path(path).stem}.{variant}.src.ipynb"
    nbformat.write(_variant(Path(path), variant), str(src))
    nb = execute(src, Path(out_dir) / f"{Path(path).stem}.{variant}.ipynb", {}, cell_timeout=120)
    return nbformat.writes(nb)
