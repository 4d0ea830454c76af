"""YAML loading that remembers where every value came from (file and line).

PyYAML's composed nodes keep marks; plain ``safe_load`` throws them away. Error messages for
headteachers must say "line 14", and ``sendkit explain`` must say which file a value came from, so
we construct values ourselves and keep a map from field path to location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ProfileError, decode_input, display_path, read_input
from .limits import MAX_ALIAS_EXPANSION, MAX_NESTING, MAX_TEXT_BYTES, MAX_VALUE_CHARS

PathKey = tuple  # ("people", "senco", "email") or ("provision", "interventions", 2)
MAX_YAML_BYTES = MAX_TEXT_BYTES  # the one limit for every text input (see toolkit.limits)
# Control characters have no place in a value: a NUL or a bell breaks Word and XML documents.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Mark:
    file: str
    line: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Marked:
    """A loaded YAML document and the location of each field path in it."""

    data: Any
    marks: dict[PathKey, Mark]

    def mark(self, path: PathKey) -> Mark | None:
        """The location of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get(())


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


class _Constructor(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so the schema reports an impossible date with its line.

    It also stops at MAX_NESTING levels: PyYAML composes nodes recursively, so a file of 10,000 nested
    brackets would otherwise end in a RecursionError deep inside the library.
    """

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Constructor.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Budget:
    """How many more values a file may expand to. Aliases re-use nodes, so a few lines of nested
    anchors can stand for billions of values (the "billion laughs"); counting stops that early."""

    def __init__(self, limit: int, file: str):
        self.left, self.limit, self.file = limit, limit, file

    def spend(self, n: int, node: yaml.Node) -> None:
        self.left -= n
        if self.left < 0:
            raise ProfileError(
                f"{self.file}: the YAML expands to more than {self.limit:,} values",
                [Problem("its anchors (&name) and aliases (*name) repeat each other over and over", self.file,
                         node.start_mark.line + 1, suggestion="write the values out instead of nesting aliases")])


_MERGE = "tag:yaml.org,2002:merge"


def _key_of(key_node: yaml.Node) -> Any:
    return (key_node.tag, key_node.value) if isinstance(key_node, yaml.ScalarNode) else id(key_node)


def _flatten(node: yaml.MappingNode, done: dict[int, list]) -> tuple[list, int]:
    """The mapping's pairs with its ``<<`` merge keys resolved as YAML says, without touching the node.

    Returns (pairs, merged): the first ``merged`` pairs come from ``<<`` (each key once, an earlier
    mapping in ``<<: [*a, *b]`` winning over a later one, and none the mapping gives itself), then the
    mapping's own pairs. We do this ourselves rather than through PyYAML's ``flatten_mapping``, whose
    de-duplication changed in 6.0.4; ``done`` remembers each flattened node, so a chain of merges that
    repeat each other costs one pass per node, not one per path through them.
    """
    own = [(k, v) for k, v in node.value if k.tag != _MERGE]
    seen = {_key_of(k) for k, _ in own}
    merged: list = []
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE:
            continue
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise yaml.constructor.ConstructorError(
                    None, None, f"`<<` merges mappings, but found {source.id}", source.start_mark)
            if id(source) not in done:
                done[id(source)] = []  # a mapping that merges itself adds nothing more
                done[id(source)] = _flatten(source, done)[0]
            for pair in done[id(source)]:
                if _key_of(pair[0]) not in seen:
                    seen.add(_key_of(pair[0]))
                    merged.append(pair)
    return merged + own, len(merged)


def _construct(node: yaml.Node, loader: yaml.SafeLoader, file: str, path: PathKey,
               marks: dict[PathKey, Mark], problems: list[Problem], text_scalars: bool = False,
               budget: _Budget | None = None) -> Any:
    budget = budget or _Budget(10**6, file)
    budget.spend(1, node)
    line = node.start_mark.line + 1
    marks[path] = Mark(file, line)
    if len(path) > MAX_NESTING:  # aliases can stack nesting the composer never saw
        raise ProfileError(f"{file}: the YAML nests more than {MAX_NESTING} levels deep",
                           [Problem("nested too deeply", file, line, _dotted(path),
                                    suggestion="a sendkit file is a few levels deep; check the indentation")])
    if isinstance(node, yaml.ScalarNode):
        _check_scalar(node.value, file, line, path, problems)
    elif id(node) in _ACTIVE:
        raise ProfileError(f"{file}: an alias refers to the value that contains it",
                           [Problem("a recursive alias (*name inside the &name it names) never ends", file, line,
                                    _dotted(path) or None, suggestion="write the values out instead")])
    if text_scalars and isinstance(node, yaml.ScalarNode):
        # As written: a pupil ID `001` stays "001" (YAML would read the number 1).
        return None if node.tag.endswith(":null") and node.value in ("", "~", "null", "Null", "NULL") \
            else node.value
    if isinstance(node, yaml.MappingNode):
        _ACTIVE.add(id(node))
        try:
            return _construct_mapping(node, loader, file, path, marks, problems, text_scalars, budget)
        finally:
            _ACTIVE.discard(id(node))
    if isinstance(node, yaml.SequenceNode):
        _ACTIVE.add(id(node))
        try:
            return [_construct(item, loader, file, path + (i,), marks, problems, text_scalars, budget)
                    for i, item in enumerate(node.value)]
        finally:
            _ACTIVE.discard(id(node))
    return loader.construct_object(node, deep=True)


# Collections being constructed, to catch an alias inside the anchor it names (`a: &x [*x]`).
_ACTIVE: set[int] = set()


def _dotted(path: PathKey) -> str:
    return ".".join(map(str, path))


def _check_scalar(text: str, file: str, line: int, path: PathKey, problems: list[Problem]) -> None:
    if len(text) > MAX_VALUE_CHARS:
        problems.append(Problem(f"the value is {len(text):,} characters long, over the limit of "
                                f"{MAX_VALUE_CHARS:,}", file, line, _dotted(path) or None,
                                suggestion="check that the value ends where it should"))
    found = _CONTROL.search(text)
    if found:
        problems.append(Problem(f"holds a control character (U+{ord(found.group()):04X}), which cannot be "
                                "printed", file, line, _dotted(path) or None,
                                suggestion="delete it (it often comes from copying out of another program)"))


def _construct_mapping(node, loader, file, path, marks, problems, text_scalars, budget):
    """The mapping under ``node``, merge keys resolved, each key's line kept in ``marks``."""
    pairs, merged = _flatten(node, {})
    budget.spend(len(pairs), node)
    result: dict[Any, Any] = {}
    own_keys: set[str] = set()
    for index, (key_node, value_node) in enumerate(pairs):
        if not isinstance(key_node, yaml.ScalarNode):  # a list or mapping as a key (maybe recursive)
            key = None
        elif text_scalars:
            key = key_node.value
        else:
            key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            problems.append(Problem("a key must be a plain word", file, key_node.start_mark.line + 1,
                                    ".".join(map(str, path)) or None))
            continue
        key = str(key) if not isinstance(key, str) else key
        if index >= merged:
            if key in own_keys:
                problems.append(Problem(f"`{key}` is given twice", file, key_node.start_mark.line + 1,
                                        ".".join(map(str, path + (key,))),
                                        suggestion="keep one of them"))
            own_keys.add(key)
        child = path + (key,)
        result[key] = _construct(value_node, loader, file, child, marks, problems, text_scalars, budget)
        marks[child] = Mark(file, key_node.start_mark.line + 1)
    return result


def load_marked(path: str | Path, *, text: str | None = None, text_scalars: bool = False) -> Marked:
    """Load one YAML file, keeping the line of every field. Raises ProfileError on bad YAML.

    ``text_scalars`` keeps every value as the text written (for tables of data such as pupil lists).
    """
    path = Path(path)
    shown = display_path(path)
    if text is None:
        text = decode_input(read_input(path, ProfileError, "YAML file"), path, ProfileError)
    if len(text) > MAX_YAML_BYTES:
        raise ProfileError(f"{shown}: is {len(text) / 2**20:.0f} MB, too large for a sendkit YAML file "
                           f"(the limit is {MAX_YAML_BYTES // 2**20} MB)",
                           [Problem("a school profile is a few kilobytes, a pupil list a few megabytes", shown,
                                    suggestion="check that this is the file you meant")])
    try:
        loader = _Constructor(text)
    except yaml.YAMLError as exc:  # the reader refuses a NUL or other unprintable character up front
        raise _unreadable(exc, shown, text) from None
    try:
        node = loader.get_single_node()
    except _TooDeep as exc:
        raise ProfileError(f"{shown}: the YAML nests more than {MAX_NESTING} levels deep",
                           [Problem("nested too deeply", shown, exc.mark.line + 1 if exc.mark else None,
                                    suggestion="a sendkit file is a few levels deep; check the indentation "
                                               "and the brackets")]) from None
    except yaml.reader.ReaderError as exc:
        raise _unreadable(exc, shown, text) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or "malformed YAML"
        raise ProfileError(
            f"{shown}: the YAML cannot be read",
            [Problem(reason, shown, line,
                     suggestion="check the indentation and that text containing ':' or '#' is quoted")],
        ) from None
    except yaml.YAMLError as exc:
        raise ProfileError(f"{shown}: the YAML cannot be read ({exc})") from None
    finally:
        loader.dispose()
    marks: dict[PathKey, Mark] = {}
    problems: list[Problem] = []
    if node is None:
        raise ProfileError(f"{shown}: the file is empty", [Problem("nothing to read", shown, 1,
                           suggestion="start from an example in school_profiles/")])
    try:
        # Without aliases a value takes at least a character of the text, so this only stops expansion.
        _ACTIVE.clear()
        data = _construct(node, loader, shown, (), marks, problems, text_scalars,
                          _Budget(len(text) + MAX_ALIAS_EXPANSION, shown))
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ProfileError(f"{shown}: a value cannot be read",
                           [Problem(exc.problem or "bad value", shown, mark.line + 1 if mark else None)]) from None
    if problems:
        raise ProfileError(f"{shown}: {len(problems)} problem(s) in the YAML", problems)
    return Marked(data, marks)


def _unreadable(exc: yaml.YAMLError, shown: str, text: str) -> ProfileError:
    """A character YAML cannot hold (a NUL, a stray control code): its line, never the character itself."""
    position = getattr(exc, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    code = getattr(exc, "character", None)
    what = f"U+{ord(code):04X}" if isinstance(code, str) else (f"U+{code:04X}" if isinstance(code, int) else "")
    return ProfileError(f"{shown}: the YAML cannot be read",
                        [Problem(f"holds a character that cannot be in a text file {what}".rstrip(), shown, line,
                                 suggestion="the file may be damaged, or saved as UTF-16 or a binary format; "
                                            "save it as UTF-8 text")])
