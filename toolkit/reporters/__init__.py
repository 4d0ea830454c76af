"""Reporters: one small module per output format, each with ``render(run, *, color=False) -> str``.

The CLI looks the format up in ``REPORTERS``; no reporter reads files or decides exit codes.
"""

from __future__ import annotations

from typing import Callable

from ..checker.findings import CheckRun
from . import json as json_reporter
from . import junit, sarif, text

Reporter = Callable[..., str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_reporter.render,
    "sarif": sarif.render,
    "junit": junit.render,
}

__all__ = ["REPORTERS", "Reporter", "CheckRun"]
