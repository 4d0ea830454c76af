"""Reading http(s) URLs from a server on 127.0.0.1: redirects, limits, errors. No other network."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from toolkit.errors import InputError
from toolkit.readers import ReadOptions, read_document

pytestmark = pytest.mark.slow  # the session server serves a WeasyPrint-rendered PDF


def test_html_page(server):
    doc = read_document(f"{server}/send")
    assert doc.source == f"{server}/send"
    assert doc.sections[0].heading == "Special Educational Needs"
    assert "About us" not in doc.text


def test_pdf_by_content_type_and_by_sniffing(server):
    assert read_document(f"{server}/policy.pdf").sections[0].location == "page 1"
    doc = read_document(f"{server}/download?id=7")  # octet-stream, no extension: the bytes say PDF
    assert doc.title == "Oakfield SEND Policy"


def test_redirects_followed_and_relative_links_resolved(server):
    doc = read_document(f"{server}/r1")
    assert doc.sections[0].heading == "Special Educational Needs"


def test_too_many_redirects(server):
    with pytest.raises(InputError, match=r"/chain1: too many redirects \(more than 5\)"):
        read_document(f"{server}/chain1")
    with pytest.raises(InputError, match=r"/loop: too many redirects"):
        read_document(f"{server}/loop")


def test_redirect_to_other_scheme(server):
    with pytest.raises(InputError, match=r"/to-ftp: redirected to ftp://example.org/file, which is not"):
        read_document(f"{server}/to-ftp")


def test_not_found(server):
    with pytest.raises(InputError, match=r"/missing: the server answered HTTP 404"):
        read_document(f"{server}/missing")


def test_timeout(server):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"/slow: timed out after 0.3 s"):
        read_document(f"{server}/slow", ReadOptions(timeout=0.3))
    assert time.monotonic() - started < 1.5


def test_size_cap_while_streaming(server):
    with pytest.raises(InputError, match=r"/huge: response is over the 1 MB limit"):
        read_document(f"{server}/huge", ReadOptions(max_download_bytes=1024 * 1024))


def test_empty_response(server):
    with pytest.raises(InputError, match=r"/empty: empty file"):
        read_document(f"{server}/empty")


@pytest.mark.parametrize("url", ["ftp://example.org/policy.pdf", "file:///etc/passwd", "javascript://x"])
def test_only_http_and_https(url):
    with pytest.raises(InputError, match=r"only http:// and https:// addresses can be read"):
        read_document(url)


def test_connection_refused():
    with pytest.raises(InputError, match=r"http://127.0.0.1:9/x: cannot connect"):
        read_document("http://127.0.0.1:9/x", ReadOptions(timeout=2))


def one_reply(reply: bytes) -> str:
    """A URL on 127.0.0.1 whose server sends ``reply`` as it is to the first request, then closes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer():
        with listener:
            conn, _ = listener.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(reply)

    threading.Thread(target=answer, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/report"


def test_an_answer_that_is_not_http():
    with pytest.raises(InputError, match=r"/report: the server's answer is not valid HTTP \(BadStatusLine\)"):
        read_document(one_reply(b"hello there\r\n\r\n"), ReadOptions(timeout=2))


def test_a_download_cut_short_is_not_checked_as_if_whole():
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
    url = one_reply(head + b"1000\r\n\r\n<h2>Admissions</h2><p>We admit")
    with pytest.raises(InputError, match=r"/report: the download stopped early \(30 of 1000 bytes\)"):
        read_document(url, ReadOptions(timeout=2))
    whole = b"<h2>Admissions</h2><p>We admit every child.</p>"
    doc = read_document(one_reply(head + str(len(whole)).encode() + b"\r\n\r\n" + whole), ReadOptions(timeout=2))
    assert doc.sections[0].heading == "Admissions"

