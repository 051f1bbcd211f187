"""A post's status badge on every page: held, and 'time passed' for a post still waiting after its time."""

from datetime import timedelta

from paths import REPO

from playbook import model as m
from playbook.load import load_handbook
from playbook.site.widgets import status


def test_a_post_waiting_after_its_time_says_so_and_a_published_one_never_does():
    posts = load_handbook(REPO).posts
    waiting = next(p for p in posts if p.status is m.PostStatus.IN_REVIEW and not p.is_held)
    published = next(p for p in posts if p.status is m.PostStatus.PUBLISHED)
    assert "time passed" in status(waiting, waiting.publish_at + timedelta(minutes=1))
    assert "time passed" not in status(waiting, waiting.publish_at - timedelta(minutes=1))
    assert "time passed" not in status(waiting)  # no build time: nothing to compare with
    assert "time passed" not in status(published, published.publish_at + timedelta(days=1))
