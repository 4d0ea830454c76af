"""Every fact a school writes in its profile appears in its documents (#9.3): nothing given is
silently dropped. A field may be left out only when the schema says why: it steers how documents are
made (``json_schema_extra={"internal": True}``: slug, extends, word_template) or it is a code that
chooses wording (a Literal such as ``type: academy`` or ``qualification: npq-senco``) rather than words
a parent reads. Yes/no facts choose wording too and are not looked for. A person's ``pronouns:`` is such a
code: it shows as "She is", "He is" or "They are" rather than as its words, which tests/test_prose.py
checks (no "they" for one person whose profile does not say they/them; the filters write each form)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest

from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.facts import document_text as _text, leaves as _leaves, normal as _normal, printed_forms
from toolkit.profile import load_profile
from toolkit.resources import data_dir
from toolkit.schema import model_at

ROOT = Path(__file__).resolve().parent.parent
PROFILES = [data_dir("school_profiles") / f"{name}.yaml"
            for name in ("oakfield-primary", "kingsmere-academy", "brookside-nursery", "hollybank-school")]
PROFILES += sorted((ROOT / "tests" / "profiles").glob("*.yaml"))
PROFILES += sorted(p for p in (data_dir("school_profiles") / "northshire-learning-trust").glob("*.yaml")
                   if p.name not in ("trust.yaml", "term-dates.yaml"))


def _is_code(annotation: Any) -> bool:
    if get_origin(annotation) is Literal:
        return True
    return any(_is_code(a) for a in get_args(annotation))


def _skipped(path: tuple) -> bool:
    names = tuple(p for p in path if not isinstance(p, int))
    model = model_at(names[:-1])
    field = model.model_fields.get(names[-1]) if model else None
    if field is None:
        return False
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return bool(extra.get("internal")) or _is_code(field.annotation)


def _forms(value: Any, where: tuple = ()) -> list[str]:
    """As a warning reads a value (toolkit.facts.printed_forms), and a date also as its month and year
    (the report's "The next one will be ready by October 2027")."""
    forms = printed_forms(value, where)
    if isinstance(value, date):
        forms.append(value.strftime("%B %Y"))
    return forms


def dropped_facts(profile, text: str) -> list[str]:
    """The facts the school wrote (not defaults) that ``text`` does not contain."""
    text = _normal(text)
    data = profile.model.model_dump(mode="python", exclude_unset=True)
    dropped = []
    for where, value in _leaves(data):
        if value is None or isinstance(value, bool) or _skipped(where):
            continue
        if not any(_normal(form) in text for form in _forms(value, where)):
            dropped.append(f"{'.'.join(map(str, where))} = {value!r}")
    return dropped


@pytest.mark.slow
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_every_fact_in_a_profile_appears_in_its_documents(path):
    library = bundled_library()
    profile = load_profile(path)
    text = " ".join(_text(compose(profile, library, bundled_outline(d, library)).document)
                    for d in ("send-policy", "sen-information-report"))
    dropped = dropped_facts(profile, text)
    assert dropped == [], f"{path.name}: facts given but printed nowhere:\n  " + "\n  ".join(dropped)


def test_the_walk_finds_a_dropped_fact_and_skips_codes_and_settings():
    profile = load_profile(PROFILES[0])
    dropped = dropped_facts(profile, "")
    assert "school.name = 'Oakfield Primary School'" in dropped
    assert "people.senco.qualification_completed = datetime.date(2025, 7, 15)" in dropped
    assert not [d for d in dropped if d.startswith(("school.slug", "school.type", "school.phase",
                                                    "people.senco.qualification ="))]


# The trust file: every fact it sets appears in the trust-wide policy or in the documents of the
# schools it feeds (its `defaults:`), unless the trust file's model marks the setting internal.

TRUST_FOLDER = data_dir("school_profiles") / "northshire-learning-trust"


def _trust_skipped(path: tuple) -> bool:
    """Whether a leaf of a trust file is a setting or a code rather than a fact for parents."""
    from toolkit.trust.model import TrustFacts, TrustModel

    top, rest = path[0], path[1:]
    if top in ("defaults", "policy_profile"):  # school profile fields: the profile schema says
        return _skipped(rest)
    if top == "policy":
        return _skipped(path)
    if top == "trust" and len(rest) > 1:  # the trust's SEND lead: a contact, as in a school profile
        return _skipped(("school", "trust") + rest)
    model, name = (TrustFacts, rest[0]) if top == "trust" else (TrustModel, top)
    field = model.model_fields[name]
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return bool(extra.get("internal")) or _is_code(field.annotation)


def dropped_trust_facts(trust_file: Path, text: str) -> list[str]:
    import yaml

    text = _normal(text)
    data = yaml.safe_load(trust_file.read_text(encoding="utf-8"))
    dropped = []
    for where, value in _leaves(data):
        if value is None or isinstance(value, bool) or _trust_skipped(where):
            continue
        if not any(_normal(form) in text for form in _forms(value, where)):
            dropped.append(f"{'.'.join(map(str, where))} = {value!r}")
    return dropped


@pytest.mark.slow
def test_every_fact_in_a_trust_file_appears_in_the_documents_it_feeds():
    from toolkit.trust.model import trust_policy_profile

    library = bundled_library()
    trust_file = TRUST_FOLDER / "trust.yaml"
    policy = trust_policy_profile(trust_file)
    texts = [_text(compose(policy, library, bundled_outline("send-policy", library)).document)]
    for path in sorted(TRUST_FOLDER.glob("*.yaml")):  # its schools publish reports (the policy is the trust's)
        if path.name not in ("trust.yaml", "term-dates.yaml"):
            texts.append(_text(compose(load_profile(path), library,
                                       bundled_outline("sen-information-report", library)).document))
    dropped = dropped_trust_facts(trust_file, " ".join(texts))
    assert dropped == [], "trust.yaml: facts given but printed nowhere:\n  " + "\n  ".join(dropped)


def test_the_trust_walk_finds_a_dropped_fact_and_skips_settings():
    dropped = dropped_trust_facts(TRUST_FOLDER / "trust.yaml", "")
    assert "trust.send_lead.phone = '01632 960900'" in dropped
    assert "defaults.sendiass.phone = '01632 960555'" in dropped
    assert "policy_profile.people.headteacher.name = 'Mrs Joanne Whitaker'" in dropped
    assert "policy.approved_on = datetime.date(2026, 7, 9)" in dropped
    assert not [d for d in dropped if d.startswith(("trust.slug", "policy_level", "locked_fields",
                                                    "overridable_clauses", "defaults.school.type",
                                                    "policy_profile.school.phase"))]


# Every fact the schema can hold, not only those the examples happen to fill: each field a school or a
# trust may write (not a setting, not a code) is filled in at least one profile the walks above read, so
# a field printed by no clause fails there rather than in a school's documents (#9.1, #9.3).

def schema_leaves(model, path: tuple = ()):
    """(path, is_fact) for every field under ``model``: groups and lists of groups walked into, list
    indexes left out; a setting (internal) or a code (Literal, yes/no) is not a fact."""
    from toolkit.schema import annotation_model

    for name, field in model.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        inner = annotation_model(field.annotation)
        if inner is not None and not extra.get("internal"):
            yield from schema_leaves(inner, path + (name,))
        else:
            yield path + (name,), not (extra.get("internal") or _is_code(field.annotation) or field.annotation is bool)


def _exercised() -> set[tuple]:
    """The schema paths (no list indexes) given a value in some profile the every-fact walks read,
    trust.yaml's sections placed where they land in a school's (or the trust-wide policy's) profile."""
    import yaml

    seen = set()
    for path in PROFILES:
        data = load_profile(path).model.model_dump(mode="python", exclude_unset=True)
        seen |= {tuple(p for p in where if not isinstance(p, int))
                 for where, value in _leaves(data) if value is not None and not isinstance(value, bool)}
    trust = yaml.safe_load((TRUST_FOLDER / "trust.yaml").read_text(encoding="utf-8"))
    for where, value in _leaves(trust):
        if value is None or isinstance(value, bool):
            continue
        where = tuple(p for p in where if not isinstance(p, int))
        seen.add(where)  # as the trust file's own model names it
        if where[0] in ("defaults", "policy_profile"):
            seen.add(where[1:])
        elif where[0] == "trust":
            seen.add(("school",) + where)
    return seen


def test_every_field_a_school_or_trust_can_write_is_filled_in_a_profile_the_walk_reads():
    from toolkit.schema import ProfileModel, TrustPolicyModel
    from toolkit.trust.model import TrustModel

    seen = _exercised()
    unfilled = [".".join(p) for root in (ProfileModel, TrustPolicyModel) for p, fact in schema_leaves(root)
                if fact and p not in seen]
    # the trust file's own fields (its profile sections are the school profile's, walked above)
    unfilled += [".".join(p) for p, fact in schema_leaves(TrustModel)
                 if fact and p[0] not in ("defaults", "policy_profile") and p not in seen]
    assert unfilled == [], ("fields no example or test profile fills, so nothing checks that a document "
                            "prints them:\n  " + "\n  ".join(sorted(set(unfilled))))


def test_the_schema_walk_sees_facts_and_skips_codes_and_settings():
    from toolkit.schema import ProfileModel

    leaves = dict(schema_leaves(ProfileModel))
    assert leaves[("people", "headteacher", "phone")] is True
    assert leaves[("provision", "interventions", "description")] is True
    assert leaves[("school", "type")] is False and leaves[("school", "sixth_form")] is False
    assert leaves[("school", "slug")] is False and leaves[("word_template",)] is False


# A code (a Literal such as `area: cognition-and-learning`, or a yes/no) is not looked for as words, so
# it must choose words: `Item.area` was once accepted and used by no clause. For each code some walk
# profile gives, that profile is composed again with the code changed; the documents must differ.

def _code_leaves(model, path: tuple = ()):
    from toolkit.schema import annotation_model

    for name, field in model.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if extra.get("internal"):
            continue
        inner = annotation_model(field.annotation)
        if inner is not None:
            yield from _code_leaves(inner, path + (name,))
        elif _is_code(field.annotation) or field.annotation is bool:
            yield path + (name,), field


def _choices(field, value) -> list:
    if field.annotation is bool:
        return [not value]
    found: list = []
    stack = [field.annotation]
    while stack:
        a = stack.pop()
        if get_origin(a) is Literal:
            found += list(get_args(a))
        else:
            stack += list(get_args(a))
    return [c for c in found if c != value] + ([None] if not field.is_required() else [])


def _built(profile) -> str:
    library = bundled_library()
    return " ".join(_text(compose(profile, library, bundled_outline(d, library), allow_incomplete=True).document)
                    for d in ("send-policy", "sen-information-report"))


@pytest.mark.slow
def test_every_code_a_profile_gives_changes_what_the_documents_say():
    from toolkit.schema import ProfileModel

    profiles = [load_profile(p) for p in PROFILES]
    choosing_nothing = []
    for schema_path, field in _code_leaves(ProfileModel):
        for profile in profiles:
            data = profile.model.model_dump(mode="python", exclude_unset=True)
            hits = [where for where, value in _leaves(data)
                    if tuple(p for p in where if not isinstance(p, int)) == schema_path and value is not None]
            if hits:
                break
        else:
            continue  # no profile gives it: nothing to compare
        where = hits[0]
        owner = profile.model
        for part in where[:-1]:
            owner = owner[part] if isinstance(part, int) else getattr(owner, part)
        given = getattr(owner, where[-1])
        before = _built(profile)
        differs = False
        for choice in _choices(field, given):
            object.__setattr__(owner, where[-1], choice)
            try:
                differs = _built(profile) != before
            except Exception:  # a choice this school cannot make (a special school's law): it does choose
                differs = True
            finally:
                object.__setattr__(owner, where[-1], given)
            if differs:
                break
        if not differs:
            choosing_nothing.append(f"{'.'.join(map(str, where))} = {given!r} ({profile.path.name})")
    assert choosing_nothing == [], ("codes that change nothing in the documents (print them, or mark them "
                                    "internal):\n  " + "\n  ".join(choosing_nothing))


@pytest.mark.parametrize("months, said", [(12, "every year"), (24, "every two years"), (36, "every three years")])
def test_a_review_cycle_of_whole_years_is_looked_for_as_a_parent_reads_it(months, said):
    assert said in printed_forms(months, ("policy", "review_cycle_months"))
    assert printed_forms(months, ("school", "places")) == [str(months)]  # only the review cycle reads in years
