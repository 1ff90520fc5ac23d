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


def escape_html(text) -> str:
    """Escape text for HTML content and attribute values (& < > " ').

    >>> escape_html('Fish & <b>"Chips"</b>')
    'Fish &amp; &lt;b&gt;&quot;Chips&quot;&lt;/b&gt;'
    """
    return html.escape(str(text), quote=True)


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

    >>> Markdown("**hi**")._repr_markdown_()
    '**hi**'
    """

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__
