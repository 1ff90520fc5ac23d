"""`finlit workshop DIR`: copy the workshop kit into a folder, offline.

The kit: the workshop notebooks (instructor copies with solutions, or student copies),
FACILITATOR.md (instructor kit only: it holds the answer key), nbgrader_config.py, the
facilitator pack in facilitator/ (instructor kit only: slides, formula sheet and glossary,
room set-up, discussion answers, wrap-up template; see `finlit.workshop.pack`), and a
data/ folder with the files participants may edit (the IT-budget template and examples,
the statements template). The notebooks read the bundled data from the installed finlit
package, so nothing else is needed on the laptop.
"""
from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from ..errors import InputError
from .student import NBGRADER_CONFIG, student_notebook, write_atomic, write_notebook

# data files participants may edit: (folder in finlit.data, file name, name in the kit's data/)
DATA_FILES = [("it_budgets", "template.csv", "it_budget_template.csv"),
              ("it_budgets", "example.toml", "it_budget_example.toml"),
              ("it_budgets", "LARKSPUR.csv", "it_budget_larkspur.csv"),
              ("it_budgets", "README.md", "IT_BUDGET_FORMAT.md"),
              ("templates", "statements_template.csv", "statements_template.csv"),
              ("templates", "example_company.csv", "statements_example.csv")]


def workshop_folder():
    """The shipped workshop notebooks (package data of finlit.notebooks)."""
    return files("finlit.notebooks") / "workshop"


def notebook_names() -> list[str]:
    from .exercises import WORKSHOPS

    return [w.notebook for w in WORKSHOPS.values()]


@dataclass
class Kit:
    folder: Path
    files: list[Path]
    student: bool
    warnings: list[str] = field(default_factory=list)

    def open_command(self) -> str:
        return f"{shlex.quote(sys.executable)} -m jupyter lab {shlex.quote(str(self.folder))}"


def _planned(student: bool, pdf: bool = False) -> list[tuple[str, object]]:
    """(relative path in the kit, source: a Traversable or bytes)."""
    from .pack import pack_contents

    src = workshop_folder()
    plan = [(name, src / name) for name in notebook_names()]
    if not student:
        plan.append(("FACILITATOR.md", src / "FACILITATOR.md"))
        plan.append(("nbgrader_config.py", NBGRADER_CONFIG.encode("utf-8")))
        plan += list(pack_contents(pdf).items())
    data = files("finlit.data")
    plan += [(f"data/{target}", data / folder / name) for folder, name, target in DATA_FILES]
    return plan


def copy_kit(folder="finlit-workshop", student: bool = False, force: bool = False,
             pdf: bool | None = None) -> Kit:
    """Copy the kit into `folder`. Refuses to overwrite any existing file unless `force`
    (checked before anything is written); every file is written atomically. The instructor
    kit's formula sheet is also printed to PDF when `pdf` (default: when chromium is installed).

    >>> kit = copy_kit(getfixture("tmp_path") / "kit", pdf=False)
    >>> (kit.folder / "facilitator" / "slides" / "w1.html").is_file(), len(kit.files) > 20
    (True, True)
    """
    import nbformat

    from .pack import FOLDER, chromium, print_pdf

    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder: choose another DIR")
    pdf = (not student) and (chromium() is not None if pdf is None else pdf)
    plan = _planned(student, pdf)
    pdf_path = folder / FOLDER / "formula_sheet.pdf"
    existing = [rel for rel, _ in plan + ([(f"{FOLDER}/formula_sheet.pdf", None)] if pdf else [])
                if (folder / rel).exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise InputError(f"{folder / existing[0]} already exists{more}: choose another DIR, "
                         "or add --force to overwrite")
    written = []
    for rel, source in plan:
        target = folder / rel
        if isinstance(source, bytes):
            write_atomic(target, source)
        elif rel.endswith(".ipynb"):
            nb = nbformat.reads(source.read_text(encoding="utf-8"), as_version=4)
            if student:
                nb = student_notebook(nb)
            write_notebook(nb, target)
        else:
            write_atomic(target, source.read_bytes())
        written.append(target)
    warnings = []
    if pdf:
        try:
            written.append(print_pdf(folder / FOLDER / "formula_sheet.html", pdf_path))
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            warnings.append(f"no PDF of the formula sheet ({error}): print {pdf_path.with_suffix('.html')} "
                            "from a browser instead")
    if student and (folder / "FACILITATOR.md").exists():
        warnings.append(f"{folder / 'FACILITATOR.md'} (with the answer key) is left from an instructor "
                        "copy: delete it before handing this folder out")
    return Kit(folder.resolve(), written, student, warnings)


__all__ = ["DATA_FILES", "Kit", "copy_kit", "notebook_names", "workshop_folder"]
