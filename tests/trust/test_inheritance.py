"""Merge rules, provenance (file:line) and the bad inputs of `extends:`."""

from __future__ import annotations

import re

import pytest

from toolkit.errors import ProfileError
from toolkit.inheritance import explain_field
from toolkit.profile import load_profile
from toolkit.trust import trust_policy_profile

from .conftest import edit, line_of


def test_mappings_merge_key_by_key_with_the_file_of_each_value(trust_dir):
    school = trust_dir / "westmoor-school.yaml"
    profile = load_profile(school)
    trust = trust_dir / "trust.yaml"
    assert profile.model.school.name == "Westmoor School"
    assert profile.model.school.local_authority == "Northshire County Council"  # from the trust
    assert profile.model.school.type == "special-academy"  # the school's own value wins
    assert profile.mark("school.local_authority").file.endswith("trust/trust.yaml")
    assert profile.mark("school.local_authority").line == line_of(trust, "local_authority: Northshire")
    assert profile.mark("school.type").file.endswith("westmoor-school.yaml")
    assert profile.mark("school.type").line == line_of(school, "type: special-academy")
    assert profile.model.school.trust.name == "Northshire Learning Trust"
    assert profile.mark("school.trust.name").line == line_of(trust, "name: Northshire Learning Trust")
    assert profile.setting == "special"


def test_a_list_replaces_the_trusts_list(trust_dir):
    school = trust_dir / "fenwick-infant.yaml"
    edit(school, "transition:", "partners:\n  health:\n    - name: Fenwick health visitors\n\ntransition:")
    profile = load_profile(school)
    assert [p.name for p in profile.model.partners.health] == ["Fenwick health visitors"]
    assert profile.mark("partners.health.0").file.endswith("fenwick-infant.yaml")
    # the rest of partners still comes from the trust
    assert profile.model.partners.social_care[0].name == "Northshire Children's Services"
    assert "overrides" in "\n".join(explain_field(profile, "partners.health").lines())


def test_add_appends_to_the_trusts_list_and_each_item_keeps_its_line(trust_dir):
    school = trust_dir / "ashdown-primary.yaml"
    profile = load_profile(school)
    items = profile.model.provision.adaptations
    assert len(items) == 5
    assert items[0].startswith("lessons planned so every child")  # trust first
    assert items[3] == "a visual timetable in every classroom"  # then the school's
    assert profile.mark("provision.adaptations.0").file.endswith("trust.yaml")
    assert profile.mark("provision.adaptations.3").line == line_of(school, "a visual timetable")
    explained = "\n".join(explain_field(profile, "provision.adaptations").lines())
    assert "adds to the list from" in explained and "trust.yaml:" in explained


def test_add_with_nothing_to_add_to_is_just_the_list(trust_dir):
    school = trust_dir / "ashdown-primary.yaml"
    edit(school, "  extra_curricular:", "  anti_bullying:\n    add:\n      - kindness ambassadors\n  extra_curricular:")
    assert load_profile(school).model.provision.anti_bullying == ["kindness ambassadors"]


def test_null_clears_a_value_the_trust_gives(trust_dir):
    school = trust_dir / "ashdown-primary.yaml"
    edit(school, "accessibility_plan:", "complaints:\n  policy_url: null\n\naccessibility_plan:")
    profile = load_profile(school)
    assert profile.model.complaints.policy_url is None


def test_a_bad_value_in_the_trust_is_reported_at_the_trust_files_line(trust_dir, cli):
    trust = trust_dir / "trust.yaml"
    edit(trust, "phone: 01632 960555", "phone: call us")
    result = cli("validate", trust_dir / "fenwick-infant.yaml")
    assert result.exit_code == 2
    assert f"trust.yaml:{line_of(trust, 'phone: call us')}: sendiass.phone" in result.output


def test_unknown_trust_key_has_a_suggestion_and_a_line(trust_dir, cli):
    trust = trust_dir / "trust.yaml"
    edit(trust, "locked_fields:", "lockd_fields:")
    result = cli("validate", trust_dir / "fenwick-infant.yaml")
    assert result.exit_code == 2
    assert f"trust.yaml:{line_of(trust, 'lockd_fields:')}" in result.output
    assert "Did you mean `locked_fields`?" in result.output


