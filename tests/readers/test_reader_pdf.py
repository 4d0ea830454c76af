"""The PDF reader on PDFs WeasyPrint renders here: headings by size and weight, pages, running lines."""

from __future__ import annotations

import pytest

from toolkit.errors import InputError
from toolkit.readers import read_document

from .conftest import encrypted_pdf_bytes, paragraph_text

pytestmark = pytest.mark.slow  # WeasyPrint renders the fixtures


def test_headings_levels_and_title(policy_pdf):
    doc = read_document(policy_pdf)
    assert doc.source == str(policy_pdf)
    assert doc.title == "Oakfield SEND Policy"  # the PDF metadata title
    heads = [(s.heading, s.level) for s in doc.sections]
    assert heads[0] == ("Special Educational Needs and Disabilities Policy", 1)
    assert [h for h, level in heads if level == 2] == [f"{n}. Topic number {n}" for n in range(1, 9)]
    assert ("5.8 The SENCO", 3) in heads


def test_page_locations(policy_pdf):
    doc = read_document(policy_pdf)
    assert doc.sections[0].location == "page 1"
    pages = [int(s.location.split()[1]) for s in doc.sections]
    assert pages == sorted(pages) and pages[-1] > 3
    senco = next(s for s in doc.sections if s.heading == "5.8 The SENCO")
    assert senco.blocks[0].location == senco.location
    assert "National Award for SEN Co-ordination" in senco.text


def test_running_header_footer_and_page_numbers_removed(policy_pdf):
    doc = read_document(policy_pdf)
    assert "Oakfield Primary School - SEND Policy 2024" not in doc.text
    assert "Page 2 of" not in doc.text


def test_no_text_lost_and_paragraphs_joined(policy_pdf):
    doc = read_document(policy_pdf)
    paragraphs = [b.text for _, b in doc.walk()]
    for n in range(1, 9):
        for k in range(1, 5):
            # Each source paragraph comes back whole, wrapped lines joined with single spaces, even when
            # it runs over a page break.
            assert paragraph_text(n, k) in paragraphs, (n, k)


def test_bold_and_numbered_headings_in_body_size(bold_pdf):
    doc = read_document(bold_pdf)
    heads = [s.heading for s in doc.sections]
    assert heads[0] == ""  # text before the first heading keeps its own section
    assert heads[1:4] == ["Admissions", "Identifying needs", "Working with parents"]
    assert "(Schedule 1: Point 3)" in heads


def test_scanned_pdf(blank_pdf):
    with pytest.raises(InputError, match=r"scan\.pdf: no text layer \(scanned\?\)"):
        read_document(blank_pdf)


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf_bytes())
    with pytest.raises(InputError, match=r"locked\.pdf: PDF is encrypted"):
        read_document(path)


@pytest.mark.parametrize("content", [b"%PDF-1.7\n" + bytes(range(256)) * 20, b"%PDF-1.4\n1 0 obj\n<<"])
def test_corrupt_pdf(tmp_path, content):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"broken\.pdf: corrupt or damaged PDF"):
        read_document(path)


def test_truncated_pdf(tmp_path, policy_pdf):
    path = tmp_path / "cut.pdf"
    path.write_bytes(policy_pdf.read_bytes()[:4000])
    with pytest.raises(InputError, match=r"cut\.pdf: "):
        read_document(path)
