"""Worker pools leave Ctrl-C to the parent and stop cleanly when it is interrupted."""

from __future__ import annotations

import multiprocessing
import signal
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
    assert time.monotonic() - started < 10
    for worker in workers:
        worker.join(5)
        assert not worker.is_alive()
    assert sum(f.cancelled() for f in futures) >= 3  # the queue beyond what workers had taken


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
