"""One look for every finlit chart: the "finlit" plotly template, semantic colours, axis labels.

Colours come from the Okabe-Ito palette, which people with the common forms of
colour blindness can tell apart; good/bad pairs use blue against vermillion
(never red against green). Money axes always say the currency and the unit
("USD millions"), percent axes say what the percent is of.

The template is registered as ``plotly.io.templates["finlit"]`` when this module
is imported; importing finlit does not change anyone's plotly default (call
`use_finlit_template()` for that). Every chart function takes ``template=``: the
plotly template to draw on, finlit's look applied on top of it (`resolve_template`).
By default that is the user's own default template: plotly's standard default gives
the finlit look unchanged (the briefings), a dark default ("plotly_dark") gives
finlit's palette, fonts and layout on the dark background.

>>> import plotly.io as pio
>>> "finlit" in pio.templates
True
>>> COLORS["profit"], COLORS["cost"]
('#009E73', '#D55E00')
>>> money_scale([383285e6, 214137e6])
(1000000000.0, 'billions')
>>> money_axis_title("USD", "billions")
'USD billions'
"""
from __future__ import annotations

import functools
import inspect
import math
import re
from typing import Iterable

import plotly.graph_objects as go
import plotly.io as pio

from ..markup import escape_html
from ..numbers import tick_format

TEMPLATE = "finlit"
TEMPLATE_DARK = "finlit_dark"   # finlit without its light colours: laid over a dark template

# Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with
# protanopia, deuteranopia and tritanopia.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY = "#999999"
# neutral greys for "other" and context (not colours, so colour-blind safe by construction)
GREYS = (GREY, "#BBBBBB", "#DDDDDD")

# the order traces take colours in: strong, well-separated colours first (yellow last: low contrast)
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "sky_blue",
                                   "reddish_purple", "black", "yellow")]

# colours with a meaning; every chart uses these names, never raw hex codes
COLORS = {
    "positive": OKABE_ITO["blue"],        # better, growth, an inflow
    "negative": OKABE_ITO["vermillion"],  # worse, a loss, an outflow
    "neutral": GREY,                      # context, no judgement
    "band": OKABE_ITO["sky_blue"],        # a benchmark or good range (drawn translucent)
    "cost": OKABE_ITO["vermillion"],      # costs and expenses
    "profit": OKABE_ITO["bluish_green"],  # profit and margins
    "revenue": OKABE_ITO["blue"],         # revenue and totals
    "total": OKABE_ITO["blue"],
    "assets": OKABE_ITO["blue"],
    "liabilities": OKABE_ITO["orange"],
    "equity": OKABE_ITO["bluish_green"],
    "tax": OKABE_ITO["reddish_purple"],
    "interest": OKABE_ITO["orange"],
    "it": OKABE_ITO["reddish_purple"],    # IT spend
    "estimate": GREY,
    "text": "#222222",
    "grid": "#E5E5E5",
}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
LEGEND = dict(orientation="h", xref="paper", yref="container", x=0.0, xanchor="left", y=0.0,
              yanchor="bottom", bgcolor="rgba(0,0,0,0)")


def rgba(hex_colour: str, alpha: float) -> str:
    """A hex colour with transparency, for bands and fills.

    >>> rgba("#56B4E9", 0.25)
    'rgba(86,180,233,0.25)'
    """
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"


def _template(light: bool = True) -> go.layout.Template:
    """finlit's template; `light=False` leaves the background, text and grid colours to the
    template it is laid over (a dark one)."""
    colours = light or None
    axis = dict(showgrid=True, gridcolor=colours and COLORS["grid"], zeroline=True,
                zerolinecolor=colours and "#BBBBBB", linecolor=colours and "#BBBBBB", ticks="outside",
                tickcolor=colours and "#BBBBBB", automargin=True, title=dict(standoff=8))
    layout = go.Layout(
        font=dict(family=FONT, size=13, color=colours and COLORS["text"]),
        title=dict(font=dict(size=17), x=0.0, xanchor="left", xref="paper"),
        colorway=PALETTE,
        paper_bgcolor=colours and "white",
        plot_bgcolor=colours and "white",
        xaxis=dict(axis, showgrid=False),
        yaxis=axis,
        # the legend in one row (or more) at the foot of the figure, below the axis titles: above
        # the plot it wrapped into the title at 600-1400 px; the container reference makes plotly
        # reserve the bottom margin it needs, however many rows it takes
        legend=LEGEND,
        hoverlabel=dict(font=dict(family=FONT)),
        margin=dict(l=70, r=30, t=80, b=60),
        separators=".,",
    )
    data = go.layout.template.Data(
        bar=[go.Bar(marker=dict(line=dict(width=0)))],
        waterfall=[go.Waterfall(connector=dict(line=dict(color=GREY, width=1)),
                                increasing=dict(marker=dict(color=COLORS["positive"])),
                                decreasing=dict(marker=dict(color=COLORS["negative"])),
                                totals=dict(marker=dict(color=COLORS["total"])))],
        scatter=[go.Scatter(line=dict(width=2.5), marker=dict(size=7))],
    )
    return go.layout.Template(layout=layout, data=data)


