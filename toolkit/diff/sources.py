"""The two sides of a diff, whatever they were given as: a profile, a build folder or a document.

Each side becomes a :class:`Side`: the profile's facts (when known), each document as the one
document model, and the status of every statutory item in each document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, SendkitError, display_path
from ..readers import EXTENSIONS, read_document

PROFILE_SUFFIXES = (".yaml", ".yml")
BUILD_FILE = "build.json"
# Which built file a build folder's document is read from: Word keeps the structure best.
_PREFERENCE = {"docx": 0, "html": 1, "pdf": 2}


@dataclass
class Side:
    source: str
    kind: str  # profile | build | document
    school: str | None = None
    urn: str | None = None
    facts: dict[str, Any] | None = None
    documents: dict[str, Any] = field(default_factory=dict)  # document type -> Document
    coverage: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> requirement -> status
    titles: dict[str, str] = field(default_factory=dict)  # requirement -> title
    edition: str | None = None
    approval: dict[str, Any] | None = None
    overrides: list[str] = field(default_factory=list)  # clause IDs a trust school words its own way


def kind_of(path: Path) -> str:
    """profile, build, trust-build or document; an input error for anything else."""
    shown = display_path(path)
    if not path.exists():
        raise InputError(f"{shown}: file or folder not found")
    if path.is_dir():
        if (path / BUILD_FILE).is_file():
            return "build"
        if any((child / BUILD_FILE).is_file() for child in path.iterdir() if child.is_dir()):
            return "trust-build"
        raise InputError(f"{shown}: is a folder with no build.json in it or its school folders; give a "
                         "folder written by `sendkit build`, a profile or a document")
    if path.suffix.lower() in PROFILE_SUFFIXES:
        return "profile"
    if path.suffix.lower() in EXTENSIONS:
        return "document"
    raise InputError(f"{shown}: sendkit diff compares profiles (.yaml), build folders and documents "
                     f"({', '.join(sorted(EXTENSIONS))}); this is none of them")


def load_side(path: Path, as_of) -> Side:
    kind = kind_of(path)
    if kind == "profile":
        return profile_side(path)
    if kind == "build":
        return build_side(path)
    if kind == "document":
        return document_side(path, as_of)
    raise InputError(f"{display_path(path)}: is a trust's build folder; compare it with another one")


def profile_side(path: Path) -> Side:
    from ..batch import library_for
    from ..build import approval_record, coverage, profile_facts
    from ..catalogue import load_catalogue
    from ..clauses import bundled_outline
    from ..compose import compose_documents
    from ..profile import load_profile

    profile = load_profile(path)
    model = profile.model
    trust = getattr(profile.source, "trust", None)
    types = ["sen-information-report"] if trust is not None and trust.policy_level == "trust" \
        else ["send-policy", "sen-information-report"]
    library = library_for(profile)
    composed = compose_documents(profile, library, [bundled_outline(t, library) for t in types],
                                 allow_incomplete=True)
    catalogue = load_catalogue()
    side = Side(display_path(path), "profile", model.school.name, model.school.urn, profile_facts(model),
                edition=catalogue.edition, approval=approval_record(model),
                overrides=sorted(getattr(profile.source, "clause_overrides", {}) or {}))
    for c in composed:
        doc = c.document
        side.documents[doc.type] = doc
        side.coverage[doc.type] = _clause_coverage(coverage(doc, catalogue, profile.setting))
    side.titles = {r.id: r.title for r in catalogue.requirements}
    return side


def _clause_coverage(cov: dict[str, Any]) -> dict[str, str]:
    statuses = {rid: "present" for rid in cov.get("satisfied", {})}
    statuses.update({rid: "missing" for rid in cov.get("unsatisfied", [])})
    statuses.update({rid: "not_applicable" for rid in cov.get("not_applicable", {})})
    return statuses


def build_side(folder: Path) -> Side:
    shown = display_path(folder)
    try:
        manifest = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
        school = manifest.get("school") or {}
        entries = manifest["documents"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{shown}/{BUILD_FILE}: cannot be read as a sendkit build record ({exc}); "
                         "rebuild the folder with `sendkit build`") from None
    side = Side(shown, "build", school.get("name"), school.get("urn"), manifest.get("facts"),
                edition=(manifest.get("catalogue") or {}).get("edition"), approval=manifest.get("approval"),
                overrides=sorted(((manifest.get("batch") or {}).get("clause_overrides") or {})))
    checked = (manifest.get("check") or {}).get("documents") or {}
    for entry in entries:
        doc_type = entry.get("type")
        outputs = sorted(entry.get("outputs") or [], key=lambda o: _PREFERENCE.get(o.get("format"), 9))
        if not outputs:
            continue
        side.documents[doc_type] = read_document(folder / outputs[0]["path"])
        statuses = _clause_coverage(entry.get("coverage") or {})
        for gap in (checked.get(doc_type) or {}).get("gaps", []):
            statuses[gap["id"]] = gap["status"]  # what the checker found in the published file
            side.titles[gap["id"]] = gap.get("title", "")
        side.coverage[doc_type] = statuses
    _titles(side)
    return side


def document_side(path: Path, as_of) -> Side:
    from ..catalogue import edition_for
    from ..checker.engine import CheckOptions, check_document, detect_type

    doc = read_document(path)
    doc_type = detect_type(doc)
    report = check_document(doc, CheckOptions(doc_type=doc_type, as_of=as_of))
    side = Side(display_path(path), "document", edition=edition_for(as_of))
    side.documents[doc_type] = doc
    side.coverage[doc_type] = {r.id: r.status for r in report.results}
    side.titles = {r.id: r.title for r in report.results}
    return side


def _titles(side: Side) -> None:
    from ..catalogue import load_catalogue

    try:
        catalogue = load_catalogue(side.edition)
    except SendkitError:  # a build made with an edition this version no longer has
        catalogue = load_catalogue()
    for req in catalogue.requirements:
        side.titles.setdefault(req.id, req.title)