def test_unknown_key_under_defaults_is_reported_once_against_the_trust(trust_dir):
    trust = trust_dir / "trust.yaml"
    edit(trust, "  sendiass:\n    name: Northshire SENDIASS", "  sendias:\n    name: Northshire SENDIASS")
    with pytest.raises(ProfileError) as caught:
        load_profile(trust_dir / "ashdown-primary.yaml")
    text = "\n".join(caught.value.lines())
    assert "unknown key `sendias`" in text and "Did you mean `sendiass`?" in text
    assert f"trust.yaml:{line_of(trust, 'sendias:')}" in text


def test_a_single_value_where_defaults_need_fields_is_reported_against_the_trust(trust_dir, cli):
    trust = trust_dir / "trust.yaml"
    edit(trust, "defaults:\n  school:\n    type: academy\n    local_authority: Northshire County Council\n",
         "defaults:\n  school: academy\n")
    result = cli("validate", trust_dir / "ashdown-primary.yaml")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"trust.yaml:{line_of(trust, 'school: academy')}: defaults.school: must be a set of fields" in result.output


def test_extends_a_missing_file_names_both(trust_dir, cli):
    school = trust_dir / "ashdown-primary.yaml"
    edit(school, "extends: trust.yaml", "extends: ../trusts/northshire.yaml")
    result = cli("validate", school)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "ashdown-primary.yaml:" in result.output and "northshire.yaml" in result.output
    assert "relative to the folder" in result.output


def test_a_cycle_of_extends_is_an_error_naming_the_files(trust_dir, cli):
    (trust_dir / "region.yaml").write_text("extends: trust.yaml\ndefaults:\n  school:\n    age_range: '4-11'\n")
    edit(trust_dir / "trust.yaml", "policy_level: trust", "extends: region.yaml\npolicy_level: trust")
    result = cli("validate", trust_dir / "ashdown-primary.yaml")
    assert result.exit_code == 2
    assert "circle" in result.output and "region.yaml" in result.output and "trust.yaml" in result.output


def test_a_school_cannot_extend_itself(trust_dir, cli):
    school = trust_dir / "ashdown-primary.yaml"
    edit(school, "extends: trust.yaml", "extends: ashdown-primary.yaml")
    result = cli("validate", school)
    assert result.exit_code == 2 and "circle" in result.output


def test_a_school_cannot_extend_another_school(trust_dir, cli):
    school = trust_dir / "ashdown-primary.yaml"
    edit(school, "extends: trust.yaml", "extends: fenwick-infant.yaml")
    result = cli("validate", school)
    assert result.exit_code == 2 and "is a school profile" in result.output


def test_a_chain_trust_region_school_keeps_the_file_of_each_value(trust_dir):
    region = trust_dir / "east.yaml"
    region.write_text("# the eastern schools\nextends: trust.yaml\ndefaults:\n  partners:\n    health:\n"
                      "      add:\n        - name: East Northshire community paediatrics\n")
    school = trust_dir / "fenwick-infant.yaml"
    edit(school, "extends: trust.yaml", "extends: east.yaml")
    profile = load_profile(school)
    health = [p.name for p in profile.model.partners.health]
    assert health[-1] == "East Northshire community paediatrics" and len(health) == 4
    assert profile.mark(f"partners.health.{len(health) - 1}").file.endswith("east.yaml")
    assert profile.mark("partners.health.0").file.endswith("trust.yaml")
    assert profile.mark("school.name").file.endswith("fenwick-infant.yaml")
    assert [p.name for p in profile.source.chain] == ["trust.yaml", "east.yaml", "fenwick-infant.yaml"]
    assert (profile.source.trust.name, profile.source.trust.slug) == ("Northshire Learning Trust",
                                                                      "northshire-learning-trust")


