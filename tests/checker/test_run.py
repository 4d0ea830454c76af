"""check_paths and the exit-code rule, with the reader and engine replaced by small fakes.

The fakes make every verdict explicit (a line "SCH1-04 missing must" in the file), so these tests
pin down the run's own logic: settings precedence, unreadable inputs, notes, waivers, exit codes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import toolkit.checker.engine as engine
import toolkit.readers as readers
from toolkit.checker.findings import CheckRun, DocumentReport, Finding, Note
from toolkit.checker.run import (CheckSettings, check_paths, exit_code, expand_paths, failures,
                                 resolve_settings)
from toolkit.document import Document, Inline, Paragraph, Section
from toolkit.errors import ConfigError, InputError, SendkitError

REPO = Path(__file__).resolve().parents[2]
SEEN: list = []  # the CheckOptions each fake engine call received


def fake_read(path, options=None):
    text = Path(path).read_text(encoding="utf-8")
    if "CORRUPT" in text:
        raise InputError(f"{path}: the file is corrupt")
    if "CRASH" in text:
        raise ValueError("library choked\n  at byte 12" if "LINES" in text else "library choked")
    return Document(title="Report", type="unknown", source=str(path), sections=[
        Section("Body", 2, [Paragraph([Inline(line)], location=f"line {i}")
                            for i, line in enumerate(text.splitlines(), 1)])])


def fake_check(document, options):
    SEEN.append(options)
    report = DocumentReport(path="ignored", type="sen-information-report")
    for section, block in document.walk():
        parts = block.text.split()
        if len(parts) == 3 and parts[1] in ("present", "partial", "missing", "not_applicable"):
            if parts[0] not in options.disabled:
                report.results.append(Finding(parts[0], parts[1], parts[2], f"Title {parts[0]}",
                                              "SEND Regulations 2014", f"{parts[0]} is {parts[1]}"))
    report.notes.append(Note("template-text", "engine's own note", "line 1", "x"))
    return report


@pytest.fixture(autouse=True)
def fakes(monkeypatch, tmp_path):
    monkeypatch.setattr(readers, "read_document", fake_read)
    monkeypatch.setattr(engine, "check_document", fake_check)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the .sendkit.yaml search stops here
    SEEN.clear()


def write(name: str, text: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")
    return name


def settings(**kw) -> CheckSettings:
    kw.setdefault("as_of", date(2025, 1, 10))
    return CheckSettings(**kw)


def test_one_bad_file_does_not_stop_the_others():
    good = write("good.md", "SCH1-04 present must\n")
    bad = write("bad.md", "CORRUPT")
    crash = write("crash.md", "CRASH")
    run = check_paths([good, "missing.md", bad, crash], settings())
    docs = {d.path: d for d in run.documents}
    assert [d.path for d in run.documents] == ["good.md", "missing.md", "bad.md", "crash.md"]
    assert docs["good.md"].error is None and docs["good.md"].results[0].status == "present"
    assert docs["bad.md"].error == "bad.md: the file is corrupt" and docs["bad.md"].results == []
    assert "crash.md" in docs["crash.md"].error and "library choked" in docs["crash.md"].error
    assert "missing.md" in docs["missing.md"].error
    assert exit_code(run) == 2
    as_dict = run.as_dict()
    assert as_dict["documents"][2] == {"path": "bad.md", "type": None, "error": "bad.md: the file is corrupt"}
    assert as_dict["edition"] == "2024-09" and as_dict["as_of"] == "2025-01-10"
    assert as_dict["tool"]["name"] == "sendkit" and as_dict["tool"]["version"]


def test_notes_are_added_once_and_readability_is_kept():
    path = write("r.md", "SCH1-04 missing must\nSENCO: TBC\nCall the Parent Partnership Service.\n")
    (doc,) = check_paths([path], settings()).documents
    kinds = [n.kind for n in doc.notes]
    assert kinds.count("template-text") == 2 and kinds.count("outdated-term") == 1
    again = DocumentReport("r.md")
    from toolkit.checker.run import _add_notes
    _add_notes(again, doc.notes)
    _add_notes(again, doc.notes)
    assert len(again.notes) == len(doc.notes)
    assert doc.readability and "flesch_reading_ease" in doc.readability


def test_edition_follows_as_of_unless_given():
    assert resolve_settings(settings(as_of=date(2024, 8, 31))).edition == "2015"
    assert resolve_settings(settings(as_of=date(2024, 9, 1))).edition == "2024-09"
    assert resolve_settings(settings(as_of=date(2025, 1, 1), edition="2015")).edition == "2015"
    with pytest.raises(SendkitError, match="no edition"):
        resolve_settings(settings(as_of=date(2010, 1, 1)))


def test_config_file_is_found_and_the_command_line_wins():
    write(".sendkit.yaml", "setting: special\nedition: '2015'\nfail_on: should\ntype: send-policy\n"
                           "disable: [SCH1-01, NOTE-TBC]\n")
    Path("sub").mkdir()
    r = resolve_settings(CheckSettings(cwd="sub"))
    assert (r.setting, r.edition, r.fail_on, r.type) == ("special", "2015", "should", "send-policy")
    assert r.disabled == {"SCH1-01"} and r.disabled_notes == {"NOTE-TBC"}
    assert r.config_path and r.config_path.name == ".sendkit.yaml"
    r = resolve_settings(CheckSettings(cwd="sub", setting="mainstream", fail_on="never",
                                       as_of=date(2025, 1, 1), type="combined"))
    assert (r.setting, r.edition, r.fail_on, r.type) == ("mainstream", "2024-09", "never", "combined")
    r = resolve_settings(CheckSettings(cwd="sub", search_config=False))
    assert (r.setting, r.fail_on, r.type) == ("mainstream", "must", "auto")


def test_an_explicit_bad_config_is_an_error():
    write("other.yaml", "setings: special\n")
    with pytest.raises(ConfigError) as info:
        resolve_settings(settings(config="other.yaml"))
    assert "setting" in info.value.problems[0].suggestion


def test_profile_gives_the_setting():
    special = REPO / "school_profiles" / "hollybank-school.yaml"
    r = resolve_settings(settings(profile=special))
    assert r.setting == "special"
    r = resolve_settings(settings(profile=special, setting="mainstream"))
    assert r.setting == "mainstream" and "overrides the profile" in r.messages[0]


def test_disabled_ids_reach_the_engine_and_are_not_reported():
    write(".sendkit.yaml", "disable: [SCH1-04]\n")
    path = write("r.md", "SCH1-04 missing must\nSCH1-05 present must\nSENCO: TBC\n")
    run = check_paths([path], CheckSettings(as_of=date(2025, 1, 10), disabled=frozenset({"NOTE-TBC"})))
    (doc,) = run.documents
    assert SEEN[0].disabled == {"SCH1-04"} and SEEN[0].setting == "mainstream"
    assert [f.id for f in doc.results] == ["SCH1-05"]
    assert all("TBC" not in n.message for n in doc.notes)
    assert exit_code(run) == 0


WAIVERS = """\
waivers:
  - id: SCH1-13
    reason: Local Offer site relaunching
    expires: 2025-03-31
  - id: SCH1-04
    reason: New SENCO starts in January
    expires: 2024-12-31
