"""`sendkit diff`: known edits give exactly those changes; the tracked Word file accepts to this
year's text and rejects to last year's."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from toolkit.cli import main
from toolkit.diff import compare, write_changes
from toolkit.diff.sections import diff_sections, merge_inlines, tracked_document
from toolkit.diff.tracked import render_tracked_docx
from toolkit.document import Document, Inline, ListBlock, Paragraph, Section
from toolkit.render.docx import render_docx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "school_profiles" / "oakfield-primary.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AS_OF = date(2026, 11, 27)


def edited(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NEW_SENCO = ("name: Mrs Priya Sharma", "name: Mr Samuel Reid")
NO_LEGO = ("    - name: Lego therapy\n      description: building together to practise turn-taking and talking\n"
           "      area: communication-and-interaction\n", "")


@pytest.fixture
def last_year(tmp_path):
    return edited(tmp_path, "last-year.yaml")


def test_a_new_senco_and_a_removed_intervention_are_exactly_the_facts_that_changed(tmp_path, last_year):
    this_year = edited(tmp_path, "this-year.yaml", NEW_SENCO, NO_LEGO)
    (changes,) = compare(last_year, this_year, AS_OF).schools
    assert [f.sentence() for f in changes.facts] == ["SENCO: Mrs Priya Sharma → Mr Samuel Reid",
                                                     "Interventions removed: Lego therapy"]
    assert changes.coverage == [] and changes.edition is None and not changes.warnings
    reworded = {(s.document, s.heading) for s in changes.sections}
    assert ("sen-information-report", "Who can I talk to about my child's needs?") in reworded
    assert all(s.kind == "reworded" for s in changes.sections)


def test_identical_inputs_are_no_changes_and_exit_0(tmp_path, last_year):
    result = CliRunner().invoke(main, ["diff", str(last_year), str(EXAMPLE), "-o", str(tmp_path / "out"),
                                       "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert "No changes." in result.output
    data = json.loads((tmp_path / "out" / "changes.json").read_text())
    assert data["no_changes"] is True and data["facts"] == [] and data["sections"] == []
    assert "Nothing changed" in (tmp_path / "out" / "changes.md").read_text()


def _md(path: Path, sections: dict[str, str], title: str = "Oakfield Primary School SEN information report") -> Path:
    path.write_text(f"# {title}\n\n" + "\n\n".join(f"## {h}\n\n{body}" for h, body in sections.items()) + "\n",
                    encoding="utf-8")
    return path


SECTIONS = {
    "Who can I talk to about my child's needs?": "Talk to our SENCO, Mrs Priya Sharma, on 01632 960123 or "
                                                 "senco@oakfield.example.sch.uk.",
    "How do I complain?": "Talk to the class teacher first. If you are still unhappy, write to the "
                          "headteacher, then to the governing body, as our complaints policy sets out.",
    "How will my child be taught?": "Teachers adapt lessons so every child can learn.",
}


def test_a_section_reworded_and_a_requirement_lost_in_two_documents(tmp_path):
    old = _md(tmp_path / "old.md", SECTIONS)
    reworded = dict(SECTIONS)
    reworded["How will my child be taught?"] = "Teachers adapt lessons and resources so every child can learn."
    del reworded["How do I complain?"]
    new = _md(tmp_path / "new.md", reworded)
    (changes,) = compare(old, new, AS_OF).schools
    assert [(s.heading, s.kind) for s in changes.sections] == [("How will my child be taught?", "reworded"),
                                                               ("How do I complain?", "removed")]
    assert changes.facts == []
    lost = [c for c in changes.ordered_coverage() if c.lost]
    assert lost and lost == changes.ordered_coverage()[:len(lost)]  # lost items come first
    assert any(c.requirement == "SCH1-09" for c in lost), [c.requirement for c in lost]


def _body(xml: bytes):
    return etree.fromstring(xml).find(f"{W}body")


def _apply(docx: bytes, accept: bool) -> list[str]:
    """Accept or reject every tracked change in the XML, as Word would, and return the paragraphs'
    text after the summary page."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = _body(z.read("word/document.xml"))
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    for element in list(body.iter(f"{W}{drop}")):
        parent = element.getparent()
        if parent.tag == f"{W}rPr":  # a paragraph mark: the paragraph goes once its words have gone
            paragraph = parent.getparent().getparent()
            paragraph.set("gone", "1")
        parent.remove(element)
    for element in list(body.iter(f"{W}{keep}")):
        parent = element.getparent()
        if parent.tag == f"{W}rPr":
            parent.remove(element)
            continue
        for child in element:
            for t in child.iter(f"{W}delText"):
                t.tag = f"{W}t"
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    paragraphs, started = [], False
    for p in body.iter(f"{W}p"):
        if not started:
            started = any(br.get(f"{W}type") == "page" for br in p.iter(f"{W}br"))
            continue
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if p.get("gone") and not text:
            continue
        paragraphs.append(text)
    return [p for p in paragraphs if p]


