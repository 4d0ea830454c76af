"""A fact a trust writes under `policy_profile:` reaches a reader only if the trust-wide SEND policy prints
it: each school's report is built from the school's own file and `defaults:`. Any other fact there is
warned about, naming the file, line and field, in a headteacher's words (#9.1, #9.3)."""

from __future__ import annotations

from toolkit.batch import unprinted_policy_facts
from toolkit.trust.model import trust_policy_profile

from .conftest import edit, line_of


def test_the_example_trust_wide_policy_prints_every_fact_of_its_policy_profile(trust_dir):
    assert unprinted_policy_facts(trust_policy_profile(trust_dir / "trust.yaml")) == []


def test_a_fact_only_a_report_would_print_is_warned_about_with_file_line_and_field(trust_dir, cli):
    trust = trust_dir / "trust.yaml"
    edit(trust, "    extra_curricular:\n", "    therapies:\n      - name: Occupational therapy\n"
                                          "        description: in every school each week\n    extra_curricular:\n")
    edit(trust, "  accessibility_plan:\n", "  report:\n    published: 2026-07-01\n  accessibility_plan:\n")
    warnings = {w.field: w for w in unprinted_policy_facts(trust_policy_profile(trust))}
    assert set(warnings) == {"policy_profile.provision.therapies", "policy_profile.report.published"}
    therapy = warnings["policy_profile.provision.therapies"]
    assert (therapy.file.endswith("trust.yaml"), therapy.line) == (True, line_of(trust, "Occupational therapy"))
    assert "the trust-wide SEND policy does not print this (Occupational therapy)" in therapy.message
    assert "move it under `defaults:`" in therapy.suggestion
    # `sendkit build` shows it, and still builds
    result = cli("build", trust_dir, "-o", trust_dir.parent / "out", "--documents", "policy", "--format", "html",
                 "--no-report")
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "policy_profile.provision.therapies" in result.output


def test_a_trust_wide_policy_needs_no_report_date(trust_dir):
    profile = trust_policy_profile(trust_dir / "trust.yaml")  # the example gives none
    assert profile.model.report.published is None


def test_other_sencos_under_policy_profile_are_sent_to_their_own_schools_file_not_defaults(trust_dir):
    """An assistant SENCO works at one school: `defaults:` would make her every school's. The warning says
    where she belongs instead (the trust-wide policy names no school's SENCOs)."""
    trust = trust_dir / "trust.yaml"
    edit(trust, "    designated_teacher:\n      name: Mr Simon Adebayo\n",
         "    other_sencos:\n      - name: Mrs Lena Price\n        title: Assistant SENCO\n"
         "        email: lena.price@northshirelearning.example.org.uk\n"
         "    designated_teacher:\n      name: Mr Simon Adebayo\n")
    warnings = {w.field: w for w in unprinted_policy_facts(trust_policy_profile(trust))}
    assert set(warnings) == {"policy_profile.people.other_sencos"}
    warning = warnings["policy_profile.people.other_sencos"]
    assert warning.line == line_of(trust, "Mrs Lena Price")
    assert "names no school's SENCOs (Mrs Lena Price)" in warning.message
    assert "in their own school's file" in warning.suggestion
    assert "defaults:" not in warning.suggestion
