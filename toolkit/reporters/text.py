"""The text report, for people: per document, the requirements grouped by verdict, then notes.

Colour comes from ``click.style`` and only when the caller says the output is a terminal.
"""

from __future__ import annotations

import textwrap

import click

from ..checker.findings import CheckRun, DocumentReport, Finding

GROUPS = (("missing", "Missing"), ("partial", "Partial"), ("present", "Present"),
          ("not_applicable", "Not applicable"))
COLOURS = {"missing": "red", "partial": "yellow", "present": "green", "not_applicable": "bright_black",
           "error": "red", "note": "cyan"}
TYPE_NAMES = {"sen-information-report": "SEN information report", "send-policy": "SEND policy",
              "combined": "SEND policy and SEN information report"}
WIDTH = 100
INDENT = " " * 6


def _style(text: str, kind: str, color: bool, bold: bool = False) -> str:
    return click.style(text, fg=COLOURS.get(kind), bold=bold) if color else text


def _wrap(text: str, indent: str = INDENT) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) or []


def _finding_lines(f: Finding, color: bool) -> list[str]:
    head = f"  {f.id:<18} {f.force:<6} {f.title}"
    lines = [_style(head, f.status, color) if f.status in ("missing", "partial") else head]
    if f.status == "present":
        # Present items are the long list: one line each, with where the evidence is.
        if f.evidence:
            lines[0] += f"  ({f.evidence[0].location})"
        return lines
    if f.message:
        lines += _wrap(f.message)
    if f.waived:
        lines += _wrap(f"WAIVED until {f.waived.get('expires')}: {f.waived.get('reason')}")
    for ev in f.evidence[:2]:
        quote = f" “{ev.text}”" if ev.text else ""
        lines += _wrap(f"at {ev.location}:{quote}")
    return lines


def _summary(doc: DocumentReport) -> str:
    counts = doc.summary
    parts = [f"{counts['present']} present", f"{counts['partial']} partial", f"{counts['missing']} missing",
             f"{counts['not_applicable']} not applicable"]
    waived = sum(1 for f in doc.results if f.waived)
    if waived:
        parts.append(f"{waived} waived")
    failing_must = sum(1 for f in doc.results
                       if f.force == "must" and f.status in ("missing", "partial") and not f.waived)
    tail = f"; {failing_must} MUST item{'s' if failing_must != 1 else ''} not met" if failing_must else ""
    if doc.notes:
        tail += f"; {len(doc.notes)} note{'s' if len(doc.notes) != 1 else ''}"
    return ", ".join(parts) + tail


def _readability(data: dict) -> str | None:
    score = data.get("flesch_reading_ease")
    if score is None:
        return None
    verdict = "plain English" if data.get("plain_english", score >= 60) else "harder than plain English (aim for 60+)"
    words = data.get("words")
    return (f"Readability: Flesch reading ease {score:.1f}, {verdict}"
            + (f" ({words:,} words)" if isinstance(words, int) else ""))


def render_document(doc: DocumentReport, *, color: bool = False) -> list[str]:
    """The lines for one document."""
    if doc.error is not None:
        shown = doc.error if doc.error.startswith(doc.path) else f"{doc.path}: {doc.error}"
        return [_style(f"ERROR {shown}", "error", color, bold=True)]
    kind = TYPE_NAMES.get(doc.type or "", doc.type or "document of unknown type")
    lines = [_style(f"{doc.path}", "", color, bold=True) + f"  ({kind})"]
    for status, label in GROUPS:
        group = [f for f in doc.results if f.status == status]
        if not group:
            continue
        lines.append(_style(f" {label} ({len(group)})", status, color, bold=True))
        for f in group:
            lines += _finding_lines(f, color)
    if doc.notes:
        lines.append(_style(f" Notes ({len(doc.notes)})", "note", color, bold=True))
        for n in doc.notes:
            where = f" [{n.location}]" if n.location else ""
            lines += _wrap(f"{n.kind}{where}: {n.message}", "  ")
            if n.text:
                lines += _wrap(f"“{n.text}”")
    if doc.readability:
        line = _readability(doc.readability)
        if line:
            lines.append(" " + line)
    lines.append(" Summary: " + _summary(doc))
    return lines


def render(run: CheckRun, *, color: bool = False) -> str:
    """The whole run: each document, then one overall line."""
    return "".join(render_block(doc, color=color) for doc in run.documents) + render_overall(run, color=color)


def render_block(doc: DocumentReport, *, color: bool = False) -> str:
    """One document's lines and the blank line after them, as ``render`` prints them (for streaming)."""
    return "\n".join(render_document(doc, color=color)) + "\n\n"


def render_overall(run: CheckRun, *, color: bool = False) -> str:
    """The closing line over every document of ``run``."""
    out: list[str] = []
    errors = sum(1 for d in run.documents if d.error is not None)
    checked = [d for d in run.documents if d.error is None]
    totals = {s: sum(d.summary[s] for d in checked) for s, _ in GROUPS}
    failing = sum(1 for d in checked if any(f.force == "must" and f.status in ("missing", "partial")
                                            and not f.waived for f in d.results))
    n = len(run.documents)
    overall = (f"Overall: {n} document{'s' if n != 1 else ''} (edition {run.edition}, as of {run.as_of}): "
               f"{totals['present']} present, {totals['partial']} partial, {totals['missing']} missing, "
               f"{totals['not_applicable']} not applicable; {failing} with MUST items not met")
    if errors:
        overall += f"; {errors} could not be checked"
    out.append(_style(overall, "error" if errors or failing else "present", color, bold=True))
    return "\n".join(out) + "\n"
