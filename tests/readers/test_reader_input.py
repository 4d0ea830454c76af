"""Bad input and format detection: a one-line InputError naming the file, never a traceback."""

from __future__ import annotations

import pytest

from toolkit.errors import InputError
from toolkit.readers import ReadOptions, read_document


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.pdf: no such file"):
        read_document(tmp_path / "nope.pdf")


def test_folder(tmp_path):
    with pytest.raises(InputError, match=r"is a folder"):
        read_document(tmp_path)


@pytest.mark.parametrize("name", ["empty.pdf", "empty.docx", "empty.html", "empty.txt", "empty.md", "empty"])
def test_empty_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"  \n")
    with pytest.raises(InputError, match=rf"{name}: "):
        read_document(path)


@pytest.mark.parametrize("name", ["junk.bin", "junk.txt", "junk"])
def test_binary_junk(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match=rf"{name}: binary file"):
        read_document(path)


def test_unknown_extension_sniffed_as_html(tmp_path):
    path = tmp_path / "page.php"
    path.write_text("<!DOCTYPE html><html><body><h2>Our offer</h2><p>We help.</p></body></html>")
    assert read_document(path).sections[0].heading == "Our offer"


def test_html_sniffed_from_an_unknown_extension_keeps_the_html_limit(tmp_path):
    path = tmp_path / "page.php"
    path.write_bytes(b"<html><body>" + b"<p>text</p>" * 200_000 + b"</body></html>")
    with pytest.raises(InputError, match=r"page\.php: HTML page is 2 MB, over the 1 MB limit"):
        read_document(path, ReadOptions(max_html_bytes=1024 * 1024))


def test_unknown_extension_sniffed_as_docx(tmp_path, styled_docx):
    path = tmp_path / "download"
    path.write_bytes(styled_docx.read_bytes())
    assert read_document(path).title == "Oakfield SEND Policy"


def test_unknown_extension_plain_text(tmp_path):
    path = tmp_path / "notes.rtf.bak"
    path.write_text("Admissions\n\nWe admit every child whose parents apply for a place at the school.\n")
    assert read_document(path).text.endswith("We admit every child whose parents apply for a place at the school.")


def test_forced_format(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<html><body><h2>Heading</h2><p>Body.</p></body></html>")
    assert read_document(path, ReadOptions(format="html")).sections[0].heading == "Heading"
    with pytest.raises(InputError, match=r"unknown format 'rtf'"):
        read_document(path, ReadOptions(format="rtf"))


def test_error_is_one_line(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message and "bad.docx: not a Word .docx file" in message
