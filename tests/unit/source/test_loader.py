"""The loader refuses every hazard in untrusted files with a located problem, never an exception."""

import os

import pytest
from golden_corpus import build_case

from playbook.load import load_handbook
from playbook.problems import ProblemList
from playbook.source import (
    MAX_FILE_BYTES,
    ParseCache,
    Source,
    parse_yaml,
    read_at_most,
    read_markdown_file,
    read_text,
)

POST = "content/posts/spring-launch/teaser.md"


def parse(text):
    source, problems = Source("x.yml"), ProblemList()
    parse_yaml(text, 0, source, problems)
    return source, [(p.line, p.column, p.rule) for p in problems.sorted()]


@pytest.mark.parametrize("text, value", [
    ("v: no", "no"), ("v: on", "on"), ("v: 9:30", "9:30"), ("v: 0755", "0755"), ("v: yes", "yes"),
    ("v: 2026-08-03", "2026-08-03"), ("v: 12", 12), ("v: true", True), ("v: ~", None), ("v: 1.5", 1.5),
    ("v: 0x1F", 31), ("v: '12'", "12"), ("v:", None), ("v: -3", -3),
])
def test_yaml_1_2_scalars(text, value):
    source, problems = parse(text)
    assert problems == []
    assert source.data == {"v": value}


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: 2\na: 3\n", (3, 1, "yaml.duplicate-key")),
    ("a: !!python/object:os.system x\n", (1, 4, "yaml.syntax")),
    ("a: !!set {x}\n", (1, 4, "yaml.syntax")),
    ("a: !!binary aGk=\n", (1, 4, "yaml.syntax")),
    ("a: &anchor 1\n", (1, 4, "yaml.syntax")),
    ("a: [1]\nb: *x\n", (2, 4, "yaml.syntax")),
    ("a: " + "[" * 20 + "]" * 20 + "\n", (1, 11, "yaml.syntax")),
    ("a: [1\n", (2, 1, "yaml.syntax")),
    ("a: 1\ntitle: \"unclosed\nb: 2\n", (2, 8, "yaml.syntax")),  # at the quote that never closes
    ("a: 1\n---\nb: 2\n", (2, 1, "yaml.syntax")),
])
def test_yaml_hazards(text, expected):
    source, problems = parse(text)
    assert problems == [expected]
    assert source.data is None


def test_duplicate_key_names_both_lines():
    problems = ProblemList()
    parse_yaml("title: a\n\ntitle: b\n", 0, Source("x.yml"), problems)
    (problem,) = problems.items
    assert (problem.line, problem.rule) == (3, "yaml.duplicate-key")
    assert "line 1" in problem.message


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n"
                                      for i in range(20))
    _, problems = parse(bomb)
    assert problems[0][2] == "yaml.syntax"


def test_deep_brackets_do_not_crash_the_c_parser():
    _, problems = parse("a: " + "[" * 200_000 + "\n")
    assert problems and problems[0][2] == "yaml.syntax"


def write(root, relative, data: bytes):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def located(root):
    return [(p.path, p.line, p.column, p.rule) for p in load_handbook(root).problems]


TEASER = (b"---\ntitle: Teaser\nchannel: instagram\npublish_at: 2027-04-05 10:00\nauthor: ben-writer\n"
          b"status: draft\nmedia:\n  - file: teaser.png\n    alt: A shoe\n---\nCopy\n")


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + TEASER,
    TEASER.replace(b"\n", b"\r\n"),
    b"\n\n" + TEASER,
])
def test_bom_crlf_and_leading_blank_lines_keep_positions(tmp_path, data):
    root = build_case(None, tmp_path / "hb")
    bad = data.replace(b"status: draft", b"status: drafty")
    write(root, POST, bad)
    line = 6 + (2 if data.startswith(b"\n\n") else 0)
    assert located(root) == [(POST, line, 9, "schema.value")]


@pytest.mark.parametrize("data, where", [
    (TEASER.replace(b"Teaser", b"Tea\xffser"), (2, 11)),
    (TEASER.replace(b"Copy", b"Co\x00py"), (11, 3)),
    (TEASER.replace(b"Teaser", b"Tea\x1bser"), (2, 11)),
])
def test_encoding_and_control_characters(tmp_path, data, where):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, data)
    assert located(root) == [(POST, *where, "file.encoding")]


def test_oversized_file_is_refused_before_parsing(tmp_path):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, b"---\na: " + b"[" * (MAX_FILE_BYTES + 10) + b"\n---\n")
    assert located(root) == [(POST, 1, 1, "file.encoding")]



def test_file_of_exactly_the_limit_is_read(tmp_path):
    problems = ProblemList()
    path = tmp_path / "full.md"
    path.write_bytes(b"x" * (MAX_FILE_BYTES - 1) + b"\n")
    assert len(read_text(str(path), "full.md", problems)) == MAX_FILE_BYTES and not problems.items


def test_a_file_that_reports_no_size_is_read_to_the_limit():
    """A pipe reports size 0, as a file growing while it is read reports too little: read on, but never
    past the limit."""
    reader, writer = os.pipe()
    try:
        os.write(writer, b"y" * 5000)
        os.close(writer)
        assert read_at_most(reader, 10_000) == b"y" * 5000
    finally:
        os.close(reader)
    reader, writer = os.pipe()
    try:
        os.write(writer, b"z" * 5000)
        assert read_at_most(reader, 3000) == b"z" * 3000
    finally:
        os.close(reader)
        os.close(writer)

