"""Where the data folders are: inside the wheel when installed, at the repository top in a checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DATA_FOLDERS = ("clauses", "policy_templates", "report_templates", "school_profiles")


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """The folder holding one of DATA_FOLDERS (e.g. ``data_dir("clauses")``)."""
    if name not in DATA_FOLDERS:
        raise KeyError(name)
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sendkit's {name}/ folder is missing from this installation")


def package_data(*parts: str) -> Path:
    """A file shipped in toolkit/data (the requirement catalogue, stylesheets)."""
    return _PACKAGE.joinpath("data", *parts)
