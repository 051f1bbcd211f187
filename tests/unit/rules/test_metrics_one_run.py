"""Every problem of a metrics row in one run: a bad number does not hide an unknown post on the same row."""

from golden_corpus import NOW, build_case

from playbook.validate import validate


def test_a_bad_number_and_an_unknown_post_on_one_row_are_both_reported(tmp_path):
    root = build_case(None, tmp_path / "hb")
    metrics = root / "content/metrics"
    metrics.mkdir(parents=True, exist_ok=True)
    header = "date,channel,post,impressions,reach,engagements,clicks,shares,comments,saves,video_views,followers\n"
    (metrics / "2027-04.csv").write_text(header + '2027-04-20,instagram,spring-launch/no-such-post,5000,4000,"1,2k",'
                                         "10,5,3,2,,\n", encoding="utf-8")
    rules = {p.rule for p in validate(root, NOW).problems if p.path == "content/metrics/2027-04.csv"}
    assert {"metrics.number", "metrics.post"} <= rules
