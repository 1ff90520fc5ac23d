"""Exercises with instant feedback: `check(answer)`, `hint()`, `solution()`, and `progress()`.

An `Exercise` knows its question, how to read an answer (`finlit.workshop.answers`), and
how to COMPUTE the expected answer from the bundled data; it keeps the state of the
participant's attempts in the kernel. Everything it returns shows as rich HTML in Jupyter
(escaped) with a plain-text fallback, plus a small JSON record
(``application/vnd.finlit.exercise+json``) that tests and tools can read back.

>>> from finlit.workshop import exercises
>>> q = exercises.get("w1", 2)          # Apple's gross margin in FY2023
>>> q.reset()
>>> print(q.check("44.1%"))
✓ Q2 — Correct: 44.1%.
>>> print(q.check(...))
… Q2 — Not answered yet: replace the ... after `answer =` with your answer, then run the cell again.
>>> q.check("banana").status
'unreadable'
"""
from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .._atomic import write_atomic
from ..markup import inline_markdown_html, no_math_html, symbol_html
from .answers import CORRECT, INCORRECT, UNANSWERED, UNREADABLE, AnswerType, Verdict

EXERCISE_MIME = "application/vnd.finlit.exercise+json"
PROGRESS_MIME = "application/vnd.finlit.progress+json"

_STYLE = {  # status -> (symbol, border colour, light background) ; colour-blind-safe blue/orange
    CORRECT: ("✓", "#0072B2", "#e8f2fa"),
    INCORRECT: ("✗", "#D55E00", "#fdf0e8"),
    UNREADABLE: ("?", "#D55E00", "#fdf0e8"),
    UNANSWERED: ("…", "#999999", "#f4f4f4"),
    "hint": ("💡", "#E69F00", "#fdf6e6"),
    "solution": ("🔑", "#555555", "#f4f4f4"),
}

# JupyterLab's theme variables with light fallbacks (VS Code, nbviewer, the HTML export): text
# and background always come from the same theme, so both are readable in light and dark.
_TEXT = "color:var(--jp-content-font-color1,#1a1a1a)"
_CODE = ("margin:4px 0 0 0;padding:4px 6px;white-space:pre-wrap;"
         "background:var(--jp-cell-editor-background,#f7f7f7);color:var(--jp-content-font-color1,#1a1a1a);"
         "border:1px solid var(--jp-border-color2,#dddddd)")


def _box(kind: str, title: str, body_html: str) -> str:
    symbol, border, background = _STYLE[kind]
    return no_math_html(
        f'<div class="finlit-exercise finlit-{html.escape(kind)}" style="border-left:4px solid {border};'
        f'background:var(--jp-layout-color2,{background});{_TEXT};padding:6px 10px;margin:4px 0">'
        f"<strong>{symbol_html(symbol)} {html.escape(title)}</strong> {body_html}</div>")


