"""Which sections of a document were added, removed or reworded, and this year's document with the
differences marked word by word (the tracked-changes Word file is rendered from it).

Sections are matched by heading, so a section that moved is not reported as removed and added;
inside a matched section, paragraphs and list items are aligned, and those that are alike are
compared word by word. Accepting every change gives this year's text; rejecting every change gives
last year's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher

from ..document import Block, Document, Inline, ListBlock, Paragraph, Section, Table
from .model import SectionChange

_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")
# Two paragraphs at least this alike are one paragraph reworded, not one removed and one added.
_ALIKE = 0.5


def heading_key(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", heading.lower()).strip()


def _sections(doc: Document) -> list[Section]:
    return [s for s in doc.sections if s.heading or s.blocks]


def diff_sections(old: Document, new: Document, document: str) -> list[SectionChange]:
    """Sections added, removed, moved and reworded between two versions of one document."""
    changes: list[SectionChange] = []
    old_sections, new_sections = _sections(old), _sections(new)
    in_place = _in_place(old_sections, new_sections)
    old_by = {heading_key(s.heading): s for s in old_sections}
    new_keys = {heading_key(s.heading) for s in new_sections}
    for section in new_sections:
        key = heading_key(section.heading)
        before = old_by.get(key)
        if before is None:
            changes.append(SectionChange(document, section.heading, "added"))
            continue
        added, removed = _word_counts(_words(before), _words(section))
        if added or removed:
            changes.append(SectionChange(document, section.heading, "reworded", added, removed,
                                         moved=key not in in_place))
        elif key not in in_place:
            changes.append(SectionChange(document, section.heading, "moved"))
    for key, section in old_by.items():
        if key not in new_keys:
            changes.append(SectionChange(document, section.heading, "removed"))
    return changes


def _words(section: Section) -> list[str]:
    return section.text.split()


def _word_counts(old: list[str], new: list[str]) -> tuple[int, int]:
    added = removed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    return added, removed


# ---------------------------------------------------------------------------------------------
# The tracked document

def _in_place(old: list[Section], new: list[Section]) -> set[str]:
    """Headings of the sections in both versions that kept their order (the longest such run);
    the others moved."""
    a = [heading_key(s.heading) for s in old]
    b = [heading_key(s.heading) for s in new]
    shared = set(a) & set(b)
    a, b = [k for k in a if k in shared], [k for k in b if k in shared]
    return {k for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
            for k in a[block.a:block.a + block.size]}


def tracked_document(old: Document, new: Document) -> Document:
    """``new`` with what changed since ``old`` marked: inserted and deleted words (Inline.change)
    and whole sections (Section.change). A section that moved is deleted where it was and inserted
    where it is, as Word would track a cut and paste, so rejecting every change restores last
    year's order too."""
    old_sections, new_sections = _sections(old), _sections(new)
    in_place = _in_place(old_sections, new_sections)
    new_index = {heading_key(s.heading): i for i, s in enumerate(new_sections)}
    # A section removed (or moved away) is shown after the section that came before it last year.
    removed_after: dict[int, list[Section]] = {}
    anchor = -1
    for section in old_sections:
        key = heading_key(section.heading)
        if key in in_place:
            anchor = new_index[key]
        else:
            removed_after.setdefault(anchor, []).append(_whole(section, "del"))
    old_by = {heading_key(s.heading): s for s in old_sections}
    merged: list[Section] = list(removed_after.get(-1, []))
    for i, section in enumerate(new_sections):
        key = heading_key(section.heading)
        if key in in_place:
            merged.append(replace(section, blocks=_merge_blocks(old_by[key].blocks, section.blocks)))
        else:
            merged.append(_whole(section, "ins"))
        merged.extend(removed_after.get(i, []))
    return replace(new, sections=merged,
                   front_matter=_merge_blocks(old.front_matter, new.front_matter))


def _whole(section: Section, change: str) -> Section:
    return replace(section, change=change, blocks=[_mark_block(b, change) for b in section.blocks])


def _mark(inlines: list[Inline], change: str) -> list[Inline]:
    return [replace(i, change=change) for i in inlines]


def _mark_block(block: Block, change: str) -> Block:
    if isinstance(block, Paragraph):
        return replace(block, inlines=_mark(block.inlines, change))
    if isinstance(block, ListBlock):
        return replace(block, items=[_mark(item, change) for item in block.items])
    return _table_rows(block, change)


def _table_rows(table: Table, change: str) -> Block:
    """A changed table is tracked row by row, as lines of text: Word cannot track a whole table
    inserted or deleted the way it tracks words."""
    rows = ([table.header] if table.header else []) + table.rows
    return ListBlock([[Inline(" | ".join(row), change=change)] for row in rows])


