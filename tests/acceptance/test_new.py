"""playbook new: scaffolded files validate; bad options write nothing."""

import os

import pytest
from click.testing import CliRunner
from golden_corpus import NOW, build_case

from playbook.load import load_handbook
from playbook.new import new_command
from playbook.validate import validate


@pytest.fixture
def root(tmp_path, monkeypatch):
    hb = build_case(None, tmp_path / "hb")
    monkeypatch.chdir(hb / "content")  # the handbook root is found upwards
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    return hb


def new(*args):
    return CliRunner().invoke(new_command, list(args), catch_exceptions=False)


def test_new_post_validates_clean(root):
    result = new("post", "spring-launch", "rain-test", "--title", "Rain: tested", "--channel", "instagram",
                 "--channel", "x", "--at", "2027-04-20 18:00", "--author", "ben-writer", "--flag", "pricing",
                 "--media", "teaser.png", "--alt", "A shoe in the rain", "--tag", "rain", "--evergreen",
                 "--copy", "Tested in the rain. #spring")
    assert result.exit_code == 0, result.output
    assert "created content/posts/spring-launch/rain-test.md" in result.output
    post = next(p for p in load_handbook(root).posts if p.slug == "rain-test")
    assert (post.title, post.channels, post.status, post.flags, post.evergreen) == (
        "Rain: tested", ["instagram", "x"], "draft", ["pricing"], True)
    assert post.publish_at.isoformat() == "2027-04-20T18:00:00+02:00"
    assert not [p for p in validate(root, NOW).problems if "rain-test" in p.path]


def test_new_post_keeps_an_offset_time_as_written(root):
    assert new("post", "spring-launch", "offset", "--title", "T", "--channel", "x", "--at",
               "2027-04-20T18:00-04:00", "--author", "ben-writer").exit_code == 0
    text = (root / "content/posts/spring-launch/offset.md").read_text()
    assert "publish_at: 2027-04-20T18:00-04:00\n" in text


@pytest.mark.parametrize("args, message", [
    (["--channel", "instagram", "--at", "2027-04-20 18:00"], "Instagram needs an image or video"),
    (["--channel", "twitter", "--at", "2027-04-20 18:00"], "unknown channel 'twitter'"),
    (["--channel", "x", "--at", "2027-03-28 02:30"], "does not exist in Europe/Berlin"),
    (["--channel", "x", "--at", "2027-04-20 18:00", "--flag", "cheap"], "unknown flag 'cheap'"),
    (["--channel", "x", "--at", "2027-04-20 18:00", "--media", "teaser.png"], "one --alt for every --media"),
])
def test_new_post_refuses_bad_options_and_writes_nothing(root, args, message):
    result = CliRunner().invoke(new_command, ["post", "spring-launch", "bad", "--title", "T", "--author",
                                              "ben-writer", *args])
    assert result.exit_code == 2 and message in result.output
    assert not (root / "content/posts/spring-launch/bad.md").exists()


def test_new_post_reports_problems_of_the_written_file(root):
    result = new("post", "spring-launch", "too-close", "--title", "T", "--channel", "x", "--at",
                 "2027-04-12 09:45", "--author", "ben-writer")
    assert result.exit_code == 1
    assert "time.channel-gap" in result.output
    assert (root / "content/posts/spring-launch/too-close.md").exists()


def test_new_post_never_overwrites(root):
    result = CliRunner().invoke(new_command, ["post", "spring-launch", "teaser", "--title", "T", "--channel", "x",
                                              "--at", "2027-04-20 18:00", "--author", "ben-writer"])
    assert result.exit_code == 2 and "already exists" in result.output


def test_new_response_validates_clean(root):
    result = new("response", "size-swap", "--title", "Size swap?", "--category", "question", "--channel", "x",
                 "--placeholder", "name", "--placeholder", "order_link", "--escalate-to", "care-lead",
                 "--escalate-when", "The swap failed twice", "--review-by", "2027-12-31")
    assert result.exit_code == 0, result.output
    template = load_handbook(root).templates["size-swap"]
    assert template.body.strip() == "Write the reply here. {name} {order_link}"
    assert template.escalate_to.to == "care-lead" and str(template.review_by) == "2027-12-31"
    assert not [p for p in validate(root, NOW).problems if "size-swap" in p.path]


