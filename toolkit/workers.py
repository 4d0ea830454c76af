"""Worker processes that leave Ctrl-C to the parent and die with it.

A terminal's Ctrl-C reaches every process of the command. Left alone, each worker printed its own
KeyboardInterrupt traceback, and the parent then waited for the work still queued. Here workers
ignore SIGINT; the parent, on any exception, cancels what has not started and stops the workers.

A parent that is killed outright (SIGKILL, the out-of-memory killer) cannot stop anything: its
workers ran on for 30 s and more, some writing files into the output folder. On Linux each worker
asks the kernel for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG), and everywhere
:func:`orphaned` lets a worker check, before each write, that its parent is still there.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator

_PR_SET_PDEATHSIG = 1
_PARENT: int | None = None  # in a worker: the process that started it


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: orphaned() still stops the writes
        pass


def _start_worker(initializer: Callable[..., Any] | None, initargs: tuple, creator: int) -> None:
    global _PARENT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PARENT = os.getppid()
    _die_with_parent()
    if _PARENT != creator and _PARENT == 1:  # the parent died before prctl took effect
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def orphaned() -> bool:
    """True in a worker whose parent has died: it must write nothing more (and should stop)."""
    return _PARENT is not None and os.getppid() != _PARENT


def exit_if_orphaned() -> None:
    """End this worker at once, writing nothing, when its parent has died."""
    if orphaned():
        os._exit(1)


@contextmanager
def process_pool(max_workers: int, *, mp_context=None, initializer: Callable[..., Any] | None = None,
                 initargs: tuple = (), writes_files: bool = False) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers ignore Ctrl-C, die with their parent, and which is shut
    down cleanly on any exception.

    ``writes_files``: the workers write outputs themselves, so a task under way is allowed to finish
    (each file is written whole by ``write_atomic``); otherwise workers only compute and are stopped
    at once.
    """
    pool = ProcessPoolExecutor(max_workers=max_workers, mp_context=mp_context, initializer=_start_worker,
                               initargs=(initializer, initargs, os.getpid()))
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
