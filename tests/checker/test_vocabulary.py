"""The words schools use (vocabulary: in the catalogue): every passing fixture still passes with each variant
of each group swapped in ("parents" -> "carers", "pupils" -> "young people", "SENCO" -> "Inclusion Lead")."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

from toolkit.catalogue import load_catalogue, read_catalogue, vocabulary
from toolkit.errors import CatalogueError
from toolkit.checker.engine import CheckOptions, check_document
from toolkit.vocabulary import Group, Variant, expand, parse_vocabulary

sys.path.insert(0, str(Path(__file__).parent))
from snippets import document_from_text  # noqa: E402
from test_cases import load_case_file  # noqa: E402

CASES_DIR = Path(__file__).parent / "cases"


def _passing_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in load_case_file(path):
            if case.expect == "present":
                yield case.rid, case


def _finder(group: Group) -> re.Pattern:
    # Not inside an email address, a web address or another word ("senco@school", "parentpay").
    return re.compile(r"(?<![\w@./-])" + group.pattern + r"(?![\w@-])", re.I)


def _form_of(variant: Variant, found: str, group: Group) -> str:
    """``variant`` in the same number as the word ``found`` and with its capital letter."""
    plural = any(v.one != v.many and re.fullmatch(Group("many", (Variant(v.many, v.many),)).pattern, found, re.I)
                 for v in group.variants)
    word = variant.many if plural else variant.one
    if found[:1].isupper() and word[:1].islower():
        word = word[0].upper() + word[1:]
    return word


# A qualification's name is a proper noun, not the role ("the NPQ for SENCOs" stays as it is).
_TITLE_OF_A_QUALIFICATION = re.compile(r"\b(?:NPQ|National Award|qualification)\s*(?:for|in)?\s*(?:the\s+)?$", re.I)


def swap(text: str, group: Group, variant: Variant) -> str:
    """``text`` with every word of ``group`` replaced by ``variant`` (same number, same capital)."""
    def replace(m: re.Match) -> str:
        if _TITLE_OF_A_QUALIFICATION.search(text[max(0, m.start() - 30):m.start()]):
            return m.group(0)
        return _form_of(variant, m.group(0), group)

    return _finder(group).sub(replace, text)


def _judge(rid: str, case, text: str):
    options = CheckOptions(doc_type=case.settings["type"], setting=case.settings["setting"],
                           edition=case.settings["edition"], as_of=date.fromisoformat(case.settings["as_of"]))
    report = check_document(document_from_text(text), options)
    return next(f for f in report.results if f.id == rid)


def _swaps():
    groups = vocabulary()
    for rid, case in _passing_cases():
        for group in groups.values():
            if _finder(group).search(case.text):
                yield pytest.param(rid, case, group.name, id=f"{rid}: {case.name} / {group.name}")


@pytest.mark.parametrize("rid, case, group_name", list(_swaps()))
def test_passing_fixture_passes_with_every_variant(rid, case, group_name):
    group = vocabulary()[group_name]
    failures = []
    for variant in group.variants:
        text = swap(case.text, group, variant)
        finding = _judge(rid, case, text)
        if finding.status != "present":
            failures.append(f"with '{variant.one}': {finding.status} ({finding.message})\n{text}")
    assert not failures, "\n\n".join(failures)


def test_swap_keeps_number_and_capitals():
    parents = vocabulary()["parents"]
    carers = next(v for v in parents.variants if v.one == "carer")
    assert swap("Parents meet the parent of a child.", parents, carers) == "Carers meet the carer of a child."
    senco = vocabulary()["senco"]
    lead = next(v for v in senco.variants if v.one == "Inclusion Lead")
    assert swap("Our SENCo, senco@example.sch.uk.", senco, lead) == "Our Inclusion Lead, senco@example.sch.uk."
    assert swap("The SENCO has the NPQ for SENCOs.", senco, lead) == "The Inclusion Lead has the NPQ for SENCOs."
    pupils = vocabulary()["pupils"]
    young = next(v for v in pupils.variants if v.one == "young person")
    assert swap("Children and a pupil.", pupils, young) == "Young people and a young person."


def test_every_placeholder_in_the_catalogue_is_expanded():
    for req in load_catalogue():
        for patterns in (req.signals.patterns().values() if req.signals else ()):
            for p in patterns:
                assert not re.search(r"\{[a-z_]+\}", p.pattern), f"{req.id}: unexpanded {p.pattern}"


_FILE = """editions:
- {name: '2015', effective: '2015-01-01', title: Base}
vocabulary:
  parents: [parent | parents, carer | carers]
requirements:
- id: X-1
  title: Parents
  force: must
  applies_to: [sen-information-report]
  source: somewhere
  signals:
    phrases:
    - \\b{parnets}\\b
"""


def test_an_unknown_group_in_a_catalogue_file_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "requirements.yaml"
    path.write_text(_FILE, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        read_catalogue(path)
    problem = err.value.problems[0]
    assert "{parnets}" in problem.message and problem.line == 11 and "parents" in problem.suggestion


def test_a_catalogue_file_expands_its_own_vocabulary(tmp_path):
    path = tmp_path / "requirements.yaml"
    path.write_text(_FILE.replace("parnets", "parents"), encoding="utf-8")
    phrase = read_catalogue(path).requirements[0].signals.phrases[0]
    assert phrase.search("Carers are welcome") and not phrase.search("Pupils are welcome")


def test_expansion_matches_every_form_and_spacing():
    groups = parse_vocabulary({"senco": ["SENDCo", "Inclusion Co-ordinator"], "parents": ["parent | parents"]})
    rx = re.compile(r"\b" + expand("{senco}", groups) + r"\b", re.I)
    for text in ("the SENDCo", "our inclusion coordinator", "Inclusion  Co-ordinator", "inclusion co ordinator"):
        assert rx.search(text), text
    assert re.fullmatch(expand("{parents}", groups), "parents")
    assert not re.fullmatch(expand("{parents}", groups), "pupils")


@pytest.mark.parametrize("raw, message", [
    ({"parents": "parent"}, "give a list"),
    ({"parents": ["parent | parents | folks"]}, "singular | plural"),
    ({"Parents": ["parent"]}, "lower-case"),
    ({"parents": [3]}, "is not a word"),
])
def test_a_malformed_vocabulary_is_refused(raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_vocabulary(raw)


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="not a vocabulary group"):
        expand(r"\b{parnets}\b", parse_vocabulary({"parents": ["parent | parents"]}))
