"""The facilitator pack that `finlit workshop DIR` writes into DIR/facilitator/: slide decks for
the talks, a printable formula sheet and glossary, room set-up instructions, answers to the
discussion prompts and the full-day wrap-up template.

The words are data (data/workshop/talks.toml, data/workshop/room_setup.md); every figure is
filled in from the bundled data when the pack is written, the formulas come from the ratio
registry and the definitions from data/glossary.toml, so nothing is typed twice.

The slides are self-contained HTML (no reveal.js, no CDN: nothing is fetched, they open
offline in any browser): arrow keys or a click move on, N shows the speaker notes, printing
gives one slide per page with its notes.

>>> fill("Apple sold {AAPL revenue 2021}; Larkspur kept {LARKSPUR net_margin 2024}.")
'Apple sold $365.8 billion; Larkspur kept 6.3%.'
>>> sorted(pack_files())[:3]
['facilitator/DISCUSSION_ANSWERS.md', 'facilitator/README.md', 'facilitator/ROOM_SETUP.md']
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import tomllib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from ..markup import escape_html, inline_markdown_html

FOLDER = "facilitator"
DECKS = ("welcome", "w1", "w2", "w3", "w4", "wrap_up")
# the formula sheet lists every ratio of these categories (the bank ratios have their own notebook)
SHEET_CATEGORIES = ("profitability", "liquidity", "solvency", "efficiency", "cash", "growth", "it")


@lru_cache(maxsize=1)
def talks() -> dict:
    """data/workshop/talks.toml: the decks, the discussion answers, the wrap-up template."""
    return tomllib.loads((files("finlit.data") / "workshop" / "talks.toml").read_text(encoding="utf-8"))


# --- figures from the bundled data -----------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w+) (\w+)(?: (\d{4}))?\}")


def _erp_figure(key: str) -> str:
    from ..itspend.business_case import break_even
    from ..numbers import words
    from .exercises import erp_case

    case = erp_case()
    if key in ("first_year", "go_live"):
        return str(case.years[0] if key == "first_year" else case.go_live)
    if key == "saving_years":
        return str(case.saving_years)
    if key == "rate":
        return words(case.rate, "percent")
    if key.startswith("break_even_"):
        b = break_even(case)
        name = {"break_even_saving": "yearly_saving", "break_even_years": "saving_years",
                "break_even_cost": "total_cost"}[key]
        return str(b[name]) if name == "saving_years" else words(b[name], "money")
    return words(getattr(case, key), "money")


def figure(source: str, key: str, year: int | None = None) -> str:
    """One figure of the bundled data in words: an item or ratio of a company (`source` a
    ticker), of Larkspur's IT view (`source` "IT") or of its ERP case (`source` "erp").

    >>> figure("LARKSPUR", "current_ratio", 2024), figure("IT", "it_per_employee", 2024)
    ('2.32×', '$12,012')
    """
    from ..numbers import cell, is_missing, words
    from ..ratios import RATIOS
    from . import exercises

    if source == "erp":
        return _erp_figure(key)
    if year is None:
        raise ValueError(f"{{{source} {key}}} needs a fiscal year")
    unit = RATIOS[key].unit if key in RATIOS else "money"
    try:
        if source == "IT":
            value = exercises.it_view("LARKSPUR").value(key, year)
        elif key in RATIOS:
            value = exercises.ratio(source, key, year)
        else:
            value = exercises.value(source, key, year)
    except KeyError:          # a PeriodError, or an item the company does not have
        value = float("nan")
    if is_missing(value):
        raise ValueError(f"{{{source} {key} {year}}}: no value in the bundled data")
    return cell(value, unit) if unit == "times" else words(value, unit)


def fill(text: str) -> str:
    """`text` with every {SOURCE key YEAR} placeholder replaced by its figure (see `figure`)."""
    return _PLACEHOLDER.sub(lambda m: figure(m[1], m[2], int(m[3]) if m[3] else None), text)


# --- slides ----------------------------------------------------------------------------------

SLIDES_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:#f4f6f9;color:#1a1a1a;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.slide{display:none;position:relative;width:min(96vw,1100px);min-height:min(90vh,680px);margin:3vh auto;
padding:48px 64px 64px;background:#fff;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.12)}
.slide.current{display:block}
.slide h1{font-size:2.1rem;margin:0 0 .8em;color:#12355b}
.slide .kicker{font-size:1rem;color:#4d4d4d;margin:0 0 .4em;text-transform:uppercase;letter-spacing:.06em}
.slide ul{font-size:1.45rem;line-height:1.45;padding-left:1.2em}
.slide li{margin:.35em 0}
.slide code{background:#eef1f5;padding:0 .25em;border-radius:3px;font-size:.9em}
.notes{display:none;margin-top:1.5em;padding:12px 16px;border-left:4px solid #c58b00;background:#fff8e6;
font-size:1.05rem;line-height:1.45}
.notes h2{font-size:.9rem;margin:0 0 .3em;text-transform:uppercase;letter-spacing:.06em;color:#7a5600}
body.show-notes .notes{display:block}
footer{position:absolute;bottom:18px;left:64px;right:64px;font-size:.85rem;color:#595959;display:flex;
justify-content:space-between}
.help{position:fixed;bottom:6px;right:12px;font-size:.8rem;color:#595959}
@media print{
 html,body{background:#fff;height:auto}
 .slide{display:block!important;box-shadow:none;margin:0;width:auto;min-height:0;page-break-after:always;
 break-after:page;padding:24px 32px 56px}
 .notes{display:block!important}
 .help{display:none}
}
"""