@pytest.mark.parametrize("data, expected", [
    (b"title: no fences\n", (1, 1, "file.front-matter")),
    (b"---\ntitle: never closed\n", (1, 1, "file.front-matter")),
    (b"---\n- a list\n---\n", (2, 1, "file.front-matter")),
    (b"---\n'just text'\n---\n", (2, 1, "file.front-matter")),
])
def test_front_matter_shape(tmp_path, data, expected):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, data)
    assert located(root) == [(POST, *expected)]


def test_symlinks_are_refused_everywhere(tmp_path):
    root = build_case(None, tmp_path / "hb")
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: outside\n---\n")
    os.symlink(secret, root / "content/posts/spring-launch/linked.md")
    os.symlink(tmp_path, root / "content/media/outside")
    problems = located(root)
    assert ("content/media/outside", 1, 1, "file.encoding") in problems
    assert ("content/posts/spring-launch/linked.md", 1, 1, "file.encoding") in problems


@pytest.mark.parametrize("value, rule", [
    ("2023-02-29 10:00", "schema.value"),
    ("2027-04-05 24:00", "schema.value"),
    ("2027-04-05T10:00+25:00", "schema.value"),
    ("0000-04-05 10:00", "schema.value"),
    ("2027-03-28 02:30", "time.nonexistent"),  # Europe/Berlin springs forward
    ("2027-10-31 02:30", "time.ambiguous"),  # and falls back
    ("tomorrow", "schema.value"),
])
def test_invalid_times_are_located(tmp_path, value, rule):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, TEASER.replace(b"2027-04-05 10:00", value.encode()))
    assert located(root)[0][:4] == (POST, 4, 13, rule)


def test_offset_settles_an_ambiguous_time(tmp_path):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, TEASER.replace(b"2027-04-05 10:00", b"2027-10-31T02:30+01:00"))
    handbook = load_handbook(root)
    post = next(p for p in handbook.posts if p.slug == "teaser")
    assert post.publish_at.utcoffset().total_seconds() == 3600


def test_local_time_reads_in_post_then_campaign_then_settings_zone(tmp_path):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, TEASER.replace(b"status: draft", b"status: draft\ntimezone: Asia/Tokyo"))
    handbook = load_handbook(root)
    post = next(p for p in handbook.posts if p.slug == "teaser")
    assert post.publish_at.isoformat() == "2027-04-05T10:00:00+09:00"
    other = next(p for p in handbook.posts if p.slug == "launch-day")
    assert other.timezone.key == "Europe/Berlin"


def test_unknown_key_gets_did_you_mean(tmp_path):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, TEASER.replace(b"author:", b"autor:"))
    problems = load_handbook(root).problems
    unknown = next(p for p in problems if p.rule == "schema.unknown")
    assert "did you mean 'author'" in unknown.hint


def test_one_bad_file_never_hides_another(tmp_path):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, b"---\ntitle: [\n---\n")
    write(root, "content/responses/where-is-my-order.md", b"---\ntitle: x\ntitle: y\n---\n")
    rules = {p.rule for p in load_handbook(root).problems}
    assert {"yaml.syntax", "yaml.duplicate-key"} <= rules


def test_media_paths_stay_inside_media(tmp_path):
    root = build_case(None, tmp_path / "hb")
    for file in (b"../../policies/team.yml", b"/etc/passwd", b"missing.png"):
        write(root, POST, TEASER.replace(b"teaser.png", file))
        assert located(root) == [(POST, 8, 11, "ref.media")], file


def test_read_markdown_file_reports_missing_file(tmp_path):
    problems = ProblemList()
    source = read_markdown_file(str(tmp_path / "nope.md"), "nope.md", problems)
    assert not source.ok and problems.items[0].rule == "file.encoding"


def test_parse_cache_reuses_unchanged_files_and_never_serves_a_changed_one(tmp_path):
    # `mkdocs serve` keeps parses between rebuilds; a save that keeps the size and the modification
    # time (same-length edit within one clock tick) must still be read anew.
    root = build_case(None, tmp_path / "hb")
    write(root, POST, TEASER)
    cache = ParseCache()
    first = load_handbook(root, cache)
    second = load_handbook(root, cache)
    post = next(p for p in second.posts if p.slug == "teaser")
    assert post.source is next(p for p in first.posts if p.slug == "teaser").source  # reused, not re-parsed
    path = root / POST
    stat = path.stat()
    write(root, POST, TEASER.replace(b"title: Teaser", b"title: Tease!"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    changed = load_handbook(root, cache)
    assert next(p for p in changed.posts if p.slug == "teaser").title == "Tease!"


def test_parse_cache_reports_a_broken_file_on_every_load(tmp_path):
    root = build_case(None, tmp_path / "hb")
    write(root, POST, b"---\ntitle: [\n---\n")
    cache = ParseCache()
    for _ in range(2):
        assert [p.rule for p in load_handbook(root, cache).problems if p.path == POST] == ["yaml.syntax"]
