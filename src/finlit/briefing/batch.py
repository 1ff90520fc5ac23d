"""`finlit batch`: many briefings from one TOML file, in parallel processes, for cron.

The file lists briefings with shared defaults; relative paths are relative to the file::

    out = "briefings"          # optional output folder (--out wins)

    [defaults]                 # optional: shared by every briefing
    industry = ""

    [[briefing]]
    target = "AAPL"

    [[briefing]]
    target = "LARKSPUR"
    name = "larkspur-with-budget"
    it_budget = "../data/it_budgets/LARKSPUR.csv"

One failing briefing never stops the others. The folder gets `index.html` (status and
links) and `manifest.json` (inputs, status, paths, duration, error per briefing), both
rewritten after every finished briefing, so an interrupted batch loses nothing finished.
A re-run skips briefings whose inputs have not changed (unless `force`). Exit status:
0 when every briefing succeeded, 3 when some failed.

>>> specs = parse_config('[[briefing]]\\ntarget = "AAPL"\\n[[briefing]]\\ntarget = "MSFT"\\nname = "ms"')
>>> [(s.name, s.parameters["target"]) for s in specs]
[('AAPL', 'AAPL'), ('ms', 'MSFT')]
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import signal
import threading
import time
import tomllib
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..errors import FinlitError, InputError
from .files import safe_name, write_atomic
from .params import check_parameters, notebook_parameters
from .runner import brief, default_notebook

LIVE_SOURCES = {"sec", "yahoo"}
RETRIES = 3  # attempts for live sources
BRIEFING_KEYS = {"target", "name", "source", "it_budget", "industry", "fiscal_year"}
TOP_KEYS = {"out", "jobs", "defaults", "briefing"}


@dataclass
class Spec:
    """One briefing of a batch: its output name and its notebook parameters."""

    name: str
    parameters: dict
    fingerprint: str = ""


@dataclass
class Outcome:
    name: str
    status: str  # ok, skipped, failed
    parameters: dict
    html: str = ""
    ipynb: str = ""
    seconds: float = 0.0
    attempts: int = 0
    error: str = ""
    peak_memory_mb: float = 0.0
    fingerprint: str = ""
    extra: dict = field(default_factory=dict)


def parse_config(text: str, base: Path | None = None, notebook: Path | None = None) -> list[Spec]:
    """The briefings of a batch file, checked before anything runs (exit 2 on any problem)."""
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"the batch file is not valid TOML ({error}): fix the line it names") from None
    unknown = set(config) - TOP_KEYS
    if unknown:
        raise InputError(f"unknown key {sorted(unknown)[0]!r} in the batch file: "
                         f"use {', '.join(sorted(TOP_KEYS))}")
    entries = config.get("briefing", [])
    if not isinstance(entries, list) or not entries:
        raise InputError("the batch file lists no briefings: add [[briefing]] tables with a target")
    defaults = config.get("defaults", {})
    params = notebook_parameters(notebook or default_notebook())
    specs, names = [], set()
    for number, entry in enumerate(entries, 1):
        merged = {**defaults, **entry}
        bad = set(merged) - BRIEFING_KEYS
        if bad:
            raise InputError(f"briefing {number}: unknown key {sorted(bad)[0]!r}: "
                             f"use {', '.join(sorted(BRIEFING_KEYS))}")
        if not merged.get("target"):
            raise InputError(f"briefing {number}: no target: add target = \"TICKER\" or a file path")
        name = safe_name(merged.pop("name", "") or Path(str(merged["target"])).stem)
        if name in names:
            raise InputError(f"briefing {number}: the output name {name!r} is used twice: "
                             "give each briefing its own name")
        names.add(name)
        for key in ("it_budget", "target"):
            value = merged.get(key)
            if value and base is not None and (key == "it_budget" or "/" in str(value)
                                               or str(value).lower().endswith((".csv", ".json", ".xlsx", ".toml", ".zip"))):
                merged[key] = str((base / value).resolve()) if not Path(value).is_absolute() else value
        try:
            values = check_parameters(params, merged)
        except InputError as error:
            raise InputError(f"briefing {number}: {error}") from None
        specs.append(Spec(name, values))
    return specs


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def fingerprint(spec: Spec, notebook: Path) -> str:
    """What the briefing's output depends on: notebook, finlit version, parameters, input files."""
    from .._version import __version__
    from ..sources.bundled import data_dir

    parts = {"notebook": _file_digest(str(notebook)), "finlit": __version__, "parameters": spec.parameters}
    for key in ("target", "it_budget"):
        value = str(spec.parameters.get(key) or "")
        if value and Path(value).is_file():
            parts[f"{key}_file"] = _file_digest(value)
    target = str(spec.parameters.get("target", "")).upper()
    bundled = data_dir() / f"{target}.csv"
    if bundled.is_file():
        parts["bundled"] = hashlib.sha256(bundled.read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _peak_memory_mb() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kernels = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kernels) / 1024, 1)  # Linux reports KiB


