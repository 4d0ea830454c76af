"""Profiles that ``extends:`` a trust profile. (Single-file profiles pass straight through.)"""

from __future__ import annotations

from pathlib import Path

from .yamlmarks import Marked, load_marked


def load_with_extends(path: Path) -> Marked:
    return load_marked(path)
