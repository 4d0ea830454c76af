"""One verdict whatever the format: every example and test profile's documents, built as HTML, Word and PDF
and written as Markdown and plain text of the same content, get the same status for every requirement.

A difference fails with the requirement, both formats and both evidences: it is a reader (or the
checker's re-sectioning) losing or inventing something a parent would read the same in any format.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from toolkit.build import render_document
from toolkit.checker.engine import CheckOptions, check_document
from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose_documents
from toolkit.document import Document, Inline, ListBlock, Paragraph, Table
from toolkit.profile import load_profile
from toolkit.readers import read_document
from toolkit.resources import data_dir

AS_OF = date(2026, 11, 22)
TYPES = ("send-policy", "sen-information-report")
FORMATS = ("html", "docx", "pdf", "md", "txt")


def _profiles() -> list[Path]:
    """The bundled example schools, and the trust's schools (each a profile that extends trust.yaml)."""
    examples = data_dir("school_profiles")
    found = [p for p in sorted(examples.glob("*.yaml")) if "pupils" not in p.name and "term-dates" not in p.name]
    trust = examples / "northshire-learning-trust"
    found += [p for p in sorted(trust.glob("*.yaml")) if p.name not in ("trust.yaml", "term-dates.yaml")]
    return found


# ------------------------------------------------------------------ Markdown and plain text writers
def _md_inline(inlines: list[Inline]) -> str:
    out = []
    for i in inlines:
        text = i.text
        if i.href and text.strip():
            text = f"[{text}]({i.href})"
        if i.bold and text.strip():
            text = f"**{text.strip()}**" + (" " if i.text.endswith(" ") else "")
        out.append(text)
    return "".join(out)


def _plain_inline(inlines: list[Inline]) -> str:
    out = []
    for i in inlines:
        # A plain-text copy of a link keeps its address, as a person pasting it would.
        out.append(f"{i.text} ({i.href})" if i.href and i.href not in i.text and not i.href.startswith("#")
                   else i.text)
    return "".join(out)


def _blocks(blocks, inline, bullet: str, table_row) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            lines += [inline(b.inlines), ""]
        elif isinstance(b, ListBlock):
            for n, item in enumerate(b.items, start=1):
                lines.append((f"{n}. " if b.ordered else bullet) + inline(item))
            lines.append("")
        elif isinstance(b, Table):
            for row in ([b.header] if b.header else []) + b.rows:
                lines.append(table_row(row))
            lines.append("")
    return lines


def to_markdown(doc: Document) -> str:
    lines = [f"# {doc.title}", ""]
    if doc.subtitle:
        lines += [doc.subtitle, ""]
    lines += _blocks(doc.front_matter, _md_inline, "- ", lambda r: "| " + " | ".join(r) + " |")
    for s in doc.sections:
        lines += ["#" * max(2, s.level) + " " + s.heading, ""]
        lines += _blocks(s.blocks, _md_inline, "- ", lambda r: "| " + " | ".join(r) + " |")
    return "\n".join(lines)


def to_text(doc: Document) -> str:
    lines = [doc.title, ""]
    if doc.subtitle:
        lines += [doc.subtitle, ""]
    lines += _blocks(doc.front_matter, _plain_inline, "• ", "\t".join)
    for s in doc.sections:
        lines += [s.heading, ""]
        lines += _blocks(s.blocks, _plain_inline, "• ", "\t".join)
    return "\n".join(lines)


# ------------------------------------------------------------------ the builds
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str, str], dict[str, Path]]:
    """(profile stem, document type, setting) -> {format: file}: each document written in every format."""
    pytest.importorskip("weasyprint")
    folder = tmp_path_factory.mktemp("formats")
    library = bundled_library()
    outlines = [bundled_outline(t, library) for t in TYPES]
    out: dict[tuple[str, str, str], dict[str, Path]] = {}
    for path in _profiles():
        profile = load_profile(path)
        for composed in compose_documents(profile, library, outlines):
            doc = composed.document
            files = {}
            rendered = render_document(doc, ("html", "docx", "pdf"))
            rendered["md"] = to_markdown(doc).encode("utf-8")
            rendered["txt"] = to_text(doc).encode("utf-8")
            for fmt, data in rendered.items():
                target = folder / f"{profile.slug}-{doc.type}.{fmt}"
                target.write_bytes(data)
                files[fmt] = target
            out[(path.stem, doc.type, profile.setting)] = files
    return out


def _cases():
    for path in _profiles():
        for t in TYPES:
            yield pytest.param(path.stem, t, id=f"{path.stem}: {t}")


@pytest.mark.parametrize("stem, doc_type", list(_cases()))
def test_every_format_gets_the_same_verdicts(built, stem, doc_type):
    (key, files), = [(k, v) for k, v in built.items() if k[0] == stem and k[1] == doc_type]
    setting = key[2]
    reports = {}
    for fmt in FORMATS:
        doc = read_document(files[fmt])
        reports[fmt] = {f.id: f for f in check_document(doc, CheckOptions(doc_type=doc_type, setting=setting,
                                                                          as_of=AS_OF)).results}
    base = reports["html"]
    differences = []
    for fmt in FORMATS[1:]:
        for rid, finding in base.items():
            other = reports[fmt][rid]
            if other.status != finding.status:
                differences.append(
                    f"{rid}: html {finding.status} ({finding.message}; "
                    f"{[e.location + ': ' + e.text for e in finding.evidence[:1]]}) but {fmt} {other.status} "
                    f"({other.message}; {[e.location + ': ' + e.text for e in other.evidence[:1]]})")
    assert not differences, "\n".join(differences)


def test_the_writers_keep_every_word():
    doc = Document("A title", "sen-information-report")
    from toolkit.document import Section
    doc.sections.append(Section("Who to contact", 2, [
        Paragraph([Inline("Email "), Inline("the office", href="mailto:office@example.sch.uk"), Inline(".")]),
        ListBlock([[Inline("First")], [Inline("Second", bold=True)]]),
    ]))
    md, txt = to_markdown(doc), to_text(doc)
    assert "## Who to contact" in md and "[the office](mailto:office@example.sch.uk)" in md and "- **Second**" in md
    assert "Who to contact" in txt and "the office (mailto:office@example.sch.uk)" in txt and "• Second" in txt
