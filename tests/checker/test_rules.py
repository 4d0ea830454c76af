"""`sendkit rules` and the generated "Code hooks" part of docs/checker-rules.md."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from toolkit.catalogue import load_catalogue
from toolkit.checker.config import load_config
from toolkit.checker.hooks import HOOKS
from toolkit.checker.rules import BEGIN, END, generated_block, hooks_markdown, update_page
from toolkit.commands.rules import rules
from toolkit.errors import ConfigError

DOC = Path(__file__).resolve().parents[2] / "docs" / "checker-rules.md"


def invoke(*args: str):
    return CliRunner().invoke(rules, list(args), catch_exceptions=False)


def test_the_code_hooks_part_of_the_docs_is_generated_from_the_docstrings(update_golden):
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    if update_golden:
        DOC.write_text(update_page(text), encoding="utf-8")
        text = DOC.read_text(encoding="utf-8")
    assert text[text.index(BEGIN):text.index(END) + len(END) + 1] == generated_block(), (
        "docs/checker-rules.md is out of date with the hooks' docstrings: "
        "run pytest tests/checker/test_rules.py --update-golden")


def test_every_hook_is_documented_with_the_ids_that_use_it():
    md = hooks_markdown()
    for name, func in HOOKS.items():
        assert f"`{name}`**" in md and func.__doc__ and len(func.__doc__.split()) >= 8, name
    assert "- **SCH1-04 `senco_contact`**: The SENCO named" in md
    assert "- **POL-REVIEW `policy_review`**" in md


def test_update_page_rewrites_only_the_generated_part():
    page = f"# Title\n\nbefore\n\n{BEGIN}\n\n- stale\n\n{END}\n\n## After\n"
    new = update_page(page)
    assert new.startswith("# Title\n\nbefore\n\n") and new.endswith("\n\n## After\n")
    assert "- stale" not in new and "`readability`" in new


def test_text_lists_every_requirement_with_force_source_and_how_it_is_recognised():
    result = invoke()
    assert result.exit_code == 0
    for req in load_catalogue():
        assert f"{req.id}  [{req.force}]  {req.title}" in result.output
        assert req.source in result.output
    assert "recognised: code hook `senco_contact`: The SENCO named" in result.output
    assert "recognised: signals (8 headings, 7 phrases, 1 context); present at 3, partial at 0.5" in result.output
    assert "NOTE-TBC  [template-text]" in result.output  # note rules can be disabled by ID too


def test_ids_give_every_pattern_and_the_hook_description():
    result = invoke("COP-6.80", "SCH1-04")
    assert result.exit_code == 0
    assert "designated teacher" in result.output and "partial: Looked-after children" in result.output
    assert "Inclusion Manager/Lead" in result.output and "toolkit.checker.hooks.contacts" in result.output
    assert "SCH1-01" not in result.output and "NOTE-TBC" not in result.output


def test_json_has_every_requirement_and_its_recognition():
    data = json.loads(invoke("--format", "json", "--edition", "2015").output)
    assert data["edition"] == "2015"
    assert [r["id"] for r in data["requirements"]] == load_catalogue("2015").ids()
    by_id = {r["id"]: r for r in data["requirements"]}
    assert by_id["REG49-QUAL"]["title"] == load_catalogue("2015")["REG49-QUAL"].title
    assert by_id["SCH1-04"]["recognised_by"]["hook"] == "senco_contact"
    assert by_id["SCH1-04"]["mainstream_only"] is True
    sch1_01 = by_id["SCH1-01"]["recognised_by"]
    assert sch1_01["kind"] == "signals" and sch1_01["present_at"] == 3 and len(sch1_01["phrases"]) == 7
    assert {n["id"] for n in data["notes"]} >= {"NOTE-TBC"}


def test_type_filters_and_markdown_holds_the_generated_part():
    text = invoke("--type", "send-policy").output
    assert "POL-REVIEW" in text and "SCH1-04" not in text
    md = invoke("--format", "markdown").output
    assert "| SCH1-04 | must | SEND Regulations 2014, Schedule 1, paragraph 4 |" in md
    assert md.endswith(generated_block())


def test_an_unknown_id_is_a_usage_error_with_a_suggestion():
    result = CliRunner().invoke(rules, ["SCH1-4"])
    assert result.exit_code == 2
    assert "`SCH1-4` is not a requirement ID in the catalogue; did you mean `SCH1-04`?" in result.output


def test_the_config_message_for_an_unknown_id_points_to_sendkit_rules(tmp_path):
    path = tmp_path / ".sendkit.yaml"
    path.write_text("disable: [NOT-AN-ID-AT-ALL]\n", encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        assert exc.problems[0].suggestion == "`sendkit rules` lists every requirement ID"
    else:
        raise AssertionError("an unknown requirement ID was accepted")
