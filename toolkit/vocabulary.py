"""The words schools use for the same thing, as data (``vocabulary:`` in requirements.yaml).

Real documents say "parents", "carers", "families"; "pupils", "learners", "young people"; "SENCO",
"SENDCo", "Inclusion Lead", "Additional Needs Leader". A recognition pattern in the catalogue names a
group as ``{parents}`` and :func:`expand` replaces it with every variant of the group, singular and
plural, so adding a variant is one line of data, never an edit to each requirement's regex.

Each variant is written as a reader sees it: ``parent | parents`` (singular | plural) or one form
(``SENDCo``). In the pattern a space matches any run of spaces and a hyphen is optional
("co-ordinator", "coordinator", "co ordinator"); matching is case-insensitive like every signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

PLACEHOLDER = re.compile(r"\{([a-z][a-z_]*)\}")


@dataclass(frozen=True)
class Variant:
    one: str  # the singular form (or the only form)
    many: str  # the plural form (the same as ``one`` for a word with one form)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.one,) if self.one == self.many else (self.one, self.many)


@dataclass(frozen=True)
class Group:
    name: str
    variants: tuple[Variant, ...]

    @property
    def pattern(self) -> str:
        """A non-capturing alternation of every form, longest first (so "young people" beats "young")."""
        forms = sorted({f for v in self.variants for f in v.forms}, key=lambda f: (-len(f), f))
        return "(?:" + "|".join(_form_pattern(f) for f in forms) + ")"


def _form_pattern(form: str) -> str:
    out = []
    for ch in form:
        if ch == " ":
            out.append(r"\s+")
        elif ch == "-":
            out.append(r"[-‐ ]?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def parse_vocabulary(raw: Mapping[str, Any] | None) -> dict[str, Group]:
    """The ``vocabulary:`` mapping of the catalogue as groups; a malformed entry is a ValueError."""
    groups: dict[str, Group] = {}
    for name, entries in (raw or {}).items():
        if not PLACEHOLDER.fullmatch("{" + str(name) + "}"):
            raise ValueError(f"vocabulary group `{name}`: use lower-case letters and underscores")
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"vocabulary group `{name}`: give a list of variants")
        variants = []
        for entry in entries:
            if not isinstance(entry, str) or not entry.strip():
                raise ValueError(f"vocabulary group `{name}`: `{entry!r}` is not a word ('one | many' or 'word')")
            pieces = [p.strip() for p in entry.split("|")]
            if len(pieces) > 2 or not all(pieces):
                raise ValueError(f"vocabulary group `{name}`: `{entry}` should be 'singular | plural' or one word")
            variants.append(Variant(pieces[0], pieces[-1]))
        groups[name] = Group(name, tuple(variants))
    return groups


def expand(pattern: str, groups: Mapping[str, Group]) -> str:
    """``pattern`` with each ``{group}`` replaced by the group's alternation; an unknown group is an error."""
    def sub(m: re.Match) -> str:
        group = groups.get(m.group(1))
        if group is None:
            raise ValueError(f"pattern {pattern!r} names `{{{m.group(1)}}}`, which is not a vocabulary group "
                             f"(known: {', '.join(sorted(groups))})")
        return group.pattern

    return PLACEHOLDER.sub(sub, pattern)


def expand_all(value: Any, groups: Mapping[str, Group]) -> Any:
    """Every string inside ``value`` (lists and mappings, recursively) with its placeholders expanded."""
    if isinstance(value, str):
        return expand(value, groups) if "{" in value else value
    if isinstance(value, list):
        return [expand_all(v, groups) for v in value]
    if isinstance(value, dict):
        return {k: expand_all(v, groups) for k, v in value.items()}
    return value
