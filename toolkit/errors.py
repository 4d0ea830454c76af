"""The one place that defines sendkit's error types.

Every error a user can cause carries enough to act on it: the file, the line, the field path, what
was expected and a suggestion. The CLI prints them without a traceback and exits with code 2.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


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
        if self.suggestion:
            text += f". {self.suggestion}"
        return text


class SendkitError(Exception):
    """Bad input or an environment problem the user can fix. Exit code 2, no traceback."""

    exit_code = 2

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


def read_input(path: str | Path, error: type[SendkitError], what: str = "file") -> bytes:
    """The bytes of an input file, or ``error`` with a one-line reason a user can act on."""
    shown = display_path(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise error(f"{shown}: is a folder, not a {what}") from None
    except OSError as exc:
        raise error(f"{shown}: cannot be read ({exc.strerror})") from None


def read_text_input(path: str | Path, error: type[SendkitError], what: str = "file") -> str:
    """The text of a UTF-8 (or UTF-16 with BOM) input file, or ``error`` with a reason a user can act on."""
    return decode_input(read_input(path, error, what), path, error)


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
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback:
            try:
                return raw.decode(fallback)
            except UnicodeDecodeError:
                pass
        raise error(f"{shown}: is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A suggestion sentence for a misspelt key, or None when nothing is close."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
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
    except ValueError:
        return str(p)


__all__ = [
    "Problem",
    "SendkitError",
    "ProfileError",
    "ClauseError",
    "IncompleteProfileError",
    "OutputError",
    "InputError",
    "ConfigError",
    "did_you_mean",
    "read_input",
    "decode_input",
    "display_path",
]
