"""Writing outputs safely: never leave a good file half-overwritten."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError, display_path


def write_atomic(path: str | Path, data: bytes | str, mode: int | None = None) -> str:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    Returns the SHA-256 of the bytes written. ``mode`` (e.g. 0o600) is applied before the rename, so
    the file is never visible with looser permissions.
    """
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
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"{display_path(path)}: cannot be written ({exc.strerror})") from None
    return hashlib.sha256(raw).hexdigest()


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
