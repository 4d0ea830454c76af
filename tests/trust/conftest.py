"""Fixtures for trusts: a copy of the example trust folder to change freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

EXAMPLE_TRUST = Path(__file__).resolve().parents[2] / "school_profiles" / "northshire-learning-trust"
SCHOOLS = ["ashdown-primary", "brampton-junior", "fenwick-infant", "northgate-academy", "westmoor-school"]
TRUST_SLUG = "northshire-learning-trust"


@pytest.fixture
def trust_dir(tmp_path) -> Path:
    """A copy of school_profiles/northshire-learning-trust/ in a temporary folder."""
    target = tmp_path / "trust"
    shutil.copytree(EXAMPLE_TRUST, target)
    return target


@pytest.fixture
def cli():
    def run(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return run


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
