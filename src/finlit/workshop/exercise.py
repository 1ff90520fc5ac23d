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
from dataclasses import dataclass, field
from typing import Any, Callable

from .answers import CORRECT, INCORRECT, UNANSWERED, UNREADABLE, AnswerType, Verdict

EXERCISE_MIME = "application/vnd.finlit.exercise+json"
PROGRESS_MIME = "application/vnd.finlit.progress+json"

_STYLE = {  # status -> (symbol, border colour, background) ; colour-blind-safe blue/orange
    CORRECT: ("✓", "#0072B2", "#e8f2fa"),
    INCORRECT: ("✗", "#D55E00", "#fdf0e8"),
    UNREADABLE: ("?", "#D55E00", "#fdf0e8"),
    UNANSWERED: ("…", "#999999", "#f4f4f4"),
    "hint": ("💡", "#E69F00", "#fdf6e6"),
    "solution": ("🔑", "#555555", "#f4f4f4"),
}


def _box(kind: str, title: str, body_html: str) -> str:
    symbol, border, background = _STYLE[kind]
    return (f'<div class="finlit-exercise" style="border-left:4px solid {border};'
            f'background:{background};padding:6px 10px;margin:4px 0;color:#222">'
            f"<strong>{html.escape(symbol)} {html.escape(title)}</strong> {body_html}</div>")


@dataclass
class Message:
    """What check(), hint() and solution() return: shows as HTML in Jupyter, text elsewhere."""

    kind: str                      # correct, incorrect, unreadable, unanswered, hint, solution
    title: str
    text: str
    code: str = ""
    record: dict = field(default_factory=dict)

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
        body = html.escape(self.text)
        if self.code:
            body += ('<pre style="margin:4px 0 0 0;background:#fff;padding:4px">'
                     f"{html.escape(self.code)}</pre>")
        return _box(self.kind, self.title, body)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": str(self), "text/html": self._repr_html_()}
        if self.record:
            bundle[EXERCISE_MIME] = self.record
        return bundle


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

    @property
    def id(self) -> str:
        """The nbgrader grade_id of the answer cell: "w1_q2"."""
        return f"{self.workshop}_q{self.number}"

    @property
    def name(self) -> str:
        return f"Q{self.number}"

    def reset(self) -> None:
        self.attempts, self.status, self.last = 0, UNANSWERED, UNANSWERED
        self.hints_seen, self.solution_seen = 0, False

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
        """Check an answer: instant, friendly feedback; records the attempt for `progress()`."""
        if answer is Exercise._NO_ANSWER:
            return Message(UNANSWERED, self.name, f"Give your answer to check: {self.name.lower()}"
                                                  f".check(answer).", record=self._record(UNANSWERED))
        verdict = self.judge(answer)
        self.last = verdict.status
        if verdict.status != UNANSWERED:
            self.attempts += 1
        if verdict.status == CORRECT:
            self.status = CORRECT
        elif self.status != CORRECT and verdict.status != UNANSWERED:
            self.status = INCORRECT
        text = verdict.message
        if verdict.status in (INCORRECT, UNREADABLE) and self.hints:
            text += f" Stuck? Run {self.name.lower()}.hint()."
        return Message(verdict.status, self.name, text, record=self._record(verdict.status, verdict.read_as))

    def hint(self) -> Message:
        """The next hint (the last one again once all have been shown)."""
        if not self.hints:
            return Message("hint", f"{self.name} hint", "No hint for this one: read the question "
                                                        "again, slowly.")
        i = min(self.hints_seen, len(self.hints) - 1)
        self.hints_seen = min(self.hints_seen + 1, len(self.hints))
        more = f" (hint {i + 1} of {len(self.hints)})" if len(self.hints) > 1 else ""
        return Message("hint", f"{self.name} hint{more}", self.hints[i])

    def solution(self) -> Message:
        """The answer, the code that computes it and why (recorded as "solution viewed")."""
        self.solution_seen = True
        try:
            answer = self.expected_text()
        except Exception as error:  # noqa: BLE001
            answer = f"(could not be computed: {error})"
        text = f"The answer is {answer}."
        if self.explanation:
            text += " " + self.explanation
        return Message("solution", f"{self.name} solution", text, code=self.solution_code)

    def __repr__(self) -> str:
        return f"<Exercise {self.id}: {self.title}>"

    def _repr_html_(self) -> str:
        return _box(UNANSWERED, f"{self.name}: {self.title}", html.escape(self.answer_type.describe()))


class Progress:
    """The progress table of a workshop: one row per exercise, and the counts."""

    def __init__(self, title: str, items: list[Exercise]):
        self.title = title
        self.items = list(items)

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
            f'<td style="color:{_STYLE[q.status if q.status in _STYLE else UNANSWERED][1]}">'
            f"{html.escape(_label(q))}</td><td style=\"text-align:right\">{q.attempts}</td></tr>"
            for q in self.items)
        return (f'<div class="finlit-progress"><strong>Progress — {html.escape(self.title)}</strong>'
                '<table><thead><tr><th></th><th style="text-align:left">exercise</th>'
                '<th style="text-align:left">result</th><th>attempts</th></tr></thead>'
                f"<tbody>{rows}</tbody></table><p>{html.escape(self.summary())}</p></div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": str(self), "text/html": self._repr_html_(), PROGRESS_MIME: self.record()}


def _state(q: Exercise) -> str:
    return {CORRECT: "correct", INCORRECT: "tried"}.get(q.status, "not tried")


def _label(q: Exercise) -> str:
    label = {"correct": "✓ correct", "tried": "✗ tried", "not tried": "not tried"}[_state(q)]
    return label + (" (solution seen)" if q.solution_seen and q.status != CORRECT else "")


def progress_json(progress: Progress) -> str:
    """The machine-readable record as one JSON line."""
    return json.dumps(progress.record(), sort_keys=True)
