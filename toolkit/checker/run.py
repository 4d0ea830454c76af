"""One ``sendkit check`` call as a library function: settings in, a CheckRun out, and its exit code.

``check_paths`` reads every path or URL (one unreadable file gives a report with ``error`` and the
others are still checked), judges each with the engine, then adds notes and applies waivers. The
CLI only parses options, calls it, renders the result and exits with ``exit_code``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from .. import __version__
from ..catalogue import FORCES, edition_for, load_catalogue
from ..errors import ExitCode, InputError, SendkitError, debug_enabled, display_path, read_text_input
from ..readers import EXTENSIONS
from ..workers import process_pool
from .config import FAIL_ON, SETTINGS, TYPES, Config, Waiver, apply_waivers, find_config, load_config
from .findings import CheckRun, DocumentReport, Note
from .notes import find_notes, load_note_rules, note_rule_ids

# Suffixes a folder given on the command line is searched for: whatever the readers read.
SUFFIXES = tuple(EXTENSIONS)
FORCE_RANK = {force: len(FORCES) - i for i, force in enumerate(FORCES)}  # must 3, should 2, good 1
FAILING = ("missing", "partial")


@dataclass
class CheckSettings:
    """What the user asked for. ``None`` means "not given": the config file or a default decides."""

    type: str | None = None
    setting: str | None = None
    profile: str | Path | None = None
    edition: str | None = None
    as_of: date | None = None
    fail_on: str | None = None
    config: str | Path | None = None  # an explicit --config; otherwise .sendkit.yaml is searched for
    search_config: bool = True
    no_waivers: bool = False
    disabled: frozenset[str] = frozenset()
    cwd: str | Path | None = None  # where the .sendkit.yaml search starts (default: working directory)


@dataclass(frozen=True)
class ResolvedSettings:
    """Settings after the command line, the profile, the config file and the defaults are merged."""

    type: str
    setting: str
    edition: str
    as_of: date
    fail_on: str
    disabled: frozenset[str] = frozenset()  # requirement IDs
    disabled_notes: frozenset[str] = frozenset()  # note rule IDs
    waivers: tuple[Waiver, ...] = ()
    config_path: Path | None = None
    messages: tuple[str, ...] = field(default_factory=tuple)  # things the user should know


def resolve_settings(settings: CheckSettings) -> ResolvedSettings:
    """Merge the command line over the profile over ``.sendkit.yaml`` over the defaults.

    Raises SendkitError (exit code 2) for a bad config file, profile, edition or option value.
    """
    config = Config()
    if settings.config is not None:
        config = load_config(settings.config)
    elif settings.search_config:
        found = find_config(settings.cwd)
        if found is not None:
            config = load_config(found)

    messages: list[str] = []
    doc_type = settings.type or config.type or "auto"
    if doc_type not in TYPES:
        raise SendkitError(f"--type `{doc_type}` is not known: choose one of {', '.join(TYPES)}")

    setting = settings.setting
    if settings.profile is not None:
        from ..profile import load_profile  # pydantic is only imported when a profile is given

        profile_setting = load_profile(settings.profile).setting
        if setting and setting != profile_setting:
            messages.append(f"--setting {setting} overrides the profile's setting ({profile_setting})")
        setting = setting or profile_setting
    setting = setting or config.setting or "mainstream"
    if setting not in SETTINGS:
        raise SendkitError(f"--setting `{setting}` is not known: choose one of {', '.join(SETTINGS)}")

    as_of = settings.as_of or date.today()
    if settings.edition:
        edition = settings.edition
    elif settings.as_of is not None:
        edition = edition_for(settings.as_of)
    elif config.edition:
        edition = config.edition
    else:
        edition = edition_for(as_of)
    load_catalogue(edition)  # raises a clear error for an unknown edition

    fail_on = settings.fail_on or config.fail_on or "must"
    if fail_on not in FAIL_ON:
        raise SendkitError(f"--fail-on `{fail_on}` is not known: choose one of {', '.join(FAIL_ON)}")

    wanted_off = set(settings.disabled) | set(config.disable)
    notes = set(note_rule_ids())
    return ResolvedSettings(
        type=doc_type, setting=setting, edition=edition, as_of=as_of, fail_on=fail_on,
        disabled=frozenset(wanted_off - notes), disabled_notes=frozenset(wanted_off & notes),
        waivers=() if settings.no_waivers else config.waivers,
        config_path=config.path, messages=tuple(messages),
    )


def expand_paths(paths: Iterable[str]) -> list[str]:
    """The documents to check: URLs and files as given, folders searched for supported files."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if "://" not in raw and p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                out.append(raw)  # reported as an error by check_one: nothing to check there
            out.extend(str(f) for f in found)
        else:
            out.append(raw)
    return out


