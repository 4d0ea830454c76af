"""Governance as the school has it (#9.1): who approved the policy and the report, what the SEN governor
does and how governors hear about SEND are printed only as the profile gives them; who holds the duties
in law (a maintained school's governing body, an academy's proprietor: the academy trust) is stated for
every school. Bad governance facts are refused with file, line, field and what to write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.errors import ProfileError
from toolkit.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "school_profiles"
DOCUMENTS = ("send-policy", "sen-information-report")


def _example(name: str) -> dict:
    return yaml.safe_load((PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict, name: str = "school.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _text(path: Path, document: str) -> str:
    library = bundled_library()
    doc = compose(load_profile(path), library, bundled_outline(document, library)).document
    return re.sub(r"\s+", " ", doc.text)


def _standalone(d: dict) -> dict:
    d["school"].pop("trust")
    d["admissions"]["authority"] = "Kingsmere Academy Trust"
    return d


# (example, change to the profile, the approval sentence the policy must print)
APPROVALS = {
    "school's own words": ("oakfield-primary", {}, "This policy was approved by the full governing body on 24 September 2026."),
    "full governing body": ("oakfield-primary", {"body": "governing-board"},
                            "This policy was approved by the full governing body on 24 September 2026."),
    "named committee": ("oakfield-primary", {"body": "committee", "committee": "Curriculum and Standards Committee"},
                        "This policy was approved by the Curriculum and Standards Committee of the governing body on "
                        "24 September 2026."),
    "committee named only": ("oakfield-primary", {"committee": "Children and Learning Committee"},
                             "This policy was approved by the Children and Learning Committee of the governing body on "
                             "24 September 2026."),
    "trust board": ("kingsmere-academy", {"body": "trust-board"}, "This policy was approved by the trust board on 8 October 2026."),
    "trust committee": ("kingsmere-academy", {"body": "committee", "committee": "Education Committee of the trust board"},
                        "This policy was approved by the Education Committee of the trust board on 8 October 2026."),
    "local governing body": ("kingsmere-academy", {"body": "local-governing-board"},
                             "This policy was approved by the local governing body on 8 October 2026."),
    "single-academy trust board": ("kingsmere-academy", {"body": "trust-board", "_change": _standalone},
                                   "This policy was approved by the trust board on 8 October 2026."),
}


@pytest.mark.parametrize("variant", APPROVALS)
def test_each_kind_of_body_is_named_as_it_approved_the_policy(tmp_path, variant):
    example, change, sentence = APPROVALS[variant]
    data = _example(example)
    change = dict(change)
    if "_change" in change:
        data = change.pop("_change")(data)
    if change:
        data["policy"].pop("approved_by", None)
        data["policy"].update(change)
    text = _text(_write(tmp_path, data), "send-policy")
    assert sentence in text
    # the front matter says the same
    assert "Approved by " + sentence.split(" by ", 1)[1].split(" on ")[0] + " on" in text


def test_a_local_board_is_called_what_the_trust_calls_it(tmp_path):
    data = _example("kingsmere-academy")
    data["policy"] = {**{k: v for k, v in data["policy"].items() if k != "approved_by"}, "body": "local-governing-board"}
    data["report"].update(body="local-governing-board", approved_on="2026-10-01")
    data["governance"] = {"local_board": "local academy committee",
                          "local_board_duties": ["checks the SEN information report before it is published"]}
    policy = _text(_write(tmp_path, data), "send-policy")
    report = _text(_write(tmp_path, data), "sen-information-report")
    assert "This policy was approved by the local academy committee on 8 October 2026." in policy
    assert "Our local academy committee For SEND, our local academy committee: checks the SEN information report " \
           "before it is published" in policy
    assert "This report was approved by the local academy committee on 1 October 2026." in report


def test_the_report_says_who_approved_it_only_when_the_profile_does(tmp_path):
    data = _example("oakfield-primary")
    assert "This report was approved" not in _text(_write(tmp_path, data), "sen-information-report")
    data["report"].update(body="committee", committee="Pupils Committee")
    assert "This report was approved by the Pupils Committee of the governing body." in \
        _text(_write(tmp_path, data), "sen-information-report")


# ---------------------------------------------------------------------------------------------
# No governance arrangement the profile does not give

def _minimal(d: dict) -> dict:
    """Governance as little as a profile can give: an approval, an SEN governor, nothing else."""
    d.pop("governance", None)
    d["people"].pop("chair_of_governors", None)
    d["people"]["sen_governor"].pop("role", None)
    d["provision"].pop("evaluation", None)
    d["policy"] = {k: v for k, v in d["policy"].items() if k not in ("signed_by", "minute_reference")}
    d["report"] = {k: v for k, v in d["report"].items() if k not in ("approved_by", "body", "committee", "approved_on")}
    return d


GOVERNANCE_WORDS = re.compile(r"\b(?:governors?|governing|board|trustees?|committee|proprietor|chair)\b", re.I)
# Every sentence that may speak of governors when the profile gives only its approval and an SEN
# governor's name: the law (who holds the duties), the school's approval, the SEN governor's name and
# the Code's meaning of the role, and sentences that only include governors among their readers.
ALLOWED = [
    r"^In law, the duties of .+ belong to its governing body\.$",
    r"^The governing body makes sure the school meets them(: for example, that the school has a SENCO)?\.$",
    r"^In law, the academy trust(, [^,]+,)? is the proprietor of the academy\.$",
    r"^.+ is run by an academy trust\.$",
    r"^Its trustees(, who form the trust board,)? make sure the academy meets its duties under the Children and "
    r"Families Act 2014, the SEND Regulations 2014, the Code of Practice and the Equality Act 2010(: for example, "
    r"that the academy has a SENCO)?\.$",
    r"^.+ is our SEN (governor|trustee), with specific oversight of (SEND|our work on SEND)\.$",
    r"^.+, our SEN (governor|trustee), has specific oversight of our SEND provision\.$",
    r"^This policy was approved by (the full governing body|the local governing body, on behalf of the trust board) on .+\.$",
    r"^Approved by (the full governing body|the local governing body, on behalf of the trust board) on .+\.$",
    r"^It applies to every .+, and to all staff and (governors|trustees)\.$",
    r"^.+ works with the .+ and (governors|trustees) to plan (provision|our SEND provision)",
    r"^Working with the .+ and (governors|trustees) to plan our SEND provision, .+ will:$",
    r"^work with the .+ and (governors|trustees) so that the school meets its Equality Act 2010 duties",
    r"^Our SEN (governor|trustee)$",
    r"^The (governing body|trust board|trustees)$",
]


def _sentences(text: str) -> list[str]:
    return [s.strip() for line in text.splitlines() for s in re.split(r"(?<=[.:])\s+(?=[A-Z])", line) if s.strip()]


@pytest.mark.parametrize("example, change", [("oakfield-primary", None), ("hollybank-school", None),
                                             ("brookside-nursery", None), ("kingsmere-academy", None),
                                             ("kingsmere-academy", _standalone)],
                         ids=["maintained", "special", "nursery", "academy-in-trust", "single-academy-trust"])
def test_no_sentence_states_a_governance_arrangement_the_profile_does_not_give(tmp_path, example, change):
    data = _minimal(_example(example))
    if change:
        data = change(data)
    data["policy"].setdefault("approved_by", "the full governing body")
    if data["school"]["type"] == "academy":
        data["policy"].pop("body", None)
        data["policy"]["approved_by"] = "the local governing body, on behalf of the trust board"
    library = bundled_library()
    profile = load_profile(_write(tmp_path, data))
    claims = []
    for document in DOCUMENTS:
        doc = compose(profile, library, bundled_outline(document, library)).document
        for sentence in _sentences(doc.text):
            if GOVERNANCE_WORDS.search(sentence) and not any(re.search(a, sentence) for a in ALLOWED):
                claims.append(f"{document}: {sentence}")
    assert claims == []


def test_the_scan_finds_an_arrangement_no_profile_gave():
    said = "The SEN governor meets the SENCO each term and reports to the full governing body."
    assert GOVERNANCE_WORDS.search(said) and not any(re.search(a, s) for s in _sentences(said) for a in ALLOWED)


def test_an_sen_governor_without_duties_is_given_none(tmp_path):
    data = _minimal(_example("oakfield-primary"))
    policy = _text(_write(tmp_path, data), "send-policy")
    assert "Mrs Helen Carter is our SEN governor, with specific oversight of SEND." in policy
    assert "As SEN governor" not in policy
    for claim in ("meets the SENCO", "visits", "reports to the", "each term"):
        assert claim not in policy.split("Our SEN governor", 1)[1].split("The Headteacher", 1)[0]


def test_the_school_s_own_governance_facts_are_printed(tmp_path):
    data = _example("oakfield-primary")
    data["governance"] = {"sen_governor_duties": ["meets the SENCO every half term"],
                          "sen_reports": ["the SENCO reports to the full governing body each term"]}
    policy = _text(_write(tmp_path, data), "send-policy")
    assert "As SEN governor, Mrs Carter: meets the SENCO every half term" in policy
    assert "The SENCO reports to the full governing body each term." in policy


# ---------------------------------------------------------------------------------------------
# Messages

def _refused(tmp_path, data) -> list:
    with pytest.raises(ProfileError) as info:
        load_profile(_write(tmp_path, data))
    return info.value.problems


def test_an_unknown_kind_of_body_names_the_choices(tmp_path):
    data = _example("oakfield-primary")
    data["policy"]["body"] = "governors"
    (problem,) = _refused(tmp_path, data)
    assert problem.field == "policy.body" and problem.line and problem.file.endswith("school.yaml")
    assert "governing-board" in problem.expected and "committee" in problem.expected


def test_a_committee_without_its_name_says_what_to_write(tmp_path):
    data = _example("oakfield-primary")
    data["policy"]["body"] = "committee"
    (problem,) = _refused(tmp_path, data)
    assert problem.field == "policy.committee" and problem.line
    assert "name is missing" in problem.message and "add `committee:` under `policy:`" in problem.suggestion


@pytest.mark.parametrize("example, body, change", [
    ("oakfield-primary", "trust-board", None),
    ("oakfield-primary", "local-governing-board", None),
    ("kingsmere-academy", "governing-board", None),
    ("kingsmere-academy", "local-governing-board", _standalone),
])
def test_a_body_the_school_cannot_have_is_refused(tmp_path, example, body, change):
    data = _example(example)
    if change:
        data = change(data)
    data["report"]["body"] = body
    (problem,) = _refused(tmp_path, data)
    assert problem.field == "report.body" and problem.line and problem.suggestion.startswith("write `body:")


def test_a_committee_the_school_s_words_do_not_name_is_refused(tmp_path):
    data = _example("oakfield-primary")
    data["policy"]["committee"] = "Resources Committee"  # approved_by says the full governing body
    (problem,) = _refused(tmp_path, data)
    assert problem.field == "policy.approved_by" and "Resources Committee" in problem.message


def test_a_local_board_outside_a_trust_is_refused(tmp_path):
    data = _example("oakfield-primary")
    data["governance"] = {"local_board": "local governing body"}
    (problem,) = _refused(tmp_path, data)
    assert problem.field == "governance.local_board" and problem.line


def test_validate_exits_2_with_file_line_and_field(tmp_path):
    data = _example("oakfield-primary")
    data["policy"].update(body="committee")
    path = _write(tmp_path, data)
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert re.search(r"school\.yaml:\d+: policy\.committee: ", result.output), result.output


def test_a_trust_wide_policy_is_never_approved_by_one_school_s_local_board(tmp_path):
    import shutil

    from toolkit.trust.model import trust_policy_profile

    folder = tmp_path / "trust"
    shutil.copytree(PROFILES / "northshire-learning-trust", folder)
    trust = folder / "trust.yaml"
    trust.write_text(trust.read_text(encoding="utf-8").replace("  body: trust-board\n",
                                                               "  body: local-governing-board\n"), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        trust_policy_profile(trust)
    (problem,) = info.value.problems
    assert problem.field == "policy.body" and problem.line and problem.file.endswith("trust.yaml")
    assert "trust-board" in problem.suggestion
