"""Document -> DOCX with real Word heading styles, a contents field, page numbers and properties.

Schools edit the DOCX in Word, so structure must be Word's own: Heading 1-4 styles (the navigation
pane and Insert > Table of Contents rely on them), list styles, and fields for page numbers.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, time
from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import __version__
from ..dates import long_date as longdate
from ..document import Document, Inline, ListBlock, Paragraph, Table
from .fonts import FALLBACKS, FAMILY, TTF_FILES, font_file

_FONT = FAMILY
_ACCENT = RGBColor(0x1D, 0x4F, 0x91)


def _set_language(styles, lang: str) -> None:
    """Document-wide proofing language (en-GB) via the default run properties."""
    rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang_el = rpr_default.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr_default.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    lang_el.set(qn("w:eastAsia"), lang)


def _declare_font(docx) -> None:
    """Name the bundled typeface in the font table with its fallback (w:altName) and class, so Word
    and LibreOffice substitute a similar sans-serif where Atkinson Hyperlegible is not installed."""
    font_table = None
    for rel in docx.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_table = rel.target_part
    if font_table is None:
        return
    from lxml import etree

    root = etree.fromstring(font_table.blob)
    for existing in root.findall(qn("w:font")):
        if existing.get(qn("w:name")) == FAMILY:
            root.remove(existing)
    font = etree.SubElement(root, qn("w:font"))
    font.set(qn("w:name"), FAMILY)
    for tag, value in (("w:altName", FALLBACKS[1]), ("w:panose1", "020B0504020202020204"),
                       ("w:charset", "00"), ("w:family", "swiss"), ("w:pitch", "variable")):
        el = etree.SubElement(font, qn(tag))
        el.set(qn("w:val"), value)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _style(docx) -> None:
    styles = docx.styles
    normal = styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), _FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 20), (2, 15), (3, 12.5), (4, 11.5)):
        style = styles[f"Heading {level}"]
        style.font.name = _FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = _ACCENT if level == 1 else RGBColor(0x1B, 0x1B, 0x1B)
        rfonts = style.element.rPr.rFonts
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]
        style.paragraph_format.space_before = Pt(14 if level <= 2 else 10)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES) that Word computes when the document is opened."""
    _field_begin(paragraph, instruction)
    paragraph.add_run(placeholder)
    _field_end(paragraph)


