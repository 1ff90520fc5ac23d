"""The portfolio view of a batch: index.html (one row per company with its headline figures,
sortable and filterable offline), compare.html (the companies side by side on the key
ratios, with small charts) and the headline figures in manifest.json. Figures are checked
against Apple's FY2024 10-K, by hand, and against the briefing's own ratio objects."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from browser import new_driver, open_page, require_browser
from finlit.briefing.batch import run_batch
from finlit.briefing.content import Briefing
from finlit.briefing.portfolio import COMPARE, headline


class Table(HTMLParser):
    """The rows of the page's `table.portfolio`: for each cell its text and data-sort."""

    def __init__(self, html: str):
        super().__init__()
        self.header, self.rows, self.links, self._row, self._cell, self._in = [], [], [], None, None, False
        self.svgs = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "portfolio" in (attrs.get("class") or ""):
            self._in = True
        if not self._in:
            return
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = {"text": "", "sort": attrs.get("data-sort"), "title": attrs.get("title")}
        elif tag == "a":
            self.links.append(attrs.get("href"))
        elif tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag):
        if not self._in:
            return
        if tag in ("td", "th") and self._cell is not None:
            self._cell["text"] = " ".join(self._cell["text"].split())
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.rows if self.header else self.header).append(self._row)  # the first row is the header
            self._row = None
        elif tag == "table":
            self._in = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data

    def by(self, column: str) -> dict:
        """Rows keyed by the text of COLUMN, each a dict column label → cell."""
        labels = [c["text"] for c in self.header[0]]
        rows = [dict(zip(labels, r)) for r in self.rows]
        return {r[column]["text"]: r for r in rows}


def tiny_notebook(path: Path) -> Path:
    """The briefing's parameters and one cell: the headline figures do not depend on the notebook."""
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell('target: str = "LARKSPUR"  # ticker\nit_budget: str = ""  # budget file\n'
                                      'fiscal_year: int = 0  # 0 = the latest')
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first, nbformat.v4.new_code_cell("print(target)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portfolio")
    book = tiny_notebook(folder / "tiny.ipynb")
    (folder / "batch.toml").write_text(
        'out = "out"\n'
        '[[briefing]]\ntarget = "AAPL"\nfiscal_year = 2024\n'
        '[[briefing]]\ntarget = "JPM"\n'
        '[[briefing]]\ntarget = "JNJ"\n'             # "Johnson & Johnson": escaped everywhere
        '[[briefing]]\ntarget = "LARKSPUR"\n'
        '[[briefing]]\ntarget = "<img src=x onerror=alert(1)>.csv"\nname = "hostile"\n', encoding="utf-8")
    code = run_batch(folder / "batch.toml", jobs=2, notebook=book, log=lambda line: None)
    return folder / "out", code