def check_one(path: str, resolved: ResolvedSettings) -> DocumentReport:
    """Read and judge one document. Input problems become ``DocumentReport.error``, never an exception."""
    from ..readers import ReadOptions, read_document
    from .engine import CheckOptions, check_document

    from ..readers.url import safe_url

    shown = safe_url(path) if "://" in path else display_path(path)  # never a password in a report
    if "://" not in path and Path(path).is_dir():
        return DocumentReport(path=shown, error=f"{shown}: a folder with no documents sendkit can read "
                                                f"({', '.join(SUFFIXES)})")
    try:
        document = read_document(path, ReadOptions())
    except SendkitError as exc:
        reason = _one_line(str(exc))
        return DocumentReport(path=shown, error=reason if shown in reason else f"{shown}: {reason}")
    except MemoryError:
        return DocumentReport(path=shown, error=f"{shown}: too large to read")
    except Exception as exc:  # a parser library choking on a corrupt file must not stop the other files
        return DocumentReport(path=shown, error=f"{shown}: cannot be read ({type(exc).__name__}: "
                                                f"{_one_line(str(exc))})")

    options = CheckOptions(doc_type=resolved.type, setting=resolved.setting, edition=resolved.edition,
                           as_of=resolved.as_of, disabled=resolved.disabled)
    try:
        report = check_document(document, options)
    except Exception as exc:  # a bug on one odd document must not lose a batch of 200 school websites
        if debug_enabled():
            raise
        return DocumentReport(path=shown, error=(
            f"{shown}: internal error while checking ({type(exc).__name__}: {_one_line(str(exc))}); "
            "please report it (set SENDKIT_DEBUG=1 for the traceback)"))
    report.path = shown  # the engine already left out the `disabled` IDs
    _add_notes(report, find_notes(document, as_of=resolved.as_of, disabled=resolved.disabled_notes))
    if report.readability is None:
        from ..readability import measure

        report.readability = measure(document.text).as_dict()
    apply_waivers(report, resolved.waivers, resolved.as_of)
    return report


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _add_notes(report: DocumentReport, notes: list[Note]) -> None:
    """Add notes the engine has not already given (it may call find_notes itself)."""
    have = {(n.kind, n.location, n.text) for n in report.notes}
    for note in notes:
        if (note.kind, note.location, note.text) not in have:
            report.notes.append(note)
            have.add((note.kind, note.location, note.text))


def check_paths(paths: Iterable[str], settings: CheckSettings | ResolvedSettings, jobs: int = 1) -> CheckRun:
    """Check every path or URL, ``jobs`` at a time (0: one per CPU); one bad input does not stop the
    others. The reports are in the order of the paths, whatever order they finished in."""
    resolved = settings if isinstance(settings, ResolvedSettings) else resolve_settings(settings)
    run = new_run(resolved)
    done = dict(iter_check(paths, resolved, jobs))
    run.documents.extend(done[i] for i in sorted(done))
    return run


def new_run(resolved: ResolvedSettings) -> CheckRun:
    """An empty CheckRun for these settings (its documents are added as they are checked)."""
    return CheckRun(edition=resolved.edition, as_of=resolved.as_of.isoformat(), tool_version=__version__)


def read_path_list(path: str | Path) -> list[str]:
    """The paths or URLs in a list file (``--from-file``), one a line; blank lines and ``#`` comments are
    skipped. ``-`` reads standard input."""
    if str(path) == "-":
        text = sys.stdin.read()
        shown = "standard input"
    else:
        text = read_text_input(path, InputError, "list of documents")
        shown = display_path(path)
    entries = [line.strip() for line in text.splitlines()]
    entries = [e for e in entries if e and not e.startswith("#")]
    if not entries:
        raise InputError(f"{shown}: lists no document (give one path or web address a line)")
    return entries


def _warm_worker(edition: str) -> None:
    """Load once per worker what every document shares: the catalogue (its regexes compiled, its hooks
    resolved), the note rules and the readers."""
    from ..readers import read_document  # noqa: F401
    from .engine import checker_catalogue

    checker_catalogue(edition)
    load_note_rules()


def iter_check(paths: Iterable[str], resolved: ResolvedSettings, jobs: int = 1) -> Iterator[tuple[int, DocumentReport]]:
    """Check every path or URL, ``jobs`` at a time in worker processes (0: one per CPU), yielding
    (position in the expanded list, report) as each document finishes."""
    todo = expand_paths(paths)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if jobs == 1:
        for i, path in enumerate(todo):
            yield i, check_one(path, resolved)
        return
    _warm_worker(resolved.edition)  # forked workers start with it loaded
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with process_pool(jobs, mp_context=context, initializer=_warm_worker, initargs=(resolved.edition,)) as pool:
        futures = {pool.submit(check_one, path, resolved): i for i, path in enumerate(todo)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                report = future.result()
            except Exception as exc:  # a worker that died (out of memory, killed): the others go on
                shown = todo[i] if "://" in todo[i] else display_path(todo[i])
                report = DocumentReport(path=shown, error=f"{shown}: the checking process stopped "
                                                          f"({type(exc).__name__})")
            yield i, report


def failures(run: CheckRun, fail_on: str) -> list[tuple[DocumentReport, object]]:
    """The unwaived missing or partial findings at or above ``fail_on``."""
    if fail_on == "never":
        return []
    floor = FORCE_RANK[fail_on]
    return [(doc, f) for doc in run.documents for f in doc.results
            if f.status in FAILING and f.waived is None and FORCE_RANK.get(f.force, 0) >= floor]


def exit_code(run: CheckRun, fail_on: str = "must") -> ExitCode:
    """INPUT_ERROR (2) when any input was unreadable, else FINDINGS (1) when a requirement at or above
    ``fail_on`` fails, else OK (0)."""
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {FAIL_ON}")
    if any(doc.error is not None for doc in run.documents):
        return ExitCode.INPUT_ERROR
    return ExitCode.FINDINGS if failures(run, fail_on) else ExitCode.OK
