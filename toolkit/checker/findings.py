"""What the checker produces: findings per requirement, notes, and a report per document.

These shapes are the JSON contract (see issue 3): reporters serialise them, other tools read them.
Field names here are the contract's names; do not rename them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["present", "partial", "missing", "not_applicable"]
STATUSES: tuple[str, ...] = ("present", "partial", "missing", "not_applicable")


@dataclass
class Evidence:
    location: str  # "page 3, 4.1 The SENCO" / "paragraph 12, Contacts" / "line 40"
    text: str  # a short quote (at most ~200 characters)


@dataclass
class Finding:
    id: str
    status: Status
    force: str  # must | should | good (stamped by the engine from the catalogue)
    title: str
    source: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    waived: dict[str, Any] | None = None  # {"reason", "expires"} when a waiver covers a failure


@dataclass
class Note:
    kind: str  # template-text | outdated-term | readability | expired-waiver | document-type | ...
    message: str
    location: str | None = None
    text: str | None = None


@dataclass
class DocumentReport:
    path: str
    type: str | None = None
    error: str | None = None
    results: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    readability: dict[str, Any] | None = None

    @property
    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for r in self.results:
            counts[r.status] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "type": self.type, "error": self.error}
        if self.error is None:
            data["summary"] = self.summary
            data["results"] = [
                {k: v for k, v in asdict(r).items() if not (k == "waived" and v is None)}
                for r in self.results
            ]
            data["notes"] = [asdict(n) for n in self.notes]
            data["readability"] = self.readability
        return data


@dataclass
class CheckRun:
    """One `sendkit check` call: several documents judged against one edition."""

    edition: str
    as_of: str  # YYYY-MM-DD
    documents: list[DocumentReport] = field(default_factory=list)
    tool_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": "sendkit", "version": self.tool_version},
            "edition": self.edition,
            "as_of": self.as_of,
            "documents": [d.as_dict() for d in self.documents],
        }
