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
