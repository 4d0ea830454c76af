"""The one place that defines sendkit's error types, its exit codes and what an error shows.

Every error a user can cause carries enough to act on it: the file, the line, the field path, what
was expected and a suggestion. The CLI prints them without a traceback and exits with code 2.

:func:`report_error` is the error boundary: the CLI (``toolkit.commands.handle_errors``) and the
web app hand it whatever stopped a run, and it decides what the user sees and the exit code. A bug
shows only its type, never its message (which could quote a pupil's name from the input), and its
traceback only with the debug switch (``SENDKIT_DEBUG=1`` or ``sendkit --debug``).
"""

from __future__ import annotations

import difflib
import enum
import errno
import os
import re
import stat
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .limits import MAX_TEXT_BYTES


class ExitCode(enum.IntEnum):
    """What a sendkit command's exit status means, the same for every command."""

    OK = 0
    FINDINGS = 1  # the run finished and found something to act on: a failing requirement, incomplete
    # facts, pupil rows left out, some schools not built, an evaluation below its threshold
    INPUT_ERROR = 2  # bad input or usage: nothing (or, in a batch, nothing at all) could be done
    INTERNAL = 3  # a bug in sendkit: please report it
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    expected: str | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.expected:
            text += f" (expected {self.expected})"
        if self.suggestion:  # a new sentence: "... is missing. Add `urn:` under `school:`"
            text += f". {self.suggestion[:1].upper()}{self.suggestion[1:]}"
        return text


class SendkitError(Exception):
    """Bad input or an environment problem the user can fix. Exit code 2, no traceback."""

    exit_code = ExitCode.INPUT_ERROR

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        super().__init__(message)
        self.problems: list[Problem] = list(problems)

    def lines(self) -> list[str]:
        return [str(self)] + [f"  - {p}" for p in self.problems]


class ProfileError(SendkitError):
    """A school profile that cannot be loaded or does not validate."""


class ClauseError(SendkitError):
    """A clause file or an outline that is malformed (a problem for contributors, not schools)."""


class IncompleteProfileError(SendkitError):
    """A profile lacks facts that a MUST clause needs."""


class OutputError(SendkitError):
    """An output folder that cannot be written."""


class InputError(SendkitError):
    """A document or data file that cannot be read."""


class ConfigError(SendkitError):
    """A checker configuration (.sendkit.yaml) that cannot be loaded or does not validate."""


class CatalogueError(SendkitError):
    """A requirement catalogue entry that does not validate (a problem for contributors, not schools)."""


def read_input(path: str | Path, error: type[SendkitError], what: str = "file",
               max_bytes: int | None = None) -> bytes:
    """The bytes of an input file, or ``error`` with a one-line reason a user can act on.

    Only a regular file is read: a named pipe would wait for a writer for ever, a device never ends,
    and a symbolic link that loops cannot be followed. A file over ``max_bytes`` (by default the
    limit for every YAML and text input) is refused before it is read.
    """
    limit = MAX_TEXT_BYTES if max_bytes is None else max_bytes
    shown = display_path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not block before we can look at what it is.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise error(f"{shown}: is a folder, not a {what}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"{shown}: is a symbolic link that loops back on itself; name the {what} itself") from None
        raise error(f"{shown}: cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{shown}: is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{shown}: is {_kind_of(info.st_mode)}, not a {what}; name an ordinary file")
        if info.st_size > limit:
            raise error(f"{shown}: is {info.st_size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
                        f"for a {what}; check that this is the file you meant")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)  # a file that grows while we read is held to the limit too
    except OSError as exc:
        raise error(f"{shown}: cannot be read ({exc.strerror})") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise error(f"{shown}: is over the {limit / 2**20:.0f} MB limit for a {what}")
    return data


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not an ordinary file"


