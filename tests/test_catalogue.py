"""The typed catalogue: every key known, every regex compiled and every hook resolved when it loads, and
each mistake a CatalogueError with the file, the line and the key."""

from __future__ import annotations

import re

import pytest

from toolkit.catalogue import FORCES, Signals, build_catalogue, load_catalogue, read_catalogue
from toolkit.checker.engine import checker_catalogue, resolve_hooks
from toolkit.errors import CatalogueError, SendkitError

GOOD = """\
editions:
- name: '2015'
  effective: '2015-01-01'
  title: First
- name: 2024-09
  effective: '2024-09-01'
  title: Second
requirements:
- id: SCH1-01
  title: Kinds of SEN
  force: must
  applies_to: [sen-information-report]
  source: Schedule 1, paragraph 1
  signals:
    headings:
    - \\bkinds of
    phrases:
    - \\bcognition and learning
    present_at: 3
  partial_when: Say which needs.
- id: SCH1-04
  title: The SENCO
  force: must
  applies_to: [sen-information-report]
  source: Schedule 1, paragraph 4
  hook: senco_contact
  editions:
    '2015':
      title: The SENCO (2015)
"""


def load(tmp_path, text):
    path = tmp_path / "requirements.yaml"
    path.write_text(text, encoding="utf-8")
    return read_catalogue(path)


def problem_of(tmp_path, text):
    with pytest.raises(CatalogueError) as info:
        load(tmp_path, text)
    assert isinstance(info.value, SendkitError)  # exit code 2, no traceback
    assert len(info.value.problems) == 1, info.value.lines()
    return info.value.problems[0]


def test_a_good_file_loads_typed_with_compiled_patterns(tmp_path):
    file = load(tmp_path, GOOD)
    catalogue = build_catalogue(file, "2024-09")
    req = catalogue["SCH1-01"]
    assert isinstance(req.signals, Signals)
    assert all(isinstance(p, re.Pattern) and p.flags & re.I for p in req.signals.phrases)
    assert req.signals.partial_at == 0.5 and req.signals.min_sentence_words == 5  # the documented defaults
    assert catalogue["SCH1-04"].hook == "senco_contact" and catalogue["SCH1-04"].title == "The SENCO"
    assert build_catalogue(file, "2015")["SCH1-04"].title == "The SENCO (2015)"
    resolve_hooks(catalogue)  # every hook name is registered


def test_a_misspelt_signal_key_is_an_error_with_its_line_and_a_suggestion(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("    phrases:\n", "    phrase:\n"))
    assert p.line == 17 and p.file.endswith("requirements.yaml")
    assert p.field == "SCH1-01: signals.phrase"
    assert "unknown key `phrase`" in p.message and p.suggestion == "did you mean `phrases`?"


def test_a_misspelt_entry_key_is_an_error(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("  hook: senco_contact", "  hooks: senco_contact"))
    assert (p.line, p.field, p.suggestion) == (26, "SCH1-04: hooks", "did you mean `hook`?")


def test_a_regex_that_does_not_compile_is_an_error_when_the_catalogue_loads(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("\\bcognition and learning", "\\bcognition (and learning"))
    assert p.line == 18 and p.field == "SCH1-01: signals.phrases[0]"
    assert "does not compile" in p.message and "missing ), unterminated subpattern" in p.message


def test_a_regex_that_matches_empty_text_is_an_error(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("\\bcognition and learning", "cognition|"))
    assert p.line == 18 and "matches empty text" in p.message


def test_an_unknown_force_names_the_choices(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("force: must\n  applies_to: [sen-information-report]\n  source: Schedule 1, "
                                          "paragraph 1", "force: mst\n  applies_to: [sen-information-report]\n  "
                                          "source: Schedule 1, paragraph 1"))
    assert p.line == 11 and p.field == "SCH1-01: force"
    assert p.message == "`mst` is not one of must, should, good" and p.suggestion == "did you mean `must`?"
    assert FORCES == ("must", "should", "good")


def test_an_unknown_document_type_and_a_missing_field(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("[sen-information-report]\n  source: Schedule 1, paragraph 4",
                                          "[sen-information-reprot]\n  source: Schedule 1, paragraph 4"))
    assert p.line == 24 and p.field == "SCH1-04: applies_to[0]" and p.suggestion == "did you mean `sen-information-report`?"
    p = problem_of(tmp_path, GOOD.replace("  source: Schedule 1, paragraph 1\n", ""))
    assert p.field == "SCH1-01: source" and p.message == "is required but missing" and p.line == 9


def test_signals_and_a_hook_together_or_signals_with_nothing_to_find(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("  partial_when: Say", "  hook: readability\n  partial_when: Say"))
    assert p.field == "SCH1-01" and "not both" in p.message and p.line == 9
    p = problem_of(tmp_path, GOOD.replace("    phrases:\n    - \\bcognition and learning\n", "").replace(
        "    headings:\n    - \\bkinds of\n", ""))
    assert p.field == "SCH1-01: signals" and "nothing to look for" in p.message


def test_a_duplicate_id_and_an_unknown_edition(tmp_path):
    p = problem_of(tmp_path, GOOD.replace("- id: SCH1-04", "- id: SCH1-01"))
    assert (p.line, p.field) == (21, "SCH1-01: id") and "given twice" in p.message
    p = problem_of(tmp_path, GOOD.replace("    '2015':", "    '2051':"))
    assert p.line == 28 and "unknown edition `2051`" in p.message and p.suggestion == "did you mean `2015`?"
    p = problem_of(tmp_path, GOOD.replace("      title: The SENCO (2015)", "      titel: The SENCO (2015)"))
    assert p.line == 29 and p.field == "SCH1-04: editions.2015.titel" and p.suggestion == "did you mean `title`?"


def test_a_hook_that_does_not_exist_is_found_when_the_checker_loads_the_catalogue(tmp_path):
    catalogue = build_catalogue(load(tmp_path, GOOD.replace("hook: senco_contact", "hook: senco_contacts")), "2024-09",
                                str(tmp_path / "requirements.yaml"))
    with pytest.raises(CatalogueError) as info:
        resolve_hooks(catalogue)
    p = info.value.problems[0]
    assert (p.line, p.field) == (26, "SCH1-04: hook")
    assert p.message == "no code hook is called `senco_contacts`" and p.suggestion == "did you mean `senco_contact`?"


def test_bad_yaml_is_an_error_with_its_line(tmp_path):
    with pytest.raises(CatalogueError) as info:
        load(tmp_path, GOOD.replace("  title: Kinds of SEN", "  title: [Kinds of SEN"))
    assert info.value.problems[0].line is not None


def test_the_bundled_catalogue_validates_and_every_hook_resolves():
    for edition in ("2015", "2024-09"):
        catalogue = checker_catalogue(edition)
        assert catalogue is checker_catalogue(edition)  # loaded and checked once
        assert catalogue.ids() == load_catalogue(edition).ids()
        for req in catalogue:
            assert (req.signals is None) != (req.hook is None) or req.applies_to[0] not in (
                "send-policy", "sen-information-report"), req.id