# A unit is one paragraph or one list item: (kind, inlines, template block).
def _units(blocks: list[Block]) -> list[tuple[str, list[Inline], Block]]:
    units = []
    for block in blocks:
        if isinstance(block, Paragraph):
            units.append(("p", block.inlines, block))
        elif isinstance(block, ListBlock):
            units.extend(("o" if block.ordered else "u", item, block) for item in block.items)
        else:
            rows = ([block.header] if block.header else []) + block.rows
            units.extend(("t", [Inline(" | ".join(row))], block) for row in rows)
    return units


def _text(inlines: list[Inline]) -> str:
    return "".join(i.text for i in inlines)


def _merge_blocks(old: list[Block], new: list[Block]) -> list[Block]:
    old_units, new_units = _units(old), _units(new)
    if [(k, _text(i)) for k, i, _ in old_units] == [(k, _text(i)) for k, i, _ in new_units]:
        return list(new)  # unchanged: keep the blocks as they are (tables stay tables)
    merged: list[tuple[str, list[Inline], Block]] = []
    matcher = SequenceMatcher(None, [_text(i) for _, i, _ in old_units],
                              [_text(i) for _, i, _ in new_units], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            merged.extend(new_units[j1:j2])
            continue
        olds, news = old_units[i1:i2], new_units[j1:j2]
        while olds or news:
            if olds and news and olds[0][0] == news[0][0] and \
                    SequenceMatcher(None, _text(olds[0][1]), _text(news[0][1])).ratio() >= _ALIKE:
                kind, inlines, block = news.pop(0)
                merged.append((kind, merge_inlines(olds.pop(0)[1], inlines), block))
            elif olds and (not news or len(olds) >= len(news)):
                kind, inlines, block = olds.pop(0)
                merged.append((kind, _mark(inlines, "del"), block))
            else:
                kind, inlines, block = news.pop(0)
                merged.append((kind, _mark(inlines, "ins"), block))
    return _blocks(merged)


def _blocks(units: list[tuple[str, list[Inline], Block]]) -> list[Block]:
    """Units back into blocks: neighbouring items of one kind of list form one list."""
    blocks: list[Block] = []
    kinds: list[str] = []  # a table's rows ("t") are not merged into a bulleted list beside them
    for kind, inlines, template in units:
        if kind == "p":
            blocks.append(replace(template, inlines=inlines))
        elif kinds and kinds[-1] == kind:
            blocks[-1].items.append(inlines)
        else:
            blocks.append(ListBlock([inlines], ordered=kind == "o", location=template.location))
        kinds.append(kind)
    return blocks


def _tokens(inlines: list[Inline]) -> list[tuple[str, Inline]]:
    return [(m.group(), inline) for inline in inlines for m in _TOKEN.finditer(inline.text)]


def merge_inlines(old: list[Inline], new: list[Inline]) -> list[Inline]:
    """One paragraph's words, old and new, with insertions and deletions marked; formatting and
    links come from the version each word belongs to."""
    a, b = _tokens(old), _tokens(new)
    out: list[Inline] = []

    def emit(tokens: list[tuple[str, Inline]], change: str | None) -> None:
        for text, source in tokens:
            last = out[-1] if out else None
            if last and last.change == change and (last.bold, last.italic, last.href, last.marker) == \
                    (source.bold, source.italic, source.href, source.marker):
                last.text += text
            else:
                out.append(replace(source, text=text, change=change))

    matcher = SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    for op, i1, i2, j1, j2 in _whole_phrases(matcher.get_opcodes(), a):
        if op == "equal":
            emit(b[j1:j2], None)
        else:
            emit(a[i1:i2], "del")
            emit(b[j1:j2], "ins")
    return out


def _whole_phrases(opcodes: list[tuple], a: list[tuple[str, Inline]]) -> list[tuple]:
    """Changes separated only by spaces become one change: "~~Mrs Priya Sharma~~ Mr Daniel Okafor",
    not "~~Mrs~~Mr ~~Priya~~Daniel ~~Sharma~~Okafor", which a governor cannot read."""
    out: list[list] = []
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = (op == "equal" and 0 < n < len(opcodes) - 1
                           and all(not t.strip() for t, _ in a[i1:i2]))
        if out and out[-1][0] != "equal" and (op != "equal" or between_changes):
            out[-1] = ["replace", out[-1][1], i2, out[-1][3], j2]
        else:
            out.append([op, i1, i2, j1, j2])
    return [tuple(o) for o in out]
