"""Hypothesis mutates valid profiles and pupil lists; every mutant is judged like a listed case.

Bounded (a few dozen examples each, no deadline: the machine may be busy) and derandomized in CI
(CI=true), so a CI run is repeatable; locally each run explores new mutants.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from badinput_harness import AS_OF, EXAMPLE, PUPILS, Case, judge  # noqa: E402

settings.register_profile("badinput", max_examples=40, deadline=None, derandomize=bool(os.environ.get("CI")),
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
                          print_blob=True)
BOUNDED = settings.get_profile("badinput")

PROFILE = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
with PUPILS.open(newline="", encoding="utf-8") as _fh:
    _ROWS = list(csv.reader(_fh))
HEADER, ROWS = _ROWS[0], _ROWS[1:]
NAMES = sorted({r[HEADER.index(c)] for r in ROWS for c in ("first_name", "last_name")})


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, prefix + (i,))


PATHS = [p for p in _paths(PROFILE) if p]
ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    ODD_TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.dates().map(lambda d: d.isoformat()), st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "~", ""]),
    st.lists(ODD_TEXT, max_size=3), st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=3),
    st.text(min_size=1, max_size=3).map(lambda s: s * 30_000))


def _set(data, path, value, delete=False):
    target = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value


@BOUNDED
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), VALUES, st.booleans()), min_size=1, max_size=4),
       command=st.sampled_from(["validate", "explain"]))
def test_mutated_profiles(edits, command):
    import copy

    data = copy.deepcopy(PROFILE)
    for path, value, delete in edits:
        try:
            _set(data, path, value, delete)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier edit removed or replaced the path
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "school.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        args = ["validate", path] if command == "validate" else ["explain", path, "school.name"]
        broken = judge(Case(args, exit={0, 1, 2}, names=[path.name], budget=30))
    assert not broken, "\n".join(broken)


@BOUNDED
@given(cuts=st.lists(st.tuples(st.integers(0, len(EXAMPLE.read_bytes())), st.binary(max_size=6)),
                     min_size=1, max_size=5))
def test_profiles_with_bytes_spliced_in(cuts):
    raw = bytearray(EXAMPLE.read_bytes())
    for at, junk in cuts:
        raw[at:at + len(junk) // 2] = junk
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "school.yaml"
        path.write_bytes(bytes(raw))
        broken = judge(Case(["validate", path], exit={0, 1, 2}, names=[path.name], budget=30))
    assert not broken, "\n".join(broken)


CELL = st.one_of(st.text(max_size=30), st.text(alphabet='",;\n\r\t\x00\x07\x1b=+-@ab1/', max_size=12),
                 st.sampled_from(["9999-12-31", "31/02/2026", "01/01/26", "2026-13-01", "Year 15", "R", "N", "../x"]))


@BOUNDED
@given(edits=st.lists(st.tuples(st.integers(0, len(ROWS) - 1), st.sampled_from(HEADER), CELL), min_size=1,
                      max_size=6),
       delimiter=st.sampled_from([",", ";", "\t"]), redact=st.booleans())
def test_mutated_pupil_lists(edits, delimiter, redact):
    rows = [list(r) for r in ROWS]
    for row, column, value in edits:
        rows[row][HEADER.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER] + rows)
    blank = sum(1 for r in rows if not any(c.replace("\x00", "").strip() for c in r))
    with tempfile.TemporaryDirectory() as tmp:
        pupils, out = Path(tmp) / "pupils.csv", Path(tmp) / "out"
        pupils.write_text(buffer.getvalue(), encoding="utf-8")
        args = ["reviews", pupils, "--profile", EXAMPLE, "-o", out, "--no-letters", "-j", "1", "--as-of", AS_OF]
        broken = judge(Case(args + (["--redact"] if redact else []), exit={0, 1, 2}, names=[pupils.name],
                            pupils=NAMES, out=out, rows=len(rows) - blank, budget=60))
    assert not broken, "\n".join(broken)


@settings(BOUNDED, max_examples=8)
@given(first=st.text(min_size=1, max_size=20), last=st.text(min_size=1, max_size=20))
def test_letters_for_any_name(first, last):
    """Whatever a pupil's name holds (control characters, other scripts), the letters are written."""
    rows = [list(ROWS[0])]
    rows[0][HEADER.index("first_name")], rows[0][HEADER.index("last_name")] = first, last
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER] + rows)
    with tempfile.TemporaryDirectory() as tmp:
        pupils, out = Path(tmp) / "pupils.csv", Path(tmp) / "out"
        pupils.write_text(buffer.getvalue(), encoding="utf-8")
        args = ["reviews", pupils, "--profile", EXAMPLE, "-o", out, "-j", "1", "--as-of", AS_OF,
                "--letter-format", "docx", "--letter-kinds", "invitation"]
        broken = judge(Case(args, exit={0, 1}, names=[pupils.name], pupils=NAMES, out=out, rows=1, budget=60))
    assert not broken, "\n".join(broken)