def _field_begin(paragraph, instruction: str) -> None:
    """The start of a field and its instruction; its result follows, then :func:`_field_end`."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)


def _field_end(paragraph) -> None:
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _hyperlink(paragraph, inline: Inline) -> None:
    r_id = paragraph.part.relate_to(inline.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    rpr.append(style)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1D4F91")
    rpr.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(underline)
    if inline.bold:
        rpr.append(OxmlElement("w:b"))
    run.append(rpr)
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = inline.text
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


# Who and when for tracked changes (w:ins/w:del), and their ids; set by tracked_changes().
_REVISIONS: ContextVar[tuple[str, str, itertools.count] | None] = ContextVar("sendkit_revisions", default=None)


@contextmanager
def tracked_changes(author: str, when: datetime):
    """Render inlines and sections whose ``change`` is set as Word tracked changes by ``author``."""
    token = _REVISIONS.set((author, when.strftime("%Y-%m-%dT%H:%M:%SZ"), itertools.count(1)))
    try:
        yield
    finally:
        _REVISIONS.reset(token)


def _revision(change: str):
    author, when, ids = _REVISIONS.get() or ("sendkit", "2000-01-01T00:00:00Z", itertools.count(1))
    element = OxmlElement(f"w:{change}")
    element.set(qn("w:id"), str(next(ids)))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), when)
    return element


def _track_run(r, change: str | None) -> None:
    """Wrap one w:r in w:ins or w:del (whose text Word keeps in w:delText)."""
    if not change:
        return
    wrapper = _revision(change)
    r.addprevious(wrapper)
    wrapper.append(r)
    if change == "del":
        for t in r.findall(qn("w:t")):
            t.tag = qn("w:delText")


def _track_paragraph_mark(paragraph, change: str | None) -> None:
    """A paragraph inserted or deleted whole: its mark is tracked too, so accepting or rejecting
    removes the paragraph itself, not only its words."""
    if not change:
        return
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(_revision(change))


def _add_inlines(paragraph, inlines: list[Inline]) -> None:
    for inline in inlines:
        if inline.href and not inline.marker:
            _hyperlink(paragraph, inline)
            _track_run(paragraph._p[-1].find(qn("w:r")), inline.change)
            continue
        run = paragraph.add_run(inline.text)
        run.bold = inline.bold or None
        run.italic = inline.italic or None
        if inline.marker:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        _track_run(run._r, inline.change)
    changes = {inline.change for inline in inlines}
    if len(changes) == 1:
        _track_paragraph_mark(paragraph, changes.pop())


_LIST_STYLES = {"bullet": "List Bullet", "decimal": "List Number"}
_HEADING_SIZES = {1: 20, 2: 15, 3: 12.5, 4: 11.5}


class _Styles:
    """Style IDs looked up once, and any style we write with but a school's template lacks, added.

    python-docx scans every style on each lookup by name or object (to compare with the default
    style), which made paragraphs the cost of the whole render."""

    def __init__(self, docx):
        self._docx = docx
        self._ids: dict[str, str] = {}
        for level in range(1, 10):
            self._ensure(f"Heading {level}", heading=level)
        for name in ("List Bullet", "List Number", "toc 2", "toc 3", "TOC Heading"):
            self._ensure(name)
        self._ids["Table Grid"] = self._table_grid()

    def _ensure(self, name: str, heading: int | None = None) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        try:
            style = self._docx.styles[name]
        except KeyError:
            style = self._docx.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self._docx.styles["Normal"]
            style.hidden = False
            style.quick_style = True
            if heading or name == "TOC Heading":
                level = heading or 1
                style.font.bold = True
                style.font.size = Pt(_HEADING_SIZES.get(level, 11))
                style.paragraph_format.space_before = Pt(14 if level <= 2 else 10)
                style.paragraph_format.space_after = Pt(4)
                style.paragraph_format.keep_with_next = True
                if heading:
                    ppr = style.element.get_or_add_pPr()
                    outline = OxmlElement("w:outlineLvl")
                    outline.set(qn("w:val"), str(level - 1))
                    ppr.append(outline)
            elif name.startswith("toc "):
                style.paragraph_format.left_indent = Mm(6 * (int(name[-1]) - 2))
                style.paragraph_format.space_after = Pt(2)
            elif name.startswith("List"):
                style.paragraph_format.space_after = Pt(3)
        self._ids[name] = style.style_id

    def _table_grid(self) -> str:
        from docx.enum.style import WD_STYLE_TYPE

        try:
            return self._docx.styles["Table Grid"].style_id
        except KeyError:
            style = self._docx.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        tblpr = OxmlElement("w:tblPr")
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto")):
                el.set(qn(attr), value)
            borders.append(el)
        tblpr.append(borders)
        style.element.append(tblpr)
        return style.style_id

    def paragraph(self, docx, name: str | None = None, text: str | None = None):
        p = docx.add_paragraph(text)
        if name:
            p._p.style = self._ids[name]  # same XML as `paragraph.style = name`, without the scan
        return p

    def id(self, name: str) -> str:
        return self._ids[name]


def _add_heading(docx, styles: _Styles, text: str, level: int, change: str | None = None):
    paragraph = styles.paragraph(docx, f"Heading {min(max(level, 1), 9)}", text)
    if change:
        for run in paragraph.runs:
            _track_run(run._r, change)
        _track_paragraph_mark(paragraph, change)
    return paragraph


class _Numbering:
    """One numbering definition per list, so every numbered list starts at 1.

    Word continues a list style's numbering through the whole document (the complaints steps came
    out as 5-8); a list of its own, pointing at a shared abstract definition, restarts."""

    def __init__(self, docx):
        self._root = _numbering_part(docx).element
        used = [int(a.get(qn("w:abstractNumId"))) for a in self._root.findall(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in self._root.findall(qn("w:num"))]
        self._next_abstract = max(used, default=-1) + 1
        self._next_num = max(nums, default=0) + 1
        self._abstract = {kind: self._add_abstract(kind) for kind in _LIST_STYLES}

    def _add_abstract(self, kind: str) -> int:
        aid = self._next_abstract
        self._next_abstract += 1
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(aid))
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "singleLevel" if kind == "decimal" else "hybridMultilevel")
        abstract.append(multi)
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), "0")
        for tag, value in (("w:start", "1"), ("w:numFmt", kind),
                           ("w:lvlText", "%1." if kind == "decimal" else "\u2022"), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "360")
        ind.set(qn("w:hanging"), "360")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
        first_num = self._root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # the schema wants every abstractNum before any num
        else:
            self._root.append(abstract)
        return aid

    def new_list(self, ordered: bool) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(num_id))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), str(self._abstract["decimal" if ordered else "bullet"]))
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self._root.append(num)
        return num_id


def _numbering_part(docx):
    """The document's numbering part, created when a school's template has none."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    try:
        return docx.part.part_related_by(RT.NUMBERING)
    except KeyError:
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
        part = NumberingPart.load(PackURI("/word/numbering.xml"), CONTENT_TYPE.WML_NUMBERING,
                                  xml.encode("utf-8"), docx.part.package)
        docx.part.relate_to(part, RT.NUMBERING)
        return part


