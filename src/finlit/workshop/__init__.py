"""The workshop kit: exercises with instant feedback, student copies, the facilitator's kit.

In a workshop notebook:

>>> from finlit.workshop import start, progress
>>> ws = start("w1")                   # resets workshop 1's exercises for this run
>>> q1, q2, q3, q4, q5, q6, q7, q8 = ws
>>> print(q2.check("44%"))             # 44%, 0.44, "44.1" … all accepted
✓ Q2 — Correct: 44%.
>>> print(q1.check("12,345"))          # wrong: friendly, and the answer is not given away
✗ Q1 — Not quite: you answered $12.35 billion, which is too low. The answer is an amount in USD millions (within 1%). Stuck? Run `q1.hint()`.
>>> progress().counts
{'total': 8, 'correct': 1, 'tried': 1, 'not_tried': 6}

Or pick single exercises: ``exercises.get("w2", 3)``. Facilitators: `copy_kit` (the
`finlit workshop DIR` command) and `student_copy`.
"""
from . import exercises
from .answers import Choice, Money, Percent, Plain, YesNo, parse_number
from .exercise import EXERCISE_MIME, PROGRESS_MIME, Exercise, Message, Progress
from .exercises import WORKSHOPS, Workshop, answer_key_markdown
from .kit import copy_kit
from .student import clear_solutions, student_copy

_current: list = []


def start(name) -> Workshop:
    """Begin a workshop notebook: resets its exercises' state and makes `progress()` show it."""
    w = exercises.workshop(name)
    w.reset()
    _current[:] = [w]
    return w


def progress(name=None) -> Progress:
    """The progress table of the workshop started last (or of `name`): correct / tried / not
    tried, with a JSON record for tools (``application/vnd.finlit.progress+json``)."""
    if name is not None:
        return exercises.workshop(name).progress()
    if _current:
        return _current[0].progress()
    return Progress("all workshops", exercises.all_exercises())


__all__ = ["Choice", "EXERCISE_MIME", "Exercise", "Message", "Money", "PROGRESS_MIME", "Percent",
           "Plain", "Progress", "WORKSHOPS", "Workshop", "YesNo", "answer_key_markdown",
           "clear_solutions", "copy_kit", "exercises", "parse_number", "progress", "start",
           "student_copy"]