def _plain(docx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = _body(z.read("word/document.xml"))
    return [t for t in ("".join(x.text or "" for x in p.iter(f"{W}t")) for p in body.iter(f"{W}p")) if t]


def _doc(sections: list[Section], published=date(2025, 9, 1)) -> Document:
    return Document("Our SEN information report", "sen-information-report", sections=sections,
                    published=published, next_review=date(published.year + 1, 9, 1))


def test_accepting_all_gives_this_years_text_and_rejecting_all_last_years():
    old = _doc([
        Section("Who to talk to", 2, [Paragraph([Inline("Talk to Mrs Sharma, our SENCO.")])]),
        Section("Help we give", 2, [ListBlock([[Inline("Lego therapy")], [Inline("Numicon")],
                                               [Inline("Talk Boost")]])]),
        Section("Old section", 2, [Paragraph([Inline("This goes.")])]),
        Section("Complaints", 2, [Paragraph([Inline("Write to the "), Inline("headteacher", bold=True),
                                             Inline(" first.")])]),
    ])
    new = _doc([
        Section("Who to talk to", 2, [Paragraph([Inline("Talk to Mr Okafor, our new SENCO.")])]),
        Section("Complaints", 2, [Paragraph([Inline("Write to the "), Inline("headteacher", bold=True),
                                             Inline(" first, then the governors.")])]),
        Section("Help we give", 2, [ListBlock([[Inline("Numicon")], [Inline("Talk Boost")],
                                               [Inline("Zones of Regulation")]])]),
        Section("New section", 2, [Paragraph([Inline("This is new.")])]),
    ], published=date(2026, 9, 1))
    summary = Document("What changed", "unknown", sections=[Section("Facts", 2, [Paragraph([Inline("x")])])])
    tracked = render_tracked_docx(old, new, summary, datetime(2026, 11, 27))
    assert _apply(tracked, accept=True) == _plain(render_docx(new))
    assert _apply(tracked, accept=False) == _plain(render_docx(old))
    with zipfile.ZipFile(io.BytesIO(tracked)) as z:
        body = _body(z.read("word/document.xml"))
    marks = list(body.iter(f"{W}ins")) + list(body.iter(f"{W}del"))
    assert marks and {m.get(f"{W}author") for m in marks} == {"sendkit"}
    assert {m.get(f"{W}date") for m in marks} == {"2026-11-27T00:00:00Z"}
    assert len({m.get(f"{W}id") for m in marks}) == len(marks)  # ids are unique
    for d in body.iter(f"{W}del"):  # deleted words are w:delText, never w:t
        assert not list(d.iter(f"{W}t"))


def test_a_tracked_build_of_real_profiles_accepts_and_rejects_exactly(tmp_path, last_year):
    this_year = edited(tmp_path, "this-year.yaml", NEW_SENCO, NO_LEGO,
                       ("    - word banks and coloured overlays\n", "    - word banks, coloured overlays and reading rulers\n"))
    result = compare(last_year, this_year, AS_OF)
    pair = {p.type: p for p in result.schools[0].documents}["sen-information-report"]
    summary = Document("s", "unknown")
    tracked = render_tracked_docx(pair.old, pair.new, summary, datetime(2026, 11, 27))
    assert _apply(tracked, accept=True) == _plain(render_docx(pair.new))
    assert _apply(tracked, accept=False) == _plain(render_docx(pair.old))


def test_word_level_marks_keep_the_formatting_of_the_version_each_word_comes_from():
    merged = merge_inlines([Inline("See the "), Inline("policy", href="https://a.example/p")],
                           [Inline("See our "), Inline("policy", href="https://a.example/p")])
    assert [(i.text, i.change, i.href) for i in merged] == [
        ("See ", None, None), ("the", "del", None), ("our", "ins", None), (" ", None, None),
        ("policy", None, "https://a.example/p")]


def test_words_changed_side_by_side_are_one_change_not_a_word_by_word_tangle():
    merged = merge_inlines([Inline("Our SENCO is Mrs Priya Sharma.")], [Inline("Our SENCO is Mr Samuel Reid.")])
    assert [(i.text, i.change) for i in merged] == [("Our SENCO is ", None), ("Mrs Priya Sharma", "del"),
                                                    ("Mr Samuel Reid", "ins"), (".", None)]


def test_a_section_that_moved_is_reported_as_moved_and_tracked_as_a_cut_and_paste():
    a = _doc([Section("One", 2, [Paragraph([Inline("1")])]), Section("Two", 2, [Paragraph([Inline("2")])])])
    b = _doc([Section("Two", 2, [Paragraph([Inline("2")])]), Section("One", 2, [Paragraph([Inline("1")])])])
    assert [(s.heading, s.kind) for s in diff_sections(a, b, "x")] == [("Two", "moved")]
    assert [(s.heading, s.change) for s in tracked_document(a, b).sections] == [
        ("Two", "ins"), ("One", None), ("Two", "del")]


def test_cli_writes_every_output_and_says_what_changed(tmp_path, last_year):
    this_year = edited(tmp_path, "this-year.yaml", NEW_SENCO)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["diff", str(last_year), str(this_year), "-o", str(out), "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["changes.html", "changes.json", "changes.md",
                                                     "sen-information-report-tracked.docx",
                                                     "send-policy-tracked.docx"]
    md = (out / "changes.md").read_text()
    assert md.index("## Facts that changed") < md.index("## Sections") < md.index("## Statutory items")
    assert "SENCO: Mrs Priya Sharma → Mr Samuel Reid" in md
    html = (out / "changes.html").read_text()
    assert '<html lang="en-GB"' in html and "Mr Samuel Reid" in html
    data = json.loads((out / "changes.json").read_text())
    assert data["facts"][0]["path"] == "people.senco" and data["facts"][0]["new"] == "Mr Samuel Reid"
    assert data["approval"]["approved_by"] == "the full governing body"


@pytest.mark.parametrize("make, message", [
    (lambda d: (d / "a.yaml", d / "b.docx"), "compare two of the same kind"),
    (lambda d: (d / "a.docx", d / "b.html"), "same format"),
    (lambda d: (d / "a.yaml", d / "missing.yaml"), "not found"),
    (lambda d: (d / "a.yaml", d / "notes.rtf"), "none of them"),
])
def test_inputs_that_cannot_be_compared_exit_2_with_a_message(tmp_path, make, message):
    for name in ("a.yaml", "b.docx", "a.docx", "b.html", "notes.rtf"):
        (tmp_path / name).write_bytes(EXAMPLE.read_bytes() if name.endswith(".yaml") else b"x")
    old, new = make(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_unreadable_document_exits_2(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"not a zip")
    (tmp_path / "b.docx").write_bytes(b"not a zip either")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a.docx"), str(tmp_path / "b.docx"), "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 2 and "a.docx" in result.output and "Traceback" not in result.output


def test_profiles_of_two_different_schools_warn_but_compare(tmp_path):
    other = ROOT / "school_profiles" / "kingsmere-academy.yaml"
    result = CliRunner().invoke(main, ["diff", str(EXAMPLE), str(other), "-o", str(tmp_path / "out"),
                                       "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert "two different schools" in result.output
    assert (tmp_path / "out" / "changes.md").is_file()


@pytest.mark.slow
def test_two_trust_builds_list_each_schools_changes_and_own_wording(tmp_path):
    trust = ROOT / "school_profiles" / "northshire-learning-trust"
    last, this = tmp_path / "last", tmp_path / "this"
    shutil.copytree(trust, last)
    shutil.copytree(trust, this)
    school = this / "ashdown-primary.yaml"
    text = school.read_text(encoding="utf-8")
    senco = text.split("senco:\n", 1)[1].split("name: ", 1)[1].split("\n", 1)[0]
    school.write_text(text.replace(f"name: {senco}", "name: Ms Ada Lovelace", 1), encoding="utf-8")
    runner = CliRunner()
    for folder in (last, this):
        result = runner.invoke(main, ["build", str(folder), "-o", str(folder / "site"), "--format", "docx",
                                      "-q", "--as-of", "2026-11-27"])
        assert result.exit_code == 0, result.output
    out = tmp_path / "changes"
    result = runner.invoke(main, ["diff", str(last / "site"), str(this / "site"), "-o", str(out),
                                  "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "changes.json").read_text())
    changed = {s["school"]: s for s in data["schools"] if not s["no_changes"]}
    assert list(changed) == ["Ashdown Primary Academy"]
    facts = changed["Ashdown Primary Academy"]["facts"]
    assert [f["summary"] for f in facts] == [f"SENCO: {senco} → Ms Ada Lovelace"]
    assert (out / "ashdown-primary" / "sen-information-report-tracked.docx").is_file()
    assert any(w["school"] == "northgate-academy" and w["clauses"] for w in data["own_wording"])
    assert "Ashdown Primary Academy" in (out / "changes.md").read_text()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_tracked_docx_opens_in_libreoffice(tmp_path, last_year):
    this_year = edited(tmp_path, "this-year.yaml", NEW_SENCO, NO_LEGO)
    write_changes(compare(last_year, this_year, AS_OF), tmp_path / "out", AS_OF)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    str(tmp_path / "out" / "send-policy-tracked.docx")], check=True, timeout=120,
                   capture_output=True)
    assert (tmp_path / "pdf" / "send-policy-tracked.pdf").stat().st_size > 1000


def test_the_approval_record_with_its_minute_is_in_the_policy_build_json_and_the_summary(tmp_path):
    profile = edited(tmp_path, "minuted.yaml", ("  approved_by: the full governing body\n",
                                                "  approved_by: the full governing body\n  minute_reference: FGB 2026/14\n"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(profile), "-o", str(out), "--format", "html", "-q",
                                       "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    manifest = json.loads((folder / "build.json").read_text())
    assert manifest["approval"] == {"approved_by": "the full governing body", "approved_on": "2026-09-24",
                                    "minute_reference": "FGB 2026/14", "review_cycle_months": 12,
                                    "next_review": "2027-09-24"}
    assert manifest["facts"]["policy"]["minute_reference"] == "FGB 2026/14"
    policy = (folder / "send-policy.html").read_text()
    assert "24 September 2026 (minute FGB 2026/14)" in policy
    changes = compare(EXAMPLE, profile, AS_OF)
    md = (write_changes(changes, tmp_path / "diff", AS_OF), (tmp_path / "diff" / "changes.md").read_text())[1]
    assert "approval by the full governing body on 24 September 2026 (minute FGB 2026/14)" in md
    assert "Policy: minute reference: FGB 2026/14 (new)" in md