def test_the_index_has_one_row_per_company_with_its_headline_figures(portfolio):
    out, code = portfolio
    assert code == 3  # the hostile entry fails (no such file), the others are made
    html = (out / "index.html").read_text()
    table = Table(html)
    rows = table.by("briefing")
    assert list(rows) == ["AAPL", "JPM", "JNJ", "LARKSPUR", "hostile"]
    aapl = rows["AAPL"]
    # Apple's 10-K for FY2024: revenue 391,035; FY2023 383,285; operating income 123,216;
    # operating cash flow 118,254 less capital expenditure 9,447 (millions of dollars)
    assert aapl["company"]["text"] == "Apple Inc." and aapl["FY"]["text"] == "2024"
    assert aapl["Revenue"]["text"] == "$391.0 billion" and float(aapl["Revenue"]["sort"]) == 391_035e6
    assert aapl["Growth"]["text"] == "2.0%"
    assert float(aapl["Growth"]["sort"]) == pytest.approx(7_750 / 383_285, abs=1e-9)
    assert aapl["Operating margin"]["text"] == "31.5%"
    assert float(aapl["Operating margin"]["sort"]) == pytest.approx(123_216 / 391_035, abs=1e-9)
    assert aapl["Free cash flow"]["text"] == "$108.8 billion"
    assert float(aapl["Free cash flow"]["sort"]) == pytest.approx(108_807e6)
    assert aapl["status"]["text"] == "ok" and "AAPL.html" in table.links
    # the IT figure and its source are the briefing's own (its IT view)
    it = Briefing("AAPL", fiscal_year=2024).it
    assert float(aapl["IT spend % of revenue"]["sort"]) == it.value("it_pct_revenue", 2024)
    assert aapl["IT spend source"]["text"] == "estimate" == it.spend.source
    assert aapl["IT spend source"]["title"] == it.spend.label
    # a bank has no operating margin: a dash, sorted last; its IT spend is disclosed
    jpm = rows["JPM"]
    assert jpm["Operating margin"]["text"] == "—" and jpm["Operating margin"]["sort"] == ""
    assert jpm["IT spend source"]["text"] == "disclosed"
    assert rows["LARKSPUR"]["IT spend source"]["text"] == "budget"
    # a failed briefing: listed with its error, no figures, no link
    hostile = rows["hostile"]
    assert hostile["status"]["text"] == "failed" and "onerror" in hostile["error"]["text"]
    assert hostile["Revenue"]["text"] == "—" and "hostile.html" not in table.links
    # every piece of text is escaped
    assert "<img" not in html and "&lt;img src=x" in html
    assert "Johnson &amp; Johnson" in html and "Johnson & Johnson" not in html


def test_the_manifest_carries_the_same_headline_figures(portfolio):
    out, _ = portfolio
    manifest = {b["name"]: b for b in json.loads((out / "manifest.json").read_text())["briefings"]}
    aapl = manifest["AAPL"]["headline"]
    assert aapl["revenue"] == 391_035e6 and aapl["fiscal_year"] == 2024 and aapl["currency"] == "USD"
    assert aapl["free_cash_flow"] == pytest.approx(108_807e6)
    assert aapl["ratios"]["operating_margin"]["2023"] == pytest.approx(114_301 / 383_285, abs=1e-9)
    assert manifest["JPM"]["headline"]["operating_margin"] is None
    assert manifest["hostile"]["headline"] is None
    # computed by the same objects the briefing notebook uses
    jnj = Briefing("JNJ")
    assert manifest["JNJ"]["headline"]["revenue_growth"] == jnj.ratio_table.value("revenue_growth", jnj.year)
    assert manifest["JNJ"]["headline"] == headline({"target": "JNJ"})


def test_the_comparison_page_puts_the_companies_side_by_side(portfolio):
    out, _ = portfolio
    html = (out / "compare.html").read_text()
    table = Table(html)
    labels = [c["text"] for c in table.header[0]]
    assert labels[:2] == ["company", "FY"] and len(labels) == 2 + len(COMPARE)
    rows = {r[0]["text"].split()[-1]: dict(zip(labels, r)) for r in table.rows}
    assert list(rows) == ["AAPL", "JPM", "JNJ", "LARKSPUR"]  # the failed briefing has no figures
    aapl = rows["AAPL"]
    assert aapl["Operating margin"]["text"] == "31.5%"
    assert "FY2023 29.8%" in aapl["Operating margin"]["title"]  # 114,301 / 383,285
    assert rows["JPM"]["Efficiency ratio"]["text"].endswith("%") and rows["AAPL"]["Efficiency ratio"]["text"] == "—"
    assert table.svgs >= 4 * 4  # a small chart for each company's ratios with two years or more
    assert "index.html" in table.links or 'href="index.html"' in html


def test_index_and_comparison_page_work_offline_in_a_real_browser(portfolio):
    require_browser()
    out, _ = portfolio
    for page_name in ("index.html", "compare.html"):
        page = open_page(out / page_name, f"portfolio-{page_name}")
        assert page.console_errors == [], page.console_errors
        assert page.remote_requests == []
    # the script ran: it counts the rows shown
    assert "5 of 5 shown" in open_page(out / "index.html", "portfolio-index").text


