"""Profiles that ``extends:`` a trust file: the school's side of the merge, with the file and line of every value.

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
The merge rules themselves are ``toolkit.merge``; the trust file's keys are ``toolkit.trust.model``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, ProfileError, did_you_mean, display_path
from .merge import (ADD, Inherited, TrustConfig, copy_marked, is_add, load_cached, merge_marked,
                    resolve_parent, shift_marks)
from .schema import Profile
from .trust.model import classify_yaml, load_trust_file, locked_problems
from .yamlmarks import Mark, Marked

# The merge machinery moved to toolkit.merge (below the trust model, so no import goes round in a
# circle); these names stay importable from here.
__all__ = ["ADD", "Explanation", "Inherited", "explain_field", "is_add", "load_cached", "load_with_extends",
           "merge_marked", "resolve_parent", "shift_marks"]


def load_with_extends(path: Path) -> Inherited:
    """Load a school profile and everything it extends, merged, with the file and line of every value.

    Raises ProfileError (exit code 2) naming the files for a missing parent, a cycle, a locked field
    the school sets, or a clause the school rewords without the trust's leave.
    """
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
    own = Marked({k: v for k, v in data.items() if k != "clauses"}, marked.marks)

    if extends is None:
        alone = copy_marked(own)
        result = Inherited(alone.data, alone.marks, chain=[path])
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
    if "clauses" in data:
        result.clause_overrides = _clause_overrides(path, data["clauses"], marked.mark(("clauses",)), result.trust)
    return result


def _clause_overrides(path: Path, folder_value: Any, mark: Mark | None,
                      trust: TrustConfig | None) -> dict[str, Path]:
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


def explain_field(profile: Profile, dotted: str) -> Explanation:
    """The value of ``dotted`` (e.g. ``people.senco.email``) in ``profile`` and where it came from.

    Raises ProfileError (with a suggestion) when the profile schema has no such field.
    """
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
