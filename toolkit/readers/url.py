"""Fetch a published document over http(s) with the standard library, within firm limits.

http and https only, a timeout on each network wait and on the whole download, a few redirects at
most (never to another scheme), and a size cap enforced while streaming so a huge response is never
held in memory. The content type decides the reader, then the address's extension.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..errors import InputError
from .formats import EXTENSIONS

CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}
_CHUNK = 64 * 1024


@dataclass
class Fetched:
    """A downloaded document: its bytes, the final URL after redirects, and what it claimed to be."""

    data: bytes
    url: str
    format: str | None
    charset: str | None


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most ``limit`` redirects, and only to http(s)."""

    def __init__(self, limit: int, original: str):
        super().__init__()
        self.max_redirections = limit
        self.max_repeats = min(self.max_repeats, limit) if limit else 0
        self.original = original

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise InputError(f"{self.original}: redirected to {newurl}, which is not an http(s) address")
        if self.max_redirections == 0:
            raise InputError(f"{self.original}: the server redirects, and redirects are switched off")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as exc:
            if "redirect" in str(exc.msg).lower():
                raise InputError(f"{self.original}: too many redirects (more than {self.max_redirections})") from None
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def check_url(url: str) -> None:
    """Refuse anything but an http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{url}: only http:// and https:// addresses can be read")
    if not parts.hostname:
        raise InputError(f"{url}: no host name in the address")


def fetch(url: str, options) -> Fetched:
    """Download ``url`` within the limits in ``options`` (a ReadOptions); InputError on any failure."""
    check_url(url)
    opener = urllib.request.build_opener(_LimitedRedirects(options.max_redirects, url))
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent, "Accept": "*/*"})
    deadline = time.monotonic() + options.timeout
    try:
        with opener.open(request, timeout=options.timeout) as response:
            final = response.geturl()
            headers: Message = response.headers
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > options.max_download_bytes:
                raise InputError(f"{url}: response is {int(declared) / 1024 / 1024:.0f} MB, over the "
                                 f"{options.max_download_bytes / 1024 / 1024:.0f} MB limit")
            data = _read_capped(response, url, options.max_download_bytes, deadline, options.timeout)
            if declared and declared.isdigit() and len(data) < int(declared):
                # A cut-off page would be judged as if its missing half were missing from the school's text.
                raise InputError(f"{url}: the download stopped early ({len(data)} of {int(declared)} bytes)")
            ctype = headers.get_content_type().lower()
            charset = headers.get_content_charset()
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise InputError(f"{url}: timed out after {options.timeout:g} s") from None
        if isinstance(reason, ssl.SSLError):
            raise InputError(f"{url}: secure connection failed ({reason.reason or reason})") from None
        if isinstance(reason, socket.gaierror):
            raise InputError(f"{url}: host not found") from None
        raise InputError(f"{url}: cannot connect ({reason})") from None
    except (socket.timeout, TimeoutError):
        raise InputError(f"{url}: timed out after {options.timeout:g} s") from None
    except http.client.HTTPException as exc:  # a garbled status line or headers: not a web server's answer
        raise InputError(f"{url}: the server's answer is not valid HTTP ({type(exc).__name__})") from None
    except (ConnectionError, OSError, ValueError) as exc:
        raise InputError(f"{url}: download failed ({exc})") from None
    fmt = CONTENT_TYPES.get(ctype)
    if fmt is None or (fmt == "text" and _extension_format(final) not in (None, "text")):
        fmt = _extension_format(final)  # servers often say octet-stream or text/plain for a PDF
    return Fetched(data=data, url=final, format=fmt, charset=charset)


def _read_capped(response, url: str, limit: int, deadline: float, timeout: float) -> bytes:
    """Read the body in chunks, stopping at the size cap and the overall deadline."""
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise InputError(f"{url}: timed out after {timeout:g} s (download too slow)")
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise InputError(f"{url}: response is over the {limit / 1024 / 1024:.0f} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _extension_format(url: str) -> str | None:
    return EXTENSIONS.get(PurePosixPath(urlsplit(url).path.lower()).suffix)
