"""The clause library renders cleanly for every setting, with only the facts a profile must have.

Complements test_catalogue_contract.py (coverage, plain English, facts): here we check the wording
rules a clause author can break without the coverage tests noticing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.profile import ProfileModel, load_profile
from toolkit.schema import annotation_model

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["oakfield-primary", "kingsmere-academy", "brookside-nursery", "hollybank-school"]
DOCUMENTS = ("send-policy", "sen-information-report")
_TAG = re.compile(r"\{%.*?%\}")


def _strip_optional(data, model):
    """Drop every optional single value the schema allows, recursively. Lists stay: a missing list
    is marked by compose as a whole (its items cannot be looped over), which is compose's concern."""
    if not isinstance(data, dict):
        return data
    out = {}
    for name, value in data.items():
        info = model.model_fields.get(name)
        inner = annotation_model(info.annotation) if info else None
        if inner is not None and isinstance(value, dict):
            value = _strip_optional(value, inner)
        elif inner is not None and isinstance(value, list):
            value = [_strip_optional(v, inner) for v in value]
        elif info is None or (not info.is_required() and not isinstance(value, list)):
            continue
        out[name] = value
    return out


def _text(path: Path, document: str) -> str:
    library = bundled_library()
    return compose(load_profile(path), library, bundled_outline(document, library)).document.text


@pytest.fixture(scope="module")
def library():
    return bundled_library()


@pytest.mark.parametrize("school", EXAMPLES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_bare_profile_renders_markers_never_errors(tmp_path, library, school, document):
    # Every value a clause prints is either guarded by {% if %} or listed under `requires:`; with only
    # the schema's required fields, a build with --allow-incomplete shows markers and nothing breaks.
    data = yaml.safe_load((ROOT / "school_profiles" / f"{school}.yaml").read_text(encoding="utf-8"))
    path = tmp_path / f"{school}.yaml"
    path.write_text(yaml.safe_dump(_strip_optional(data, ProfileModel), sort_keys=False), encoding="utf-8")
    composed = compose(load_profile(path), library, bundled_outline(document, library), allow_incomplete=True)
    text = composed.document.text
    assert "None" not in text
    assert composed.missing, "a bare profile should lack facts the clauses require"
    for paths in composed.missing.values():
        for field in paths:
            assert f"[to complete: {field}]" in text


def test_the_full_examples_need_nothing_more(library):
    for school in EXAMPLES:
        profile = load_profile(ROOT / "school_profiles" / f"{school}.yaml")
        for document in DOCUMENTS:
            assert compose(profile, library, bundled_outline(document, library)).missing == {}


def test_block_tags_never_end_a_line_of_text(library):
    # compose uses trim_blocks: a tag ending a line of text would glue the next line (or list item) on
    offenders = []
    for clause in library:
        for n, line in enumerate(clause.body.splitlines(), clause.body_line):
            if _TAG.sub("", line).strip() and line.rstrip().endswith("%}") and not line.rstrip().endswith("+%}"):
                offenders.append(f"{clause.path.name}:{n}")
    assert offenders == [], "end these lines with `+%}` to keep the line break: " + ", ".join(offenders)


@pytest.mark.parametrize("school", EXAMPLES)
def test_parent_prose_cites_no_legal_paragraph_numbers(school):
    text = _text(ROOT / "school_profiles" / f"{school}.yaml", "sen-information-report")
    cited = re.findall(r"\b(?:paragraph|regulation|reg\.?|section|s\.)\s*\d+|\b6\.\d{1,3}\b|SCH1-|COP-|Schedule 1", text)
    assert cited == []


def _with_senco(tmp_path, **senco) -> Path:
    data = yaml.safe_load((ROOT / "school_profiles" / "oakfield-primary.yaml").read_text(encoding="utf-8"))
    data["people"]["senco"].update(senco)
    for key in [k for k, v in senco.items() if v is None]:
        del data["people"]["senco"][key]
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("senco, expected, absent", [
    (dict(qualification="npq-senco", qualification_completed="2025-07-15"),
     ["holds the National Professional Qualification (NPQ) for SENCOs, gained in July 2025"], []),
    (dict(qualification="nasenco", qualification_completed="2019-07-12"),
     ["holds the National Award for SEN Co-ordination", "still counts", "must gain the National Professional"], []),
    (dict(qualification="working-towards-npq", appointed="2025-01-06", qualification_completed=None),
     ["is studying for the National Professional Qualification (NPQ) for SENCOs", "the deadline is 6 January 2028"],
     ["National Award"]),
    (dict(qualification="working-towards-nasenco", qualification_completed=None),
     ["began it before September 2024", "before 1 September 2027", "National Professional Qualification (NPQ)"], []),
    # the earlier of the two deadlines: three years from appointment, and before 1 September 2027
    (dict(qualification="working-towards-nasenco", appointed="2024-03-01", qualification_completed=None),
     ["became our SENCO on 1 March 2024, so the deadline is 1 March 2027"], []),
    (dict(qualification="working-towards-nasenco", appointed="2025-01-06", qualification_completed=None),
     ["became our SENCO on 6 January 2025, so the deadline is 31 August 2027"], ["6 January 2028"]),
])
def test_the_senco_qualification_rule_fits_the_schools_case(tmp_path, senco, expected, absent):
    text = _text(_with_senco(tmp_path, **senco), "sen-information-report")
    for phrase in expected:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text


def test_variants_follow_the_setting():
    texts = {s: _text(ROOT / "school_profiles" / f"{s}.yaml", "sen-information-report") for s in EXAMPLES}
    assert "From Year 9" in texts["kingsmere-academy"] and "From Year 9" in texts["hollybank-school"]
    assert "From Year 9" not in texts["oakfield-primary"] and "From Year 9" not in texts["brookside-nursery"]
    assert "key person" in texts["brookside-nursery"] and "15 February" in texts["brookside-nursery"]
    assert "31 March" in texts["kingsmere-academy"]
    assert "Special schools do not have to name a SENCO" in texts["hollybank-school"]
    assert "SEN support is the extra help" not in texts["hollybank-school"]
    assert "The Acorn Centre" in texts["oakfield-primary"]


def test_governance_wording_follows_trust_or_maintained():
    trust = _text(ROOT / "school_profiles" / "kingsmere-academy.yaml", "send-policy")
    maintained = _text(ROOT / "school_profiles" / "oakfield-primary.yaml", "send-policy")
    assert "Riverside Learning Trust" in trust and "the trust board" in trust
    assert "In law, the duties of Oakfield Primary School towards children with SEN and disabled children belong to " \
           "its governing body." in maintained and "trust board" not in maintained
