"""`finlit batch --scheduler`: briefings on a Dask cluster (a LocalCluster of 2 worker
processes here) give the same files, manifest and exit code as the local executor; a worker
killed mid-batch loses nothing; an unreachable scheduler is exit 1 and one line."""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from notebook_helpers import tiny_notebook
from cli_helpers import one_line_error, run
from finlit.briefing.batch import run_batch

distributed = pytest.importorskip("distributed", reason='the Dask tests need pip install "finlit[dask]"')

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("batch_scale", ROOT / "bench" / "batch_scale.py")
batch_scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(batch_scale)  # its `differences`: files equal apart from run details


notebook = tiny_notebook


def config(path: Path, *targets: str, scheduler: str = "") -> Path:
    head = f'scheduler = "{scheduler}"\n' if scheduler else ""
    path.write_text(head + "".join(f'[[briefing]]\ntarget = "{t}"\n' for t in targets), encoding="utf-8")
    return path


def stdout_of(path: Path) -> str:
    nb = json.loads(path.read_text())
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream")


def test_a_mixed_batch_on_a_local_cluster_gives_what_the_local_executor_gives(tmp_path, capsys):
    # MSFT fails in a cell, NOSUCHCO before the notebook runs (no such company); the rest succeed
    book = notebook(tmp_path / "tiny.ipynb",
                    "from finlit.sources import load\nimport plotly.graph_objects as go\n"
                    "company = load(target)\nprint('briefed', company.name)",
                    "assert target != 'MSFT', 'this briefing fails on purpose'",
                    "go.Figure(go.Bar(x=[str(y) for y in company.years], y=[1] * len(company.years)))")
    batch = config(tmp_path / "batch.toml", "AAPL", "MSFT", "JPM", "NOSUCHCO", "LARKSPUR")
    local = run_batch(batch, out=tmp_path / "local", jobs=2, notebook=book, log=lambda line: None)
    dask = run_batch(batch, out=tmp_path / "dask", scheduler="local:2", notebook=book, log=lambda line: None)
    assert local == dask == 3
    assert batch_scale.differences(tmp_path / "local", tmp_path / "dask") == []
    made = {p.name for p in (tmp_path / "dask").iterdir()}
    assert {"AAPL.html", "AAPL.ipynb", "JPM.html", "LARKSPUR.ipynb", "MSFT.failed.ipynb",
            "plotly.min.js", "index.html", "compare.html", "manifest.json"} <= made
    assert not {"MSFT.html", "NOSUCHCO.html", "NOSUCHCO.ipynb"} & made
    assert not [n for n in made if n.startswith(".")]  # no temporary file left
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    status = {b["name"]: b["status"] for b in manifest["briefings"]}
    assert status == {"AAPL": "ok", "MSFT": "failed", "JPM": "ok", "NOSUCHCO": "failed", "LARKSPUR": "ok"}
    errors = {b["name"]: b["error"] for b in manifest["briefings"]}
    assert "this briefing fails on purpose" in errors["MSFT"]
    assert str((tmp_path / "dask").resolve()) in errors["MSFT"]  # the kept notebook, on this machine
    assert "NOSUCHCO" in errors["NOSUCHCO"]
    assert "briefed Apple Inc." in stdout_of(tmp_path / "dask" / "AAPL.ipynb")
    # the same headline figures as the local run, from the client's own computation
    assert manifest["briefings"][0]["headline"]["revenue"] == 416161000000.0
    # a second run sends only the failed ones: every good briefing is unchanged
    lines = []
    assert run_batch(batch, out=tmp_path / "dask", scheduler="local:2", notebook=book, log=lines.append) == 3
    assert sum("failed" in line for line in lines) == 2
    again = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert [b["status"] for b in again["briefings"]] == ["skipped", "failed", "skipped", "failed", "skipped"]


def test_a_worker_killed_mid_batch_loses_nothing(tmp_path):
    book = notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(2)\nprint('ran', target)")
    targets = ("AAPL", "MSFT", "JPM", "LARKSPUR", "NVDA")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    client = distributed.Client(cluster)
    killed, lines = [], []

    def kill_a_busy_worker(line):
        lines.append(line)
        if killed:
            return
        busy = [w for w, keys in client.processing().items() if keys]
        if busy:
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append((busy[0], pid))

    try:
        batch = config(tmp_path / "batch.toml", *targets, scheduler=cluster.scheduler_address)
        code = run_batch(batch, out=tmp_path / "out", notebook=book, log=kill_a_busy_worker)
    finally:
        client.close()
        cluster.close()
    assert killed, "no worker was busy when the first result arrived"
    assert code == 0
    # where the briefings ran: that cluster (its 2 workers), not "1 worker" (the --jobs default)
    assert lines[0] == (f"5 briefings: 0 up to date (skipped), 5 to run on the Dask cluster at "
                        f"{cluster.scheduler_address} (2 workers), into {tmp_path / 'out'}")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [b["status"] for b in manifest["briefings"]] == ["ok"] * len(targets)
    for ticker in targets:
        assert f"ran {ticker}" in stdout_of(tmp_path / "out" / f"{ticker}.ipynb")
        assert (tmp_path / "out" / f"{ticker}.html").stat().st_size > 1000
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".") or "partial" in p.name]