SLIDES_JS = """
(function(){
 var slides=Array.prototype.slice.call(document.querySelectorAll('.slide'));
 var i=0;
 function show(n){
  i=Math.max(0,Math.min(slides.length-1,n));
  slides.forEach(function(s,k){s.classList.toggle('current',k===i);});
  if(location.hash!=='#'+(i+1)){history.replaceState(null,'','#'+(i+1));}
 }
 var start=parseInt((location.hash||'#1').slice(1),10);
 show(isNaN(start)?0:start-1);
 document.addEventListener('keydown',function(e){
  var k=e.key;
  if(k==='ArrowRight'||k==='PageDown'||k===' '){show(i+1);e.preventDefault();}
  else if(k==='ArrowLeft'||k==='PageUp'){show(i-1);e.preventDefault();}
  else if(k==='Home'){show(0);}
  else if(k==='End'){show(slides.length-1);}
  else if(k==='n'||k==='N'){document.body.classList.toggle('show-notes');}
 });
 document.addEventListener('click',function(e){
  if(e.target.closest('a')){return;}
  show(e.clientX<window.innerWidth/3?i-1:i+1);
 });
})();
"""


def deck_html(name: str) -> str:
    """One talk as a self-contained HTML slide deck (no external file, no network)."""
    deck = talks()["decks"][name]
    slides = deck["slides"]
    sections = []
    for n, slide in enumerate(slides, 1):
        points = "".join(f"<li>{inline_markdown_html(fill(p))}</li>" for p in slide.get("points", []))
        say = inline_markdown_html(fill(slide.get("say", "")))
        sections.append(
            f'<section class="slide" id="s{n}" aria-label="slide {n} of {len(slides)}">'
            f'<p class="kicker">{escape_html(deck["title"])}</p>'
            f"<h1>{inline_markdown_html(fill(slide['title']))}</h1><ul>{points}</ul>"
            f'<aside class="notes"><h2>Say</h2><p>{say}</p></aside>'
            f'<footer><span>finlit workshop · about {deck["minutes"]} minutes</span>'
            f"<span>{n} / {len(slides)}</span></footer></section>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{escape_html(deck['title'])}</title><style>{SLIDES_CSS}</style></head><body>"
            f"<main>{''.join(sections)}</main>"
            '<p class="help">→ / click: next · ← back · N: speaker notes · print: handout with notes</p>'
            f"<script>{SLIDES_JS}</script></body></html>\n")


# --- the formula sheet and glossary ----------------------------------------------------------

