"""The CLI's one error boundary: what a failed command shows, and its exit code, for every command."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.errors import DEBUG_VARIABLE, ExitCode, InputError

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "school_profiles" / "oakfield-primary.yaml"
PUPILS = ROOT / "school_profiles" / "oakfield-primary-pupils.csv"
SECRET = "Zebedee Quartermaine, born 10/05/2016"  # what a bug's message could quote from a pupil list


def reviews(tmp_path, *before: str):
    args = [*before, "reviews", str(PUPILS), "--profile", str(PROFILE), "-o", str(tmp_path / "out"),
            "--no-letters", "--as-of", "2026-10-01"]
    return CliRunner().invoke(main, args)


@pytest.fixture
def no_debug(monkeypatch):
    monkeypatch.delenv(DEBUG_VARIABLE, raising=False)


def test_a_bug_shows_its_type_only_with_exit_3(tmp_path, monkeypatch, no_debug):
    def bug(*args, **kwargs):
        raise KeyError(SECRET)

    monkeypatch.setattr("toolkit.commands.reviews.run_reviews", bug)
    result = reviews(tmp_path)
    assert result.exit_code == ExitCode.INTERNAL == 3
    assert "sendkit reviews stopped by an internal error (KeyError)" in result.output
    assert "Zebedee" not in result.output and "Traceback" not in result.output
    assert "SENDKIT_DEBUG=1" in result.output and "--debug" in result.output


@pytest.mark.parametrize("switch", ["env", "flag"])
def test_the_debug_switch_adds_the_traceback(tmp_path, monkeypatch, no_debug, switch):
    def bug(*args, **kwargs):
        raise KeyError(SECRET)

    monkeypatch.setattr("toolkit.commands.reviews.run_reviews", bug)
    if switch == "env":
        monkeypatch.setenv(DEBUG_VARIABLE, "1")
    result = reviews(tmp_path, *(["--debug"] if switch == "flag" else []))
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.output and "in bug" in result.output
    if switch == "flag":
        assert DEBUG_VARIABLE not in os.environ  # --debug lasts for its own command only


def test_every_command_shares_the_boundary(tmp_path, monkeypatch, no_debug):
    def bug(path):
        raise ZeroDivisionError(SECRET)

    monkeypatch.setattr("toolkit.commands.profile.load_profile", bug)
    result = CliRunner().invoke(main, ["validate", str(PROFILE)])
    assert result.exit_code == 3 and "sendkit validate stopped by an internal error (ZeroDivisionError)" in result.output
    assert "Zebedee" not in result.output


def test_bad_input_exit_2_with_its_message(tmp_path, monkeypatch):
    def bad(*args, **kwargs):
        raise InputError("pupils.csv: no such file")

    monkeypatch.setattr("toolkit.commands.reviews.run_reviews", bad)
    result = reviews(tmp_path)
    assert result.exit_code == ExitCode.INPUT_ERROR == 2
    assert result.output.strip() == "pupils.csv: no such file"


def test_interrupted_exit_130(tmp_path, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("toolkit.commands.reviews.run_reviews", interrupt)
    result = reviews(tmp_path)
    assert result.exit_code == ExitCode.INTERRUPTED == 130 and result.output.strip() == "interrupted"


def test_usage_errors_stay_clicks(tmp_path):
    result = CliRunner().invoke(main, ["reviews", str(PUPILS), "--profile", str(PROFILE), "-o",
                                       str(tmp_path / "out"), "--letter-format", "odt"])
    assert result.exit_code == 2 and "odt not recognised" in result.output and "internal error" not in result.output


def test_commands_exit_with_named_codes():
    """A bare number in sys.exit hides what the exit status means; commands use ExitCode."""
    bare = []
    for path in sorted((ROOT / "toolkit" / "commands").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "exit"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                bare.append(f"{path.name}:{node.lineno}")
    assert bare == []
