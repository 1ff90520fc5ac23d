"""Explanations: readable (Flesch-Kincaid ≤ 10), jargon defined, outside text escaped,
reasons instead of missing numbers, trend words on hand-made series."""
import dataclasses
import math
import re

import pytest

import finlit
from finlit.company import Company
from finlit.explain import (GLOSSARY, Explanation, explain_balance, explain_cashflow,
                            explain_company, explain_income, explain_ratio, to_html, to_markdown,
                            what_it_means_for_it)
from finlit.explain.glossary import terms_in
from finlit.explain.text import (change_verb, compare_words, count_syllables, escape_html,
                                 escape_markdown, flesch_kincaid_grade, growth_words, money_words,
                                 per_hundred, per_hundred_sentence, split_sentences, streak,
                                 streak_words, trend_words)

MAX_GRADE = 10.0


@pytest.fixture(scope="module")
def companies():
    return {info.ticker: finlit.load(info.ticker) for info in finlit.companies()}


@pytest.fixture(scope="module")
def everything(companies):
    """Every explanation (3 statements, every ratio, the summary) for every company and year."""
    out = []
    for ticker, company in companies.items():
        for year in company.years:
            for e in explain_company(company, year):
                out.append((ticker, year, e))
    return out


# --- every bundled company, every year ---------------------------------------------------------

def test_there_is_an_explanation_for_everything(everything, companies):
    n_ratios = len(finlit.ratios.default_keys())
    years = sum(len(c.years) for c in companies.values())
    assert len(everything) == years * (3 + n_ratios + 1)
    assert all(e.text.strip() for _, _, e in everything)


def test_every_explanation_reads_at_grade_10_or_below(everything):
    grades = [(flesch_kincaid_grade(e.full_text()), t, y, e.title) for t, y, e in everything]
    too_hard = [g for g in grades if g[0] > MAX_GRADE]
    assert not too_hard, too_hard[:5]
    # the paragraph alone, without its definitions, is plain too
    assert max(flesch_kincaid_grade(e.text) for _, _, e in everything) <= MAX_GRADE


def test_every_glossary_term_used_is_defined(everything):
    for ticker, year, e in everything:
        seen = {t.key for t in terms_in(e.full_text())}
        assert seen <= set(e.terms), (ticker, year, e.title, seen - set(e.terms))
        assert len(e.definitions()) == len(e.terms)
        for key in e.terms:
            assert GLOSSARY[key].definition


# acronyms that are everyday words for the audience or names, not finance jargon
NOT_JARGON = {"IT", "FY", "USD", "CIO", "II", "III", "AI"}


def test_no_undefined_acronyms(everything, companies):
    names = {w for c in companies.values() for w in re.findall(r"[A-Z]{2,}", c.name)}
    names |= set(companies)
    for ticker, year, e in everything:
        for word in re.findall(r"\b[A-Z]{2,}[a-z]?\b", e.text):
            if word in NOT_JARGON or word in names or re.fullmatch(r"FY\d*", word):
                continue
            assert word in e.terms or any(word in GLOSSARY[k].aliases for k in e.terms), (ticker, e.title, word)


def test_summary_is_short_one_or_two_sentences_a_topic(companies):
    for company in companies.values():
        for year in company.years:
            s = what_it_means_for_it(company, year)
            assert 3 <= len(split_sentences(s.text)) <= 9, s.text


# --- content anchors ---------------------------------------------------------------------------

def test_apple_fy2023_net_margin_says_25_of_every_100(companies):
    e = explain_ratio(companies["AAPL"], "net_margin", 2023)
    assert "For every $100 of sales, Apple Inc. kept $25 as profit in FY2023" in e.text
    assert e.value == pytest.approx(0.2531, abs=1e-4)
    assert "about the same as the year before" in e.text  # FY2022 was 25.31% too
    # why it matters depends on the value: Apple's margin is wide for its industry, not thin
    assert "wide for its industry" in e.text and "payback" not in e.text


def test_income_statement_says_what_happened_and_why_it_matters(companies):
    e = explain_income(companies["AAPL"], 2023)
    assert "$383.3 billion" in e.text and "a little less than the year before" in e.text
    assert "$44 of every $100" in e.text  # gross margin 44.1%
    assert "Why IT should care" in e.text
    snow = explain_income(companies["SNOW"], 2025)
    assert "operating loss" in snow.text and "net loss" in snow.text


def test_balance_sheet_with_negative_equity(companies):
    e = explain_balance(companies["SBUX"], 2024)
    assert "equity was negative" in e.text
    assert "Equity is negative" in e.text and "debt to equity cannot be read" in e.text


