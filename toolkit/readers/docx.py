"""Read a Word .docx into sections with python-docx, safely.

Heading styles (Title, Heading 1-6, or any style with an outline level) give levels. Documents
without heading styles get headings from short bold or numbered paragraphs. Schools often publish
their SEN information report as a question/answer table: each row becomes a section (heading = the
question, body = the answer). Other tables become Table blocks. The body is read in document order,
paragraphs and tables interleaved. The zip is checked before python-docx opens it.
"""

from __future__ import annotations


import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..document import Document, Inline, Paragraph, Table
from ..errors import InputError
from .structure import (
    SectionBuilder,
    address_hidden,
    level_from_numbering,
    link_address,
    looks_like_heading_text,
    looks_like_numbered_heading,
    normalise_space,
    numbering,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TAG_P = f"{{{W}}}p"
_TAG_TBL = f"{{{W}}}tbl"
_TAG_SDT = f"{{{W}}}sdt"
_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_FIELD_LINK = re.compile(r'HYPERLINK\s+"([^"]+)"')
_JUNK_TITLE = re.compile(r"^(untitled|document\d*|microsoft word.*|.*\.docx?)$", re.IGNORECASE)
MAX_ZIP_ENTRIES = 5000


def check_zip(data: bytes, name: str, *, max_unzipped: int, max_ratio: int) -> None:
    """Refuse what is not a zip, a zip bomb, or a zip without a Word document inside."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = "; an old .doc must be saved as .docx" if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" else ""
        raise InputError(f"{name}: not a Word .docx file (not a zip archive{hint})")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{name}: damaged .docx ({exc})") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputError(f"{name}: looks like a zip bomb ({len(infos)} files inside)")
    total = sum(info.file_size for info in infos)
    if total > max_unzipped:
        raise InputError(f"{name}: looks like a zip bomb (expands to {total / 1024 / 1024:.0f} MB)")
    for info in infos:
        # Real Word XML compresses about 10:1; a part that compresses 200:1 and is large is a bomb.
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InputError(f"{name}: looks like a zip bomb ({info.filename} compresses "
                             f"{info.file_size // max(info.compress_size, 1)}:1)")
    if "word/document.xml" not in {info.filename for info in infos}:
        raise InputError(f"{name}: not a Word document (a zip without word/document.xml)")


def read_docx(data: bytes, *, source: str, name: str, options) -> Document:
    """Read .docx bytes into a Document; InputError for anything that is not a readable Word file."""
    import docx  # python-docx; imported here so the other readers do not pay for it
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data, name, max_unzipped=options.max_unzipped_bytes, max_ratio=options.max_zip_ratio)
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(f"{name}: not a readable Word document ({normalise_space(str(exc))[:120]})") from None
    try:
        return _Reader(word).read(source)
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{name}: damaged Word document ({normalise_space(str(exc))[:120]})") from None


@dataclass
class _Para:
    """One paragraph as the reader needs it."""

    inlines: list[Inline]
    style_level: int | None  # from a heading style or outline level, before mapping
    title_style: bool
    all_bold: bool
    list_kind: str | None  # "bullet", "ordered" or None

    @property
    def text(self) -> str:
        return normalise_space("".join(i.text for i in self.inlines))


@dataclass
class _Reader:
    word: object
    builder: SectionBuilder = field(default_factory=SectionBuilder)
    paragraph_count: int = 0
    table_count: int = 0
    has_styles: bool = False  # any heading or Title style in use
    shift: int = 1  # Heading N -> level N + shift
    _styles: dict = field(default_factory=dict)
    _style_names: dict = field(default_factory=dict)  # style ID -> name, lower case
    _numbering: dict = field(default_factory=dict)

    def read(self, source: str) -> Document:
        body = list(_body_elements(self.word.element.body))
        paras = {id(el): self._para(el) for el in body if el.tag == _TAG_P}
        styled = [p for p in paras.values() if p.text and (p.style_level or p.title_style)]
        self.has_styles = bool(styled)
        uses_title = any(p.title_style for p in styled)
        h1 = [p for p in styled if p.style_level == 1]
        # Heading 1 once at the top is the document title; otherwise Heading N is level N+1.
        self.shift = 0 if (not uses_title and len(h1) == 1 and styled[0] is h1[0]) else 1
        title = None
        for el in body:
            if el.tag == _TAG_P:
                para = paras[id(el)]
                if not para.text:
                    continue
                self.paragraph_count += 1
                level = self._level(para)
                if level == 1 and title is None:
                    title = para.text
                self._emit(para, level, f"paragraph {self.paragraph_count}")
            elif el.tag == _TAG_TBL:
                self.table_count += 1
                self._table(el, f"table {self.table_count}")
        core_title = normalise_space(self.word.core_properties.title or "")
        if len(core_title) < 4 or _JUNK_TITLE.match(core_title):
            core_title = ""
        return self.builder.build(source=source, title=core_title or title)

    # -- paragraphs --------------------------------------------------------------------------

    def _para(self, el) -> _Para:
        from docx.text.hyperlink import Hyperlink
        from docx.text.paragraph import Paragraph as DocxParagraph

        para = DocxParagraph(el, self.word)  # the parent only needs `.part`, to resolve link targets
        style_id = el.pPr.pStyle.val if el.pPr is not None and el.pPr.pStyle is not None else None
        style_level, title_style, style_bold = self._style_info(style_id)
        outline = el.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
        if outline is not None and (v := outline.get(f"{{{W}}}val", "")).isdigit() and int(v) < 6:
            style_level = int(v) + 1
        inlines: list[Inline] = []
        bold_chars = plain_chars = 0
        for item in para.iter_inner_content():
            runs = item.runs if isinstance(item, Hyperlink) else [item]
            href = item.url or None if isinstance(item, Hyperlink) else None
            for run in runs:
                text = run.text.replace("\t", " ")
                if not text:
                    continue
                bold = run.bold if run.bold is not None else bool(style_bold)
                if text.strip():
                    if bold:
                        bold_chars += len(text.strip())
                    else:
                        plain_chars += len(text.strip())
                inlines.append(Inline(text, bold=bool(bold), italic=bool(run.italic), href=href))
            if href and address_hidden(href, "".join(r.text for r in runs)):
                inlines.append(Inline(f" ({link_address(href)})", href=href))
        # Links made with a HYPERLINK field keep their address in the field code, not in a w:hyperlink.
        shown = "".join(i.text for i in inlines)
        for instr in el.iter(f"{{{W}}}instrText"):
            m = _FIELD_LINK.search(instr.text or "")
            if m and address_hidden(m.group(1), shown):
                inlines.append(Inline(f" ({link_address(m.group(1))})", href=m.group(1)))
        return _Para(
            inlines=_trim(inlines),
            style_level=style_level,
            title_style=title_style,
            all_bold=bold_chars > 0 and plain_chars == 0,
            list_kind=self._list_kind(el, style_id),
        )

    def _style_info(self, style_id: str | None) -> tuple[int | None, bool, bool]:
        """(heading level, is Title, is bold) of a paragraph style, following based-on styles."""
        if style_id in self._styles:
            return self._styles[style_id]
        level, title, bold = None, False, False
        try:
            style = self.word.styles.get_by_id(style_id, 1) if style_id else self.word.styles.default(1)
        except (KeyError, ValueError):
            style = None
        depth = 0
        while style is not None and depth < 8:
            name = (style.name or "").strip()
            if level is None and (m := _HEADING_STYLE.match(name)):
                level = int(m.group(1))
            if name.lower() == "title":
                title = True
            outline = style.element.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
            if level is None and outline is not None and (v := outline.get(f"{{{W}}}val", "")).isdigit() and int(v) < 6:
                level = int(v) + 1
            if style.font.bold and not bold:
                bold = True
            style = style.base_style
            depth += 1
        self._styles[style_id] = (level, title, bold)
        return self._styles[style_id]

    def _style_name(self, style_id: str) -> str:
        """A paragraph style's name, once per style: python-docx scans every style on each lookup."""
        names = self._style_names
        if style_id not in names:
            try:
                names[style_id] = (self.word.styles.get_by_id(style_id, 1).name or "").lower()
            except (KeyError, ValueError):
                names[style_id] = ""
        return names[style_id]

    def _list_kind(self, el, style_id: str | None) -> str | None:
        num = el.find(f"{{{W}}}pPr/{{{W}}}numPr")
        name = self._style_name(style_id) if style_id else ""
        if num is None:
            if name.startswith("list number"):
                return "ordered"
            return "bullet" if name.startswith(("list bullet", "list paragraph")) else None
        num_id = num.find(f"{{{W}}}numId")
        ilvl = num.find(f"{{{W}}}ilvl")
        fmt = self._number_format(num_id.get(f"{{{W}}}val") if num_id is not None else None,
                                  ilvl.get(f"{{{W}}}val", "0") if ilvl is not None else "0")
        if fmt is None and num_id is not None and num_id.get(f"{{{W}}}val") == "0":
            return None  # numId 0 switches numbering off
        return "bullet" if fmt in (None, "bullet", "none") else "ordered"

    def _number_format(self, num_id: str | None, ilvl: str) -> str | None:
        if not self._numbering:
            try:
                root = self.word.part.numbering_part.element
            except (NotImplementedError, KeyError, AttributeError):
                root = None
            abstract = {}
            formats: dict[str, dict[str, str]] = {}
            if root is not None:
                for a in root.iter(f"{{{W}}}abstractNum"):
                    abstract[a.get(f"{{{W}}}abstractNumId")] = {
                        lvl.get(f"{{{W}}}ilvl"): (lvl.find(f"{{{W}}}numFmt").get(f"{{{W}}}val")
                                                  if lvl.find(f"{{{W}}}numFmt") is not None else "bullet")
                        for lvl in a.iter(f"{{{W}}}lvl")
                    }
                for n in root.iter(f"{{{W}}}num"):
                    ref = n.find(f"{{{W}}}abstractNumId")
                    if ref is not None:
                        formats[n.get(f"{{{W}}}numId")] = abstract.get(ref.get(f"{{{W}}}val"), {})
            self._numbering = formats or {"": {}}
        return self._numbering.get(num_id or "", {}).get(ilvl)

    def _level(self, para: _Para) -> int | None:
        """The section level of a heading paragraph, or None for body text."""
        if para.title_style:
            return 1
        if para.style_level:
            return min(6, para.style_level + self.shift)
        if self.has_styles or para.list_kind:
            return None
        text = para.text
        # No heading styles at all: short bold lines and short numbered lines are the headings.
        if para.all_bold and looks_like_heading_text(text, max_chars=110):
            return level_from_numbering(text) if numbering(text) and "." in numbering(text)[0] else 2
        if looks_like_numbered_heading(text) and not text.endswith("."):
            return level_from_numbering(text) or 2
        return None

    def _emit(self, para: _Para, level: int | None, location: str) -> None:
        if level is not None:
            self.builder.heading(para.text, level, location=location)
        elif para.list_kind:
            self.builder.list_item(para.inlines, location=location, ordered=para.list_kind == "ordered")
        else:
            self.builder.add(Paragraph(para.inlines, location=location))

    # -- tables --------------------------------------------------------------------------------

    def _table(self, tbl, location: str) -> None:
        rows = [_row_cells(tr) for tr in tbl.iterchildren(f"{{{W}}}tr")]
        rows = [r for r in rows if any(_cell_text(c) for c in r)]
        if not rows:
            return
        width = max(len(r) for r in rows)
        if width == 1:
            # A one-column table is a box around ordinary text: read it as body.
            for n, row in enumerate(rows, 1):
                self._cell_body(row[0], f"{location}, row {n}", allow_headings=True)
            return
        if _is_question_answer(rows):
            self._question_answer(rows, location)
            return
        texts = [[_cell_text(c) for c in r] for r in rows]
        header = texts[0] if len(texts) > 1 and all(len(t.split()) <= 8 for t in texts[0]) else []
        body = texts[1:] if header else texts
        self.builder.add(Table(header=header, rows=body, location=location))

    def _question_answer(self, rows: list[list], location: str) -> None:
        current = self.builder.sections[-1].level if self.builder.sections else 1
        level = min(6, max(2, current + 1))
        for n, row in enumerate(rows, 1):
            where = f"{location}, row {n}"
            left = _cell_text(row[0])
            if n == 1 and len(row) == 2 and len(_cell_text(row[1]).split()) <= 3 and not left.endswith("?"):
                # A header row ("Question | Answer") labels the columns; keep its text, not as a section.
                self.builder.paragraph(" | ".join(_cell_text(c) for c in row), location=where)
                continue
            if len(row) == 1 or not any(_cell_text(c) for c in row[1:]):
                # A row spanning the table: a sub-title when short, otherwise text of the current section.
                if looks_like_heading_text(left):
                    self.builder.heading(left, max(2, level - 1), location=where)
                else:
                    self._cell_body(row[0], where, allow_headings=False)
                continue
            if not left:
                for cell in row[1:]:
                    self._cell_body(cell, where, allow_headings=False)
                continue
            self.builder.heading(left, level, location=where)
            for cell in row[1:]:
                self._cell_body(cell, where, allow_headings=False)

    def _cell_body(self, tc, location: str, *, allow_headings: bool) -> None:
        for el in _body_elements(tc):
            if el.tag == _TAG_P:
                para = self._para(el)
                if not para.text:
                    continue
                level = self._level(para) if allow_headings else None
                self._emit(para, level, location)
            elif el.tag == _TAG_TBL:
                self._table(el, location)


def _body_elements(parent):
    """Paragraphs and tables of a body or cell in document order, looking inside content controls."""
    for el in parent.iterchildren():
        if el.tag in (_TAG_P, _TAG_TBL):
            yield el
        elif el.tag == _TAG_SDT:
            content = el.find(f"{{{W}}}sdtContent")
            if content is not None:
                yield from _body_elements(content)


def _row_cells(tr) -> list:
    """The cells of a row, without the continuation cells of vertical merges."""
    cells = []
    for tc in tr.iterchildren(f"{{{W}}}tc"):
        vmerge = tc.find(f"{{{W}}}tcPr/{{{W}}}vMerge")
        if vmerge is not None and vmerge.get(f"{{{W}}}val") in (None, "continue") and not _cell_text(tc):
            continue
        cells.append(tc)
    return cells


def _cell_text(tc) -> str:
    parts = []
    for p in tc.iter(_TAG_P):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        if text.strip():
            parts.append(normalise_space(text))
    return "\n".join(parts)


def _is_question_answer(rows: list[list]) -> bool:
    """Two columns, questions or short labels on the left, the longer answers on the right."""
    pairs = [r for r in rows if len(r) == 2]
    if len(pairs) < 2 or len(pairs) < 0.6 * len(rows):
        return False
    lefts = [_cell_text(r[0]) for r in pairs]
    rights = [_cell_text(r[1]) for r in pairs]
    labels = sum(1 for t in lefts if t and (t.endswith("?") or looks_like_heading_text(t.replace("\n", " "))
                                           or (t.endswith(":") and len(t.split()) <= 12)))
    if labels < 0.6 * len(pairs):
        return False
    # Answers are longer than questions; a two-column table of short facts stays a table.
    right_words = sum(len(t.split()) for t in rights)
    return right_words > 1.5 * sum(len(t.split()) for t in lefts) and right_words / len(pairs) >= 8


def _trim(inlines: list[Inline]) -> list[Inline]:
    """Inlines without leading and trailing whitespace, whitespace runs collapsed."""
    out = []
    for inline in inlines:
        inline.text = re.sub(r"[ \u00a0]{2,}", " ", inline.text)
        out.append(inline)
    if out:
        out[0].text = out[0].text.lstrip()
        out[-1].text = out[-1].text.rstrip()
    return [i for i in out if i.text]
