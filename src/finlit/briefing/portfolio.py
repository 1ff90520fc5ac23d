"""The portfolio view of a batch: `index.html` with one row per company and its headline
figures (sortable and filterable offline), `compare.html` with every company side by side
on the key ratios with small inline-SVG charts, and the same figures in `manifest.json`.

The figures come from the very objects the briefing notebook uses (`content.Briefing`:
the company's ratio table and its IT view), so the index never disagrees with a briefing.
They are computed in the batch's parent process from each briefing's parameters, once per
briefing fingerprint (about 0.02–0.1 s a company), and carried over from the previous
manifest for unchanged briefings.

>>> figures = headline({"target": "AAPL", "fiscal_year": 2024})
>>> figures["company"], figures["fiscal_year"], figures["revenue"], figures["it_spend_source"]
('Apple Inc.', 2024, 391035000000.0, 'estimate')
>>> round(figures["operating_margin"], 4)
0.3151
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import jinja2

from ..markup import escape_html, strip_bidi
from ..numbers import cell
from .files import write_atomic

# the headline figures of the index, in its column order: (key, label, unit)
HEADLINE = (("revenue", "Revenue", "money"), ("revenue_growth", "Growth", "percent"),
            ("operating_margin", "Operating margin", "percent"), ("free_cash_flow", "Free cash flow", "money"),
            ("it_pct_revenue", "IT spend % of revenue", "percent"))
# the ratios of the comparison page, each with its history for a small chart
COMPARE = ("revenue_growth", "operating_margin", "net_margin", "free_cash_flow_margin", "return_on_equity",
           "debt_to_equity", "current_ratio", "efficiency_ratio", "it_pct_revenue")
COMPARISON_PAGE = "compare.html"

_CACHE: dict[str, dict | None] = {}  # fingerprint → headline figures, for this process
_ENCODED: dict[int, tuple] = {}      # id(headline figures) → (them, their JSON)
_ROWS: dict[tuple, str] = {}          # a table row's HTML, rendered once (a batch rewrites the pages often)


def _number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) or math.isinf(value) else value


def headline(parameters: dict) -> dict:
    """The headline figures of one briefing, from its notebook parameters (a JSON-ready dict:
    missing values are None). Uses `content.Briefing`, as the briefing notebook does.

    >>> headline({"target": "LARKSPUR"})["it_spend_source"]
    'budget'
    """
    from ..ratios import RATIOS
    from .content import Briefing

    keys = {"target", "source", "it_budget", "industry", "fiscal_year"}
    b = Briefing(**{k: v for k, v in parameters.items() if k in keys})
    company, table, it = b.company, b.ratio_table, b.it
    years = [int(y) for y in company.years]

    def ratio(key, year):
        if key == "it_pct_revenue":
            return _number(it.value(key, year)) if year in it.values.index else None
        return _number(table.value(key, year)) if key in table.keys else None

    figures = {
        "company": company.name, "ticker": company.ticker, "kind": company.kind,
        "currency": company.currency, "fiscal_year": b.year,
        "revenue": _number(company.value("revenue", b.year)),
        "revenue_growth": ratio("revenue_growth", b.year),
        "operating_margin": ratio("operating_margin", b.year),
        "free_cash_flow": ratio("free_cash_flow", b.year),
        "it_pct_revenue": ratio("it_pct_revenue", b.year),
        "it_spend_source": it.spend.source, "it_spend_label": it.spend.label,
        "ratios": {key: {str(y): ratio(key, y) for y in years}
                   for key in COMPARE if key == "it_pct_revenue" or key in RATIOS},
    }
    return figures


def _key(o) -> str:
    return o.fingerprint or json.dumps(o.parameters, sort_keys=True, default=str)


def headlines(rows, previous=dict) -> dict[str, dict | None]:
    """Headline figures by briefing name for finished rows (`batch.Outcome`s): computed once per
    fingerprint, taken from the previous manifest (PREVIOUS() → name → entry, read only when
    needed) when the fingerprint matches, None for failed briefings or when the figures
    cannot be computed.

        headlines(outcomes)["AAPL"]["revenue"]   # 416161000000.0 (FY2025)
    """
    out, before_run = {}, None
    for o in rows:
        if o.status not in ("ok", "skipped"):
            out[o.name] = None
            continue
        key = _key(o)
        if key not in _CACHE:
            if before_run is None:
                before_run = previous()
            before = before_run.get(o.name) or {}
            if o.fingerprint and before.get("fingerprint") == o.fingerprint and _usable(before.get("headline")):
                _CACHE[key] = before["headline"]
            else:
                try:
                    _CACHE[key] = headline(o.parameters)
                except Exception as error:  # noqa: BLE001  (the index still lists the briefing)
                    _CACHE[key] = {"error": f"{type(error).__name__}: {error}".splitlines()[0]}
        out[o.name] = _CACHE[key]
    return out


def _usable(figures) -> bool:
    """Whether FIGURES (from a previous manifest) have the shape `headline` gives."""
    return (isinstance(figures, dict) and bool(figures)
            and ("ratios" not in figures or (isinstance(figures["ratios"], dict)
                                             and all(isinstance(v, dict) for v in figures["ratios"].values())
                                             and isinstance(figures.get("fiscal_year"), int))))


def _previous(out: Path) -> dict:
    """The previous manifest's entries by name; anything that is not a finlit manifest
    (unreadable, a list, a dict without a list of briefings, odd entries) gives none.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "manifest.json").write_text("[1, 2]")
    >>> _previous(folder)
    {}
    """
    try:
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("briefings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return {}
    return {b["name"]: b for b in entries if isinstance(b, dict) and isinstance(b.get("name"), str)}


def _shown(value, unit: str, currency: str = "USD") -> str:
    return cell(value, unit, money="words", currency=currency)


def sparkline(values: list, width: int = 96, height: int = 24) -> str:
    """A small inline SVG line of VALUES (None skipped), the last point marked.

    >>> sparkline([0.1, 0.2, None, 0.15]).count("<circle")
    1
    >>> sparkline([None, 1.0])
    ''
    """
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    low, high = min(v for _, v in points), max(v for _, v in points)
    span, last = (high - low) or 1.0, len(values) - 1 or 1
    xy = [(2 + (width - 4) * i / last, height - 2 - (height - 4) * (v - low) / span) for i, v in points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    zero = ""
    if low < 0 < high:
        y0 = height - 2 - (height - 4) * (0 - low) / span
        zero = f'<line x1="0" x2="{width}" y1="{y0:.1f}" y2="{y0:.1f}" stroke="#d0d7de" stroke-width="1"/>'
    x, y = xy[-1]
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-hidden="true">{zero}<polyline fill="none" stroke="#0969da" stroke-width="1.5" '
            f'points="{line}"/><circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#0969da"/></svg>')


def _rendered(page: str, o, figures: dict) -> str:
    """One row of PAGE's table as HTML, rendered once per outcome and figures."""
    key = (page, o.name, o.status, o.html, o.seconds, o.error, _key(o))
    if key not in _ROWS:
        f = figures.get(o.name)
        if page == "index":
            _ROWS[key] = _INDEX_ROW.render(r=_index_row(o, f or {}))
        else:
            _ROWS[key] = _COMPARE_ROW.render(r=_compare_row(o, f)) if f and "ratios" in f else ""
    return _ROWS[key]


