"""The checker's configuration: ``.sendkit.yaml`` (or ``--config FILE``) and its waivers.

```yaml
setting: mainstream            # or special
edition: 2024-09               # or 2015
type: sen-information-report   # auto | sen-information-report | send-policy | combined
fail_on: must                  # must | should | never
disable: [COP-6.81-PLAIN, NOTE-TBC]
waivers:
  - id: SCH1-13
    reason: The local authority is relaunching its Local Offer site; link to follow
    expires: 2025-03-31
    paths: ["reports/*.pdf"]
```

A waiver turns a partial or missing finding into a waived one until it expires; an expired waiver
no longer applies and is reported as a note.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from ..catalogue import editions, load_catalogue
from ..errors import ConfigError, Problem, SendkitError, did_you_mean, display_path
from ..yamlmarks import Marked, load_marked
from .findings import DocumentReport, Note
from .notes import note_rule_ids

CONFIG_NAMES = (".sendkit.yaml", ".sendkit.yml")
SETTINGS = ("mainstream", "special")
TYPES = ("auto", "sen-information-report", "send-policy", "combined")
FAIL_ON = ("must", "should", "never")
WAIVABLE = ("missing", "partial")
_TOP_KEYS = ("setting", "edition", "type", "fail_on", "disable", "waivers")
_WAIVER_KEYS = ("id", "reason", "expires", "paths")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Waiver:
    """Permission to leave one requirement unmet, for a reason, until a date."""

    id: str
    reason: str
    expires: date
    paths: tuple[str, ...] = ()
    base: Path | None = None  # the folder of the config file: `paths` globs are relative to it
    line: int | None = None
    source: str | None = None  # the config file as shown to the user

    def covers(self, path: str) -> bool:
        """Whether this waiver's ``paths`` (none means every document) include ``path``."""
        if not self.paths:
            return True
        candidates = {path, PurePosixPath(path.replace("\\", "/")).as_posix()}
        if self.base is not None and "://" not in path:
            try:
                candidates.add(Path(path).resolve().relative_to(self.base.resolve()).as_posix())
            except ValueError:
                pass
        for glob in self.paths:
            for candidate in candidates:
                if fnmatch.fnmatch(candidate, glob) or ("://" not in candidate and PurePosixPath(candidate).match(glob)):
                    return True
        return False

    def active(self, as_of: date) -> bool:
        """A waiver applies up to and including its expiry date."""
        return as_of <= self.expires


@dataclass(frozen=True)
class Config:
    """A validated checker configuration. ``None`` fields were not given."""

    path: Path | None = None
    setting: str | None = None
    edition: str | None = None
    type: str | None = None
    fail_on: str | None = None
    disable: frozenset[str] = frozenset()
    waivers: tuple[Waiver, ...] = field(default_factory=tuple)


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest ``.sendkit.yaml`` from ``start`` (default: the working directory) upward.

    The search stops at the repository top (a folder holding ``.git``) so that a file in a parent
    project never leaks in, or at the filesystem root.
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def load_config(path: str | Path) -> Config:
    """Load and validate one configuration file. Raises ConfigError listing every problem."""
    path = Path(path)
    try:
        marked = load_marked(path)
    except SendkitError as exc:  # bad YAML, missing file: same message, the config's error type
        raise ConfigError(str(exc), exc.problems) from None
    return validate_config(marked, path)


