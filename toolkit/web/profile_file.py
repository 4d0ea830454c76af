"""A school profile as the user wrote it, edited in place: comments, key order and untouched values kept.

The web form changes a few values at a time. ruamel.yaml's round-trip mode keeps everything else in
the file exactly as it was; only keys whose value really changed are touched. Saving writes the new
text atomically (``toolkit.output.write_atomic``) after copying the previous file to ``NAME.yaml.bak``.
"""

from __future__ import annotations

import copy
import io
import shutil
import threading
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import ProfileError, display_path
from ..output import write_atomic

BACKUP_SUFFIX = ".bak"

Path_ = tuple  # a field path: ("people", "senco", "email") or ("provision", "interventions", 0, "name")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class ProfileFile:
    """The round-trip data of one profile file, with get/set by field path and an atomic save."""

    def __init__(self, path: Path, data: CommentedMap, text: str):
        self.path = path
        self.data = data
        self.original = text

    @classmethod
    def load(cls, path: str | Path, private: bool = False) -> "ProfileFile":
        """Read ``path``. Raises ProfileError for YAML that cannot be parsed (the loader says where).

        Parsed data is shared between readers of the same text (round-trip parsing is slow, and the
        preview refresh after a save must be quick); ``private=True`` gives a copy to change.
        """
        path = Path(path)
        text = path.read_text(encoding="utf-8-sig")
        with _PARSED_LOCK:
            parsed = _PARSED.get(text)
        if parsed is not None:
            return cls(path, copy.deepcopy(parsed) if private else parsed, text)
        try:
            data = _yaml().load(text)
        except Exception as exc:  # ruamel's parser errors carry the line in their text
            reason = " ".join(str(exc).split())[:300]
            raise ProfileError(f"{display_path(path)}: the YAML cannot be read ({reason})") from None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap):
            raise ProfileError(f"{display_path(path)}: a school profile must be a set of fields (school:, people:, ...)")
        _remember(text, data)
        return cls(path, copy.deepcopy(data) if private else data, text)

    @classmethod
    def from_text(cls, path: Path, text: str) -> "ProfileFile":
        data = _yaml().load(text) or CommentedMap()
        return cls(path, data, text)

    # -----------------------------------------------------------------------------------------
    def get(self, path: Path_, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return default
        return node

    def set(self, path: Path_, value: Any) -> bool:
        """Set the value at ``path`` (``None`` removes the key). Returns True when the file changed."""
        if value is None:
            return self._delete(path)
        parent = self._container(path[:-1], path[-1])
        key = path[-1]
        if isinstance(parent, list):
            while len(parent) <= key:
                parent.append(None)
            if _same(parent[key], value):
                return False
            parent[key] = _to_yaml(value, parent[key])
            return True
        if key in parent and _same(parent[key], value):
            return False
        parent[key] = _to_yaml(value, parent.get(key))
        return True

    def set_setting(self, key: str, value: Any, after: tuple[str, ...] = ("extends",)) -> bool:
        """Set a top-level setting (``word_template:``): in place when the file has it, else near the
        top (below the header comment and any key in ``after``), where a reader looks for settings.
        ``None`` writes an explicit null (``key:``), which clears a value a trust file gives."""
        if key in self.data:
            if self.data[key] is None and value is None or (value is not None and _same(self.data[key], value)):
                return False
            self.data[key] = _to_yaml(value) if value is not None else None
            return True
        position = max([i + 1 for i, k in enumerate(self.data) if k in after], default=0)
        self.data.insert(position, key, _to_yaml(value) if value is not None else None)
        return True

    def set_list_length(self, path: Path_, length: int) -> bool:
        """Drop the items of the list at ``path`` beyond ``length`` (the list is removed when empty)."""
        node = self.get(path)
        if not isinstance(node, list):
            return False
        if length == 0:
            return self._delete(path)
        if len(node) <= length:
            return False
        del node[length:]
        return True

    def _delete(self, path: Path_) -> bool:
        parent = self.get(path[:-1])
        key = path[-1]
        if isinstance(parent, dict) and key in parent:
            del parent[key]
            changed = True
        elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            del parent[key]
            changed = True
        else:
            return False
        # A group left empty by the removal goes too (an empty `sen_governor:` would be invalid).
        if len(path) > 1 and isinstance(parent, (dict, list)) and not parent:
            self._delete(path[:-1])
        return changed

    def _container(self, path: Path_, child_key: Any) -> Any:
        node: Any = self.data
        for i, part in enumerate(path):
            nxt = path[i + 1] if i + 1 < len(path) else child_key
            fresh = CommentedSeq() if isinstance(nxt, int) else CommentedMap()
            if isinstance(node, list):
                while len(node) <= part:
                    node.append(None)
                if not isinstance(node[part], (dict, list)):
                    node[part] = fresh
                node = node[part]
            else:
                if not isinstance(node.get(part), (dict, list)):
                    node[part] = fresh
                node = node[part]
        return node

    # -----------------------------------------------------------------------------------------
    def dump(self) -> str:
        stream = io.StringIO()
        _yaml().dump(self.data, stream)
        return stream.getvalue()

    def save(self, text: str | None = None) -> None:
        """Write atomically, keeping the previous version as NAME.yaml.bak. ``text``: ``dump()`` if known."""
        text = self.dump() if text is None else text
        if self.path.exists():
            shutil.copy2(self.path, self.path.with_name(self.path.name + BACKUP_SUFFIX))
        write_atomic(self.path, text)
        self.original = text
        _remember(text, self.data)  # shared from now on: change a fresh ProfileFile.load(private=True)


_PARSED: dict[str, CommentedMap] = {}
_PARSED_LOCK = threading.Lock()


def _remember(text: str, data: CommentedMap) -> None:
    with _PARSED_LOCK:
        if len(_PARSED) > 32:
            _PARSED.clear()
        _PARSED[text] = data


def _same(current: Any, value: Any) -> bool:
    """Whether the file already holds ``value`` (so the key is left exactly as written)."""
    if isinstance(value, list):
        return isinstance(current, list) and len(current) == len(value) and all(
            _same(c, v) for c, v in zip(current, value))
    if isinstance(value, dict):
        return isinstance(current, dict) and set(current) == set(value) and all(
            _same(current[k], v) for k, v in value.items())
    if isinstance(current, bool) or isinstance(value, bool):
        return current is value or (isinstance(current, bool) and isinstance(value, bool) and current == value)
    if isinstance(value, date):
        return isinstance(current, date) and current == value or str(current) == value.isoformat()
    if current is None:
        return False
    return str(current) == str(value) and type(current) is type(value) or (
        isinstance(current, str) and isinstance(value, str) and current == value)


def _to_yaml(value: Any, current: Any = None) -> Any:
    """A Python value as ruamel data; a list of strings edited in place keeps the list's comments."""
    if isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
        seq = current if isinstance(current, CommentedSeq) else CommentedSeq()
        seq[:] = value
        return seq
    if isinstance(value, dict):
        out = current if isinstance(current, CommentedMap) else CommentedMap()
        for key in list(out):
            if key not in value:
                del out[key]
        for key, item in value.items():
            if not _same(out.get(key), item):
                out[key] = _to_yaml(item, out.get(key))
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        seq.extend(_to_yaml(v) for v in value)
        return seq
    if isinstance(value, str) and _needs_quotes(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    return value


def _needs_quotes(text: str) -> bool:
    """Text YAML would read as something else (a number, a date, yes/no): quote it to keep it text."""
    yaml = YAML(typ="safe")
    try:
        return not isinstance(yaml.load(text), str) or yaml.load(text) != text
    except Exception:
        return True