def register_template() -> None:
    """(Re-)register the "finlit" and "finlit_dark" templates in `plotly.io.templates`."""
    pio.templates[TEMPLATE] = _template()
    pio.templates[TEMPLATE_DARK] = _template(light=False)


def use_finlit_template() -> None:
    """Make "finlit" plotly's default template (for the current process)."""
    register_template()
    pio.templates.default = TEMPLATE


register_template()


def _luminance(colour) -> float | None:
    """0 (black) to 1 (white) for '#rrggbb', 'rgb(r,g,b)' or 'white'/'black'; None otherwise."""
    text = str(colour or "").strip().lower()
    named = {"white": 1.0, "black": 0.0}
    if text in named:
        return named[text]
    if re.fullmatch(r"#[0-9a-f]{6}", text):
        r, g, b = (int(text[i:i + 2], 16) for i in (1, 3, 5))
    elif m := re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+).*\)", text):
        r, g, b = (int(v) for v in m.groups())
    else:
        return None
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def is_dark(template) -> bool:
    """Whether a plotly template (a name, "a+b", or a Template) draws on a dark background.

    >>> is_dark("plotly_dark"), is_dark("plotly"), is_dark("plotly_white+finlit"), is_dark(None)
    (True, False, False, False)
    """
    if not template or template == "none":
        return False
    try:
        found = pio.templates[template] if isinstance(template, str) else go.layout.Template(template)
    except (KeyError, ValueError):
        return False
    light = _luminance(found.layout.paper_bgcolor)
    return light is not None and light < 0.5


def resolve_template(template=None):
    """The template a chart is drawn with: `template` (default: the user's plotly default)
    with finlit's look on top. Plotly's standard default, or none, gives "finlit" itself
    (what the briefings have always shown); a template that already has finlit is kept; a
    dark one gets "finlit_dark" (finlit's palette and layout, the dark template's colours).

    >>> resolve_template(None) if pio.templates.default == "plotly" else "finlit"
    'finlit'
    >>> resolve_template("plotly_dark"), resolve_template("seaborn"), resolve_template("finlit")
    ('plotly_dark+finlit_dark', 'seaborn+finlit', 'finlit')
    """
    if template is None:
        template = pio.templates.default
    if not isinstance(template, str):
        return go.layout.Template(template, layout=_template(not is_dark(template)).layout)
    parts = template.split("+") if template else []
    if not parts or template in ("none", "plotly") or TEMPLATE in parts or TEMPLATE_DARK in parts:
        return template if (TEMPLATE in parts or TEMPLATE_DARK in parts) else TEMPLATE
    return f"{template}+{TEMPLATE_DARK if is_dark(template) else TEMPLATE}"


def with_template(chart):
    """Give a chart function a `template=` keyword (see `resolve_template`): the figure it
    draws is laid out on that template with finlit's look on top, its ticks fitted to its
    values (`fit_ticks`).

    >>> @with_template
    ... def empty(): return go.Figure()
    >>> empty(template="plotly_dark").layout.template.layout.paper_bgcolor
    'rgb(17,17,17)'
    >>> "template" in inspect.signature(empty).parameters
    True
    """
    @functools.wraps(chart)
    def drawn(*args, template=None, **kwargs):
        fig = fit_ticks(chart(*args, **kwargs))      # drawn by `style` on the default template
        if template is not None:
            fig.update_layout(template=_template_object(template))
        return fig

    signature = inspect.signature(chart)
    keyword = inspect.Parameter("template", inspect.Parameter.KEYWORD_ONLY, default=None)
    drawn.__signature__ = signature.replace(parameters=[*signature.parameters.values(), keyword])
    return drawn


def _template_object(template=None) -> go.layout.Template:
    resolved = resolve_template(template)
    return pio.templates[resolved] if isinstance(resolved, str) else resolved


# --- axes and units --------------------------------------------------------------------------

SCALES = ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions"), (1e3, "thousands"), (1.0, ""))


def money_scale(values: Iterable[float]) -> tuple[float, str]:
    """(divisor, unit word) that keeps the largest value between 1 and 1,000 of the unit.

    Millions is the floor for amounts of a million or more, as in the statements.

    >>> money_scale([2.8e9, -1.1e9]), money_scale([864e6]), money_scale([45000.0]), money_scale([])
    ((1000000000.0, 'billions'), (1000000.0, 'millions'), (1000.0, 'thousands'), (1000000.0, 'millions'))
    """
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    if not finite:
        return 1e6, "millions"
    top = max(finite)
    for size, word in SCALES:
        if top >= size:
            return size, word
    return 1.0, ""