def _set_num(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(num)
    ppr.insert_element_before(numpr, "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
                              "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                              "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


class _Bookmarks:
    """Hidden bookmarks on headings, which the written-out contents link to (as Word's own do)."""

    def __init__(self):
        self.count = 0

    def add(self, paragraph) -> str:
        self.count += 1
        name = f"_Toc{self.count:08d}"
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.count))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.count))
        runs = paragraph._p.findall(qn("w:r"))
        if runs:
            runs[0].addprevious(start)
            runs[-1].addnext(end)
        else:
            paragraph._p.append(start)
            paragraph._p.append(end)
        return name


def _add_block(docx, block, styles: _Styles, numbering: _Numbering | None = None) -> None:
    if isinstance(block, Paragraph):
        _add_inlines(styles.paragraph(docx), block.inlines)
    elif isinstance(block, ListBlock):
        style = "List Number" if block.ordered else "List Bullet"
        num_id = numbering.new_list(block.ordered) if numbering else None
        for item in block.items:
            p = styles.paragraph(docx, style)
            if num_id is not None:
                _set_num(p, num_id)
            _add_inlines(p, item)
    elif isinstance(block, Table):
        table = docx.add_table(rows=1 + len(block.rows), cols=max(1, len(block.header)))
        table._tbl.tblPr.style = styles.id("Table Grid")
        for i, text in enumerate(block.header):
            cell = table.rows[0].cells[i]
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for r, row in enumerate(block.rows, start=1):
            for c, text in enumerate(row):
                table.rows[r].cells[c].text = text
    else:
        raise TypeError(f"unknown block {type(block).__name__}")


def _contents(docx, styles: _Styles, entries: list[tuple[int, str, str, str | None]]) -> None:
    """Word's TOC field with its result written out: the headings, linked to their bookmarks.

    LibreOffice, previews and online viewers show a field's last result, so the contents are there
    without Word; Word refreshes it (and adds page numbers) on opening or with Update Field."""
    # "TOC Heading", not Heading 2: the contents must not list itself when Word updates it.
    styles.paragraph(docx, "TOC Heading", "Contents")
    first = styles.paragraph(docx, "toc 2")
    _field_begin(first, 'TOC \\o "2-3" \\h \\z \\u')
    paragraph = first
    for i, (level, text, bookmark, change) in enumerate(entries):
        if i:
            paragraph = styles.paragraph(docx, f"toc {min(level, 3)}")
        else:
            paragraph._p.style = styles.id(f"toc {min(level, 3)}")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        link.append(run)
        paragraph._p.append(link)
        # a section inserted or deleted in a tracked comparison: its contents line is tracked too
        _track_run(run, change)
        if i:
            _track_paragraph_mark(paragraph, change)
    _field_end(paragraph)


def _footer(docx, doc: Document) -> None:
    footer = docx.sections[0].footer
    p = footer.paragraphs[0]
    p.text = ""
    run = p.add_run(doc.title + "   ")
    run.font.size = Pt(8)
    p.add_run("Page ").font.size = Pt(8)
    _field(p, "PAGE", "1")
    p.add_run(" of ").font.size = Pt(8)
    _field(p, "NUMPAGES", "1")
    for r in p.runs:
        r.font.size = Pt(8)


def _update_fields_on_open(docx) -> None:
    """Ask Word to refresh the contents and page fields when the file is opened."""
    settings = docx.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _properties(docx, doc: Document) -> None:
    props = docx.core_properties
    props.title = doc.title
    props.author = doc.author or ""
    props.subject = doc.subject or ""
    props.keywords = ", ".join(doc.keywords)
    props.language = doc.lang
    props.category = doc.type
    props.comments = f"Made with sendkit {__version__}"
    props.last_modified_by = "sendkit"
    stamp = datetime.combine(doc.published, time(0, 0)) if doc.published else datetime(2000, 1, 1)
    props.created = stamp
    props.modified = stamp
    props.revision = 1


