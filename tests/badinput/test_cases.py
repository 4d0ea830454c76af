"""The generated bad-input cases: every command over every kind of broken, hostile or odd input.

Each case is a small factory that writes its inputs into a temporary folder and returns a
:class:`Case`; ``badinput_harness.judge`` runs it and checks every promise (exit code, no traceback,
the message names file/line/field, within budget, no pupil name printed, previous outputs intact, no
pupil row lost). The tally is printed at the end of the run (see conftest.py).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from badinput_harness import AS_OF, EXAMPLE, PUPILS, TRUST, Case, judge  # noqa: E402

TEXT = EXAMPLE.read_text(encoding="utf-8")
with PUPILS.open(newline="", encoding="utf-8") as _fh:
    _ROWS = list(csv.reader(_fh))
HEADER, ROWS = _ROWS[0], _ROWS[1:]
NAMES = sorted({r[HEADER.index(c)] for r in ROWS for c in ("first_name", "last_name")})
GOOD_DOC = ("SEND policy\n\nWe are an inclusive school. Our SENCO leads provision for pupils with special "
            "educational needs.\n")

Factory = Callable[[Path, str], Case]
CASES: dict[str, Factory] = {}


def case(name: str):
    def register(factory: Factory) -> Factory:
        assert name not in CASES, name
        CASES[name] = factory
        return factory
    return register


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def csv_text(rows: list[list[str]], delimiter: str = ",", header: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def set_cell(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    rows = [list(r) for r in rows]
    rows[row][HEADER.index(column)] = value
    return rows


# ---------------------------------------------------------------------------------------------
# Special files: a path that is not an ordinary file


def make_special(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        os.symlink(path.name + ".other", path)
        os.symlink(path.name, path.with_name(path.name + ".other"))
    elif kind == "device":
        os.symlink("/dev/zero", path)
    elif kind == "huge":  # sparse: refused by its size before a byte is read
        with path.open("wb") as fh:
            fh.truncate(25 * 2 ** 20)
    elif kind == "missing":
        pass
    else:  # pragma: no cover
        raise ValueError(kind)


SPECIALS = ("fifo", "folder", "loop", "device", "huge", "missing")


# ---------------------------------------------------------------------------------------------
# Profiles: (bytes or a special kind, valid?, expected substrings beyond the file name)


def _deep_map(levels: int) -> str:
    return "extra:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, levels)) + "  " * levels + "v: 1\n"


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
MERGES = "m0: &m0 {a: 1, b: 2}\n" + "".join(
    f"m{i}: &m{i}\n  <<: [*m{i - 1}, *m{i - 1}]\n  k{i}: {i}\n" for i in range(1, 40))

PROFILE_BUGS: dict[str, tuple[object, bool, list[str]]] = {
    "empty": (b"", False, []),
    "blank": (b"   \n\n  \n", False, []),
    "comment-only": (b"# only a comment\n", False, []),
    "top-level-list": (b"- school\n- people\n", False, []),
    "top-level-text": (b"just some words\n", False, []),
    "tab-indent": (TEXT.replace("  name: Oakfield", "\tname: Oakfield", 1).encode(), False, []),
    "unclosed-quote": (TEXT.replace('urn: "990101"', 'urn: "990101', 1).encode(), False, []),
    "unclosed-bracket": ((TEXT + "extra: [a, b\n").encode(), False, []),
    "duplicate-key": (TEXT.replace("  slug: oakfield-primary\n", "  slug: oakfield-primary\n  slug: other\n",
                                   1).encode(), False, [":7", "school.slug"]),
    "deep-list-500": ((TEXT + "extra: " + "[" * 500 + "]" * 500 + "\n").encode(), False, []),
    "deep-list-10000": ((TEXT + "extra: " + "[" * 10000 + "]" * 10000 + "\n").encode(), False, []),
    "deep-map-300": ((TEXT + _deep_map(300)).encode(), False, []),
    "deep-flow-map-2000": ((TEXT + "extra: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n").encode(), False, []),
    "recursive-list-alias": ((TEXT + "extra: &loop\n  - *loop\n").encode(), False, ["extra"]),
    "recursive-map-alias": ((TEXT + "extra: &m\n  self: *m\n").encode(), False, ["extra"]),
    "recursive-key-alias": ((TEXT + "extra: &k\n  ? *k\n  : 1\n").encode(), False, []),
    "billion-laughs": ((TEXT + LAUGHS).encode(), False, []),
    "merge-bomb": ((TEXT + MERGES).encode(), False, []),
    "undefined-alias": ((TEXT + "extra: *nowhere\n").encode(), False, []),
    "python-tag": ((TEXT + "extra: !!python/object/apply:os.system ['echo owned']\n").encode(), False, []),
    "two-documents": ((TEXT + "---\nschool: {}\n").encode(), False, []),
    "key-is-a-list": ((TEXT + "[a, b]: 1\n").encode(), False, []),
    "utf16-le-bom": (TEXT.encode("utf-16"), True, []),
    "utf16-be-bom": (b"\xfe\xff" + TEXT.encode("utf-16-be"), True, []),
    "utf16-le-no-bom": (TEXT.encode("utf-16-le"), True, []),
    "utf16-be-no-bom": (TEXT.encode("utf-16-be"), True, []),
    "utf8-bom-crlf": (("\ufeff" + TEXT).replace("\n", "\r\n").encode(), True, []),
    "cp1252": (TEXT.replace("Mrs Priya Sharma", "Mrs Renée Sharma").encode("cp1252", "replace"), False, []),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, False, []),
    "zip": (b"PK\x03\x04" + bytes(300), False, []),
    "raw-nul": (TEXT.replace("name: Oakfield Primary School", "name: Oak\0field", 1).encode(), False, [":5"]),
    "escaped-nul": (TEXT.replace("name: Oakfield Primary School", 'name: "Oak\\0field"', 1).encode(), False,
                    [":5", "school.name"]),
    "bell": (TEXT.replace("name: Oakfield Primary School", 'name: "Oak\\afield"', 1).encode(), False,
             [":5", "school.name"]),
    "escape-char": (TEXT.replace("address: Mill Lane, Ashbury, Northshire AB1 2CD", 'address: "\\eMill Lane, Ashbury"', 1).encode(), False,
                    [":13", "school.address"]),
    "five-mb-name": (TEXT.replace("name: Oakfield Primary School", "name: " + "A" * 5_000_000, 1).encode(), False,
                     [":5", "school.name"]),
    "long-value": ((TEXT + "extra: " + "word " * 10000 + "\n").encode(), False, ["extra"]),
    "date-9999": (TEXT.replace("approved_on: 2026-09-24", "approved_on: 9999-12-31", 1).encode(), False,
                  [f":{line_of(TEXT, 'approved_on: 2026-09-24')}", "approved_on"]),
    "date-0001": (TEXT.replace("approved_on: 2026-09-24", "approved_on: 0001-01-01", 1).encode(), False,
                  ["approved_on"]),
    "date-feb-30": (TEXT.replace("approved_on: 2026-09-24", "approved_on: 2026-02-30", 1).encode(), False,
                    ["approved_on"]),
    "date-words": (TEXT.replace("approved_on: 2026-09-24", "approved_on: next week", 1).encode(), False,
                   ["approved_on"]),
    "urn-short": (TEXT.replace('urn: "990101"', 'urn: "12"', 1).encode(), False, [":7", "school.urn"]),
    "urn-huge-number": (TEXT.replace('urn: "990101"', "urn: 99999999999999999999999", 1).encode(), False,
                        ["school.urn"]),
    "misspelt-key": (TEXT.replace("  phase: primary", "  phsae: primary", 1).encode(), False,
                     [":9", "phsae"]),
    "list-for-text": (TEXT.replace("  phase: primary", "  phase: [primary, secondary]", 1).encode(), False,
                      ["school.phase"]),
    "bad-email": (TEXT.replace("email: office@oakfield-primary.example.sch.uk", "email: office-at-oakfield",
                               1).encode(), False, ["school.email"]),
    "name-slugs-to-nothing": (TEXT.replace("  slug: oakfield-primary\n", "").replace(
        "name: Oakfield Primary School", "name: '!!!'", 1).encode(), False, [":5", "school.name"]),
    "bad-slug": (TEXT.replace("slug: oakfield-primary", "slug: ../../etc", 1).encode(), False, ["school.slug"]),
    "extends-passwd": (("extends: ../../../../etc/passwd\n" + TEXT).encode(), False, [":1", "extends"]),
    "extends-absolute": (("extends: /etc/hosts.yaml\n" + TEXT).encode(), False, [":1", "extends"]),
    "extends-up-two": (("extends: ../../trust.yaml\n" + TEXT).encode(), False, [":1", "extends"]),
    "extends-missing": (("extends: nowhere.yaml\n" + TEXT).encode(), False, [":1", "extends"]),
    "extends-itself": (("extends: school.yaml\n" + TEXT).encode(), False, ["extends"]),
    "extends-number": (("extends: 5\n" + TEXT).encode(), False, [":1", "extends"]),
    "extends-symlink-out": (("extends: link.yaml\n" + TEXT).encode(), False, [":1", "extends"]),
    "extends-fifo": (("extends: pipe.yaml\n" + TEXT).encode(), False, ["pipe.yaml"]),
    **{f"profile-{kind}": (kind, False, []) for kind in SPECIALS},
}
PASSWD_LINE = "root:x:0:0"  # a refused file's content must never be quoted


def write_profile(tmp: Path, bug: str) -> Path:
    content, _, _ = PROFILE_BUGS[bug]
    folder = tmp / "trust" / "school"
    folder.mkdir(parents=True)
    path = folder / "school.yaml"
    if isinstance(content, str):
        make_special(path, content)
    else:
        path.write_bytes(content)
    if bug == "extends-symlink-out":
        os.symlink("/etc/hostname", folder / "link.yaml")
    if bug == "extends-fifo":
        os.mkfifo(folder / "pipe.yaml")
    return path


def write_doc(tmp: Path) -> Path:
    path = tmp / "policy.txt"
    path.write_text(GOOD_DOC, encoding="utf-8")
    return path


def write_pupils(tmp: Path, text: str | bytes | None = None, name: str = "pupils.csv") -> Path:
    path = tmp / name
    data = csv_text(ROWS) if text is None else text
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


PROFILE_COMMANDS = ("validate", "build", "explain", "reviews", "check")


def profile_case(bug: str, command: str, tmp: Path, server: str) -> Case:
    _, valid, extra = PROFILE_BUGS[bug]
    path = write_profile(tmp, bug)
    out = tmp / "out"
    names = [path.name] + extra
    if command == "validate":
        return Case(["validate", path], exit={0} if valid else {2}, names=names)
    if command == "build":
        return Case(["build", path, "-o", out, "--format", "html", "--as-of", AS_OF],
                    exit={0} if valid else {2}, names=names, out=out)
    if command == "explain":
        return Case(["explain", path, "school.name"], exit={0} if valid else {2}, names=names)
    if command == "reviews":
        return Case(["reviews", write_pupils(tmp), "--profile", path, "-o", out, "--no-letters", "-j", "1",
                     "--as-of", AS_OF], exit={0} if valid else {2}, names=names, out=out, pupils=NAMES,
                    rows=len(ROWS))
    return Case(["check", write_doc(tmp), "--profile", path], exit={0, 1} if valid else {2}, names=names)


for _bug in PROFILE_BUGS:
    for _command in PROFILE_COMMANDS:
        case(f"profile-{_bug}-{_command}")(functools.partial(profile_case, _bug, _command))


@pytest.mark.parametrize("bug", ["extends-passwd", "extends-symlink-out", "extends-up-two"])
def test_a_refused_extends_never_quotes_the_file(tmp_path, bug):
    from badinput_harness import run_in_process

    path = write_profile(tmp_path, bug)
    outcome = run_in_process(["validate", str(path)], 20)
    assert outcome.exit_code == 2
    assert PASSWD_LINE not in outcome.stderr and open("/etc/hostname").read().strip() not in outcome.stderr


# ---------------------------------------------------------------------------------------------
# Trust files and clause folders


def copy_trust(tmp: Path) -> Path:
    import shutil

    target = tmp / "trust"
    shutil.copytree(TRUST, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _trust_bug(kind: str, folder: Path) -> list[str]:
    """Break the copied trust in one way; return what the message must name."""
    trust = folder / "trust.yaml"
    text = trust.read_text(encoding="utf-8")
    if kind == "empty":
        trust.write_text("")
        return ["trust.yaml"]
    if kind == "misspelt-key":
        edit(trust, "locked_fields:", "lockd_fields:")
        return ["trust.yaml", f":{line_of(text, 'locked_fields:')}", "lockd_fields"]
    if kind == "nul-value":
        edit(trust, "name: Northshire Learning Trust", 'name: "North\\0shire"')
        return ["trust.yaml", ":7", "trust.name"]
    if kind == "deep":
        trust.write_text(text + "extra: " + "[" * 5000 + "]" * 5000 + "\n")
        return ["trust.yaml"]
    if kind == "recursive-alias":
        trust.write_text(text + "extra: &r\n  - *r\n")
        return ["trust.yaml"]
    if kind == "laughs":
        trust.write_text(text + LAUGHS)
        return ["trust.yaml"]
    if kind == "extends-itself":
        trust.write_text("extends: trust.yaml\n" + text)
        return ["trust.yaml", "extends"]
    if kind == "extends-passwd":
        trust.write_text("extends: ../../../../../etc/passwd\n" + text)
        return ["trust.yaml", ":1", "extends"]
    if kind == "extends-absolute":
        trust.write_text("extends: /tmp/elsewhere.yaml\n" + text)
        return ["trust.yaml", ":1", "extends"]
    if kind == "fifo":
        trust.unlink()
        os.mkfifo(trust)
        return ["trust.yaml"]
    if kind == "loop":
        trust.unlink()
        os.symlink("trust.yaml", trust)
        return ["trust.yaml"]
    if kind == "date-9999":
        edit(trust, "approved_on: 2026-07-09", "approved_on: 9999-12-31")
        return ["approved_on"]
    if kind == "locked-field-set":
        school = folder / "ashdown-primary.yaml"
        school.write_text(school.read_text(encoding="utf-8") + "sendiass:\n  name: Our own\n", encoding="utf-8")
        return ["ashdown-primary.yaml", "sendiass"]
    if kind == "utf16":
        trust.write_bytes(text.encode("utf-16"))
        return []
    raise ValueError(kind)  # pragma: no cover


TRUST_BUGS = ("empty", "misspelt-key", "nul-value", "deep", "recursive-alias", "laughs", "extends-itself",
              "extends-passwd", "extends-absolute", "fifo", "loop", "date-9999", "locked-field-set", "utf16")


def trust_case(kind: str, command: str, tmp: Path, server: str) -> Case:
    folder = copy_trust(tmp)
    names = _trust_bug(kind, folder)
    ok = kind == "utf16"
    if command == "validate":
        return Case(["validate", folder / "ashdown-primary.yaml"], exit={0} if ok else {2}, names=names)
    out = tmp / "out"
    if kind == "locked-field-set":  # one school fails, the others build: exit 1
        return Case(["build", folder, "-o", out, "--format", "html", "--no-report", "-q", "--as-of", AS_OF],
                    exit={1}, names=names, out=out, budget=60)
    return Case(["build", folder, "-o", out, "--format", "html", "-q", "--as-of", AS_OF],
                exit={0} if ok else {2}, names=names, out=out, budget=90 if ok else 30)


for _kind in TRUST_BUGS:
    for _command in ("validate", "build"):
        case(f"trust-{_kind}-{_command}")(functools.partial(trust_case, _kind, _command))


def _clause_bug(kind: str, folder: Path) -> list[str]:
    clauses = folder / "northgate-clauses"
    clause = clauses / "therapies.md"
    text = clause.read_text(encoding="utf-8")
    if kind == "no-front-matter":
        clause.write_text("### Therapies\n\nNo front matter here.\n")
        return ["therapies.md"]
    if kind == "unknown-id":
        edit(clause, "id: therapies", "id: therapys")
        return ["therapies.md", "therapys"]
    if kind == "broken-yaml":
        edit(clause, "satisfies: [SCH1-03e, SCH1-10]", "satisfies: [SCH1-03e, SCH1-10")
        return ["therapies.md"]
    if kind == "nul":
        clause.write_bytes(text.encode().replace(b"Some ", b"So\0me ", 1))
        return ["therapies.md"]
    if kind == "template-error":
        clause.write_text(text + "\n{% if %}\n")
        return ["therapies.md"]
    if kind == "template-escape":
        clause.write_text(text + "\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
        return ["therapies.md"]
    if kind == "fifo":
        clause.unlink()
        os.mkfifo(clause)
        return ["therapies.md"]
    if kind == "huge":
        make_special(clause.with_name("big.md"), "huge")
        return ["big.md"]
    if kind == "folder-missing":
        import shutil

        shutil.rmtree(clauses)
        return ["northgate-clauses"]
    if kind == "folder-is-a-file":
        import shutil

        shutil.rmtree(clauses)
        clauses.write_text("not a folder\n")
        return ["northgate-clauses"]
    if kind == "utf16":
        clause.write_bytes(text.encode("utf-16"))
        return []
    raise ValueError(kind)  # pragma: no cover


CLAUSE_BUGS = ("no-front-matter", "unknown-id", "broken-yaml", "nul", "template-error", "template-escape", "fifo",
               "huge", "folder-missing", "folder-is-a-file", "utf16")


def clause_case(kind: str, tmp: Path, server: str) -> Case:
    folder = copy_trust(tmp)
    names = _clause_bug(kind, folder)
    out = tmp / "out"
    return Case(["build", folder / "northgate-academy.yaml", "-o", out, "--format", "html", "--documents",
                 "report", "--no-report", "--as-of", AS_OF], exit={0} if kind == "utf16" else {2},
                names=names, out=out, budget=60)


for _kind in CLAUSE_BUGS:
    case(f"clauses-{_kind}-build")(functools.partial(clause_case, _kind))


# ---------------------------------------------------------------------------------------------
# Documents to check


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOC_BUGS: dict[str, tuple[str, object, set[int]]] = {
    "empty-html": ("doc.html", b"", {2}),
    "empty-pdf": ("doc.pdf", b"", {2}),
    "empty-txt": ("doc.txt", b"", {2}),
    "whitespace-txt": ("doc.txt", b"  \n\n \t\n", {2}),
    "png-as-txt": ("doc.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, {2}),
    "png-as-pdf": ("doc.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, {2}),
    "truncated-pdf": ("doc.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n", {2}),
    "random-docx": ("doc.docx", os.urandom(4096), {2}),
    "zip-not-docx": ("doc.docx", _zip({"hello.txt": b"hello"}), {2}),
    "docx-bad-xml": ("doc.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}),
                     {2}),
    "docx-zip-bomb": ("doc.docx", _zip({"[Content_Types].xml": b"<Types/>",
                                        "word/document.xml": b"<a>" + b" " * (30 * 2 ** 20) + b"</a>"}), {2}),
    "old-doc": ("doc.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), {2}),
    "no-extension-binary": ("document", bytes(range(256)) * 8, {2}),
    "no-extension-text": ("document", GOOD_DOC.encode(), {0, 1}),
    "html-huge-text": ("doc.html", b"<html><body>" + b"<h2>Part</h2><p>words about support and pupils.</p>" * 30000
                       + b"</body></html>", {2}),
    "html-deep-divs": ("doc.html", b"<html><body>" + b"<div>" * 100000 + b"SEND" + b"</div>" * 100000
                       + b"</body></html>", {0, 1, 2}),
    "html-bogus-charset": ("doc.html", b"<html><head><meta charset='no-such-charset'></head><body><p>"
                           + GOOD_DOC.encode() + b"</p></body></html>", {0, 1}),
    "html-nul": ("doc.html", b"<html><body><p>SEND\0policy</p></body></html>", {0, 1, 2}),
    "txt-utf16-bom": ("doc.txt", GOOD_DOC.encode("utf-16"), {0, 1}),
    "txt-utf16-no-bom": ("doc.txt", GOOD_DOC.encode("utf-16-le"), {0, 1}),
    "txt-cp1252": ("doc.txt", (GOOD_DOC + "Renée\n").encode("cp1252"), {0, 1}),
    "txt-nul": ("doc.txt", GOOD_DOC.encode() + b"\0\0\0" + GOOD_DOC.encode(), {2}),
    "txt-controls": ("doc.txt", GOOD_DOC.encode() + b"\x07\x1b[31m red \x1b[0m\n", {0, 1}),
    "txt-one-long-line": ("doc.txt", b"support " * 200000, {0, 1, 2}),
    "md-deep-list": ("doc.md", "".join("  " * i + "- item\n" for i in range(2000)).encode(), {0, 1, 2}),
    "md-front-matter-bomb": ("doc.md", ("---\n" + LAUGHS + "---\n# SEND policy\n").encode(), {0, 1, 2}),
    **{f"doc-{kind}": ("doc.txt", kind, {2}) for kind in SPECIALS},
}
DOC_FORMATS = ("text", "json", "sarif", "junit")


def doc_case(bug: str, fmt: str, tmp: Path, server: str) -> Case:
    name, content, exits = DOC_BUGS[bug]
    path = tmp / name
    if isinstance(content, str):
        make_special(path, content)
    else:
        path.write_bytes(content)
    return Case(["check", path, "--format", fmt], exit=exits, names=[name])


for _bug in DOC_BUGS:
    for _fmt in DOC_FORMATS:
        case(f"check-{_bug}-{_fmt}")(functools.partial(doc_case, _bug, _fmt))


def two_docs_case(tmp: Path, server: str) -> Case:
    good, bad = write_doc(tmp), tmp / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    return Case(["check", good, bad], exit={2}, names=["broken.pdf"])


case("check-one-good-one-broken")(two_docs_case)


# ---------------------------------------------------------------------------------------------
# URLs served by the hostile server on 127.0.0.1


def short_timeout(monkeypatch) -> None:
    """The deadline under test is the same code at 2 s as at the default 15 s."""
    import toolkit.readers as readers

    monkeypatch.setattr(readers, "ReadOptions", functools.partial(readers.ReadOptions, timeout=2.0))


URL_BUGS: dict[str, tuple[str, set[int]]] = {
    "good": ("/good.html", {0, 1}),
    "redirect-loop": ("/loop", {2}),
    "redirect-chain": ("/chain/0", {2}),
    "redirect-to-file": ("/to-file", {2}),
    "redirect-to-ftp": ("/to-ftp", {2}),
    "redirect-to-credentials": ("/to-credentials", {2}),
    "redirect-to-bad-port": ("/to-bad-port", {2}),
    "trickle-headers": ("/trickle-headers", {2}),
    "trickle-body": ("/trickle-body", {2}),
    "silent": ("/silent", {2}),
    "longer-than-said": ("/longer-than-said", {0, 1}),
    "shorter-than-said": ("/shorter-than-said", {2}),
    "huge-length": ("/huge-length", {2}),
    "endless": ("/endless", {2}),
    "gzip-bomb": ("/gzip-bomb", {2}),
    "deflate-bomb": ("/deflate-bomb", {2}),
    "gzip-good": ("/gzip-good", {0, 1}),
    "gzip-lie": ("/gzip-lie", {2}),
    "brotli": ("/brotli", {2}),
    "binary": ("/binary", {2}),
    "pdf-lie": ("/pdf-lie", {2}),
    "empty": ("/empty", {2}),
    "garbage": ("/garbage", {2}),
    "closed": ("/close", {2}),
    "status-404": ("/status/404", {2}),
    "status-500": ("/status/500", {2}),
    "status-401": ("/status/401", {2}),
    "credentials": ("CREDENTIALS", {2}),
    "bad-port": ("http://127.0.0.1:99999/x", {2}),
    "closed-port": ("http://127.0.0.1:1/x", {2}),
    "space-in-address": ("SPACE", {2}),
    "ftp": ("ftp://127.0.0.1/x", {2}),
    "file-scheme": ("file:///etc/passwd", {2}),
    "no-host": ("http:///x", {2}),
}


def url_case(bug: str, fmt: str, tmp: Path, server: str) -> Case:
    target, exits = URL_BUGS[bug]
    secrets = []
    if target == "CREDENTIALS":
        url, secrets = server.replace("http://", "http://user:hunter2@") + "/good.html", ["hunter2"]
    elif target == "SPACE":
        url = server + "/good page.html"
    elif target.startswith("/"):
        url = server + target
    else:
        url = target
    if bug == "redirect-to-credentials":
        secrets = ["hunter2"]
    host = url.split("//", 1)[-1].split("@")[-1].split("/")[0] if "//" in url else url
    names = [host] if "://" in url and host else []
    return Case(["check", url, "--format", fmt], exit=exits, names=names, pupils=secrets, budget=12,
                patch=short_timeout)


for _bug in URL_BUGS:
    for _fmt in ("text", "json"):
        case(f"url-{_bug}-{_fmt}")(functools.partial(url_case, _bug, _fmt))


# ---------------------------------------------------------------------------------------------
# Pupil lists (from Excel, by hand, or hostile)


def _utf16_tab(rows, bom=True) -> bytes:
    text = csv_text(rows, delimiter="\t").replace("\n", "\r\n")
    return text.encode("utf-16") if bom else text.encode("utf-16-le")


def _yaml_pupils(rows) -> str:
    import yaml

    return yaml.safe_dump({"pupils": [dict(zip(HEADER, r)) for r in rows]}, sort_keys=False, allow_unicode=True)


def _multiline_address(rows):
    rows = [list(r) for r in rows]
    rows[0][HEADER.index("parent_address")] = "4 Willow Close\nAshbury\nNorthshire AB1 3EF"
    return rows


def _unclosed(rows, row: int):
    text = csv_text(rows).splitlines(keepends=True)
    cells = text[row + 1].split(",")
    cells[1] = '"' + cells[1]
    text[row + 1] = ",".join(cells)
    return "".join(text)


def _plain(rows):
    """The rows without commas or line breaks in any cell, so nothing needs quoting."""
    return [[c.replace(",", " ").replace("\n", " ") for c in r] for r in rows]


def _drop_column(rows, column):
    i = HEADER.index(column)
    return csv_text([r[:i] + r[i + 1:] for r in rows], header=HEADER[:i] + HEADER[i + 1:])


def _rename_column(rows, column, new):
    return csv_text(rows, header=[new if h == column else h for h in HEADER])


def _many(n):
    rows = []
    for i in range(n):
        row = list(ROWS[i % len(ROWS)])
        row[0] = f"P{i:05d}"
        rows.append(row)
    return rows


# name -> (file name, content (text, bytes, a special kind or None for the good list), exits, rows, names)
PUPIL_BUGS: dict[str, tuple[str, object, set[int], int | None, list[str]]] = {
    "good": ("pupils.csv", None, {0}, len(ROWS), []),
    "semicolons": ("pupils.csv", csv_text(ROWS, delimiter=";"), {0}, len(ROWS), []),
    "excel-unicode-text": ("pupils.txt", _utf16_tab(ROWS), {0}, len(ROWS), []),
    "utf16-no-bom": ("pupils.txt", _utf16_tab(ROWS, bom=False), {0}, len(ROWS), []),
    "cp1252": ("pupils.csv", csv_text(set_cell(ROWS, 0, "first_name", "Zoë")).encode("cp1252", "replace"), {0}, len(ROWS), []),
    "bom-crlf": ("pupils.csv", ("\ufeff" + csv_text(ROWS)).replace("\n", "\r\n"), {0}, len(ROWS), []),
    "xlsx": ("pupils.xlsx", _zip({"xl/workbook.xml": b"<workbook/>"}), {2}, None, []),
    "xls": ("pupils.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), {2}, None, []),
    "ods": ("pupils.ods", _zip({"content.xml": b"<office/>"}), {2}, None, []),
    "numbers": ("pupils.numbers", b"\x00" * 64, {2}, None, []),
    "workbook-named-csv": ("pupils.csv", _zip({"xl/workbook.xml": b"<workbook/>"}), {2}, None, []),
    "empty": ("pupils.csv", "", {2}, None, []),
    "header-only": ("pupils.csv", csv_text([]), {2}, None, []),
    "separators-only": ("pupils.csv", ",,,,\n,,,,\n", {2}, None, []),
    "not-csv": ("pupils.csv", "These are my pupils\nand some more words\n", {2}, None, []),
    "missing-column": ("pupils.csv", _drop_column(ROWS, "date_of_birth"), {2}, None, ["date_of_birth"]),
    "misspelt-column": ("pupils.csv", _rename_column(ROWS, "date_of_birth", "date_of_brith"), {2}, None,
                        ["date_of_birth", "date_of_brith"]),
    "unclosed-quote": ("pupils.csv", _unclosed(ROWS, 2), {1}, len(ROWS), ["row 3"]),
    "unclosed-quote-swallows-rows": ("pupils.csv", _unclosed(_plain(ROWS), 2), {2}, None,
                                     ["row 4", "pupils.csv:4", "first_name"]),
    "unclosed-quote-last-row": ("pupils.csv", _unclosed(ROWS, len(ROWS) - 1), {1}, len(ROWS), []),
    "bell-in-name": ("pupils.csv", csv_text(set_cell(ROWS, 0, "first_name", "Mai\x07sie")), {0}, len(ROWS), []),
    "escape-in-address": ("pupils.csv", csv_text(set_cell(ROWS, 1, "parent_address", "\x1b[2J12 Station Road")),
                          {0}, len(ROWS), []),
    "nul-in-name": ("pupils.csv", csv_text(set_cell(ROWS, 3, "last_name", "Ok\0onjo")), {0}, len(ROWS), []),
    "date-9999": ("pupils.csv", csv_text(set_cell(ROWS, 0, "date_of_birth", "9999-12-31")), {1}, len(ROWS),
                  ["row 2", "date_of_birth"]),
    "feb-31": ("pupils.csv", csv_text(set_cell(ROWS, 0, "plan_issued", "31/02/2026")), {1}, len(ROWS),
               ["row 2", "plan_issued"]),
    "two-digit-year": ("pupils.csv", csv_text(set_cell(ROWS, 1, "last_review", "11/05/26")), {1}, len(ROWS),
                       ["row 3", "last_review"]),
    "born-after-plan": ("pupils.csv", csv_text(set_cell(ROWS, 0, "date_of_birth", "2026-05-01")), {1}, len(ROWS),
                        ["row 2", "date_of_birth"]),
    "duplicate-id": ("pupils.csv", csv_text(set_cell(ROWS, 1, "pupil_id", ROWS[0][0])), {1}, len(ROWS),
                     ["row 3", "pupil_id"]),
    "id-path-traversal": ("pupils.csv", csv_text(set_cell(ROWS, 0, "pupil_id", "../../evil")), {1}, len(ROWS),
                          ["row 2", "pupil_id"]),
    "id-with-slash": ("pupils.csv", csv_text(set_cell(ROWS, 0, "pupil_id", "a/b")), {1}, len(ROWS), ["row 2"]),
    "formula-name": ("pupils.csv", csv_text(set_cell(ROWS, 0, "last_name", '=HYPERLINK("http://x","y")')), {0},
                     len(ROWS), []),
    "long-cell": ("pupils.csv", csv_text(set_cell(ROWS, 0, "parent_address", "x" * 200_000)), {0, 1, 2}, None, []),
    "two-thousand-rows": ("pupils.csv", csv_text(_many(2000)), {0}, 2000, []),
    "unknown-columns": ("pupils.csv", csv_text([r + ["extra"] for r in ROWS], header=HEADER + ["shoe_size"]), {0},
                        len(ROWS), []),
    "too-many-cells": ("pupils.csv", csv_text([r + ["spare", "cells"] for r in ROWS]), {0}, len(ROWS), []),
    "too-few-cells": ("pupils.csv", csv_text([ROWS[0][:3]] + ROWS[1:]), {1}, len(ROWS), ["row 2"]),
    "blank-lines-between": ("pupils.csv", csv_text(ROWS).replace("\n", "\n\n", 3), {0}, len(ROWS), []),
    "blank-lines-above": ("pupils.csv", "\n\n" + csv_text(ROWS), {0}, len(ROWS), []),
    "multi-line-address": ("pupils.csv", csv_text(_multiline_address(ROWS)), {0}, len(ROWS), []),
    "yaml-good": ("pupils.yaml", _yaml_pupils(ROWS), {0}, len(ROWS), []),
    "yaml-recursive": ("pupils.yaml", "pupils: &p\n  - *p\n", {2}, None, []),
    "yaml-deep": ("pupils.yaml", "pupils: " + "[" * 3000 + "]" * 3000 + "\n", {2}, None, []),
    "yaml-scalar": ("pupils.yaml", "just text\n", {2}, None, []),
    "yaml-laughs": ("pupils.yaml", LAUGHS, {2}, None, []),
    "yaml-control-char": ("pupils.yaml", _yaml_pupils(set_cell(ROWS, 0, "first_name", "Mai\x07sie")), {0, 2},
                          len(ROWS), []),
    **{f"pupils-{kind}": ("pupils.csv", kind, {2}, None, []) for kind in SPECIALS},
}


def pupil_case(bug: str, mode: str, tmp: Path, server: str) -> Case:
    name, content, exits, rows, extra = PUPIL_BUGS[bug]
    path = tmp / name
    if isinstance(content, str) and content in SPECIALS:
        make_special(path, content)
    else:
        write_pupils(tmp, content, name)
    out = tmp / "out"
    args = ["reviews", path, "--profile", EXAMPLE, "-o", out, "-j", "1", "--as-of", AS_OF]
    if mode == "letters":
        args += ["--letter-format", "docx", "--letter-kinds", "invitation"]
    else:
        args += ["--no-letters"]
    if mode == "redact":
        args += ["--redact"]
    names = [name] if 2 in exits and exits == {2} else []
    return Case(args, exit=exits, names=names + extra, pupils=NAMES, out=out, rows=rows, budget=60)


LETTER_BUGS = ("good", "bell-in-name", "escape-in-address", "formula-name", "semicolons", "excel-unicode-text",
               "unclosed-quote-last-row", "yaml-good")
for _bug in PUPIL_BUGS:
    for _mode in ("schedule", "redact") + (("letters",) if _bug in LETTER_BUGS else ()):
        case(f"pupils-{_bug}-{_mode}")(functools.partial(pupil_case, _bug, _mode))


TERM_BUGS: dict[str, tuple[object, list[str]]] = {
    "empty": (b"", []),
    "nul": (b"school_year: 2026-27\nterms:\n  - name: \"Au\\0tumn\"\n    start: 2026-09-02\n    end: 2026-10-23\n",
            [":3"]),
    "deep": (("terms: " + "[" * 3000 + "]" * 3000 + "\n").encode(), []),
    "recursive": (b"terms: &t\n  - *t\n", []),
    "laughs": (LAUGHS.encode(), []),
    "not-a-mapping": (b"- 2026-09-02\n", []),
    "date-9999": (b"school_year: 2026-27\nterms:\n  - name: Autumn\n    start: 2026-09-02\n    end: 9999-12-31\n",
                  ["end"]),
    "end-before-start": (b"school_year: 2026-27\nterms:\n  - name: Autumn\n    start: 2026-10-23\n"
                         b"    end: 2026-09-02\n", []),
    "utf16-no-bom": (((TRUST / "term-dates.yaml").read_text(encoding="utf-8")).encode("utf-16-le"),
                     []),
    **{kind: (kind, []) for kind in SPECIALS},
}


def term_case(bug: str, tmp: Path, server: str) -> Case:
    content, extra = TERM_BUGS[bug]
    path = tmp / "term-dates.yaml"
    if isinstance(content, str):
        make_special(path, content)
    else:
        path.write_bytes(content)
    out = tmp / "out"
    ok = bug == "utf16-no-bom"
    return Case(["reviews", write_pupils(tmp), "--profile", EXAMPLE, "-o", out, "--no-letters", "-j", "1",
                 "--as-of", AS_OF, "--term-dates", path], exit={0} if ok else {2},
                names=[] if ok else ["term-dates.yaml"] + extra, pupils=NAMES, out=out, rows=len(ROWS))


for _bug in TERM_BUGS:
    case(f"term-dates-{_bug}")(functools.partial(term_case, _bug))


# ---------------------------------------------------------------------------------------------
# Output folders that fail


def _file_size_limit(limit: int):
    def apply() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def output_case(kind: str, command: str, tmp: Path, server: str) -> Case:
    a_file = tmp / "a-file"
    a_file.write_text("I am a file\n")
    target = {"is-a-file": a_file, "under-a-file": a_file / "sub", "in-proc": Path("/proc/sendkit-out"),
              "under-dev-null": Path("/dev/null/out")}[kind]
    if command == "build":
        return Case(["build", EXAMPLE, "-o", target, "--format", "html", "--no-report"], exit={2},
                    names=[target.name if kind != "under-a-file" else "a-file"])
    if command == "reviews":
        return Case(["reviews", write_pupils(tmp), "--profile", EXAMPLE, "-o", target, "--no-letters", "-j", "1",
                     "--as-of", AS_OF], exit={2}, names=["a-file" if "file" in kind else target.name],
                    pupils=NAMES)
    if command == "check":
        return Case(["check", write_doc(tmp), "-o", target / "report.txt" if kind != "is-a-file" else a_file / "r"],
                    exit={2})
    return Case(["schema", "-o", target / "schema.json"], exit={2},
                names=["a-file" if "file" in kind else target.parent.name])


for _kind in ("is-a-file", "under-a-file", "in-proc", "under-dev-null"):
    for _command in ("build", "reviews", "check", "schema"):
        case(f"output-{_kind}-{_command}")(functools.partial(output_case, _kind, _command))


def disk_full_case(command: str, tmp: Path, server: str) -> Case:
    """A file-size limit makes every write past 20 KB fail, as a full disk would, mid-run."""
    out = tmp / "out"
    limits = _file_size_limit(20_000)
    if command == "build":
        return Case(["build", EXAMPLE, "-o", out, "--format", "html,docx", "--as-of", AS_OF], exit={2},
                    out=out, subprocess=True, limits=limits, budget=120)
    return Case(["reviews", write_pupils(tmp), "--profile", EXAMPLE, "-o", out, "-j", "1", "--letter-format",
                 "docx", "--letter-kinds", "invitation", "--as-of", AS_OF], exit={2}, out=out, subprocess=True,
                limits=limits, pupils=NAMES, budget=120)


for _command in ("build", "reviews"):
    case(f"output-disk-full-{_command}")(functools.partial(disk_full_case, _command))


# ---------------------------------------------------------------------------------------------
# Options


def option_case(args: list[str], tmp: Path, server: str) -> Case:
    filled = [str(write_pupils(tmp)) if a == "PUPILS" else str(write_doc(tmp)) if a == "DOC" else
              str(tmp / "out") if a == "OUT" else str(EXAMPLE) if a == "PROFILE" else a for a in args]
    return Case(filled, exit={2}, pupils=NAMES)


OPTION_BUGS = {
    "build-as-of-9999": ["build", "PROFILE", "-o", "OUT", "--as-of", "9999-12-31"],
    "build-as-of-feb-31": ["build", "PROFILE", "-o", "OUT", "--as-of", "31/02/2026"],
    "build-format-comma": ["build", "PROFILE", "-o", "OUT", "--format", ","],
    "build-format-unknown": ["build", "PROFILE", "-o", "OUT", "--format", "rtf"],
    "build-documents-unknown": ["build", "PROFILE", "-o", "OUT", "--documents", "letters"],
    "build-jobs-negative": ["build", "PROFILE", "-o", "OUT", "-j", "-1"],
    "check-as-of-9999": ["check", "DOC", "--as-of", "9999-12-31"],
    "check-no-paths": ["check"],
    "reviews-as-of-words": ["reviews", "PUPILS", "--profile", "PROFILE", "-o", "OUT", "--as-of", "tomorrow"],
    "reviews-letter-format": ["reviews", "PUPILS", "--profile", "PROFILE", "-o", "OUT", "--letter-format", "rtf"],
    "reviews-letter-kinds-empty": ["reviews", "PUPILS", "--profile", "PROFILE", "-o", "OUT", "--letter-kinds", ","],
    "reviews-under5-out-of-range": ["reviews", "PUPILS", "--profile", "PROFILE", "-o", "OUT", "--under5-months", "9"],
    "explain-unknown-field": ["explain", "PROFILE", "school.nonsense"],
    "unknown-command": ["bulid", "PROFILE"],
}
for _name, _args in OPTION_BUGS.items():
    case(f"option-{_name}")(functools.partial(option_case, _args))


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, tmp_path, hostile_server, monkeypatch):
    made = CASES[name](tmp_path, hostile_server)
    broken = judge(made, monkeypatch)
    assert not broken, "\n".join(broken)


def test_the_suite_is_at_least_five_hundred_cases():
    assert len(CASES) >= 500, len(CASES)
