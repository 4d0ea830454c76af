"""The plain-English summary for governors, as the one document model (rendered to Markdown, HTML
and the first page of each tracked-changes Word file)."""

from __future__ import annotations

from datetime import date

from ..dates import long_date
from ..document import Document, Inline, ListBlock, Paragraph, Section
from .model import Changes

DOCUMENT_NAMES = {"send-policy": "SEND policy", "sen-information-report": "SEN information report",
                  "combined": "SEND policy and information report", "letter": "letter"}


def _para(text: str, bold: bool = False) -> Paragraph:
    return Paragraph([Inline(text, bold=bold)])


def _items(lines: list[str]) -> ListBlock:
    return ListBlock([[Inline(line)] for line in lines])


def summary_document(changes: Changes) -> Document:
    """What changed, facts first, then sections, then statutory items (lost ones first), then the
    catalogue edition and the approval record."""
    name = changes.school or "the school"
    doc = Document(title=f"What changed since last year: {name}", type="unknown",
                   subject="Summary of changes for governors", author=changes.school)
    lead = [_para(f"This compares {changes.old_source} (last year) with {changes.new_source} (this year).")]
    lead += [_para(f"Note: {w}") for w in changes.warnings]
    if changes.empty:
        lead.append(_para("Nothing changed: the facts, the wording and the statutory items are the same.",
                          bold=True))
    doc.front_matter = lead

    if changes.facts:
        doc.sections.append(Section("Facts that changed", 2, [_items([f.sentence() for f in changes.facts])]))
    elif changes.kind != "documents":
        doc.sections.append(Section("Facts that changed", 2, [_para("No facts changed.")]))

    by_document: dict[str, list[str]] = {}
    for s in changes.sections:
        by_document.setdefault(s.document, []).append(s.sentence())
    blocks = []
    for document, lines in by_document.items():
        blocks += [_para(f"{DOCUMENT_NAMES.get(document, document)}:", bold=True), _items(lines)]
    doc.sections.append(Section("Sections added, removed or reworded", 2,
                                blocks or [_para("No section was added, removed or reworded.")]))

    lost = [c for c in changes.ordered_coverage() if c.lost]
    other = [c for c in changes.ordered_coverage() if not c.lost]
    blocks = []
    if lost:
        blocks += [_para("Now missing or weaker: check these first.", bold=True),
                   _items([f"{DOCUMENT_NAMES.get(c.document, c.document)}: {c.sentence()}" for c in lost])]
    if other:
        blocks += [_para("Other changes:"),
                   _items([f"{DOCUMENT_NAMES.get(c.document, c.document)}: {c.sentence()}" for c in other])]
    doc.sections.append(Section("Statutory items", 2,
                                blocks or [_para("Every statutory item has the same status as last year.")]))

    if changes.edition:
        doc.sections.append(Section("The law these documents are checked against", 2, [_para(
            f"The requirement catalogue moved from edition {changes.edition[0]} to {changes.edition[1]}.")]))
    if changes.approval:
        a = changes.approval
        by = f" by {a['approved_by']}" if a.get("approved_by") else ""
        text = f"This year's SEND policy records approval{by} on {long_date(date.fromisoformat(a['approved_on']))}"
        text += f" (minute {a['minute_reference']})." if a.get("minute_reference") else "."
        if a.get("next_review"):
            text += f" Its next review is due by {long_date(date.fromisoformat(a['next_review']))}."
        doc.sections.append(Section("Approval", 2, [_para(text)]))
    return doc
