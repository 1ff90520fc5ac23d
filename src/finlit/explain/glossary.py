"""The glossary: finance words defined for IT people, kept as data (data/glossary.toml).

Each term has a plain definition (a noun phrase that reads after "Term:" and in
parentheses), an optional IT analogy and aliases. Jargon is found in any text
(`terms_in`) and defined at its first use in a document (`define_at_first_use`,
`FirstUse`); a page links each term at its first use (`link_terms_html`) to one glossary
section at its end (`glossary_html`, `GlossarySection`), and a notebook begun with
`start_document` collects the terms its explanations use for that one section.

>>> GLOSSARY["EBITDA"].definition.startswith("earnings before interest")
True
>>> [t.key for t in terms_in("EBITDA rose while capital expenditure fell in FY2024.")]
['EBITDA', 'capex', 'fiscal year']
>>> text, new = define_at_first_use("Free cash flow grew. Free cash flow is cash.")
>>> new
['free cash flow']
>>> text.startswith("Free cash flow (cash brought in by the business")
True
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterable

from ..markup import Markdown, escape_html, escape_markdown, no_math_html
from .text import sentence


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    key: str
    definition: str
    analogy: str = ""
    aliases: tuple = ()

    @property
    def term(self) -> str:
        """The term as a heading: 'Gross margin', 'EBITDA'."""
        return self.key if self.acronym else self.key[0].upper() + self.key[1:]

    @property
    def acronym(self) -> bool:
        return self.key.isupper()

    def sentence(self) -> str:
        """'Gross margin: gross profit as a share of revenue … .' plus the analogy when there is one.

        >>> GLOSSARY["payback"].sentence()
        'Payback: how long it takes for a project’s savings or gains to cover what it cost. A $60,000 tool that saves $2,000 a month pays back in 30 months.'
        """
        out = sentence(f"{self.term}: {self.definition}")
        return f"{out} {self.analogy}".strip() if self.analogy else out

    def explain(self) -> str:
        """The definition as a sentence, then the analogy (without the term in front)."""
        out = sentence(self.definition)
        return f"{out} {self.analogy}".strip() if self.analogy else out


def load_glossary(text: str | None = None) -> dict[str, Term]:
    """Read the glossary (the bundled data/glossary.toml, or TOML text in the same format).

    >>> load_glossary('[[term]]\\nkey = "TCO"\\ndefinition = "total cost of ownership"')["TCO"].aliases
    ()
    """
    if text is None:
        text = files("finlit.data").joinpath("glossary.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    out = {}
    for row in data.get("term", []):
        key = row["key"].strip()
        if not key or not row.get("definition", "").strip():
            raise ValueError(f"glossary entry {row!r} needs a key and a definition")
        if key in out:
            raise ValueError(f"glossary term {key!r} is defined twice")
        out[key] = Term(key, row["definition"].strip().rstrip("."), row.get("analogy", "").strip(),
                        tuple(a.strip() for a in row.get("aliases", ())))
    return out


GLOSSARY: dict[str, Term] = load_glossary()


_WORD_START = re.compile(r"(?<![A-Za-z0-9_\-'’])[A-Za-z]")
_FIRST_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=8)
def _index(keys: tuple) -> dict:
    """First word (lower case) → [(form in lower case, form, term key)], longest form first."""
    index: dict = {}
    for key in keys:
        term = GLOSSARY[key]
        for form in (term.key, *term.aliases):
            first = _FIRST_WORD.match(form).group().lower()
            index.setdefault(first, []).append((form.lower().replace("’", "'"), form, key))
    for forms in index.values():
        forms.sort(key=lambda f: -len(f[0]))
    return index


def find_terms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term key) for every use of a glossary term in `text`, in order.

    A use starts at the beginning of a word and ends at the end of one (digits may follow,
    as in 'FY2024'); the longest form wins ('gross margin', not 'margin'); acronyms must
    match their case ('TCO', not 'tco'); other terms match in any case.

    >>> find_terms("Gross margin and margin.")
    [(0, 12, 'gross margin'), (17, 23, 'margin')]
    >>> find_terms("the roi of TCO in FY2024")
    [(11, 14, 'TCO'), (18, 20, 'fiscal year')]
    """
    index = _index(tuple(GLOSSARY))
    lower = text.lower().replace("’", "'")
    out, end = [], 0
    for m in _WORD_START.finditer(text):
        pos = m.start()
        if pos < end:
            continue
        word = _FIRST_WORD.match(lower, pos).group()
        for low, form, key in index.get(word, ()):
            stop = pos + len(low)
            if lower.startswith(low, pos) and (stop == len(text) or not (text[stop].isalpha() or text[stop] == "_")):
                if form.isupper() and text[pos:stop] != form:
                    continue
                out.append((pos, stop, key))
                end = stop
                break
    return out


