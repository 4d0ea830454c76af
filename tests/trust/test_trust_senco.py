"""A trust has no SENCO of its own (REG49: each school's SENCO is a qualified teacher working at that
school): its SEND lead is `trust.send_lead`, and its trust-wide policy speaks of each school's SENCO in
the word the trust's schools use. Trust files written before this, with a person under
`policy_profile.people.senco`, still load: read as the SEND lead with a warning saying what to write."""

from __future__ import annotations

import pytest
import yaml

from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.errors import ProfileError
from toolkit.profile import load_profile, profile_warnings
from toolkit.trust import trust_policy_profile

from .conftest import SCHOOLS, TRUST_SLUG, edit, line_of

OLD_SENCO = """  people:
    senco:
      name: Ms Abigail Thornton
      title: Trust Director of SEND
      email: send@northshirelearning.example.org.uk
      qualification: npq-senco
      qualification_completed: 2026-03-20
      time_allocated: full time
    headteacher:"""


def _policy(profile) -> str:
    library = bundled_library()
    return compose(profile, library, bundled_outline("send-policy", library)).document.text


def test_the_trust_wide_policy_needs_no_senco_and_names_its_send_lead(trust_dir):
    profile = trust_policy_profile(trust_dir / "trust.yaml")
    assert profile.warnings == []
    assert profile.model.people.senco.title == "SENCO" and not hasattr(profile.model.people.senco, "name")
    text = _policy(profile)
    assert "Ms Abigail Thornton, Trust Director of SEND and Inclusion, leads SEND across the trust" in text
    assert "Ms Abigail Thornton, Trust Director of SEND and Inclusion, supports the SENCOs but is not the SENCO of any one school" in text


def test_an_old_trust_file_naming_its_send_lead_as_senco_loads_with_a_warning(trust_dir, cli):
    edit(trust_dir / "trust.yaml", "  people:\n    headteacher:", OLD_SENCO)
    profile = trust_policy_profile(trust_dir / "trust.yaml")
    [warning] = profile.warnings
    assert warning.line == line_of(trust_dir / "trust.yaml", "    senco:")
    assert warning.field == "policy_profile.people.senco"
    assert "repeats the trust's SEND lead (Ms Abigail Thornton)" in warning.message
    assert "qualification, qualification completed and time allocated describe a school's SENCO" in warning.message
    assert "remove `senco:` from `policy_profile: people:`" in warning.suggestion
    text = _policy(profile)
    # the director is described as the trust's SEND lead, never as the SENCO, and the word stays SENCO
    assert "Trust Director of SEND and Inclusion, leads SEND across the trust" in text
    assert "Trust Director of SENDs" not in text and "The Trust Director of SEND in each school" not in text
    assert "Each SENCO is a qualified teacher" in text
    result = cli("build", trust_dir, "-o", trust_dir.parent / "out", "--documents", "policy", "--format", "html",
                 "--no-report")
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "repeats the trust's SEND lead" in result.output


def test_an_old_trust_file_without_a_send_lead_reads_its_senco_as_the_send_lead(trust_dir):
    text = (trust_dir / "trust.yaml").read_text(encoding="utf-8")
    start = text.index("  send_lead:")
    end = text.index("\n\n", start)
    (trust_dir / "trust.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    edit(trust_dir / "trust.yaml", "  people:\n    headteacher:", OLD_SENCO)
    profile = trust_policy_profile(trust_dir / "trust.yaml")
    [warning] = profile.warnings
    assert "names Ms Abigail Thornton, but a trust has no SENCO of its own" in warning.message
    assert "move Ms Abigail Thornton to `trust: send_lead:`" in warning.suggestion
    lead = profile.model.school.trust.send_lead
    assert (lead.name, lead.role, lead.email) == ("Ms Abigail Thornton", "Trust Director of SEND",
                                                 "send@northshirelearning.example.org.uk")
    # `sendkit explain` and messages point at the line the value was written on
    assert profile.mark("school.trust.send_lead.email").line == line_of(trust_dir / "trust.yaml",
                                                                        "email: send@northshire")
    assert "Ms Abigail Thornton, Trust Director of SEND, leads SEND across the trust" in _policy(profile)


def test_a_senco_who_is_not_the_send_lead_is_refused_saying_what_to_write(trust_dir, cli):
    edit(trust_dir / "trust.yaml", "  people:\n    headteacher:",
         OLD_SENCO.replace("Ms Abigail Thornton", "Mr Sam Okafor"))
    with pytest.raises(ProfileError) as caught:
        trust_policy_profile(trust_dir / "trust.yaml")
    [problem] = caught.value.problems
    assert "names Mr Sam Okafor, but each school's SENCO works at that school" in problem.message
    assert problem.line == line_of(trust_dir / "trust.yaml", "    senco:")
    assert "if Mr Sam Okafor leads SEND across the trust, write them under `trust: send_lead:`" in problem.suggestion
    result = cli("build", trust_dir, "-o", trust_dir.parent / "out", "--documents", "policy", "--format", "html",
                 "--no-report")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Mr Sam Okafor" in result.output


def test_a_trust_says_its_word_for_senco_once(trust_dir):
    edit(trust_dir / "trust.yaml", "defaults:\n", "defaults:\n  people:\n    senco:\n      title: SENDCo\n")
    text = _policy(trust_policy_profile(trust_dir / "trust.yaml"))
    assert "### " not in text  # (the text has no markdown; headings are their own lines)
    for said in ("The SENDCo in each school", "Northshire Learning Trust has its own SENDCo.",
                 "“SENDCo” is our schools' name for the SENCO role.", "Each SENDCo is a qualified teacher",
                 "supports the SENDCos but is not the SENDCo of any one school",
                 "The SENDCos' qualifications", "works closely with their school's SENDCo"):
        assert said in text, said
    # the law keeps its own word
    assert "have a named SENCO" in text or "has a named SENCO" in text
    # every school inherits the word (and may still say its own)
    for school in SCHOOLS:
        own = yaml.safe_load((trust_dir / f"{school}.yaml").read_text(encoding="utf-8"))["people"]["senco"]
        expected = own.get("title", "SENDCo")  # a school may still say its own (Brampton's Inclusion Leader)
        assert load_profile(trust_dir / f"{school}.yaml").model.people.senco.title == expected, school
    edit(trust_dir / "fenwick-infant.yaml", "    name: Mr Bilal Hussain\n",
         "    name: Mr Bilal Hussain\n    title: Inclusion Lead\n")
    assert load_profile(trust_dir / "fenwick-infant.yaml").model.people.senco.title == "Inclusion Lead"


def test_the_trust_wide_word_can_be_the_policys_alone(trust_dir):
    edit(trust_dir / "trust.yaml", "  people:\n    headteacher:", "  people:\n    senco:\n      title: Inclusion Lead\n"
                                                                    "    headteacher:")
    profile = trust_policy_profile(trust_dir / "trust.yaml")
    assert profile.warnings == [] and profile_warnings(profile) == []
    text = _policy(profile)
    assert "The Inclusion Lead in each school" in text and "“Inclusion Lead” is our schools' name" in text
    assert load_profile(trust_dir / "ashdown-primary.yaml").model.people.senco.title == "SENCO"
    assert TRUST_SLUG == profile.slug
