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

from docx import Document as new_docx
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import __version__
from ..dates import long_date as longdate
from ..document import Document, Inline, ListBlock, Paragraph, Table

_FONT = "Arial"
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
    """A complex field (PAGE, NUMPAGES, TOC) that Word computes when the document is opened."""
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
    paragraph.add_run(placeholder)
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


class _Styles:
    """Style IDs looked up once. python-docx scans every style on each lookup by name or object
    (to compare with the default style), which made paragraphs the cost of the whole render."""

    def __init__(self, docx):
        names = ["List Bullet", "List Number", "Table Grid"] + [f"Heading {n}" for n in range(1, 10)]
        self._ids = {name: docx.styles[name].style_id for name in names}

    def paragraph(self, docx, name: str | None = None, text: str | None = None):
        p = docx.add_paragraph(text)
        if name:
            p._p.style = self._ids[name]  # same XML as `paragraph.style = name`, without the scan
        return p

    def id(self, name: str) -> str:
        return self._ids[name]


def _add_heading(docx, styles: _Styles, text: str, level: int, change: str | None = None) -> None:
    paragraph = styles.paragraph(docx, f"Heading {min(max(level, 1), 9)}", text)
    if change:
        for run in paragraph.runs:
            _track_run(run._r, change)
        _track_paragraph_mark(paragraph, change)


def _add_block(docx, block, styles: _Styles) -> None:
    if isinstance(block, Paragraph):
        _add_inlines(styles.paragraph(docx), block.inlines)
    elif isinstance(block, ListBlock):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            _add_inlines(styles.paragraph(docx, style), item)
    elif isinstance(block, Table):
        table = docx.add_table(rows=1 + len(block.rows), cols=max(1, len(block.header)))
        table.style = docx.styles["Table Grid"]
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


def dates_line(doc: Document) -> list[str]:
    """The closing line of a Word document, in parts: when it was published and is next reviewed."""
    if not doc.published:
        return []
    parts = [f"Published {longdate(doc.published)}."]
    return parts + [f" Next review {longdate(doc.next_review)}."] if doc.next_review else parts


def _add_sections(docx, styles: _Styles, sections) -> None:
    for sec in sections:
        if sec.heading:
            _add_heading(docx, styles, sec.heading, sec.level, sec.change)
        for block in sec.blocks:
            _add_block(docx, block, styles)


def render_docx(doc: Document, *, toc: bool = True, preface: Document | None = None) -> bytes:
    """A Word document for ``doc``; headings use Word's Heading styles (level = section level).

    ``preface``: a short document (a summary of changes for governors) on pages of its own first.
    """
    docx = new_docx()
    _style(docx)
    _set_language(docx.styles, doc.lang)
    _properties(docx, doc)
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    styles = _Styles(docx)
    if preface is not None:
        _add_heading(docx, styles, preface.title, 1)
        for block in preface.front_matter:
            _add_block(docx, block, styles)
        _add_sections(docx, styles, preface.sections)
        docx.add_page_break()
    _add_heading(docx, styles, doc.title, 1)
    if doc.subtitle:
        styles.paragraph(docx, None, doc.subtitle)
    for block in doc.front_matter:
        _add_block(docx, block, styles)
    if toc and len(doc.sections) > 3:
        _add_heading(docx, styles, "Contents", 2)
        _field(docx.add_paragraph(), 'TOC \\o "2-3" \\h \\z \\u',
               "Right-click and choose Update Field to show the contents.")
        _update_fields_on_open(docx)
    _add_sections(docx, styles, doc.sections)
    if parts := dates_line(doc):
        p = docx.add_paragraph()
        for part in parts:
            p.add_run(part).italic = True
    _footer(docx, doc)
    buffer = io.BytesIO()
    docx.save(buffer)
    stamp = (doc.published.year, doc.published.month, doc.published.day, 0, 0, 0) if doc.published \
        else (1980, 1, 1, 0, 0, 0)
    return fixed_timestamps(buffer.getvalue(), stamp)
