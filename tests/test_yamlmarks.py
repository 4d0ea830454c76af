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


def _alias_bomb(levels: int = 9) -> str:
    text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    return text


def _merge_bomb(levels: int = 40) -> str:
    text = "m0: &m0 {x: 1, y: 2}\n"
    for i in range(1, levels):
        text += f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: 1}}\n"
    return text


def test_an_alias_bomb_is_refused_with_its_line_instead_of_hanging(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb() + "school:\n  name: x\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="expands to more than") as err:
        load_marked(path)
    (problem,) = err.value.problems
    assert problem.file == str(path) and problem.line and "aliases" in problem.message


def test_merge_keys_that_repeat_each_other_load_once_each_whatever_the_pyyaml_version(tmp_path):
    # 2**40 paths through the merges, but as YAML says each key is merged once: m39 has 41 keys.
    # PyYAML before 6.0.4 expanded every path; we resolve merges ourselves, so no version hangs.
    path = tmp_path / "merges.yaml"
    path.write_text(_merge_bomb(), encoding="utf-8")
    m39 = load_marked(path).data["m39"]
    assert m39 == {"x": 1, "y": 2, **{f"k{i}": 1 for i in range(1, 40)}}


@pytest.mark.parametrize("text, expected", [
    ("a: &a {x: 1}\nb: {<<: [*a, {x: 2, y: 2}], y: 3}\n", {"x": 1, "y": 3}),  # earlier source wins; own key wins
    ("a: &a {<<: *a, x: 1}\n", {"x": 1}),  # a mapping that merges itself
])
def test_merge_key_priorities(tmp_path, text, expected):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    data = load_marked(path).data
    assert data.get("b", data["a"]) == expected


def test_modest_anchors_and_aliases_still_load(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("contact: &c {name: Ann, email: a@x.example}\nothers: [*c, *c, *c]\n", encoding="utf-8")
    assert load_marked(path).data["others"] == [{"name": "Ann", "email": "a@x.example"}] * 3


def test_a_merge_key_is_overridden_by_the_mappings_own_key_not_reported_twice(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("head: &h\n  name: Ann\n  email: a@x.example\n"
                    "governor:\n  <<: *h\n  name: Bob\n", encoding="utf-8")
    marked = load_marked(path)
    assert marked.data["governor"] == {"name": "Bob", "email": "a@x.example"}
    assert marked.mark(("governor", "name")).line == 6
    # the mapping's own keys given twice are still a mistake
    path.write_text("head: &h\n  name: Ann\ngovernor:\n  <<: *h\n  name: Bob\n  name: Cy\n", encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_marked(path)
    assert [(p.line, "twice" in p.message) for p in err.value.problems] == [(6, True)]


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "notepad.yaml"
    path.write_bytes("school:\n  name: Zoë's School\n".encode("utf-16"))
    assert load_marked(path).data == {"school": {"name": "Zoë's School"}}


def test_a_file_far_larger_than_any_input_is_refused_before_parsing(tmp_path, monkeypatch):
    import toolkit.yamlmarks as yamlmarks

    monkeypatch.setattr(yamlmarks, "MAX_YAML_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n# " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="too large"):
        load_marked(path)
    with pytest.raises(ProfileError, match="too large"):  # text handed in by the cache as well
        load_marked(path, text=path.read_text(encoding="utf-8"))
