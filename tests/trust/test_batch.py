"""`sendkit build FOLDER`: the trust policy once, incremental rebuilds, failures, duplicate slugs."""

from __future__ import annotations

import hashlib
import json

import pytest

from .conftest import SCHOOLS, TRUST_SLUG, edit

AS_OF = "2026-11-22"


def build(cli, *args):
    return cli("build", *args, "--as-of", AS_OF)


def statuses(out):
    data = json.loads((out / "trust-report.json").read_text())
    return {e["slug"] or e["profile"]: e["status"] for e in data["schools"] + data["trusts"]}


def test_a_trust_folder_builds_the_trust_policy_once_and_each_schools_report(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    result = build(cli, trust_dir, "-o", out, "--format", "html")
    assert result.exit_code == 0, result.output
    assert "term-dates.yaml: skipped" in result.output
    assert sorted(p.name for p in (out / TRUST_SLUG).iterdir()) == ["build.json", "send-policy.html"]
    for slug in SCHOOLS:  # policy_level: trust, so no school-level policies
        assert sorted(p.name for p in (out / slug).iterdir()) == ["build.json", "sen-information-report.html"]
    policy = (out / TRUST_SLUG / "send-policy.html").read_text()
    assert "Northshire Learning Trust" in policy and "Approved by the trust board" in policy
    report = (out / "northgate-academy" / "sen-information-report.html").read_text()
    assert "get help from therapists as well as from their teachers" in report  # the school's own wording
    ashdown = (out / "ashdown-primary" / "sen-information-report.html").read_text()
    assert "Northshire SENDIASS" in ashdown and "01632 960555" in ashdown  # trust defaults
    assert set(statuses(out).values()) == {"built"}


def test_policy_level_school_builds_a_policy_per_school(trust_dir, cli, tmp_path):
    edit(trust_dir / "trust.yaml", "policy_level: trust", "policy_level: school")
    out = tmp_path / "out"
    result = build(cli, trust_dir, "-o", out, "--format", "html")
    assert result.exit_code == 0, result.output
    assert not (out / TRUST_SLUG).exists()
    for slug in SCHOOLS:
        assert (out / slug / "send-policy.html").is_file()


def test_no_change_rebuilds_nothing_and_touching_one_school_rebuilds_only_it(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    stamps = {slug: (out / slug / "build.json").stat().st_mtime_ns for slug in SCHOOLS + [TRUST_SLUG]}

    result = build(cli, trust_dir, "-o", out, "--format", "html")
    assert result.exit_code == 0 and "unchanged" in result.output
    assert set(statuses(out).values()) == {"up-to-date"}
    assert all((out / s / "build.json").stat().st_mtime_ns == stamps[s] for s in stamps)

    edit(trust_dir / "fenwick-infant.yaml", "name: Mr Peter Lund", "name: Mrs Petra Lund")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    now = statuses(out)
    assert now.pop("fenwick-infant") == "built"
    assert set(now.values()) == {"up-to-date"}
    assert "Mrs Petra Lund" in (out / "fenwick-infant" / "sen-information-report.html").read_text()


def test_a_trust_change_rebuilds_every_school(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    edit(trust_dir / "trust.yaml", "name: Northshire Parent Carer Forum", "name: Northshire Parent Carer Forum CIC")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    assert set(statuses(out).values()) == {"built"}


def _stamps(out):
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.glob("*/*") if p.is_file()}


def test_a_comment_or_blank_line_in_trust_yaml_rebuilds_nothing(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    before = _stamps(out)
    trust = trust_dir / "trust.yaml"
    text = trust.read_text(encoding="utf-8")
    trust.write_text("# reviewed by the trust's SEND lead\n\n" + text.replace("\ndefaults:", "\n\n\ndefaults:  # shared\n"),
                     encoding="utf-8")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    assert set(statuses(out).values()) == {"up-to-date"}
    assert _stamps(out) == before  # not even build.json is rewritten


def test_a_trust_fact_rebuilds_only_the_documents_that_show_it(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    before = _stamps(out)
    # The trust SEND lead's phone number: each school's report now lists it with the lead (#9.3, no fact
    # dropped), so the schools are rebuilt and show it.
    edit(trust_dir / "trust.yaml", "    phone: 01632 960900", "    phone: 01632 960999")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    for slug in SCHOOLS:
        assert "01632 960999" in (out / slug / "sen-information-report.html").read_text(encoding="utf-8")
    before = _stamps(out)
    # The trust's chief executive is named in the trust-wide policy, not in the schools' reports.
    edit(trust_dir / "trust.yaml", "name: Mrs Joanne Whitaker", "name: Mrs Joanne Whittaker")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    now = statuses(out)
    assert now.pop(TRUST_SLUG) == "built" and set(now.values()) == {"up-to-date"}
    assert "Mrs Joanne Whittaker" in (out / TRUST_SLUG / "send-policy.html").read_text(encoding="utf-8")
    after = _stamps(out)
    for slug in SCHOOLS:
        report = f"{slug}/sen-information-report.html"
        assert after[report] == before[report], f"{report} was rendered again"


def test_build_json_records_the_content_of_each_document(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    before = json.loads((out / TRUST_SLUG / "build.json").read_text())
    edit(trust_dir / "trust.yaml", "name: Mrs Joanne Whitaker", "name: Mrs Joanne Whittaker")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    after = json.loads((out / TRUST_SLUG / "build.json").read_text())
    assert before["inputs_sha256"] != after["inputs_sha256"]
    (old,), (new,) = before["documents"], after["documents"]
    assert old["content_sha256"] != new["content_sha256"] and old["outputs"] != new["outputs"]


def test_a_new_as_of_rechecks_every_school_in_the_worker_pool_without_rendering(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    before = {k: v for k, v in _stamps(out).items() if not k.endswith("build.json")}
    assert cli("build", trust_dir, "-o", out, "--format", "html", "--jobs", "2", "--as-of", "2027-01-05") \
        .exit_code == 0
    assert set(statuses(out).values()) == {"up-to-date"}
    for slug in SCHOOLS + [TRUST_SLUG]:
        assert json.loads((out / slug / "build.json").read_text())["check"]["as_of"] == "2027-01-05"
    assert {k: v for k, v in _stamps(out).items() if not k.endswith("build.json")} == before


def test_a_damaged_output_is_rebuilt_and_force_rebuilds_all(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    (out / "westmoor-school" / "sen-information-report.html").write_text("edited by hand")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    now = statuses(out)
    assert now.pop("westmoor-school") == "built" and set(now.values()) == {"up-to-date"}
    assert "Westmoor School" in (out / "westmoor-school" / "sen-information-report.html").read_text()

    assert build(cli, trust_dir, "-o", out, "--format", "html", "--force").exit_code == 0
    assert set(statuses(out).values()) == {"built"}


def test_other_options_are_other_inputs(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    assert build(cli, trust_dir, "-o", out, "--format", "html,docx").exit_code == 0
    assert set(statuses(out).values()) == {"built"}
    assert (out / "ashdown-primary" / "sen-information-report.docx").is_file()


def test_one_failing_school_among_many_exits_1_and_the_others_build(trust_dir, cli, tmp_path):
    edit(trust_dir / "brampton-junior.yaml", "phase: junior", "phase: juniour")
    out = tmp_path / "out"
    result = build(cli, trust_dir, "-o", out, "--format", "html", "--jobs", "2")
    assert result.exit_code == 1
    assert "brampton-junior.yaml" in result.output and "Did you mean `junior`?" in result.output
    assert "Traceback" not in result.output
    for slug in [s for s in SCHOOLS if s != "brampton-junior"] + [TRUST_SLUG]:
        assert (out / slug / "build.json").is_file()
    data = json.loads((out / "trust-report.json").read_text())
    failed = [e for e in data["schools"] if e["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["profile"].endswith("brampton-junior.yaml")
    assert any("school.phase" in line for line in failed[0]["error"])
    assert data["summary"]["failed"] == 1
    assert "Failed to build" in (out / "index.html").read_text()


def test_incomplete_school_fails_alone_unless_allowed(trust_dir, cli, tmp_path):
    # (a missing phone alone is no longer a gap: the SENCO's email is enough, #9.1)
    edit(trust_dir / "fenwick-infant.yaml", "    qualification: nasenco\n", "")
    out = tmp_path / "out"
    result = build(cli, trust_dir, "-o", out, "--format", "html")
    assert result.exit_code == 1 and "people.senco.qualification" in result.output
    result = build(cli, trust_dir, "-o", out, "--format", "html", "--allow-incomplete")
    assert result.exit_code == 0
    data = json.loads((out / "trust-report.json").read_text())
    fenwick = next(e for e in data["schools"] if e["slug"] == "fenwick-infant")
    assert fenwick["incomplete"] == ["people.senco.qualification"] and fenwick["complete"] is False


def test_duplicate_slugs_exit_2_naming_both_files_and_build_nothing(trust_dir, cli, tmp_path):
    edit(trust_dir / "fenwick-infant.yaml", "slug: fenwick-infant", "slug: ashdown-primary")
    out = tmp_path / "out"
    result = build(cli, trust_dir, "-o", out, "--format", "html")
    assert result.exit_code == 2
    assert "fenwick-infant.yaml:" in result.output and "ashdown-primary.yaml:" in result.output
    assert "ashdown-primary" in result.output and "slug" in result.output
    assert "2 profiles share the slug ashdown-primary:" in result.output
    assert not out.exists()


def test_a_folder_without_school_profiles_exits_2_and_writes_nothing(tmp_path, cli):
    folder = tmp_path / "misc"
    folder.mkdir()
    (folder / "term-dates.yaml").write_text("autumn: 2026-09-03\n", encoding="utf-8")
    result = build(cli, folder, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "nothing to build" in result.output and "term-dates.yaml: skipped" in result.output
    assert not (tmp_path / "out").exists()


def test_a_missing_trust_fails_its_school_and_a_single_bad_profile_exits_2(trust_dir, cli, tmp_path):
    edit(trust_dir / "westmoor-school.yaml", "extends: trust.yaml", "extends: nowhere.yaml")
    out = tmp_path / "out"
    result = build(cli, trust_dir, "-o", out, "--format", "html")
    assert result.exit_code == 1 and "nowhere.yaml" in result.output
    assert (out / "ashdown-primary" / "build.json").is_file()
    result = build(cli, trust_dir / "westmoor-school.yaml", "-o", tmp_path / "one", "--format", "html")
    assert result.exit_code == 2


def test_the_consistency_report(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html,docx").exit_code == 0
    data = json.loads((out / "trust-report.json").read_text())
    assert data["as_of"] == AS_OF and data["summary"]["schools"] == 5 and data["summary"]["trust_policies"] == 1
    schools = {e["slug"]: e for e in data["schools"]}
    assert set(schools) == set(SCHOOLS)
    assert data["trusts"][0]["documents"][0]["type"] == "send-policy"
    # dates: Brampton's report was published 2025-09-20, so its review fell due 2026-09-20
    brampton = schools["brampton-junior"]["documents"][0]
    assert brampton["next_review"] == "2026-09-20" and brampton["review_overdue"] is True
    assert schools["ashdown-primary"]["documents"][0]["review_overdue"] is False
    assert schools["northgate-academy"]["accessibility_plan"] == {
        "url": "https://www.northgate.example.sch.uk/policies/accessibility-plan", "next_review": "2026-10-01",
        "overdue": True, "missing": False}
    assert set(data["summary"]["overdue"]) == {"brampton-junior", "northgate-academy"}
    # trust wording overrides
    assert [o["clause"] for o in schools["northgate-academy"]["trust_wording_overrides"]] == ["therapies"]
    assert schools["ashdown-primary"]["trust_wording_overrides"] == []
    # coverage from the checker, run on the built HTML
    coverage = schools["westmoor-school"]["documents"][0]["coverage"]
    assert coverage["checked_from"] == "sen-information-report.html"
    assert coverage["must_total"] > 0 and 0 <= coverage["must_present"] <= coverage["must_total"]
    assert sum(coverage["summary"].values()) > 20
    # links to every document in every format, each with the file's hash
    html = (out / "index.html").read_text()
    for entry in data["schools"] + data["trusts"]:
        for document in entry["documents"]:
            assert {l["format"] for l in document["links"]} == {"html", "docx"}
            for link in document["links"]:
                assert f'href="{link["href"]}"' in html
                digest = hashlib.sha256((out / link["href"]).read_bytes()).hexdigest()
                assert digest == link["sha256"]
    # accessible page: language, one h1, header cells with scope, overdue said in words
    assert '<html lang="en-GB">' in html and html.count("<h1") == 1
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert html.count(">Overdue<") == 2


def test_template_text_in_the_schools_wording_is_reported(trust_dir, cli, tmp_path):
    clause = trust_dir / "northgate-clauses" / "therapies.md"
    edit(clause, "At {{ school.name }} this means:", "At [insert school name] this means:")
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    data = json.loads((out / "trust-report.json").read_text())
    northgate = next(e for e in data["schools"] if e["slug"] == "northgate-academy")
    notes = northgate["documents"][0]["template_text"]
    assert notes and "insert school name" in notes[0]["message"]
    assert northgate["complete"] is False
    assert "insert school name" in (out / "index.html").read_text()


def test_as_of_changes_overdue_without_rebuilding(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    result = cli("build", trust_dir, "-o", out, "--format", "html", "--as-of", "2026-01-01")
    assert result.exit_code == 0
    data = json.loads((out / "trust-report.json").read_text())
    assert data["summary"]["overdue"] == [] and data["summary"]["up_to_date"] == 6
    checked = json.loads((out / "ashdown-primary" / "build.json").read_text())["check"]
    assert checked["as_of"] == "2026-01-01"


@pytest.mark.slow
def test_all_formats_in_parallel_match_a_serial_build(trust_dir, cli, tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert build(cli, trust_dir, "-o", serial, "--jobs", "1").exit_code == 0
    result = build(cli, trust_dir, "-o", parallel, "--jobs", "2")
    assert result.exit_code == 0, result.output

    def digests(root):
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in root.rglob("*") if p.is_file() and p.suffix in (".html", ".pdf", ".docx")
                and p.name != "index.html"}

    found = digests(serial)
    assert len(found) == 5 * 3 + 3
    assert found == digests(parallel)
    assert (parallel / TRUST_SLUG / "send-policy.pdf").read_bytes().startswith(b"%PDF")


def test_no_report_builds_without_checking(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html", "--no-report").exit_code == 0
    assert not (out / "index.html").exists() and not (out / "trust-report.json").exists()
    manifest = json.loads((out / "ashdown-primary" / "build.json").read_text())
    assert "check" not in manifest and manifest["documents"][0]["outputs"]


def test_trust_clause_wording_applies_to_the_trust_policy_and_its_schools(trust_dir, cli, tmp_path):
    folder = trust_dir / "trust-clauses"
    folder.mkdir()
    from toolkit.clauses import bundled_library
    original = bundled_library()["taking-part"].path.read_text(encoding="utf-8")
    (folder / "taking-part.md").write_text(original.replace(
        "We plan early so that", "Across the trust we plan early so that"), encoding="utf-8")
    edit(trust_dir / "trust.yaml", "policy_level: trust", "policy_level: trust\nclauses: trust-clauses/")
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    assert "Across the trust we plan early" in (out / TRUST_SLUG / "send-policy.html").read_text()
    assert "Across the trust we plan early" in (out / "ashdown-primary" / "sen-information-report.html").read_text()


def test_edited_clause_wording_is_used_by_the_next_build_in_the_same_process(trust_dir, cli, tmp_path):
    out = tmp_path / "out"
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    edit(trust_dir / "northgate-clauses" / "therapies.md", "At {{ school.name }} this means:",
         "At {{ school.name }}, after the edit, this means:")
    assert build(cli, trust_dir, "-o", out, "--format", "html").exit_code == 0
    assert statuses(out)["northgate-academy"] == "built"
    assert "after the edit" in (out / "northgate-academy" / "sen-information-report.html").read_text()


def test_a_clause_file_that_is_not_utf8_fails_its_school_with_a_clear_error(trust_dir, cli, tmp_path):
    (trust_dir / "northgate-clauses" / "therapies.md").write_bytes(b"\xff\xfe not text")
    result = build(cli, trust_dir, "-o", tmp_path / "out", "--format", "html")
    assert result.exit_code == 1
    assert "northgate-clauses/therapies.md: is not UTF-8 text" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert (tmp_path / "out" / "ashdown-primary" / "build.json").is_file()
