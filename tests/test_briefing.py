"""Briefings as a user gets them: `finlit brief` and `finlit batch` run as commands, the HTML
opened in a real headless browser with the network off."""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import finlit
from browser import open_page, require_browser
from finlit.briefing.files import safe_name
from finlit.briefing.html import notebook_to_html

FINLIT = [sys.executable, "-m", "finlit"]
MAX_HTML_BYTES = 300_000
BATCH_PAGES = {"index.html", "compare.html"}  # the batch's own pages, not briefings


def run(*args, cwd=None, timeout=600):
    return subprocess.run([*FINLIT, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def write_batch(folder: Path, tickers, extra: str = "") -> Path:
    entries = "".join(f'[[briefing]]\ntarget = "{t}"\n' for t in tickers)
    path = folder / "batch.toml"
    path.write_text('out = "out"\n' + entries + extra)
    return path


@pytest.fixture(scope="module")
def every_company(tmp_path_factory):
    """One batch over every bundled company, the fictional one with its IT budget, and one
    deliberately broken entry."""
    folder = tmp_path_factory.mktemp("batch")
    budget = Path(finlit.__file__).parent.parent.parent / "data" / "it_budgets" / "LARKSPUR.csv"
    tickers = [c.ticker for c in finlit.companies()]
    extra = (f'[[briefing]]\ntarget = "LARKSPUR"\nname = "larkspur-budget"\nit_budget = "{budget}"\n'
             '[[briefing]]\ntarget = "NO-SUCH-TICKER"\n')
    config = write_batch(folder, tickers, extra)
    started = time.perf_counter()
    result = run("batch", str(config), "--jobs", "2")
    return folder / "out", result, tickers, time.perf_counter() - started


def test_batch_makes_a_briefing_for_every_bundled_company(every_company):
    out, result, tickers, _ = every_company
    assert result.returncode == 3, result.stderr  # the broken entry fails, the rest succeed
    manifest = json.loads((out / "manifest.json").read_text())
    status = {b["name"]: b for b in manifest["briefings"]}
    for ticker in tickers + ["larkspur-budget"]:
        entry = status[ticker]
        assert entry["status"] == "ok", entry
        html = (out / entry["html"]).read_text()
        assert (out / entry["ipynb"]).is_file()
        assert html.rstrip().endswith("</html>")
        assert len(html.encode()) <= MAX_HTML_BYTES, f"{ticker}: {len(html)} bytes"
        assert entry["duration_s"] > 0 and entry["peak_memory_mb"] > 0
    broken = status["NO-SUCH-TICKER"]
    assert broken["status"] == "failed" and "unknown ticker" in broken["error"] and not broken["html"]
    assert manifest["summary"] == {"ok": len(tickers) + 1, "skipped": 0, "failed": 1}
    index = (out / "index.html").read_text()
    assert 'href="AAPL.html"' in index and "NO-SUCH-TICKER" in index and "failed" in index
    assert sorted(p.name for p in out.glob("plotly*.js")) == ["plotly.min.js"]


@pytest.mark.parametrize("ticker", ["AAPL", "JPM", "LARKSPUR"])
def test_briefing_html_has_no_code_and_names_the_company(every_company, ticker):
    out = every_company[0]
    html = (out / f"{ticker}.html").read_text()
    company = finlit.load(ticker)
    assert company.name.replace("&", "&amp;") in html
    for code in ("Briefing(", "b.statement", "import ", "In [", "In&nbsp;["):
        assert code not in html
    headings = (("How the bank makes money", "Loans, deposits and capital", "Efficiency, credit and capital")
                if ticker == "JPM" else ("The income statement", "The balance sheet", "Key ratios"))
    for heading in (*headings, "Data quality"):
        assert f"<h2>{heading}" in html
    if ticker == "JPM":  # a bank's briefing never talks gross margin or a current ratio
        assert "Gross margin shows" not in html and "Current ratio shows" not in html
    assert "cdn.plot.ly" not in html and "https://" not in re.sub(r'href="https://www\.sec\.gov[^"]*"', "", html)


def test_a_rerun_skips_unchanged_briefings(every_company, tmp_path):
    out = every_company[0]
    config = out.parent / "batch.toml"
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html") if p.name not in BATCH_PAGES}
    result = run("batch", str(config), "--jobs", "2")
    assert result.returncode == 3
    assert result.stdout.count("unchanged") == len(before)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html") if p.name not in BATCH_PAGES}
    assert after == before
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["summary"]["skipped"] == len(before)


def test_briefing_renders_offline_in_a_real_browser(every_company):
    require_browser()
    out = every_company[0]
    for name in ("LARKSPUR", "larkspur-budget", "AAPL"):
        page = open_page(out / f"{name}.html", f"briefing-{name}")
        assert page.console_errors == [], page.console_errors
        assert page.remote_requests == []
        assert page.rendered == page.charts
        assert "The income statement" in page.text and "Key ratios" in page.text
        assert page.screenshot.stat().st_size > 10_000


def test_briefing_text_is_readable_and_its_charts_fit(every_company):
    """Issue 14 in the HTML briefing: no maths typeset, "$" amounts as written, contrast >= 4.5
    for tables and notes, chart titles clear of legends and no repeated tick label, at
    600, 950 and 1400 px."""
    from browser import inspect_page, overlap, repeated_ticks, title_fits

    require_browser()
    out = every_company[0]
    groups = {"table cells": ".finlit-table caption, .finlit-table th, .finlit-table td",
              "table notes": ".finlit-notes", "text": ".finlit-output p, .finlit-output li, main p"}
    for name in ("AAPL", "COST", "larkspur-budget"):
        pages = inspect_page(out / f"{name}.html", groups)
        first = next(iter(pages.values()))
        ratios = {g: min(m["ratio"] for m in found) for g, found in first["contrast"].items() if found}
        assert set(ratios) == set(groups) and min(ratios.values()) >= 4.5, (name, ratios)
        for width, page in pages.items():
            assert page["maths"] == 0 and re.search(r"\$\d", page["text"]), (name, width)
            assert page["alignment"]["labels"] == ["left"] and page["alignment"]["numbers"] == ["right"], name
            assert page["alignment"]["words"] in ([], ["left"]), name
            assert len(page["charts"]) >= 4
            for chart in page["charts"]:
                assert not overlap(chart["title"], chart["legend"]), (name, width, chart["name"])
                assert title_fits(chart), (name, width, chart["name"])
                assert not repeated_ticks(chart), (name, width, chart["name"], chart["ticks"])


def test_brief_command_prints_the_path_and_writes_atomically(tmp_path):
    result = run("brief", "MSFT", "--out", str(tmp_path), "--name", "../../escape attempt")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path == tmp_path / "escape-attempt.html" and path.is_file()
    assert (tmp_path / "escape-attempt.ipynb").is_file()
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind
    nb = json.loads((tmp_path / "escape-attempt.ipynb").read_text())
    assert nb["metadata"]["papermill"]["parameters"]["target"] == "MSFT"


@pytest.mark.parametrize("args, words", [
    (["brief", "AAPL", "-p", "colour", "red"], ["unknown parameter 'colour'"]),
    (["brief", "AAPL", "-p", "fiscal_year", "last"], ["fiscal_year must be an int"]),
    (["brief", "AAPL", "--fiscal-year", "1990"], ["no FY1990"]),
    (["brief", "NOPE"], ["unknown ticker 'NOPE'"]),
    (["brief", "AAPL", "--industry", "spaceflight"], ["unknown industry 'spaceflight'"]),
    (["brief", "AAPL", "--it-budget", "no/such/budget.csv"], ["IT budget file not found"]),
    (["batch", "no/such/batch.toml"], ["cannot read the batch file"]),
])
def test_bad_parameters_exit_2_before_anything_runs(tmp_path, args, words):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), result.stderr
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("text, words", [
    ("[[briefing]]\nticker = 'AAPL'\n", ["unknown key 'ticker'"]),
    ("[[briefing]]\ntarget = 'AAPL'\n[[briefing]]\ntarget = 'AAPL'\n", ["used twice"]),
    ("out = \n", ["not valid TOML"]),
    ("jobs = 2\n", ["lists no briefings"]),
    ("[[briefing]]\ntarget = 'AAPL'\nfiscal_year = 'latest'\n", ["briefing 1", "fiscal_year must be an int"]),
])
def test_bad_batch_files_exit_2(tmp_path, text, words):
    (tmp_path / "b.toml").write_text(text)
    result = run("batch", str(tmp_path / "b.toml"), cwd=tmp_path)
    assert result.returncode == 2
    assert all(w in result.stderr for w in words), result.stderr


def test_an_interrupted_batch_leaves_no_half_written_html_and_a_rerun_completes_it(tmp_path):
    config = write_batch(tmp_path, ["AAPL", "MSFT", "JPM", "XOM", "WMT"])
    out = tmp_path / "out"
    process = subprocess.Popen([*FINLIT, "batch", str(config), "--jobs", "1"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out / "AAPL.html").exists():
        time.sleep(0.1)
    time.sleep(1.0)  # the second briefing is running now
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130  # one line, no traceback, no kernel noise
    assert len(err.strip().splitlines()) == 1 and "stopped by SIGINT" in err, err
    made = [p for p in out.glob("*.html") if p.name not in BATCH_PAGES]
    assert 1 <= len(made) < 5
    for page in made:
        assert page.read_text().rstrip().endswith("</html>"), page
    manifest = json.loads((out / "manifest.json").read_text())
    done = {b["name"] for b in manifest["briefings"] if b["status"] == "ok"}
    assert "AAPL" in done and done <= {p.stem for p in made}
    assert len(done) < 5  # stopped: the remaining briefings did not run on
    result = run("batch", str(config), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("unchanged") == len(done)
    assert {p.stem for p in out.glob("*.html") if p.name not in BATCH_PAGES} == {"AAPL", "MSFT", "JPM", "XOM", "WMT"}
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_exporter_escapes_markup_and_drops_inputs():
    nb = {"metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": "secret_code()", "execution_count": 1,
         "outputs": [{"output_type": "stream", "name": "stderr", "text": "a warning"},
                     {"output_type": "execute_result", "execution_count": 1,
                      "data": {"text/plain": "<script>alert(1)</script>"}, "metadata": {}}]},
        {"cell_type": "markdown", "metadata": {}, "source": "A *name* <img src=x onerror=alert(1)>"},
    ]}
    page = notebook_to_html(nb, title="<Evil & Co>")
    assert "secret_code" not in page and "a warning" not in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "<title>&lt;Evil &amp; Co&gt;</title>" in page
    assert "plotly.min.js" not in page  # no chart, no plotly


@pytest.mark.parametrize("text, name", [("../../etc/passwd", "etc-passwd"), ("Björk & Co", "Bj-rk-Co"),
                                        ("", "briefing"), ("a" * 200, "a" * 80), (".hidden", "hidden")])
def test_safe_names(text, name):
    assert safe_name(text) == name


def test_a_briefing_from_the_users_own_file_escapes_what_the_file_says(tmp_path):
    """Any file the loaders accept makes a briefing; a hostile company name stays text."""
    template = Path(finlit.__file__).parents[2] / "data" / "templates" / "example_company.csv"
    lines = template.read_text().splitlines()
    hostile = "<script>alert(1)</script> & <b>Co</b>"
    text = "\n".join(f"company,{hostile}" if line.startswith("company,") else line for line in lines)
    mine = tmp_path / "our numbers.csv"
    mine.write_text(text + "\n")
    result = run("brief", str(mine), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = Path(result.stdout.strip().splitlines()[-1])
    assert page.name == "our-numbers.html"
    html = page.read_text()
    assert "<script>alert(1)</script>" not in html and "<b>Co</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "The income statement" in html and "IT spend against revenue" in html


# --- the glossary: each term linked at its first use, defined once at the end -----------------

def _glossary_check(page: str) -> dict:
    """Every term defined in the page's glossary section: its definition appears once in the
    whole page, each link points at an entry that exists, and each term is linked at most once."""
    import html as html_module

    from finlit.explain import GLOSSARY

    entries = re.findall(r'<div id="(finlit-term-[^"]+)"><dt>([^<]+)</dt>', page)
    assert entries, "no glossary section"
    assert page.count('<dl class="finlit-glossary">') == 1 and "<dfn" not in page
    defined = {anchor: html_module.unescape(term) for anchor, term in entries}
    links = re.findall(r'class="finlit-term" href="#(finlit-term-[^"]+)"', page)
    assert links and set(links) <= set(defined), set(links) - set(defined)
    assert len(links) == len(set(links)), "a term is linked more than once"
    by_term = {t.term: t for t in GLOSSARY.values()}
    for term in defined.values():
        definition = html_module.escape(by_term[term].explain(), quote=True)
        assert page.count(definition) == 1, (term, page.count(definition))
    return defined


def test_briefing_sections_link_terms_to_one_glossary_in_process():
    """Without papermill: the sections a briefing shows, put together as the notebook does."""
    from finlit.briefing.content import Briefing

    b = Briefing("LARKSPUR")
    parts = [b.summary(), b.explain_statement("income"), b.explain_statement("balance"),
             b.explain_statement("cashflow"), b.key_ratios(), b.it_spend(), b.implications(), b.glossary()]
    page = "\n".join(p.html for p in parts)
    defined = _glossary_check(page)
    assert {"Revenue", "Operating margin", "Free cash flow"} <= set(defined.values())
    assert page.index('href="#finlit-term-revenue"') < page.index('id="finlit-term-revenue"')
    assert sum(p.html.count("<dd>") for p in parts[:-1]) == 0      # no definitions under paragraphs


def _year_headers(html: str) -> list[list[str]]:
    """The fiscal years in the header of every table of a piece of HTML, in the order shown."""
    return [re.findall(r"<th[^>]*>(FY\d{4})</th>", head) for head in re.findall(r"<thead>(.*?)</thead>", html)]


def test_briefing_html_tables_all_show_the_newest_year_first_in_process():
    """Issue 14: one briefing, one order. The statements, the ratios and the IT spend table
    all put the newest year beside the labels (the IT table showed the oldest first)."""
    from finlit.briefing.content import Briefing

    b = Briefing("AAPL")
    tables = {"income": b.statement("income")._repr_html_(), "ratios": b.ratios()._repr_html_(),
              "IT spend": b.it_table()._repr_html_()}
    for name, html in tables.items():
        headers = _year_headers(html)
        assert headers and all(h and h[0] == "FY2025" for h in headers), (name, headers)
        assert all(h == sorted(h, reverse=True) for h in headers), (name, headers)
        assert '<th style="text-align:left">' in html, name       # labels left-aligned inline
    it = _year_headers(tables["IT spend"])[0]
    assert it == [f"FY{y}" for y in reversed(b.it.years)]
    revenue = re.search(r'<th style="text-align:left">Revenue \(millions\)</th>(.*?)</tr>', tables["IT spend"])
    assert re.findall(r"<td[^>]*>([^<]*)</td>", revenue.group(1))[0] == "416,161"   # Apple FY2025, 10-K


@pytest.mark.parametrize("ticker", ["AAPL", "LARKSPUR", "SNOW"])
def test_briefing_html_holds_each_definition_once(every_company, ticker):
    page = (every_company[0] / f"{ticker}.html").read_text()
    defined = _glossary_check(page)
    assert len(defined) >= 10


def test_it_table_has_no_empty_rows_and_footnotes_every_missing_cell():
    """A metric no year has is named once under the IT table with its reason, not shown as a
    row of dashes; a missing cell is '— [n]' with its reason in the notes (as in the ratios)."""
    import html

    from finlit.briefing.content import Briefing

    page = Briefing("JPM").it_table().html.split("</style>")[-1]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    # JPMorgan FY2025..FY2022: 11,029 / 9,831 - 1 = 12.2%; FY2022 has no previous year
    assert "IT spend growth 12.2% 6.3% -1.2% — [1]" in text
    assert "[1] previous year's IT spend not available" in text
    assert "IT operating spend (millions)" not in text and "Operating margin —" not in text
    assert ("Not shown, as no year has them: IT operating spend, IT capital spend, IT capex as % of "
            "all capex (the technology, communications and equipment expense is not split") in text
    assert "operating margin (not meaningful for a bank)." in text
