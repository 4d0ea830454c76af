"""Facts given but printed nowhere: what a trust writes under `policy_profile:` that its SEND policy drops.

A school's every fact is printed somewhere in its policy or report (tests/test_every_fact.py checks
the examples). A trust's `policy_profile:` feeds one document only, the trust-wide SEND policy, while
each school's SEN information report is built from that school's own file (and the trust's
`defaults:`). So a fact there that only a report would print (a list of therapies, the report's
publication date) reaches no reader: :func:`policy_profile_unprinted` finds each such fact in the
built policy's text and warns, naming the trust file, line and field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal, get_args, get_origin

from .dates import long_date, parse_date_text
from .document import Document
from .errors import Problem, display_path
from .merge import load_cached
from .schema import Profile, TrustPolicyModel, model_at


def document_text(doc: Document) -> str:
    """What a reader sees: every word, every link's address, and the file's metadata."""
    parts = [doc.text, doc.subject or ""]
    for block in list(doc.front_matter) + [b for _, b in doc.walk()]:
        runs = list(getattr(block, "inlines", []) or [])
        for item in getattr(block, "items", []) or []:
            runs += item
        parts += [i.href for i in runs if i.href]
    return " ".join(parts)


def normal(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"')  # a value's straight quotes print curly
    return re.sub(r"\s+", " ", text).strip().lower()


# A review cycle of whole years is said as a parent says it ("every three years", not "every 36 months").
CYCLE_IN_YEARS = {12: "year", 24: "two years", 36: "three years"}


def printed_forms(value: Any, where: tuple = ()) -> list[str]:
    """The ways a value can appear in a document: a date in words, an email without mailto:, ages "3 to 11",
    a review cycle in years. ``where`` is the value's path in the profile, when the field decides its form."""
    if where and where[-1] == "review_cycle_months" and value in CYCLE_IN_YEARS:
        return [str(value), f"every {CYCLE_IN_YEARS[value]}"]
    if isinstance(value, str) and parse_date_text(value) is not None:  # a date as read from YAML text
        value = parse_date_text(value)
    if isinstance(value, date):  # "July 2026" alone would match any other date that month
        return [long_date(value)]
    if isinstance(value, str) and value.startswith("mailto:"):
        return [value[7:]]
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}\s*[-–]\s*\d{1,2}", value):
        return [value, re.sub(r"\s*[-–]\s*", " to ", value)]
    return [str(value)]


def _is_code(annotation: Any) -> bool:
    if get_origin(annotation) is Literal:
        return True
    return any(_is_code(a) for a in get_args(annotation))


def is_fact(path: tuple, root: type = TrustPolicyModel) -> bool:
    """Whether a field is words a reader should see: not a setting (internal), not a code (a Literal or yes/no)."""
    names = tuple(p for p in path if not isinstance(p, int))
    model = model_at(names[:-1], root)
    field = model.model_fields.get(names[-1]) if model else None
    if field is None:
        return True
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return not (extra.get("internal") or _is_code(field.annotation) or field.annotation is bool)


def leaves(data: Any, path: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, path + (i,))
    else:
        yield path, data


# Read another way, with a warning of their own (toolkit.trust.model._trust_senco).
_WARNED_ELSEWHERE = (("people", "senco"),)


def _item(data: Any, where: tuple) -> Any:
    """The list entry a leaf belongs to (a therapy, a contact), or None when it is in no list."""
    entry = None
    for part in where[:-1]:
        data = data[part]
        if isinstance(part, int):
            entry = data
    return entry


def policy_profile_unprinted(profile: Profile, policy: Document) -> list[Problem]:
    """Warnings for the facts written under the trust file's `policy_profile:` that ``policy`` (the
    trust-wide SEND policy built from ``profile``) does not print: one per field the trust wrote
    (``provision.therapies``, ``people.headteacher``), listing the values not printed."""
    text = normal(document_text(policy))
    owner = display_path(profile.path)
    found: dict[tuple, list[str]] = {}
    lines: dict[tuple, int | None] = {}
    marked = load_cached(profile.path)  # the trust file as written (cached: read to build the profile)
    written = marked.data.get("policy_profile") if isinstance(marked.data, dict) else None
    written = written if isinstance(written, dict) else {}
    for where, value in leaves(written):
        if value is None or isinstance(value, bool) or not where or not is_fact(where):
            continue
        if any(where[:len(p)] == p for p in _WARNED_ELSEWHERE):
            continue
        if any(normal(form) in text for form in printed_forms(value, where)):
            continue
        # one warning per field the trust wrote (`provision.therapies`, `people.headteacher`), its values listed
        field_path = tuple(p for p in where if not isinstance(p, int))[:2]
        item = _item(written, where)
        label = str(item["name"]) if isinstance(item, dict) and item.get("name") else str(value)
        if label not in found.setdefault(field_path, []):
            found[field_path].append(label)
        mark = marked.mark(("policy_profile",) + where)
        lines.setdefault(field_path, mark.line if mark else None)
    problems = []
    for field_path, values in found.items():
        shown = "; ".join(values[:3]) + ("; ..." if len(values) > 3 else "")
        dotted = ".".join(field_path)
        if field_path == ("people", "other_sencos"):  # a person at one school: `defaults:` would give every school them
            problems.append(Problem(
                f"the trust-wide SEND policy names no school's SENCOs ({shown}): each co-SENCO, assistant or deputy "
                "works at one school, and no school's SEN information report reads `policy_profile:`",
                owner, lines[field_path], f"policy_profile.{dotted}",
                suggestion="name each under `people: other_sencos:` in their own school's file and remove them here; "
                           "someone who supports SENCOs across the trust goes under `trust: send_lead:`"))
            continue
        problems.append(Problem(
            f"the trust-wide SEND policy does not print this ({shown}), and no school's SEN information report "
            "reads `policy_profile:` (each report is built from the school's own file and the trust's "
            "`defaults:`), so no parent would see it", owner, lines[field_path], f"policy_profile.{dotted}",
            suggestion=f"to have every school's report give it, move it under `defaults:` (as `{dotted}`); "
                       "if it differs by school, put it in each school's file; otherwise remove it"))
    return problems
