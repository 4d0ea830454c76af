"""The HTML reader: page chrome dropped, headings, lists, tables and link addresses kept."""

from __future__ import annotations

import pytest

from toolkit.document import ListBlock, Table
from toolkit.errors import InputError
from toolkit.readers import ReadOptions, read_document

from .conftest import SCHOOL_PAGE


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "send.html"
    path.write_text(SCHOOL_PAGE, encoding="utf-8")
    return path


def test_structure_and_chrome_removed(page):
    doc = read_document(page)
    assert doc.title == "Special Educational Needs"
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("Special Educational Needs", 1), ("5.8 Admissions", 2), ("Accessibility", 3)]
    for chrome in ("cookies", "About us", "Latest news", "Oakfield home", "Sidebar", "Copyright", "tracking"):
        assert chrome not in doc.text


def test_links_keep_their_addresses(page):
    doc = read_document(page)
    first, second = doc.sections[0].blocks[:2]
    assert first.text == "Our SENCO is Ms Rowan Example. Email the SENCO (senco@oakfield.example)."
    assert second.text == ("See the Local Offer (https://www.example.gov.uk/localoffer) and "
                           "https://sendiass.example.org.")  # a visible address is not repeated
    assert {i.href for i in second.inlines if i.href} == {"https://www.example.gov.uk/localoffer",
                                                          "https://sendiass.example.org"}
    assert any(i.bold and i.text == "Ms Rowan Example" for i in first.inlines)


def test_lists_tables_and_line_locations(page):
    doc = read_document(page)
    blocks = doc.sections[1].blocks
    assert isinstance(blocks[0], ListBlock) and blocks[0].text == "First point\nSecond point\nNested point"
    assert isinstance(blocks[1], Table) and blocks[1].header == ["Name", "Role"]
    assert blocks[1].rows == [["R Example", "SENCO"]]
    line = SCHOOL_PAGE.splitlines().index("<h2>5.8 Admissions</h2>") + 1
    assert doc.sections[1].location == f"line {line}"
    assert doc.sections[2].blocks[0].text == "Loose text in a div\non two lines"


def test_body_without_main_drops_header_and_footer(tmp_path):
    path = tmp_path / "plain.htm"
    path.write_text("<html><body><header>Site banner</header><h2>Our offer</h2><p>We help.</p>"
                    "<footer>Footer links</footer></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert [(s.heading, s.text) for s in doc.sections] == [("Our offer", "We help.")]


def test_windows_1252_page(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes("<html><body><p>Children’s needs – café</p></body></html>".encode("cp1252"))
    assert read_document(path).sections[0].text == "Children’s needs – café"


def test_too_large_html_refused(tmp_path):
    path = tmp_path / "huge.html"
    path.write_bytes(b"<html><body>" + b"<p>text</p>" * 200_000 + b"</body></html>")
    with pytest.raises(InputError, match=r"huge\.html: is 2\.\d MB, over the 1 MB limit"):
        read_document(path, ReadOptions(max_html_bytes=1024 * 1024))


@pytest.mark.slow
def test_fifty_megabyte_page_refused_by_default(tmp_path):
    path = tmp_path / "fifty.html"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # sparse: the size check must refuse it before reading
    with pytest.raises(InputError, match=r"fifty\.html: is 50\.0 MB, over the 20 MB limit"):
        read_document(path)


def test_page_without_text(tmp_path):
    path = tmp_path / "app.html"
    path.write_text("<html><body><nav>Menu</nav><div id='app'></div><script>render()</script></body></html>")
    with pytest.raises(InputError, match=r"app\.html: no readable text"):
        read_document(path)


def test_server_side_template_code_is_not_text(tmp_path):
    # A page saved from its source: an ASP.NET page directive, PHP includes and a bold-only title block.
    path = tmp_path / "joining.html"
    path.write_text('<%@ Page Language="C#" Title="Joining" %>\n<?php include "nav.php"; ?>\n'
                    '<div><b>How children join us</b></div>\n<p>Our staff visit each child before they start.</p>\n'
                    '<p>Reference <%= Model.Id %> is kept.</p>', encoding="utf-8")
    doc = read_document(path)
    assert "Page Language" not in doc.text and "Model.Id" not in doc.text and "include" not in doc.text
    assert "Our staff visit each child" in doc.text and "Reference is kept." in doc.text


def test_bold_title_block_after_template_code_heads_its_text(tmp_path):
    from toolkit.checker.passages import parts_of
    path = tmp_path / "joining.html"
    path.write_text('<%@ Page Language="C#" %>\n<div><b>How children join us</b></div>\n'
                    '<p>Our staff visit each child before they start.</p>', encoding="utf-8")
    headings = [p.heading for p in parts_of(read_document(path))]
    assert "How children join us" in headings


def test_preformatted_text_has_its_own_line(tmp_path):
    path = tmp_path / "pre.html"
    path.write_text("<html><body>\n<p>First paragraph.</p>\n\n\n<pre>\nTerm dates\n</pre>\n</body></html>",
                    encoding="utf-8")
    blocks = read_document(path).sections[0].blocks
    assert [(b.text, b.location) for b in blocks] == [("First paragraph.", "line 2"), ("Term dates", "line 5")]


def test_table_header_is_judged_on_the_first_row_with_text(tmp_path):
    path = tmp_path / "tables.html"
    path.write_text("<html><body><h2>Staff</h2>"
                    "<table><tr><td></td><td></td></tr><tr><th>Name</th><th>Role</th></tr>"
                    "<tr><td>R Example</td><td>SENCO</td></tr></table>"
                    "<table><tr><th></th><th></th></tr><tr><td>A Lee</td><td>SENCO</td></tr>"
                    "<tr><td>B Khan</td><td>Head</td></tr></table></body></html>", encoding="utf-8")
    spacer_above_header, empty_header = read_document(path).sections[0].blocks
    assert (spacer_above_header.header, spacer_above_header.rows) == (["Name", "Role"], [["R Example", "SENCO"]])
    assert (empty_header.header, empty_header.rows) == ([], [["A Lee", "SENCO"], ["B Khan", "Head"]])
