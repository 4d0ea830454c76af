"""Composition on a small clause library the tests write themselves."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.clauses import load_library, load_outline
from toolkit.compose import add_months, compose, compose_documents
from toolkit.document import ListBlock, Paragraph
from toolkit.errors import ClauseError, IncompleteProfileError
from toolkit.profile import load_profile

CLAUSES = {
    "senco": """---
id: senco
title: Who is the SENCO?
satisfies: [SCH1-04]
documents: [report]
requires: [people.senco.name, people.senco.email]
---
Our SENCO is **{{ people.senco.name }}**. Email {{ email(people.senco.email) }}.

### Other contacts

{% for c in people.other_contacts %}
- {{ c.name }}{% if c.role %}, {{ c.role|lower_first }}{% endif %}
{% endfor %}
""",
    "offer": """---
id: offer
title: Local Offer
satisfies: [SCH1-13]
documents: [report, policy]
requires: [local_offer.url]
---
See {{ link(local_offer.url, local_offer.name or "the Local Offer") }}. Areas: {{ join_and(derived.areas) }}.
""",
    "special-only": """---
id: special-only
title: Only in special schools
satisfies: [SCH1-01]
documents: [report]
when: derived.is_special
---
Special.
""",
    "governor": """---
id: governor
title: Chair
satisfies: [COP-6.3]
documents: [report]
requires: [people.chair_of_governors.name]
---
Our chair is {{ people.chair_of_governors.name }}, approved {{ longdate(policy.approved_on) }}.
""",
}


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "clauses"
    folder.mkdir()
    for cid, text in CLAUSES.items():
        (folder / f"{cid}.md").write_text(text, encoding="utf-8")
    return load_library(folder)


@pytest.fixture
def outline(tmp_path, library):
    path = tmp_path / "report.yaml"
    path.write_text("document: sen-information-report\ntitle: SEN information report\nsections:\n"
                    "  - clauses: [senco]\n  - heading: Where to find help\n    clauses: [offer, special-only]\n"
                    "  - clauses: [governor]\n", encoding="utf-8")
    return load_outline(path, library)


def profile_with(example_data, write_profile, **changes):
    for dotted, value in changes.items():
        target = example_data
        *parents, leaf = dotted.split("__")
        for p in parents:
            target = target[p]
        if value is None:
            target.pop(leaf, None)
        else:
            target[leaf] = value
    return load_profile(write_profile(example_data))


def test_sections_follow_the_outline_and_record_requirements(library, outline, example_data, write_profile):
    doc = compose(profile_with(example_data, write_profile), library, outline).document
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("Who is the SENCO?", 2), ("Other contacts", 3), ("Where to find help", 2), ("Chair", 2)]
    assert doc.sections[0].satisfies == ["SCH1-04"]
    assert doc.sections[2].clause_ids == ["offer"]  # special-only dropped by `when`
    assert doc.title == "Oakfield Primary School SEN information report 2026-27"
    assert doc.published == date(2026, 9, 24) and doc.next_review == date(2027, 9, 24)
    first = doc.sections[0].blocks[0]
    assert isinstance(first, Paragraph)
    assert first.text == "Our SENCO is Mrs Priya Sharma. Email senco@oakfield-primary.example.sch.uk."
    assert [i.href for i in first.inlines if i.href] == ["mailto:senco@oakfield-primary.example.sch.uk"]
    contacts = doc.sections[1].blocks[0]
    assert isinstance(contacts, ListBlock) and contacts.items[0][0].text.startswith("Mr Tom Hughes, lead teacher")


def test_profile_values_are_data_not_template_or_markup(library, outline, example_data, write_profile):
    example_data["people"]["senco"]["name"] = "{{ 7*7 }} **bold** [x](http://evil.example) <script>"
    doc = compose(profile_with(example_data, write_profile), library, outline).document
    para = doc.sections[0].blocks[0]
    assert "{{ 7*7 }} **bold** [x](http://evil.example) <script>" in para.text
    assert not any(i.href == "http://evil.example" for i in para.inlines)


def test_sandbox_blocks_unsafe_template_code(tmp_path, example_data, write_profile):
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "evil.md").write_text("---\nid: evil\ntitle: E\nsatisfies: [SCH1-01]\ndocuments: [report]\n---\n"
                                    "{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    lib = load_library(folder)
    (tmp_path / "o.yaml").write_text("document: sen-information-report\ntitle: R\nsections:\n"
                                     "  - clauses: [evil]\n", encoding="utf-8")
    with pytest.raises(ClauseError, match="cannot be rendered"):
        compose(profile_with(example_data, write_profile), lib, load_outline(tmp_path / "o.yaml", lib))


def test_missing_facts_fail_with_the_full_list(library, outline, example_data, write_profile):
    profile = profile_with(example_data, write_profile, people__chair_of_governors=None)
    with pytest.raises(IncompleteProfileError) as err:
        compose(profile, library, outline)
    assert [p.field for p in err.value.problems] == ["people.chair_of_governors.name"]
    # the document and section that need it, in a headteacher's words, never a clause ID
    assert err.value.problems[0].message == "needed by the SEN information report (section “Chair”)"


def test_a_contact_needs_one_of_its_channels_and_says_so(library, outline, example_data, write_profile, tmp_path):
    from toolkit.clauses import load_library

    folder = tmp_path / "any"
    folder.mkdir()
    (folder / "iass.md").write_text("---\nid: iass\ntitle: Advice\nsatisfies: [SCH1-11]\ndocuments: [report]\n"
                                    'requires: ["sendiass.phone | sendiass.email | sendiass.website"]\n---\n'
                                    "{% if sendiass.phone %}Phone {{ sendiass.phone }}.{% endif %}\n", encoding="utf-8")
    lib = load_library(folder)
    (tmp_path / "o.yaml").write_text("document: sen-information-report\ntitle: R\nsections:\n"
                                     "  - clauses: [iass]\n", encoding="utf-8")
    from toolkit.clauses import load_outline

    only_phone = profile_with(example_data, write_profile, sendiass={"name": "IASS", "phone": "01632 960555"})
    text = compose(only_phone, lib, load_outline(tmp_path / "o.yaml", lib)).document.text
    assert "Phone 01632 960555." in text and "to complete" not in text
    none = profile_with(example_data, write_profile, sendiass={"name": "IASS"})
    with pytest.raises(IncompleteProfileError) as err:
        compose(none, lib, load_outline(tmp_path / "o.yaml", lib))
    assert "Add at least one of phone, email or website" in str(err.value.problems[0])


def test_allow_incomplete_writes_visible_markers(library, outline, example_data, write_profile):
    profile = profile_with(example_data, write_profile, people__chair_of_governors=None)
    composed = compose(profile, library, outline, allow_incomplete=True)
    assert composed.missing == {"governor": ["people.chair_of_governors.name"]}
    chair = composed.document.sections[-1]
    markers = [i for b in chair.blocks for i in b.inlines if i.marker]
    assert [m.text for m in markers] == ["[to complete: people.chair_of_governors.name]"]
    assert chair.incomplete == ["people.chair_of_governors.name"]


def test_compose_documents_collects_missing_fields_across_documents(library, outline, example_data,
                                                                    write_profile):
    profile = profile_with(example_data, write_profile, people__chair_of_governors=None)
    with pytest.raises(IncompleteProfileError) as err:
        compose_documents(profile, library, [outline, outline])
    assert len(err.value.problems) == 1


def test_bad_clause_files_are_reported_together(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text("no front matter", encoding="utf-8")
    (folder / "b.md").write_text("---\nid: wrong\ntitle: B\nsatisfies: [SCH1-4]\ndocuments: [leaflet]\n"
                                 "colour: red\n---\nx", encoding="utf-8")
    with pytest.raises(ClauseError) as err:
        load_library(folder)
    messages = " | ".join(str(p) for p in err.value.problems)
    for expected in ("no front matter", "differs from the file name", "`SCH1-4` is not a requirement ID",
                     "Did you mean `SCH1-04`?", "`leaflet` is not a document", "unknown key `colour`"):
        assert expected in messages


def test_outline_rejects_unknown_clauses_and_wrong_document(tmp_path, library):
    path = tmp_path / "p.yaml"
    path.write_text("document: send-policy\ntitle: P\nsections:\n  - clauses: [senco, senko]\n", encoding="utf-8")
    with pytest.raises(ClauseError) as err:
        load_outline(path, library)
    text = " | ".join(str(p) for p in err.value.problems)
    assert "not marked for the policy" in text and "no clause `senko`" in text


@pytest.mark.parametrize("start, months, expected", [
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 1, 15), 12, date(2027, 1, 15)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
])
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_missing_lists_show_one_marker_under_allow_incomplete(tmp_path, example_data, write_profile):
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "help.md").write_text(
        "---\nid: help\ntitle: Help\nsatisfies: [SCH1-03e]\ndocuments: [report]\n"
        "requires: [provision.interventions]\n---\n"
        "{% for i in provision.interventions %}\n- {{ i.name }}{% if i.description %}: {{ i.description }}{% endif +%}\n"
        "{% endfor %}\n\nWe use {{ join_and(provision.interventions|names) }}.\n", encoding="utf-8")
    library = load_library(folder)
    (tmp_path / "o.yaml").write_text("document: sen-information-report\ntitle: R\nsections:\n"
                                     "  - clauses: [help]\n", encoding="utf-8")
    outline = load_outline(tmp_path / "o.yaml", library)
    example_data["provision"]["interventions"] = []
    composed = compose(load_profile(write_profile(example_data)), library, outline, allow_incomplete=True)
    blocks = composed.document.sections[0].blocks
    assert [[i.text for i in item] for item in blocks[0].items] == [["[to complete: provision.interventions]"]]
    assert blocks[1].text == "We use [to complete: provision.interventions]."
