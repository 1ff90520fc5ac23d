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
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0.0,
                    bgcolor="rgba(255,255,255,0)"),
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
    draws is laid out on that template with finlit's look on top.

    >>> @with_template
    ... def empty(): return go.Figure()
    >>> empty(template="plotly_dark").layout.template.layout.paper_bgcolor
    'rgb(17,17,17)'
    >>> "template" in inspect.signature(empty).parameters
    True
    """
    @functools.wraps(chart)
    def drawn(*args, template=None, **kwargs):
        fig = chart(*args, **kwargs)      # drawn by `style` on the default template
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


def chart_title(text: str, company: str = "", subtitle: str = "") -> str:
    """A title with the (escaped) company name and an optional smaller subtitle line.

    Plotly draws a small HTML subset in titles, so outside text is escaped.

    >>> chart_title("Income statement", "<b>Evil</b> Corp", "FY2023")
    'Income statement — &lt;b&gt;Evil&lt;/b&gt; Corp<br><sup>FY2023</sup>'
    """
    out = escape_html(text)
    if company:
        out += f" — {escape_html(company)}"
    if subtitle:
        out += f"<br><sup>{escape_html(subtitle)}</sup>"
    return out


def style(fig: go.Figure, title: str = "", height: int | None = 460, template=None) -> go.Figure:
    """Apply the template (`resolve_template`: finlit on the user's default), a title
    (already escaped) and a height.

    >>> style(go.Figure(), "A").layout.template.layout.colorway[0] == PALETTE[0]
    True
    """
    fig.update_layout(template=_template_object(template), title=dict(text=title) if title else None,
                      height=height)
    return fig