def _run_one(spec: Spec, out: str, notebook: str, fp: str) -> Outcome:
    """Run one briefing in a worker process; errors become a failed outcome, never an exception."""
    live = spec.parameters.get("source") in LIVE_SOURCES
    attempts, started = 0, time.perf_counter()
    while True:
        attempts += 1
        try:
            params = {k: v for k, v in spec.parameters.items() if k != "target"}
            result = brief(spec.parameters["target"], out=out, name=spec.name, notebook=notebook, **params)
            return Outcome(spec.name, "ok", spec.parameters, str(result.html.name), str(result.ipynb.name),
                           round(time.perf_counter() - started, 2), attempts, "", _peak_memory_mb(), fp)
        except Exception as error:  # one briefing's failure is recorded, not raised
            retry = live and attempts < RETRIES and not isinstance(error, InputError)
            if retry:
                time.sleep(2 ** (attempts - 1))
                continue
            message = str(error) if isinstance(error, FinlitError) else f"{type(error).__name__}: {error}"
            return Outcome(spec.name, "failed", spec.parameters, "", "", round(time.perf_counter() - started, 2),
                           attempts, message.splitlines()[0] if message else type(error).__name__,
                           _peak_memory_mb(), fp)


def _load_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {b["name"]: b for b in data.get("briefings", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_reports(out: Path, outcomes: dict[str, Outcome], order: list[str], started: str) -> None:
    """manifest.json and index.html, written atomically."""
    from .._version import __version__

    rows = [outcomes[n] for n in order if n in outcomes]
    manifest = {"finlit": __version__, "started": started,
                "summary": {s: sum(o.status == s for o in rows) for s in ("ok", "skipped", "failed")},
                "briefings": [{"name": o.name, "status": o.status, "inputs": o.parameters,
                               "html": o.html, "ipynb": o.ipynb, "duration_s": o.seconds,
                               "attempts": o.attempts, "error": o.error or None,
                               "peak_memory_mb": o.peak_memory_mb, "fingerprint": o.fingerprint}
                              for o in rows]}
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=2, default=str) + "\n")
    write_atomic(out / "index.html", _INDEX.render(rows=rows, summary=manifest["summary"],
                                                   started=started, version=__version__))


