"""Worker pools leave Ctrl-C to the parent and stop cleanly when it is interrupted."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from toolkit.workers import process_pool

FORK = multiprocessing.get_context("fork")


def _sigint_handler(_: int) -> object:
    return signal.getsignal(signal.SIGINT)


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _touch_after(path: str, seconds: float) -> None:
    time.sleep(seconds)
    with open(path, "w") as fh:
        fh.write("whole")


def _remember(value: str) -> None:
    global _STARTED_WITH
    _STARTED_WITH = value


def _started_with(_: int) -> str:
    return _STARTED_WITH


def test_workers_ignore_ctrl_c_and_still_run_the_initializer():
    with process_pool(2, mp_context=FORK, initializer=_remember, initargs=("warm",)) as pool:
        assert list(pool.map(_sigint_handler, [1, 2])) == [signal.SIG_IGN, signal.SIG_IGN]
        assert pool.submit(_started_with, 0).result() == "warm"


def test_an_interrupt_stops_computing_workers_at_once_and_cancels_the_queue():
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        with process_pool(2, mp_context=FORK) as pool:
            futures = [pool.submit(_sleep, 30) for _ in range(6)]
            time.sleep(0.5)
            workers = list(pool._processes.values())
            raise KeyboardInterrupt
    assert time.monotonic() - started < 10  # the 30-second tasks were not waited for
    deadline = time.monotonic() + 5
    while any(_running(w.pid) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(w.pid) for w in workers)
    # How many futures show as cancelled depends on how many the executor had already moved to its
    # call queue (they count as running); that none of the 30-second tasks was waited for is the point.
    assert not any(f.done() and not f.cancelled() and f.exception() is None for f in futures)


def _running(pid: int) -> bool:
    """Whether a process still runs (a zombie waiting to be reaped has stopped). Reading /proc avoids
    racing the executor's own thread, which reaps its workers, for the exit status."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):  # gone, possibly between open() and read()
        return False


def test_an_interrupt_lets_file_writing_workers_finish_the_task_under_way(tmp_path):
    target = tmp_path / "school.html"
    with pytest.raises(KeyboardInterrupt):
        with process_pool(1, mp_context=FORK, writes_files=True) as pool:
            first = pool.submit(_touch_after, str(target), 0.5)
            queued = [pool.submit(_touch_after, str(tmp_path / f"later{i}.html"), 0.5) for i in range(5)]
            time.sleep(0.2)
            raise KeyboardInterrupt
    assert first.done() and target.read_text() == "whole"
    assert any(f.cancelled() for f in queued)


# A parent killed outright (SIGKILL) cannot stop its workers: they must notice and end themselves. The
# harness below starts a pool in a process the test then kills, with the parent-death signal disabled
# ("no-prctl": a platform without prctl, where the watcher thread must end them) or requested only after
# the parent has died, with the watcher off ("late-prctl": the window between a worker starting and prctl
# taking effect, which once left a worker running for an hour; the check after the request must see it).
# Without the fix the workers wait for work for ever; with it they are gone within a second. The generous
# limit below is only there so that a failing test ends; no timing decides whether it passes.
_ORPHAN_HARNESS = """
import multiprocessing, os, sys, time
from toolkit import workers
creator = os.getpid()
real = workers._die_with_parent
if sys.argv[1] == "no-prctl":
    workers._die_with_parent = lambda: None
elif sys.argv[1] == "late-prctl":  # and no watcher: only the check after the request can see it
    workers._watch_parent = lambda parent: None
    def late():
        while os.getppid() == creator:  # the parent is killed before the request is made
            time.sleep(0.01)
        real()
    workers._die_with_parent = late
with workers.process_pool(2, mp_context=multiprocessing.get_context("fork")) as pool:
    pool.submit(time.sleep, 0)
    print(" ".join(map(str, pool._processes)), flush=True)
    time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("mode", ["no-prctl", "late-prctl", "prctl"])
def test_workers_end_soon_after_their_parent_is_killed(mode):
    harness = subprocess.Popen([sys.executable, "-c", _ORPHAN_HARNESS, mode], stdout=subprocess.PIPE, text=True)
    workers = []
    try:
        workers = [int(pid) for pid in harness.stdout.readline().split()]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
        harness.send_signal(signal.SIGKILL)
        harness.wait()
        deadline = time.monotonic() + 60
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_running(pid) for pid in workers), f"{mode}: workers outlived their parent"
    finally:
        if harness.poll() is None:
            harness.kill()
            harness.wait()
        for pid in workers:  # only the workers this test started, if the assertion above failed
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
