import io
import zipfile

import docx
import pytest

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


def _xml(data: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode()


def test_each_numbered_list_starts_at_1(sample_document):
    from toolkit.document import Inline, ListBlock

    sample_document.sections[3].blocks.append(ListBlock([[Inline("Three")], [Inline("Four")]], ordered=True))
    data = render_docx(sample_document)
    d = open_docx(data)
    numbering = d.part.numbering_part.element
    ids = []
    for p in d.paragraphs:
        if p.style.name == "List Number":
            ids.append(p._p.pPr.numPr.numId.val)
    assert len(ids) == 4 and ids[0] == ids[1] != ids[2] == ids[3]  # one numbering per list
    for num_id in set(ids):
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
        abstract = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{num.abstractNumId.val}"]')[0]
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        assert abstract.xpath("./w:lvl/w:numFmt/@w:val", namespaces=ns) == ["decimal"]


def test_contents_are_written_out_and_still_a_field(sample_document):
    body = _xml(render_docx(sample_document))
    assert 'TOC \\o "2-3" \\h \\z \\u' in body
    d = open_docx(render_docx(sample_document))
    entries = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("toc")]
    assert entries == [("toc 2", "About this report"), ("toc 2", "Who is the SENCO?"),
                       ("toc 3", "Other contacts"), ("toc 2", "Key dates"), ("toc 2", "Where to find help")]
    # each entry links to a bookmark on its heading, as Word's own contents do
    import re

    anchors = re.findall(r'w:hyperlink w:anchor="(_Toc\d+)"', body)
    bookmarks = re.findall(r'w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', body)
    assert anchors == bookmarks and len(anchors) == 5
    # the field's begin is before the first entry and its end after the last
    assert body.index('fldCharType="begin"') < body.index("About this report") < \
        body.index("Where to find help") < body.index('fldCharType="end"', body.index("Where to find help"))
    # "Contents" is not a Heading 2, so an updated contents does not list itself
    assert ("TOC Heading", "Contents") in [(p.style.name, p.text) for p in d.paragraphs]


def _template(tmp_path, *, strip_styles=False, dotx=False):
    """A school's letterhead: its own Normal font, a header and footer, and a body line to drop."""
    import docx as python_docx
    from docx.shared import Pt

    t = python_docx.Document()
    t.styles["Normal"].font.name = "Georgia"
    t.styles["Normal"].font.size = Pt(12)
    t.sections[0].header.paragraphs[0].text = "Oakfield Primary School letterhead"
    t.sections[0].footer.paragraphs[0].text = "Oakfield Lane, Northtown. Headteacher: Mr D. Okafor"
    t.add_paragraph("Type your letter here")
    path = tmp_path / ("letterhead.dotx" if dotx else "letterhead.docx")
    t.save(path)
    if strip_styles or dotx:
        src = zipfile.ZipFile(path)
        files = {n: src.read(n) for n in src.namelist()}
        src.close()
        if strip_styles:  # a template saved by Word holds only the styles it uses
            from lxml import etree

            root = etree.fromstring(files["word/styles.xml"])
            ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
            for style in root.xpath("//w:style", namespaces=ns):
                name = style.xpath("./w:name/@w:val", namespaces=ns)[0]
                if name.startswith(("heading", "List", "Table Grid", "TOC")):
                    root.remove(style)
            files["word/styles.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            files = {n: b for n, b in files.items() if n != "word/numbering.xml"}
            files["word/_rels/document.xml.rels"] = re.sub(
                rb'<Relationship [^>]*numbering[^>]*/>', b"", files["word/_rels/document.xml.rels"])
        if dotx:
            files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
                b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
        with zipfile.ZipFile(path, "w") as dst:
            for n, b in files.items():
                dst.writestr(n, b)
    return path


import re  # noqa: E402


def test_a_schools_word_template_gives_styles_header_and_footer(sample_document, tmp_path):
    d = open_docx(render_docx(sample_document, template=_template(tmp_path)))
    assert d.styles["Normal"].font.name == "Georgia"
    assert d.sections[0].header.paragraphs[0].text == "Oakfield Primary School letterhead"
    assert d.sections[0].footer.paragraphs[0].text.startswith("Oakfield Lane")
    texts = [p.text for p in d.paragraphs]
    assert "Type your letter here" not in texts and sample_document.title == texts[0]
    assert ("Heading 2", "Who is the SENCO?") in [(p.style.name, p.text) for p in d.paragraphs]


@pytest.mark.parametrize("dotx", [False, True])
def test_a_template_without_our_styles_or_numbering_gets_them(sample_document, tmp_path, dotx):
    data = render_docx(sample_document, template=_template(tmp_path, strip_styles=True, dotx=dotx))
    d = open_docx(data)
    styles = {(p.style.name, p.text) for p in d.paragraphs}
    assert ("Heading 2", "Who is the SENCO?") in styles and ("Heading 3", "Other contacts") in styles
    assert any(name == "List Number" for name, _ in styles)
    assert "w:numId" in _xml(data) and "w:abstractNum " in _xml(data, "word/numbering.xml")
    assert 'w:outlineLvl w:val="1"' in _xml(data, "word/styles.xml")  # so Word's navigation pane sees it
    assert "wordprocessingml.document.main+xml" in _xml(data, "[Content_Types].xml")


def test_a_file_that_is_not_a_word_document_is_refused_clearly(tmp_path):
    from toolkit.errors import InputError
    from toolkit.render.docx import check_word_template

    bad = tmp_path / "letterhead.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 an old binary Word file")
    with pytest.raises(InputError) as err:
        check_word_template(bad)
    text = "\n".join(err.value.lines())
    assert "letterhead.doc" in text and "save it as a Word Document (.docx)" in text
    with pytest.raises(InputError, match="no such file"):
        check_word_template(tmp_path / "missing.docx")