def test_new_response_refuses_unknown_category_and_bad_placeholder(root):
    result = CliRunner().invoke(new_command, ["response", "r", "--title", "T", "--category", "questions",
                                              "--channel", "x"])
    assert result.exit_code == 2 and "did you mean 'question'?" in result.output
    result = CliRunner().invoke(new_command, ["response", "r", "--title", "T", "--category", "question",
                                              "--channel", "x", "--placeholder", "first name"])
    assert result.exit_code == 2 and "not a valid name" in result.output


def test_new_campaign_validates_clean(root):
    result = new("campaign", "summer-trail", "--title", "Summer trail", "--owner", "ana-lead", "--starts",
                 "2027-06-01", "--ends", "2027-06-30", "--channel", "instagram", "--timezone", "America/Denver",
                 "--goal", "Sell trail shoes")
    assert result.exit_code == 0, result.output
    campaign = load_handbook(root).campaigns["summer-trail"]
    assert (str(campaign.starts_date), str(campaign.ends_date), campaign.timezone.key) == (
        "2027-06-01", "2027-06-30", "America/Denver")
    assert not [p for p in validate(root, NOW).problems if "summer-trail" in p.path]
    result = CliRunner().invoke(new_command, ["campaign", "backwards", "--title", "T", "--owner", "ana-lead",
                                              "--starts", "2027-06-02", "--ends", "2027-06-01", "--channel", "x"])
    assert result.exit_code == 2 and "--ends is before --starts" in result.output


def test_new_finds_the_root_from_a_subfolder(root):
    assert os.getcwd().endswith("content")
    assert new("campaign", "c", "--title", "T", "--owner", "ana-lead", "--starts", "2027-06-01", "--ends",
               "2027-06-01", "--channel", "x").exit_code == 0
    assert (root / "calendar/campaigns/c.md").exists()


def test_free_text_that_other_yaml_readers_would_misread_is_quoted(root):
    assert new("post", "spring-launch", "no", "--title", "No", "--channel", "x", "--at", "2027-04-20 18:00",
               "--author", "ben-writer", "--tag", "on", "--tag", "trail run").exit_code == 0
    text = (root / "content/posts/spring-launch/no.md").read_text()
    assert 'title: "No"\n' in text and 'tags: ["on", trail run]\n' in text
    post = next(p for p in load_handbook(root).posts if p.slug == "no")
    assert (post.title, post.tags) == ("No", ["on", "trail run"])


@pytest.mark.parametrize("title", ["No", "on", "Yes: we ship", "9:30 sharp", "0755", "null", "Plain title"])
def test_written_text_reads_the_same_in_a_yaml_1_1_reader(root, title):
    """Teams open these files with other tools too: python-frontmatter (YAML 1.1) must read what we do."""
    import frontmatter

    assert new("post", "spring-launch", "portable", "--title", title, "--channel", "x", "--at",
               "2027-04-20 18:00", "--author", "ben-writer", "--tag", title).exit_code == 0
    path = root / "content/posts/spring-launch/portable.md"
    ours = next(p for p in load_handbook(root).posts if p.slug == "portable")
    theirs = frontmatter.loads(path.read_text())
    assert ours.title == theirs["title"] == title
    assert ours.tags == theirs["tags"] == [title]


def test_new_post_warns_of_a_lead_time_that_can_no_longer_be_met(root):
    """Legal needs 3 days for pricing posts; a post created 22 hours ahead cannot get that review in time."""
    rules = root / "policies/rules.yml"
    rules.write_text(rules.read_text().replace("lead_times:", "  flags:\n    pricing: [{any: [legal]}]\nlead_times:"))
    brief = root / "calendar/campaigns/spring-launch.md"
    brief.write_text(brief.read_text().replace("starts: 2027-04-01", "starts: 2027-02-01"))
    # NOW is 2027-03-01 00:00 UTC, 01:00 in Berlin: 22 hours later is 23:00.
    result = new("post", "spring-launch", "flash-sale", "--title", "Flash sale", "--channel", "x", "--at",
                 "2027-03-01 23:00", "--author", "ben-writer", "--flag", "pricing", "--copy", "Half price today.")
    assert result.exit_code == 0, result.output  # a warning while it is a draft
    assert "created content/posts/spring-launch/flash-sale.md" in result.output
    assert "warning: legal must approve 3d before publish_at, by Fri 2027-02-26 23:00 (Europe/Berlin)" in \
        result.output
    assert "[time.lead]" in result.output and "move publish_at to Thu 2027-03-04 01:00 (Europe/Berlin)" in \
        result.output
