"""What the bench scripts share: where the real data is, and median timing."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"  # ../shared/realdata, beside the project


def median_time(fn, runs: int) -> tuple[float, object]:
    """(median seconds, last result) of `runs` calls of `fn`."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
