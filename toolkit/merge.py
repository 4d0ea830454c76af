"""The merge machinery behind ``extends:``: the merge rules, parent resolution, and what a merge gives.

The rules (docs/trusts.md says the same for schools):

- mappings merge key by key, the child's value winning;
- a list in the child replaces the parent's list, unless the child writes ``{add: [...]}``, which
  appends its items to the parent's list;
- ``null`` (``~``) clears a value the parent gives;
- ``extends:`` is a path relative to the child file's folder; cycles are an error naming every file
  in the circle.

Every value keeps a :class:`~toolkit.yamlmarks.Mark` of the file and line it came from. This module
knows nothing of the profile schema or of trust files' keys and imports only ``errors`` and
``yamlmarks`` from sendkit: ``toolkit.trust.model`` (trust files) and ``toolkit.inheritance`` (school
profiles) are built on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, ProfileError, decode_input, display_path, read_input
from .yamlmarks import Mark, Marked, load_marked

ANY_CLAUSE = "*"

ADD = "add"
_ABSENT = object()


@dataclass
class TrustConfig:
    """The effective trust settings for a school: every file of the chain merged, root first."""

    files: list[Path]
    name: str
    slug: str
    facts_mark: Mark | None
    policy_level: str
    policy_level_mark: Mark | None
    base: Marked  # profile fields every school inherits, with the file and line of each
    overrides: dict[tuple, list[Mark]] = field(default_factory=dict)
    locked: dict[str, Mark] = field(default_factory=dict)  # dotted field path -> where it was locked
    overridable: dict[str, Mark] | None = None  # clause ID -> where allowed; None: none allowed
    clause_folders: list[tuple[Path, Mark]] = field(default_factory=list)  # root first
    policy_owner: Path | None = None  # the nearest file with `policy_profile:`

    @property
    def file(self) -> Path:
        """The nearest trust file (the one the school extends)."""
        return self.files[-1]

    def may_override(self, clause_id: str) -> bool:
        return self.overridable is not None and (ANY_CLAUSE in self.overridable or clause_id in self.overridable)


@dataclass
class Inherited(Marked):
    """A school profile's data after inheritance, and where each value came from."""

    chain: list[Path] = field(default_factory=list)  # the files read, root trust first, school last
    trust: TrustConfig | None = None  # None for a school on its own
    overrides: dict[tuple, list[Mark]] = field(default_factory=dict)  # path -> the values it replaced
    additions: dict[tuple, Mark] = field(default_factory=dict)  # list path -> the list it added to
    clause_overrides: dict[str, Path] = field(default_factory=dict)  # clause ID -> the school's file

    @property
    def source_files(self) -> list[Path]:
        """Every file this profile was read from, for the build's input hash."""
        files = list(self.chain)
        if self.trust is not None:
            for folder, _ in self.trust.clause_folders:
                files += sorted(folder.glob("*.md"))
        files += list(self.clause_overrides.values())
        return files


_PARSED: dict[tuple[str, str], Marked] = {}


def load_cached(path: Path) -> Marked:
    """``load_marked``, parsing each distinct file content once per process.

    A batch reads the trust file once per school and again in each worker; YAML parsing is the slow
    part, so the parse is kept by content hash (never by modification time, which can miss an edit).
    Callers must not change the returned data: merging copies every value it keeps.
    """
    raw = read_input(path, ProfileError, "YAML file")  # a regular file within the size limit
    key = (display_path(path), hashlib.sha256(raw).hexdigest())
    marked = _PARSED.get(key)
    if marked is None:
        marked = load_marked(path, text=decode_input(raw, path, ProfileError))
        if len(_PARSED) > 1024:
            _PARSED.clear()
        _PARSED[key] = marked
    return marked


def is_add(value: Any) -> bool:
    """Whether ``value`` is the explicit append form ``{add: [...]}``."""
    return isinstance(value, dict) and set(value) == {ADD} and isinstance(value[ADD], list)


def shift_marks(src: dict[tuple, Mark], src_prefix: tuple, dst_prefix: tuple, out: dict[tuple, Mark]) -> None:
    """Copy the marks under ``src_prefix`` to the same paths under ``dst_prefix``."""
    n = len(src_prefix)
    for path, mark in src.items():
        if path[:n] == src_prefix:
            out[dst_prefix + path[n:]] = mark


