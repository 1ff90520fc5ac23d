"""Workers for tests/test_workshop.py: make a variant of a workshop notebook and execute it
(importable by name, so a spawned worker process can run it)."""
import html
import re
from pathlib import Path

import nbformat

from finlit.workshop import exercises
from finlit.workshop.exercise import EXERCISE_MIME, PROGRESS_MIME
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


# --- leaks: what a student sees above each question ------------------------------------------

_TOKEN = re.compile(r"[-−(]?\s?[$£€]?\s?\d[\d,]*(?:\.\d+)?\)?(?:\s?(?:usd\s)?(?:%|bn\b|billions?\b|millions?\b|m\b|k\b|"
                    r"years?\b|x\b|points?\b))?", re.I)


def _visible_text(output) -> tuple[str, bool]:
    """The text a student reads in one output, and whether it is a table of data."""
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        if text.startswith("Figure({"):   # a chart shown as its repr: only its words count
            text = " ".join(re.findall(r"'(?:text|name)': \(?'([^']*)'", text))
        return text, False
    data = output.get("data", {})
    if EXERCISE_MIME in data or PROGRESS_MIME in data:
        return "", False
    texts = []
    if PLOTLY in data:     # a chart: its title and subtitle, annotations, labels on the marks
        words = " ".join(_chart_words(data[PLOTLY]))
        return html.unescape(re.sub(r"<[^>]+>", " ", words)), False    # not its JSON as text
    for mime in ("text/html", "image/svg+xml", "text/markdown", "text/plain"):
        if mime in data:
            raw = data[mime] if isinstance(data[mime], str) else "".join(data[mime])
            texts.append(html.unescape(re.sub(r"<[^>]+>", " ", raw)))
            break
    table = any("<table" in str(data.get(m, "")) for m in ("text/html",))
    return " ".join(texts), table


PLOTLY = "application/vnd.plotly.v1+json"


def _chart_words(node, key="") -> list[str]:
    """The words a chart shows: every "text"/"name" string and list of strings in its JSON
    (titles, subtitles, annotations, axis titles, labels on bars), not the hover templates."""
    if isinstance(node, dict):
        return [w for k, v in node.items() if k not in ("hovertemplate", "customdata", "meta")
                for w in _chart_words(v, k)]
    if isinstance(node, list):
        return [w for v in node for w in _chart_words(v, key)]
    if isinstance(node, str) and key in ("text", "name", "texttemplate"):
        return [node]
    return []


def seen_before(nb) -> dict:
    """For each exercise id, [(where, text, is_table)] of everything shown above its answer cell:
    markdown (prompts included), code outputs (printed text, tables, chart titles in SVG/HTML)."""
    seen, shown = {}, []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            shown.append((f"cell {i} (markdown)", cell.source, False))
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            seen[grade_id] = list(shown)
        for output in cell.get("outputs", []):
            text, table = _visible_text(output)
            if text.strip():
                shown.append((f"cell {i} output", text, table))
    return seen


# (exercise, token): a different figure that happens to equal the answer, checked by hand
COINCIDENCES = {("w3_q4", "230")}   # Larkspur's total debt in FY2022 ($230m), not its working capital


def leaks(nb, workshop) -> list[str]:
    """Every place where an exercise's expected answer, in a form its check would accept,
    is shown before the participant answers it. A look-up's own data table is allowed (the
    answer is read from it); its prose, prompts and chart titles are not. Fiscal years and
    letters of multiple choice are not numbers to leak."""
    found = []
    seen = seen_before(nb)
    for q in workshop.questions:
        if type(q.answer_type).__name__ in ("Choice", "YesNo") or getattr(q.answer_type, "unit", "") == "fiscal year":
            continue
        expected = q.expected_value()
        for where, text, table in seen.get(q.id, []):
            if table and q.kind == "look-up":
                continue
            for token in {m.group(0).strip() for m in _TOKEN.finditer(text)}:
                if len(re.sub(r"\D", "", token)) < 2 or (q.id, token) in COINCIDENCES:
                    continue      # a lone digit is a count or a step, not an answer
                if type(q.answer_type).__name__ == "Percent" and not re.search(r"[%.]", token):
                    continue      # "62" in a table of millions is not 62%
                if q.answer_type.judge(token, expected).status == "correct":
                    found.append(f"{q.id}: {token!r} in {where}: …{_around(text, token)}…")
    return found


def _around(text: str, token: str) -> str:
    i = text.find(token)
    return " ".join(text[max(0, i - 60):i + len(token) + 40].split())
