"""The JSON report: exactly the contract in issue 3 (``CheckRun.as_dict``), for other tools to read."""

from __future__ import annotations

import json

from ..checker.findings import CheckRun


def render(run: CheckRun, *, color: bool = False) -> str:
    """The run as JSON (UTF-8 text, not ASCII-escaped: school names have accents)."""
    return json.dumps(run.as_dict(), indent=2, ensure_ascii=False) + "\n"
