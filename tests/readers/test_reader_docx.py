"""The Word reader on documents python-docx builds here."""

from __future__ import annotations

import io
import zipfile

import pytest

from toolkit.document import ListBlock, Table
from toolkit.errors import InputError
from toolkit.readers import ReadOptions, read_document

from .conftest import QA_ROWS, zip_bomb_bytes


def test_heading_styles_levels_and_order(styled_docx):
    doc = read_document(styled_docx)
    assert doc.title == "Oakfield SEND Policy"
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("Oakfield SEND Policy", 1), ("1. Aims", 2), ("1.1 The SENCO", 3)]
    assert doc.sections[0].text == "Text before any section heading."
    assert doc.sections[1].location == "paragraph 3"


def test_links_lists_and_tables_in_document_order(styled_docx):
    doc = read_document(styled_docx)
    aims = doc.sections[1]
    link_para = aims.blocks[0]
    assert link_para.text == "Families can read the Local Offer (https://www.example.gov.uk/local-offer) for more services."
    assert any(i.href == "https://www.example.gov.uk/local-offer" for i in link_para.inlines)
    assert isinstance(aims.blocks[1], ListBlock) and aims.blocks[1].text == "Identify needs early\nInvolve parents"
    senco = doc.sections[2]
    kinds = [type(b).__name__ for b in senco.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = senco.blocks[1]
    assert isinstance(table, Table) and table.location == "table 1"
    assert table.header == ["Name", "Role", "Phone"] and table.rows[0] == ["R Example", "SENCO", "01234"]


def test_question_answer_table_becomes_sections(qa_docx):
    doc = read_document(qa_docx)
    assert doc.sections[0].heading == "SEN Information Report 2024"
    qa = doc.sections[1:]
    assert [s.heading for s in qa] == [q for q, _ in QA_ROWS[1:]]
    assert [s.text for s in qa] == [a for _, a in QA_ROWS[1:]]
    assert qa[0].location == "table 1, row 2" and qa[0].blocks[0].location == "table 1, row 2"
    assert all(s.level == 3 for s in qa)
    assert "Question | Answer" in doc.sections[0].text  # the header row's text is kept, not made a section


def test_bold_and_numbered_paragraphs_are_headings_without_styles(bold_docx):
    doc = read_document(bold_docx)
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("Our SEND Policy", 2), ("Admissions", 2), ("5.8 The SENCO", 3)]
    assert "This bold sentence is emphasis" in doc.sections[-1].text


def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("this is not a word file", encoding="utf-8")
    with pytest.raises(InputError, match=r"fake\.docx: not a Word \.docx file \(not a zip archive\)"):
        read_document(path)


def test_zip_without_word_document(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"other\.docx: not a Word document"):
        read_document(path)


def test_zip_bomb_by_ratio(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_bomb_bytes())
    with pytest.raises(InputError, match=r"bomb\.docx: looks like a zip bomb"):
        read_document(path)


def test_zip_bomb_by_total_size(tmp_path, styled_docx):
    path = tmp_path / "big.docx"
    path.write_bytes(styled_docx.read_bytes())
    with pytest.raises(InputError, match=r"big\.docx: looks like a zip bomb \(expands to"):
        read_document(path, ReadOptions(max_unzipped_bytes=10_000))


def test_damaged_document_xml(tmp_path, styled_docx):
    source = zipfile.ZipFile(styled_docx)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            archive.writestr(info, b"<w:document><broken" if info.filename == "word/document.xml" else data)
    path = tmp_path / "damaged.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"damaged\.docx: "):
        read_document(path)


def test_old_doc_format(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputError, match=r"old\.doc: old Word \.doc files cannot be read"):
        read_document(path)
