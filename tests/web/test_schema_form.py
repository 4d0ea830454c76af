"""The form derived from a schema: pages, kinds, and what a save writes."""

from __future__ import annotations

import json
from pathlib import Path

from werkzeug.datastructures import MultiDict

from toolkit.web.profile_file import ProfileFile
from toolkit.web.schema_form import _build, humanise
from toolkit.web.service import apply_answers

SCHEMA = {
    "type": "object", "required": ["school"],
    "properties": {
        "school": {"$ref": "#/$defs/School"},
        "clubs": {"type": "array", "items": {"$ref": "#/$defs/Club"}, "default": []},
        "governance_notes": {"type": "string", "title": "Governance Notes"},
    },
    "$defs": {
        "School": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "title": "Name"},
            "opened": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}], "title": "Opened"},
            "email": {"anyOf": [{"type": "string", "format": "email"}, {"type": "null"}], "title": "Email"},
            "kind": {"enum": ["a", "b"], "type": "string", "title": "Kind"}}},
        "Club": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "title": "Name"},
            "days": {"type": "array", "items": {"type": "string"}, "title": "Days"},
            "leaders": {"type": "array", "items": {"$ref": "#/$defs/Leader"}, "title": "Leaders"}}},
        "Leader": {"type": "object", "properties": {"name": {"type": "string"}}},
    },
}


def test_pages_and_kinds_follow_the_schema():
    form = _build(json.dumps(SCHEMA))
    titles = [t.title for t in form.tasks]
    assert titles[-2:] == ["Clubs", "Governance notes"]  # sections no task names get rows of their own
    school = form.page("school")
    kinds = {q.name: q.kind for q in school.questions}
    assert kinds == {"name": "text", "opened": "date", "email": "email", "kind": "choice"}
    clubs = form.page("clubs")
    assert clubs.is_list and [c.kind for c in clubs.questions[0].children] == ["text", "lines", "list"]
    assert form.page_of_field("clubs.1.days").id == "clubs"


def test_a_list_item_keeps_what_its_page_does_not_ask(tmp_path):
    form = _build(json.dumps(SCHEMA))
    path = tmp_path / "p.yaml"
    path.write_text("clubs:\n  - name: Chess  # Tuesdays\n    leaders:\n      - name: Ann\n")
    pf = ProfileFile.load(path, private=True)
    answers = MultiDict({"clubs.count": "2", "clubs.0.name": "Chess club", "clubs.0.days": "Tuesday\nFriday",
                         "clubs.1.name": ""})
    assert apply_answers(pf, form.page("clubs"), answers)
    text = pf.dump()
    assert "leaders:" in text and "name: Ann" in text  # not on the page, kept
    assert "name: Chess club" in text and "- Friday" in text


def test_humanise_keeps_the_words_schools_write_in_capitals():
    assert humanise("sen_governor") == "SEN governor"
    assert humanise("Senco") == "SENCO"
    assert humanise("maintained-nursery") == "Maintained nursery"
