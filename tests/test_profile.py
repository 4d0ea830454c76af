import json

import pytest
import yaml

from toolkit.errors import ProfileError
from toolkit.profile import json_schema, load_profile, slugify
from toolkit.resources import data_dir


def problems_of(path):
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    return err.value.problems


SCHOOL_PROFILES = [p for p in sorted(data_dir("school_profiles").glob("*.yaml")) if "term-dates" not in p.name]


@pytest.mark.parametrize("path", SCHOOL_PROFILES, ids=lambda p: p.stem)
def test_bundled_profiles_are_valid(path):
    assert load_profile(path).model.school.name


def test_a_file_that_is_not_a_profile_says_so(write_profile):
    with pytest.raises(ProfileError, match="not a school profile"):
        load_profile(write_profile("terms:\n  - autumn\n"))


def test_every_problem_is_reported_at_once_with_line_field_and_suggestion(example_data, write_profile):
    example_data["people"]["senco"]["senco_emial"] = example_data["people"]["senco"].pop("email")
    example_data["school"]["type"] = "acadamy"
    example_data["local_offer"]["url"] = "www.example.org/offer"
    example_data["sendiass"]["phone"] = "ring us"
    example_data["policy"]["approved_on"] = "2026-02-30"
    path = write_profile(example_data)
    problems = {p.field: p for p in problems_of(path)}
    assert set(problems) >= {"people.senco.senco_emial", "school.type",
                             "local_offer.url", "sendiass.phone", "policy.approved_on"}
    assert problems["people.senco.senco_emial"].suggestion == "did you mean `email`?"
    assert problems["school.type"].suggestion == "did you mean `academy`?"
    assert "https://" in problems["local_offer.url"].expected
    assert "YYYY-MM-DD" in problems["policy.approved_on"].expected
    lines = path.read_text().splitlines()
    for p in problems.values():
        assert p.file.endswith("school.yaml") and p.line
    # the line numbers point at the offending keys
    assert "approved_on" in lines[problems["policy.approved_on"].line - 1]
    assert "senco_emial" in lines[problems["people.senco.senco_emial"].line - 1]


def test_wrong_types_are_explained(example_data, write_profile):
    example_data["provision"]["interventions"] = "lots"
    example_data["policy"]["review_cycle_months"] = "yearly"
    example_data["school"]["sixth_form"] = "maybe"
    problems = {p.field: p for p in problems_of(write_profile(example_data))}
    assert "whole number" in problems["policy.review_cycle_months"].expected
    assert "true or false" in problems["school.sixth_form"].expected
    assert "provision.interventions" in problems


def test_missing_section_names_what_to_add(example_data, write_profile):
    del example_data["people"]
    (problem,) = problems_of(write_profile(example_data))
    assert problem.field == "people" and "missing" in problem.message
    assert "`headteacher`" in problem.suggestion and "`senco`" in problem.suggestion


def test_facts_may_be_left_out_for_the_build_to_report(example_data, write_profile):
    del example_data["sendiass"]
    del example_data["people"]["senco"]["phone"]
    profile = load_profile(write_profile(example_data))
    assert profile.model.sendiass.name is None and profile.model.people.senco.phone is None


def test_top_level_must_be_a_mapping(write_profile):
    with pytest.raises(ProfileError, match="set of fields"):
        load_profile(write_profile("- just\n- a list\n"))


def test_template_syntax_in_values_is_kept_as_data(example_data, write_profile):
    example_data["school"]["name"] = "{{ 7 * 7 }} Primary"
    profile = load_profile(write_profile(example_data))
    assert profile.model.school.name == "{{ 7 * 7 }} Primary"


def test_derived_facts_follow_the_setting(example_data, write_profile):
    profile = load_profile(write_profile(example_data))
    assert profile.setting == "mainstream" and profile.derived()["learners"] == "children"
    example_data["school"].update(type="special-academy", phase="secondary", sixth_form=True)
    example_data["school"]["trust"] = {"name": "Northshire Learning Trust"}
    derived = load_profile(write_profile(example_data)).derived()
    assert derived["is_special"] and derived["is_academy"] and derived["in_trust"] and derived["has_year9"]
    assert derived["governing_body"] == "the trust board"


