import io
import zipfile

import docx

from toolkit.render.docx import render_docx


def open_docx(data):
    return docx.Document(io.BytesIO(data))


def test_headings_use_word_styles_for_the_navigation_pane(sample_document):
    d = open_docx(render_docx(sample_document))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", sample_document.title)
    assert ("Heading 2", "Who is the SENCO?") in headings
    assert ("Heading 3", "Other contacts") in headings
    styles = {p.style.name for p in d.paragraphs}
    assert {"List Bullet", "List Number"} <= styles


def test_properties_language_and_fields(sample_document):
    data = render_docx(sample_document)
    d = open_docx(data)
    props = d.core_properties
    assert props.title == sample_document.title and props.author == "Oakfield Primary School"
    assert props.language == "en-GB" and props.created.date().isoformat() == "2026-09-24"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        styles = z.read("word/styles.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "TOC \\o" in body and "updateFields" in settings
    assert 'w:lang w:val="en-GB"' in styles
    assert "w:highlight" in body  # the to-complete marker stands out
    assert "Next review 24 September 2027" in body


def test_links_are_real_hyperlinks(sample_document):
    data = render_docx(sample_document)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "https://www.northshire.example.gov.uk/localoffer" in rels
    assert "mailto:senco@school.example.sch.uk" in rels


def test_docx_is_reproducible(sample_document):
    assert render_docx(sample_document) == render_docx(sample_document)