def _shell():
    """The running IPython shell, or None (a script, a doctest, a terminal without IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:      # pragma: no cover - IPython is a dependency
        return None
    return get_ipython()


def _cell() -> int | None:
    """The number of the cell running now (None outside IPython): one cell, one count."""
    shell = _shell()
    return getattr(shell, "execution_count", None) if shell is not None else None


@dataclass
class Message:
    """What check(), hint() and solution() return: shows as HTML in Jupyter, text elsewhere."""

    kind: str                      # correct, incorrect, unreadable, unanswered, hint, solution
    title: str
    text: str
    code: str = ""
    record: dict = field(default_factory=dict)
    _shown: bool = field(default=False, repr=False, compare=False)

    @property
    def status(self) -> str:
        return self.kind

    @property
    def correct(self) -> bool:
        return self.kind == CORRECT

    def __str__(self) -> str:
        symbol = _STYLE[self.kind][0]
        out = f"{symbol} {self.title} — {self.text}"
        if self.code:
            out += "\n" + self.code
        return out

    __repr__ = __str__

    def _repr_html_(self) -> str:
        body = inline_markdown_html(self.text)
        if self.code:
            body += f'<pre class="finlit-solution-code" style="{_CODE}">{html.escape(self.code)}</pre>'
        return _box(self.kind, self.title, body)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": str(self), "text/html": self._repr_html_()}
        if self.record:
            bundle[EXERCISE_MIME] = self.record
        return bundle

    def show(self) -> "Message":
        """Display the message now (in IPython), so every check, hint and solution of a cell shows,
        not only the cell's last value; returned as the cell's last value it does not show twice."""
        if _shell() is not None and not self._shown:
            self._shown = True
            from IPython.display import display
            display(self._repr_mimebundle_(), raw=True)
        return self

    def _ipython_display_(self) -> None:
        self.show()


@dataclass
class Exercise:
    """One exercise. `expected` computes the answer from the bundled data (never stored).

    `solution_code` is the code of the solution region in the notebook: it runs in the
    notebook's namespace (the setup cell's variables) and sets `answer`.
    """

    workshop: str                  # "w1"
    number: int
    title: str                     # short, for tables: "Apple's gross margin, FY2023"
    question: str                  # markdown, says the unit and the tolerance
    answer_type: AnswerType
    expected: Callable[[], Any]
    solution_code: str
    hints: tuple[str, ...] = ()
    explanation: str = ""          # shown with the solution: why, in plain words
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = ()   # (wrong value, what it means)
    kind: str = "calculation"      # look-up, calculation or judgement
    attempts: int = 0
    status: str = UNANSWERED       # the best result so far
    last: str = UNANSWERED
    hints_seen: int = 0
    solution_seen: bool = False
    _last_answer: str | None = field(default=None, repr=False)
    _counted_cell: int | None = field(default=None, repr=False)
    _help_cell: int | None = field(default=None, repr=False)
    _restored: bool = field(default=False, repr=False)

    @property
    def id(self) -> str:
        """The nbgrader grade_id of the answer cell: "w1_q2"."""
        return f"{self.workshop}_q{self.number}"

    @property
    def name(self) -> str:
        return f"Q{self.number}"

    def reset(self) -> None:
        """Forget this kernel's state; what was saved beside the notebook comes back on first use."""
        self.attempts, self.status, self.last = 0, UNANSWERED, UNANSWERED
        self.hints_seen, self.solution_seen = 0, False
        self._last_answer = self._counted_cell = self._help_cell = None
        self._restored = False

    def expected_value(self):
        return self.expected()

    def expected_text(self) -> str:
        """The expected answer, formatted in the question's unit (for the answer key)."""
        return self.answer_type.format(self.expected_value())

    def _record(self, status: str, read_as: str = "") -> dict:
        return {"exercise": self.id, "workshop": self.workshop, "number": self.number,
                "status": status, "read_as": read_as}

    def judge(self, answer) -> Verdict:
        """The verdict on an answer without recording it (never raises)."""
        try:
            expected = self.expected_value()
        except Exception as error:  # noqa: BLE001 - bundled data broken: say so, do not crash
            return Verdict(UNREADABLE, f"the expected answer could not be computed ({error}); "
                                       "tell the facilitator")
        verdict = self.answer_type.judge(answer, expected)
        if verdict.status == INCORRECT:
            verdict = self._known_mistake(answer, verdict)
        return verdict

    def _known_mistake(self, answer, verdict: Verdict) -> Verdict:
        for wrong, meaning in self.mistakes:
            try:
                value = wrong()
                if self.answer_type.judge(answer, value).status == CORRECT:
                    return Verdict(INCORRECT, f"{verdict.message} {meaning}", verdict.read_as)
            except Exception:  # noqa: BLE001
                continue
        return verdict

    _NO_ANSWER = object()

    def check(self, answer=_NO_ANSWER) -> Message:
        """Check an answer: instant, friendly feedback, shown at once (so a hint or a solution in
        the same cell shows too); records the attempt for `progress()`. The same answer checked
        again, or a check in a cell that also asks for a hint or the solution, is no new attempt."""
        self._restore()
        if answer is Exercise._NO_ANSWER:
            return Message(UNANSWERED, self.name, f"Give your answer to check: {self.name.lower()}"
                                                  f".check(answer).", record=self._record(UNANSWERED)).show()
        verdict = self.judge(answer)
        self.last = verdict.status
        if verdict.status != UNANSWERED:
            self._count_attempt(answer)
        if verdict.status == CORRECT:
            self.status = CORRECT
        elif self.status != CORRECT and verdict.status != UNANSWERED:
            self.status = INCORRECT
        self._save()
        text = verdict.message
        if verdict.status in (INCORRECT, UNREADABLE) and self.hints:
            text += f" Stuck? Run `{self.name.lower()}.hint()`."
        return Message(verdict.status, self.name, text,
                       record=self._record(verdict.status, verdict.read_as)).show()

    def _count_attempt(self, answer) -> None:
        said = repr(answer)
        cell = _cell()
        if said == self._last_answer or (cell is not None and cell == self._help_cell):
            return
        self.attempts += 1
        self._last_answer, self._counted_cell = said, cell

    def _asked_for_help(self) -> None:
        """A hint or the solution asked for: a check in this same cell is no attempt."""
        cell = _cell()
        self._help_cell = cell
        if cell is not None and cell == self._counted_cell and self.attempts:
            self.attempts -= 1
            self._counted_cell = self._last_answer = None

    def hint(self) -> Message:
        """The next hint (the last one again once all have been shown), shown at once."""
        self._restore()
        self._asked_for_help()
        if not self.hints:
            self._save()
            return Message("hint", f"{self.name} hint", "No hint for this one: read the question "
                                                        "again, slowly.").show()
        i = min(self.hints_seen, len(self.hints) - 1)
        self.hints_seen = min(self.hints_seen + 1, len(self.hints))
        self._save()
        more = f" (hint {i + 1} of {len(self.hints)})" if len(self.hints) > 1 else ""
        return Message("hint", f"{self.name} hint{more}", self.hints[i]).show()

    def solution(self) -> Message:
        """The answer, the code that computes it and why (recorded as "solution viewed"), shown at once."""
        self._restore()
        self._asked_for_help()
        self.solution_seen = True
        self._save()
        try:
            answer = self.expected_text()
        except Exception as error:  # noqa: BLE001
            answer = f"(could not be computed: {error})"
        text = f"The answer is {answer}."
        if self.explanation:
            text += " " + self.explanation
        return Message("solution", f"{self.name} solution", text, code=self.solution_code).show()

    # --- progress that survives a kernel restart ------------------------------------------------

    _SAVED = ("attempts", "status", "hints_seen", "solution_seen")

    def _restore(self) -> None:
        """Once after each reset: the state saved beside the notebook (`progress_file()`)."""
        if self._restored:
            return
        self._restored = True
        saved = _read_progress().get(self.id)
        if isinstance(saved, dict):
            for name in self._SAVED:
                if name in saved and isinstance(saved[name], type(getattr(self, name))):
                    setattr(self, name, saved[name])

    def _save(self) -> None:
        _save_progress(self.id, {name: getattr(self, name) for name in self._SAVED})

    def __repr__(self) -> str:
        return f"<Exercise {self.id}: {self.title}>"

    def _repr_html_(self) -> str:
        return _box(UNANSWERED, f"{self.name}: {self.title}", html.escape(self.answer_type.describe()))


