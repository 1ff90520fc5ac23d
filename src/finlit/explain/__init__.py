"""Plain-language explanations of statements and ratios, and the glossary.

Every paragraph is an `Explanation`: plain `text`, the glossary `terms` it uses,
the value it is about (or the `reason` it is missing), and escaped `html()` /
`markdown()` renderings.

>>> import finlit
>>> from finlit.explain import explain_ratio, explain_income, what_it_means_for_it
>>> apple = finlit.load("AAPL")
>>> "kept $25 as profit in FY2023" in explain_ratio(apple, "net_margin", 2023).text
True
>>> explain_income(apple, 2023).terms[:2]
('revenue', 'fiscal year')
>>> what_it_means_for_it(apple, 2023).title
'What this means for IT'

Helpers for writing more explanations (stable names, used by `finlit.explain.itspend`):

>>> from finlit.explain import money_words, trend_words, per_hundred_sentence
>>> money_words(383285e6), trend_words([100, 130])
('$383.3 billion', 'grew sharply')
"""
from .glossary import (GLOSSARY, FirstUse, GlossarySection, Term, active_document, define_at_first_use,
                       end_document, glossary_html, glossary_markdown, link_terms_html, lookup,
                       mark_terms_html, start_document, term_anchor, terms_in)
from .lessons import (explain_cloud, explain_cost_behaviour, explain_margin_effect, explain_project,
                      explain_tco, project_in_context)
from .ratios import explain_ratio, explain_ratios, what_it_means_for_it
from .statements import (explain_balance, explain_cashflow, explain_income, explain_statement,
                         explain_statements)
from .explanation import Explanation
from .text import (change_verb, compare_words, escape_html, escape_markdown,
                   flesch_kincaid_grade, growth_words, money_words, per_hundred,
                   per_hundred_sentence, percent_words, points_words, trend_words, value_words)


def explain_company(company, fiscal_year=None, ratios=None) -> list:
    """Every explanation for a company-year: the three statements, each ratio, then the summary.

    >>> import finlit
    >>> items = explain_company(finlit.load("LARKSPUR"), 2025, ratios=["net_margin"])
    >>> [e.title for e in items]
    ['Income statement', 'Balance sheet', 'Cash flow', 'Net margin', 'What this means for IT']
    """
    table = company.ratios()
    return [*explain_statements(company, fiscal_year),
            *explain_ratios(company, fiscal_year, ratios, table),
            what_it_means_for_it(company, fiscal_year, table)]


def _document_terms(explanations) -> list[str]:
    """Every glossary term the explanations use, each once, in order of first use."""
    return list(dict.fromkeys(t for e in explanations for t in e.terms))


def to_html(explanations) -> str:
    """Explanations as one HTML fragment: each glossary term linked at its first use to one
    glossary at the end, where each term is defined once.

    >>> import finlit
    >>> html = to_html(explain_company(finlit.load("AAPL"), 2023, ratios=["net_margin"]))
    >>> html.count("<dt>Revenue</dt>"), html.count('href="#finlit-term-revenue"')
    (1, 1)
    """
    explanations = list(explanations)
    seen, parts = set(), []
    for e in explanations:
        parts.append(e.html(skip=seen, definitions="link"))
        seen.update(e.terms)
    terms = _document_terms(explanations)
    if terms:
        parts.append(glossary_html(terms))
    return "\n".join(parts)


def to_markdown(explanations) -> str:
    """Explanations as Markdown paragraphs, then one glossary defining each term they use once.

    >>> import finlit
    >>> md = to_markdown(explain_company(finlit.load("AAPL"), 2023, ratios=["net_margin"]))
    >>> md.count("- *Revenue*:"), md.count("**Glossary**")
    (1, 1)
    """
    explanations = list(explanations)
    parts = [e.markdown(definitions="none") for e in explanations]
    terms = GlossarySection(_document_terms(explanations)).keys
    if terms:
        parts.append("**Glossary**\n\n" + "\n".join(
            f"- *{escape_markdown(GLOSSARY[k].term)}*: {escape_markdown(GLOSSARY[k].explain())}" for k in terms))
    return "\n\n".join(parts)


__all__ = ["GLOSSARY", "Explanation", "FirstUse", "GlossarySection", "Term", "active_document", "change_verb",
           "compare_words", "end_document", "glossary_html", "link_terms_html", "start_document", "term_anchor",
           "define_at_first_use", "escape_html", "escape_markdown", "explain_balance",
           "explain_cashflow", "explain_company", "explain_income", "explain_ratio",
           "explain_ratios", "explain_statement", "explain_statements", "flesch_kincaid_grade",
           "glossary_markdown", "growth_words", "lookup", "mark_terms_html", "money_words",
           "per_hundred", "per_hundred_sentence", "percent_words", "points_words", "terms_in",
           "to_html", "to_markdown", "trend_words", "value_words", "what_it_means_for_it"]
__all__ += ["explain_cloud", "explain_cost_behaviour", "explain_margin_effect", "explain_project",
            "explain_tco", "project_in_context"]  # the learning notebooks' words (explain/lessons.py)
