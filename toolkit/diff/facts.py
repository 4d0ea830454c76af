"""Which facts of a school profile changed, said as governors would say them.

Works on the validated profile as plain data (``model_dump``), so a field the schema gains tomorrow
is compared without a change here. People, partners and other named things are compared by name:
"SENCO: Mrs A -> Mr B", not a list of every field of two different people.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from .model import FactChange

# Words that read better than the key humanised ("senco" -> "SENCO").
_WORDS = {
    "senco": "SENCO", "sencos": "SENCOs", "sen": "SEN", "send": "SEND", "sendiass": "SENDIASS",
    "url": "web address", "urn": "URN", "ehc": "EHC", "la": "local authority", "npq": "NPQ",
    "sixth": "sixth", "pfa": "preparing for adulthood",
}
# Fields that are how the file is put together, not facts of the school.
# An item removed and one added at least this alike are one item reworded.
_REWORDED = 0.6
_IGNORED = {("extends",), ("clauses",), ("word_template",)}


def label(path: tuple) -> str:
    """``("people", "sen_governor", "email")`` -> "SEN governor: email"."""
    words = [str(p) for p in path if not isinstance(p, int)]
    if words and words[0] in ("people", "provision", "partners", "school") and len(words) > 1:
        words = words[1:]  # "SENCO", not "People: SENCO"
    parts = [" ".join(_WORDS.get(w, w) for w in word.split("_")) for word in words]
    text = ": ".join(parts)
    return text[:1].upper() + text[1:]


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        name = value.get("name") or value.get("title")
        return str(name) if name else None
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _item_text(value: Any) -> str:
    return _name(value) or ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, [], {}))


def diff_facts(old: dict[str, Any], new: dict[str, Any]) -> list[FactChange]:
    """Every fact that differs between two profiles' data, in the order the profile gives them."""
    changes: list[FactChange] = []
    _walk(old, new, (), changes)
    return changes


def _walk(old: Any, new: Any, path: tuple, out: list[FactChange]) -> None:
    if path in _IGNORED or old == new:
        return
    dotted = ".".join(map(str, path))
    if isinstance(old, dict) and isinstance(new, dict):
        old_name, new_name = old.get("name"), new.get("name")
        if path and old_name and new_name and old_name != new_name:
            # A different person or organisation: one line, not one per field.
            out.append(FactChange(dotted, label(path), "changed", old_name, new_name))
            return
        for key in list(old) + [k for k in new if k not in old]:
            _walk(old.get(key), new.get(key), path + (key,), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        out.extend(_list_change(old, new, path))
        return
    if old in (None, [], {}):
        out.append(FactChange(dotted, label(path), "added", None, new))
    elif new in (None, [], {}):
        out.append(FactChange(dotted, label(path), "removed", old, None))
    else:
        out.append(FactChange(dotted, label(path), "changed", old, new))


def _list_change(old: list, new: list, path: tuple) -> list[FactChange]:
    old_by = {(_name(v) or repr(v)): v for v in old}
    new_by = {(_name(v) or repr(v)): v for v in new}
    added = [_item_text(new_by[k]) for k in new_by if k not in old_by]
    removed = [_item_text(old_by[k]) for k in old_by if k not in new_by]
    changed = [k for k in new_by if k in old_by and old_by[k] != new_by[k]]
    if not (added or removed or changed):
        return []  # the same items in another order: nothing a reader would call a change
    reworded = []
    for before in list(removed):  # "word banks" -> "word banks and overlays": one item reworded
        match = max(added, key=lambda after: SequenceMatcher(None, before, after).ratio(), default=None)
        if match is not None and SequenceMatcher(None, before, match).ratio() >= _REWORDED:
            reworded.append((before, match))
            removed.remove(before)
            added.remove(match)
    return [FactChange(".".join(map(str, path)), label(path), "list", added=added, removed=removed,
                       changed=changed, reworded=reworded)]