class _Merger:
    def __init__(self, parent_marks: dict[tuple, Mark], child_marks: dict[tuple, Mark]):
        self.pm = parent_marks
        self.cm = child_marks
        self.marks: dict[tuple, Mark] = {}
        self.replaced: dict[tuple, Mark | None] = {}
        self.additions: dict[tuple, Mark] = {}
        self.problems: list[Problem] = []

    def copy(self, value: Any, marks: dict[tuple, Mark], src: tuple, dst: tuple) -> Any:
        """A value from one side only, marks carried over and any ``{add:}`` turned into its list."""
        mark = marks.get(src)
        if mark is not None:
            self.marks[dst] = mark
        if is_add(value):
            return [self.copy(v, marks, src + (ADD, i), dst + (i,)) for i, v in enumerate(value[ADD])]
        if isinstance(value, dict):
            return {k: self.copy(v, marks, src + (k,), dst + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.copy(v, marks, src + (i,), dst + (i,)) for i, v in enumerate(value)]
        return value

    def merge(self, parent: Any, child: Any, path: tuple) -> Any:
        if child is _ABSENT:
            return self.copy(parent, self.pm, path, path)
        if parent is _ABSENT or parent is None and is_add(child):
            return self.copy(child, self.cm, path, path)
        if is_add(child):
            if not isinstance(parent, list):
                mark = self.cm.get(path)
                self.problems.append(Problem(
                    "`add:` appends to a list, but the trust's value here is not a list",
                    mark.file if mark else None, mark.line if mark else None, ".".join(map(str, path)),
                    suggestion="write the value itself, without `add:`"))
                return self.copy(child, self.cm, path, path)
            items = self.copy(parent, self.pm, path, path)
            n = len(items)
            items += [self.copy(v, self.cm, path + (ADD, i), path + (n + i,)) for i, v in enumerate(child[ADD])]
            if path in self.cm:
                self.marks[path] = self.cm[path]
            if path in self.pm:
                self.additions[path] = self.pm[path]
            return items
        if isinstance(parent, dict) and isinstance(child, dict):
            out = {}
            for key, value in parent.items():
                out[key] = self.merge(value, child.get(key, _ABSENT), path + (key,))
            for key, value in child.items():
                if key not in parent:
                    out[key] = self.copy(value, self.cm, path + (key,), path + (key,))
            mark = self.cm.get(path) or self.pm.get(path)
            if mark is not None:
                self.marks[path] = mark
            return out
        # anything else: the child's value replaces the parent's (lists included)
        self.replaced[path] = self.pm.get(path)
        return self.copy(child, self.cm, path, path)


def merge_marked(parent: Marked, child: Marked,
                 parent_overrides: dict[tuple, list[Mark]] | None = None
                 ) -> tuple[Marked, dict[tuple, list[Mark]], dict[tuple, Mark]]:
    """Merge ``child`` over ``parent`` by the rules above.

    Returns the merged data with its marks, the overrides (path -> marks of the values replaced,
    nearest first) and the additions (list path -> mark of the list appended to).
    """
    merger = _Merger(parent.marks, child.marks)
    data = merger.merge(parent.data, child.data, ())
    if merger.problems:
        first = merger.problems[0]
        raise ProfileError(f"{first.file}: {len(merger.problems)} problem(s) merging with the trust file",
                           merger.problems)
    overrides = {p: m for p, m in (parent_overrides or {}).items() if p in merger.marks}
    for path, mark in merger.replaced.items():
        earlier = [m for m in (parent_overrides or {}).get(path, [])]
        overrides[path] = ([mark] if mark else []) + earlier
    return Marked(data, merger.marks), overrides, merger.additions


def resolve_parent(child: Path, extends: Any, mark: Mark | None, seen: tuple[Path, ...]) -> Path:
    """The file ``extends:`` names, relative to ``child``'s folder; errors for a missing file or a cycle."""
    shown = display_path(child)
    line = mark.line if mark else None
    if not isinstance(extends, str) or not extends.strip():
        raise ProfileError(f"{shown}: `extends:` must be the path of a trust file",
                           [Problem("is not a file path", shown, line, "extends",
                                    suggestion="for example `extends: trust.yaml`")])
    target = (child.parent / extends.strip())
    _check_inside(child, extends.strip(), target, shown, line)
    resolved = target.resolve()
    circle = list(seen) + [child.resolve()]
    if resolved in circle:
        start = circle.index(resolved)
        names = [display_path(p) for p in circle[start:]] + [display_path(resolved)]
        raise ProfileError(f"{shown}: `extends:` goes round in a circle: " + " -> ".join(names), [
            Problem(f"extends `{extends}`, which already appears earlier in the chain", shown, line, "extends",
                    suggestion="a school extends a trust file; a trust file extends nothing (or a trust "
                               "file above it)")])
    if not target.is_file():
        raise ProfileError(f"{shown}: extends a file that does not exist", [
            Problem(f"`{extends}` not found (looked for {display_path(target)})", shown, line, "extends",
                    suggestion="the path is relative to the folder of " + shown)])
    return target


def _check_inside(child: Path, written: str, target: Path, shown: str, line: int | None) -> None:
    """Refuse an ``extends:`` that leaves the folder tree it belongs to, without opening the file.

    A school's trust file sits beside it or one folder up (trust/trust.yaml with trust/schools/*.yaml),
    so the tree is the folder above the file that writes ``extends:``. An absolute path, a file
    outside that tree (after following symbolic links) or a file that is not YAML is refused; the
    message names the file, line and field and never shows what the refused file holds.
    """
    def refuse(why: str) -> ProfileError:
        return ProfileError(f"{shown}: `extends:` names a file sendkit will not read", [
            Problem(why, shown, line, "extends",
                    suggestion="put the trust file beside the school's profile (or one folder up) and "
                               "write its name, e.g. `extends: trust.yaml`")])

    if Path(written).is_absolute() or written.startswith("~"):
        raise refuse("is an absolute path; write it relative to this file's folder")
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise refuse("does not name a .yaml file")
    folder = child.resolve().parent
    root = folder.parent if folder.parent != folder else folder
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        raise refuse("is a symbolic link that loops") from None
    if not resolved.is_relative_to(root):
        raise refuse(f"leads outside the folder {display_path(root)}, which holds this profile's trust")


def copy_marked(marked: Marked) -> Marked:
    """One file on its own, merged with nothing: its data copied, marks kept, ``{add:}`` turned into lists."""
    merger = _Merger({}, marked.marks)
    return Marked(merger.copy(marked.data, marked.marks, (), ()), merger.marks)
