import codecs

import pytest

from toolkit.errors import InputError, decode_input


@pytest.mark.parametrize("raw", [
    "pupil_id,name\nA1,Zoë\n".encode("utf-8"),
    codecs.BOM_UTF8 + "pupil_id,name\nA1,Zoë\n".encode("utf-8"),
    "pupil_id,name\nA1,Zoë\n".encode("utf-16"),  # Notepad / Excel "Unicode", little-endian with BOM
    codecs.BOM_UTF16_BE + "pupil_id,name\nA1,Zoë\n".encode("utf-16-be"),
])
def test_utf8_and_utf16_with_bom_decode_to_the_same_text(raw):
    assert decode_input(raw, "list.csv", InputError) == "pupil_id,name\nA1,Zoë\n"


def test_cp1252_only_when_asked_for():
    raw = "A1,Zoë – café\n".encode("cp1252")
    assert decode_input(raw, "list.csv", InputError, fallback="cp1252") == "A1,Zoë – café\n"
    with pytest.raises(InputError, match=r"list.csv: is not UTF-8 text \(byte 5\); save it as UTF-8"):
        decode_input(raw, "list.csv", InputError)


def test_junk_behind_a_utf16_mark_is_not_taken_for_text():
    with pytest.raises(InputError, match="not UTF-8"):
        decode_input(b"\xff\xfe\x00\x81\x93\xa7\x10\xe4junk", "x.yaml", InputError)


def test_report_error_decides_what_each_kind_of_error_shows(monkeypatch):
    from toolkit.errors import DEBUG_VARIABLE, ExitCode, ProfileError, Problem, report_error

    monkeypatch.delenv(DEBUG_VARIABLE, raising=False)
    bad = report_error(ProfileError("school.yaml: 1 problem(s)", [Problem("is required", "school.yaml", 3, "urn")]))
    assert (bad.exit_code, bad.internal, bad.traceback) == (ExitCode.INPUT_ERROR, False, None)
    assert bad.lines == ["school.yaml: 1 problem(s)", "  - school.yaml:3: urn: is required"]
    assert report_error(KeyboardInterrupt()).exit_code == ExitCode.INTERRUPTED

    try:
        {}["Zebedee Quartermaine"]
    except KeyError as exc:
        bug = report_error(exc, command="the web app")
        traced = report_error(exc, debug=True)
    assert bug.exit_code == ExitCode.INTERNAL and bug.internal and bug.traceback is None
    assert bug.lines[0].startswith("the web app stopped by an internal error (KeyError).")
    assert "Zebedee" not in "".join(bug.lines)
    assert "Traceback" in traced.traceback and "Zebedee" in traced.traceback  # only when asked for

    monkeypatch.setenv(DEBUG_VARIABLE, "1")
    assert report_error(ValueError("x")).traceback is not None
    full = report_error(OSError(28, "No space left on device", "/tmp/Zebedee.docx"), debug=False)
    assert "(OSError: No space left on device)" in full.lines[0] and "Zebedee" not in full.lines[0]
