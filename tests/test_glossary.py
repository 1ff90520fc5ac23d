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


def test_links_point_at_one_glossary_section_that_defines_each_term_once():
    from finlit.explain.glossary import GlossarySection, glossary_html, link_terms_html, term_anchor

    html = link_terms_html('<b>Acme</b>: TCO, then TCO and gross margin.')
    assert html.count('href="#finlit-term-tco"') == 1 and "&lt;b&gt;" in html and "<dfn" not in html
    assert GLOSSARY["TCO"].definition not in html                      # linked, not repeated
    section = glossary_html(["TCO", "gross margin", "TCO"])
    assert section.count("<dt>") == 2 and f'id="{term_anchor("TCO")}"' in section
    assert section.index("<dt>Gross margin</dt>") < section.index("<dt>TCO</dt>")   # alphabetical
    assert section.count(GLOSSARY["TCO"].explain().split(".")[0]) == 1
    md = GlossarySection(["payback"])
    assert str(md).startswith("- **Payback**:") and md._repr_html_().count("<dt>") == 1
    assert term_anchor("capitalised software") == "finlit-term-capitalised-software"


def test_first_use_keeps_the_order_of_the_terms_a_document_used():
    doc = FirstUse()
    assert doc.add(["NPV", "IRR", "NPV"]) == ["NPV", "IRR"] and doc.add(["IRR", "TCO"]) == ["TCO"]
    assert doc.terms == ["NPV", "IRR", "TCO"] and doc.glossary().keys == ["IRR", "NPV", "TCO"]


def test_to_html_and_to_markdown_define_each_term_once_at_the_end():
    import finlit
    from finlit.explain import explain_company, term_anchor, to_html, to_markdown

    items = explain_company(finlit.load("LARKSPUR"), 2025, ratios=["gross_margin", "operating_margin"])
    html = to_html(items)
    terms = list(dict.fromkeys(t for e in items for t in e.terms))
    assert html.count('<dl class="finlit-glossary">') == 1 and html.rstrip().endswith("</dl>")
    for key in terms:
        assert html.count(f"<dt>{GLOSSARY[key].term}</dt>") == 1, key
    for key in {t.key for e in items for t in terms_in(e.text)}:   # linked at first use only
        assert html.count(f'href="#{term_anchor(key)}"') == 1, key
    assert "<dd>" not in html.split('<dl class="finlit-glossary">')[0]     # none under paragraphs
    md = to_markdown(items)
    body, glossary = md.split("**Glossary**")
    assert "- *" not in body and all(glossary.count(f"- *{GLOSSARY[k].term}*:") == 1 for k in terms)
