"""A quick, exact prefilter for the catalogue's regular expressions: the literal text a match must contain.

Most sentences match none of a requirement's phrases, yet each regex search walks the whole sentence
trying every alternative at every position. ``necessary_literals`` reads a compiled pattern's parse
tree for literal strings of which every match contains at least one ("looked" for
``\\blooked[- ]after``; {"autis", "asd", "dyslexi", ...} for an alternation). ``passages.SentenceIndex`` finds,
once per document, which sentences contain each literal (``str.find`` over the folded text, shared by
every requirement that asks), so a requirement searches only its candidate sentences. The answer is
exactly the regex's: a sentence without any necessary literal cannot match, and every candidate is
still searched with the pattern itself.

Case: the patterns are case-insensitive, so literals are lower-cased and the text is folded the way
``re.IGNORECASE`` compares it: ASCII letters lower-cased, and the four other characters that match an
ASCII letter (İ and ı match i, ſ matches s, the Kelvin sign matches k) mapped to it. A literal holding
any other non-ASCII character is not used (the prefilter then says less, never something wrong).
"""

from __future__ import annotations

import bisect
import re
import string
try:  # Python 3.11+
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

# Characters that re.IGNORECASE matches to an ASCII letter, besides the letter's two cases.
IGNORECASE_EXTRA = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_FOLD = {ord(c): c.lower() for c in string.ascii_uppercase} | IGNORECASE_EXTRA
_SEPARATOR = "\x00"  # between sentences: no literal holds it, so no literal spans two sentences

_LITERAL, _SUBPATTERN, _BRANCH = sre_parse.LITERAL, sre_parse.SUBPATTERN, sre_parse.BRANCH
_REPEATS = tuple(getattr(sre_parse, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(sre_parse, name))
_ATOMIC = getattr(sre_parse, "ATOMIC_GROUP", None)


def fold(text: str) -> str:
    """``text`` as re.IGNORECASE compares it with an ASCII literal (see the module docstring)."""
    return text.translate(_FOLD)


def _strength(clause: frozenset[str]) -> tuple[int, int]:
    """A clause whose shortest literal is longer rules out more sentences; then fewer literals."""
    return min(map(len, clause)), -len(clause)


def _clauses(items) -> list[frozenset[str]]:
    """Conditions every match of the sequence ``items`` meets: each clause is a set of literals of which
    the match (or its surrounding text) holds at least one, and every clause holds."""
    clauses: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            clauses.append(frozenset(["".join(run)]))
            run = []
        if op is _SUBPATTERN:
            clauses += _clauses(av[-1])
        elif op is _BRANCH:
            # Whichever branch matches meets its own strongest clause, so the union of those holds.
            branches = [_clauses(b) for b in av[1]]
            if all(branches):
                clauses.append(frozenset().union(*(max(b, key=_strength) for b in branches)))
        elif op in _REPEATS and av[0] >= 1:
            clauses += _clauses(av[2])
        elif _ATOMIC is not None and op is _ATOMIC:
            clauses += _clauses(av)
        # Anything else (a class, any character, an anchor, a lookaround, a back-reference) needs no
        # particular text: it only ends the literal run.
    if run:
        clauses.append(frozenset(["".join(run)]))
    return clauses


MIN_LENGTH = 3
MAX_CLAUSES = 3  # the strongest few narrow enough; more only cost set intersections
_NECESSARY: dict[tuple[str, int], tuple[frozenset[str], ...] | None] = {}


def necessary_literals(pattern: re.Pattern) -> tuple[frozenset[str], ...] | None:
    """Clauses of lower-case literals that every match of ``pattern`` meets: the text holds at least
    one literal of each clause. None when there is no such literal (try the pattern everywhere)."""
    key = (pattern.pattern, pattern.flags)
    if key not in _NECESSARY:
        try:
            found = _clauses(sre_parse.parse(pattern.pattern, pattern.flags))
        except Exception:  # noqa: BLE001 - an unreadable tree only means no prefilter
            found = []
        ranked = sorted(set(found), key=_strength, reverse=True)
        # A clause of one- or two-letter literals ("r" in colou?r) is in nearly every sentence: skip it
        # unless it is all there is.
        useful = [c for c in ranked if min(map(len, c)) >= MIN_LENGTH] or ranked[:1]
        _NECESSARY[key] = tuple(useful[:MAX_CLAUSES]) or None
    return _NECESSARY[key]


def could_match(pattern: re.Pattern, folded: str) -> bool:
    """False only when ``pattern`` cannot match the text whose ``fold`` is ``folded``."""
    clauses = necessary_literals(pattern)
    return clauses is None or all(any(lit in folded for lit in clause) for clause in clauses)


class LiteralIndex:
    """Which of a list of texts contain each literal: ``str.find`` over their folded, joined text."""

    def __init__(self, texts: list[str]):
        self.folded = folded = [fold(text) for text in texts]
        self.starts: list[int] = []
        at = 0
        for text in folded:
            self.starts.append(at)
            at += len(text) + 1
        self.text = _SEPARATOR.join(folded)
        self._containing: dict[str, frozenset[int]] = {}
        self._candidates: dict[tuple[str, int], frozenset[int] | None] = {}

    def containing(self, literal: str) -> frozenset[int]:
        """The positions of the texts whose folded form contains ``literal``."""
        found = self._containing.get(literal)
        if found is None:
            hits: list[int] = []
            starts, find = self.starts, self.text.find
            at = find(literal)
            while at != -1:
                k = bisect.bisect_right(starts, at) - 1
                hits.append(k)
                # Skip the rest of that text: one hit is enough.
                at = find(literal, starts[k + 1]) if k + 1 < len(starts) else -1
            found = self._containing[literal] = frozenset(hits)
        return found

    def candidates(self, pattern: re.Pattern) -> frozenset[int] | None:
        """The texts ``pattern`` could match, or None when it must be tried on all of them."""
        key = (pattern.pattern, pattern.flags)
        if key not in self._candidates:
            clauses = necessary_literals(pattern)
            found = None
            if clauses:
                # The strongest clause by a scan of the whole text; the others only on what it leaves.
                found = frozenset().union(*(self.containing(lit) for lit in clauses[0]))
                for clause in clauses[1:]:
                    found = frozenset(k for k in found if any(lit in self.folded[k] for lit in clause))
            self._candidates[key] = found
        return self._candidates[key]
