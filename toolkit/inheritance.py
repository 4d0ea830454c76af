"""Profiles that ``extends:`` a trust file: the merge rules, with the file and line of every value.

The rules (docs/trusts.md says the same for schools):

- mappings merge key by key, the school's value winning;
- a list in the school replaces the trust's list, unless the school writes ``{add: [...]}``, which
  appends its items to the trust's list;
- ``null`` (``~``) clears a value the trust gives;
- ``extends:`` is a path relative to the school file's folder; chains (trust -> region -> school)
  are allowed, cycles are an error naming every file in the circle;
- fields the trust lists in ``locked_fields:`` (and the trust's own facts) cannot be set by a school;
- a school's own ``clauses:`` folder may reword only the clauses the trust lists in
  ``overridable_clauses:``.

Every value keeps a :class:`~toolkit.yamlmarks.Mark` of the file and line it came from, so
validation errors and ``sendkit explain`` point at the trust file or the school file as the case is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, ProfileError, display_path
from .yamlmarks import Mark, Marked, load_marked

ADD = "add"
_ABSENT = object()


@dataclass
class Inherited(Marked):
    """A school profile's data after inheritance, and where each value came from."""

    chain: list[Path] = field(default_factory=list)  # the files read, root trust first, school last
    trust: Any = None  # toolkit.trust.model.TrustConfig, or None for a school on its own
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
    import hashlib

    try:
        raw = Path(path).read_bytes()
    except OSError:
        return load_marked(path)  # it reports the missing or unreadable file
    key = (display_path(path), hashlib.sha256(raw).hexdigest())
    marked = _PARSED.get(key)
    if marked is None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return load_marked(path)
        marked = load_marked(path, text=text)
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


def load_with_extends(path: Path) -> Inherited:
    """Load a school profile and everything it extends, merged, with the file and line of every value.

    Raises ProfileError (exit code 2) naming the files for a missing parent, a cycle, a locked field
    the school sets, or a clause the school rewords without the trust's leave.
    """
    from .trust.model import classify_yaml, load_trust_file, locked_problems

    path = Path(path)
    marked = load_cached(path)
    shown = display_path(path)
    if classify_yaml(marked.data) == "trust":
        raise ProfileError(f"{shown}: is a trust file, not a school profile", [
            Problem("has trust-file keys (trust:, defaults:, ...) and no `school:`", shown, 1,
                    suggestion="pass the schools that extend it, or their folder: sendkit build FOLDER -o OUT")])
    data = marked.data
    if not isinstance(data, dict):
        return Inherited(data, marked.marks, chain=[path])
    extends = data.get("extends")
    clause_folder = data.get("clauses", _ABSENT)
    own = Marked({k: v for k, v in data.items() if k != "clauses"}, marked.marks)

    if extends is None:
        merger = _Merger({}, own.marks)
        result = Inherited(merger.copy(own.data, own.marks, (), ()), merger.marks, chain=[path])
    else:
        mark = marked.mark(("extends",))
        parent = resolve_parent(path, extends, mark, ())
        config = load_trust_file(parent, (path.resolve(),), (path, mark))
        problems = locked_problems(config.locked, own, path)
        if problems:
            raise ProfileError(f"{shown}: sets {len(problems)} field(s) the trust file locks", problems)
        merged, overrides, additions = merge_marked(config.base, own, config.overrides)
        result = Inherited(merged.data, merged.marks, chain=list(config.files) + [path], trust=config,
                           overrides=overrides, additions=additions)
    if clause_folder is not _ABSENT:
        result.clause_overrides = _clause_overrides(path, clause_folder, marked.mark(("clauses",)), result.trust)
    return result


