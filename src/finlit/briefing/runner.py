"""`brief`: check the parameters, execute the briefing notebook with papermill, write the HTML.

    from finlit.briefing import brief
    result = brief("LARKSPUR", out="briefings", it_budget="my_budget.csv")
    result.html    # briefings/LARKSPUR.html, with briefings/LARKSPUR.ipynb beside it
"""
from __future__ import annotations

import os
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path

from .._speedups import skip_slow_optional_imports
from ..errors import FinlitError, InputError
from .files import inside, safe_name
from .html import write_briefing_html
from .params import check_parameters, notebook_parameters
from .warm import install_warm_provisioner, warm_enabled

CELL_TIMEOUT = 120  # seconds per cell


class BriefingError(FinlitError):
    """The notebook failed while running (exit 1); the executed notebook is kept for diagnosis."""

    exit_code = 1


@dataclass
class BriefingResult:
    name: str
    html: Path
    ipynb: Path
    parameters: dict
    seconds: float
    extra: dict = field(default_factory=dict)


def default_notebook() -> Path:
    """notebooks/briefing.ipynb, shipped as package data (finlit.notebooks)."""
    with as_file(files("finlit.notebooks") / "briefing.ipynb") as path:
        return Path(path)


def preflight(values: dict) -> tuple[dict, object]:
    """Check inputs before the notebook runs, so bad input is exit 2 and one line, not a
    failed notebook: the company loads, the IT budget reads, the industry is known.
    File paths are made absolute (the kernel may run elsewhere)."""
    from ..industries import INDUSTRIES
    from ..sources import load, looks_like_file

    values = dict(values)
    target = values.get("target", "")
    if not target:
        raise InputError("no TARGET: give a bundled ticker (see `finlit companies`) or a statements file")
    if looks_like_file(target):
        values["target"] = str(Path(target).expanduser().resolve())
    company = load(values["target"], source=values.get("source") or None)
    budget = values.get("it_budget", "")
    if budget:
        path = Path(budget).expanduser()
        if not path.is_file():
            raise InputError(f"IT budget file not found: {budget}: check the path")
        values["it_budget"] = str(path.resolve())
        from ..itbudget import load_it_budget

        load_it_budget(values["it_budget"])
    industry = values.get("industry", "")
    if industry and industry not in INDUSTRIES:
        raise InputError(f"unknown industry {industry!r}: use one of {', '.join(INDUSTRIES)}")
    year = values.get("fiscal_year", 0)
    if year and year not in company.years:
        raise InputError(f"{company.name} has no FY{year}: choose one of "
                         f"{', '.join(str(y) for y in company.years)}")
    return values, company


def brief(target: str, out: str | Path = "briefings", name: str | None = None,
          notebook: str | Path | None = None, self_contained: bool = False,
          cell_timeout: int = CELL_TIMEOUT, **parameters) -> BriefingResult:
    """Run the briefing notebook for TARGET and write OUT/<name>.html and OUT/<name>.ipynb.

    `parameters` are the notebook's (source, it_budget, industry, fiscal_year …); they are
    checked against its parameters cell before anything runs. Writes are atomic.
    """
    started = time.perf_counter()
    notebook = Path(notebook) if notebook else default_notebook()
    params = notebook_parameters(notebook)
    values = check_parameters(params, {"target": target, **{k: v for k, v in parameters.items()
                                                           if v is not None}})
    values, company = preflight(values)
    out = Path(out).expanduser()
    stem = safe_name(name or Path(str(target)).stem)
    html_path, ipynb_path = inside(out, f"{stem}.html"), inside(out, f"{stem}.ipynb")
    out.mkdir(parents=True, exist_ok=True)
    nb = execute(notebook, ipynb_path, values, cell_timeout)
    title = f"{company.name}: financial briefing"
    write_briefing_html(nb, html_path, title, self_contained=self_contained, audit=ipynb_path.name)
    return BriefingResult(stem, html_path, ipynb_path, values, time.perf_counter() - started)


def _ipc_kernel_manager():
    """Kernels talk over local sockets (IPC), not TCP ports: no port races between parallel
    briefings and no 'running over TCP without encryption' warning."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            # socket files go to the temp folder, not the (maybe read-only) working folder
            kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(), f"finlit-kernel-{uuid.uuid4().hex}"))
            super().__init__(**kwargs)

    if not warm_enabled():
        return IPCKernelManager

    class WarmKernelManager(IPCKernelManager):
        """Forks its kernel from this pre-imported process (see `finlit.briefing.warm`)."""

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            install_warm_provisioner(self)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return WarmKernelManager


def execute(notebook: Path, ipynb_path: Path, values: dict, cell_timeout: int = CELL_TIMEOUT) -> dict:
    """Execute with papermill into a temporary file, then move it into place atomically.
    On failure the executed notebook is kept as <name>.failed.ipynb."""
    skip_slow_optional_imports()
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    tmp = ipynb_path.with_name(f".{ipynb_path.stem}.{os.getpid()}.partial.ipynb")
    failed = ipynb_path.with_name(ipynb_path.stem + ".failed.ipynb")
    try:
        papermill.execute_notebook(
            str(notebook), str(tmp), parameters=values, kernel_name="python3", progress_bar=False,
            request_save_on_cell_execute=False, execution_timeout=cell_timeout, log_output=False,
            kernel_manager_class=_ipc_kernel_manager())
    except PapermillExecutionError as error:
        if tmp.exists():
            os.replace(tmp, failed)
        raise BriefingError(f"the briefing notebook failed in cell {error.exec_count}: {error.ename}: "
                            f"{str(error.evalue).splitlines()[0] if error.evalue else ''} "
                            f"(the executed notebook is kept as {failed})") from None
    except BaseException as error:
        tmp.unlink(missing_ok=True)
        if isinstance(error, Exception) and not isinstance(error, FinlitError):
            raise BriefingError(f"the briefing notebook could not run: {type(error).__name__}: "
                                f"{str(error).splitlines()[0] if str(error) else ''}") from None
        raise
    nb = nbformat.read(str(tmp), as_version=4)
    os.replace(tmp, ipynb_path)
    failed.unlink(missing_ok=True)
    return nb
