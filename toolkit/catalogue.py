"""The requirement catalogue: the legal items, as data, shared by the generator and the checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

import yaml

from .errors import SendkitError
from .resources import package_data

FORCES = ("must", "should", "good")
REPORT = "sen-information-report"
POLICY = "send-policy"


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    force: str  # must | should | good
    applies_to: tuple[str, ...]  # document types: send-policy, sen-information-report, letter, ...
    source: str
    mainstream_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def applies(self, document_type: str, setting: str = "mainstream") -> tuple[bool, str | None]:
        """Whether this requirement applies, and the reason when it does not."""
        types = {document_type} if document_type != "combined" else {POLICY, REPORT}
        if not types & set(self.applies_to):
            return False, f"not required in a {document_type}"
        if self.mainstream_only and setting == "special":
            return False, "applies to mainstream schools only (SEND Regulations 2014, Schedule 1)"
        return True, None


@dataclass(frozen=True)
class Catalogue:
    edition: str
    requirements: tuple[Requirement, ...]

    def __iter__(self):
        return iter(self.requirements)

    def __getitem__(self, rid: str) -> Requirement:
        for r in self.requirements:
            if r.id == rid:
                return r
        raise KeyError(rid)

    def ids(self) -> list[str]:
        return [r.id for r in self.requirements]

    def for_document(self, document_type: str) -> list[Requirement]:
        types = {document_type} if document_type != "combined" else {POLICY, REPORT}
        return [r for r in self.requirements if types & set(r.applies_to)]


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    with open(package_data("requirements.yaml"), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def editions() -> list[dict[str, Any]]:
    """The editions, oldest first: [{"name", "effective", "title"}]."""
    return sorted(_raw()["editions"], key=lambda e: str(e["effective"]))


def edition_for(as_of: date) -> str:
    """The newest edition in force on ``as_of``."""
    chosen = None
    for e in editions():
        if date.fromisoformat(str(e["effective"])) <= as_of:
            chosen = e["name"]
    if chosen is None:
        raise SendkitError(f"no edition of the catalogue is in force on {as_of.isoformat()}")
    return chosen


CURRENT_EDITION = editions()[-1]["name"]


@lru_cache(maxsize=None)
def load_catalogue(edition: str | None = None) -> Catalogue:
    """The catalogue as it stands in ``edition`` (default: the current one)."""
    edition = edition or CURRENT_EDITION
    names = [e["name"] for e in editions()]
    if edition not in names:
        raise SendkitError(f"unknown edition `{edition}`: choose one of {', '.join(names)}")
    reqs = []
    base_keys = {"id", "title", "force", "applies_to", "source", "mainstream_only", "editions"}
    for entry in _raw()["requirements"]:
        merged = dict(entry)
        merged.update((entry.get("editions") or {}).get(edition, {}))
        reqs.append(Requirement(
            id=merged["id"], title=merged["title"], force=merged["force"],
            applies_to=tuple(merged["applies_to"]), source=merged["source"],
            mainstream_only=bool(merged.get("mainstream_only")),
            extra={k: v for k, v in merged.items() if k not in base_keys},
        ))
    return Catalogue(edition, tuple(reqs))


def requirement_ids(catalogue: Catalogue | None = None, types: Iterable[str] | None = None) -> list[str]:
    catalogue = catalogue or load_catalogue()
    if types is None:
        return catalogue.ids()
    wanted = set(types)
    return [r.id for r in catalogue if wanted & set(r.applies_to)]
