"""A prose lint over every built example and test document (#9.3): proselint, plus rules of our own
for the slips a parent notices in generated text. It must find nothing.

Each paragraph and list item is linted on its own (as a reader meets it): joined into one text, a
heading followed by a sentence that starts with the same words reads to proselint as a repeated phrase.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.document import ListBlock, Paragraph
from toolkit.profile import load_profile

from tests.test_every_fact import PROFILES

# proselint checks that do not suit this text, each with the reason.
PROSELINT_OFF = {
    # counts "advisory" (teachers) as a spelling of "advisor" against "adviser"
    "spelling.consistency": False,
}

# Our own rules: (name, pattern, what is wrong).
OUR_RULES = [
    ("iso-date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "a date written as a computer writes it"),
    ("marker", re.compile(r"\[to complete"), "a to-complete marker"),
    ("doubled-word", re.compile(r"\b(\w+) \1\b", re.IGNORECASE), "the same word twice"),
    ("capital-the", re.compile(r"(?<=[a-z,]) The (?=[A-Z])"), "'The' capitalised inside a sentence"),
    ("empty-value", re.compile(r"\bNone\b|\(\s*\)|: \.|, \.|\s[,.;:](?!\w)"), "a missing value or stray punctuation"),
    ("double-space", re.compile(r"\S  +\S"), "two spaces"),
    ("your-learner", re.compile(r"\byour (pupil|student|young person)\b"), "a parent's child called by the school's word for learners"),
    ("bracket-possessive", re.compile(r"\)'s\b|\b\w+s's\b"), "'s after a bracket or a plural"),
    ("age-hyphen", re.compile(r"\baged \d+-\d+\b"), "an age range written with a hyphen (say 4 to 7)"),
]


def _units(doc):
    """Each paragraph and list item's text, with where it is."""
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield section.heading, block.text
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield section.heading, "".join(i.text for i in item)


def _lead_in_problems(doc) -> list[str]:
    """A list is introduced by a sentence of its own (ending in a colon), never dropped in bare."""
    problems = []
    for section in doc.sections:
        for before, block in zip([None] + section.blocks, section.blocks):
            if isinstance(block, ListBlock) and not (isinstance(before, Paragraph) and
                                                     before.text.rstrip().endswith(":")):
                problems.append(f"{section.heading}: a list with no lead-in ({block.text.splitlines()[0][:50]})")
    return problems


@pytest.fixture(scope="module")
def proselint_lint():
    proselint = pytest.importorskip("proselint")  # noqa: F841 (installed with the test extra)
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    config = {**DEFAULT, "checks": {**DEFAULT["checks"], **PROSELINT_OFF}}

    def lint(text: str) -> list[str]:
        return [f"{r.check_result.check_path}: {r.check_result.message}" for r in LintFile("<text>", text).lint(config)]

    return lint


@pytest.mark.slow
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_the_prose_lint_finds_nothing(path, proselint_lint):
    library = bundled_library()
    profile = load_profile(path)
    found = []
    for document in ("send-policy", "sen-information-report"):
        doc = compose(profile, library, bundled_outline(document, library)).document
        for heading, text in _units(doc):
            # addresses are not prose ("early-years" in a web address is no phrasal adjective)
            for problem in proselint_lint(re.sub(r"https?://\S+|\S+@\S+", "the address", text)):
                found.append(f"{document} / {heading}: {problem} in “{text[:80]}”")
            for name, pattern, what in OUR_RULES:
                if m := pattern.search(text):
                    found.append(f"{document} / {heading}: {name} ({what}) at “{text[max(0, m.start() - 30):m.end() + 30]}”")
        found += [f"{document} / {p}" for p in _lead_in_problems(doc)]
    assert found == [], f"{Path(path).name}:\n  " + "\n  ".join(found)


def test_our_rules_catch_what_they_say():
    bad = {"iso-date": "We agreed it on 2025-03-12.", "doubled-word": "talk to the the SENCO",
           "capital-the": "We also have The Acorn Centre.", "empty-value": "Phone: None.",
           "double-space": "Our SENCO.  She", "your-learner": "When your young person joins us",
           "bracket-possessive": "The Assistant Headteacher (Inclusion)'s qualification", "age-hyphen": "aged 4-7"}
    for name, text in bad.items():
        pattern = next(p for n, p, _ in OUR_RULES if n == name)
        assert pattern.search(text), name
    clean = "Our SENCO is Mrs Priya Sharma. You can email her at senco@school.example.sch.uk or phone 01632 960104."
    assert not [n for n, p, _ in OUR_RULES if p.search(clean)]