class Progress:
    """The progress table of a workshop: one row per exercise, and the counts."""

    def __init__(self, title: str, items: list[Exercise]):
        self.title = title
        self.items = list(items)
        for q in self.items:
            q._restore()

    @property
    def counts(self) -> dict:
        correct = sum(1 for q in self.items if q.status == CORRECT)
        tried = sum(1 for q in self.items if q.status == INCORRECT)
        return {"total": len(self.items), "correct": correct, "tried": tried,
                "not_tried": len(self.items) - correct - tried}

    def record(self) -> dict:
        return {"workshop": self.title, **self.counts,
                "exercises": [{"exercise": q.id, "status": _state(q), "attempts": q.attempts,
                               "hints": q.hints_seen, "solution_viewed": q.solution_seen}
                              for q in self.items]}

    def summary(self) -> str:
        c = self.counts
        line = f"{c['correct']} of {c['total']} correct, {c['tried']} tried, {c['not_tried']} not tried yet."
        if c["total"] and c["correct"] == c["total"]:
            line += " All done: well done!"
        elif c["not_tried"]:
            line += " Scroll up to the ones not tried yet."
        return line

    def __str__(self) -> str:
        rows = [f"{q.name:<4} {_label(q):<12} {q.attempts:>8}  {q.title}" for q in self.items]
        head = f"{'':<4} {'result':<12} {'attempts':>8}  exercise"
        return "\n".join([f"Progress — {self.title}", head, *rows, self.summary()])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(q.name)}</td><td>{html.escape(q.title)}</td>"
            f"<td>{html.escape(_label(q))}</td><td style=\"text-align:right\">{q.attempts}</td></tr>"
            for q in self.items)
        return no_math_html(f'<div class="finlit-progress" style="{_TEXT}"><strong>Progress — {html.escape(self.title)}</strong>'
                '<table><thead><tr><th></th><th style="text-align:left">exercise</th>'
                '<th style="text-align:left">result</th><th>attempts</th></tr></thead>'
                f"<tbody>{rows}</tbody></table><p>{html.escape(self.summary())}</p></div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": str(self), "text/html": self._repr_html_(), PROGRESS_MIME: self.record()}


