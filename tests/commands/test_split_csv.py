import click
import pytest

from toolkit.commands import split_csv

ALLOWED = ("html", "pdf", "docx")


def test_a_list_of_allowed_values():
    assert split_csv(None, ALLOWED, "--format") == list(ALLOWED)
    assert split_csv(" HTML, pdf ", ALLOWED, "--format") == ["html", "pdf"]


@pytest.mark.parametrize("value, words", [(",", "no value given"), (" , ,", "no value given"),
                                          ("word", "word not recognised")])
def test_nothing_or_something_unknown_is_a_usage_error(value, words):
    with pytest.raises(click.BadParameter, match=words):
        split_csv(value, ALLOWED, "--format")


@pytest.mark.parametrize("command", [["check", "x.md"], ["build", "x.yaml", "-o", "out"],
                                     ["reviews", "x.csv", "--profile", "p.yaml", "-o", "out"]])
def test_as_of_is_checked_the_same_way_everywhere(command):
    from click.testing import CliRunner

    from toolkit.cli import main

    result = CliRunner().invoke(main, command + ["--as-of", "2026-02-30"])
    assert result.exit_code == 2
    assert "`2026-02-30` is not a real date; write YYYY-MM-DD or DD/MM/YYYY" in result.output