def test_a_region_cannot_change_what_the_trust_locks(trust_dir, cli):
    region = trust_dir / "east.yaml"
    region.write_text("extends: trust.yaml\ndefaults:\n  sendiass:\n    phone: 01632 960556\n")
    edit(trust_dir / "fenwick-infant.yaml", "extends: trust.yaml", "extends: east.yaml")
    result = cli("validate", trust_dir / "fenwick-infant.yaml")
    assert result.exit_code == 2 and "locked" in result.output and "east.yaml:3: sendiass" in result.output


def test_a_school_cannot_set_a_locked_field(trust_dir, cli):
    school = trust_dir / "ashdown-primary.yaml"
    edit(school, "accessibility_plan:", "sendiass:\n  phone: 01632 960999\n\naccessibility_plan:")
    result = cli("validate", school)
    assert result.exit_code == 2
    assert f"ashdown-primary.yaml:{line_of(school, 'phone: 01632 960999') - 1}: sendiass:" in result.output
    trust_line = line_of(trust_dir / "trust.yaml", "  - sendiass")
    # display_path may print the temporary folder in full, so match the file name and line
    assert re.search(rf"is locked by \S*/trust\.yaml:{trust_line}\b", result.output)


def test_a_school_may_not_rename_its_trust(trust_dir, cli):
    school = trust_dir / "ashdown-primary.yaml"
    edit(school, "  phase: primary", "  phase: primary\n  trust:\n    name: Another Trust")
    result = cli("validate", school)
    assert result.exit_code == 2 and "school.trust" in result.output and "locked" in result.output


def test_rewording_a_clause_the_trust_does_not_allow_names_both_files(trust_dir, cli, tmp_path):
    (trust_dir / "northgate-clauses" / "kinds-of-need.md").write_text(
        "---\nid: kinds-of-need\ntitle: Needs\nsatisfies: [SCH1-01]\ndocuments: [report]\n---\nOur words.\n")
    result = cli("build", trust_dir / "northgate-academy.yaml", "-o", tmp_path / "out", "--format", "html")
    assert result.exit_code == 2
    assert "northgate-clauses/kinds-of-need.md" in result.output and "trust.yaml" in result.output
    assert "overridable_clauses" in result.output
    assert not (tmp_path / "out" / "northgate-academy").exists()


def test_the_trust_policy_profile_is_the_trust_standing_as_a_school(trust_dir):
    profile = trust_policy_profile(trust_dir / "trust.yaml")
    assert profile.slug == "northshire-learning-trust"
    assert profile.model.school.name == "Northshire Learning Trust"
    assert profile.model.sendiass.name == "Northshire SENDIASS"  # from defaults
    assert profile.mark("people.senco.name").file.endswith("trust.yaml")


def test_a_trust_file_is_not_a_school_profile(trust_dir, cli):
    result = cli("validate", trust_dir / "trust.yaml")
    assert result.exit_code == 2 and "is a trust file" in result.output


def test_explain_prints_value_file_line_and_override(trust_dir, cli):
    trust = trust_dir / "trust.yaml"
    result = cli("explain", trust_dir / "westmoor-school.yaml", "sendiass.phone")
    assert result.exit_code == 0
    assert "sendiass.phone: 01632 960555" in result.output
    assert re.search(rf"from \S*/trust\.yaml:{line_of(trust, 'phone: 01632 960555')}\n", result.output)
    assert re.search(rf"locked by \S*/trust\.yaml:{line_of(trust, '  - sendiass')}: ", result.output)
    result = cli("explain", trust_dir / "westmoor-school.yaml", "school.type")
    assert "school.type: special-academy" in result.output
    assert f"westmoor-school.yaml:{line_of(trust_dir / 'westmoor-school.yaml', 'type: special-academy')}" in result.output
    assert "overrides" in result.output and f"trust.yaml:{line_of(trust, 'type: academy')}" in result.output


def test_explain_unknown_field_suggests(trust_dir, cli):
    result = cli("explain", trust_dir / "westmoor-school.yaml", "people.senko.name")
    assert result.exit_code == 2 and "Did you mean `senco`?" in result.output