"""


def test_waivers_from_config_and_no_waivers_for_audits():
    write(".sendkit.yaml", WAIVERS)
    path = write("r.md", "SCH1-13 missing must\n")
    run = check_paths([path], settings())
    assert run.documents[0].results[0].waived == {"reason": "Local Offer site relaunching",
                                                  "expires": "2025-03-31"}
    assert exit_code(run) == 0
    audit = check_paths([path], settings(no_waivers=True))
    assert audit.documents[0].results[0].waived is None and exit_code(audit) == 1

    expired = check_paths([write("s.md", "SCH1-04 partial must\n")], settings())
    (doc,) = expired.documents
    assert doc.results[0].waived is None and exit_code(expired) == 1
    assert [n.kind for n in doc.notes if n.kind == "expired-waiver"] == ["expired-waiver"]


def test_folders_are_searched_for_documents():
    write("docs/a.md", "x")
    write("docs/sub/b.pdf", "x")
    write("docs/.hidden/c.md", "x")
    write("docs/notes.yaml", "x")
    Path("empty").mkdir()
    assert expand_paths(["docs", "https://example.org/r", "empty"]) == [
        str(Path("docs/a.md")), str(Path("docs/sub/b.pdf")), "https://example.org/r", "empty"]
    run = check_paths(["empty"], settings())
    assert "a folder with no documents" in run.documents[0].error


def test_folder_search_finds_every_format_the_readers_read():
    for suffix in readers.EXTENSIONS:
        write(f"all/doc{suffix}", "x")
    write("all/page.doc", "x")  # old Word: the readers refuse it, so a folder search skips it
    found = {Path(p).suffix for p in expand_paths(["all"])}
    assert found == set(readers.EXTENSIONS)


def test_a_crash_in_a_reader_is_reported_on_one_line():
    write("crash.md", "CRASH LINES")
    (doc,) = check_paths(["crash.md"], settings()).documents
    assert doc.error == "crash.md: cannot be read (ValueError: library choked at byte 12)"


def run_of(*findings: Finding, error: str | None = None) -> CheckRun:
    docs = [DocumentReport("a.md", "sen-information-report", results=list(findings))]
    if error:
        docs.append(DocumentReport("b.pdf", error=error))
    return CheckRun("2024-09", "2025-01-10", docs)


def f(status: str, force: str, waived: bool = False) -> Finding:
    return Finding("X", status, force, "t", "s", "m", waived={"reason": "r", "expires": "2030-01-01"} if waived else None)


@pytest.mark.parametrize("findings, fail_on, code", [
    ([f("present", "must")], "must", 0),
    ([f("missing", "must")], "must", 1),
    ([f("partial", "must")], "must", 1),
    ([f("missing", "must", waived=True)], "must", 0),
    ([f("missing", "should")], "must", 0),
    ([f("partial", "should")], "should", 1),
    ([f("missing", "must")], "should", 1),
    ([f("missing", "good")], "should", 0),
    ([f("missing", "good")], "must", 0),
    ([f("missing", "must")], "never", 0),
    ([f("not_applicable", "must")], "must", 0),
])
def test_exit_code(findings, fail_on, code):
    assert exit_code(run_of(*findings), fail_on) == code


def test_unreadable_input_wins_over_everything():
    assert exit_code(run_of(f("missing", "must"), error="b.pdf: encrypted"), "must") == 2
    assert exit_code(run_of(error="b.pdf: encrypted"), "never") == 2
    assert len(failures(run_of(f("missing", "must"), f("partial", "should")), "should")) == 2
    with pytest.raises(ValueError):
        exit_code(run_of(), "sometimes")
