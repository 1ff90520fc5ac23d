"""Charts: functions that return plotly figures (never files), in one colour-blind-safe theme.

>>> import finlit
>>> from finlit.charts import income_waterfall, TEMPLATE
>>> income_waterfall(finlit.load("AAPL"), 2023).data[0].type, TEMPLATE
('waterfall', 'finlit')
"""
from .statements import (balance_composition, income_sankey, income_steps, income_waterfall,
                         ratio_trend)
from .lessons import (allocation_chart, capitalisation_chart, it_budget_chart, profit_vs_cash_chart,
                      tco_chart, where_sales_go_chart)
from .theme import (COLORS, GREYS, OKABE_ITO, PALETTE, TEMPLATE, chart_title, label_money_axis,
                    label_percent_axis, money_axis_title, money_scale, register_template, rgba,
                    resolve_template, use_finlit_template, with_template)

__all__ = ["COLORS", "GREYS", "OKABE_ITO", "PALETTE", "TEMPLATE", "balance_composition",
           "chart_title", "income_sankey", "income_steps", "income_waterfall", "label_money_axis",
           "label_percent_axis", "money_axis_title", "money_scale", "ratio_trend",
           "register_template", "resolve_template", "rgba", "use_finlit_template", "with_template"]
__all__ += ["allocation_chart", "capitalisation_chart", "it_budget_chart", "profit_vs_cash_chart",
            "tco_chart", "where_sales_go_chart"]  # the learning notebooks' charts (charts/lessons.py)