def test_sorting_and_filtering_in_the_browser(portfolio):
    require_browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    out, _ = portfolio
    driver = new_driver()
    try:
        driver.get((out / "index.html").resolve().as_uri())
        names = lambda: [r.text.split()[0] for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr")  # noqa: E731
                         if r.is_displayed()]
        revenue = driver.find_elements(By.CSS_SELECTOR, "thead th")[3]
        revenue.click()  # ascending; the failed briefing (no revenue) last
        assert names() == ["LARKSPUR", "JNJ", "JPM", "AAPL", "hostile"]
        revenue.click()  # descending
        assert names()[:4] == ["AAPL", "JPM", "JNJ", "LARKSPUR"]
        driver.find_element(By.ID, "filter").send_keys("johnson")
        assert names() == ["JNJ"]
        driver.find_element(By.ID, "filter").clear()
        Select(driver.find_element(By.ID, "status")).select_by_visible_text("failed")
        assert names() == ["hostile"]
        assert driver.find_element(By.ID, "count").text == "1 of 5 shown"
    finally:
        driver.quit()


# --- a foreign manifest, bidi controls, and how often a batch rewrites the pages ---------------

def _outcome(name: str, target: str, status: str = "ok", **kw):
    """A finished briefing as the batch records it; a fresh fingerprint each time, so the
    headline figures are looked up (never served from this process's cache)."""
    import uuid

    from finlit.briefing.batch import Outcome

    html, ipynb = (f"{name}.html", f"{name}.ipynb") if status == "ok" else ("", "")
    return Outcome(name, status, {"target": target}, html, ipynb, 1.0, 1, kw.get("error", ""), 0.0,
                   kw.get("fingerprint") or uuid.uuid4().hex)


def _write(out: Path, rows) -> dict:
    from finlit.briefing.portfolio import write_portfolio

    manifest = {"finlit": "test", "summary": {"ok": 0, "skipped": 0, "failed": 0},
                "briefings": [{"name": o.name, "status": o.status, "fingerprint": o.fingerprint} for o in rows]}
    write_portfolio(out, rows, manifest, "2026-11-30T09:00:00+0000", "test")
    return json.loads((out / "manifest.json").read_text())


@pytest.mark.parametrize("foreign", ["[1, 2]", '{"x": 1}', "null", '"text"', '{"briefings": 5}',
                                     '{"briefings": {"AAPL": 1}}', '{"briefings": [1, "AAPL", {"x": 1}]}',
                                     'SAME_FINGERPRINT_ODD_HEADLINE'])
def test_a_foreign_manifest_gives_no_previous_figures(tmp_path, foreign):
    row = _outcome("AAPL", "AAPL")
    if foreign == "SAME_FINGERPRINT_ODD_HEADLINE":  # a finlit-looking entry whose figures are not figures
        foreign = json.dumps({"briefings": [{"name": "AAPL", "fingerprint": row.fingerprint,
                                             "headline": "$391 billion"}]})
    (tmp_path / "manifest.json").write_text(foreign)
    manifest = _write(tmp_path, [row])  # figures computed afresh, the foreign file replaced
    assert manifest["briefings"][0]["headline"] == headline({"target": "AAPL"})
    assert Table((tmp_path / "index.html").read_text()).by("briefing")["AAPL"]["company"]["text"] == "Apple Inc."


