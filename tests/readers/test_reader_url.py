"""Reading http(s) URLs from a server on 127.0.0.1: redirects, limits, errors. No other network."""

from __future__ import annotations

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
