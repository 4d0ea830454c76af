"""Writing outputs safely: never leave a good file half-overwritten, nor a set of files mixed.

One file is written to a temporary file beside it and renamed over it. A set of files that belong
together (a school's documents and build.json; a reviews run's schedule and letters) is written into
a staging folder beside its folder, then swapped in with one atomic exchange of the two folders
(Linux ``renameat2(RENAME_EXCHANGE)``), so a failed or killed run leaves the previous set whole.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import OutputError, display_path
from .workers import exit_if_orphaned


PRIVATE_FILE_MODE = 0o600  # pupil data: readable by the user only
PRIVATE_DIR_MODE = 0o700


def write_atomic(path: str | Path, data: bytes | str, mode: int | None = None, *,
                 create_folder: bool = True) -> str:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    Returns the SHA-256 of the bytes written. ``mode`` (e.g. ``PRIVATE_FILE_MODE`` for pupil data) is
    applied before the rename, so the file is never visible with looser permissions. Without it the
    file keeps the mode of the file it replaces, or gets what a new file would (0o666 less the umask):
    a school's documents go on a web server and must stay readable there. With ``create_folder``
    false, a missing folder is an OutputError rather than created (a mistyped ``-o`` is not a new folder).
    """
    if mode is None:
        mode = _existing_mode(path) or _default_mode()
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    exit_if_orphaned()  # a worker whose parent was killed writes nothing more
    if not create_folder and not path.parent.is_dir():
        raise OutputError(f"{display_path(path)}: the folder {display_path(path.parent)} does not exist")
    tmp = _temporary_beside(path, raw, mode)
    try:
        exit_if_orphaned()
        os.replace(tmp, path)
    except BaseException as exc:  # Ctrl-C included: never leave the temporary file behind
        _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{display_path(path)}: cannot be written ({exc.strerror})") from None
        raise
    return hashlib.sha256(raw).hexdigest()


def _temporary_beside(path: Path, raw: bytes, mode: int | None) -> str:
    """``raw`` written and synced to a new temporary file beside ``path``, with ``mode``; its name.
    Nothing is left behind if it cannot be written (Ctrl-C included)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{display_path(path.parent)}: cannot write here ({exc.strerror}); "
                          "choose another output folder with -o") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{display_path(path)}: cannot be written ({exc.strerror})") from None
        raise
    return tmp


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _existing_mode(path: str | Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _default_mode() -> int:
    return 0o666 & ~_umask()


@contextmanager
def scratch_copy(beside: str | Path, text: str, suffix: str = ".tmp") -> Iterator[Path]:
    """A private temporary file holding ``text`` in the folder of ``beside`` (so relative paths in it
    resolve as they would from ``beside``), removed when the block ends, whatever happens."""
    beside = Path(beside)
    fd, tmp = tempfile.mkstemp(prefix=f".{beside.stem}.", suffix=suffix, dir=beside.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        yield Path(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def make_private_folder(path: str | Path) -> None:
    """Create ``path`` readable by the user only. A folder that already exists is left as it is: it may
    be shared on purpose (a SEN team folder), and the files written into it are private anyway."""
    path = Path(path)
    try:
        path.mkdir(parents=True)
        os.chmod(path, PRIVATE_DIR_MODE)  # mkdir's mode is cut by the umask
    except FileExistsError:
        if not path.is_dir():
            raise OutputError(f"{display_path(path)}: is a file, not a folder; choose another output "
                              "folder with -o") from None
    except OSError as exc:
        raise OutputError(f"{display_path(path)}: cannot create the folder ({exc.strerror}); "
                          "choose another output folder with -o") from None


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Sets of files replaced together

_STAGING = ".staging-"
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _link_tree(source: Path, target: Path) -> None:
    """Fill ``target`` with hard links to ``source``'s files (copies where links fail): a run keeps
    the files it does not rewrite, and rewriting one replaces the link, never the original."""
    for entry in os.scandir(source):
        if entry.name.startswith(".") and _STAGING in entry.name:
            continue
        dest = target / entry.name
        if entry.is_dir(follow_symlinks=False):
            dest.mkdir(mode=stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode))
            _link_tree(Path(entry.path), dest)
        elif entry.is_file(follow_symlinks=False):
            try:
                os.link(entry.path, dest)
            except OSError:
                shutil.copy2(entry.path, dest)
        elif entry.is_symlink():
            os.symlink(os.readlink(entry.path), dest)


def _remove_stale(parent: Path, name: str = "*") -> None:
    """Remove staging folders left by runs that were killed (their process no longer exists)."""
    try:
        entries = [p for p in parent.glob(f".{name}{_STAGING}*") if p.is_dir()]
    except OSError:
        return
    for entry in entries:
        pid = entry.name.split(_STAGING, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def remove_stale_staging(folder: str | Path) -> None:
    """Clear the staging folders that killed runs left in ``folder`` (a run that is still going keeps its own)."""
    _remove_stale(Path(folder))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs. A zombie does not: a worker killed with its parent may wait
    unreaped for a long time where PID 1 does not reap (containers), and signal 0 still reaches it."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        pass  # no /proc (not Linux), or the process is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def staged_folder(folder: str | Path, *, mode: int | None = None) -> Iterator[Path]:
    """Write a folder's new set of files into a staging folder, then swap it in whole.

    Yields the staging folder, which starts as a copy (hard links) of ``folder``'s current files, so
    files the run does not rewrite are kept. When the block ends without an exception the staging
    folder replaces ``folder`` in one atomic exchange; on any exception (or if the process is killed)
    ``folder`` is left exactly as it was and the staging folder is removed (or, after a kill, by the
    next run).
    """
    folder = Path(folder)
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{display_path(folder)}: is a file, not a folder; choose another output "
                              "folder with -o")
        _remove_stale(parent, folder.name)
        stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_STAGING}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise OutputError(f"{display_path(parent)}: cannot write here ({exc.strerror}); "
                          "choose another output folder with -o") from None
    try:
        existing = _existing_mode(folder)
        os.chmod(stage, existing if existing is not None else
                 (mode if mode is not None else 0o777 & ~_umask()))
        if existing is not None:
            _link_tree(folder, stage)
        yield stage
        exit_if_orphaned()
        if existing is None:
            os.rename(stage, folder)
        elif not _exchange(stage, folder):
            # No atomic exchange here: move the old set aside, the new one in (a short window).
            aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_STAGING}{os.getpid()}-old-", dir=parent))
            os.rename(folder, aside / folder.name)
            os.rename(stage, folder)
            shutil.rmtree(aside, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{display_path(folder)}: cannot be written ({exc.strerror}); nothing in it "
                              "was changed") from None
        raise
    shutil.rmtree(stage, ignore_errors=True)  # after the exchange it holds the previous set


def replace_together(files: dict[Path, bytes | str], mode: int | None = None) -> list[Path]:
    """Write several files in one folder so that each is whole: all temporary files first, then the
    renames one after another (nothing is replaced unless every file could be written)."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            raw = data.encode("utf-8") if isinstance(data, str) else data
            file_mode = mode if mode is not None else (_existing_mode(path) or _default_mode())
            staged.append((_temporary_beside(path, raw, file_mode), path))
        exit_if_orphaned()
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            _remove(tmp)
        raise
    return [path for _, path in staged]
