"""Escaping outside text (company names, labels, file contents) for HTML and Markdown.

Bottom layer: display, explain, charts and the briefings all escape through here,
so a company called `<script>` can never inject markup anywhere.

>>> escape_html("<script>alert(1)</script>")
'&lt;script&gt;alert(1)&lt;/script&gt;'
>>> escape_markdown("*Bold* Corp_")
'\\\\*Bold\\\\* Corp\\\\_'
"""
from __future__ import annotations

import html
import re


# explicit bidirectional controls: embeddings, overrides, isolates and marks. Text never
# needs them to show right-to-left script correctly, and an override (U+202E) can make
# "Corp\u202eslx.exe" read as "Corpexe.xls": they are dropped from everything finlit escapes.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text: str) -> str:
    """TEXT without bidirectional control characters (no visual spoofing of names).

    >>> strip_bidi("Larkspur\u202eCorp")
    'LarkspurCorp'
    """
    return BIDI_CONTROLS.sub("", text)


def escape_html(text) -> str:
    """Escape text for HTML content and attribute values (& < > " '); bidi controls dropped.

    >>> escape_html('Fish & <b>"Chips"</b>')
    'Fish &amp; &lt;b&gt;&quot;Chips&quot;&lt;/b&gt;'
    >>> escape_html("evil\u202etxt.exe")
    'eviltxt.exe'
    """
    return html.escape(strip_bidi(str(text)), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")


def escape_markdown(text) -> str:
    """Escape text so Markdown (CommonMark, GitHub, Jupyter) shows it literally.

    Backslash-escapes every character that can start markup (\\ ` * _ { } [ ] < > ( ) # + ! | ~ & $,
    the last for notebook maths), a '-', '=' or 'N.' that would start a list or heading at the
    beginning of a line, and turns line breaks into spaces so outside text cannot open a block.

    >>> escape_markdown("<script>x</script> [a](b) 1. $5")
    '\\\\<script\\\\>x\\\\</script\\\\> \\\\[a\\\\]\\\\(b\\\\) 1. \\\\$5'
    >>> escape_markdown("- item")
    '\\\\- item'
    """
    text = re.sub(r"[\r\n]+", " ", str(text))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^(\s*)([-=])", r"\1\\\2", text)
    text = re.sub(r"^(\s*\d+)\.", r"\1\\.", text)
    return text


class Markdown:
    """Markdown text that shows as Markdown in a notebook and as itself in a terminal.

    >>> str(Markdown("**hi** $5"))
    '**hi** $5'
    >>> "\\\\$5" in Markdown("**hi** $5")._repr_markdown_()
    True
    """

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        """In a notebook: '$' escaped and inside a MathJax-ignore block, so money stays money."""
        return no_math_markdown(self.text)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


# --- notebook output: money is never maths ------------------------------------------------------
# JupyterLab (and classic Notebook) typeset text between two "$" as LaTeX, in Markdown and in HTML
# outputs alike; MathJax 2 and 3 skip every element inside one of these classes.

NO_MATH = "tex2jax_ignore mathjax_ignore"


def no_math_html(body: str, css_class: str = "finlit-output") -> str:
    """HTML wrapped in a container that MathJax leaves alone, so "$27 of each $100" stays text.

    >>> no_math_html("<p>$27 of each $100</p>")
    '<div class="finlit-output tex2jax_ignore mathjax_ignore"><p>$27 of each $100</p></div>'
    """
    return f'<div class="{escape_html(css_class)} {NO_MATH}">{body}</div>'


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def escape_dollars(markdown: str) -> str:
    """Markdown with every '$' outside code spans escaped ('\\$'), so notebooks show it as money.

    A '$' already escaped stays as it is; one inside `code` is left alone (it shows literally).

    >>> escape_dollars("It kept $27 of each \\\\$100; run `print('$')`")
    "It kept \\\\$27 of each \\\\$100; run `print('$')`"
    """
    out, at = [], 0
    for m in _CODE_SPAN.finditer(markdown):
        out.append(re.sub(r"(?<!\\)\$", r"\\$", markdown[at:m.start()]))
        out.append(m.group(0))
        at = m.end()
    out.append(re.sub(r"(?<!\\)\$", r"\\$", markdown[at:]))
    return "".join(out)


def no_math_markdown(markdown: str) -> str:
    """Markdown for a notebook output: '$' escaped and the whole inside a MathJax-ignore block.

    >>> no_math_markdown("Costs $5.")
    '<div class="finlit-output tex2jax_ignore mathjax_ignore">\\n\\nCosts \\\\$5.\\n\\n</div>'
    """
    return f'<div class="finlit-output {NO_MATH}">\n\n{escape_dollars(markdown)}\n\n</div>'


_INLINE = (
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"<em>\1</em>"),
)


def inline_markdown_html(text) -> str:
    """Escaped HTML of finlit's own one-line Markdown (`code`, **bold**, *italic*): hints and
    feedback render as meant, never with literal backticks. Everything else is escaped first.

    >>> inline_markdown_html("Use `revenue - cost` and **not** <b>*this*</b>")
    'Use <code>revenue - cost</code> and <strong>not</strong> &lt;b&gt;<em>this</em>&lt;/b&gt;'
    """
    out = []
    parts = re.split(r"(`[^`]+`)", str(text))
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{escape_html(part[1:-1])}</code>")
            continue
        part = escape_html(part)
        for pattern, repl in _INLINE:
            part = pattern.sub(repl, part)
        out.append(part)
    return "".join(out)


# a text fallback for every symbol finlit shows: the word a screen reader (or a font without
# emoji) gives instead
SYMBOL_WORDS = {"✓": "correct", "✗": "not yet", "?": "unreadable", "…": "waiting",
                "💡": "hint", "🔑": "solution"}


def symbol_html(symbol: str, word: str | None = None) -> str:
    """A symbol with its word as a text fallback (aria-label and tooltip for readers and fonts
    without emoji).

    >>> symbol_html("💡")
    '<span class="finlit-symbol" role="img" aria-label="hint" title="hint">💡</span>'
    """
    word = escape_html(word or SYMBOL_WORDS.get(symbol, ""))
    return f'<span class="finlit-symbol" role="img" aria-label="{word}" title="{word}">{escape_html(symbol)}</span>'
