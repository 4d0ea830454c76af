"""Every clause names the law it states (`basis:`), and every basis is a provision the reference cites.

The known provisions are a committed list (toolkit/data/provisions.yaml), so this never needs the
reference itself; `python -m toolkit.provisions REFERENCE` (run by CI when ../shared exists) checks the
list against the reference, and is tested here on a synthetic reference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.clauses import bundled_library, parse_clause
from toolkit.catalogue import load_catalogue
from toolkit.provisions import LEGAL_WORDS, load_provisions, main, unmatched

ROOT = Path(__file__).resolve().parent.parent
_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


def _example_overrides() -> list[Path]:
    return sorted(p for p in (ROOT / "school_profiles").rglob("*.md") if p.parent.name.endswith("clauses"))


def _all_clauses():
    known = set(load_catalogue().ids())
    clauses = list(bundled_library())
    for path in _example_overrides():
        clause, problems = parse_clause(path, path.read_text(encoding="utf-8"), known)
        assert problems == [], problems
        clauses.append(clause)
    return clauses


def _prose(body: str) -> str:
    return _TAG.sub(" ", body)


def test_the_example_trust_rewords_a_clause_so_overrides_are_covered():
    assert _example_overrides(), "the examples should include a school's own clause wording"


@pytest.mark.parametrize("clause", _all_clauses(), ids=lambda c: c.id)
def test_every_clause_names_its_legal_basis(clause):
    assert clause.basis, f"{clause.path}: add `basis:` with the provisions the clause relies on"
    known = load_provisions()
    assert [b for b in clause.basis if b not in known] == []


@pytest.mark.parametrize("clause", _all_clauses(), ids=lambda c: c.id)
def test_a_clause_that_states_the_law_has_a_basis(clause):
    words = re.findall(LEGAL_WORDS, _prose(clause.body) + " " + clause.title, re.I)
    if words:
        assert clause.basis, f"{clause.path} says {sorted(set(words))} but gives no `basis:`"


def test_the_legal_words_are_the_ones_the_contract_names():
    for text in ("we must admit them", "The law says", "a legal document", "the right to ask",
                 "your rights", "its duties", "a duty to"):
        assert re.search(LEGAL_WORDS, text, re.I), text
    assert not re.search(LEGAL_WORDS, "a bright day on the lawn, with mustard", re.I)


def test_the_clauses_that_state_law_are_many():
    # guards the contract above against a regex that matches nothing
    stated = [c for c in _all_clauses() if re.search(LEGAL_WORDS, _prose(c.body), re.I)]
    assert len(stated) >= 20


def test_an_unknown_provision_is_refused_with_a_suggestion(tmp_path):
    path = tmp_path / "x.md"
    text = "---\nid: x\ntitle: X\nsatisfies: [SCH1-01]\nbasis: [CFA2014.s96, CFA2014.s69]\ndocuments: [report]\n---\nBody\n"
    clause, problems = parse_clause(path, text, set(load_catalogue().ids()))
    assert clause is None
    (problem,) = problems
    assert problem.field == "basis" and "CFA2014.s96" in problem.message
    assert "CFA2014.s" in (problem.suggestion or "")


def test_a_basis_that_is_not_a_list_is_refused(tmp_path):
    text = "---\nid: x\ntitle: X\nsatisfies: [SCH1-01]\nbasis: CFA2014.s69\ndocuments: [report]\n---\nBody\n"
    clause, problems = parse_clause(tmp_path / "x.md", text, set(load_catalogue().ids()))
    assert clause is None and problems[0].field == "basis"


def test_each_provision_is_described_and_unique():
    provisions = load_provisions()
    assert len(provisions) >= 40
    for p in provisions.values():
        assert p.cite and p.says and p.find, p.id
        assert re.match(r"^[A-Za-z0-9.()-]+$", p.id), p.id


def test_every_provision_is_relied_on_by_some_clause_or_the_review_letters():
    used = {b for c in _all_clauses() for b in c.basis}
    # the annual review rules (regs 19-22) are stated by the letters, not by a clause
    unused = set(load_provisions()) - used - {"SENDRegs2014.reg22"}
    assert unused == set()


def test_the_reference_check_finds_a_provision_the_reference_no_longer_cites(tmp_path, capsys):
    provisions = load_provisions()
    full = "\n".join(p.find for p in provisions.values())
    assert unmatched(full) == []
    dropped = next(iter(provisions.values()))
    ref = tmp_path / "requirements.md"
    ref.write_text(full.replace(dropped.find, ""), encoding="utf-8")
    assert main([str(ref)]) == 1
    assert dropped.id in capsys.readouterr().err
    ref.write_text(full, encoding="utf-8")
    assert main([str(ref)]) == 0
    assert main([str(tmp_path / "absent.md")]) == 2
