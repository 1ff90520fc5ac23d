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

from browser import CHROMEDRIVER, CHROMIUM, open_page, require_browser
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
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    out, _ = portfolio
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
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