def money_axis_title(currency: str = "USD", unit: str = "millions") -> str:
    """'USD millions' (or just 'USD' for unscaled amounts).

    >>> money_axis_title("EUR", ""), money_axis_title()
    ('EUR', 'USD millions')
    """
    return f"{currency} {unit}".strip()


def label_money_axis(fig: go.Figure, currency: str = "USD", unit: str = "millions",
                     axis: str = "y", what: str = "") -> go.Figure:
    """Title a money axis with what it shows, the currency and the unit: 'Amount (USD millions)'.

    >>> fig = label_money_axis(go.Figure(), "USD", "billions", what="Revenue")
    >>> fig.layout.yaxis.title.text
    'Revenue (USD billions)'
    """
    title = f"{what} ({money_axis_title(currency, unit)})" if what else money_axis_title(currency, unit)
    fig.update_layout({f"{axis}axis": dict(title=dict(text=title), tickformat=tick_format("money"),
                                           separatethousands=True)})
    return fig


def label_percent_axis(fig: go.Figure, of: str = "revenue", axis: str = "y", decimals: int = 0) -> go.Figure:
    """A percent axis for values stored as fractions: ticks '25%', title '% of revenue'.

    >>> label_percent_axis(go.Figure()).layout.yaxis.tickformat
    '.0%'
    """
    title = f"% of {of}" if of else "%"
    fig.update_layout({f"{axis}axis": dict(title=dict(text=title), tickformat=tick_format("percent", decimals))})
    return fig


def axis_title_for_unit(unit: str, currency: str = "USD", money_unit: str = "millions") -> str:
    """Axis title for a ratio unit: 'percent', 'times', 'days' or 'money'.

    >>> axis_title_for_unit("times"), axis_title_for_unit("money", "USD", "billions")
    ('times (×)', 'USD billions')
    """
    return {"percent": "percent (%)", "times": "times (×)", "days": "days"}.get(
        unit, money_axis_title(currency, money_unit))


# plotly never wraps a title: longer lines are cut at the figure's edge. About what fits in a
# figure 520 px wide (a 600 px window): the title at 17 px, the subtitle at plotly's <sup> size.
TITLE_CHARS = 48
SUBTITLE_CHARS = 72


def legend_label(text: str, width: int = 56) -> str:
    """A legend entry (or any chart label) escaped and broken into lines of about `width`
    characters: plotly never wraps one, so a long entry ran past a narrow figure's edge.

    >>> legend_label("1.7%: median for retail and wholesale, Gartner IT Key Metrics Data 2022, data year 2021")
    '1.7%: median for retail and wholesale, Gartner IT Key<br>Metrics Data 2022, data year 2021'
    """
    import textwrap

    lines = textwrap.wrap(str(text), width, break_long_words=False) or [str(text)]
    return "<br>".join(escape_html(line) for line in lines)


def chart_title(text: str, company: str = "", subtitle: str = "") -> str:
    """A title with the (escaped) company name and an optional smaller subtitle, in lines that
    fit a narrow figure: a long title puts the company on a line of its own, a long subtitle
    wraps between words. Plotly draws a small HTML subset in titles, so outside text is escaped.

    >>> chart_title("Income statement", "<b>Evil</b> Corp", "FY2023")
    'Income statement — &lt;b&gt;Evil&lt;/b&gt; Corp<br><sup>FY2023</sup>'
    >>> chart_title("What it owns and how it is paid for", "Costco Wholesale Corporation")
    'What it owns and how it is paid for<br>Costco Wholesale Corporation'
    """
    import textwrap

    out = escape_html(text)
    if company:
        joined = f"{text} — {company}"
        out = escape_html(joined) if len(joined) <= TITLE_CHARS else f"{out}<br>{escape_html(company)}"
    if subtitle:
        lines = textwrap.wrap(subtitle, SUBTITLE_CHARS, break_long_words=False) or [subtitle]
        out += "".join(f"<br><sup>{escape_html(line)}</sup>" for line in lines)
    return out


def style(fig: go.Figure, title: str = "", height: int | None = 460, template=None) -> go.Figure:
    """Apply the template (`resolve_template`: finlit on the user's default), a title
    (already escaped) and a height.

    >>> style(go.Figure(), "A").layout.template.layout.colorway[0] == PALETTE[0]
    True
    """
    fig.update_layout(template=_template_object(template), title=dict(text=title) if title else None,
                      height=height)
    if title_margin(title) > TOP_MARGIN:   # a title wrapped to fit a narrow figure needs the room
        fig.update_layout(margin=dict(t=title_margin(title)))
    return fig


