import pytest

from toolkit.errors import ProfileError
from toolkit.yamlmarks import load_marked


def test_marks_point_at_the_line_of_each_key(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("school:\n  name: Oak\n  list:\n    - one\n    - two\n", encoding="utf-8")
    marked = load_marked(path)
    assert marked.data == {"school": {"name": "Oak", "list": ["one", "two"]}}
    assert marked.mark(("school", "name")).line == 2
    assert marked.mark(("school", "list", 1)).line == 5
    # an unknown path falls back to its nearest known ancestor
    assert marked.mark(("school", "missing", "deep")).line == 1


def test_dates_stay_text_so_the_schema_can_report_them(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("when: 2026-13-40\n", encoding="utf-8")
    assert load_marked(path).data == {"when": "2026-13-40"}


def test_duplicate_keys_are_reported_with_their_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a:\n  b: 1\n  b: 2\n", encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_marked(path)
    (problem,) = err.value.problems
    assert problem.line == 3 and problem.field == "a.b" and "twice" in problem.message


@pytest.mark.parametrize("text, expected", [
    ("a:\n  b: 1\n b: 2\n", "cannot be read"),
    ("", "empty"),
    ("a: [1, 2\n", "cannot be read"),
])
def test_bad_yaml_is_a_profile_error(tmp_path, text, expected):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_marked(path)
    assert expected in str(err.value)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(ProfileError, match="no such file"):
        load_marked(tmp_path / "nope.yaml")
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81junk")
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_marked(binary)


def test_text_scalars_keep_values_as_written(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("- id: 001\n  on: yes\n  when: 2026-01-02\n  empty:\n", encoding="utf-8")
    assert load_marked(path, text_scalars=True).data == [{"id": "001", "on": "yes", "when": "2026-01-02",
                                                          "empty": None}]
    assert load_marked(path).data[0]["id"] == 1  # YAML's own reading, for profiles