_IDENT = re.compile(r"\b[a-z][a-z_]*[a-z]\b")
_NOT_ITEMS = {"same", "previous", "year"}


def formula_in_words(formula: str) -> str:
    """A registry formula with its item keys in words.

    >>> formula_in_words("operating_cash_flow − capital_expenditure")
    'cash from operations − capital expenditure'
    >>> formula_in_words("it_spend / revenue(previous year) − 1")
    'IT spend / revenue(previous year) − 1'
    """
    from ..items import label

    def word(m):
        key = m[0]
        if key in _NOT_ITEMS:
            return key
        text = label(key)
        return text if text[:2].isupper() else text[0].lower() + text[1:]

    return _IDENT.sub(word, formula)


def sheet_ratios() -> list:
    """The ratios on the formula sheet, in registry order."""
    from ..ratios import RATIOS

    return [r for r in RATIOS.values() if r.category in SHEET_CATEGORIES]


SHEET_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:24px auto;
max-width:1000px;font-size:13px;line-height:1.3}
h1{font-size:20px;margin:0 0 4px;color:#12355b}h2{font-size:15px;margin:10px 0 4px;color:#12355b}
h3{font-size:12px;margin:6px 0 2px;text-transform:uppercase;letter-spacing:.05em;color:#4d4d4d}
.cols{column-count:2;column-gap:28px}
table{border-collapse:collapse;width:100%;break-inside:avoid}
td{padding:2px 4px;border-bottom:1px solid #e3e3e3;vertical-align:top}
td.name{font-weight:600;white-space:nowrap;width:1%}
.unit{color:#595959;font-size:.9em}
dl{margin:0}dl>div{break-inside:avoid}dt{font-weight:600;break-after:avoid}dd{margin:0 0 4px 0}
.page{break-after:page;page-break-after:always}
.src{color:#595959;font-size:11px}
@media print{@page{size:A4;margin:10mm}body{margin:0;max-width:none;font-size:9px}
h1{font-size:15px}h2{font-size:12px;margin:5px 0 2px}h3{font-size:9px;margin:3px 0 1px}
td{padding:1px 3px}dd{margin-bottom:2px}}
"""

UNIT_WORDS = {"percent": "%", "times": "×", "money": "$", "days": "days", "points": "pts"}


def formula_sheet_html() -> str:
    """The printable formula sheet (front: every ratio's formula from the registry; back: the
    glossary from data/glossary.toml), with print CSS for one A4 sheet printed on both sides."""
    from .._version import __version__
    from ..explain.glossary import GLOSSARY
    from ..ratios import CATEGORIES

    parts = ['<div class="page"><h1>finlit formula sheet</h1>'
             f'<p class="src">Every formula is finlit\'s own (the ratio registry, finlit {escape_html(__version__)}): '
             "the notebooks compute exactly these. Percent ratios are fractions shown as %.</p><div class=\"cols\">"]
    ratios = sheet_ratios()
    for category in [c for c in CATEGORIES if c in SHEET_CATEGORIES]:
        rows = "".join(
            f'<tr data-ratio="{escape_html(r.key)}" data-formula="{escape_html(r.formula)}">'
            f'<td class="name">{escape_html(r.name)}</td>'
            f'<td class="formula">{escape_html(formula_in_words(r.formula))} '
            f'<span class="unit">({escape_html(UNIT_WORDS.get(r.unit, r.unit))})</span></td></tr>'
            for r in ratios if r.category == category)
        label = "IT" if category == "it" else category.capitalize()
        parts.append(f"<h3>{label}</h3><table>{rows}</table>")
    parts.append('</div></div><div class="glossary"><h2>Glossary</h2><div class="cols"><dl>')
    for key in sorted(GLOSSARY, key=str.lower):
        term = GLOSSARY[key]
        parts.append(f'<div data-term="{escape_html(key)}"><dt>{escape_html(term.term)}</dt>'
                     f"<dd>{escape_html(term.definition)}</dd></div>")
    parts.append("</dl></div></div>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>finlit formula sheet and glossary</title><style>{SHEET_CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


# --- Markdown documents ----------------------------------------------------------------------

def discussion_markdown() -> str:
    """The discussion prompts of FACILITATOR.md with their answers, figures from the data."""
    from .exercises import WORKSHOPS

    lines = ["# Discussion prompts: answers", "",
             "Suggested answers for the facilitator; figures are finlit's, from the bundled data. "
             "Let the room answer first: these are what a good answer covers, not a script.", ""]
    for key, items in talks()["discussion"].items():
        lines += [f"## {key.upper()} — {WORKSHOPS[key].title}", ""]
        for item in items:
            lines += [f"**{fill(item['prompt'])}**", "", fill(" ".join(item["answer"].split())), ""]
    return "\n".join(lines)


def wrap_up_markdown() -> str:
    """The full-day wrap-up: the one-page business-case template, and the ERP case of W4
    worked through it as the example to model first."""
    from ..display import text_table
    from ..itspend.business_case import break_even_table
    from ..numbers import words
    from .exercises import erp_case

    spec = talks()["wrap_up"]
    lines = [f"# {spec['title']}", "",
             "Full-day wrap-up (30 minutes, in pairs): copy this template, fill it in for one "
             "project from the kit's IT budget (`data/it_budget_example.toml`) or from your own "
             "work, and present it in two minutes to another pair playing the CFO.", ""]
    for n, (heading, guide) in enumerate(spec["sections"], 1):
        lines += [f"## {n}. {heading}", "", f"*{guide}*", "", "…", ""]
    case = erp_case()
    result = case.project()
    table = case.table()
    body = [[str(i), *row] for i, row in zip(table.frame.index, table.cells())]
    be = break_even_table(case)
    be_body = [[str(i), *row] for i, row in zip(be.frame.index, be.cells())]
    lines += ["---", "", "## Worked example for the facilitator: Larkspur's ERP project (W4)", "",
              "Every cost by stage and year (costs negative), from the one source of the case's figures "
              f"({case.source}):", "", "```", text_table(table._header(), body), "```", "",
              f"The numbers at {words(case.rate, 'percent')}: payback {result.payback_years:.1f} years, "
              f"NPV {words(result.npv, 'money')}, IRR {words(float(result.irr), 'percent')}. "
              "Counting only the licences and implementation would have made it look positive.", "",
              "What would have to change (`break_even_table(erp)`):", "", "```",
              text_table(be._header(), be_body), "```", ""]
    return "\n".join(lines)


def room_setup_markdown() -> str:
    """Room set-up: Python version, the offline wheelhouse, the pre-flight check, the fallback."""
    from importlib.metadata import PackageNotFoundError, metadata

    from .._version import __version__

    try:
        python = metadata("finlit")["Requires-Python"] or ">=3.11"
    except PackageNotFoundError:
        python = ">=3.11"
    text = (files("finlit.data") / "workshop" / "room_setup.md").read_text(encoding="utf-8")
    return (text.replace("{python}", python.replace(">=", "≥ ")).replace("{version}", __version__)
            .replace("{notebook}", shortest_notebook()))


def readme_markdown(with_pdf: bool) -> str:
    pdf = ("formula_sheet.pdf — the same, ready to print (made with chromium)" if with_pdf else
           "formula_sheet.pdf — not made: chromium was not found; print formula_sheet.html "
           "from any browser instead")
    decks = "\n".join(f"- `slides/{name}.html` — {talks()['decks'][name]['title']} "
                      f"(about {talks()['decks'][name]['minutes']} minutes)" for name in DECKS)
    return f"""# The facilitator pack

Written by `finlit workshop DIR` beside the notebooks. Everything opens offline.

Open `index.html` for links to all of it.

**Slides** (self-contained HTML: → or click for the next slide, N for the speaker notes, print
for a handout with the notes):

{decks}

**To hand out:** `formula_sheet.html` — every ratio's formula and the glossary, one A4 sheet
printed on both sides; {pdf}.

**To prepare:** `ROOM_SETUP.md` — Python, installing thirty laptops offline from a
wheelhouse, the pre-flight check, the fallback plan.

**To run the day:** `../FACILITATOR.md` (agendas, common mistakes, answer key);
`DISCUSSION_ANSWERS.md`; `WRAP_UP_TEMPLATE.md` (the full-day business case).
"""


def index_html(with_pdf: bool) -> str:
    links = [(f"slides/{n}.html", f"Slides: {talks()['decks'][n]['title']}") for n in DECKS]
    links += [("formula_sheet.html", "Formula sheet and glossary (print it)")]
    if with_pdf:
        links += [("formula_sheet.pdf", "Formula sheet and glossary (PDF)")]
    links += [("ROOM_SETUP.md", "Room set-up"), ("DISCUSSION_ANSWERS.md", "Answers to the discussion prompts"),
              ("WRAP_UP_TEMPLATE.md", "Full-day wrap-up: business-case template"),
              ("../FACILITATOR.md", "Facilitator guide and answer key")]
    items = "".join(f'<li><a href="{escape_html(href)}">{escape_html(text)}</a></li>' for href, text in links)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>finlit facilitator pack</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:700px;margin:40px auto;line-height:1.6}"
            "</style></head><body><h1>finlit facilitator pack</h1><ul>" + items + "</ul></body></html>\n")


def shortest_notebook() -> str:
    """The workshop notebook with the fewest code cells: the one the pre-flight executes."""
    import nbformat

    from .exercises import WORKSHOPS

    def code_cells(name):
        text = (files("finlit.notebooks") / "workshop" / name).read_text(encoding="utf-8")
        return sum(c.cell_type == "code" for c in nbformat.reads(text, as_version=4).cells)

    return min((w.notebook for w in WORKSHOPS.values()), key=code_cells)


# --- the pack --------------------------------------------------------------------------------

def chromium() -> str | None:
    """Debian's chromium (or chromium-browser) if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pack_files(pdf: bool = False) -> list[str]:
    """The pack's files, relative to the kit folder (the PDF only when it will be made)."""
    names = ["README.md", "index.html", "formula_sheet.html", "ROOM_SETUP.md",
             "DISCUSSION_ANSWERS.md", "WRAP_UP_TEMPLATE.md"] + [f"slides/{n}.html" for n in DECKS]
    return [f"{FOLDER}/{n}" for n in names + (["formula_sheet.pdf"] if pdf else [])]


def pack_contents(pdf: bool = False) -> dict[str, bytes]:
    """Every text file of the pack (relative path → bytes); the PDF is printed afterwards."""
    texts = {"README.md": readme_markdown(pdf), "index.html": index_html(pdf),
             "formula_sheet.html": formula_sheet_html(), "ROOM_SETUP.md": room_setup_markdown(),
             "DISCUSSION_ANSWERS.md": discussion_markdown(), "WRAP_UP_TEMPLATE.md": wrap_up_markdown()}
    texts.update({f"slides/{n}.html": deck_html(n) for n in DECKS})
    return {f"{FOLDER}/{k}": v.encode("utf-8") for k, v in texts.items()}


def print_pdf(html_path: Path, pdf_path: Path, timeout: float = 60) -> Path:
    """Print `html_path` to `pdf_path` with headless chromium, the network off; atomic (a
    temporary file renamed). Raises RuntimeError when chromium fails."""
    browser = chromium()
    if not browser:
        raise RuntimeError("chromium not found: install it (apt install chromium) or print the HTML")
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    with tempfile.TemporaryDirectory() as profile:
        tmp = pdf_path.with_name(f".{pdf_path.name}.partial")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
               f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={tmp}", html_path.as_uri()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            tmp.unlink(missing_ok=True)
            raise RuntimeError(f"chromium could not print {html_path.name} (exit {result.returncode})")
        tmp.replace(pdf_path)
    return pdf_path


__all__ = ["DECKS", "FOLDER", "chromium", "deck_html", "discussion_markdown", "figure", "fill",
           "formula_in_words", "formula_sheet_html", "pack_contents", "pack_files", "print_pdf",
           "room_setup_markdown", "sheet_ratios", "shortest_notebook", "talks", "wrap_up_markdown"]