def test_a_stopped_batch_on_the_cluster_lists_what_finished_in_one_line(tmp_path):
    book = notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(120 if target == 'MSFT' else 0)\n"
                                             "print('ran', target)")
    batch = config(tmp_path / "batch.toml", "AAPL", "MSFT", scheduler="local:2")
    runner = tmp_path / "run_finlit.py"
    runner.write_text(
        "import sys\nfrom pathlib import Path\nimport finlit.briefing.batch as batch, finlit.briefing.runner as runner\n"
        "if __name__ == '__main__':\n"
        f"    runner.default_notebook = batch.default_notebook = lambda: Path({str(book)!r})\n"
        "    batch.REWRITE_EVERY = 3600.0  # every rewrite held back: the stop must write it\n"
        "    from finlit.cli import main\n    sys.exit(main(sys.argv[1:]))\n")
    process = subprocess.Popen([sys.executable, str(runner), "batch", str(batch)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        for line in process.stdout:
            if line.startswith("[1/2] ok      AAPL"):
                break
        else:
            pytest.fail("AAPL did not finish first")
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 143
    assert one_line_error(err).startswith("finlit: error: stopped by SIGTERM: 1 of 2 briefings ready")
    manifest = json.loads((tmp_path / "briefings" / "manifest.json").read_text())
    assert [(b["name"], b["status"]) for b in manifest["briefings"]] == [("AAPL", "ok")]
    assert not (tmp_path / "briefings" / "MSFT.html").exists()


def test_an_unreachable_scheduler_is_exit_1_and_one_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    batch = config(tmp_path / "batch.toml", "AAPL")
    result = subprocess.run([sys.executable, "-m", "finlit", "batch", str(batch), "-q",
                             "--scheduler", f"tcp://127.0.0.1:{port}"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    line = one_line_error(result.stderr)
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in line and "dask scheduler" in line
    assert not (tmp_path / "briefings").exists()  # nothing written: no index, no manifest, no folder


def test_an_unreachable_scheduler_leaves_an_existing_folder_as_it_was(tmp_path):
    import socket

    from finlit.briefing.distributed import ClusterError

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "briefings"
    out.mkdir()
    (out / "manifest.json").write_text("[1, 2]\n")  # not even a finlit manifest: kept as it is
    (out / "notes.txt").write_text("mine")
    batch = config(tmp_path / "batch.toml", "AAPL", scheduler=f"tcp://127.0.0.1:{port}")
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        run_batch(batch, log=lambda line: None)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "notes.txt"]
    assert (out / "manifest.json").read_text() == "[1, 2]\n"


def test_a_briefing_over_its_time_limit_fails_alone_on_the_cluster(tmp_path):
    import time

    book = notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(300 if target == 'MSFT' else 0)\n"
                                             "print('ran', target)")
    batch = config(tmp_path / "batch.toml", "AAPL", "MSFT", "JPM", scheduler="local:2")
    batch.write_text("timeout = 12\n" + batch.read_text())
    lines = []
    started = time.monotonic()
    code = run_batch(batch, out=tmp_path / "out", notebook=book, log=lines.append)
    assert time.monotonic() - started < 90  # not the 300 s of MSFT's notebook
    assert code == 3
    assert lines[0] == f"3 briefings: 0 up to date (skipped), 3 to run with 2 Dask workers, into {tmp_path / 'out'}"
    manifest = {b["name"]: b for b in json.loads((tmp_path / "out" / "manifest.json").read_text())["briefings"]}
    assert [manifest[t]["status"] for t in ("AAPL", "MSFT", "JPM")] == ["ok", "failed", "ok"]
    assert "ran over its time limit of 12 s" in manifest["MSFT"]["error"] and manifest["MSFT"]["attempts"] == 1
    assert "ran AAPL" in stdout_of(tmp_path / "out" / "AAPL.ipynb")
    assert not (tmp_path / "out" / "MSFT.html").exists()
    failures = [line for line in lines if " failed " in line]
    assert len(failures) == 1 and "MSFT" in failures[0]


@pytest.mark.parametrize("value", ["local:0", "local", "my-cluster", "tcp://"])
def test_a_bad_scheduler_value_is_exit_2_and_one_line(tmp_path, capsys, value):
    batch = config(tmp_path / "batch.toml", "AAPL")
    code, out, err = run(capsys, "batch", batch, "--scheduler", value)
    assert code == 2
    assert "--scheduler" in one_line_error(err) and "local:N" in err
    assert not (tmp_path / "briefings").exists()  # nothing written
