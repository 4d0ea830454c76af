"""The clause library and the document outlines, loaded from Markdown/YAML files.

A clause is one Markdown file with YAML front matter (`id`, `title`, `satisfies`, `documents`, `when`,
`requires`). An outline lists a document's sections in order by clause ID.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .catalogue import load_catalogue
from .errors import ClauseError, Problem, did_you_mean, display_path
from .provisions import load_provisions
from .resources import data_dir

DOCUMENT_KINDS = {"policy": "send-policy", "report": "sen-information-report"}
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.S)
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
_CLAUSE_KEYS = {"id", "title", "satisfies", "basis", "documents", "when", "requires", "notes"}


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    satisfies: tuple[str, ...]
    documents: tuple[str, ...]  # policy | report
    body: str
    path: Path
    body_line: int  # line of the body's first line in the file, for error messages
    when: str | None = None
    requires: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()  # provision IDs (toolkit/data/provisions.yaml): the law the text states


@dataclass(frozen=True)
class OutlineEntry:
    clauses: tuple[str, ...]
    heading: str | None = None


@dataclass(frozen=True)
class Outline:
    document: str  # send-policy | sen-information-report
    title: str
    sections: tuple[OutlineEntry, ...]
    path: Path


@dataclass
class ClauseLibrary:
    clauses: dict[str, Clause] = field(default_factory=dict)
    folder: Path | None = None

    def __getitem__(self, cid: str) -> Clause:
        return self.clauses[cid]

    def __contains__(self, cid: str) -> bool:
        return cid in self.clauses

    def __iter__(self):
        return iter(self.clauses.values())

    def satisfying(self, requirement_id: str) -> list[Clause]:
        return [c for c in self.clauses.values() if requirement_id in c.satisfies]


def parse_clause(path: Path, text: str, known_ids: set[str]) -> tuple[Clause | None, list[Problem]]:
    shown = display_path(path)
    match = _FRONT.match(text)
    if not match:
        return None, [Problem("no front matter", shown, 1,
                              suggestion="start the file with a `---` line, the YAML fields, and another `---`")]
    front_text, body = match.groups()
    body_line = front_text.count("\n") + 3
    try:
        front = yaml.load(front_text, Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(f"front matter is not valid YAML ({getattr(exc, 'problem', exc)})", shown,
                              (mark.line + 2) if mark else 2)]
    problems = []
    if not isinstance(front, dict):
        return None, [Problem("front matter must be a set of fields", shown, 2)]
    for key in front:
        if key not in _CLAUSE_KEYS:
            problems.append(Problem(f"unknown key `{key}`", shown, None, key,
                                    suggestion=did_you_mean(str(key), _CLAUSE_KEYS)))
    for key in ("id", "title", "satisfies", "documents"):
        if not front.get(key):
            problems.append(Problem("is required", shown, None, key))
    cid = str(front.get("id", ""))
    if cid and cid != path.stem:
        problems.append(Problem(f"id `{cid}` differs from the file name", shown, None, "id",
                                suggestion=f"rename the file to {cid}.md or the id to {path.stem}"))
    if cid and not _ID.match(cid):
        problems.append(Problem(f"id `{cid}` must be lower-case words joined by hyphens", shown, None, "id"))
    satisfies = front.get("satisfies") or []
    if not isinstance(satisfies, list):
        problems.append(Problem("must be a list of requirement IDs", shown, None, "satisfies"))
        satisfies = []
    for rid in satisfies:
        if rid not in known_ids:
            problems.append(Problem(f"`{rid}` is not a requirement ID", shown, None, "satisfies",
                                    suggestion=did_you_mean(str(rid), known_ids)))
    basis = front.get("basis") or []
    if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
        problems.append(Problem("must be a list of provision IDs such as CFA2014.s69", shown, None, "basis"))
        basis = []
    provisions = load_provisions()
    for pid in basis:
        if pid not in provisions:
            problems.append(Problem(f"`{pid}` is not a known provision", shown, None, "basis",
                                    suggestion=did_you_mean(pid, provisions)
                                    or "see toolkit/data/provisions.yaml for the provisions a clause may cite"))
    documents = front.get("documents") or []
    if isinstance(documents, str):
        documents = [documents]
    for d in documents:
        if d not in DOCUMENT_KINDS:
            problems.append(Problem(f"`{d}` is not a document", shown, None, "documents",
                                    expected="policy or report"))
    requires = front.get("requires") or []
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        problems.append(Problem("must be a list of profile paths such as people.senco.email", shown, None,
                                "requires"))
        requires = []
    if problems:
        return None, problems
    return Clause(
        id=cid, title=str(front["title"]).strip(), satisfies=tuple(satisfies), documents=tuple(documents),
        body=body, path=path, body_line=body_line,
        when=(str(front["when"]).strip() if front.get("when") not in (None, "") else None),
        requires=tuple(requires), basis=tuple(basis),
    ), []


def load_library(folder: Path | None = None) -> ClauseLibrary:
    """Every clause in ``folder`` (default: the bundled clauses/). Raises ClauseError listing all problems."""
    folder = Path(folder) if folder else data_dir("clauses")
    known = set(load_catalogue().ids())
    library = ClauseLibrary(folder=folder)
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        clause, found = parse_clause(path, path.read_text(encoding="utf-8"), known)
        problems += found
        if clause:
            library.clauses[clause.id] = clause
    if problems:
        raise ClauseError(f"{display_path(folder)}: {len(problems)} problem(s) in the clause library", problems)
    return library


@lru_cache(maxsize=4)
def bundled_library() -> ClauseLibrary:
    return load_library()


def load_outline(path: Path, library: ClauseLibrary) -> Outline:
    shown = display_path(path)
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ClauseError(f"{shown}: cannot be read ({exc})") from None
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise ClauseError(f"{shown}: an outline needs `document`, `title` and a list of `sections`")
    document = data.get("document")
    if document not in DOCUMENT_KINDS.values():
        problems.append(Problem(f"`{document}` is not a document type", shown, None, "document",
                                expected=" or ".join(DOCUMENT_KINDS.values())))
    kind = {v: k for k, v in DOCUMENT_KINDS.items()}.get(document)
    entries = []
    for i, entry in enumerate(data["sections"]):
        if not isinstance(entry, dict) or not entry.get("clauses"):
            problems.append(Problem("each section needs `clauses: [ids]`", shown, None, f"sections.{i}"))
            continue
        for cid in entry["clauses"]:
            if cid not in library:
                problems.append(Problem(f"no clause `{cid}`", shown, None, f"sections.{i}.clauses",
                                        suggestion=did_you_mean(cid, library.clauses)))
            elif kind and kind not in library[cid].documents:
                problems.append(Problem(f"clause `{cid}` is not marked for the {kind}", shown, None,
                                        f"sections.{i}.clauses",
                                        suggestion=f"add `{kind}` to its `documents:`"))
        entries.append(OutlineEntry(tuple(entry["clauses"]), entry.get("heading")))
    if problems:
        raise ClauseError(f"{shown}: {len(problems)} problem(s) in the outline", problems)
    return Outline(document, str(data.get("title") or ""), tuple(entries), path)


def bundled_outline(document: str, library: ClauseLibrary | None = None) -> Outline:
    """The bundled outline for ``document`` (send-policy or sen-information-report)."""
    folder = data_dir("policy_templates" if document == "send-policy" else "report_templates")
    return load_outline(folder / f"{document}.yaml", library or bundled_library())
