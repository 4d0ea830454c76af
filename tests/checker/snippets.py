"""Build small Documents from plain-English snippets for the checker's tests (no readers needed).

``# Heading`` starts a section, ``- item`` lines make a list, other lines are paragraphs; each line's
location is "line N" as a reader of a text file would give it.
"""

from __future__ import annotations

from toolkit.document import Document, Inline, ListBlock, Paragraph, Section


def document_from_text(text: str, title: str = "Snippet", doc_type: str = "unknown") -> Document:
    doc = Document(title=title, type=doc_type)
    section = None
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        loc = f"line {n}"
        if stripped.startswith("# "):
            section = Section(stripped[2:].strip(), 2, location=loc)
            doc.sections.append(section)
            continue
        if section is None:
            section = Section("", 2, location=loc)
            doc.sections.append(section)
        if stripped.startswith("- "):
            if section.blocks and isinstance(section.blocks[-1], ListBlock):
                section.blocks[-1].items.append([Inline(stripped[2:])])
            else:
                section.blocks.append(ListBlock([[Inline(stripped[2:])]], location=loc))
        else:
            section.blocks.append(Paragraph([Inline(stripped)], location=loc))
    return doc