def validate_config(marked: Marked, path: Path) -> Config:
    """Check every field of a loaded configuration; collect all problems before raising."""
    shown = display_path(path)
    data = marked.data
    problems: list[Problem] = []

    def problem(keys: tuple, message: str, expected: str | None = None, suggestion: str | None = None):
        mark = marked.mark(keys)
        problems.append(Problem(message, shown, mark.line if mark else None,
                                ".".join(map(str, keys)) or None, expected, suggestion))

    if not isinstance(data, dict):
        raise ConfigError(f"{shown}: a sendkit configuration must be a set of fields (setting:, waivers:, ...)",
                          [Problem("the top level is not a mapping", shown, 1,
                                   suggestion="see docs/checker.md for an example")])
    for key in data:
        if key not in _TOP_KEYS:
            problem((key,), f"unknown field `{key}`", ", ".join(_TOP_KEYS), did_you_mean(key, _TOP_KEYS))

    def choice(key: str, allowed: tuple[str, ...]) -> str | None:
        if key not in data or data[key] is None:
            return None
        value = str(data[key]).strip()
        if value not in allowed:
            problem((key,), f"`{value}` is not allowed", " or ".join(allowed), did_you_mean(value, allowed))
            return None
        return value

    edition_names = tuple(e["name"] for e in editions())
    setting = choice("setting", SETTINGS)
    edition = choice("edition", edition_names)
    doc_type = choice("type", TYPES)
    fail_on = choice("fail_on", FAIL_ON)

    requirement_ids = load_catalogue().ids()
    known_ids = requirement_ids + note_rule_ids()

    def known(keys: tuple, value: Any, allowed: list[str]) -> str | None:
        rid = str(value).strip() if isinstance(value, (str, int, float)) else None
        if not rid:
            problem(keys, "a requirement ID is needed here", "an ID such as SCH1-04")
            return None
        if rid not in allowed:
            upper = {a.upper(): a for a in allowed}
            hint = (f"did you mean `{upper[rid.upper()]}`?" if rid.upper() in upper
                    else did_you_mean(rid, allowed) or "`sendkit rules` lists every requirement ID")
            problem(keys, f"`{rid}` is not a requirement ID in the catalogue", None, hint)
            return None
        return rid

    disable: set[str] = set()
    raw_disable = data.get("disable")
    if raw_disable is not None:
        if isinstance(raw_disable, str):
            raw_disable = [raw_disable]
        if not isinstance(raw_disable, list):
            problem(("disable",), "must be a list of requirement IDs", "[SCH1-04, COP-6.81-PLAIN]")
        else:
            for i, value in enumerate(raw_disable):
                rid = known(("disable", i), value, known_ids)
                if rid:
                    disable.add(rid)

    waivers: list[Waiver] = []
    raw_waivers = data.get("waivers")
    if raw_waivers is not None and not isinstance(raw_waivers, list):
        problem(("waivers",), "must be a list of waivers", "- id: ..., reason: ..., expires: YYYY-MM-DD")
        raw_waivers = []
    for i, entry in enumerate(raw_waivers or []):
        keys = ("waivers", i)
        if not isinstance(entry, dict):
            problem(keys, "a waiver must have fields id, reason and expires")
            continue
        for key in entry:
            if key not in _WAIVER_KEYS:
                problem(keys + (key,), f"unknown field `{key}`", ", ".join(_WAIVER_KEYS),
                        did_you_mean(key, _WAIVER_KEYS))
        rid = known(keys + ("id",), entry.get("id"), requirement_ids) if "id" in entry else None
        if "id" not in entry:
            problem(keys, "the waiver has no `id`", "the requirement ID it waives")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problem(keys + ("reason",) if "reason" in entry else keys,
                    "the waiver has no reason" if "reason" not in entry else "the reason is empty",
                    "a sentence saying why the requirement is not met and what will happen",
                    "waivers are read by auditors: say why")
        expires = None
        raw_expires = entry.get("expires")
        if raw_expires is None:
            problem(keys + ("expires",) if "expires" in entry else keys, "the waiver has no expiry date",
                    "expires: YYYY-MM-DD", "a waiver cannot last for ever; pick the date to look again")
        else:
            text = str(raw_expires).strip()
            try:
                if not _DATE.match(text):
                    raise ValueError
                expires = date.fromisoformat(text)
            except ValueError:
                problem(keys + ("expires",), f"`{text}` is not a date", "YYYY-MM-DD, e.g. 2025-07-31")
        paths: list[str] = []
        raw_paths = entry.get("paths")
        if raw_paths is not None:
            if isinstance(raw_paths, str):
                raw_paths = [raw_paths]
            if not isinstance(raw_paths, list) or not all(isinstance(p, str) and p.strip() for p in raw_paths):
                problem(keys + ("paths",), "must be a list of file patterns", '["reports/*.pdf"]')
            else:
                paths = [p.strip() for p in raw_paths]
        if rid and isinstance(reason, str) and reason.strip() and expires:
            mark = marked.mark(keys)
            waivers.append(Waiver(rid, " ".join(reason.split()), expires, tuple(paths),
                                  path.resolve().parent, mark.line if mark else None, shown))

    if problems:
        raise ConfigError(f"{shown}: {len(problems)} problem(s) in the sendkit configuration", problems)
    return Config(path=path, setting=setting, edition=edition, type=doc_type, fail_on=fail_on,
                  disable=frozenset(disable), waivers=tuple(waivers))


def apply_waivers(report: DocumentReport, waivers: tuple[Waiver, ...] | list[Waiver], as_of: date) -> None:
    """Mark the failures ``waivers`` cover as waived; note the expired waivers that would have applied."""
    if report.error is not None or not waivers:
        return
    by_id = {f.id: f for f in report.results}
    for waiver in waivers:
        finding = by_id.get(waiver.id)
        if finding is None or not waiver.covers(report.path):
            continue
        if not waiver.active(as_of):
            advice = ("renew it with a new date or meet the requirement" if finding.status in WAIVABLE
                      else "the requirement is now met or does not apply, so the waiver can be removed")
            report.notes.append(Note(
                kind="expired-waiver",
                message=(f"The waiver for {waiver.id} expired on {waiver.expires.isoformat()} and no longer "
                         f"applies ({finding.status.replace('_', ' ')}): {advice}"),
                location=(f"{waiver.source or 'configuration'}:{waiver.line}" if waiver.line
                          else waiver.source),
                text=waiver.reason))
            continue
        if finding.status in WAIVABLE and finding.waived is None:
            finding.waived = {"reason": waiver.reason, "expires": waiver.expires.isoformat()}
