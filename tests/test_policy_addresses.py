"""The complaints policy, admission arrangements and accessibility plan each have one place in the
profile (`complaints.policy_url`, `admissions.policy_url`, `accessibility_plan.url`); `policies:` takes
them too, as it always did. One given only there is used in its place; two different ones are warned
about, naming the file, line and field, and the documents use the section's own (#9.1)."""

from __future__ import annotations


from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose, missing_facts
from toolkit.profile import load_profile

from .test_every_fact import _text

PLAN = "https://www.oakfield-primary.example.sch.uk/plan"


def _built(profile) -> str:
    library = bundled_library()
    return " ".join(_text(compose(profile, library, bundled_outline(d, library)).document)
                    for d in ("send-policy", "sen-information-report"))


def test_an_accessibility_plan_given_only_under_policies_is_linked_where_the_plan_is_described(example_data,
                                                                                                write_profile):
    del example_data["accessibility_plan"]["url"]
    example_data.setdefault("policies", {})["accessibility_plan"] = PLAN
    profile = load_profile(write_profile(example_data))
    assert missing_facts(profile) == []
    text = _built(profile)
    assert f"You can read the full plan at {PLAN}." in text
    assert profile.warnings == []


def test_two_different_addresses_for_one_policy_are_warned_about_and_the_sections_own_is_used(example_data,
                                                                                               write_profile):
    own = example_data["complaints"]["policy_url"]
    example_data.setdefault("policies", {})["complaints"] = "https://www.oakfield-primary.example.sch.uk/old-complaints"
    path = write_profile(example_data)
    profile = load_profile(path)
    [warning] = [w for w in profile.warnings if w.field == "policies.complaints"]
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "old-complaints" in t)
    assert (warning.file.endswith("school.yaml"), warning.line) == (True, line)
    assert own in warning.message and "`complaints: policy_url:`" in warning.message
    text = _built(profile)
    assert "old-complaints" not in text and own in text


def test_the_same_address_in_both_places_is_no_problem(example_data, write_profile):
    example_data.setdefault("policies", {})["complaints"] = example_data["complaints"]["policy_url"]
    assert load_profile(write_profile(example_data)).warnings == []


def test_a_missing_fact_is_never_a_computed_one():
    """Every fact a clause needs is one a school writes, never a setting. A computed `derived.` fact may stand
    beside a school's own (`people.senco.qualification | derived.is_special`): the gap is then reported as the
    school's fact alone (compose._gaps), so a message never asks for it."""
    from toolkit.compose import alternatives
    from toolkit.schema import ProfileModel, can_hold, model_at

    bad = []
    for clause in bundled_library():
        for entry in clause.requires:
            for path in alternatives(entry):
                if path.startswith("derived."):
                    continue
                parts = tuple(path.split("."))
                field = model_at(parts[:-1]).model_fields.get(parts[-1]) if can_hold(ProfileModel, path) else None
                extra = (field.json_schema_extra if field and isinstance(field.json_schema_extra, dict) else {})
                if field is None or extra.get("internal"):
                    bad.append(f"{clause.id}: {path}")
    assert bad == []
