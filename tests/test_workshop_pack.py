"""The facilitator pack (`finlit workshop DIR` → DIR/facilitator/), the pre-flight
`finlit workshop DIR --check` and the offline wheelhouse `--wheelhouse`."""
from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path

import pytest

from browser import new_driver, open_page, require_browser
from cli_helpers import one_line_error, run
from finlit.workshop import copy_kit, exercises, pack, preflight
from finlit.workshop.exercises import WORKSHOPS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """An instructor kit, copied once (with the PDF when chromium is installed)."""
    return copy_kit(tmp_path_factory.mktemp("pack") / "kit")


def text_of(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


# --- the pack is generated -------------------------------------------------------------------

def test_the_instructor_kit_has_the_pack_and_the_student_kit_does_not(kit, tmp_path):
    folder = kit.folder
    for rel in pack.pack_files(pdf=pack.chromium() is not None):
        assert (folder / rel).is_file() and (folder / rel).stat().st_size > 500, rel
    assert {p.name for p in (folder / "facilitator" / "slides").iterdir()} == {f"{d}.html" for d in pack.DECKS}
    index = (folder / "facilitator" / "index.html").read_text()
    for rel in pack.pack_files():
        if rel != "facilitator/index.html" and "README" not in rel:
            assert f'href="{rel.removeprefix("facilitator/")}"' in index, rel
    assert not list(folder.rglob(".*partial*"))
    students = copy_kit(tmp_path / "students", student=True)
    assert not (students.folder / "facilitator").exists()


def test_refuses_to_overwrite_a_pack_file_and_writes_nothing(kit, tmp_path, capsys):
    target = tmp_path / "kit"
    (target / "facilitator" / "slides").mkdir(parents=True)
    (target / "facilitator" / "slides" / "w2.html").write_text("my edited slides")
    code, out, err = run(capsys, "workshop", target)
    assert code == 2 and "w2.html" in one_line_error(err) and "--force" in err
    assert (target / "facilitator" / "slides" / "w2.html").read_text() == "my edited slides"
    assert not (target / "w1_reading_the_statements.ipynb").exists()


def test_every_figure_comes_from_the_bundled_data():
    import finlit
    from finlit.numbers import money_words, percent_words

    apple = finlit.load("AAPL")
    # Apple's FY2021 10-K: net sales $365,817 million, net income $94,680 million
    assert apple.value("revenue", 2021) == 365_817e6
    assert pack.fill("{AAPL revenue 2021}") == money_words(365_817e6) == "$365.8 billion"
    assert pack.fill("{AAPL net_margin 2021}") == percent_words(94_680 / 365_817) == "25.9%"
    assert pack.fill("{erp total_cost}") == money_words(exercises.erp_case().total_cost)
    with pytest.raises(ValueError, match="no value"):
        pack.figure("AAPL", "revenue", 1999)


def test_no_placeholder_is_left_and_every_deck_has_real_content(kit):
    folder = kit.folder / "facilitator"
    for path in [*folder.rglob("*.html"), *folder.rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\{[A-Za-z]+ \w+( \d{4})?\}", text), path
    for name in pack.DECKS:
        deck = pack.talks()["decks"][name]
        page = text_of(folder / "slides" / f"{name}.html")
        assert len(deck["slides"]) >= 2 and page.count("Say ") == len(deck["slides"])
        for slide in deck["slides"]:
            assert len(slide["say"]) > 150 and len(slide["points"]) >= 3, (name, slide["title"])
    w1 = text_of(folder / "slides" / "w1.html")
    assert "$365.8 billion" in w1 and pack.figure("AAPL", "gross_margin", 2021) in w1


def _answer_forms(w) -> set[str]:
    """Each numeric answer of workshop `w` as a participant could type it."""
    forms = set()
    for q in w.questions:
        value = q.expected()
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        for v in (value, value * 100, value / 1e6, value / 1e9):
            for digits in (1, 2):
                text = f"{abs(v):,.{digits}f}"
                if abs(v) >= 1:
                    forms.add(text)
    return forms


@pytest.mark.parametrize("key", list(WORKSHOPS))
def test_the_talk_gives_no_answer_of_its_workshop_away(kit, key):
    page = text_of(kit.folder / "facilitator" / "slides" / f"{key}.html")
    shown = set(re.findall(r"\d[\d,]*\.\d+", page))
    assert not shown & _answer_forms(WORKSHOPS[key]), shown & _answer_forms(WORKSHOPS[key])


@pytest.mark.parametrize("key", list(WORKSHOPS))
def test_the_talk_does_not_state_the_right_option_of_a_judgement(kit, key):
    """A talk teaches the idea; the judgement questions ask to apply it: no slide says the
    right option of its workshop's multiple-choice questions in the option's own words."""
    from finlit.workshop.answers import Choice

    page = " ".join(text_of(kit.folder / "facilitator" / "slides" / f"{key}.html").lower().split())
    options = [q.answer_type.options[q.expected_value()] for q in WORKSHOPS[key].questions
               if isinstance(q.answer_type, Choice)]
    assert options
    for option in options:
        words = " ".join(str(option).lower().split())
        assert len(words) < 12 or words not in page, words


def test_the_formula_sheet_is_the_ratio_registry_and_the_glossary(kit):
    from finlit.explain.glossary import GLOSSARY
    from finlit.ratios import RATIOS

    page = (kit.folder / "facilitator" / "formula_sheet.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-ratio="([^"]+)" data-formula="([^"]+)"><td class="name">([^<]+)</td>'
                      r'<td class="formula">([^<]+) <span', page)
    expected = [r for r in RATIOS.values() if r.category != "bank"]
    assert [key for key, *_ in rows] == [r.key for r in expected]
    for key, formula, name, words in rows:
        ratio = RATIOS[key]
        assert html.unescape(formula) == ratio.formula and html.unescape(name) == ratio.name
        assert html.unescape(words) == pack.formula_in_words(ratio.formula)
    # the words are the items' labels, operators and numbers untouched
    by_key = {k: html.unescape(w) for k, _, _, w in rows}
    assert by_key["gross_margin"] == "gross profit / revenue"
    assert by_key["free_cash_flow"] == "cash from operations − capital expenditure"
    assert by_key["days_sales_outstanding"] == "receivables / revenue × 365"
    assert by_key["it_pct_revenue"] == "IT spend / revenue"
    for key, term in GLOSSARY.items():
        assert f'data-term="{html.escape(key)}"' in page and html.escape(term.definition) in page
    assert "@media print" in page and "@page" in page


def test_the_formula_sheet_pdf_is_one_sheet_front_and_back(kit):
    if not pack.chromium():
        pytest.skip("chromium is not installed: the PDF is made only where it is")
    pdf = (kit.folder / "facilitator" / "formula_sheet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 2      # formulas, then the glossary


def test_the_pack_opens_offline_in_chromium_without_errors(kit):
    require_browser()
    folder = kit.folder / "facilitator"
    pages = [folder / "index.html", folder / "formula_sheet.html",
             *[folder / "slides" / f"{d}.html" for d in pack.DECKS]]
    for page in pages:
        report = open_page(page, f"pack-{page.parent.name}-{page.stem}")
        assert report.console_errors == [], (page, report.console_errors)
        assert report.remote_requests == [], (page, report.remote_requests)
        if page.parent.name == "slides":
            first = pack.talks()["decks"][page.stem]["slides"][0]["title"]
            assert first in report.text
            second = pack.talks()["decks"][page.stem]["slides"][1]["title"]
            assert second not in report.text      # one slide at a time


def test_the_slides_move_on_with_the_keys_and_show_the_notes():
    require_browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w2.html"
        path.write_text(pack.deck_html("w2"), encoding="utf-8")
        driver = new_driver(1280, 900)
        try:
            driver.get(path.as_uri())
            slides = pack.talks()["decks"]["w2"]["slides"]
            body = driver.find_element(By.TAG_NAME, "body")
            visible = lambda: driver.find_element(By.CSS_SELECTOR, ".slide.current h1").text  # noqa: E731
            assert visible() == slides[0]["title"]
            body.send_keys(Keys.ARROW_RIGHT)
            assert visible() == slides[1]["title"] and driver.execute_script("return location.hash") == "#2"
            body.send_keys(Keys.END)
            assert visible() == slides[-1]["title"]
            notes = driver.find_element(By.CSS_SELECTOR, ".slide.current .notes")
            assert not notes.is_displayed()
            body.send_keys("n")
            assert notes.is_displayed() and "Apple" in notes.text
        finally:
            driver.quit()


# --- the documents ---------------------------------------------------------------------------

def test_discussion_answers_answer_every_prompt_of_the_guide(kit):
    guide = (ROOT / "notebooks" / "workshop" / "FACILITATOR.md").read_text(encoding="utf-8")
    answers = (kit.folder / "facilitator" / "DISCUSSION_ANSWERS.md").read_text(encoding="utf-8")
    prompts = []
    for key in WORKSHOPS:
        section = guide.split(f"\n## {key.upper()} — ", 1)[1].split("\n## ", 1)[0]
        block = section.split("**Discussion prompts.**", 1)[1].split("**Common mistakes.**", 1)[0]
        prompts += [" ".join(p.split()) for p in re.split(r"\n- ", block) if p.strip()]
    assert len(prompts) >= 16
    for prompt in prompts:
        assert f"**{prompt}**" in answers, prompt
    assert len(answers.split("**")) // 2 == len(prompts)
    # figures are the data's: Larkspur's FY2022 cash from operations fell
    lark = exercises.company("LARKSPUR")
    from finlit.numbers import money_words

    assert money_words(lark.value("operating_cash_flow", 2022)) in answers


def test_room_setup_says_python_wheelhouse_check_and_fallback(kit):
    text = (kit.folder / "facilitator" / "ROOM_SETUP.md").read_text(encoding="utf-8")
    for part in ("Python ≥ 3.11", "finlit workshop kit --wheelhouse",
                 "pip install --no-index --find-links wheelhouse finlit", "--check", "## Fallback plan",
                 pack.shortest_notebook()):
        assert part in text, part


def test_wrap_up_template_has_every_section_and_the_worked_example(kit):
    from finlit.numbers import money_words

    text = (kit.folder / "facilitator" / "WRAP_UP_TEMPLATE.md").read_text(encoding="utf-8")
    for n, (heading, _) in enumerate(pack.talks()["wrap_up"]["sections"], 1):
        assert f"## {n}. {heading}" in text
    result = exercises.erp_project()
    assert f"NPV {money_words(result.npv)}" in text and f"payback {result.payback_years:.1f} years" in text
    assert "preliminary (expensed)" in text and "needed to break even" in text


# --- finlit workshop DIR --check -------------------------------------------------------------

def test_check_passes_on_this_machine(kit, capsys):
    start = time.monotonic()
    code, out, err = run(capsys, "workshop", kit.folder, "--check")
    seconds = time.monotonic() - start
    lines = out.strip().splitlines()
    assert code == 0, out + err
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "✓ Python", "✓ Workshop kit", "✓ finlit", "✓ JupyterLab", "✓ Kernel", "✓ Notebook", "✓ Charts"]
    assert lines[-1] == "7 of 7 checks passed: this laptop is ready."
    assert pack.shortest_notebook() in out and "Fix" not in out
    assert seconds < 45, seconds     # about 15 s on an idle machine; others' tests share the cores


def _fast(monkeypatch):
    """No kernels: the kernel and notebook checks pass at once (tested above for real)."""
    monkeypatch.setattr(preflight, "_kernel", lambda: (True, "kernel (stub)"))
    monkeypatch.setattr(preflight, "_notebook", lambda folder: (True, "notebook (stub)"))


def test_a_missing_jupyterlab_fails_with_its_fix(kit, monkeypatch, capsys):
    import builtins

    _fast(monkeypatch)
    real_import = builtins.__import__

    def no_jupyterlab(name, *args, **kwargs):
        if name == "jupyterlab" or name.startswith("jupyterlab."):
            raise ModuleNotFoundError("No module named 'jupyterlab'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "jupyterlab", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_jupyterlab)
    code, out, err = run(capsys, "workshop", kit.folder, "--check")
    assert code == 1
    line = next(line for line in out.splitlines() if "JupyterLab" in line)
    assert line.startswith("✗ JupyterLab: ModuleNotFoundError: No module named 'jupyterlab'. Fix: ")
    assert "pip install --no-index --find-links wheelhouse finlit" in line
    assert out.strip().splitlines()[-1].startswith("6 of 7 checks passed")


def test_a_kernel_that_does_not_start_skips_the_notebook_and_says_why(kit, monkeypatch, capsys):
    def no_kernel():
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(preflight, "_kernel", no_kernel)
    code, out, err = run(capsys, "workshop", kit.folder, "--check")
    assert code == 1
    assert "✗ Kernel: RuntimeError: Kernel died before replying to kernel_info. Fix: `python -m ipykernel install" in out
    assert "✗ Notebook: not run: no kernel. Fix: fix the kernel first" in out


def test_an_old_python_fails_with_its_fix():
    old = preflight.check_python((3, 10, 12))
    assert not old.ok and "3.10.12" in old.line() and "install Python 3.11 or later" in old.line()
    assert preflight.check_python((3, 11, 0)).ok and preflight.check_python((3, 13, 1)).ok


def test_the_check_falls_back_to_words_where_the_terminal_has_no_symbols(kit, monkeypatch, capsys):
    import io

    _fast(monkeypatch)
    assert not preflight.can_print(stream=io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    monkeypatch.setattr(preflight, "can_print", lambda *a, **k: False)
    code, out, err = run(capsys, "workshop", kit.folder / "nowhere", "--check")
    assert code == 1 and "✓" not in out and "✗" not in out
    assert "OK Python:" in out
    assert f"FAIL Workshop kit: 0 of 4 notebooks in {kit.folder / 'nowhere'}. Fix: copy the kit: " in out


def test_check_and_wheelhouse_go_alone(kit, capsys):
    for extra in (["--check", "--student"], ["--check", "--wheelhouse"], ["--wheelhouse", "--force"]):
        code, out, err = run(capsys, "workshop", kit.folder, *extra)
        assert code == 2 and "go alone" in one_line_error(err) and out == ""


# --- finlit workshop DIR --wheelhouse (no download in tests) -----------------------------------

class FakePip:
    def __init__(self, returncode=0, wheels=("finlit-0.1.0-py3-none-any.whl", "pandas-2.2.3-cp311.whl")):
        self.returncode, self.wheels, self.commands = returncode, wheels, []

    def __call__(self, command, *args, **kwargs):
        self.commands.append(command)
        target = Path(command[command.index("--wheel-dir") + 1])
        for name in self.wheels:
            (target / name).write_bytes(b"wheel")
        import subprocess

        return subprocess.CompletedProcess(command, self.returncode)


def test_wheelhouse_runs_pip_wheel_for_finlit_and_its_dependencies(tmp_path, monkeypatch, capsys):
    fake = FakePip()
    monkeypatch.setattr(preflight.subprocess, "run", fake)
    code, out, err = run(capsys, "workshop", tmp_path / "room", "--wheelhouse")
    assert code == 0, err
    target = tmp_path / "room" / "wheelhouse"
    # from this source checkout (the tests run from one): pip builds finlit and fetches every dependency
    assert fake.commands == [[sys.executable, "-m", "pip", "wheel", "--wheel-dir", str(target), str(ROOT)]]
    assert f"Wrote 2 wheels into {target}" in out
    assert f"python -m pip install --no-index --find-links {target} finlit" in out


def test_wheelhouse_failures_say_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(preflight.subprocess, "run", FakePip(returncode=1, wheels=()))
    code, out, err = run(capsys, "workshop", tmp_path / "a", "--wheelhouse")
    assert code == 1 and "pip could not build the wheelhouse (exit 1)" in one_line_error(err)
    monkeypatch.setattr(preflight.subprocess, "run", FakePip(wheels=("pandas-2.2.3-cp311.whl",)))
    code, out, err = run(capsys, "workshop", tmp_path / "b", "--wheelhouse")
    assert code == 1 and "has no finlit wheel" in one_line_error(err)
    (tmp_path / "file").write_text("x")
    code, out, err = run(capsys, "workshop", tmp_path / "file", "--wheelhouse")
    assert code == 2 and "not a folder" in one_line_error(err)


def test_finlit_requirement_outside_a_checkout_is_the_installed_version(monkeypatch, tmp_path):
    from finlit._version import __version__

    assert preflight.finlit_requirement() == str(ROOT)
    monkeypatch.setattr(preflight, "__file__", str(tmp_path / "a" / "b" / "c" / "preflight.py"))
    assert preflight.finlit_requirement() == f"finlit=={__version__}"
