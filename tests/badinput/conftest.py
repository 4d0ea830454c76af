"""The bad-input suite's shared pieces: a hostile web server on 127.0.0.1 and the closing table."""

from __future__ import annotations

import gzip
import http.server
import socket
import socketserver
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import badinput_harness as harness  # noqa: E402

GOOD_PAGE = (b"<!DOCTYPE html><html lang='en'><head><title>SEND policy</title></head><body><h1>SEND policy</h1>"
             b"<p>We are an inclusive school. Our SENCO is Mrs Example.</p></body></html>")


class _Hostile(http.server.BaseHTTPRequestHandler):
    """Each path is one way a web server can be broken or hostile. Every loop is bounded."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status=200, body=b"", ctype="text/html; charset=utf-8", headers=(), length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - a table of behaviours
        path = self.path.split("?")[0]
        try:
            self._route(path)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass  # the client gave up, as it should

    def _route(self, path):
        port = self.server.server_address[1]
        if path == "/good.html":
            self._send(body=GOOD_PAGE)
        elif path == "/loop":
            self._send(302, headers=[("Location", "/loop")])
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, headers=[("Location", f"/chain/{n + 1}")])
        elif path == "/to-file":
            self._send(302, headers=[("Location", "file:///etc/passwd")])
        elif path == "/to-ftp":
            self._send(302, headers=[("Location", "ftp://127.0.0.1/x")])
        elif path == "/to-credentials":
            self._send(302, headers=[("Location", f"http://user:hunter2@127.0.0.1:{port}/good.html")])
        elif path == "/to-bad-port":
            self._send(302, headers=[("Location", "http://127.0.0.1:99999/x")])
        elif path == "/trickle-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(60):
                self.wfile.write(b"X-Slow: y\r\n")
                self.wfile.flush()
                time.sleep(0.25)
        elif path == "/trickle-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b"<p>")
                self.wfile.flush()
                time.sleep(0.25)
        elif path == "/silent":
            time.sleep(8)
        elif path == "/longer-than-said":
            self._send(body=GOOD_PAGE + b"<p>more</p>" * 50, length=len(GOOD_PAGE))
        elif path == "/shorter-than-said":
            self._send(body=GOOD_PAGE, length=len(GOOD_PAGE) * 4)
            self.close_connection = True
        elif path == "/huge-length":
            self._send(body=b"", length=10 ** 12)
            self.close_connection = True
        elif path == "/gzip-bomb":
            self._send(body=_bomb("gzip"), headers=[("Content-Encoding", "gzip")])
        elif path == "/deflate-bomb":
            self._send(body=_bomb("deflate"), headers=[("Content-Encoding", "deflate")])
        elif path == "/gzip-good":
            self._send(body=gzip.compress(GOOD_PAGE), headers=[("Content-Encoding", "gzip")])
        elif path == "/gzip-lie":
            self._send(body=GOOD_PAGE, headers=[("Content-Encoding", "gzip")])
        elif path == "/brotli":
            self._send(body=b"\x8b\x03\x80hello\x03", headers=[("Content-Encoding", "br")])
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no length: read until the cap
            chunk = b"<p>" + b"a" * 65536 + b"</p>"
            for _ in range(1200):  # about 78 MB at most, over the 50 MB cap
                self.wfile.write(chunk)
            self.close_connection = True
        elif path == "/binary":
            self._send(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, ctype="image/png")
        elif path == "/pdf-lie":
            self._send(body=GOOD_PAGE, ctype="application/pdf")
        elif path == "/empty":
            self._send(body=b"")
        elif path == "/garbage":
            self.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
            self.close_connection = True
        elif path == "/close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif path.startswith("/status/"):
            self._send(int(path.rsplit("/", 1)[1]), body=b"no")
        else:
            self._send(404, body=b"not here")


_BOMBS: dict[str, bytes] = {}


def _bomb(kind: str) -> bytes:
    """About 70 KB that expands to 64 MB, over the 50 MB download cap (made once, in chunks)."""
    if kind not in _BOMBS:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31 if kind == "gzip" else 15)
        chunk = b"<p>a</p>" * (2 ** 20 // 8)
        _BOMBS[kind] = b"".join(packer.compress(chunk) for _ in range(64)) + packer.flush()
    return _BOMBS[kind]


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="session")
def hostile_server():
    """http://127.0.0.1:PORT, serving the broken behaviours above until the session ends."""
    server = _Server(("127.0.0.1", 0), _Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not harness.TALLY["cases run"]:
        return
    terminalreporter.section("bad-input suite")
    for line in harness.table():
        terminalreporter.write_line(line)
