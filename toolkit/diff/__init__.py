"""`sendkit diff`: what changed since last year, for the governors who approve the documents.

OLD and NEW are two profiles, two build folders (one school's, or a trust's with a folder per
school), or two built documents of the same format. :func:`compare` gives the changes as data;
:func:`write_changes` writes changes.md, changes.html, changes.json and, for each document, this
year's Word file with the differences as tracked changes and the summary as its first page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..errors import InputError, display_path
from ..readers import EXTENSIONS
from .facts import diff_facts
from .model import Changes, CoverageChange, DocumentPair, SectionChange
from .sections import diff_sections
from .sources import BUILD_FILE, Side, kind_of, load_side
from .summary import DOCUMENT_NAMES, summary_document
from .tracked import render_tracked_docx

__all__ = ["Changes", "DiffResult", "compare", "write_changes"]


@dataclass
class DiffResult:
    """One school's changes, or a trust's: each school's, and the schools added or removed."""

    old_source: str
    new_source: str
    schools: list[Changes] = field(default_factory=list)
    trust: dict[str, Any] | None = None  # for two trust builds: schools added/removed, own wording

    @property
    def empty(self) -> bool:
        return all(c.empty for c in self.schools) and not (self.trust and (self.trust["added"] or
                                                                           self.trust["removed"]))


def compare(old: Path, new: Path, as_of: date | None = None) -> DiffResult:
    """Compare two versions; an :class:`InputError` when they cannot be compared."""
    as_of = as_of or date.today()
    old, new = Path(old), Path(new)
    old_kind, new_kind = kind_of(old), kind_of(new)
    if old_kind != new_kind:
        raise InputError(f"{display_path(old)} is a {_KIND_WORDS[old_kind]} but {display_path(new)} is a "
                         f"{_KIND_WORDS[new_kind]}: compare two of the same kind (two profiles, two build "
                         "folders or two documents)")
    if old_kind == "document":
        old_format, new_format = EXTENSIONS[old.suffix.lower()], EXTENSIONS[new.suffix.lower()]
        if old_format != new_format:
            raise InputError(f"{display_path(old)} is {old_format.upper()} but {display_path(new)} is "
                             f"{new_format.upper()}: compare two documents of the same format (the same "
                             "text in two formats reads differently, and would show changes that are not there)")
    result = DiffResult(display_path(old), display_path(new))
    if old_kind == "trust-build":
        return _compare_trust(old, new, as_of, result)
    result.schools.append(changes_between(load_side(old, as_of), load_side(new, as_of)))
    return result


_KIND_WORDS = {"profile": "profile", "build": "build folder", "trust-build": "trust's build folder",
               "document": "document"}


def changes_between(old: Side, new: Side) -> Changes:
    """The changes between two loaded sides of the same kind."""
    kind = {"profile": "profiles", "build": "builds", "document": "documents"}[new.kind]
    changes = Changes(old.source, new.source, kind, school=new.school or old.school, approval=new.approval)
    if old.urn and new.urn and old.urn != new.urn or (old.school and new.school and old.school != new.school
                                                     and not (old.urn and old.urn == new.urn)):
        changes.warnings.append(f"these look like two different schools ({old.school or old.urn} and "
                                f"{new.school or new.urn}); everything that differs between them is listed")
    if old.facts is not None and new.facts is not None:
        changes.facts = diff_facts(old.facts, new.facts)
    elif kind == "builds":
        changes.warnings.append("facts were not compared: a build.json made before sendkit recorded them "
                                "has none; compare the two profiles for the facts")
    pairs = _pair_documents(old, new, changes)
    for doc_type, (old_type, new_type) in pairs.items():
        old_doc, new_doc = old.documents[old_type], new.documents[new_type]
        changes.sections += diff_sections(old_doc, new_doc, doc_type)
        changes.documents.append(DocumentPair(doc_type, old_doc, new_doc))
        changes.coverage += _coverage_changes(doc_type, old.coverage.get(old_type, {}),
                                              new.coverage.get(new_type, {}), {**old.titles, **new.titles})
    if old.edition and new.edition and old.edition != new.edition:
        changes.edition = (old.edition, new.edition)
    return changes


def _pair_documents(old: Side, new: Side, changes: Changes) -> dict[str, tuple[str, str]]:
    """Document type -> (old type, new type). Two single documents pair whatever their type."""
    if len(old.documents) == 1 and len(new.documents) == 1 and new.kind == "document":
        (old_type,), (new_type,) = old.documents, new.documents
        if old_type != new_type:
            changes.warnings.append(f"last year's document reads as a {DOCUMENT_NAMES.get(old_type, old_type)} "
                                    f"and this year's as a {DOCUMENT_NAMES.get(new_type, new_type)}")
        return {new_type: (old_type, new_type)}
    pairs = {t: (t, t) for t in new.documents if t in old.documents}
    for t in new.documents:
        if t not in old.documents:
            changes.sections.append(SectionChange(t, f"the whole {DOCUMENT_NAMES.get(t, t)}", "added"))
    for t in old.documents:
        if t not in new.documents:
            changes.sections.append(SectionChange(t, f"the whole {DOCUMENT_NAMES.get(t, t)}", "removed"))
    return pairs


