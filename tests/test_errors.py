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