# --- the cut-offs are the ratio catalogue's --------------------------------------------------------

def _with(monkeypatch, key, **fields):
    """Replace a registered ratio's fields for one test (the registry is the one place they live)."""
    from finlit.ratios import RATIOS

    monkeypatch.setitem(RATIOS, key, dataclasses.replace(RATIOS[key], **fields))


def test_margin_words_follow_the_industry_else_the_registry(companies, monkeypatch):
    apple = companies["AAPL"]  # net margin 25.3% in FY2023, the industry's 16.8%: "wide"
    assert "a wide margin" in explain_income(apple, 2023).text
    assert "a wide margin" in what_it_means_for_it(apple, 2023).text.lower()
    # without an industry figure, the registry's general rule decides
    monkeypatch.setattr("finlit.judge.performance.typical_margins", lambda industry: None)
    _with(monkeypatch, "net_margin", thresholds={"thin": 0.30, "wide": 0.50})
    apple.memo.clear()
    try:
        assert "with a thin margin" in explain_income(apple, 2023).text
        assert "thin by a general rule" in what_it_means_for_it(apple, 2023).text
    finally:
        apple.memo.clear()


def test_it_ratios_can_be_explained_too(companies):
    e = explain_ratio(companies["LARKSPUR"], "it_pct_revenue", 2025)
    assert "3.1%" in e.text and "No side is better" not in e.text and e.grade() <= MAX_GRADE
    gap = explain_ratio(companies["LARKSPUR"], "growth_gap_pp", 2025)
    assert "minus 9.0 percentage points" in gap.text
    missing = explain_ratio(companies["AAPL"], "it_per_employee", 2025)
    assert "employees (headcount) not available" in missing.text and "No side is better" in missing.text


# --- missing values give a reason, not a number --------------------------------------------------

def test_missing_ratio_gives_the_reason(companies):
    e = explain_ratio(companies["SBUX"], "return_on_equity", 2024)
    assert math.isnan(e.value)
    assert e.reason and e.reason.startswith("shareholders' equity is negative")
    assert "not available" in e.text and e.reason in e.text
    assert not re.search(r"\d+(\.\d+)?%", e.text)  # no made-up percent


def test_missing_statement_gives_the_reason(companies):
    e = explain_cashflow(companies["MSFT"], 2024)
    assert e.reason and "no cash-flow statement" in e.text
    assert not re.search(r"\$\d", e.text)


def test_a_bank_income_statement_is_read_as_a_bank_reports_it(companies):
    e = explain_income(companies["JPM"], 2024)
    assert e.text.startswith("JPMorgan Chase & Co. had total net revenue of")
    assert "gross profit" not in e.text and "operating income" not in e.text
    assert "healthy for its industry" in e.text  # a 35% net margin is a large bank's usual


def test_year_not_in_the_data(companies):
    e = explain_income(companies["AAPL"], 1999)
    assert "FY1999 is not in the data" in e.reason


def test_first_year_growth_has_a_reason(companies):
    apple = companies["AAPL"]
    e = explain_ratio(apple, "revenue_growth", apple.years[0])
    assert e.reason and "previous year" in e.reason


# --- escaping of outside text ------------------------------------------------------------------

EVIL = '<script>alert("x")</script> *Bold* _under_ [link](http://x) Co'


@pytest.fixture(scope="module")
def evil(companies):
    apple = companies["AAPL"]
    return Company(dataclasses.replace(apple.info, name=EVIL), apple.facts, list(apple.notes))


def test_company_name_is_escaped_in_html(evil):
    items = explain_company(evil, 2023, ratios=["net_margin", "return_on_equity"])
    html = to_html(items)
    assert "<script>" not in html and "&lt;script&gt;" in html
    for e in items:
        assert "<script" not in e.html()
    assert EVIL in items[0].text  # the plain text keeps the name as it is


def test_company_name_is_escaped_in_markdown(evil):
    mistune = pytest.importorskip("mistune")
    items = explain_company(evil, 2023, ratios=["net_margin"])
    md = to_markdown(items)
    assert "\\*Bold\\*" in md and "\\<script\\>" in md
    rendered = mistune.html(md)
    assert "<script" not in rendered
    assert "<em>Bold</em>" not in rendered and "<a href" not in rendered
    assert "*Bold*" in rendered and "[link](http://x)" in rendered