def _index_row(o, f: dict) -> dict:
    currency = f.get("currency") or "USD"
    cells = [{"text": _shown(f.get(key), unit, currency) if f else "—",
              "sort": "" if f.get(key) is None else repr(f[key])} for key, _, unit in HEADLINE]
    return {"o": o, "f": f, "cells": cells,
            "company": f.get("company") or Path(str(o.parameters.get("target", ""))).name,
            "year": f.get("fiscal_year") or "", "source": f.get("it_spend_source") or "",
            "source_label": f.get("it_spend_label") or "", "error": o.error or f.get("error") or ""}


def _compare_row(o, f: dict) -> dict:
    from ..ratios import RATIOS

    cells = []
    for key in COMPARE:
        series = f["ratios"].get(key, {})
        years = sorted(series)
        unit = RATIOS[key].unit if key in RATIOS else "percent"
        value = series.get(str(f["fiscal_year"]))
        spark = [series[y] for y in years if int(y) <= int(f["fiscal_year"])]  # up to the briefing's year
        cells.append({"text": _shown(value, unit), "sort": "" if value is None else repr(value),
                      "svg": sparkline(spark),
                      "title": ", ".join(f"FY{y} {_shown(series[y], unit)}" for y in years)})
    return {"o": o, "f": f, "cells": cells}


def _compare_labels() -> list[str]:
    from ..ratios import RATIOS

    return [RATIOS[k].name if k in RATIOS else "IT spend % of revenue" for k in COMPARE]


