"""Reading content/metrics/*.csv: what is counted, what is refused, and where problems point."""

from datetime import date

import pytest
from golden_corpus import NOW, build_case

from playbook.kinds import metrics as reader
from playbook.load import load_handbook
from playbook.validate import validate

HEADER = "date,channel,post,impressions,reach,engagements,followers\n"


@pytest.fixture
def root(tmp_path):
    hb = build_case(None, tmp_path / "hb")
    (hb / "content/metrics").mkdir()
    return hb


def write(root, text, name="april.csv"):
    (root / "content/metrics" / name).write_bytes(text.encode("utf-8"))


def found(root):
    return [(p.path.rsplit("/", 1)[-1], p.line, p.column, p.rule) for p in validate(root, NOW).problems]


def test_rows_are_read_with_their_counts_and_matched_to_posts(root):
    write(root, "\ufeff" + HEADER.replace("reach,", "") +  # a BOM, a column left out, CRLF lines
          "2027-04-05,instagram,spring-launch/teaser,5210,388,\r\n"
          "\r\n"
          "2027-04-05,instagram,,,,1200\r\n")
    handbook = load_handbook(root)
    assert not handbook.problems
    post_row, account_row = handbook.metrics
    assert (post_row.day, post_row.channel, post_row.counts) == (
        date(2027, 4, 5), "instagram", {"impressions": 5210, "engagements": 388})
    assert post_row.target.id == "spring-launch/teaser" and post_row.line == 2
    assert account_row.is_account and account_row.counts == {"followers": 1200} and account_row.line == 4


def test_columns_may_come_in_any_order_and_cells_may_be_quoted(root):
    write(root, 'post,impressions,channel,date\n"spring-launch/teaser","5210",instagram,2027-04-06\n')
    assert found(root) == []
    assert load_handbook(root).metrics[0].counts == {"impressions": 5210}


def test_a_quoted_comma_does_not_shift_the_column_of_later_cells(root):
    write(root, 'date,channel,post,impressions\n2027-04-05,instagram,"spring-launch/a,b",5\n')
    assert found(root) == [("april.csv", 2, 22, "metrics.post")]


def test_followers_on_a_post_row_are_refused(root):
    write(root, HEADER + "2027-04-05,instagram,spring-launch/teaser,1,1,1,99\n")
    assert found(root) == [("april.csv", 2, 49, "metrics.format")]


def test_a_row_spanning_lines_and_an_open_quote_are_located(root):
    write(root, 'date,channel,post,impressions\n2027-04-05,instagram,"spring\nlaunch",5\n'
                '2027-04-06,instagram,spring-launch/teaser,5\n')
    assert found(root) == [("april.csv", 2, 1, "metrics.format")]
    write(root, 'date,channel,post,impressions\n2027-04-05,instagram,"spring-launch/teaser,5\n'
                + "2027-04-06,instagram,spring-launch/teaser,5\n" * 3)
    problems = found(root)
    assert [p[3] for p in problems] == ["metrics.format"] and problems[0][1] == 2


def test_a_file_without_a_header_or_required_columns_is_one_problem(root):
    write(root, "")
    write(root, "date,channel,impressions\n2027-04-05,instagram,5\n", "may.csv")
    assert found(root) == [("april.csv", 1, 1, "metrics.format"), ("may.csv", 1, 1, "metrics.format")]


def test_limits_on_rows_cells_and_bytes(root, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    write(root, HEADER + "2027-04-05,instagram,,,,,1\n" * 4)
    assert found(root) == [("april.csv", 5, 1, "metrics.format")]
    monkeypatch.setattr(reader, "MAX_CELL", 10)
    write(root, HEADER + "2027-04-05,instagram,spring-launch/teaser,1,,,\n")
    assert found(root) == [("april.csv", 2, 22, "metrics.format")]
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    write(root, HEADER + "2027-04-05,instagram,,,,,1\n" * 10)
    assert found(root) == [("april.csv", 1, 1, "file.encoding")]


def test_invalid_utf8_and_control_characters_are_file_problems(root):
    (root / "content/metrics/april.csv").write_bytes(HEADER.encode() + b"2027-04-05,instagram,\xff,1,,,\n")
    assert found(root) == [("april.csv", 2, 22, "file.encoding")]


def test_competitor_rows(root):
    write(root, "date,competitor,channel,followers,posts,engagements\n"
                "2027-04-30,Pacer,instagram,51000,12,8800\n2027-04-30,,instagram,1,1,1\n", "competitors.csv")
    handbook = load_handbook(root)
    assert [(r.competitor, r.counts["followers"]) for r in handbook.competitors] == [("Pacer", 51000)]
    assert [(p.line, p.column, p.rule) for p in handbook.problems] == [(3, 12, "metrics.format")]


def test_an_impossible_date_is_a_format_problem(root):
    write(root, HEADER + "2027-02-30,instagram,,,,,1\n")
    assert found(root) == [("april.csv", 2, 1, "metrics.format")]