TOP_MARGIN = 80   # the template's: a title and one subtitle line


def title_margin(title: str) -> int:
    """The top margin a title needs: plotly centres it in the margin and never pushes the plot.

    >>> title_margin("Net margin — Costco"), title_margin("IT spend<br>Costco<br><sup>a</sup><br><sup>b</sup>")
    (58, 124)
    """
    return 36 + 22 * (1 + str(title or "").count("<br>"))


# --- ticks that never repeat ------------------------------------------------------------------

_FIXED = re.compile(r"^([^.]*)\.(\d+)([%f])$")   # a d3 format with fixed decimals: ".0%", ",.1f"


def nice_step(span: float, ticks: int = 5) -> float:
    """A tick step of 1, 2 or 5 times a power of ten that gives about `ticks` ticks over `span`.

    >>> nice_step(0.025, 5), nice_step(0.45, 5), nice_step(2.0, 5), nice_step(0.0)
    (0.005, 0.1, 0.5, 1.0)
    """
    if not (span > 0 and math.isfinite(span)):
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    return float(f"{step:.12g}")


def _axis_values(fig: go.Figure, axis: str) -> list[float]:
    """The numbers drawn along one axis ("yaxis", "xaxis2" …): trace values, bars from zero,
    its fixed range and the shapes (bands) on it."""
    letter, suffix = axis[0], axis[5:]
    ref = letter + suffix
    out: list[float] = []
    for trace in fig.data:
        horizontal = getattr(trace, "orientation", None) == "h"
        on = getattr(trace, f"{letter}axis", None) or letter
        if on != ref:
            continue
        value_letter = "x" if horizontal else "y"
        if letter != value_letter or trace.type not in ("bar", "scatter", "waterfall"):
            continue
        values = getattr(trace, letter, None)
        if values is None:
            continue
        if trace.type == "bar" and getattr(fig.layout, "barmode", None) in ("stack", "relative"):
            return []   # stacked sums: plotly's own scale (money formats adapt anyway)
        numbers = [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(float(v))]
        out += numbers + ([0.0] if trace.type in ("bar", "waterfall") and numbers else [])
    axis_range = fig.layout[axis].range
    if axis_range and all(isinstance(v, (int, float)) for v in axis_range):
        out += [float(v) for v in axis_range]
    for shape in fig.layout.shapes or ():
        if (shape[f"{letter}ref"] or letter) == ref:
            out += [float(v) for v in (shape[f"{letter}0"], shape[f"{letter}1"]) if isinstance(v, (int, float))]
    return out


def fit_ticks(fig: go.Figure, ticks: int = 6) -> go.Figure:
    """Ticks that never repeat a label: an axis with a fixed-decimals format (".0%", ".1f")
    gets a step of 1, 2 or 5 times a power of ten for its values' span and as many decimals
    as that step needs. A margin between 8% and 10% read "10%, 9%, 9%, 8%" with plotly's own
    step of 0.5%; it now reads "8.0%, 8.5% … 10.0%".

    >>> fig = fit_ticks(go.Figure(go.Scatter(y=[0.081, 0.097]), layout=dict(yaxis=dict(tickformat=".0%"))))
    >>> fig.layout.yaxis.dtick, fig.layout.yaxis.tickformat
    (0.005, '.1%')
    >>> fit_ticks(go.Figure(go.Scatter(y=[0.1, 0.45]), layout=dict(yaxis=dict(tickformat=".0%")))).layout.yaxis.tickformat
    '.0%'
    >>> fit_ticks(go.Figure(go.Scatter(y=[0.25, 0.25]), layout=dict(yaxis=dict(tickformat=".0%")))).layout.yaxis.dtick
    0.05
    """
    for name in [k for k in fig.layout.to_plotly_json() if re.fullmatch(r"[xy]axis\d*", k)]:
        axis = fig.layout[name]
        found = _FIXED.match(axis.tickformat or "")
        if not found or axis.dtick is not None or axis.tickvals is not None or axis.type in ("category", "log"):
            continue
        values = _axis_values(fig, name)
        if len(values) < 2:
            continue
        # one value all along (a flat line): steps on the scale of the value itself
        step = nice_step((max(values) - min(values)) or abs(max(values)) or 1.0, ticks)
        shown = step * (100 if found.group(3) == "%" else 1)
        decimals = max(int(found.group(2)), -math.floor(math.log10(shown) + 1e-9))
        axis.update(dtick=step, tick0=0, tickformat=f"{found.group(1)}.{decimals}{found.group(3)}")
    return fig