def _coverage_changes(document: str, old: dict[str, str], new: dict[str, str],
                      titles: dict[str, str]) -> list[CoverageChange]:
    return [CoverageChange(document, rid, titles.get(rid, ""), old.get(rid), new.get(rid))
            for rid in sorted(set(old) | set(new)) if old.get(rid) != new.get(rid)]


def _school_folders(root: Path) -> dict[str, Path]:
    return {child.name: child for child in sorted(root.iterdir())
            if child.is_dir() and (child / BUILD_FILE).is_file()}


def _compare_trust(old: Path, new: Path, as_of: date, result: DiffResult) -> DiffResult:
    old_schools, new_schools = _school_folders(old), _school_folders(new)
    trust: dict[str, Any] = {"added": sorted(set(new_schools) - set(old_schools)),
                             "removed": sorted(set(old_schools) - set(new_schools)), "own_wording": []}
    for slug in sorted(set(old_schools) & set(new_schools)):
        old_side, new_side = load_side(old_schools[slug], as_of), load_side(new_schools[slug], as_of)
        changes = changes_between(old_side, new_side)
        changes.school = changes.school or slug
        result.schools.append(changes)
        if old_side.overrides != new_side.overrides or new_side.overrides:
            trust["own_wording"].append({
                "school": slug, "name": changes.school, "clauses": new_side.overrides,
                "new": sorted(set(new_side.overrides) - set(old_side.overrides)),
                "dropped": sorted(set(old_side.overrides) - set(new_side.overrides))})
    result.trust = trust
    return result


# ---------------------------------------------------------------------------------------------
# Writing

def _trust_summary(result: DiffResult):
    from ..document import Document, Inline, ListBlock, Paragraph, Section

    t = result.trust or {}
    doc = Document(title="What changed since last year across the trust", type="unknown")
    doc.front_matter = [Paragraph([Inline(f"This compares {result.old_source} (last year) with "
                                          f"{result.new_source} (this year).")])]
    lines = [f"Schools added: {', '.join(t['added'])}"] if t.get("added") else []
    lines += [f"Schools no longer built: {', '.join(t['removed'])}"] if t.get("removed") else []
    for c in result.schools:
        lost = sum(1 for x in c.coverage if x.lost)
        parts = [f"{len(c.facts)} fact(s)", f"{len(c.sections)} section(s)"]
        parts.append(f"{lost} statutory item(s) now missing or weaker" if lost
                     else f"{len(c.coverage)} statutory item(s) changed")
        lines.append(f"{c.school}: " + ("no changes" if c.empty else ", ".join(parts)))
    doc.sections.append(Section("Schools", 2, [ListBlock([[Inline(line)] for line in lines])]))
    wording = [f"{w['name']}: its own wording for {', '.join(w['clauses']) or 'nothing now'}"
               + (f" (new this year: {', '.join(w['new'])})" if w["new"] else "")
               + (f" (back to the trust's wording: {', '.join(w['dropped'])})" if w["dropped"] else "")
               for w in t.get("own_wording", [])]
    doc.sections.append(Section("Where schools word things their own way", 2, [
        ListBlock([[Inline(line)] for line in wording]) if wording else
        Paragraph([Inline("Every school uses the trust's wording.")])]))
    return doc


def _outputs_for(changes: Changes, when: datetime) -> dict[str, bytes | str]:
    from ..render.html import render_html
    from ..render.markdown import render_markdown

    summary = summary_document(changes)
    files: dict[str, bytes | str] = {
        "changes.md": render_markdown(summary),
        "changes.html": render_html(summary),
        "changes.json": json.dumps(changes.as_dict(), indent=2, ensure_ascii=False) + "\n",
    }
    for pair in changes.documents:
        files[f"{pair.type}-tracked.docx"] = render_tracked_docx(pair.old, pair.new, summary, when)
    return files


def write_changes(result: DiffResult, out_dir: Path, as_of: date | None = None) -> list[Path]:
    """Write the summary, the data and the tracked-changes Word files; returns the files written.

    Everything is made in memory first, then each file is written by write-then-rename.
    """
    from ..output import write_atomic
    from ..render.html import render_html
    from ..render.markdown import render_markdown

    when = datetime.combine(as_of or date.today(), time(0, 0))
    out_dir = Path(out_dir)
    files: dict[Path, bytes | str] = {}
    if result.trust is None:
        for name, data in _outputs_for(result.schools[0], when).items():
            files[out_dir / name] = data
    else:
        summary = _trust_summary(result)
        files[out_dir / "changes.md"] = render_markdown(summary)
        files[out_dir / "changes.html"] = render_html(summary)
        files[out_dir / "changes.json"] = json.dumps(
            {"old": result.old_source, "new": result.new_source, "kind": "trust",
             "no_changes": result.empty, **(result.trust or {}),
             "schools": [c.as_dict() for c in result.schools]}, indent=2, ensure_ascii=False) + "\n"
        for changes in result.schools:
            slug = Path(changes.new_source).name
            for name, data in _outputs_for(changes, when).items():
                files[out_dir / slug / name] = data
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