def terms_in(text: str) -> list[Term]:
    """The glossary terms used in a text, in order of first use, each once.

    >>> [t.key for t in terms_in("Revenue grew; revenues and TCO matter.")]
    ['revenue', 'TCO']
    """
    keys = dict.fromkeys(key for _, _, key in find_terms(text))
    return [GLOSSARY[k] for k in keys]


def with_definitions_used(text: str, extra: Iterable[str] = ()) -> tuple:
    """Keys of the terms in `text` (and `extra`), then of the terms their definitions and
    analogies use, and so on: everything a reader needs defined.

    >>> with_definitions_used("Gross margin fell.")
    ('gross margin', 'gross profit', 'revenue')
    """
    keys = list(dict.fromkeys([*(t.key for t in terms_in(text)), *extra]))
    i = 0
    while i < len(keys):
        term = GLOSSARY[keys[i]]
        for t in terms_in(f"{term.definition}. {term.analogy}"):
            if t.key not in keys:
                keys.append(t.key)
        i += 1
    return tuple(keys)


def lookup(word: str) -> Term | None:
    """The term for a word or alias, or None.

    >>> lookup("capital expenditure").key, lookup("nonsense")
    ('capex', None)
    """
    hits = find_terms(word)
    if hits and hits[0][0] == 0 and hits[0][1] == len(word):
        return GLOSSARY[hits[0][2]]
    return None


def define_at_first_use(text: str, seen: set | None = None) -> tuple[str, list[str]]:
    """Insert "(definition)" after the first use of each term not in `seen`.

    Returns the new text and the keys defined; `seen` (when given) is updated, so
    passing the same set through the paragraphs of a document defines each term once.

    >>> seen = set()
    >>> define_at_first_use("TCO counts.", seen)[0]
    'TCO (total cost of ownership: everything a system costs over its life, not just the price) counts.'
    >>> define_at_first_use("TCO again.", seen)
    ('TCO again.', [])
    """
    seen = set() if seen is None else seen
    out, last, new = [], 0, []
    for start, end, key in find_terms(text):
        if key in seen:
            continue
        seen.add(key)
        new.append(key)
        out.append(text[last:end])
        out.append(f" ({GLOSSARY[key].definition})")
        last = end
    out.append(text[last:])
    return "".join(out), new


class FirstUse:
    """Tracks which terms a document has defined: each is defined at its first use only,
    and `glossary()` lists every term the document used, once.

    >>> doc = FirstUse()
    >>> doc.new_terms("Revenue and EBITDA grew.")
    ['revenue', 'EBITDA']
    >>> doc.new_terms("EBITDA fell; payback is long.")
    ['payback']
    >>> doc.terms, doc.glossary().keys
    (['revenue', 'EBITDA', 'payback'], ['EBITDA', 'payback', 'revenue'])
    """

    def __init__(self):
        self.seen: set = set()
        self.terms: list = []

    def add(self, keys: Iterable[str]) -> list[str]:
        """Record terms as used (in order); returns those not used before."""
        out = [k for k in dict.fromkeys(keys) if k not in self.seen]
        self.seen.update(out)
        self.terms.extend(out)
        return out

    def new_terms(self, text: str) -> list[str]:
        """Terms in `text` not defined earlier in the document (now counted as defined)."""
        return self.add(t.key for t in terms_in(text))

    def definitions(self, text: str) -> list[str]:
        """Definition sentences for the new terms of `text`."""
        return [GLOSSARY[k].sentence() for k in self.new_terms(text)]

    def glossary(self) -> "GlossarySection":
        """Every term the document used, each once, in alphabetical order."""
        return GlossarySection(self.terms)


def mark_terms_html(text: str, keys: Iterable[str] | None = None, skip: Iterable[str] = ()) -> str:
    """Escaped HTML of `text` with the first use of each term wrapped in
    <dfn title="definition">; everything else, outside text included, is escaped.

    >>> mark_terms_html("<b>Acme</b> TCO")
    '&lt;b&gt;Acme&lt;/b&gt; <dfn title="total cost of ownership: everything a system costs over its life, not just the price">TCO</dfn>'
    """
    return _wrap_first_uses(text, keys, skip, lambda key, shown: (
        f'<dfn title="{escape_html(GLOSSARY[key].definition)}">{shown}</dfn>'))


