"""Writing outputs safely: never leave a good file half-overwritten."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import OutputError, display_path


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
    if not create_folder and not path.parent.is_dir():
        raise OutputError(f"{display_path(path)}: the folder {display_path(path.parent)} does not exist")
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
        os.replace(tmp, path)
    except BaseException as exc:  # Ctrl-C included: never leave the temporary file behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{display_path(path)}: cannot be written ({exc.strerror})") from None
        raise
    return hashlib.sha256(raw).hexdigest()


def _existing_mode(path: str | Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


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