def test_slugify():
    assert slugify("St Mary's C of E Primary School") == "st-mary-s-c-of-e-primary"
    assert slugify("The Academy") == "the-academy"


def test_json_schema_is_json_and_forbids_unknown_keys():
    schema = json.loads(json.dumps(json_schema()))
    assert schema["additionalProperties"] is False
    assert {"school", "people", "provision", "sendiass"} <= set(schema["properties"])
    assert "senco" in schema["$defs"]["People"]["properties"]


def test_example_profile_round_trips_through_yaml(example_data):
    assert yaml.safe_load(yaml.safe_dump(example_data)) == example_data


def test_dates_in_either_shape_and_a_wrong_shape_names_both(example_data, write_profile):
    from datetime import date

    example_data["policy"]["approved_on"] = "24/09/2026"
    example_data["people"]["senco"]["qualification_completed"] = 2025
    profile = load_profile(write_profile(example_data))
    assert profile.model.policy.approved_on == date(2026, 9, 24)
    assert profile.model.people.senco.qualification_completed == 2025  # only the year is known
    example_data["policy"]["approved_on"] = "24.09.2026"
    example_data["report"]["published"] = "31/02/2026"
    with pytest.raises(ProfileError) as err:
        load_profile(write_profile(example_data))
    text = "\n".join(err.value.lines())
    assert "policy.approved_on: `24.09.2026` is not valid (expected a date written 2026-09-24 (YYYY-MM-DD) " \
           "or 24/09/2026 (DD/MM/YYYY))" in text
    assert "report.published: `31/02/2026` is not valid (expected a date that exists" in text


def test_a_copied_example_warns_that_it_looks_unedited(example_data, write_profile):
    from toolkit.profile import looks_like_example

    copied = load_profile(write_profile(example_data))
    warnings = [str(w) for w in looks_like_example(copied)]
    assert len(warnings) == 2 and "school.name" in warnings[0] and "school.urn" in warnings[1]
    assert "looks like an unedited example" in warnings[0] and "oakfield-primary.yaml" in warnings[0]
    assert looks_like_example(load_profile(data_dir("school_profiles") / "oakfield-primary.yaml")) == []
    example_data["school"].update(name="Elm Tree Primary School", urn="123456")
    assert looks_like_example(load_profile(write_profile(example_data))) == []


def test_the_example_in_a_source_checkout_does_not_warn_but_a_copy_does(tmp_path):
    """The README's first command builds school_profiles/oakfield-primary.yaml from the repository after
    a non-editable install: that file is the bundled example itself (same place, same bytes), not a
    school's unedited copy. The same bytes under another name, or edited, still warn."""
    from toolkit.profile import looks_like_example

    bundled = data_dir("school_profiles") / "oakfield-primary.yaml"
    checkout = tmp_path / "sendkit" / "school_profiles" / "oakfield-primary.yaml"
    checkout.parent.mkdir(parents=True)
    checkout.write_bytes(bundled.read_bytes())
    assert looks_like_example(load_profile(checkout)) == []

    renamed = tmp_path / "sendkit" / "school_profiles" / "our-school.yaml"
    renamed.write_bytes(bundled.read_bytes())
    assert len(looks_like_example(load_profile(renamed))) == 2

    checkout.write_bytes(bundled.read_bytes().replace(b"four days a week", b"three days a week"))
    warnings = [str(w) for w in looks_like_example(load_profile(checkout))]
    assert len(warnings) == 2 and ". Put in your own school's facts" in warnings[0]


def test_word_template_is_relative_to_the_profile(example_data, write_profile, tmp_path):
    example_data["word_template"] = "letterhead.docx"
    profile = load_profile(write_profile(example_data))
    assert profile.word_template == tmp_path / "letterhead.docx"
