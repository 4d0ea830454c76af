"""This year's document as a Word file with last year's differences as tracked changes (w:ins and
w:del by "sendkit"), the governors' summary on its first page."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..document import Document, Inline, Paragraph, Section
from ..render.docx import dates_line, render_docx, tracked_changes
from .sections import merge_inlines, tracked_document

AUTHOR = "sendkit"


def render_tracked_docx(old: Document, new: Document, summary: Document, when: datetime) -> bytes:
    """Accepting every change in Word gives ``new``'s text; rejecting every change gives ``old``'s."""
    merged = tracked_document(old, new)
    # The closing "Published ..." and "Next review ..." lines change every year: track them like the
    # rest, each a paragraph of its own as render_docx writes them.
    old_parts, new_parts = dates_line(old), dates_line(new)
    closing = []
    for i in range(max(len(old_parts), len(new_parts))):
        before = [Inline(old_parts[i].strip(), italic=True)] if i < len(old_parts) else []
        after = [Inline(new_parts[i].strip(), italic=True)] if i < len(new_parts) else []
        closing.append(Paragraph(merge_inlines(before, after) if before and after else
                                 [replace(x, change="ins") for x in after] + [replace(x, change="del") for x in before]))
    sections = merged.sections + ([Section("", 2, closing)] if closing else [])
    merged = replace(merged, sections=sections, published=None, next_review=None)
    with tracked_changes(AUTHOR, when):
        return render_docx(merged, preface=summary)