def _clause_overrides(path: Path, folder_value: Any, mark: Mark | None, trust: Any) -> dict[str, Path]:
    """The school's own clause files, each allowed by the trust; ProfileError names both files if not."""
    shown = display_path(path)
    line = mark.line if mark else None
    if not isinstance(folder_value, str) or not folder_value.strip():
        raise ProfileError(f"{shown}: `clauses:` must be a folder of clause files",
                           [Problem("is not a folder path", shown, line, "clauses",
                                    suggestion="for example `clauses: oakfield-clauses/`")])
    folder = path.parent / folder_value.strip()
    if not folder.is_dir():
        raise ProfileError(f"{shown}: the clauses folder does not exist", [
            Problem(f"`{folder_value}` is not a folder (looked for {display_path(folder)})", shown, line,
                    "clauses", suggestion="the path is relative to the folder of " + shown)])
    files = {p.stem: p for p in sorted(folder.glob("*.md")) if p.name.lower() != "readme.md"}
    if trust is not None:
        problems = []
        for cid, file in files.items():
            if not trust.may_override(cid):
                allowed = sorted(trust.overridable or [])
                problems.append(Problem(
                    f"rewords clause `{cid}`, which {display_path(trust.file)} does not let schools change",
                    display_path(file), 1, "clauses",
                    suggestion=(f"remove {display_path(file)}, or ask the trust to add `{cid}` to "
                                f"`overridable_clauses:` in {display_path(trust.file)}"
                                + (f" (it allows: {', '.join(allowed)})" if allowed else
                                   " (it allows none)"))))
        if problems:
            raise ProfileError(f"{shown}: rewords trust clauses the trust does not allow", problems)
    return files


# ---------------------------------------------------------------------------------------------
# `sendkit explain`: where a value came from

@dataclass
class Explanation:
    """A profile value, the file and line it came from, and what it replaced or added to."""

    field: str
    value: Any
    mark: Mark | None
    overrides: list[Mark] = field(default_factory=list)
    added_to: Mark | None = None
    locked_by: Mark | None = None
    parts: list[tuple[str, Any, Mark | None]] = field(default_factory=list)  # a group's members

    def lines(self) -> list[str]:
        shown = _short(self.value)
        out = [f"{self.field}: {shown}"]
        if self.mark is None:
            out.append("  not written in any file: sendkit's default for this field")
        else:
            out.append(f"  from {self.mark}")
        if self.added_to is not None:
            out.append(f"  adds to the list from {self.added_to}")
        for i, mark in enumerate(self.overrides):
            out.append(f"  {'overrides' if i == 0 else 'which overrode'} {mark}")
        if self.locked_by is not None:
            out.append(f"  locked by {self.locked_by}: schools cannot change it")
        for name, value, mark in self.parts:
            out.append(f"    {name}: {_short(value)}  ({mark or 'default'})")
        return out


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return f"({len(value)} field(s))"
    if isinstance(value, list):
        return f"(list of {len(value)})"
    text = "null" if value is None else str(value)
    return text if len(text) <= 100 else text[:97] + "..."


def explain_field(profile: Any, dotted: str) -> Explanation:
    """The value of ``dotted`` (e.g. ``people.senco.email``) in ``profile`` and where it came from.

    Raises ProfileError (with a suggestion) when the profile schema has no such field.
    """
    from .errors import did_you_mean

    parts = [int(p) if p.isdigit() else p for p in dotted.strip(".").split(".") if p]
    value: Any = profile.model.model_dump(mode="json")
    walked: list[Any] = []
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            where = ".".join(map(str, walked)) or "the top level"
            if isinstance(value, list):
                hint = f"it is a list of {len(value)}: use an index from 0 to {len(value) - 1}" if value else "the list is empty"
            elif isinstance(value, dict):
                hint = did_you_mean(str(part), value) or "fields here: " + ", ".join(value)
            else:
                hint = f"{where} is a single value"
            raise ProfileError(f"{display_path(profile.path)}: no field `{dotted}`",
                               [Problem(f"`{part}` is not a field under {where}", display_path(profile.path),
                                        None, dotted, suggestion=hint)])
        walked.append(part)
    path = tuple(parts)
    source = profile.source
    marks = source.marks
    explanation = Explanation(dotted, value, marks.get(path))
    if isinstance(source, Inherited):
        explanation.overrides = list(source.overrides.get(path, []))
        explanation.added_to = source.additions.get(path)
        if source.trust is not None:
            text = tuple(str(p) for p in path)
            for locked, mark in source.trust.locked.items():
                target = tuple(locked.split("."))
                if text[:len(target)] == target:
                    explanation.locked_by = mark
                    break
    if isinstance(value, dict):
        explanation.parts = [(str(k), v, marks.get(path + (k,))) for k, v in value.items()]
    elif isinstance(value, list):
        explanation.parts = [(str(i), v, marks.get(path + (i,))) for i, v in enumerate(value)]
    return explanation