PROGRESS_FILE = ".finlit-progress.json"


def progress_file() -> Path | None:
    """Where this notebook's answers are kept: `.finlit-progress.json` beside the notebook.

    Only in a notebook whose path the kernel knows (JupyterLab and Jupyter Server set
    JPY_SESSION_NAME, VS Code `__vsc_ipynb_file__`), or in the file FINLIT_PROGRESS_FILE names;
    None elsewhere (scripts, tests, papermill runs), so nothing is written there.
    """
    if os.environ.get("FINLIT_PROGRESS_FILE"):
        return Path(os.environ["FINLIT_PROGRESS_FILE"])
    shell = _shell()
    notebook = os.environ.get("JPY_SESSION_NAME") or (
        shell.user_ns.get("__vsc_ipynb_file__") if shell is not None else None)
    if shell is None or not notebook:
        return None
    path = Path(notebook)
    return (path.parent if path.is_absolute() else Path.cwd()) / PROGRESS_FILE


def _notebook_key() -> str:
    shell = _shell()
    notebook = os.environ.get("JPY_SESSION_NAME") or (
        shell.user_ns.get("__vsc_ipynb_file__", "") if shell is not None else "")
    return Path(notebook).name or "notebook"


def _read_all(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_progress() -> dict:
    path = progress_file()
    if path is None:
        return {}
    mine = _read_all(path).get(_notebook_key(), {})
    return mine if isinstance(mine, dict) else {}


def _save_progress(exercise_id: str, state: dict) -> None:
    path = progress_file()
    if path is None:
        return
    data = _read_all(path)
    data.setdefault(_notebook_key(), {})[exercise_id] = state
    try:
        write_atomic(path, json.dumps(data, indent=1, sort_keys=True))
    except OSError:       # a read-only folder: progress stays in the kernel, as before
        pass


def _state(q: Exercise) -> str:
    return {CORRECT: "correct", INCORRECT: "tried"}.get(q.status, "not tried")


def _label(q: Exercise) -> str:
    label = {"correct": "✓ correct", "tried": "✗ tried", "not tried": "not tried"}[_state(q)]
    return label + (" (solution seen)" if q.solution_seen and q.status != CORRECT else "")


def progress_json(progress: Progress) -> str:
    """The machine-readable record as one JSON line."""
    return json.dumps(progress.record(), sort_keys=True)
