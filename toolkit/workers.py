"""Worker processes that leave Ctrl-C to the parent.

A terminal's Ctrl-C reaches every process of the command. Left alone, each worker printed its own
KeyboardInterrupt traceback, and the parent then waited for the work still queued. Here workers
ignore SIGINT; the parent, on any exception, cancels what has not started and stops the workers.
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator


def _start_worker(initializer: Callable[..., Any] | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


@contextmanager
def process_pool(max_workers: int, *, mp_context=None, initializer: Callable[..., Any] | None = None,
                 initargs: tuple = (), writes_files: bool = False) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers ignore Ctrl-C and which is shut down cleanly on any exception.

    ``writes_files``: the workers write outputs themselves, so a task under way is allowed to finish
    (each file is written whole by ``write_atomic``); otherwise workers only compute and are stopped
    at once.
    """
    pool = ProcessPoolExecutor(max_workers=max_workers, mp_context=mp_context, initializer=_start_worker,
                               initargs=(initializer, initargs))
    try:
        yield pool
    except BaseException:
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=writes_files, cancel_futures=True)
        if not writes_files:
            for worker in workers:
                if worker.is_alive():
                    worker.terminate()
        raise
    pool.shutdown(wait=True)