# The bundled typeface travels inside every Word file that uses it (ECMA-376 Part 1, 17.8.1), so
# Word on a machine without Atkinson Hyperlegible shows it rather than Arial.

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _deobfuscate(data: bytes, font_key: str) -> bytes:
    # As LibreOffice reads it (EmbeddedFontsHelper): the key's hex pairs from the end of the braced GUID
    positions = (35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1)
    key = [int(font_key[p:p + 2], 16) for p in positions]
    head = bytearray(data[:32])
    for i in range(16):
        head[i] ^= key[i]
        head[i + 16] ^= key[i]
    return bytes(head) + data[32:]


def embedded_fonts(data: bytes) -> dict[str, bytes]:
    """The fonts a DOCX embeds, de-obfuscated, by `embedRegular`/`embedBold`; checks the package wiring."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        table = etree.fromstring(z.read("word/fontTable.xml"))
        rels = {r.get("Id"): r for r in etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))} \
            if "word/_rels/fontTable.xml.rels" in names else {}
        types = z.read("[Content_Types].xml").decode()
        settings = z.read("word/settings.xml").decode()
        out = {}
        for font in table.findall(f"{W}font"):
            for embed in font:
                kind = etree.QName(embed).localname
                if not kind.startswith("embed"):
                    continue
                rel = rels[embed.get(f"{R}id")]
                assert rel.get("Type").endswith("/relationships/font")
                part = "word/" + rel.get("Target")
                assert part.endswith(".odttf") and part in names
                assert f'{font.get(f"{W}name")}/{kind}' not in out, "embedded twice"
                out[f'{font.get(f"{W}name")}/{kind}'] = _deobfuscate(z.read(part), embed.get(f"{W}fontKey"))
        obfuscated = 'ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"'
        for part in [n for n in names if n.endswith(".odttf")]:  # by extension, or part by part (python-docx)
            assert f'Extension="odttf" {obfuscated}' in types or f'PartName="/{part}" {obfuscated}' in types
        if out:
            assert "<w:embedTrueTypeFonts/>" in settings
        assert len([n for n in names if n.endswith(".odttf")]) == len(out), "a font part nothing refers to"
    return out


def _bundled(weight: int) -> bytes:
    from toolkit.render.fonts import TTF_FILES, font_file

    return font_file(TTF_FILES[(weight, "normal")]).read_bytes()


def test_the_bundled_regular_and_bold_are_embedded_as_word_does(sample_document):
    data = render_docx(sample_document)
    fonts = embedded_fonts(data)
    assert fonts == {"Atkinson Hyperlegible/embedRegular": _bundled(400),
                     "Atkinson Hyperlegible/embedBold": _bundled(700)}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        stored = z.read("word/fonts/AtkinsonHyperlegible-Regular.odttf")
        settings = z.read("word/settings.xml").decode()
    assert stored[:32] != _bundled(400)[:32] and stored[32:] == _bundled(400)[32:]  # obfuscated, as the standard says
    assert settings.index("<w:zoom") < settings.index("<w:embedTrueTypeFonts/>") < settings.index("<w:defaultTabStop")


def test_a_template_made_from_a_sendkit_document_embeds_the_fonts_once(sample_document, tmp_path):
    template = tmp_path / "ours.docx"
    template.write_bytes(render_docx(sample_document))
    data = render_docx(sample_document, template=template)
    assert embedded_fonts(data) == {"Atkinson Hyperlegible/embedRegular": _bundled(400),
                                    "Atkinson Hyperlegible/embedBold": _bundled(700)}
    assert _xml(data, "word/settings.xml").count("embedTrueTypeFonts") == 1


def test_a_template_with_its_own_font_gets_none_of_ours(sample_document, tmp_path):
    # the school's Georgia sets every paragraph: nothing uses Atkinson, so 60 KB of it would be dead weight
    data = render_docx(sample_document, template=_template(tmp_path))
    assert embedded_fonts(data) == {} and "Atkinson" not in _xml(data, "word/styles.xml")


def test_review_forms_keep_the_embedded_fonts(sample_document):
    from toolkit.reviews.forms import render_form

    fonts = embedded_fonts(render_form(sample_document, "docx"))
    assert fonts["Atkinson Hyperlegible/embedRegular"] == _bundled(400)
