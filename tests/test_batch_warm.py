"""Warm execution: each briefing's kernel is forked from a pre-imported process, yet runs in
a fresh namespace, with cell time-outs, failures and the executed notebook as before."""
from __future__ import annotations

import json
import os
import time

import pytest

from notebook_helpers import tiny_notebook
from finlit.briefing import warm
from finlit.briefing.batch import run_batch
from finlit.briefing.runner import BriefingError, execute

pytestmark = pytest.mark.skipif(not warm.warm_enabled(), reason="warm kernels need POSIX fork")


notebook = tiny_notebook


def stdout_of(nb) -> str:
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream")


def test_the_kernel_is_forked_from_this_process_with_everything_imported(tmp_path):
    book = notebook(tmp_path / "probe.ipynb",
                    "import os, sys\nprint(os.getppid(), 'pandas' in sys.modules, "
                    "'finlit.briefing.content' in sys.modules, 'plotly.graph_objects' in sys.modules)")
    nb = execute(book, tmp_path / "probe-out.ipynb", {"target": "AAPL"})
    assert stdout_of(nb).split() == [str(os.getpid()), "True", "True", "True"]
    # the audit trail is papermill's executed notebook, with the injected parameters
    saved = json.loads((tmp_path / "probe-out.ipynb").read_text())
    assert "papermill" in saved["metadata"]
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in saved["cells"])


def test_two_notebooks_that_would_see_each_others_variables_do_not(tmp_path):
    first = notebook(tmp_path / "first.ipynb", "leaked_from_first = target\nimport json as leaked_module")
    second = notebook(tmp_path / "second.ipynb",
                      "names = [n for n in ('leaked_from_first', 'leaked_module') if n in globals()]\n"
                      "print('seen:', names)\nassert not names, names")
    execute(first, tmp_path / "first-out.ipynb", {"target": "AAPL"})
    nb = execute(second, tmp_path / "second-out.ipynb", {"target": "MSFT"})
    assert "seen: []" in stdout_of(nb)


def test_a_batch_runs_every_briefing_in_a_fresh_namespace(tmp_path):
    book = notebook(tmp_path / "guard.ipynb",
                    "assert 'earlier' not in globals(), 'a previous briefing leaked'\nearlier = target\n"
                    "print('ran', target)")
    config = tmp_path / "batch.toml"
    config.write_text('out = "out"\n' + "".join(f'[[briefing]]\ntarget = "{t}"\n'
                                                for t in ("AAPL", "MSFT", "JPM", "LARKSPUR")))
    assert run_batch(config, jobs=1, notebook=book, log=lambda line: None) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [b["status"] for b in manifest["briefings"]] == ["ok"] * 4
    for ticker in ("AAPL", "MSFT", "JPM", "LARKSPUR"):
        assert f"ran {ticker}" in stdout_of(json.loads((tmp_path / "out" / f"{ticker}.ipynb").read_text()))


def test_a_cell_time_out_stops_the_warm_kernel_and_keeps_the_failed_notebook(tmp_path):
    import psutil

    book = notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(60)")
    before = {p.pid for p in psutil.Process().children(recursive=True)}  # other tests' helpers
    started = time.perf_counter()
    with pytest.raises(BriefingError, match="could not run|failed"):
        execute(book, tmp_path / "slow-out.ipynb", {"target": "AAPL"}, cell_timeout=2)
    assert time.perf_counter() - started < 30
    assert not (tmp_path / "slow-out.ipynb").exists()
    assert not list(tmp_path.glob(".*.partial.ipynb"))
    # no kernel left behind: no process this briefing started is still running
    time.sleep(0.5)
    left = [p for p in psutil.Process().children(recursive=True)
            if p.pid not in before and p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not left, [p.cmdline() for p in left]


def test_a_failing_cell_fails_the_briefing_with_its_cell_and_keeps_the_notebook(tmp_path):
    book = notebook(tmp_path / "bad.ipynb", "x = 1", "raise ValueError('broken on purpose')")
    with pytest.raises(BriefingError, match=r"cell 4: ValueError: broken on purpose"):
        execute(book, tmp_path / "bad-out.ipynb", {"target": "AAPL"})
    failed = json.loads((tmp_path / "bad-out.failed.ipynb").read_text())
    assert any(o.get("ename") == "ValueError" for c in failed["cells"] for o in c.get("outputs", []))


def test_warm_kernels_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("FINLIT_WARM_KERNEL", "0")
    assert not warm.warm_enabled()
    monkeypatch.setenv("FINLIT_WARM_KERNEL", "1")
    assert warm.warm_enabled()


def test_a_forked_process_reports_its_exit_code():
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    child = warm.ForkedProcess(pid)
    assert child.wait(timeout=10) == 7 and child.poll() == 7


def test_a_warm_kernel_shows_figures_as_a_cold_one_does(tmp_path):
    """plotly chose no renderer in the warm parent (no kernel yet): figures must still come out
    as plotly's mimetype, not as text, as in a cold kernel."""
    import nbformat
    import papermill

    from finlit.briefing.runner import _ipc_kernel_manager

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import plotly.graph_objects as go\ngo.Figure()")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src, out = tmp_path / "fig.ipynb", tmp_path / "fig_out.ipynb"
    nbformat.write(nb, str(src))
    papermill.execute_notebook(str(src), str(out), kernel_name="python3", progress_bar=False,
                               log_output=False, kernel_manager_class=_ipc_kernel_manager())
    outputs = nbformat.read(str(out), as_version=4).cells[0].outputs
    assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs), outputs


@pytest.mark.parametrize("warm_kernel", ["1", "0"])
def test_the_kernels_own_log_never_reaches_the_terminal(tmp_path, monkeypatch, warm_kernel):
    """jupyter_client interrupts a kernel as it shuts it down; a kernel caught in a handler
    then logs "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel" on the terminal.
    Warm and cold kernels alike run with their log at CRITICAL."""
    import logging

    monkeypatch.setenv("FINLIT_WARM_KERNEL", warm_kernel)
    book = notebook(tmp_path / "log.ipynb",
                    "from ipykernel.kernelapp import IPKernelApp\n"
                    "print('kernel log level', IPKernelApp.instance().log_level)")
    nb = execute(book, tmp_path / "log-out.ipynb", {"target": "AAPL"})
    assert f"kernel log level {logging.CRITICAL}" in stdout_of(nb)
