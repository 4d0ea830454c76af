"""What changed between two versions of a school's documents: the data every output is made from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ..document import Document

Status = Literal["present", "partial", "missing", "not_applicable"]
# Worse statuses sort first: an item lost is the first thing governors must see.
STATUS_RANK = {"missing": 0, "partial": 1, "present": 2, "not_applicable": 3}


@dataclass
class FactChange:
    """One fact of the profile that changed, in words: ``SENCO: Mrs A -> Mr B``."""

    path: str  # the profile field, e.g. "people.senco.name" or "provision.interventions"
    label: str  # "SENCO", "Interventions"
    kind: Literal["changed", "added", "removed", "list"]
    old: Any = None
    new: Any = None
    added: list[str] = field(default_factory=list)  # for lists: the items added ...
    removed: list[str] = field(default_factory=list)  # ... and removed
    changed: list[str] = field(default_factory=list)  # ... and kept with other details
    reworded: list[tuple[str, str]] = field(default_factory=list)  # ... and written differently

    def sentence(self) -> str:
        if self.kind == "list":
            parts = []
            if self.added:
                parts.append("added: " + "; ".join(self.added))
            if self.removed:
                parts.append("removed: " + "; ".join(self.removed))
            if self.reworded:
                parts.append("reworded: " + "; ".join(f"{a} → {b}" for a, b in self.reworded))
            if self.changed:
                parts.append("details changed: " + "; ".join(self.changed))
            return f"{self.label} " + "; ".join(parts)
        if self.kind == "added":
            return f"{self.label}: {_show(self.new)} (new)"
        if self.kind == "removed":
            return f"{self.label}: {_show(self.old)} (no longer given)"
        return f"{self.label}: {_show(self.old)} → {_show(self.new)}"


@dataclass
class SectionChange:
    document: str  # "send-policy", "sen-information-report"
    heading: str
    kind: Literal["added", "removed", "moved", "reworded"]
    words_added: int = 0
    words_removed: int = 0
    moved: bool = False  # reworded and also moved to another place in the document

    def sentence(self) -> str:
        if self.kind == "reworded":
            return (f"“{self.heading}”: reworded ({_count(self.words_added, 'word')} added, "
                    f"{self.words_removed} removed)" + (" and moved" if self.moved else ""))
        if self.kind == "moved":
            return f"“{self.heading}”: moved, not reworded"
        return f"“{self.heading}”: {self.kind}"


@dataclass
class CoverageChange:
    document: str
    requirement: str
    title: str
    old: Status | None  # None: the requirement was not judged in that version
    new: Status | None

    @property
    def lost(self) -> bool:
        """The item got worse: governors must see these first."""
        return STATUS_RANK.get(self.new or "missing", 0) < STATUS_RANK.get(self.old or "missing", 0)

    def sentence(self) -> str:
        old, new = (s.replace("_", " ") if s else "not judged" for s in (self.old, self.new))
        return f"{self.requirement} {self.title}: {old} → {new}"


@dataclass
class DocumentPair:
    """The same document in both versions, as the one document model."""

    type: str
    old: Document
    new: Document


@dataclass
class Changes:
    """Everything that changed between OLD and NEW, for one school."""

    old_source: str
    new_source: str
    kind: Literal["profiles", "builds", "documents"]
    school: str | None = None
    facts: list[FactChange] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    coverage: list[CoverageChange] = field(default_factory=list)
    edition: tuple[str, str] | None = None  # (old, new) when the catalogue edition changed
    approval: dict[str, Any] | None = None  # this year's approval record, when known
    warnings: list[str] = field(default_factory=list)
    documents: list[DocumentPair] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.facts or self.sections or self.coverage or self.edition)

    def ordered_coverage(self) -> list[CoverageChange]:
        """Items lost first, then the rest, each group by requirement ID."""
        return sorted(self.coverage, key=lambda c: (not c.lost, c.document, c.requirement))

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_source,
            "new": self.new_source,
            "kind": self.kind,
            "school": self.school,
            "no_changes": self.empty,
            "warnings": self.warnings,
            "facts": [dict(asdict(f), summary=f.sentence()) for f in self.facts],
            "sections": [dict(asdict(s), summary=s.sentence()) for s in self.sections],
            "coverage": [dict(asdict(c), lost=c.lost) for c in self.ordered_coverage()],
            "edition": {"old": self.edition[0], "new": self.edition[1]} if self.edition else None,
            "approval": self.approval,
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value) or "none"
    if isinstance(value, dict):
        return str(value.get("name") or ", ".join(f"{k}: {_show(v)}" for k, v in value.items()))
    return str(value)
