"""The Markdown and plain-text readers."""

from __future__ import annotations

from toolkit.document import ListBlock, Table
from toolkit.readers import read_document

MARKDOWN = """---
title: Oakfield SEND Policy
---
# Oakfield SEND Policy

Intro with the [Local Offer](https://www.example.gov.uk/lo) and **bold** words.

## 1. Aims

- identify needs
- involve parents
  - every term

| Name | Role |
|------|------|
| R Example | SENCO |

### 1.1 The SENCO

The SENCO is a qualified teacher.
"""


def test_markdown(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Oakfield SEND Policy"
    assert [(s.heading, s.level, s.location) for s in doc.sections] == [
        ("Oakfield SEND Policy", 1, "line 4"), ("1. Aims", 2, "line 8"), ("1.1 The SENCO", 3, "line 18")]
    intro = doc.sections[0].blocks[0]
    assert intro.text == "Intro with the Local Offer (https://www.example.gov.uk/lo) and bold words."
    assert any(i.bold and i.text == "bold" for i in intro.inlines)
    aims = doc.sections[1].blocks
    assert isinstance(aims[0], ListBlock) and aims[0].text == "identify needs\ninvolve parents\nevery term"
    assert isinstance(aims[1], Table) and aims[1].header == ["Name", "Role"] and aims[1].rows == [["R Example", "SENCO"]]


# A text extraction of a three-page PDF: running header, footer with page numbers, wrapped lines.
EXTRACTED = """Oakfield Primary School
SEND Policy

Compliance
This policy complies with the statutory requirements of the SEND Code of Practice and
has been written with reference to the Equality Act 2010 and the Children and Families Act.
• Equality Act 2010: advice for schools
• SEND Code of Practice 0 to 25 years

1. AIMS AND OBJECTIVES
We aim to identify needs early and to plan support with parents, reviewing pro-
gress every term so that every pupil makes good progress.
Oakfield Primary School
SEND Policy March 2024 Page 1 of 3

Oakfield Primary School
SEND Policy
1.1 The SENCO
The SENCO is Ms Rowan Example, who is a qualified teacher and holds the award.
Oakfield Primary School
SEND Policy March 2024 Page 2 of 3

Oakfield Primary School
SEND Policy
How will I know how my child is doing?
Teachers meet parents each term.
Oakfield Primary School
SEND Policy March 2024 Page 3 of 3
"""


def test_plain_text_extraction(tmp_path):
    path = tmp_path / "policy.txt"
    path.write_text(EXTRACTED, encoding="utf-8")
    doc = read_document(path)
    heads = [(s.heading, s.level) for s in doc.sections]
    assert heads == [("Compliance", 2), ("1. AIMS AND OBJECTIVES", 2), ("1.1 The SENCO", 3),
                     ("How will I know how my child is doing?", 2)]
    assert "Page 1 of 3" not in doc.text and "Oakfield Primary School" not in doc.text
    aims = doc.sections[1]
    assert aims.location == "line 10"
    assert aims.text == ("We aim to identify needs early and to plan support with parents, reviewing progress "
                         "every term so that every pupil makes good progress.")
    bullets = doc.sections[0].blocks[1]
    assert isinstance(bullets, ListBlock) and len(bullets.items) == 2


def test_repeated_content_lines_are_kept(tmp_path):
    team = "\n\n".join(f"Person {n}\n\nTeaching Assistant" for n in range(6))
    path = tmp_path / "team.txt"
    path.write_text("Meet the team\n\n" + team + "\n", encoding="utf-8")
    assert read_document(path).text.count("Teaching Assistant") == 6


def test_text_title_block_and_cp1252(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("SEN Information Report\n\nOur school’s offer – for every child.\n".encode("cp1252"))
    doc = read_document(path)
    assert doc.title == "SEN Information Report"
    assert doc.sections[0].text == "Our school’s offer – for every child."
