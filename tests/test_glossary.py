"""The glossary: data in finlit.data, plain definitions, jargon found and defined at first use."""
from importlib.resources import files

import pytest

from finlit.explain.glossary import (GLOSSARY, FirstUse, define_at_first_use, find_terms,
                                     glossary_markdown, load_glossary, lookup, mark_terms_html,
                                     terms_in, with_definitions_used)
from finlit.explain.text import flesch_kincaid_grade

REQUIRED = ["revenue", "gross margin", "operating income", "EBITDA", "depreciation", "amortization",
            "capex", "opex", "free cash flow", "working capital", "liquidity", "solvency", "equity",
            "liabilities", "assets", "fiscal year", "accrual", "receivables", "inventory", "payables",
            "margin", "basis point", "percentage point", "ROI", "NPV", "IRR", "payback", "TCO",
            "chargeback", "showback", "capitalised software"]


def test_glossary_is_data_shipped_in_the_package():
    resource = files("finlit.data").joinpath("glossary.toml")
    assert resource.is_file()
    assert load_glossary(resource.read_text(encoding="utf-8")) == GLOSSARY


@pytest.mark.parametrize("key", REQUIRED)
def test_required_terms_are_defined(key):
    assert key in GLOSSARY and GLOSSARY[key].definition


def test_every_definition_reads_at_grade_10_or_below():
    grades = {k: flesch_kincaid_grade(t.sentence()) for k, t in GLOSSARY.items()}
    assert max(grades.values()) <= 10, sorted(grades.items(), key=lambda kv: -kv[1])[:3]


def test_most_terms_have_an_it_analogy():
    with_analogy = [k for k, t in GLOSSARY.items() if t.analogy]
    assert len(with_analogy) >= 0.6 * len(GLOSSARY)
    for key in ("depreciation", "capex", "opex", "TCO", "chargeback", "showback", "payback"):
        assert GLOSSARY[key].analogy


def test_aliases_belong_to_one_term_only():
    forms = {}
    for key, term in GLOSSARY.items():
        for form in (key, *term.aliases):
            assert form.lower() not in forms, (form, forms.get(form.lower()), key)
            forms[form.lower()] = key


def test_definitions_use_only_defined_terms():
    for key, term in GLOSSARY.items():
        for used in with_definitions_used(term.sentence()):
            assert used in GLOSSARY


def test_longest_match_and_case_rules():
    assert [k for *_, k in find_terms("Gross margin and operating margin beat the margin.")] == \
        ["gross margin", "operating margin", "margin"]
    assert find_terms("the roi and the tco") == []          # acronyms keep their case
    assert [t.key for t in terms_in("ROI, TCO and NPV")] == ["ROI", "TCO", "NPV"]
    assert [t.key for t in terms_in("capital expenditure in FY2024")] == ["capex", "fiscal year"]
    assert find_terms("marginal") == [] and find_terms("revenue-based") == [(0, 7, "revenue")]
    assert lookup("accounts payable").key == "payables" and lookup("xyz") is None


def test_define_at_first_use_once_per_document():
    seen = set()
    first, new = define_at_first_use("EBITDA rose. EBITDA is popular.", seen)
    assert new == ["EBITDA"] and first.count("(earnings before interest") == 1
    again, new2 = define_at_first_use("EBITDA fell.", seen)
    assert again == "EBITDA fell." and new2 == []
    doc = FirstUse()
    assert doc.new_terms("Revenue and TCO.") == ["revenue", "TCO"]
    assert doc.definitions("TCO and payback.")[0].startswith("Payback:")


def test_html_marking_escapes_everything_else():
    html = mark_terms_html('<img src=x onerror="y"> TCO & TCO')
    assert "<img" not in html and "&lt;img" in html and "&amp;" in html
    assert html.count("<dfn") == 1


def test_markdown_glossary():
    md = glossary_markdown(["EBITDA", "TCO"])
    assert md.splitlines()[0].startswith("- **EBITDA**: Earnings before interest")


def test_bad_glossary_files_are_rejected():
    with pytest.raises(ValueError, match="twice"):
        load_glossary('[[term]]\nkey="a"\ndefinition="x"\n[[term]]\nkey="a"\ndefinition="y"')
    with pytest.raises(ValueError, match="definition"):
        load_glossary('[[term]]\nkey="a"\ndefinition=""')
