"""The trust file: facts about a multi-academy trust, defaults for its schools, and what is locked.

A trust file is not a school profile. Its top level (see docs/trusts.md)::

    extends: ../trust.yaml          # optional: a region file extends the trust file
    trust: {name, slug, website, send_lead}
    policy_level: trust | school    # one trust-wide SEND policy, or one per school
    policy: {approved_by, approved_on, signed_by, review_cycle_months}
    policy_profile: {...}           # the facts the trust-wide policy is written from
    defaults: {...}                 # profile fields merged under every school
    locked_fields: [sendiass, local_offer.url]
    clauses: clauses/               # trust wording for clauses (same IDs as the bundled ones)
    overridable_clauses: [therapies]  # clause IDs a school may reword in its own clauses/ folder

Loading walks the `extends:` chain (with cycle detection), validates each file strictly (unknown
keys with a suggestion, file and line) and merges it into one :class:`TrustConfig`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import Field, ValidationError, field_validator

from ..errors import Problem, ProfileError, did_you_mean, display_path
# TrustConfig (what a chain of trust files merges into) is defined with the merge rules and stays importable here
from ..merge import ANY_CLAUSE, Inherited, TrustConfig, load_cached, merge_marked, resolve_parent, shift_marks
from ..schema import (INTERNAL, Approval, Contact, Model, Profile, Slug, Text, TrustPolicyModel, Url, model_at,
                      problems_from_validation, slugify, trust_wide_problems, validate_data)
from ..yamlmarks import Mark, Marked

TRUST_KEYS = ("trust", "policy_level", "policy", "policy_profile", "defaults", "locked_fields",
              "clauses", "overridable_clauses")
_CLAUSE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class TrustFacts(Model):
    name: Text
    slug: Optional[Slug] = Field(None, json_schema_extra=INTERNAL)
    website: Optional[Url] = None
    send_lead: Optional[Contact] = None


class TrustModel(Model):
    """One trust (or region) file, as written in YAML.

    Settings that steer how documents are made, rather than facts a parent reads, are marked internal
    (the every-fact test looks for every other value in the documents the trust file feeds)."""

    extends: Optional[Text] = Field(None, json_schema_extra=INTERNAL)
    trust: Optional[TrustFacts] = None
    policy_level: Optional[Literal["trust", "school"]] = None
    policy: Optional[Approval] = None
    policy_profile: Optional[dict[str, Any]] = None
    defaults: Optional[dict[str, Any]] = None
    locked_fields: list[Text] = Field([], json_schema_extra=INTERNAL)
    clauses: Optional[Text] = Field(None, json_schema_extra=INTERNAL)
    overridable_clauses: Optional[list[Text]] = Field(None, json_schema_extra=INTERNAL)

    @field_validator("overridable_clauses")
    @classmethod
    def _clause_ids(cls, value):
        for cid in value or []:
            if cid != ANY_CLAUSE and not _CLAUSE_ID.match(cid):
                raise ValueError(f"`{cid}` is not a clause ID (lower-case words joined by hyphens, or *)")
        return value


# ---------------------------------------------------------------------------------------------

def classify_yaml(data: Any) -> str:
    """"school", "trust" or "other" for a loaded YAML file, decided by its content."""
    if not isinstance(data, dict):
        return "other"
    if "school" in data:
        return "school"
    if any(k in data for k in TRUST_KEYS):
        return "trust"
    if "extends" in data:
        return "school"
    return "other"


def known_profile_path(parts: list[str]) -> bool:
    """Whether a dotted field path names a field of the school profile schema."""
    names = tuple(p for p in parts if not p.isdigit())  # list indexes name no field
    if not names:
        return True
    parent = model_at(names[:-1])
    return parent is not None and names[-1] in parent.model_fields


def _profile_fields_at(parts: list[str]) -> list[str]:
    model = model_at(tuple(p for p in parts if not p.isdigit()))
    return list(model.model_fields) if model else []


def validate_trust(marked: Marked, path: Path) -> TrustModel:
    """Validate one trust file strictly; ProfileError lists every problem with its line."""
    shown = display_path(path)
    if not isinstance(marked.data, dict):
        raise ProfileError(f"{shown}: a trust file must be a set of fields (trust:, defaults:, ...)",
                           [Problem("the top level is not a mapping", shown, 1)])
    problems: list[Problem] = []
    if "school" in marked.data:
        problems.append(Problem("a trust file has no `school:` section", shown, marked.mark(("school",)).line,
                                "school", suggestion="put the facts every school shares under `defaults:`; "
                                "each school's own facts go in its own file"))
    try:
        model = TrustModel.model_validate({k: v for k, v in marked.data.items() if k != "school"})
    except ValidationError as exc:
        model = None
        for p in problems_from_validation(exc, marked, shown):
            if p.message.startswith("unknown key") and p.field and "." not in p.field:
                p = dataclasses.replace(p, suggestion=did_you_mean(p.field, TrustModel.model_fields) or
                                        "a trust file has: " + ", ".join(TrustModel.model_fields))
            elif p.message.startswith("unknown key") and p.field and p.field.startswith("trust."):
                p = dataclasses.replace(p, suggestion=did_you_mean(p.field.split(".")[-1], TrustFacts.model_fields)
                                        or "allowed here: " + ", ".join(TrustFacts.model_fields))
            problems.append(p)
    if model is not None:
        for i, dotted_path in enumerate(model.locked_fields):
            parts = dotted_path.split(".")
            if not known_profile_path(parts):
                mark = marked.mark(("locked_fields", i))
                problems.append(Problem(f"`{dotted_path}` is not a field of the school profile", shown,
                                        mark.line if mark else None, f"locked_fields.{i}",
                                        suggestion=did_you_mean(parts[-1], _profile_fields_at(parts[:-1]))))
        for section in ("defaults", "policy_profile"):
            problems += _unknown_profile_keys(getattr(model, section), marked, shown, (section,), [])
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise ProfileError(f"{shown}: {len(problems)} problem(s) in the trust file", problems)
    return model


def _unknown_profile_keys(data: Any, marked: Marked, shown: str, src: tuple, parts: list[str]) -> list[Problem]:
    """Unknown keys under `defaults:` are reported against the trust file, not once per school."""
    if not isinstance(data, dict):
        return []
    problems = []
    allowed = _profile_fields_at(parts)
    if not allowed:
        return []
    for key, value in data.items():
        if key == "add" and isinstance(value, list):
            continue
        if key not in allowed:
            mark = marked.mark(src + (key,))
            problems.append(Problem(f"unknown key `{key}`", shown, mark.line if mark else None,
                                    ".".join(map(str, src + (key,))),
                                    suggestion=did_you_mean(str(key), allowed) or "allowed here: " + ", ".join(allowed)))
            continue
        fields = _profile_fields_at(parts + [key])
        if fields and value is not None and not isinstance(value, (dict, list)):
            # merged under every school, a single value here would silently replace the school's fields
            mark = marked.mark(src + (key,))
            problems.append(Problem(f"must be a set of fields ({', '.join(fields[:3])}, ...), not a single value",
                                    shown, mark.line if mark else None, ".".join(map(str, src + (key,))),
                                    suggestion=f"write the fields of `{key}` on the lines below it, indented"))
        else:
            problems += _unknown_profile_keys(value, marked, shown, src + (key,), parts + [key])
    return problems


def load_trust_file(path: Path, _seen: tuple[Path, ...] = (), _child: tuple[Path, Mark] | None = None) -> TrustConfig:
    """Load a trust file and everything it extends, merged into one :class:`TrustConfig`."""
    path = Path(path)
    marked = load_cached(path)
    shown = display_path(path)
    kind = classify_yaml(marked.data)
    if kind == "school" and _child is not None:
        child, mark = _child
        raise ProfileError(f"{display_path(child)}: extends a school profile, not a trust file", [
            Problem(f"`{shown}` is a school profile (it has `school:`)", display_path(child), mark.line, "extends",
                    suggestion="extend the trust file (trust.yaml); schools cannot extend each other")])
    model = validate_trust(marked, path)
    own = _own_base(model, marked, path)

    parent_config = None
    if model.extends:
        parent = resolve_parent(path, model.extends, marked.mark(("extends",)), _seen)
        parent_config = load_trust_file(parent, _seen + (path.resolve(),), (path, marked.mark(("extends",))))

    files = (parent_config.files if parent_config else []) + [path]
    facts_mark = marked.mark(("trust",)) if model.trust else (parent_config.facts_mark if parent_config else None)
    if parent_config is None and model.trust is None:
        raise ProfileError(f"{shown}: the trust file needs `trust:` with at least `name:`", [
            Problem("`trust:` is required in the top trust file", shown, 1, "trust",
                    suggestion="add `trust:` with `name:` (and `website:`, `send_lead:`)")])

    if parent_config is not None:
        problems = locked_problems(parent_config.locked, own, path)
        if problems:
            raise ProfileError(f"{shown}: changes fields the trust file locks", problems)
        merged, overrides, _ = merge_marked(parent_config.base, own, parent_config.overrides)
        base = merged
    else:
        base, overrides = own, {}

    # the top file has `trust:` (required above); a region below it cannot set it (locked)
    if model.trust is not None:
        name, slug = model.trust.name, model.trust.slug or slugify(model.trust.name)
    else:
        name, slug = parent_config.name, parent_config.slug

    locked = dict(parent_config.locked) if parent_config else {}
    for i, dotted_path in enumerate(model.locked_fields):
        locked.setdefault(dotted_path, marked.mark(("locked_fields", i)))
    # A school never renames its trust: the trust's facts are always locked.
    if facts_mark is not None:
        locked.setdefault("school.trust", facts_mark)

    overridable = parent_config.overridable if parent_config else None
    if model.overridable_clauses is not None:
        mine = {cid: marked.mark(("overridable_clauses", i)) for i, cid in enumerate(model.overridable_clauses)}
        if parent_config is not None and ANY_CLAUSE not in (parent_config.overridable or {}):
            # a region can narrow what the trust allows, never widen it
            allowed = parent_config.overridable or {}
            mine = {cid: m for cid, m in mine.items() if cid in allowed}
        overridable = mine

    folders = list(parent_config.clause_folders) if parent_config else []
    if model.clauses:
        folder = (path.parent / model.clauses)
        mark = marked.mark(("clauses",))
        if not folder.is_dir():
            raise ProfileError(f"{shown}: the clauses folder does not exist", [
                Problem(f"`{model.clauses}` is not a folder (looked for {display_path(folder)})", shown,
                        mark.line if mark else None, "clauses",
                        suggestion="the path is relative to the folder of this file")])
        folders.append((folder, mark))

    level = model.policy_level or (parent_config.policy_level if parent_config else "trust")
    level_mark = (marked.mark(("policy_level",)) if model.policy_level else
                  parent_config.policy_level_mark if parent_config else None)
    owner = path if model.policy_profile is not None else (parent_config.policy_owner if parent_config else None)

    return TrustConfig(files=files, name=name, slug=slug, facts_mark=facts_mark, policy_level=level,
                       policy_level_mark=level_mark, base=base, overrides=overrides, locked=locked,
                       overridable=overridable, clause_folders=folders, policy_owner=owner)


def _own_base(model: TrustModel, marked: Marked, path: Path) -> Marked:
    """What one trust file itself gives every school: `defaults:`, the trust facts, the approval."""
    data: dict[str, Any] = {}
    marks: dict[tuple, Mark] = {(): marked.mark(()) or Mark(display_path(path), 1)}
    defaults = marked.data.get("defaults") or {}
    if defaults:
        data.update(_copy(defaults))
        shift_marks(marked.marks, ("defaults",), (), marks)
    raw_trust = marked.data.get("trust")
    if isinstance(raw_trust, dict):
        facts = {k: _copy(v) for k, v in raw_trust.items() if k != "slug"}
        school = data.setdefault("school", {})
        if isinstance(school, dict):
            school["trust"] = facts
            marks.setdefault(("school",), marked.mark(("trust",)))
            shift_marks(marked.marks, ("trust",), ("school", "trust"), marks)
            marks.pop(("school", "trust", "slug"), None)
    if marked.data.get("policy") is not None:
        data["policy"] = _copy(marked.data["policy"])
        shift_marks(marked.marks, ("policy",), ("policy",), marks)
    return Marked(data, marks)


def locked_problems(locked: dict[str, Mark], child: Marked, child_path: Path) -> list[Problem]:
    """Problems for every locked field the child file sets (naming both files)."""
    problems = []
    shown = display_path(child_path)
    for dotted_path, lock_mark in locked.items():
        target = tuple(dotted_path.split("."))
        for path, mark in child.marks.items():
            if not path or mark.file != shown:
                continue
            str_path = tuple(str(p) for p in path)
            hit = str_path[:len(target)] == target
            if not hit and target[:len(str_path)] == str_path:
                # the child writes an ancestor of the locked field: only a problem if it replaces it
                hit = not isinstance(_get(child.data, path), dict)
            if hit and not any(p.field == dotted_path and p.line == mark.line for p in problems):
                problems.append(Problem(
                    f"`{dotted_path}` is locked by {lock_mark}" if lock_mark else f"`{dotted_path}` is locked",
                    shown, mark.line, ".".join(str_path),
                    suggestion=f"remove it from {shown}: the trust sets it for every school "
                               f"(ask the trust to change {lock_mark.file if lock_mark else 'its file'})"))
                break
    return problems


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def trust_policy_profile(owner: Path) -> Profile:
    """The profile the trust-wide SEND policy is composed from: the trust's defaults, its facts, its
    approval and its `policy_profile:`, validated like a school profile (errors point at the trust file)."""
    owner = Path(owner)
    config = load_trust_file(owner)
    marked = load_cached(owner)
    shown = display_path(owner)
    policy_profile = marked.data.get("policy_profile")
    if not isinstance(policy_profile, dict):
        raise ProfileError(f"{shown}: `policy_level: trust` needs `policy_profile:`", [
            Problem("no `policy_profile:` to write the trust-wide SEND policy from", shown,
                    config.policy_level_mark.line if config.policy_level_mark else 1, "policy_profile",
                    suggestion="add `policy_profile:` with the trust's own facts (school:, people:, ...), "
                               "or set `policy_level: school`")])
    marks: dict[tuple, Mark] = {(): marked.mark(("policy_profile",))}
    shift_marks(marked.marks, ("policy_profile",), (), marks)
    own = Marked(_copy(policy_profile), marks)
    merged, overrides, _ = merge_marked(config.base, own, config.overrides)
    school = merged.data.setdefault("school", {})
    if isinstance(school, dict):
        # the trust stands where a school would: its name, slug and website unless written out
        facts = school.get("trust") or {}
        school.setdefault("name", facts.get("name") or config.name)
        school.setdefault("slug", config.slug)
        if facts.get("website"):
            school.setdefault("website", facts["website"])
    warnings = _trust_senco(merged, config.base, policy_profile, shown)
    # an Inherited source, so the trust's own clause wording applies to its policy too
    profile = validate_data(Inherited(merged.data, merged.marks, chain=list(config.files), trust=config,
                                      overrides=overrides), owner, TrustPolicyModel)
    profile.trust_wide = True
    problems = trust_wide_problems(profile)
    if problems:
        raise ProfileError(f"{shown}: {len(problems)} problem(s) in the trust's SEND policy", problems)
    profile.warnings = warnings + profile.warnings
    return profile


# What a school's SENCO has that the trust's SEND lead (a Contact) does not: never printed for a trust.
_SENCO_ONLY = ("qualification", "qualification_completed", "appointed", "qualified_teacher", "senior_leadership",
               "time_allocated", "responsible_for")


def _trust_senco(merged: Marked, base: Marked, policy_profile: dict, shown: str) -> list[Problem]:
    """Leave the trust-wide policy's `people.senco` only the trust's word for the role (REG49: each
    school's SENCO is a qualified teacher working at that school; a trust has none of its own).

    A trust file written before this names a person there, usually its SEND director: that person is
    read as the trust's SEND lead (`trust.send_lead`), with a warning saying what to write instead. A
    person who is neither the SEND lead nor missing one cannot be placed, and is refused.
    """
    people = merged.data.get("people")
    senco = people.get("senco") if isinstance(people, dict) else None
    if not isinstance(senco, dict):
        return []
    written = (policy_profile.get("people") or {}).get("senco") if isinstance(policy_profile.get("people"), dict) else None
    written = written if isinstance(written, dict) else {}
    person = {k: v for k, v in written.items() if k != "title"}
    # The trust's word for the role: a title written on its own here, else `defaults:` (which every
    # school inherits too). Beside a person, `title:` was that person's role, not the word.
    word, word_mark = senco.get("title"), merged.marks.get(("people", "senco", "title"))
    if person:
        base_senco = ((base.data.get("people") or {}).get("senco") or {}) if isinstance(base.data, dict) else {}
        word = base_senco.get("title") if isinstance(base_senco, dict) else None
        word_mark = base.marks.get(("people", "senco", "title"))
    people["senco"] = {"title": word} if word else {}
    written_marks = {p[2]: m for p, m in merged.marks.items() if p[:2] == ("people", "senco") and len(p) > 2}
    for path in [p for p in merged.marks if p[:2] == ("people", "senco") and len(p) > 2]:
        merged.marks.pop(path)
    if word and word_mark is not None:
        merged.marks[("people", "senco", "title")] = word_mark
    if not person:
        return []

    mark = merged.mark(("people", "senco"))
    line = mark.line if mark else None
    trust = merged.data.get("school", {}).get("trust")
    lead = trust.get("send_lead") if isinstance(trust, dict) else None
    name = person.get("name")
    dropped = [k for k in _SENCO_ONLY if k in person]
    words = [k.replace("_", " ") for k in dropped]
    listed = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
    unprinted = (f"; its {listed} describe a school's SENCO and are not printed in the trust-wide policy"
                 if dropped else "")
    if isinstance(lead, dict) and lead.get("name"):
        if not name or " ".join(str(name).split()).lower() != " ".join(str(lead["name"]).split()).lower():
            raise ProfileError(f"{shown}: the trust-wide policy has no SENCO of its own", [Problem(
                f"`people.senco` under `policy_profile:` names {name or 'no one'}, but each school's SENCO works "
                f"at that school and the trust's SEND lead is {lead['name']} (`trust: send_lead:`)", shown, line,
                "policy_profile.people.senco",
                suggestion="remove `senco:` from `policy_profile: people:` (each school names its SENCO in its own "
                           f"file); if {name or 'this person'} leads SEND across the trust, write them under "
                           "`trust: send_lead:` instead")])
        for key in ("email", "phone"):  # the same person: keep every way to reach them
            if person.get(key) and not lead.get(key):
                lead[key] = person[key]
                if key in written_marks:
                    merged.marks[("school", "trust", "send_lead", key)] = written_marks[key]
        return [Problem(f"`people.senco` under `policy_profile:` repeats the trust's SEND lead ({lead['name']}): "
                        f"a trust has no SENCO of its own, so it is read as the SEND lead{unprinted}", shown, line,
                        "policy_profile.people.senco",
                        suggestion="remove `senco:` from `policy_profile: people:`; to give the trust's word for the "
                                   "role, write `senco: title: SENDCo` under `defaults: people:`")]
    if not name:
        raise ProfileError(f"{shown}: the trust-wide policy has no SENCO of its own", [Problem(
            "`people.senco` under `policy_profile:` gives contact details but no name", shown, line,
            "policy_profile.people.senco",
            suggestion="write the trust's SEND lead under `trust: send_lead:` (name, role, email, phone)")])
    lead = {"name": name}
    if written.get("title"):
        lead["role"] = written["title"]
    lead.update({k: person[k] for k in ("email", "phone") if person.get(k)})
    if isinstance(trust, dict):
        trust["send_lead"] = lead
        for key, field_name in (("name", "name"), ("role", "title"), ("email", "email"), ("phone", "phone")):
            source = written_marks.get(field_name) or mark
            if key in lead and source is not None:
                merged.marks[("school", "trust", "send_lead", key)] = source
    return [Problem(f"`people.senco` under `policy_profile:` names {name}, but a trust has no SENCO of its own "
                    f"(each school's SENCO works at that school): read as the trust's SEND lead{unprinted}",
                    shown, line, "policy_profile.people.senco",
                    suggestion=f"move {name} to `trust: send_lead:` (name, role, email, phone) and remove `senco:` "
                               "from `policy_profile: people:`")]