def _entry_json(entry: dict) -> str:
    """One manifest entry as JSON; its headline figures (the same cached dict each time) are
    encoded once."""
    figures = entry.get("headline")
    if not isinstance(figures, dict):
        return json.dumps(entry, default=str, ensure_ascii=False)
    if _ENCODED.get(id(figures), (None,))[0] is not figures:
        _ENCODED[id(figures)] = (figures, json.dumps(figures, default=str, ensure_ascii=False))
    rest = json.dumps({k: v for k, v in entry.items() if k != "headline"}, default=str, ensure_ascii=False)
    return (rest[:-1] + ", " if rest != "{}" else "{") + f'"headline": {_ENCODED[id(figures)][1]}}}'


def manifest_json(manifest: dict) -> str:
    """MANIFEST as JSON text, one line per briefing: json's C encoder (an indented dump of a
    thousand entries takes seconds, and a batch rewrites the file after every briefing).

    >>> print(manifest_json({"finlit": "0.1", "briefings": [{"name": "a"}, {"name": "b"}]}))
    {
      "finlit": "0.1",
      "briefings": [
        {"name": "a"},
        {"name": "b"}
      ]
    }
    <BLANKLINE>
    """
    head = {k: v for k, v in manifest.items() if k != "briefings"}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, default=str)}," for k, v in head.items()]
    entries = ",\n".join(f"    {_entry_json(e)}" for e in manifest.get("briefings", []))
    return "{\n" + "\n".join(lines) + f'\n  "briefings": [\n{entries}\n  ]\n}}\n'


def write_portfolio(out: Path, rows, manifest: dict, started: str, version: str) -> None:
    """Add the headline figures to MANIFEST's entries and write manifest.json, index.html and
    compare.html into OUT, each atomically. ROWS are the batch's outcomes in order
    (`batch.write_reports` calls it after every finished briefing):

        write_portfolio(Path("briefings"), [outcome, ...], {"summary": {...}, "briefings": [...]},
                        "2026-11-30T09:00:00+0000", "0.1.0")
    """
    out = Path(out)
    figures = headlines(rows, lambda: _previous(out))
    for entry in manifest["briefings"]:
        entry["headline"] = figures.get(entry["name"])
    write_atomic(out / "manifest.json", manifest_json(manifest))
    common = {"summary": manifest["summary"], "started": started, "version": version,
              "css": _CSS, "script": _SCRIPT, "compare_page": COMPARISON_PAGE}
    write_atomic(out / "index.html", _INDEX.render(
        body="".join(_rendered("index", o, figures) for o in rows),
        labels=[label for _, label, _ in HEADLINE], **common))
    write_atomic(out / COMPARISON_PAGE, _COMPARE.render(
        body="".join(_rendered("compare", o, figures) for o in rows), labels=_compare_labels(), **common))


_CSS = """body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em;color:#1f2328}
h1{font-size:1.6em;margin:.2em 0}.bar{margin:.6em 0;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
table{border-collapse:collapse;width:100%}td,th{padding:3px 8px;border-bottom:1px solid #e5e7eb;text-align:left;
vertical-align:middle}th{position:sticky;top:0;background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ok,.skipped{color:#1a7f37}.failed{color:#cf222e;font-weight:600}.err{color:#cf222e;font-size:.9em;min-width:24ch}
.spark{display:block;margin-top:2px}.muted{color:#57606a}"""

# sorting by a column (numbers by their raw value, missing values last) and filtering by text
# and status; all text is set with textContent, nothing is parsed as HTML
_SCRIPT = """(function(){
var table=document.querySelector('table.portfolio'),body=table.tBodies[0],rows=Array.from(body.rows);
var q=document.getElementById('filter'),st=document.getElementById('status'),count=document.getElementById('count');
function apply(){var text=q.value.trim().toLowerCase(),want=st?st.value:'',n=0;
rows.forEach(function(r){var show=(!text||r.textContent.toLowerCase().indexOf(text)>=0)&&(!want||r.dataset.status===want);
r.hidden=!show;if(show)n++;});count.textContent=n+' of '+rows.length+' shown';}
q.addEventListener('input',apply);if(st)st.addEventListener('change',apply);
Array.from(table.tHead.rows[0].cells).forEach(function(th,i){th.addEventListener('click',function(){
var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
Array.from(table.tHead.rows[0].cells).forEach(function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir>0?'ascending':'descending');
function key(r){var c=r.cells[i];return c.dataset.sort!==undefined?c.dataset.sort:c.textContent.trim().toLowerCase();}
rows.sort(function(a,b){var x=key(a),y=key(b);if(x===''&&y==='')return 0;if(x==='')return 1;if(y==='')return -1;
var nx=parseFloat(x),ny=parseFloat(y);var numeric=th.dataset.type==='num';
if(numeric)return (nx-ny)*dir;return x<y?-dir:x>y?dir:0;});
rows.forEach(function(r){body.appendChild(r);});});});apply();})();"""