_INDEX = jinja2.Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>finlit briefings</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;color:#1f2328}
table{border-collapse:collapse;width:100%}td,th{padding:4px 10px;border-bottom:1px solid #e5e7eb;text-align:left}
.ok,.skipped{color:#1a7f37}.failed{color:#cf222e;font-weight:600}</style></head>
<body><h1>Briefings</h1>
<p>{{ summary.ok }} made, {{ summary.skipped }} unchanged, {{ summary.failed }} failed · batch started {{ started }} · finlit {{ version }}</p>
<table><thead><tr><th>briefing</th><th>company</th><th>status</th><th>seconds</th><th>error</th></tr></thead><tbody>
{% for o in rows %}<tr><td>{% if o.html %}<a href="{{ o.html }}">{{ o.name }}</a>{% else %}{{ o.name }}{% endif %}</td>
<td>{{ o.parameters.target }}</td><td class="{{ o.status }}">{{ o.status }}</td><td>{{ o.seconds }}</td>
<td>{{ o.error }}</td></tr>
{% endfor %}</tbody></table></body></html>
""")


def _stop_on_sigterm():
    """Treat SIGTERM (systemd, cron timeouts) like Ctrl-C; returns the previous handler."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def run_batch(config_path: str | Path, out: str | Path | None = None, jobs: int | None = None,
              force: bool = False, notebook: str | Path | None = None, log=print) -> int:
    """Run every briefing of a batch file; returns the exit status (0 all ok, 3 some failed)."""
    config_path = Path(config_path)
    try:
        text = config_path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read the batch file {config_path}: {error.strerror}: check the path") from None
    notebook = Path(notebook) if notebook else default_notebook()
    specs = parse_config(text, base=config_path.resolve().parent, notebook=notebook)
    top = tomllib.loads(text)
    here = config_path.resolve().parent
    # --out is relative to the working folder; the file's `out` (default "briefings") to the file
    out = Path(out) if out is not None else here / Path(top.get("out") or "briefings")
    jobs = int(jobs or top.get("jobs") or 1)
    if jobs < 1:
        raise InputError("--jobs must be 1 or more")
    out.mkdir(parents=True, exist_ok=True)
    for leftover in [*out.glob(".*.partial.ipynb"), *out.glob(".*.tmp")]:
        leftover.unlink(missing_ok=True)  # temporary files of an interrupted run
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    previous = _load_manifest(out / "manifest.json")
    outcomes: dict[str, Outcome] = {}
    todo = []
    for spec in specs:
        spec.fingerprint = fingerprint(spec, notebook)
        before = previous.get(spec.name)
        if (not force and before and before.get("status") in ("ok", "skipped")
                and before.get("fingerprint") == spec.fingerprint
                and (out / before.get("html", "")).is_file() and (out / before.get("ipynb", "")).is_file()):
            outcomes[spec.name] = Outcome(spec.name, "skipped", spec.parameters, before["html"], before["ipynb"],
                                          0.0, 0, "", 0.0, spec.fingerprint)
            log(f"unchanged  {spec.name}")
        else:
            todo.append(spec)
    order = [s.name for s in specs]
    write_reports(out, outcomes, order, started)
    if todo:
        from .._speedups import skip_slow_optional_imports

        skip_slow_optional_imports()
        import papermill  # noqa: F401  (imported once here, shared by forked workers)

        from .warm import warm_enabled, warm_up

        if warm_enabled():
            warm_up()  # pandas, plotly, ipykernel, finlit: inherited by workers and their kernels

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)),
                                   mp_context=multiprocessing.get_context(method))
        previous_handler = _stop_on_sigterm()
        try:
            pending = {pool.submit(_run_one, s, str(out), str(notebook), s.fingerprint) for s in todo}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    outcome = future.result()
                    outcomes[outcome.name] = outcome
                    log(f"{outcome.status:<9}  {outcome.name}  {outcome.seconds:.1f} s"
                        + (f"  {outcome.error}" if outcome.error else ""))
                    write_reports(out, outcomes, order, started)
        except KeyboardInterrupt:
            # stop now: running briefings are abandoned (their files are written atomically,
            # so nothing half-written is left) and the next run redoes them
            workers = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()
            write_reports(out, outcomes, order, started)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            if previous_handler is not None:
                signal.signal(signal.SIGTERM, previous_handler)
    write_reports(out, outcomes, order, started)
    failed = sum(o.status == "failed" for o in outcomes.values())
    log(f"{len(outcomes) - failed} of {len(outcomes)} briefings ready in {out}; index: {out / 'index.html'}")
    return 3 if failed else 0


__all__ = ["parse_config", "run_batch", "Spec", "Outcome"]