def read_text_input(path: str | Path, error: type[SendkitError], what: str = "file") -> str:
    """The text of a UTF-8 (or UTF-16) input file, or ``error`` with a reason a user can act on.

    A NUL or other control character is refused with its line: it means a damaged or binary file,
    and it would break every Word and XML document the text reaches.
    """
    text = decode_input(read_input(path, error, what), path, error)
    found = _CONTROL.search(text)
    if found:
        shown = display_path(path)
        line = text.count("\n", 0, found.start()) + 1
        raise error(f"{shown}: holds a control character (U+{ord(found.group()):04X}) on line {line}",
                    [Problem("a damaged file, or one saved in a binary format", shown, line,
                             suggestion="delete the character, or save the file again as UTF-8 text")])
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_input(raw: bytes, path: str | Path, error: type[SendkitError], *, fallback: str | None = None) -> str:
    """The text of an input file saved as UTF-8 or, with its byte-order mark, UTF-16.

    Windows Notepad and Excel save "Unicode" text as UTF-16 with a byte-order mark, which says
    unambiguously how to read it. ``fallback`` (e.g. "cp1252", Excel's "CSV" on Windows) is tried
    when the bytes are not UTF-8; otherwise ``error`` says how to re-save the file.
    """
    shown = display_path(path)
    if raw.startswith(_UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        # Every sendkit input has ASCII keys or headers; binary junk behind the two bytes decodes to
        # a jumble of other scripts.
        head = text[:2000]
        if head and sum(c.isascii() for c in head) * 2 >= len(head):
            return text
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16)
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback:
            try:
                return raw.decode(fallback)
            except UnicodeDecodeError:
                pass
        raise error(f"{shown}: is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def utf16_encoding(raw: bytes) -> str | None:
    """The UTF-16 codec that reads ``raw`` ("utf-16" with a byte-order mark, "utf-16-le"/"utf-16-be"
    for ASCII-heavy text that lost it), or None when the bytes are not UTF-16 text."""
    if raw.startswith(_UTF16_BOMS):
        return "utf-16"
    return _utf16_without_bom(raw)


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when text saved as UTF-16 lost its byte-order mark, else None.

    ASCII text in UTF-16 has a NUL beside every letter: on the odd bytes (little-endian) or the even
    ones (big-endian). UTF-8 text never holds NULs, so this cannot misread a real UTF-8 file.
    """
    head = raw[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[:len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) >= len(odd) * 0.9 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= len(even) * 0.9 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A suggestion sentence for a misspelt key, or None when nothing is close."""
    choices = list(choices)
    # `NASENCO` for `nasenco`, `Primary` for `primary`: capitals are the commonest slip, and difflib counts
    # each changed letter as a difference
    lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lower), n=1, cutoff=0.6)
    close = [lower[close[0]]] if close else []
    if not close:
        # Keys like `senco_emial` often carry a prefix: try the last part alone too.
        tail = word.rsplit("_", 1)[-1]
        close = difflib.get_close_matches(tail, choices, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def display_path(path: str | Path) -> str:
    """A path as the user typed it, relative to the working directory where that is shorter."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # outside the working folder, or a symbolic link loop
        return str(p)


DEBUG_VARIABLE = "SENDKIT_DEBUG"


def debug_enabled() -> bool:
    """Whether the debug switch is on: ``SENDKIT_DEBUG`` set to anything (``sendkit --debug`` sets it)."""
    return bool(os.environ.get(DEBUG_VARIABLE))


@dataclass(frozen=True)
class ErrorReport:
    """What the user is shown for an error that stopped a run, and the exit code it gets."""

    exit_code: ExitCode
    lines: list[str]  # for the terminal or an error page; never an internal error's message
    internal: bool = False  # a bug, not something the user can fix
    traceback: str | None = None  # only with the debug switch on


def report_error(exc: BaseException, *, command: str = "sendkit", debug: bool | None = None) -> ErrorReport:
    """The error boundary: what ``exc``, which stopped ``command``, shows and which exit code it gets.

    A :class:`SendkitError` shows its lines (file, line, field, suggestion) with exit code 2. Ctrl-C
    shows "interrupted" (130). Anything else is a bug: only its type is shown, since its message or
    traceback could quote pupil data, with exit code 3; ``debug`` (default: :func:`debug_enabled`)
    adds the traceback. Call it in an ``except`` block or with the exception object alike.
    """
    if isinstance(exc, SendkitError):
        return ErrorReport(ExitCode(exc.exit_code), exc.lines())
    if isinstance(exc, KeyboardInterrupt):
        return ErrorReport(ExitCode.INTERRUPTED, ["interrupted"])
    debug = debug_enabled() if debug is None else debug
    kind = type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        kind += f": {exc.strerror}"  # "No space left on device" says what to do; strerror names no file
    lines = [f"{command} stopped by an internal error ({kind}). No data from your files is shown here; "
             f"run it again with {DEBUG_VARIABLE}=1 (or sendkit --debug) to see the traceback, and report the bug."]
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) if debug else None
    return ErrorReport(ExitCode.INTERNAL, lines, internal=True, traceback=trace)


__all__ = [
    "ErrorReport",
    "ExitCode",
    "Problem",
    "SendkitError",
    "ProfileError",
    "ClauseError",
    "IncompleteProfileError",
    "OutputError",
    "InputError",
    "ConfigError",
    "CatalogueError",
    "did_you_mean",
    "read_input",
    "decode_input",
    "read_text_input",
    "utf16_encoding",
    "display_path",
    "debug_enabled",
    "report_error",
]
