"""The explanation object: a generated paragraph, its glossary terms, and its HTML/Markdown.

>>> e = Explanation("Profit", "Gross margin grew.", subject="gross_margin")
>>> e.terms
('gross margin', 'gross profit', 'revenue')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..markup import escape_html, escape_markdown, no_math_html, no_math_markdown
from .glossary import GLOSSARY, active_document, link_terms_html, mark_terms_html, with_definitions_used
from .text import flesch_kincaid_grade


@dataclass
class Explanation:
    """A generated paragraph with what it is about and the glossary terms it uses.

    `text` is plain text (outside text such as the company name inserted as is);
    `html()` and `markdown()` escape it, so a company called `<script>` cannot inject
    markup. `terms` are the glossary keys found in the text, in order of first use,
    followed by the terms their definitions use (so every term a reader meets is
    defined); `definitions()` defines each one. `value` and `reason` carry the number the
    paragraph is about (NaN with a reason when it is missing).

    >>> e = Explanation("Profit", "Gross margin grew.", subject="gross_margin")
    >>> e.terms
    ('gross margin', 'gross profit', 'revenue')
    >>> e.markdown().startswith("**Profit**")
    True
    """

    title: str
    text: str
    subject: str = ""
    company: str = ""
    fiscal_year: int | None = None
    value: float = float("nan")
    reason: str | None = None
    extra_terms: tuple = ()
    terms: tuple = field(init=False)

    def __post_init__(self):
        self.terms = with_definitions_used(self.text, self.extra_terms)

    def definitions(self, skip: Iterable[str] = ()) -> list[str]:
        """'Gross margin: the share of each sale left after …' for each term, except `skip`."""
        skip = set(skip)
        return [GLOSSARY[k].sentence() for k in self.terms if k not in skip]

    def full_text(self, skip: Iterable[str] = ()) -> str:
        """The paragraph followed by the definitions of its terms: what a reader sees."""
        return " ".join([self.text, *self.definitions(skip)])

    def grade(self) -> float:
        """Flesch-Kincaid grade of `full_text()`."""
        return flesch_kincaid_grade(self.full_text())

    def html(self, skip: Iterable[str] = (), definitions: str = "below") -> str:
        """The paragraph as escaped HTML. `definitions` says where its terms are defined:

        - "below": each term at first use in <dfn title=…> and a list of the definitions
          under the paragraph (a paragraph read on its own);
        - "tooltip": the <dfn> tooltips only (a notebook whose glossary is at its end);
        - "link": each term at first use linked to its entry in the page's one glossary
          section (`finlit.explain.glossary.glossary_html`); no definition is repeated.

        Terms in `skip` (already defined or linked earlier in the document) are left plain.

        >>> e = Explanation("Profit", "Gross margin grew.")
        >>> e.html().count("<dd>"), e.html(definitions="tooltip").count("<dd>")
        (3, 0)
        >>> e.html(definitions="link")
        '<div class="finlit-explanation"><p><strong>Profit</strong> <a class="finlit-term" href="#finlit-term-gross-margin">Gross margin</a> grew.</p></div>'
        """
        if definitions not in ("below", "tooltip", "link"):
            raise ValueError(f"definitions={definitions!r}: use 'below', 'tooltip' or 'link'")
        mark = link_terms_html if definitions == "link" else mark_terms_html
        body = mark(self.text, self.terms, skip)
        out = [f'<div class="finlit-explanation"><p><strong>{escape_html(self.title)}</strong> {body}</p>']
        defs = [k for k in self.terms if k not in set(skip)] if definitions == "below" else []
        if defs:
            out.append('<dl class="finlit-glossary">' + "".join(
                f"<dt>{escape_html(GLOSSARY[k].term)}</dt><dd>{escape_html(GLOSSARY[k].explain())}</dd>"
                for k in defs) + "</dl>")
        out.append("</div>")
        return "".join(out)

    def markdown(self, skip: Iterable[str] = (), definitions: str = "below") -> str:
        """The paragraph as escaped Markdown with a bold title; `definitions="below"` adds the
        definitions of its terms (except `skip`) as a list, `"none"` leaves them to a glossary
        elsewhere in the document."""
        lines = [f"**{escape_markdown(self.title)}** {escape_markdown(self.text)}"]
        defs = [k for k in self.terms if k not in set(skip)] if definitions == "below" else []
        if defs:
            lines.append("")
            lines += [f"- *{escape_markdown(GLOSSARY[k].term)}*: {escape_markdown(GLOSSARY[k].explain())}"
                      for k in defs]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """In a notebook begun with `finlit.explain.glossary.start_document` (as
        `finlit.learn.setup()` does), the paragraph with tooltips only, its terms noted for
        the notebook's one glossary at the end; otherwise with its definitions below. Inside
        a MathJax-ignore container: "$27 of each $100" is money, never maths.

        >>> Explanation("Profit", "It kept $27 of each $100.")._repr_html_().split(">")[0]
        '<div class="finlit-output tex2jax_ignore mathjax_ignore"'
        """
        return no_math_html(self.html(definitions="tooltip") if self._noted_in_document() else self.html())

    def _repr_markdown_(self) -> str:
        """The Markdown view of a notebook output ('$' escaped, inside a MathJax-ignore block)."""
        return no_math_markdown(self.markdown(definitions="none") if self._noted_in_document()
                                else self.markdown())

    def _noted_in_document(self) -> bool:
        """True inside a notebook document, whose one glossary at the end then lists its terms."""
        document = active_document()
        if document is not None:
            document.add(self.terms)
        return document is not None

    def __str__(self) -> str:
        return self.text