def test_escape_helpers():
    assert escape_html('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    md = escape_markdown("# Title\n- item *x* `code` <b>")
    assert "\n" not in md and md.startswith("\\#")
    assert "\\*x\\*" in md and "\\`code\\`" in md and "\\<b\\>" in md
    assert escape_markdown("1. first") == "1\\. first"


def test_definitions_appear_once_per_document(companies):
    items = explain_company(companies["AAPL"], 2023, ratios=["gross_margin", "net_margin"])
    html = to_html(items)
    assert html.count("<dt>Revenue</dt>") == 1
    md = to_markdown(items)
    assert md.count("- *Revenue*:") == 1


# --- trend words on hand-made series -------------------------------------------------------------

@pytest.mark.parametrize("series,words", [
    ([100, 101], "stayed about the same"),      # +1%: below 2%
    ([100, 103], "grew a little"),              # +3%
    ([100, 110], "grew"),                       # +10%
    ([100, 150], "grew sharply"),               # +50%
    ([100, 97], "fell a little"),
    ([100, 90], "fell"),
    ([100, 60], "fell sharply"),
    ([100, float("nan"), 120], "grew sharply"),  # NaN skipped
    ([-50, 20], "grew sharply"),                # a loss turned into a profit
    ([42], "has no earlier year to compare with"),
])
def test_trend_words(series, words):
    assert trend_words(series) == words


def test_trend_words_in_percentage_points():
    # percent ratios move by points: 25% → 26% is one point, "a little"
    assert compare_words(0.26, 0.25, "percent") == "a little more than the year before"
    assert compare_words(0.2531, 0.2531, "percent") == "about the same as the year before"
    assert change_verb(0.30, 0.20, "percent") == "grew sharply"
    assert compare_words(0.22, 0.25, "percent") == "less than the year before"


def test_streaks_and_growth_words():
    assert streak([1, 2, 3, 4]) == 3 and streak([10, 8, 6]) == -2 and streak([100, 101]) == 0
    assert streak_words([10, 12, 15, 19]) == "the third rise in a row"
    assert growth_words(0.071) == "grew 7%" and growth_words(-0.25) == "fell 25%"


def test_numbers_in_words():
    assert money_words(383285e6) == "$383.3 billion"
    assert money_words(96995e6) == "$97.0 billion"
    assert money_words(836e6) == "$836 million"
    assert money_words(4.0e12) == "$4.0 trillion"
    assert money_words(45000) == "$45,000"
    assert money_words(-1.2e9, "EUR") == "-€1.2 billion"
    assert per_hundred(0.2531) == "$25" and per_hundred(0.004) == "40 cents"
    assert per_hundred_sentence(0.2531, "Apple", 2023) == \
        "For every $100 of sales, Apple kept $25 as profit in FY2023"


# --- the readability formula itself ------------------------------------------------------------

def test_syllable_heuristic_is_close_to_the_dictionary():
    # dictionary syllable counts (Merriam-Webster) for words finlit's text uses
    words = {"revenue": 3, "profit": 2, "company": 3, "business": 2, "every": 3, "sales": 1,
             "margin": 2, "operating": 4, "income": 2, "equity": 3, "liabilities": 5, "assets": 2,
             "cash": 1, "flow": 1, "debt": 1, "interest": 3, "depreciation": 5, "amortization": 5,
             "capital": 3, "expenditure": 4, "year": 1, "before": 2, "little": 2, "more": 1,
             "sharply": 2, "inventory": 4, "receivables": 4, "payables": 3, "invest": 2,
             "project": 2, "payback": 2, "budget": 2, "servers": 2, "cloud": 1, "software": 2,
             "hardware": 2, "owners": 2, "shares": 1, "dividends": 3, "bought": 1, "used": 1}
    right = sum(count_syllables(w) == n for w, n in words.items())
    assert right / len(words) >= 0.85
    assert all(abs(count_syllables(w) - n) <= 1 for w, n in words.items())


def test_flesch_kincaid_grade_orders_texts():
    easy = "The cat sat on the mat. It was warm. The sun was out."
    hard = ("Notwithstanding considerable macroeconomic uncertainty, consolidated operating "
            "profitability deteriorated substantially, necessitating comprehensive organizational "
            "restructuring initiatives.")
    assert flesch_kincaid_grade(easy) < 2 < MAX_GRADE < flesch_kincaid_grade(hard)
    assert flesch_kincaid_grade("") == 0.0
    # abbreviations such as Inc. do not end a sentence
    assert len(split_sentences("Apple Inc. sold more. It kept $25.")) == 2


def test_explanation_object():
    e = Explanation("T", "EBITDA grew.", subject="x")
    assert e.terms[0] == "EBITDA" and "depreciation" in e.terms
    assert str(e) == "EBITDA grew."
    assert "<dfn" in e._repr_html_()
