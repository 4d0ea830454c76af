"""The consistency report's rows, from build.json facts (no build needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

from toolkit.trust.report import entry_for


def test_a_field_missing_for_two_clauses_is_listed_once():
    document = {"type": "sen-information-report", "outputs": [], "next_review": "2027-01-01",
                "incomplete": [{"clause": "contacts", "field": "people.senco.phone"},
                               {"clause": "complaints", "field": "people.senco.phone"},
                               {"clause": "complaints", "field": "people.senco.email"}]}
    target = SimpleNamespace(kind="trust", name="A Trust", slug="a-trust", path=Path("trust.yaml"),
                             trust_slug="a-trust", profile=None)
    outcome = SimpleNamespace(target=target, status="built", error=[], manifest={"documents": [document]})
    entry = entry_for(outcome, date(2026, 11, 22))
    assert entry["incomplete"] == ["people.senco.phone", "people.senco.email"]
    assert entry["complete"] is False and entry["documents"][0]["review_overdue"] is False
