"""Teaching figures for the learning notebooks, read from the bundled data/teaching/*.toml.

The numbers are invented for the fictional Larkspur Components (or, for
`IT_COST_BEHAVIOUR`, a rule of thumb); the files say what each one stands for.

>>> LARKSPUR_ERP[2023], IT_COST_BEHAVIOUR["cloud"]
({'development': 2900000}, 'variable')
>>> LARKSPUR_DRIVERS["cloud"]["Valves"]                 # compute hours
40000
"""
from __future__ import annotations

import tomllib
from importlib.resources import files


def teaching_table(name: str) -> dict:
    """The teaching table data/teaching/NAME.toml as a dict, in the file's order.

    >>> list(teaching_table("it_cost_behaviour"))[:2]
    ['staff', 'software']
    """
    text = (files("finlit.data") / "teaching" / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


# what each business unit uses of each IT service (tickets, licences, compute hours …)
LARKSPUR_DRIVERS: dict[str, dict[str, int]] = teaching_table("larkspur_drivers")

# Larkspur Components' ERP project: {fiscal year: {stage: amount}}
LARKSPUR_ERP: dict[int, dict[str, int]] = {int(year): stages
                                           for year, stages in teaching_table("larkspur_erp").items()}

# IT budget category → "fixed" or "variable"
IT_COST_BEHAVIOUR: dict[str, str] = teaching_table("it_cost_behaviour")

__all__ = ["IT_COST_BEHAVIOUR", "LARKSPUR_DRIVERS", "LARKSPUR_ERP", "teaching_table"]
