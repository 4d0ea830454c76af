"""Golden files: the normalised text of every rendered example document.

Compare text, never bytes. After an intended change: `python -m pytest tests/test_golden.py --update-golden`
and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.dom import minidom

import pypdfium2 as pdfium
import pytest

from toolkit import __version__
from toolkit.build import render_document
from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.profile import load_profile
from toolkit.resources import data_dir

GOLDEN = Path(__file__).parent / "golden"
SCHOOLS = ["oakfield-primary", "kingsmere-academy", "brookside-nursery", "hollybank-school"]
DOCUMENTS = ["send-policy", "sen-information-report"]
BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "title", "th", "td", "caption"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lines, self.current, self.stack = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self.stack.append(tag)
        if tag == "a":
            href = dict(attrs).get("href", "")
            if href and not href.startswith("#"):
                self.current.append(f"<{href}>")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if self.stack and self.stack[-1] not in ("style",):
            self.current.append(data)

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text and self.stack:
            tag = self.stack[-1]
            prefix = "#" * int(tag[1]) + " " if tag[0] == "h" and tag[1:].isdigit() else f"{tag}: "
            self.lines.append(prefix + text)
        self.current = []
        if self.stack:
            self.stack.pop()


def normalise(text: str) -> str:
    return text.replace(__version__, "<version>").rstrip() + "\n"


def html_text(data: bytes) -> str:
    parser = _Text()
    parser.feed(data.decode("utf-8"))
    return "\n".join(parser.lines)


def docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    return minidom.parseString(xml).toprettyxml(indent=" ")


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for i in range(len(pdf)):
            text = pdf[i].get_textpage().get_text_range()
            pages.append(f"--- page {i + 1} ---\n" + re.sub(r"[ \t]+\r?\n", "\n", text.replace("\r\n", "\n")))
        return "\n".join(pages)
    finally:
        pdf.close()


NORMALISERS = {"html": ("html.txt", html_text), "docx": ("docx.xml", docx_xml), "pdf": ("pdf.txt", pdf_text)}


@pytest.fixture(scope="module")
def rendered():
    library = bundled_library()
    out = {}
    for school in SCHOOLS:
        profile = load_profile(data_dir("school_profiles") / f"{school}.yaml")
        for document in DOCUMENTS:
            doc = compose(profile, library, bundled_outline(document, library)).document
            out[school, document] = render_document(doc, ("html", "pdf", "docx"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("school", SCHOOLS)
def test_golden(rendered, update_golden, school, document, fmt):
    suffix, normaliser = NORMALISERS[fmt]
    actual = normalise(normaliser(rendered[school, document][fmt]))
    path = GOLDEN / school / f"{document}.{suffix}"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run pytest with --update-golden and review the result"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{school} {document}.{fmt} differs from {path} (rerun with --update-golden if intended)"
