"""A link's address reaches the text the same way from every reader (HTML, Word, Markdown)."""

from __future__ import annotations

import pytest

from toolkit.readers import read_document
from toolkit.readers.structure import address_hidden, link_address

from .conftest import add_hyperlink

LINKS = [
    # (address, link text, what the paragraph reads)
    ("mailto:senco@oakfield.example?subject=SEN", "Email the SENCO", "Email the SENCO (senco@oakfield.example)"),
    ("tel:+441234567890", "Call the office", "Call the office (+441234567890)"),
    ("https://www.example.gov.uk/localoffer/", "Local Offer", "Local Offer (https://www.example.gov.uk/localoffer/)"),
    ("https://www.example.gov.uk/localoffer", "example.gov.uk/localoffer", "example.gov.uk/localoffer"),
    ("policies/send.pdf", "our SEND policy", "our SEND policy"),  # relative: no address worth citing
    ("#contacts", "contacts", "contacts"),
]


@pytest.mark.parametrize("href, shown, expected", LINKS)
def test_helpers(href, shown, expected):
    hidden = address_hidden(href, shown)
    assert (f"{shown} ({link_address(href)})" if hidden else shown) == expected


def test_html_word_and_markdown_agree(tmp_path):
    import docx

    html = "".join(f'<p><a href="{href}">{shown}</a></p>' for href, shown, _ in LINKS)
    (tmp_path / "links.html").write_text(f"<html><body><h2>Links</h2>{html}</body></html>", encoding="utf-8")
    (tmp_path / "links.md").write_text("## Links\n\n" + "\n\n".join(f"[{shown}](<{href}>)" for href, shown, _ in LINKS),
                                       encoding="utf-8")
    word = docx.Document()
    word.add_heading("Links", 2)
    for href, shown, _ in LINKS:
        add_hyperlink(word.add_paragraph(), href, shown)
    word.save(tmp_path / "links.docx")
    expected = [e for _, _, e in LINKS]
    for name in ("links.html", "links.md", "links.docx"):
        (section,) = read_document(tmp_path / name).sections
        assert [b.text for b in section.blocks] == expected, name
