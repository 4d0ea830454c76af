"""Writing outputs safely: never leave a good file half-overwritten."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError, display_path


def write_atomic(path: str | Path, data: bytes | str, mode: int | None = None) -> str:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    Returns the SHA-256 of the bytes written. ``mode`` (e.g. 0o600 for pupil data) is applied before
    the rename, so the file is never visible with looser permissions. Without it the file keeps the
    mode of the file it replaces, or gets what a new file would (0o666 less the umask): a school's
    documents go on a web server and must stay readable there.
    """
    if mode is None:
        mode = _existing_mode(path) or _default_mode()
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
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


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
