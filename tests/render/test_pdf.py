import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from toolkit.render.pdf import render_pdf

pytestmark = pytest.mark.slow


@pytest.fixture
def pdf(sample_document, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(render_pdf(sample_document))
    document = pdfium.PdfDocument(str(path))
    yield document
    document.close()


def _language(pdf) -> str:
    size = raw.FPDFCatalog_GetLanguage(pdf.raw, None, 0)
    buffer = (ctypes.c_ushort * (size // 2))()
    raw.FPDFCatalog_GetLanguage(pdf.raw, buffer, size)
    return bytes(buffer).decode("utf-16-le").rstrip("\x00")


def test_pdf_is_tagged_with_title_language_and_bookmarks(pdf):
    assert raw.FPDFCatalog_IsTagged(pdf.raw)
    assert _language(pdf) == "en-GB"
    meta = pdf.get_metadata_dict()
    assert meta["Title"] == "Oakfield Primary School SEN information report 2026-27"
    assert meta["Author"] == "Oakfield Primary School"
    toc = [(b.level, b.get_title()) for b in pdf.get_toc()]
    assert toc[0] == (0, "Oakfield Primary School SEN information report 2026-27")
    assert (1, "Who is the SENCO?") in toc and (2, "Other contacts") in toc


def test_pdf_text_has_dates_and_page_numbers(pdf):
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Next review 24 September 2027" in text
    assert f"Page 1 of {len(pdf)}" in text


def test_pdf_is_reproducible(sample_document):
    # Needs HarfBuzz's subsetter (Debian: libharfbuzz-subset0); fontTools' subsetting varies with
    # what the process rendered before, which would make unchanged rebuilds differ.
    first = render_pdf(sample_document)
    render_pdf(sample_document.__class__(title="Other", type="letter"))
    assert render_pdf(sample_document) == first


def test_a_line_never_ends_after_one_word_because_a_link_follows(tmp_path):
    """WeasyPrint 70 broke '... SEND. You' / 'can' / 'leave a message ... or at' / 'office@...' when the
    text before a link fitted a line only without its last space (Oakfield's report, page 4). The same
    sentence is tried at many lengths, so that one of them falls on that width."""
    from toolkit.document import Document, Inline, Paragraph, Section

    sentence = ("with specific oversight of our work on SEND. You can leave a message for any of these "
                "people with the school office on 01632 960100 or at ")
    address = "office@oakfield-primary.example.sch.uk"
    paragraphs = [Paragraph([Inline("Mrs Helen " + "Carter" + "x" * n + " is our SEN governor, " + sentence),
                             Inline(address, href=f"mailto:{address}"), Inline(". Our address is Mill Lane.")])
                  for n in range(0, 30)]
    doc = Document(title="Line breaks", type="sen-information-report",
                   sections=[Section("Contacts", 2, paragraphs, anchor="contacts")])
    path = tmp_path / "lines.pdf"
    path.write_bytes(render_pdf(doc))
    pdf = pdfium.PdfDocument(str(path))
    try:
        lines = [line.strip() for i in range(len(pdf))
                 for line in pdf[i].get_textpage().get_text_range().splitlines()]
    finally:
        pdf.close()
    stranded = [(before, line, after) for before, line, after in zip(lines, lines[1:], lines[2:])
                if len(line.split()) == 1 and before.endswith("You") and after.startswith("leave")]
    assert lines.count("Contacts") == 1 and sum("leave a message" in line for line in lines) == 30
    assert stranded == []
