"""The explanation object: a generated paragraph, its glossary terms, and its HTML/Markdown.

>>> e = Explanation("Profit", "Gross margin grew.", subject="gross_margin")
>>> e.terms
('gross margin', 'gross profit', 'revenue')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..markup import escape_html, escape_markdown
from .glossary import GLOSSARY, mark_terms_html, with_definitions_used
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

    def html(self, skip: Iterable[str] = ()) -> str:
        """The paragraph as escaped HTML: terms at first use in <dfn title=…>, definitions below."""
        body = mark_terms_html(self.text, self.terms, skip)
        defs = [k for k in self.terms if k not in set(skip)]
        out = [f'<div class="finlit-explanation"><p><strong>{escape_html(self.title)}</strong> {body}</p>']
        if defs:
            out.append('<dl class="finlit-glossary">' + "".join(
                f"<dt>{escape_html(GLOSSARY[k].term)}</dt><dd>{escape_html(GLOSSARY[k].explain())}</dd>"
                for k in defs) + "</dl>")
        out.append("</div>")
        return "".join(out)

    def markdown(self, skip: Iterable[str] = ()) -> str:
        """The paragraph as escaped Markdown with a bold title and the definitions as a list."""
        lines = [f"**{escape_markdown(self.title)}** {escape_markdown(self.text)}"]
        defs = [k for k in self.terms if k not in set(skip)]
        if defs:
            lines.append("")
            lines += [f"- *{escape_markdown(GLOSSARY[k].term)}*: {escape_markdown(GLOSSARY[k].explain())}"
                      for k in defs]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.html()

    def __str__(self) -> str:
        return self.text
