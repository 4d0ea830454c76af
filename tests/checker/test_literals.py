"""The literal prefilter never hides a match: every text a pattern matches holds its necessary literals."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from toolkit.catalogue import load_catalogue
from toolkit.checker import passages
from toolkit.checker.literals import IGNORECASE_EXTRA, could_match, fold, necessary_literals
from toolkit.checker.passages import SentenceIndex, parts_of
from toolkit.readers import read_document

HELDOUT = Path(__file__).parent / "heldout"


def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


@pytest.mark.parametrize("pattern, clauses", [
    (r"\blooked[- ]after", [{"looked"}, {"after"}]),
    (r"\b(?:autis\w*|ASD|dyslexi\w*)\b", [{"autis", "asd", "dyslexi"}]),
    (r"colou?r", [{"colo"}]),  # "r" alone is too common to be worth a scan
    (r"\bidentif\w*\b[^.]{0,80}\b(?:SEN|needs?)", [{"identif"}, {"sen", "need"}]),
    (r"\d+ weeks?", [{" week"}]),
    (r"(?:pupils)+ here", [{"pupils"}, {" here"}]),
])
def test_necessary_literals(pattern, clauses):
    assert [set(c) for c in necessary_literals(rx(pattern))] == clauses


@pytest.mark.parametrize("pattern", [r"\d+", r"(?:a)?b?", r"\w+\s\w+", r"x*"])
def test_no_literal_means_try_everywhere(pattern):
    found = necessary_literals(rx(pattern))
    assert found is None or all(min(map(len, c)) < 3 for c in found)
    assert could_match(rx(pattern), fold("anything at all 123"))


def test_case_folding_matches_ignorecase_for_every_character():
    # re.IGNORECASE pairs a few non-ASCII characters with ASCII letters (the Kelvin sign with k): the
    # fold must know every one, or a document using one would lose a match.
    for code in range(0x110000):
        ch = chr(code)
        if re.fullmatch("[a-z]", ch, re.I):
            assert fold(ch) in string.ascii_lowercase and re.fullmatch(fold(ch), ch, re.I), hex(code)
        elif code >= 128:
            assert code not in IGNORECASE_EXTRA
    assert could_match(rx("kelvin"), fold("\u212aELVIN")) and rx("kelvin").search("\u212aELVIN")
    assert not could_match(rx("looked after"), fold("cared for"))


def _texts() -> list[str]:
    out = []
    for path in sorted(HELDOUT.iterdir()):
        if path.suffix in (".md", ".txt", ".html", ".docx"):
            for part in parts_of(read_document(str(path))):
                out.append(part.heading)
                out.append(part.own_text)
                out.extend(s.text for s in part.sentences)
    return out


def _patterns() -> list[re.Pattern]:
    found = {}
    for edition in ("2015", "2024-09"):
        for req in load_catalogue(edition):
            if req.signals is not None:
                for patterns in req.signals.patterns().values():
                    found.update((p.pattern, p) for p in patterns)
    for p in [*passages._DUTY_ITEMS, passages._LAW_VOICE, passages._QUOTE_LEADIN]:
        found[p.pattern] = p
    return list(found.values())


def test_every_catalogue_pattern_match_passes_the_prefilter_on_real_text():
    texts = _texts()
    folded = [fold(t) for t in texts]
    matched = 0
    for p in _patterns():
        for text, f in zip(texts, folded):
            if p.search(text):
                matched += 1
                assert could_match(p, f), (p.pattern, text)
    assert matched > 1000  # the check saw real matches, not an empty corpus


def test_sentence_index_candidates_hold_every_matching_sentence():
    parts = parts_of(read_document(str(HELDOUT / "01_larkrise-primary_14-questions.md")))
    index = SentenceIndex(parts)
    for p in _patterns():
        candidates = index.candidates(p)
        actual = {k for k, (_, s) in enumerate(index.entries) if p.search(s.text)}
        assert candidates is None or actual <= candidates, p.pattern
        heading_candidates = index.headings.candidates(p)
        actual = {j for j, part in enumerate(parts) if p.search(part.heading)}
        assert heading_candidates is None or actual <= heading_candidates, p.pattern
