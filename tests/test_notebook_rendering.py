"""What finlit puts into a notebook renders as written (issue 14): money is never maths, the
colours follow JupyterLab's light and dark themes, charts draw on the user's plotly template,
and exercises show every check, hint and solution of a cell."""
import inspect
import re
from html.parser import HTMLParser

import plotly.io as pio
import pytest

import finlit
from finlit import charts, learn
from finlit.display import Table, _CSS, html_table
from finlit.explain.explanation import Explanation
from finlit.explain.glossary import GlossarySection, end_document, start_document
from finlit.markup import Markdown, escape_dollars, inline_markdown_html
from finlit.workshop import exercise as exercise_module
from finlit.workshop import exercises, progress, start

IGNORE = {"tex2jax_ignore", "mathjax_ignore"}


class _DollarFinder(HTMLParser):
    """Every text with a '$', and whether an element around it tells MathJax to skip it."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(set((dict(attrs).get("class") or "").split()))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if "$" in data:
            self.found.append((data, all(any(IGNORE <= c for c in self.stack) for _ in [0])))


def dollars_in_html(html: str) -> list[tuple[str, bool]]:
    finder = _DollarFinder()
    finder.feed(html)
    return finder.found


def assert_money_is_text_html(html: str):
    found = dollars_in_html(html)
    assert found, "expected an amount with '$' in this output"
    bare = [text for text, ignored in found if not ignored]
    assert not bare, f"'$' outside a MathJax-ignore container: {bare}"


def assert_money_is_text_markdown(markdown: str):
    assert "$" in markdown
    outside_code = re.sub(r"`[^`]*`", "", markdown)
    assert not re.search(r"(?<!\\)\$", outside_code), markdown
    assert markdown.startswith('<div class="finlit-output tex2jax_ignore mathjax_ignore">\n\n')


MONEY = "It kept $27 of each $100 of sales."


def test_the_checker_finds_bare_dollars():
    assert dollars_in_html("<p>$27 of each $100</p>") == [("$27 of each $100", False)]
    assert dollars_in_html('<div class="tex2jax_ignore mathjax_ignore"><p>$5</p></div>') == [("$5", True)]


def test_explanation_html_and_markdown_keep_money_as_text():
    e = Explanation("Profit", MONEY)
    assert_money_is_text_html(e._repr_html_())
    assert_money_is_text_markdown(e._repr_markdown_())
    start_document()
    try:
        assert_money_is_text_html(e._repr_html_())
        assert_money_is_text_markdown(e._repr_markdown_())
    finally:
        end_document()


def test_lesson_explanations_keep_money_as_text():
    split = learn.cost_behaviour(finlit.load("LARKSPUR"))
    e = learn.explain_cost_behaviour(split)
    assert_money_is_text_html(e._repr_html_())
    assert_money_is_text_markdown(e._repr_markdown_())


def test_glossary_keeps_money_as_text():
    section = GlossarySection(["ROI", "payback"])
    assert_money_is_text_html(section._repr_html_())
    assert_money_is_text_markdown(section._repr_markdown_())


def test_markdown_outputs_escape_dollars_but_not_in_code():
    assert escape_dollars("costs $5, `x = '$'` and \\$6") == "costs \\$5, `x = '$'` and \\$6"
    assert str(Markdown("costs $5")) == "costs $5"          # a terminal shows it as written
    assert_money_is_text_markdown(Markdown("costs $5")._repr_markdown_())


def test_tables_keep_money_as_text():
    import pandas as pd
    t = Table(pd.DataFrame({"FY2023": [97e9]}, index=["Net income"]), caption="Apple's profit")
    assert "$97.0 billion" in t._repr_html_()
    assert_money_is_text_html(t._repr_html_())
    assert_money_is_text_html(html_table("$ demo", ["", "FY"], [("a", [("$1", "")], "")], ["$ note"]))


@pytest.mark.parametrize("ticker", ["AAPL", "JPM"])
def test_every_year_column_table_a_notebook_shows_puts_the_newest_year_first(ticker):
    """Issue 14: in one notebook the statement, the ratios, the common-size statement (01, 08)
    and the IT ratios (04, 05: `learn.it_summary`) read the same way, newest year beside the
    labels, in JupyterLab and VS Code alike (the same `_repr_html_`); the terminal keeps time order."""
    from finlit import itspend

    co = finlit.load(ticker)
    newest = f"FY{co.years[-1]}"
    shown = {"statement": co.income_statement, "ratios": co.ratios(),
             "percent of sales": learn.percent_of_sales(co), "IT ratios": learn.it_summary(itspend.it_view(co))}
    for name, table in shown.items():
        head = table._repr_html_().split("</thead>")[0]
        years = re.findall(r"<th[^>]*>(FY\d{4})</th>", head)
        assert len(years) > 1 and years[0] == newest and years == sorted(years, reverse=True), (name, years)
        assert re.search(r'<th style="text-align:left">[^<]*</th><th class="num">FY', head), name
        text_years = re.findall(r"FY\d{4}", str(table).split("\n---")[0].splitlines()[-1])
        assert text_years == sorted(text_years) and text_years[-1] == newest, (name, text_years)


def test_workshop_feedback_keeps_money_as_text():
    q = exercises.get("w4", 1)
    q.reset()
    html = q._repr_html_() + q.check("$12,345")._repr_html_() + q.solution()._repr_html_()
    q.reset()
    assert_money_is_text_html(html.replace("The answer is", "The answer is $"))
    for text, ignored in dollars_in_html(html):
        assert ignored, text


def test_hint_markdown_renders_and_emoji_have_words():
    assert inline_markdown_html("run `q1.hint()` **now**") == "run <code>q1.hint()</code> <strong>now</strong>"
    q = exercises.get("w1", 2)
    q.reset()
    html = q.check(12345)._repr_html_()
    assert "<code>q2.hint()</code>" in html and "`" not in html
    hints = [h for w in exercises.WORKSHOPS for h in (q.hints for q in exercises.workshop(w).questions) for h in h]
    with_code = next(h for h in hints if "`" in h)
    assert "`" not in exercise_module.Message("hint", "Q hint", with_code)._repr_html_()
    hint = q.hint()._repr_html_()
    assert 'role="img" aria-label="hint"' in hint
    q.reset()


# --- both themes: colours from JupyterLab's variables, never a fixed light background ---------

def _declarations(css: str, prop: str) -> list[str]:
    return [v.strip() for v in re.findall(rf"(?<![-\w]){prop}\s*:\s*([^;}}\"]+)", css)]


def assert_theme_aware(css: str):
    backgrounds = _declarations(css, "background")
    colours = _declarations(css, "color")
    assert colours, css
    for value in backgrounds:
        assert value.startswith("var(--jp-") or value == "transparent", value
    for value in colours:
        assert value.startswith("var(--jp-") or value == "inherit", value


def test_table_css_follows_the_theme():
    assert_theme_aware(_CSS)
    assert "#555" not in _CSS and "var(--jp-layout-color2," in _CSS


def test_feedback_and_solution_follow_the_theme():
    q = exercises.get("w2", 1)
    q.reset()
    for message in (q.check(12345), q.check(...), q.hint(), q.solution()):
        assert_theme_aware(message._repr_html_())
    solution = q.solution()._repr_html_()
    assert '<pre class="finlit-solution-code"' in solution and "background:#fff" not in solution
    assert_theme_aware(start("w2").progress()._repr_html_())
    q.reset()


# --- charts on the user's plotly template ------------------------------------------------------

CHARTS = {
    "income_waterfall": lambda t: charts.income_waterfall(finlit.load("AAPL"), 2023, template=t),
    "ratio_trend": lambda t: charts.ratio_trend(finlit.load("AAPL"), "gross_margin", template=t),
    "where_sales_go_chart": lambda t: charts.where_sales_go_chart(["AAPL"], 2023, template=t),
    "it_budget_chart": lambda t: charts.it_budget_chart("LARKSPUR", template=t),
}


@pytest.fixture
def dark_default():
    before = pio.templates.default
    pio.templates.default = "plotly_dark"
    yield
    pio.templates.default = before


def _dark(fig) -> bool:
    return charts.theme._luminance(fig.layout.template.layout.paper_bgcolor) < 0.5


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_charts_draw_on_a_dark_default(dark_default, name):
    fig = CHARTS[name](None)
    layout = fig.layout.template.layout
    assert _dark(fig), name
    assert layout.font.color != charts.COLORS["text"]              # light text from the dark template
    assert list(layout.colorway) == charts.PALETTE                  # finlit's colours on top
    assert all(a.font.color != charts.COLORS["text"] for a in fig.layout.annotations), name


def test_charts_keep_the_finlit_look_on_plotlys_default():
    assert pio.templates.default == "plotly"
    for name, draw in CHARTS.items():
        assert draw(None).layout.template == pio.templates["finlit"], name


def test_every_chart_function_takes_template():
    functions = [getattr(charts, n) for n in charts.__all__ if n.endswith(("_chart", "waterfall", "sankey",
                                                                          "composition", "trend"))]
    assert len(functions) >= 10
    for f in functions:
        assert "template" in inspect.signature(f).parameters, f.__name__
    fig = CHARTS["it_budget_chart"]("plotly_dark")
    assert _dark(fig) and list(fig.layout.template.layout.colorway) == charts.PALETTE
    assert not _dark(CHARTS["it_budget_chart"]("plotly_white"))


# --- exercises show themselves; progress survives a restart -----------------------------------

@pytest.fixture
def shell(capsys):
    import sys

    from IPython.core.interactiveshell import InteractiveShell
    hooks = sys.displayhook, sys.excepthook
    ip = InteractiveShell.instance()
    ip.run_cell("from finlit.workshop import start\nws = start('w2')\nq1 = ws.q1")
    capsys.readouterr()
    yield ip
    InteractiveShell.clear_instance()       # later tests run outside IPython again
    sys.displayhook, sys.excepthook = hooks
    start("w2")


def test_every_call_in_a_cell_shows_once(shell, capsys):
    shell.run_cell("q1.hint()\nq1.check(12345)", store_history=True)
    out = capsys.readouterr().out
    assert out.count("Q1 hint") == 1 and out.count("Not quite") + out.count("✗ Q1") >= 1, out
    shell.run_cell("q1.check(12345)\nq1.solution()", store_history=True)
    out = capsys.readouterr().out
    assert out.count("Q1 solution") == 1 and out.count("✗ Q1") == 1, out


def test_help_in_the_answer_cell_is_no_attempt(shell, capsys):
    q1 = shell.user_ns["q1"]
    shell.run_cell("q1.check(12345)\nq1.hint()", store_history=True)
    shell.run_cell("q1.solution()\nq1.check(999)", store_history=True)
    assert q1.attempts == 0
    shell.run_cell("q1.check(12345)", store_history=True)
    shell.run_cell("q1.check(12345)", store_history=True)        # the same answer again: not a new attempt
    assert q1.attempts == 1
    shell.run_cell("q1.check(777)", store_history=True)
    assert q1.attempts == 2


def test_progress_survives_a_kernel_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("FINLIT_PROGRESS_FILE", str(tmp_path / ".finlit-progress.json"))
    ws = start("w2")
    ws.q1.check("8.9%")
    ws.q2.check("wrong")
    ws.q3.hint()
    assert (tmp_path / ".finlit-progress.json").exists()
    ws = start("w2")                          # a new kernel runs the setup cell again
    counts = progress().counts
    assert counts["correct"] == 1 and counts["tried"] == 1
    assert ws.q3.hints_seen == 1
    monkeypatch.delenv("FINLIT_PROGRESS_FILE")
    start("w2")


def test_no_progress_file_outside_a_notebook(tmp_path, monkeypatch):
    monkeypatch.delenv("FINLIT_PROGRESS_FILE", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    ws = start("w2")
    ws.q1.check("8.9%")
    assert exercise_module.progress_file() is None and not list(tmp_path.iterdir())
    start("w2")


def _outer_classes(html: str) -> set:
    found = re.match(r'\s*<div class="([^"]*)"', html)
    return set(found.group(1).split()) if found else set()


def test_company_irr_and_briefing_outputs_sit_in_mathjax_ignore_containers():
    from finlit.briefing.content import Briefing, HTMLBlock
    from finlit.itspend.scenarios import irr

    briefing = Briefing("AAPL")
    outputs = {"company card": finlit.load("AAPL")._repr_html_(),
               "IRR": irr([-1000, 500, 500, 500])._repr_html_(),
               "IRR without a rate": irr([100, 50])._repr_html_(),
               "briefing implications": briefing.implications()._repr_html_(),
               "briefing provenance": briefing.provenance()._repr_html_(),
               "briefing data quality": briefing.data_quality()._repr_html_()}
    for name, html in outputs.items():
        assert IGNORE <= _outer_classes(html), name
    assert_money_is_text_html(HTMLBlock("<p>It kept $27 of each $100.</p>")._repr_html_())
    assert_money_is_text_html(briefing.key_ratios()._repr_html_())
