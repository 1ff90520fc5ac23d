"""An executed notebook as a briefing page: no code, no prompts, charts that render offline.

A small exporter of finlit's own instead of nbconvert's HTML exporter: it renders the
notebook's markdown cells and the rich outputs finlit produces (HTML tables, markdown,
plotly figures, images), drops inputs, prompts, stderr and cells tagged `remove-cell` or
`remove-output`, and links plotly.js once per output folder (`plotly.min.js`, 4.8 MB)
or inlines it (`self_contained=True`). Everything from data is escaped by the Jinja2
template; the notebook's own HTML outputs are finlit's and escape their text themselves.

>>> nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Hello <b>"}],
...       "metadata": {}}
>>> "<h1>Hello &lt;b&gt;</h1>" in notebook_to_html(nb, title="T")
True
"""
from __future__ import annotations

import datetime as dt
import html
from functools import lru_cache
from pathlib import Path

import jinja2
import mistune

from ..markup import strip_bidi
from .files import write_atomic

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = "plotly.min.js"

_TEMPLATE = jinja2.Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="finlit {{ version }}">
<title>{{ title }}</title>
<style>{{ css | safe }}</style>
{% if plotly_inline %}<script>{{ plotly_inline | safe }}</script>
{% elif plotly_src %}<script src="{{ plotly_src }}"></script>
{% endif %}</head>
<body>
<main class="briefing">
{% for block in blocks %}{{ block | safe }}
{% endfor %}
<footer>Made by finlit {{ version }} on {{ date }}.{% if audit %} The executed notebook
<a href="{{ audit }}">{{ audit }}</a> is the audit trail.{% endif %}</footer>
</main>
</body>
</html>
""")

CSS = """
body{margin:0;background:#fafafa;color:#1f2328;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main.briefing{max-width:1080px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:1.9em;margin:.4em 0 .2em}h2{font-size:1.4em;margin:1.6em 0 .4em;border-bottom:1px solid #e5e7eb;padding-bottom:.2em}
h3{font-size:1.15em;margin:1.2em 0 .3em}
p,li{max-width:72ch}
table{border-collapse:collapse}td,th{padding:3px 10px}
.output{margin:.6em 0;overflow-x:auto}
pre{background:#f6f8fa;padding:8px 12px;border-radius:4px;overflow-x:auto}
.plotly-graph-div{margin:.5em 0}
footer{margin-top:3em;color:#666;font-size:.85em;border-top:1px solid #e5e7eb;padding-top:.6em}
a.finlit-term{color:inherit;text-decoration:underline dotted;text-underline-offset:2px}
dl.finlit-glossary dt{font-weight:600;margin-top:.5em}dl.finlit-glossary dd{margin:0 0 0 1.5em;max-width:72ch}
dl.finlit-glossary div:target{background:#fff3c4;outline:4px solid #fff3c4}
"""

_markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


@lru_cache(maxsize=1)
def plotly_js_path() -> Path:
    """plotly.js as shipped inside the plotly package (no network)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def _source(cell) -> str:
    src = cell.get("source", "")
    return src if isinstance(src, str) else "".join(src)


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def _plotly_div(spec: dict) -> str:
    import plotly.io as pio

    config = {"displaylogo": False, "responsive": True, **spec.get("config", {})}
    figure = {"data": spec.get("data", []), "layout": spec.get("layout", {})}
    return pio.to_html(figure, include_plotlyjs=False, full_html=False, config=config, validate=False)


def _render_output(output) -> str:
    kind = output.get("output_type")
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if PLOTLY_MIME in data:
            return _plotly_div(data[PLOTLY_MIME])
        if "text/html" in data:
            return _text(data["text/html"])
        if "image/svg+xml" in data:
            return _text(data["image/svg+xml"])
        if "image/png" in data:
            return f'<img alt="chart" src="data:image/png;base64,{_text(data["image/png"]).strip()}">'
        if "text/markdown" in data:
            return _markdown(_text(data["text/markdown"]))
        if "text/plain" in data:
            return f"<pre>{html.escape(_text(data['text/plain']))}</pre>"
    if kind == "stream" and output.get("name") == "stdout":
        return f"<pre>{html.escape(_text(output.get('text', '')))}</pre>"
    return ""  # stderr (warnings), errors: not for the reader


def notebook_blocks(nb: dict) -> list[str]:
    """HTML blocks of a notebook: markdown cells and rich outputs, without inputs or prompts."""
    blocks = []
    for cell in nb.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"remove-cell", "parameters", "injected-parameters"}:
            continue
        if cell.get("cell_type") == "markdown":
            blocks.append(_markdown(_source(cell)))
        elif cell.get("cell_type") == "code" and "remove-output" not in tags:
            parts = [_render_output(o) for o in cell.get("outputs", [])]
            blocks.extend(f'<div class="output">{p}</div>' for p in parts if p)
    return blocks


def notebook_to_html(nb: dict, title: str, plotly_src: str | None = None, plotly_inline: bool = False,
                     audit: str | None = None) -> str:
    """The briefing page for an executed notebook (a dict or nbformat node)."""
    from .._version import __version__

    # bidi controls (U+202E …) dropped from everything shown: no visual spoofing of names
    blocks, title = [strip_bidi(b) for b in notebook_blocks(nb)], strip_bidi(title)
    uses_plotly = any("plotly-graph-div" in b for b in blocks)
    return _TEMPLATE.render(
        title=title, css=CSS, version=__version__, date=dt.date.today().isoformat(), blocks=blocks,
        plotly_src=plotly_src if uses_plotly else None,
        plotly_inline=plotly_js_path().read_text(encoding="utf-8") if uses_plotly and plotly_inline else None,
        audit=audit)


def ensure_plotly_js(folder: Path) -> Path:
    """One shared plotly.js per output folder, copied (atomically) from the plotly package."""
    target = Path(folder) / PLOTLY_JS
    source = plotly_js_path()
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        write_atomic(target, source.read_bytes())
    return target


def write_briefing_html(nb: dict, path: Path, title: str, self_contained: bool = False,
                        audit: str | None = None) -> Path:
    """Write the briefing page atomically; with a shared plotly.js beside it unless self-contained."""
    path = Path(path)
    if not self_contained:
        ensure_plotly_js(path.parent)
    page = notebook_to_html(nb, title, plotly_src=PLOTLY_JS, plotly_inline=self_contained, audit=audit)
    write_atomic(path, page)
    return path


__all__ = ["notebook_to_html", "notebook_blocks", "write_briefing_html", "ensure_plotly_js"]
