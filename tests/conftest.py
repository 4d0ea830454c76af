"""Shared fixtures. Tests never use the network or ../shared; they build their own inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "school_profiles" / "oakfield-primary.yaml"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def example_data() -> dict:
    """The bundled example profile as plain data, to mutate in a test."""
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def write_profile(tmp_path):
    """Write profile data (a dict or YAML text) to a file and return its path."""

    def write(data, name: str = "school.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def example_copy(tmp_path) -> Path:
    path = tmp_path / "oakfield-primary.yaml"
    shutil.copy(EXAMPLE, path)
    return path
