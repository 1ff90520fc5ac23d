"""A notebook's parameters, read from its `parameters` cell, and checked before anything runs.

papermill does not validate parameters (an unknown name is only a warning and `-p` values
are cast by guesswork), so finlit reads the annotated parameters cell itself:

    target: str = "LARKSPUR"  # bundled ticker or a statements file

A parameter may take one of several types (``target: Union[str, list]``, or ``str | list``
where papermill is not involved: its parser does not read ``|``); a list holds strings.

>>> cell = 'target: str = "AAPL"  # the company\\nfiscal_year: int = 0  # 0 = the latest'
>>> params = parse_parameters(cell)
>>> params["fiscal_year"].type, params["target"].help
('int', 'the company')
>>> check_parameters(params, {"fiscal_year": "2023"})
{'fiscal_year': 2023}
>>> check_parameters(params, {"year": "2023"})
Traceback (most recent call last):
...
finlit.errors.InputError: unknown parameter 'year': the briefing takes target, fiscal_year
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: object
    help: str


def parse_parameters(source: str) -> dict[str, Parameter]:
    """Annotated assignments of a parameters cell: name, type, default and the line's comment."""
    lines = source.splitlines()
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            kind = ast.unparse(node.annotation)
            union = re.fullmatch(r"(?:typing\.)?Union\[(.*)\]", kind)
            if union:
                kind = " | ".join(part.strip() for part in union.group(1).split(","))
            if not all(part.strip() in TYPES for part in kind.split("|")):
                raise ValueError(f"parameter {node.target.id}: annotate with one of {', '.join(TYPES)}"
                                 " (or several joined by |)")
            line = lines[node.lineno - 1]
            comment = line.split("#", 1)[1].strip() if "#" in line else ""
            out[node.target.id] = Parameter(node.target.id, kind, ast.literal_eval(node.value), comment)
    return out


def notebook_parameters(path: str | Path) -> dict[str, Parameter]:
    """The parameters of a notebook file (the first cell tagged `parameters`)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            return parse_parameters(source)
    return {}


def _cast(p: Parameter, value):
    kinds = [part.strip() for part in p.type.split("|")]
    for kind in kinds[:-1]:
        try:
            return _cast_one(p, kind, value)
        except InputError:
            pass
    return _cast_one(p, kinds[-1], value)


def _cast_one(p: Parameter, kind: str, value):
    want = TYPES[kind]
    if want is list:
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return list(value)
        raise InputError(f"parameter {p.name} must be a list of strings, got {value!r}: "
                         f"{p.help or 'see finlit brief --help'}")
    if isinstance(value, want) and not (want is int and isinstance(value, bool)):
        return value
    if want is bool and isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0"):
        return value.lower() in ("true", "yes", "1")
    if want in (int, float) and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            number = want(value)
            if want is int and isinstance(value, float) and value != number:
                raise ValueError
            return number
        except ValueError:
            pass
    if want is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"parameter {p.name} must be {'an' if p.type == 'int' else 'a'} {' or '.join(p.type.split(' | '))}, "
                     f"got {value!r}: {p.help or 'see finlit brief --help'}")


def check_parameters(params: dict[str, Parameter], values: dict) -> dict:
    """Values cast to the parameters' types; an unknown name or a bad value is an `InputError`."""
    out = {}
    for name, value in values.items():
        if name not in params:
            raise InputError(f"unknown parameter {name!r}: the briefing takes {', '.join(params)}")
        out[name] = _cast(params[name], value)
    return out
