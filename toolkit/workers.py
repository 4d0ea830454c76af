"""Worker processes that leave Ctrl-C to the parent and die with it.

A terminal's Ctrl-C reaches every process of the command. Left alone, each worker printed its own
KeyboardInterrupt traceback, and the parent then waited for the work still queued. Here workers
ignore SIGINT; the parent, on any exception, cancels what has not started and stops the workers.

A parent that is killed outright (SIGKILL, the out-of-memory killer) cannot stop anything: its
workers ran on for 30 s and more, some writing files into the output folder, and an idle one waited
for work for ever (it holds a write end of its own task queue, so the queue never reports the parent
gone). Three guards, so a worker ends within a second of its parent whatever the platform:

- On Linux each worker asks the kernel for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG).
  The request only counts from the moment it is made, so the worker then checks that its parent is
  still the process that started it: a parent killed in between is seen there (checking before the
  request, as this module once did, left exactly that window open, and a worker ran on for an hour).
- Everywhere, a watcher thread in each worker ends it when its parent goes: it waits on
  multiprocessing's parent sentinel (a pipe or process handle that becomes ready when the parent
  dies) and, on POSIX, checks every half second that the parent has not changed.
- :func:`orphaned` lets a worker check, before each write, that its parent is still there.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5  # how often the watcher looks at the parent when the sentinel cannot say
_PARENT: int | None = None  # in a worker: the process that started it


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the watcher thread and orphaned() still stop it
        pass


def _watch_parent(parent: int) -> None:
    """End this worker, writing nothing more, as soon as its parent dies (a daemon thread)."""
    started_by = multiprocessing.parent_process()
    sentinel = started_by.sentinel if started_by is not None else None

    def watch() -> None:
        while True:
            if sentinel is not None:
                try:
                    if multiprocessing.connection.wait([sentinel], timeout=_WATCH_SECONDS):
                        os._exit(1)
                except OSError:  # the sentinel cannot be waited on here: poll the parent alone
                    time.sleep(_WATCH_SECONDS)
            else:
                time.sleep(_WATCH_SECONDS)
            if os.name == "posix" and os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="sendkit-watch-parent", daemon=True).start()


def _start_worker(initializer: Callable[..., Any] | None, initargs: tuple, creator: int,
                  direct_child: bool = True) -> None:
    global _PARENT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    # After the request, never before it: a parent that died before the request took effect is seen
    # here (the signal will never come). A forkserver's worker is the forkserver's child, not ours.
    parent = os.getppid()
    if direct_child and parent != creator:
        os._exit(1)
    _PARENT = parent
    _watch_parent(parent)
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
    method = (mp_context or multiprocessing).get_start_method()
    pool = ProcessPoolExecutor(max_workers=max_workers, mp_context=mp_context, initializer=_start_worker,
                               initargs=(initializer, initargs, os.getpid(), method in ("fork", "spawn")))
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
