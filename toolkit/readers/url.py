"""Fetch a published document over http(s) with the standard library, within firm limits.

http and https only, parsed by urllib.parse (an address with a user name or password is refused:
credentials would go to the name resolver and into logs). One deadline covers the whole fetch,
connecting, headers and body across redirects: a watchdog closes the connection when it passes, so a
server that trickles a byte a second cannot hold the command. A few redirects at most (never to
another scheme), a size cap enforced while streaming, and a gzip or deflate body decompressed within
the same cap (a compression bomb is refused). The content type decides the reader, then the
address's extension.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import zlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

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
        if urlsplit(newurl).scheme.lower() in ("http", "https"):
            check_url(newurl)  # credentials or a bad port in a Location header are refused too
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


def safe_url(url: str) -> str:
    """The address as it may be shown: any user name or password taken out."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        port = f":{parts.port}" if parts.port else ""
        return urlunsplit((parts.scheme, host + port, parts.path, parts.query, parts.fragment))
    except ValueError:
        return "the address"


def check_url(url: str) -> None:
    """Refuse anything but an http(s) URL with a host and no credentials."""
    shown = safe_url(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here, not deep in http.client
    except ValueError:
        raise InputError(f"{shown}: not a valid web address") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{shown}: only http:// and https:// addresses can be read")
    if parts.username is not None or parts.password is not None:
        raise InputError(f"{shown}: the address holds a user name or password, which sendkit never sends; "
                         "check a page that is published without a login")
    if not parts.hostname:
        raise InputError(f"{shown}: no host name in the address")
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise InputError(f"{shown}: the address holds a space or control character; copy it again from "
                         "the browser")


class _Deadline:
    """One deadline for a whole fetch: when it passes, every connection it opened is shut down."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(0.001, self.at - time.monotonic())

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a recv blocked in another thread
        except OSError:
            pass


def _opener(deadline: _Deadline, redirects: urllib.request.BaseHandler) -> urllib.request.OpenerDirector:
    class Connection(http.client.HTTPConnection):
        def connect(self):
            self.timeout = min(self.timeout or deadline.seconds, deadline.remaining())
            super().connect()
            deadline.track(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self):
            self.timeout = min(self.timeout or deadline.seconds, deadline.remaining())
            super().connect()
            deadline.track(self.sock)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(SecureConnection, req, context=self._context)

    return urllib.request.build_opener(Handler(), SecureHandler(), redirects)


def fetch(url: str, options) -> Fetched:
    """Download ``url`` within the limits in ``options`` (a ReadOptions); InputError on any failure."""
    check_url(url)
    with _Deadline(options.timeout) as deadline:
        try:
            return _fetch(url, options, deadline)
        except InputError:
            if deadline.expired:
                raise InputError(f"{url}: timed out after {options.timeout:g} s (the server answers too "
                                 "slowly)") from None
            raise
        except Exception as exc:  # a connection shut by the deadline fails in many ways
            if deadline.expired:
                raise InputError(f"{url}: timed out after {options.timeout:g} s (the server answers too "
                                 "slowly)") from None
            raise InputError(f"{url}: download failed ({type(exc).__name__})") from None


def _fetch(url: str, options, deadline: _Deadline) -> Fetched:
    opener = _opener(deadline, _LimitedRedirects(options.max_redirects, url))
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent, "Accept": "*/*",
                                                   "Accept-Encoding": "gzip, deflate, identity"})
    try:
        with opener.open(request, timeout=options.timeout) as response:
            final = response.geturl()
            headers: Message = response.headers
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > options.max_download_bytes:
                raise InputError(f"{url}: response is {int(declared) / 1024 / 1024:.0f} MB, over the "
                                 f"{options.max_download_bytes / 1024 / 1024:.0f} MB limit")
            data = _read_capped(response, url, options.max_download_bytes, deadline.at, options.timeout)
            if declared and declared.isdigit() and len(data) < int(declared):
                # A cut-off page would be judged as if its missing half were missing from the school's text.
                raise InputError(f"{url}: the download stopped early ({len(data)} of {int(declared)} bytes)")
            data = _decoded(data, (headers.get("Content-Encoding") or "").strip().lower(), url,
                            options.max_download_bytes)
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


def _decoded(data: bytes, encoding: str, url: str, limit: int) -> bytes:
    """The body with its Content-Encoding undone, never beyond ``limit`` bytes (a gzip bomb)."""
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise InputError(f"{url}: the server compressed the page as `{encoding[:20]}`, which sendkit cannot read")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, limit + 1)
        if len(out) > limit or inflater.unconsumed_tail:
            raise InputError(f"{url}: the compressed page expands to over {limit / 1024 / 1024:.0f} MB "
                             "(a compression bomb, or not a school document)")
        return out + inflater.flush()
    except zlib.error:
        if encoding == "deflate":  # some servers send raw deflate without the zlib header
            try:
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                out = inflater.decompress(data, limit + 1)
                if len(out) <= limit and not inflater.unconsumed_tail:
                    return out
            except zlib.error:
                pass
        raise InputError(f"{url}: the server said the page is {encoding}-compressed, but it is not") from None


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