def _neutral(value) -> str:
    """Every value a page shows, escaped (`escape_html`) and without bidi controls
    (`strip_bidi`, also in the page's own markup marked `| safe`): a target, name, company
    or error can neither inject markup nor reorder what the page shows."""
    if hasattr(value, "__html__"):  # markup the page built itself
        return strip_bidi(value.__html__())
    return escape_html("" if value is None else value)


_ENV = jinja2.Environment(autoescape=False, finalize=_neutral)  # _neutral escapes every value
_INDEX = _ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>finlit briefings</title>
<link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ css | safe }}</style></head>
<body><h1>Briefings</h1>
<p>{{ summary.ok }} made, {{ summary.skipped }} unchanged, {{ summary.failed }} failed · batch started {{ started }}
· finlit {{ version }} · <a href="{{ compare_page }}">compare the companies side by side</a></p>
<div class="bar"><label>Filter <input id="filter" type="search" placeholder="company, ticker, source…"></label>
<label>Status <select id="status"><option value="">all</option><option>ok</option><option>skipped</option>
<option>failed</option></select></label><span id="count" class="muted"></span></div>
<table class="portfolio"><thead><tr><th>briefing</th><th>company</th><th data-type="num">FY</th>
{% for label in labels %}<th data-type="num">{{ label }}</th>{% endfor %}<th>IT spend source</th>
<th>status</th><th data-type="num">seconds</th><th>error</th></tr></thead><tbody>
{{ body | safe }}</tbody></table>
<script>{{ script | safe }}</script></body></html>
""")
_COMPARE = _ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>finlit: the companies side by side</title>
<link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ css | safe }}</style></head>
<body><h1>The companies side by side</h1>
<p>Each company's key ratios in its briefing's year, with how each moved over the years up to it
(the line; the dot is the briefing's year; hover for the figures). A dash: not available or not meaningful for that kind of company.
<a href="index.html">Back to the briefings</a> · batch started {{ started }} · finlit {{ version }}</p>
<div class="bar"><label>Filter <input id="filter" type="search" placeholder="company or ticker…"></label>
<span id="count" class="muted"></span></div>
<table class="portfolio"><thead><tr><th>company</th><th data-type="num">FY</th>
{% for label in labels %}<th data-type="num">{{ label }}</th>{% endfor %}</tr></thead><tbody>
{{ body | safe }}</tbody></table>
<script>{{ script | safe }}</script></body></html>
""")

_INDEX_ROW = _ENV.from_string("""<tr data-status="{{ r.o.status }}">
<td>{% if r.o.html %}<a href="{{ r.o.html }}">{{ r.o.name }}</a>{% else %}{{ r.o.name }}{% endif %}</td>
<td>{{ r.company }}</td><td class="num" data-sort="{{ r.year }}">{{ r.year }}</td>
{% for c in r.cells %}<td class="num" data-sort="{{ c.sort }}">{{ c.text }}</td>{% endfor %}
<td title="{{ r.source_label }}">{{ r.source }}</td>
<td class="{{ r.o.status }}">{{ r.o.status }}</td><td class="num" data-sort="{{ r.o.seconds }}">{{ r.o.seconds }}</td>
<td class="err">{{ r.error }}</td></tr>
""")
_COMPARE_ROW = _ENV.from_string("""<tr data-status="{{ r.o.status }}">
<td>{% if r.o.html %}<a href="{{ r.o.html }}">{{ r.f.company }}</a>{% else %}{{ r.f.company }}{% endif %}
<span class="muted">{{ r.o.name }}</span></td><td class="num" data-sort="{{ r.f.fiscal_year }}">{{ r.f.fiscal_year }}</td>
{% for c in r.cells %}<td class="num" data-sort="{{ c.sort }}" title="{{ c.title }}">{{ c.text }}{{ c.svg | safe }}</td>{% endfor %}
</tr>
""")

__all__ = ["headline", "headlines", "sparkline", "write_portfolio", "HEADLINE", "COMPARE", "COMPARISON_PAGE"]
