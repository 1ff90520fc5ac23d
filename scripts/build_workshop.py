"""Build the workshop notebooks (notebooks/workshop/*.ipynb) and the answer key in
notebooks/workshop/FACILITATOR.md from the exercise catalogue in finlit.workshop.

The words are data: data/workshop/notebooks.toml holds each notebook's cells (teaching
text, example code, where the exercises go) and data/workshop/exercises.toml the exercises'
titles, questions and hints; finlit.workshop.exercises computes the answers.

Deterministic: the same catalogue gives byte-identical files (fixed cell ids, no outputs).

    python scripts/build_workshop.py           # write the files
    python scripts/build_workshop.py --check   # exit 1 if a file is out of date

The notebooks are the instructor version: every answer cell holds its solution between
nbgrader's ### BEGIN SOLUTION / ### END SOLUTION markers; `finlit workshop DIR --student`
(or `nbgrader generate_assignment`) strips them.
"""
from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from finlit._speedups import skip_slow_optional_imports

skip_slow_optional_imports()  # before nbformat imports jsonschema: 2 s less

import nbformat  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402

from finlit.workshop.exercises import WORKSHOPS, answer_key_markdown  # noqa: E402
from finlit.workshop.student import BEGIN, END  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "workshop"
LAYOUT = ROOT / "data" / "workshop" / "notebooks.toml"
KEY_BEGIN, KEY_END = "<!-- BEGIN ANSWER KEY -->", "<!-- END ANSWER KEY -->"


def answer_source(q) -> str:
    """An answer cell: the placeholder, the solution between nbgrader's markers, the check."""
    return "\n".join([
        "answer = ...  # your answer",
        BEGIN,
        q.solution_code,
        END,
        f"q{q.number}.check(answer)",
        f"# q{q.number}.hint()",
        f"# q{q.number}.solution()",
    ])


def exercise_cells(q) -> list:
    """The question (markdown) and the answer cell, marked for nbgrader."""
    return [new_markdown_cell(f"### Q{q.number}. {q.title}\n\n{q.question}"),
            new_code_cell(answer_source(q), metadata={"nbgrader": {
                "grade": False, "grade_id": q.id, "locked": False, "schema_version": 3,
                "solution": True, "task": False}})]


def cells_of(block: dict, w, layout: dict) -> list:
    """The cells of one [[wN.cells]] table of notebooks.toml (see its header)."""
    if "markdown" in block:
        return [new_markdown_cell(block["markdown"].format(how_it_works=layout["how_it_works"]))]
    if "code" in block:
        return [new_code_cell(block["code"])]
    if block.get("setup"):
        return [new_markdown_cell(layout["setup_text"]), new_code_cell(w.setup_code)]
    if block.get("progress"):
        return [new_markdown_cell(layout["progress_text"]), new_code_cell("progress()")]
    if "exercises" in block:
        return [cell for n in block["exercises"] for cell in exercise_cells(w.questions[n - 1])]
    raise SystemExit(f"{LAYOUT.relative_to(ROOT)}: a [[{w.key}.cells]] table with no cell: {block}")


def build_notebook(w, layout: dict) -> nbformat.NotebookNode:
    """Workshop `w`'s notebook, laid out as notebooks.toml says (fixed cell ids, no outputs)."""
    blocks = layout[w.key]["cells"]
    numbers = [n for block in blocks for n in block.get("exercises", [])]
    if numbers != list(range(1, len(w) + 1)):
        raise SystemExit(f"{LAYOUT.relative_to(ROOT)}: {w.key} must show exercises 1 to {len(w)} "
                         f"once each, in order (it shows {numbers})")
    cells = [cell for block in blocks for cell in cells_of(block, w, layout)]
    for i, cell in enumerate(cells):
        cell["id"] = f"{w.key}-{i:02d}"
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "finlit": {"workshop": w.key, "generated_by": "scripts/build_workshop.py"}})
    nb.nbformat_minor = 5
    return nb


def facilitator_text(current: str) -> str:
    if KEY_BEGIN not in current or KEY_END not in current:
        raise SystemExit(f"FACILITATOR.md needs the markers {KEY_BEGIN} and {KEY_END}")
    head, rest = current.split(KEY_BEGIN, 1)
    _, tail = rest.split(KEY_END, 1)
    return f"{head}{KEY_BEGIN}\n{answer_key_markdown()}{KEY_END}{tail}"


def outputs() -> dict[Path, str]:
    files = {}
    layout = tomllib.loads(LAYOUT.read_text(encoding="utf-8"))
    for w in WORKSHOPS.values():
        nb = build_notebook(w, layout)
        nbformat.validate(nb)
        files[OUT / w.notebook] = nbformat.writes(nb) + "\n"
    guide = OUT / "FACILITATOR.md"
    files[guide] = facilitator_text(guide.read_text(encoding="utf-8"))
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the files are up to date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