def test_bidi_controls_never_reach_the_index_or_the_comparison_page(tmp_path):
    from finlit.markup import BIDI_CONTROLS

    template = Path(__file__).parents[1] / "data" / "templates" / "example_company.csv"
    text = "\n".join("company,Evil\u202eslx.exe Corp" if line.startswith("company,") else line
                     for line in template.read_text().splitlines())
    (tmp_path / "mine.csv").write_text(text + "\n")
    rows = [_outcome("mine\u202egpj", str(tmp_path / "mine.csv")),
            _outcome("bad\u2066x\u2069", str(tmp_path / "no\u202esuch.csv"), status="failed",
                     error="no such file no\u202esuch.csv \u200f\u061c")]
    _write(tmp_path, rows)
    for page in ("index.html", "compare.html"):
        html = (tmp_path / page).read_text()
        assert not BIDI_CONTROLS.search(html), page
        assert "Evilslx.exe Corp" in html and "minegpj" in html
    index = Table((tmp_path / "index.html").read_text()).by("briefing")
    assert list(index) == ["minegpj", "badx"] and "minegpj.html" in Table((tmp_path / "index.html").read_text()).links
    assert index["badx"]["company"]["text"] == "nosuch.csv" and index["badx"]["error"]["text"] == "no such file nosuch.csv"


def _counting_rewrites(monkeypatch) -> list[set]:
    """Each rewrite of the portfolio pages, as the names of the briefings it listed."""
    from finlit.briefing import portfolio

    rewrites, real = [], portfolio.write_portfolio

    def counted(out, rows, manifest, started, version):
        rewrites.append({o.name for o in rows})
        real(out, rows, manifest, started, version)

    monkeypatch.setattr(portfolio, "write_portfolio", counted)
    return rewrites


def slow_notebook(path: Path) -> Path:
    """The tiny notebook, sleeping $FINLIT_TEST_SLOW_SECONDS for the target MSFT."""
    nb = nbformat.read(str(tiny_notebook(path)), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import os, time\ntime.sleep(float(os.environ.get('FINLIT_TEST_SLOW_SECONDS', '0')) if target == 'MSFT' else 0)"))
    nbformat.write(nb, str(path))
    return path


def test_a_batch_rewrites_its_pages_a_bounded_number_of_times_and_ends_complete(tmp_path, monkeypatch):
    from finlit.briefing import batch

    targets = ("AAPL", "MSFT", "JPM", "JNJ", "LARKSPUR")
    (tmp_path / "batch.toml").write_text('out = "out"\n' + "".join(f'[[briefing]]\ntarget = "{t}"\n' for t in targets))
    rewrites = _counting_rewrites(monkeypatch)
    monkeypatch.setattr(batch, "REWRITE_EVERY", 3600.0, raising=False)  # nothing in between: the start and the end
    book = tiny_notebook(tmp_path / "tiny.ipynb")
    assert run_batch(tmp_path / "batch.toml", jobs=2, notebook=book, log=lambda line: None) == 0
    assert rewrites == [set(), set(targets)]  # not once a briefing: 2 rewrites, not 7
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text())
    assert [b["name"] for b in manifest["briefings"]] == list(targets)
    assert manifest["summary"] == {"ok": 5, "skipped": 0, "failed": 0}
    assert all(b["status"] == "ok" and b["headline"]["revenue"] for b in manifest["briefings"])
    assert list(Table((out / "index.html").read_text()).by("briefing")) == list(targets)
    assert len(Table((out / "compare.html").read_text()).rows) == len(targets)


def test_a_finished_briefing_shows_in_the_index_while_a_slow_one_runs(tmp_path, monkeypatch):
    import time

    from finlit.briefing import batch

    (tmp_path / "batch.toml").write_text('out = "out"\n[[briefing]]\ntarget = "AAPL"\n[[briefing]]\ntarget = "MSFT"\n')
    rewrites = _counting_rewrites(monkeypatch)
    monkeypatch.setattr(batch, "REWRITE_EVERY", 3.0, raising=False)
    monkeypatch.setenv("FINLIT_TEST_SLOW_SECONDS", "12")
    book = slow_notebook(tmp_path / "slow.ipynb")
    started = time.monotonic()
    assert run_batch(tmp_path / "batch.toml", jobs=2, notebook=book, log=lambda line: None) == 0
    elapsed = time.monotonic() - started
    assert {"AAPL"} in rewrites  # AAPL listed while MSFT still ran (at once, or when the interval passed)
    assert rewrites[-1] == {"AAPL", "MSFT"}
    assert len(rewrites) <= 2 + elapsed / 3.0 + 1
