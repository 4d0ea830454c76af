"""Readers: turn a published .pdf, .docx, .html, .md or .txt file or an http(s) URL into a Document.

One entry point, :func:`read_document`. Anything unreadable raises
``toolkit.errors.InputError("<path>: <one-line reason>")`` so the CLI can print it without a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import InputError, debug_enabled, display_path, read_input, utf16_encoding
from ..limits import MAX_DOCUMENT_CHARS
from .formats import EXTENSIONS, FORMATS
from .structure import decode_text
from .text import read_markdown, read_text

MB = 1024 * 1024
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:(//|$)|^https?:", re.IGNORECASE)  # not "C:\\..."


@dataclass(frozen=True)
class ReadOptions:
    """Limits and choices for reading one document.

    ``format`` forces a reader ("pdf", "docx", "html", "markdown", "text") instead of guessing from the
    extension, the HTTP content type or the first bytes.
    """

    format: str | None = None
    timeout: float = 15.0  # seconds, for URLs: connecting and each read, and the whole download
    max_redirects: int = 5
    max_download_bytes: int = 50 * MB
    max_file_bytes: int = 200 * MB  # any local file
    max_html_bytes: int = 20 * MB  # HTML pages beyond this are not school documents
    max_unzipped_bytes: int = 200 * MB  # a .docx whose parts expand beyond this is a zip bomb
    max_zip_ratio: int = 200  # ... as is one whose parts compress better than this
    user_agent: str = "sendkit-checker (+https://github.com/sendkit)"


def read_document(source: str | os.PathLike, options: ReadOptions | None = None) -> Document:
    """Read a file path or an http(s) URL into a :class:`Document`.

    Raises :class:`~toolkit.errors.InputError` with a one-line reason for anything unreadable:
    a missing, empty, binary, encrypted, corrupt or oversized file, a zip bomb, a URL that fails.
    """
    options = options or ReadOptions()
    if options.format and options.format not in FORMATS:
        raise InputError(f"{source}: unknown format {options.format!r} (choose from {', '.join(FORMATS)})")
    text = str(source)
    if _URL_SCHEME.match(text):
        from .url import fetch  # the network modules (ssl, http) load only when a URL is read

        fetched = fetch(text, options)
        fmt = options.format or fetched.format or sniff_format(fetched.data, fetched.url)
        return read_bytes(fetched.data, source=text, fmt=fmt, options=options, charset=fetched.charset,
                          base_url=fetched.url)

    path = Path(source)
    name = display_path(path)
    fmt = options.format or EXTENSIONS.get(path.suffix.lower())
    if path.suffix.lower() == ".doc" and not options.format:
        raise InputError(f"{name}: old Word .doc files cannot be read; save it as .docx or PDF")
    limit = options.max_html_bytes if fmt == "html" else options.max_file_bytes
    # Only a regular file within the limit: a named pipe, a device or a symbolic link loop is refused.
    data = read_input(path, InputError, f"{fmt or 'document'} file" if fmt else "document", max_bytes=limit)
    if fmt is None:
        fmt = sniff_format(data, name)  # read_bytes holds a sniffed HTML page to the HTML limit
    return read_bytes(data, source=str(source), fmt=fmt, options=options, display=name)


def read_bytes(data: bytes, *, source: str, fmt: str, options: ReadOptions, charset: str | None = None,
               base_url: str | None = None, display: str | None = None) -> Document:
    """Read document bytes already in memory with the reader for ``fmt``."""
    name = display or source
    try:
        doc = _read_bytes(data, source=source, fmt=fmt, options=options, charset=charset, base_url=base_url,
                          name=name)
    except (InputError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a parser choking on a malformed file is bad input, not a crash
        if debug_enabled():
            raise
        raise InputError(f"{name}: cannot be read as {fmt} ({type(exc).__name__}: {str(exc)[:120]})") from None
    # The checker's time grows with the text; a SEND policy is tens of thousands of characters.
    chars = sum(len(section.heading or "") + sum(len(block.text) for block in section.blocks)
                for section in doc.sections)
    if chars > MAX_DOCUMENT_CHARS:
        raise InputError(f"{name}: holds {chars:,} characters of text, over the {MAX_DOCUMENT_CHARS:,} a "
                         "SEND document could need; check that this is the document you meant")
    return doc


def _read_bytes(data: bytes, *, source: str, fmt: str, options: ReadOptions, charset: str | None,
                base_url: str | None, name: str) -> Document:
    if not data or not data.strip():
        raise InputError(f"{name}: empty file")
    if fmt == "pdf":
        from .pdf import read_pdf  # each parser library loads only for its own format

        return read_pdf(data, source=source, name=name)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, source=source, name=name, options=options)
    if fmt == "html":
        from .html import read_html

        if len(data) > options.max_html_bytes:
            raise InputError(f"{name}: HTML page is {len(data) / MB:.0f} MB, over the "
                             f"{options.max_html_bytes / MB:.0f} MB limit")
        return read_html(data, source=source, name=name, charset=charset, base_url=base_url)
    wide = utf16_encoding(data)  # Notepad's "Unicode": a NUL beside every letter is not binary
    if wide:
        text = data.decode(wide, errors="replace")
        if looks_binary(text.encode("utf-8")):
            raise InputError(f"{name}: binary file, not a text document (expected PDF, Word, HTML, Markdown or "
                             "text)")
    elif looks_binary(data):
        raise InputError(f"{name}: binary file, not a text document (expected PDF, Word, HTML, Markdown or text)")
    else:
        text = decode_text(data, charset)
    if fmt == "markdown":
        return read_markdown(text, source=source)
    return read_text(text, source=source, name=name)


def sniff_format(data: bytes, name: str) -> str:
    """The reader format for content with no telling extension, from its first bytes."""
    head = data[:2048].lstrip()
    if not head:
        raise InputError(f"{name}: empty file")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    if looks_binary(data):
        raise InputError(f"{name}: binary file, not a document (expected PDF, Word, HTML, Markdown or text)")
    if name.lower().endswith((".md", ".markdown")):
        return "markdown"
    return "text"


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NULs or many control characters (images, executables, archives)."""
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


__all__ = ["ReadOptions", "read_document", "read_bytes", "sniff_format", "FORMATS"]