def fixed_timestamps(raw: bytes, stamp: tuple) -> bytes:
    """Rewrite the zip with fixed timestamps, so an unchanged document gives identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# Font embedding (ECMA-376 Part 1, 17.8.1 and 17.8.3.3), as Word writes it: so Word on a machine without
# Atkinson Hyperlegible shows it rather than Arial. The SIL OFL allows embedding (data/fonts/OFL.txt) and
# the fonts' OS/2 fsType is 0 (installable). The regular and bold faces only: the one italic text (the closing
# date lines) is slanted from the regular by Word and LibreOffice, which is not worth 30 KB more per file.
_EMBEDDED = (("w:embedRegular", TTF_FILES[(400, "normal")]), ("w:embedBold", TTF_FILES[(700, "normal")]))
_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# CT_Settings children that come before w:embedTrueTypeFonts (Word refuses a file with them out of order)
_BEFORE_EMBED = {"writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                 "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                 "printFractionalCharacterWidth", "printFormsData"}
# CT_Font children that come before w:embedRegular
_BEFORE_FONT_EMBED = {"altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"}


def font_key(name: str, data: bytes) -> str:
    """The w:fontKey GUID for one font file: derived from its bytes, so a rebuild gives the same file."""
    import hashlib
    import uuid

    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"sendkit:{name}:{hashlib.sha256(data).hexdigest()}")).upper() + "}"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the GUID's 16 bytes taken from the last hex pair of the key to the
    first (17.8.1); the same operation undoes it."""
    digits = key.strip("{}").replace("-", "")
    guid = bytes(int(digits[i:i + 2], 16) for i in range(30, -1, -2))
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def embed_fonts(raw: bytes) -> bytes:
    """``raw`` with the bundled regular and bold faces embedded, if its styles or text use them.

    A school's Word template that sets its own fonts has nothing of ours to embed; one made from a
    sendkit document (or already embedding them) has its earlier copies replaced, not doubled."""
    from lxml import etree

    src = zipfile.ZipFile(io.BytesIO(raw))
    parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    family = FAMILY.encode("utf-8")
    if not any(family in parts.get(name, b"") for name in ("word/styles.xml", "word/document.xml")):
        return raw
    doc_rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    table_name = next((f"word/{r.get('Target').lstrip('/').removeprefix('word/')}" for r in doc_rels
                       if r.get("Type", "").endswith("/fontTable")), None)
    settings_name = next((f"word/{r.get('Target').lstrip('/').removeprefix('word/')}" for r in doc_rels
                          if r.get("Type", "").endswith("/settings")), None)
    if table_name is None or table_name not in parts:
        return raw
    table = etree.fromstring(parts[table_name])
    font = next((f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == FAMILY), None)
    if font is None:
        font = etree.SubElement(table, qn("w:font"))
        font.set(qn("w:name"), FAMILY)
        for tag, value in (("w:altName", FALLBACKS[1]), ("w:family", "swiss"), ("w:pitch", "variable")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    rels_name = _rels_name(table_name)
    rels = (etree.fromstring(parts[rels_name]) if rels_name in parts
            else etree.Element(f"{_PKG_RELS}Relationships", nsmap={None: _PKG_RELS[1:-1]}))
    # earlier copies of our faces (a template saved from a sendkit document): drop them and their parts
    for old in [e for e in font if etree.QName(e).localname.startswith("embed")]:
        rid = old.get(qn("r:id"))
        for rel in [r for r in rels if r.get("Id") == rid]:
            target = rel.get("Target")
            parts.pop(f"{table_name.rpartition('/')[0]}/{target}" if not target.startswith("/") else target[1:], None)
            rels.remove(rel)
        font.remove(old)
    after = [e for e in font if etree.QName(e).localname in _BEFORE_FONT_EMBED]
    position = font.index(after[-1]) + 1 if after else 0
    taken = {r.get("Id") for r in rels}
    folder = table_name.rpartition("/")[0]
    for n, (tag, file_name) in enumerate(_EMBEDDED):
        data = font_file(file_name).read_bytes()
        key = font_key(file_name, data)
        rid = next(f"rIdFont{i}" for i in itertools.count(n + 1) if f"rIdFont{i}" not in taken)
        taken.add(rid)
        target = f"fonts/{Path(file_name).stem}.odttf"
        parts[f"{folder}/{target}"] = obfuscate_font(data, key)
        rel = etree.SubElement(rels, f"{_PKG_RELS}Relationship")
        rel.set("Id", rid)
        rel.set("Type", _FONT_REL)
        rel.set("Target", target)
        embed = etree.Element(qn(tag))
        embed.set(qn("r:id"), rid)
        embed.set(qn("w:fontKey"), key)
        font.insert(position + n, embed)
    parts[table_name] = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    if not any(d.get("Extension", "").lower() == "odttf" for d in types.findall(f"{_TYPES}Default")):
        default = etree.Element(f"{_TYPES}Default")
        default.set("Extension", "odttf")
        default.set("ContentType", _OBFUSCATED)
        types.insert(0, default)
        parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    if settings_name in parts:
        settings = etree.fromstring(parts[settings_name])
        if settings.find(qn("w:embedTrueTypeFonts")) is None:
            before = [e for e in settings if etree.QName(e).localname in _BEFORE_EMBED]
            settings.insert(settings.index(before[-1]) + 1 if before else 0, etree.Element(qn("w:embedTrueTypeFonts")))
        for subset in settings.findall(qn("w:saveSubsetFonts")):  # we embed whole fonts
            settings.remove(subset)
        parts[settings_name] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    return out.getvalue()


def dates_line(doc: Document) -> list[str]:
    """The closing line of a Word document, in parts: when it was published and is next reviewed."""
    if not doc.published:
        return []
    parts = [f"Published {longdate(doc.published)}."]
    return parts + [f" Next review {longdate(doc.next_review)}."] if doc.next_review else parts


def _add_sections(docx, styles: _Styles, sections, numbering: _Numbering, bookmarks: _Bookmarks | None = None,
                  entries: list | None = None) -> None:
    """Headings and blocks; with ``bookmarks``, levels 2-3 are bookmarked and listed in ``entries``
    for the written-out contents."""
    for sec in sections:
        if sec.heading:
            heading = _add_heading(docx, styles, sec.heading, sec.level, sec.change)
            if bookmarks is not None and sec.level in (2, 3):
                entries.append((sec.level, sec.heading, bookmarks.add(heading), sec.change))
        for block in sec.blocks:
            _add_block(docx, block, styles, numbering)


def check_word_template(path: str | Path, field: str | None = None, source: str | None = None) -> Path:
    """``path`` if it is a Word document or template sendkit can write into, else InputError.

    ``field`` and ``source`` say where the path was given (a profile's ``word_template:``)."""
    from ..errors import InputError, display_path, read_input

    data = read_input(path, InputError, "Word document")
    check_word_template_bytes(data, display_path(path), field, source)
    return Path(path)


WORD_TEMPLATE_SUFFIXES = (".docx", ".dotx")


def check_word_template_bytes(data: bytes, name: str, field: str | None = None, source: str | None = None) -> str:
    """The check behind :func:`check_word_template`, for bytes in hand (a file uploaded to `sendkit
    serve`): InputError in the same words, else the suffix the file should have (.docx or .dotx).

    Read by content, never by the name it came with, and held to the limits `sendkit check` puts on a
    Word file (no zip bomb)."""
    from ..errors import InputError, Problem

    try:
        _sniff_word(data)
        _open_base(None, data)
    except TemplateError as exc:
        raise InputError(f"{name}: cannot be used as the Word template", [Problem(
            str(exc), source or name, None, field, expected="a .docx or .dotx file saved by Word",
            suggestion=exc.suggestion or "open it in Word and save it as a Word Document (.docx)")]) from None
    return ".dotx" if _is_dotx(data) else ".docx"


def _sniff_word(data: bytes) -> None:
    """TemplateError in plain words for what is plainly not a Word file, before it is opened."""
    from ..errors import InputError
    from ..readers import ReadOptions
    from ..readers.docx import check_zip

    if not data.strip():
        raise TemplateError("the file is empty")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TemplateError("it is an old Word file (.doc), which sendkit cannot write into")
    if b"%PDF-" in data[:1024]:
        raise TemplateError("it is a PDF, not a Word file, and a PDF has no styles, headers or footers to write into",
                            suggestion="use the Word file the PDF was made from")
    if not data.startswith(b"PK"):
        raise TemplateError("it is not a Word file")
    options = ReadOptions()
    try:
        check_zip(data, "", max_unzipped=options.max_unzipped_bytes, max_ratio=options.max_zip_ratio)
    except InputError as exc:  # a damaged zip, a zip bomb, a zip that holds no Word document
        reason = str(exc).removeprefix(": ")
        if reason.startswith("not a Word .docx file"):
            reason = "the file is damaged: it starts like a Word file but cannot be opened (an incomplete copy?)"
        raise TemplateError(reason[:1].lower() + reason[1:]) from None


def _is_dotx(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"wordprocessingml.template.main+xml" in z.read("[Content_Types].xml")


def _open_base(template: Path | None, data: bytes | None = None):
    """A new document: python-docx's default, or a school's own Word file with its body emptied
    (its styles, numbering, headers, footers, page setup and section settings are kept)."""
    if template is None and data is None:
        return new_docx()
    data = Path(template).read_bytes() if data is None else data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
            if b"wordprocessingml.template.main+xml" in types:  # a .dotx: open it as a document
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                    for info in z.infolist():
                        content = z.read(info.filename)
                        if info.filename == "[Content_Types].xml":
                            content = content.replace(b"wordprocessingml.template.main+xml",
                                                      b"wordprocessingml.document.main+xml")
                        dst.writestr(info, content)
                data = out.getvalue()
        docx = new_docx(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TemplateError("it is not a Word file (.docx or .dotx); an old .doc must be saved again as .docx") \
            from None
    except (KeyError, ValueError) as exc:
        raise TemplateError(f"it is not a Word document ({exc})") from None
    body = docx.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return docx


class TemplateError(ValueError):
    """A Word template that cannot be used (the caller turns it into a user-facing error)."""

    def __init__(self, reason: str, suggestion: str | None = None):
        super().__init__(reason)
        self.suggestion = suggestion


def _has_footer(section) -> bool:
    footer = section.footer
    return not footer.is_linked_to_previous and any(
        p.text.strip() or p._p.findall(".//" + qn("w:drawing")) for p in footer.paragraphs)


def render_docx(doc: Document, *, toc: bool = True, credit: bool = False, template: Path | None = None,
                preface: Document | None = None) -> bytes:
    """A Word document for ``doc``; headings use Word's Heading styles (level = section level).

    ``template``: a school's own .docx/.dotx whose styles, headers and footers the content flows
    into (our typeface and page setup then give way to the school's). ``credit`` adds a
    "Made with sendkit" line at the end. ``preface``: a short document (a summary of changes for
    governors) on pages of its own first."""
    docx = _open_base(template)
    if template is None:
        _style(docx)
        _declare_font(docx)
        section = docx.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    _set_language(docx.styles, doc.lang)
    _properties(docx, doc)
    styles = _Styles(docx)
    numbering = _Numbering(docx)
    bookmarks = _Bookmarks()
    if preface is not None:
        _add_heading(docx, styles, preface.title, 1)
        for block in preface.front_matter:
            _add_block(docx, block, styles, numbering)
        _add_sections(docx, styles, preface.sections, numbering)
        docx.add_page_break()
    _add_heading(docx, styles, doc.title, 1)
    if doc.subtitle:
        styles.paragraph(docx, None, doc.subtitle)
    for block in doc.front_matter:
        _add_block(docx, block, styles, numbering)
    contents = toc and len(doc.sections) > 3
    if contents:
        anchor = docx.add_paragraph()  # the contents go here once the headings have bookmarks
    entries: list[tuple[int, str, str, str | None]] = []
    _add_sections(docx, styles, doc.sections, numbering, bookmarks if contents else None, entries)
    for part in dates_line(doc):  # each date on a line of its own
        docx.add_paragraph().add_run(part.strip()).italic = True
    if credit:
        docx.add_paragraph().add_run(f"Made with sendkit {__version__}.").italic = True
    if contents:
        before = set(docx.element.body)
        _contents(docx, styles, entries)
        for element in [e for e in docx.element.body if e not in before]:
            anchor._p.addprevious(element)
        anchor._p.getparent().remove(anchor._p)
        _update_fields_on_open(docx)
    if template is None or not _has_footer(docx.sections[0]):
        _footer(docx, doc)
    buffer = io.BytesIO()
    docx.save(buffer)
    stamp = (doc.published.year, doc.published.month, doc.published.day, 0, 0, 0) if doc.published \
        else (1980, 1, 1, 0, 0, 0)
    return fixed_timestamps(embed_fonts(buffer.getvalue()), stamp)