def _wrap_first_uses(text: str, keys, skip, wrap) -> str:
    """Escaped HTML of `text` with the first use of each wanted term passed (escaped) to
    `wrap(key, shown)`."""
    wanted = set(GLOSSARY if keys is None else keys) - set(skip)
    out, last, done = [], 0, set()
    for start, end, key in find_terms(text):
        if key not in wanted or key in done:
            continue
        done.add(key)
        out.append(escape_html(text[last:start]))
        out.append(wrap(key, escape_html(text[start:end])))
        last = end
    out.append(escape_html(text[last:]))
    return "".join(out)


def glossary_markdown(keys: Iterable[str] | None = None) -> str:
    """The glossary (or some terms of it) as a Markdown list, escaped.

    >>> glossary_markdown(["TCO"]).startswith("- **TCO**: Total cost of ownership")
    True
    """
    keys = list(GLOSSARY) if keys is None else list(keys)
    return "\n".join(f"- **{escape_markdown(GLOSSARY[k].term)}**: {escape_markdown(GLOSSARY[k].explain())}"
                     for k in keys)


def term_anchor(key: str) -> str:
    """The HTML id of a term's entry in a glossary section (`glossary_html`), for links.

    >>> term_anchor("gross margin"), term_anchor("EBITDA")
    ('finlit-term-gross-margin', 'finlit-term-ebitda')
    """
    return "finlit-term-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def link_terms_html(text: str, keys: Iterable[str] | None = None, skip: Iterable[str] = ()) -> str:
    """Escaped HTML of `text` with the first use of each term (in `keys`, not in `skip`) linked
    to its entry in the page's glossary section (`glossary_html`); the definition itself is
    not repeated. Everything else, outside text included, is escaped.

    >>> link_terms_html("<b>Acme</b> TCO and TCO")
    '&lt;b&gt;Acme&lt;/b&gt; <a class="finlit-term" href="#finlit-term-tco">TCO</a> and TCO'
    """
    return _wrap_first_uses(text, keys, skip, lambda key, shown: (
        f'<a class="finlit-term" href="#{term_anchor(key)}">{shown}</a>'))


def _by_term(keys: Iterable[str]) -> list[str]:
    return sorted(dict.fromkeys(keys), key=lambda k: GLOSSARY[k].term.lower())


def glossary_html(keys: Iterable[str] | None = None) -> str:
    """The glossary section of a page: each term once, in alphabetical order, with the id
    that `link_terms_html` links to.

    >>> glossary_html(["TCO"])[:105]
    '<dl class="finlit-glossary"><div id="finlit-term-tco"><dt>TCO</dt><dd>Total cost of ownership: everything'
    """
    keys = _by_term(GLOSSARY if keys is None else keys)
    return '<dl class="finlit-glossary">' + "".join(
        f'<div id="{term_anchor(k)}"><dt>{escape_html(GLOSSARY[k].term)}</dt>'
        f"<dd>{escape_html(GLOSSARY[k].explain())}</dd></div>" for k in keys) + "</dl>"


class GlossarySection(Markdown):
    """A document's glossary, each term once in alphabetical order: Markdown in a terminal
    and a notebook's Markdown view, `glossary_html` in HTML.

    >>> g = GlossarySection(["payback", "TCO"])
    >>> g.keys, str(g).startswith("- **Payback**:"), g._repr_html_().count("<dt>")
    (['payback', 'TCO'], True, 2)
    """

    def __init__(self, keys: Iterable[str] | None = None):
        self.keys = _by_term(GLOSSARY if keys is None else keys)
        super().__init__(glossary_markdown(self.keys) if self.keys else "No glossary terms were used.")

    def _repr_html_(self) -> str:
        if not self.keys:
            return "<p>No glossary terms were used.</p>"
        return no_math_html(glossary_html(self.keys))


# --- the document a notebook is: its explanations share one glossary at the end -------------

_ACTIVE: list = [None]


def start_document() -> "FirstUse":
    """Begin a document (a notebook: `finlit.learn.setup()` calls this): from now on an
    `Explanation` shown in a notebook leaves its definitions out (its terms keep a tooltip)
    and adds its terms to the document, whose `glossary()` lists them once, at the end.

    >>> doc = start_document()
    >>> active_document() is doc
    True
    >>> end_document(); active_document() is None
    True
    """
    _ACTIVE[0] = FirstUse()
    return _ACTIVE[0]


def active_document() -> "FirstUse | None":
    """The document begun by `start_document`, or None."""
    return _ACTIVE[0]


def end_document() -> None:
    """Back to explanations that each show their own definitions."""
    _ACTIVE[0] = None
