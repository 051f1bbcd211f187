"""Generate a handbook of N posts for the benchmarks, in one of two profiles.

* ``realistic`` (the default): posts like the example handbook's, at a large
  team's pace (about nine posts a day, so 10,000 posts are three years of
  history with the last year planned ahead): one to three channels per post,
  copy with emoji, curly quotes and accents, review terms in some copy,
  flags, media with alt text, valid approvals with digests, published,
  approved, in-review, draft, held and cancelled posts, a new campaign every
  few days, quiet periods and hold windows.
* ``synthetic``: the first benchmark handbook: 200 plain-ASCII posts per
  campaign on one channel each, no approvals, every campaign in the same
  200 days (so month pages are dense).

Either handbook validates without errors or warnings at ``reference_now``, so
a strict site build succeeds.

    python benchmarks/synth.py ROOT [--posts 10000] [--profile realistic|synthetic]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

PROFILES = ("realistic", "synthetic")
CHANNELS = ("instagram", "x", "linkedin", "facebook", "tiktok")
CATEGORIES = ("question", "complaint", "praise", "crisis", "outage")
WORDS = ("run", "trail", "road", "pace", "stride", "mile", "sole", "grip", "light", "fast", "city", "dawn",
         "rain", "club", "race", "step", "spring", "fresh", "bold", "calm")
POSTS_PER_CAMPAIGN = 200
START = date(2030, 1, 1)


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(root: Path, posts: int = 10_000, seed: int = 1, profile: str = "realistic") -> Path:
    """Write a handbook of ``posts`` posts under ``root`` (see the module docstring) and return ``root``."""
    if profile == "synthetic":
        return _synthetic(Path(root), posts, seed)
    if profile == "realistic":
        return _realistic(Path(root), posts, seed)
    raise ValueError(f"unknown profile {profile!r}: {', '.join(PROFILES)}")


def reference_now(profile: str, posts: int) -> datetime:
    """The 'now' at which the profile's handbook is clean (nothing missed, nothing published ahead)."""
    if profile == "synthetic":
        return datetime(2029, 12, 30, 12, tzinfo=timezone.utc)  # just before its calendar starts
    return datetime.combine(_real_start() + timedelta(days=_real_history_days(posts)), datetime.min.time(), NY)



# -- the realistic profile -------------------------------------------------------------------------------

NY = ZoneInfo("America/New_York")
LONGEST_LEAD = timedelta(days=4)  # beyond the longest lead time in the profile's rules.yml (legal: 3 days)
POSTS_PER_DAY = 9  # a large team across five channels
REAL_START = date(2027, 1, 4)
REAL_CHANNELS = {  # id: (name, icon, max_chars, url_length, media, max_media, max_hashtags, max_per_day, min_gap)
    "instagram": ("Instagram", "instagram", 2200, "null", "required", 10, 5, 6, "90m"),
    "tiktok": ("TikTok", "music-note", 2200, "null", "required", 1, 5, 3, "3h"),
    "x": ("X", "alpha-x-box", 280, "23", "optional", 4, 3, 10, "45m"),
    "linkedin": ("LinkedIn", "linkedin", 3000, "null", "optional", 9, 3, 3, "3h"),
    "facebook": ("Facebook", "facebook", 63206, "null", "optional", 10, 5, 6, "90m"),
}
CHANNEL_WEIGHTS = {"instagram": 5, "facebook": 4, "x": 5, "linkedin": 2, "tiktok": 2}
GAP_MINUTES = {"instagram": 90, "tiktok": 180, "x": 45, "linkedin": 180, "facebook": 90}
PEOPLE = (  # id, name, roles
    ("maya-okafor", "Maya Okafor", "social-lead, editor"), ("hana-sato", "Hana Sato", "social-lead, editor"),
    ("tomas-ruiz", "Tomás Ruiz", "social-lead"), ("dev-raman", "Dev Raman", "editor, community"),
    ("zoe-martin", "Zoë Martin", "editor"), ("kwame-asante", "Kwame Asante", "editor"),
    ("lena-fischer", "Lena Fischer", "editor, community"), ("sam-oduya", "Sam Oduya", "editor"),
    ("lucia-ferreira", "Lucia Ferreira", "community"), ("jamal-whitfield", "Jamal Whitfield", "community"),
    ("priya-natarajan", "Priya Natarajan", "legal"), ("ines-duarte", "Inês Duarte", "legal"),
    ("owen-blake", "Owen Blake", "brand"), ("renee-marchand", "Renée Marchand", "brand, comms-director"),
)
AUTHORS = ("maya-okafor", "hana-sato", "dev-raman", "zoe-martin", "kwame-asante", "lena-fischer", "sam-oduya")
PRODUCTS = ("Pacer 3", "Commons Low", "Commons Mid", "Ridgeback", "Frostline", "Tempo Racer", "Harbor Trainer")
THEMES = ("spring launch", "trail week", "back to school", "marathon season", "holiday drive", "summer nights",
          "run club tour", "new year miles", "city 10k", "recovery month")
OPENERS = (
    "It’s here: the {product} in a colour we’ve been keeping quiet since spring 👟",
    "Early start? Same. The {product} was made for mornings like this ☀️",
    "“Lighter than it looks” is what every tester said about the {product}.",
    "Ready, set, café ☕ Our run club meets at the Zürich Street store at 7 — all paces welcome 🏃‍♀️",
    "Cold miles ahead ❄️ The {product} grips on wet leaves, slush and cobblestones.",
    "Three years of Laces Forward: 12,400 pairs passed on to young runners 🙌",
    "Your first 5K doesn’t need a plan — but it helps. Here’s ours, week by week.",
    "We asked 200 runners what they wanted from the {product}. Here’s what changed.",
    "Naïve question, honest answer: why does the {product} cost what it costs?",
    "New drop 🔥 The {product} “Night” is out today in stores and online.",
)
MIDDLES = (
    "Softer foam under the heel, a firmer ride under the toes, and a knit upper that dries in an hour.",
    "Every pair is tested for 500 miles on the road before it reaches a shelf.",
    "Reflective heel tabs, a rockered sole and laces that stay tied — even in the rain 🌧️",
    "Made with 30% recycled rubber from returned pairs; the rest is natural rubber from one co‑op.",
    "Try them on in any store: our team will watch you run and suggest a size, no strings attached.",
    "Join us on Saturday: 5 or 10 km, coffee after, and a pacer for every group 🏁",
    "Sizes 5 to 15, regular and wide, in four colours: Night, Chalk, Brick and Moss.",
    "Ask in the comments: our community team answers every question before the weekend.",
    "Thanks to Harbor Street Run Club, Café Lumière and the 1,200 of you who signed up ❤️",
    "Tag the friend who always says “one more mile” 👇",
)
TERM_LINES = (
    "A limited edition of 2,000 pairs, numbered inside the tongue.",
    "Free shipping on every order this week in the contiguous US.",
    "Available while supplies last in selected stores.",
)
HASHTAGS = ("#StrideRun", "#RunClub", "#Pacer3", "#TrailWeek", "#LacesForward", "#MorningMiles", "#RunWithUs")
ALTS = (
    "A {product} in Night on wet asphalt at dawn, the reflective heel tab catching a street light.",
    "Three runners in Stride jackets laughing at a crossing, steam rising from a café behind them.",
    "Close-up of the {product} outsole pressed into snow, the lug pattern sharp.",
    "A chalkboard sign outside the store: “Run club 7 am — all paces welcome”.",
    "A pile of donated running shoes in a cardboard bin labelled Laces Forward.",
    "Flat lay: a {product}, merino socks and a gift card on brown paper.",
)
TITLES = ("{product}: {theme} kickoff", "{theme} — week {n}", "“{product}” in Night", "Run club: {theme}",
          "{product} Q&A", "Laces Forward update №{n}", "{theme}: what’s new", "Behind the {product}")


def _real_start() -> date:
    return REAL_START


def _real_days(posts: int) -> int:
    return max(30, -(-posts // POSTS_PER_DAY) + 2)


def _real_history_days(posts: int) -> int:
    """Two thirds of the calendar lie in the past: published or cancelled."""
    return _real_days(posts) * 2 // 3


def _quiet_days(days: int) -> set[date]:
    """Whole days that calendar/quiet.yml keeps free of posts (a remembrance day and a company holiday)."""
    out = set()
    for year in range(REAL_START.year, REAL_START.year + days // 365 + 2):
        out |= {date(year, 9, 11), date(year, 12, 25)}
    return out


def _yaml_list(items) -> str:
    return "[" + ", ".join(items) + "]"


def _real_config(root: Path, posts: int, campaigns: list[dict], now: datetime) -> None:
    days = _real_days(posts)
    (root / "calendar/settings.yml").write_text(
        "# Calendar-wide settings.\nsite_name: Stride social handbook\ntimezone: America/New_York\n"
        "site_url: https://social.bench.example/\ndomain: social.bench.example\nfeed_past_days: 120\n"
        "feed_refresh: 6h\n", encoding="utf-8")
    channels = ["# Channel rules for a large team.", "channels:"]
    for cid, (name, icon, chars, url, media, max_media, tags, per_day, gap) in REAL_CHANNELS.items():
        channels += [f"  {cid}:", f"    name: {name}", f"    icon: {icon}", f"    max_chars: {chars}",
                     f"    url_length: {url}", "    count: graphemes", f"    media: {media}",
                     f"    max_media: {max_media}", "    alt_text: true", f"    max_hashtags: {tags}",
                     f"    max_per_day: {per_day}", f"    min_gap: {gap}"]
    (root / "calendar/channels.yml").write_text("\n".join(channels) + "\n", encoding="utf-8")
    windows = ["# Quiet periods and holds.", "windows:"]
    for day in sorted(_quiet_days(days)):
        windows += [f"  - start: {day} 00:00", f"    end: {day + timedelta(days=1)} 00:00", "    channels: all",
                    "    kind: quiet", "    reason: No brand posts today; replies to customers continue as normal."]
    first_hold = now.date() + timedelta(days=10)
    for k in range(3):  # holds ahead of now: posts in them are held
        day = first_hold + timedelta(days=45 * k)
        windows += [f"  - start: {day} 09:00", f"    end: {day + timedelta(days=2)} 00:00",
                    "    channels: [instagram, tiktok]", "    kind: hold",
                    "    reason: >-", "      Quality is investigating reports about one production batch; hold "
                    "promotional posts", "      on Instagram and TikTok until the supplier review closes."]
    (root / "calendar/quiet.yml").write_text("\n".join(windows) + "\n", encoding="utf-8")
    roles = {"social-lead": "Social lead", "editor": "Editor", "community": "Community", "legal": "Legal",
             "brand": "Brand", "comms-director": "Communications director"}
    team = ["# People and roles.", "roles:"]
    team += [f"  {rid}:\n    name: {name}\n    description: {name} of the social team." for rid, name in roles.items()]
    team.append("people:")
    for pid, name, held in PEOPLE:
        team += [f"  - id: {pid}", f"    name: {name}", f"    email: {pid}@stride.example",
                 f"    roles: [{held}]", "    timezone: America/New_York"]
    (root / "policies/team.yml").write_text("\n".join(team) + "\n", encoding="utf-8")
    brand_campaigns = "".join(f"    {c['id']}: [{{any: [brand]}}]\n" for c in campaigns[::10])
    (root / "policies/rules.yml").write_text(
        "approvals:\n  default: [{any: [social-lead]}]\n  channels:\n    tiktok: [{any: [brand]}]\n"
        "  flags:\n    pricing: [{all: [legal, brand]}]\n    contest: [{any: [legal]}]\n"
        "    partnership: [{any: [brand]}]\n    health-claim: [{any: [legal]}]\n    ugc: [{any: [community]}]\n"
        "  terms:\n    limited edition: [{any: [brand]}]\n    free shipping: [{any: [legal]}]\n"
        "    while supplies last: [{any: [legal]}]\n"
        f"  campaigns:\n{brand_campaigns}"
        "  templates: [{any: [social-lead]}]\n  policies: [{any: [legal]}]\n"
        "lead_times:\n  legal: 3d\n  brand: 1d\n  social-lead: 2h\nseparation_of_duties: true\n"
        "response_targets:\n  question: 4h\n  complaint: 1h\n  praise: 1d\n  crisis: 15m\n  outage: 30m\n"
        "categories: []\nflags: [ugc]\nforbidden_terms:\n"
        "  - term: guarantee\n    hint: We cannot promise outcomes.\n"
        "  - term: cure\n    hint: No medical claims.\n  - term: best ever\n    hint: Superlatives need proof.\n"
        "  - term: risk-free\n    hint: Name the actual terms instead.\n"
        "rules:\n  time.missed: {severity: warning, grace: 1h}\n  review.overdue: {warn_within: 14d}\n",
        encoding="utf-8")


def _campaign_plan(rng: random.Random, posts: int) -> list[dict]:
    """A new campaign every few days (about 40 posts each), each running three to seven weeks (about seven
    at a time), planned well past the last post (the schedule drops the campaigns it does not reach)."""
    every = max(1.0, 40 / POSTS_PER_DAY)
    plan = []
    for i in range(int(_real_days(posts) * 2 / every) + 1):
        first = REAL_START + timedelta(days=int(i * every))
        length = rng.randint(21, 49)
        theme = THEMES[i % len(THEMES)]
        plan.append({"id": f"{theme.replace(' ', '-')}-{i:04d}", "title": f"{theme.capitalize()} — {first:%B %Y}",
                     "starts": first, "ends": first + timedelta(days=length - 1), "theme": theme,
                     "product": PRODUCTS[i % len(PRODUCTS)]})
    return plan


def _brief(rng: random.Random, c: dict) -> str:
    return (f"## What it is\n\n{c['theme'].capitalize()} around the {c['product']}: {rng.choice(MIDDLES)} "
            f"{rng.choice(MIDDLES)}\n\n## Audience\n\n- Runners who follow us on Instagram and X\n"
            f"- New customers who found the {c['product']} in a store\n\n## Key messages\n\n"
            f"1. {rng.choice(MIDDLES)}\n2. {rng.choice(MIDDLES)}\n\n## Tone\n\nWarm, plain, a little dry. "
            "No superlatives we cannot prove; say what changed.\n")


def _copy(rng: random.Random, c: dict, short: bool) -> str:
    product = c["product"]
    lines = [rng.choice(OPENERS).format(product=product)]
    if rng.random() < 0.15:
        lines.append(rng.choice(TERM_LINES))
    if short:
        lines.append(f"https://stride.example/{c['id'][:20]}")
    else:
        lines += [rng.choice(MIDDLES) for _ in range(rng.randint(1, 4))]
        lines.append("Shop at stride.example (link in bio).")
    lines.append(" ".join(rng.sample(HASHTAGS, rng.randint(1, 3))))
    return ("\n" if short else "\n\n").join(lines)


def _media_files(root: Path, rng: random.Random, c: dict) -> list[str]:
    (root / "content/media" / c["id"]).mkdir(parents=True, exist_ok=True)
    (root / "content/posts" / c["id"]).mkdir(parents=True, exist_ok=True)
    names = []
    for k in range(6):
        name = f"{c['id']}/image-{k + 1}.png"
        (root / "content/media" / name).write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randint(1500, 4000)))
        names.append(name)
    return names


class _Slots:
    """Channel caps and gaps as channels.yml sets them, so the schedule never breaks them."""

    def __init__(self):
        self.last: dict[str, datetime] = {}
        self.per_day: dict[tuple[str, date], int] = {}

    def fits(self, channels, when: datetime) -> bool:
        for cid in channels:
            if self.per_day.get((cid, when.date()), 0) >= REAL_CHANNELS[cid][7]:
                return False
            last = self.last.get(cid)
            if last is not None and when - last < timedelta(minutes=GAP_MINUTES[cid]):
                return False
        return True

    def take(self, channels, when: datetime) -> None:
        for cid in channels:
            self.last[cid] = when
            self.per_day[(cid, when.date())] = self.per_day.get((cid, when.date()), 0) + 1


def _status(rng: random.Random, past: bool) -> str:
    if past:
        return "published" if rng.random() < 0.96 else "cancelled"
    return rng.choices(("approved", "in-review", "draft", "held", "cancelled"), (35, 25, 30, 5, 5))[0]


def _realistic(root: Path, posts: int, seed: int) -> Path:
    rng = random.Random(seed)
    for folder in ("calendar/campaigns", "content/posts", "content/responses", "content/media", "policies", "docs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    now = reference_now("realistic", posts)
    campaigns = _campaign_plan(rng, posts)
    media: dict[str, list[str]] = {}
    slots, quiet = _Slots(), _quiet_days(_real_days(posts))
    day, made, today = REAL_START, 0, 0
    weights = list(CHANNEL_WEIGHTS.values())
    while made < posts:
        if day in quiet or today >= POSTS_PER_DAY:
            day, today = day + timedelta(days=1), 0
            continue
        c = rng.choice([c for c in campaigns if c["starts"] <= day <= c["ends"]])
        if c["id"] not in media:
            media[c["id"]] = _media_files(root, rng, c)
        channels = sorted(set(rng.choices(list(CHANNEL_WEIGHTS), weights, k=rng.choice((1, 1, 2, 2, 3)))))
        when = None
        for _ in range(12):
            minute = rng.randrange(7 * 60, 21 * 60 + 30, 15)
            candidate = datetime.combine(day, datetime.min.time(), NY) + timedelta(minutes=minute)
            if slots.fits(channels, candidate):
                when = candidate
                break
        if when is None:
            today += 1  # the day is filling up: fewer posts than planned today
            continue
        slots.take(channels, when)
        today += 1
        past = when < now
        status = _status(rng, past)
        if not past and when < now + LONGEST_LEAD and status in ("in-review", "draft", "held"):
            status = "approved"  # what goes out within the longest lead time is approved, as on a real team
        flags = [f for f, p in (("pricing", .12), ("contest", .04), ("partnership", .08), ("health-claim", .03),
                                ("ugc", .05)) if rng.random() < p]
        needs_media = "instagram" in channels or "tiktok" in channels
        count = (1 if "tiktok" in channels else rng.randint(1, 4)) if needs_media else \
            (rng.randint(1, 2) if rng.random() < 0.4 else 0)
        items = "".join(f"  - file: {name}\n    alt: \"{rng.choice(ALTS).format(product=c['product'])}\"\n"
                        for name in rng.sample(media[c["id"]], count))
        title = rng.choice(TITLES).format(product=c["product"], theme=c["theme"].capitalize(), n=made % 9 + 1)
        publish = f"{when:%Y-%m-%d %H:%M}" if rng.random() < 0.9 else when.isoformat(timespec="minutes")
        channel = channels[0] if len(channels) == 1 and rng.random() < 0.5 else f"[{', '.join(channels)}]"
        text = (f"---\ntitle: \"{title}\"\nchannel: {channel}\npublish_at: {publish}\n"
                f"author: {rng.choice(AUTHORS)}\nstatus: {status}\n"
                + ("evergreen: true\n" if rng.random() < 0.2 else "")
                + (f"flags: [{', '.join(flags)}]\n" if flags else "")
                + (f"media:\n{items}" if items else "")
                + f"tags: [{c['theme'].split()[0]}, {rng.choice(('launch', 'community', 'sale', 'tips'))}]\n"
                + "# approvals\n---\n" + _copy(rng, c, "x" in channels) + "\n")
        (root / "content/posts" / c["id"] / f"post-{made:05d}.md").write_text(text, encoding="utf-8")
        made += 1
    campaigns = [c for c in campaigns if c["id"] in media]
    _real_config(root, posts, campaigns, now)
    for c in campaigns:
        status = "done" if c["ends"] < now.date() else "active" if c["starts"] <= now.date() else "planned"
        (root / f"calendar/campaigns/{c['id']}.md").write_text(
            f"---\ntitle: {c['title']}\nowner: {rng.choice(AUTHORS[:2])}\nstarts: {c['starts']}\nends: {c['ends']}\n"
            f"status: {status}\nchannels: [{', '.join(REAL_CHANNELS)}]\ngoals:\n  - 5,000 pairs collected for "
            f"youth running programmes\n  - Revenue up 8% on last year without deeper discounts\n"
            f"tags: [{c['theme'].split()[0]}]\n---\n\n{_brief(rng, c)}", encoding="utf-8")
    for i in range(60):
        category = CATEGORIES[i % len(CATEGORIES)]
        (root / f"content/responses/reply-{i:02d}.md").write_text(
            f"---\ntitle: “{rng.choice(PRODUCTS)}” — {category} reply {i}\ncategory: {category}\n"
            f"channels: [instagram, x, facebook]\nwho_may_send: {'everyone' if i % 3 else 'community'}\n"
            f"escalate_to:\n  to: legal\n  when: If they mention an injury or a lawyer.\n"
            f"placeholders: [name]\nreview_by: {now.date() + timedelta(days=200 + i)}\ntags: [{category}]\n"
            f"# approvals\n---\n{{name}}, thanks for writing — {rng.choice(MIDDLES)} We’ll reply by DM today 🙏\n",
            encoding="utf-8")
    for i, (ident, title) in enumerate((("social-media-policy", "Social media policy"),
                                        ("practitioner-guide", "Practitioner guide"),
                                        ("voice-and-tone", "Voice and tone"), ("accessibility", "Accessibility"),
                                        ("community-guidelines", "Community guidelines"),
                                        ("privacy", "Privacy and data"))):
        sections = "".join(f"## {rng.choice(THEMES).capitalize()} rule {k + 1}\n\n{rng.choice(MIDDLES)} "
                           f"{rng.choice(MIDDLES)}\n\n- {rng.choice(MIDDLES)}\n- {rng.choice(MIDDLES)}\n\n"
                           for k in range(8))
        (root / f"policies/{ident}.md").write_text(
            f"---\ntitle: {title}\naudience: {'everyone' if i % 2 == 0 else 'practitioners'}\nowner: renee-marchand\n"
            f"version: \"2.{i}\"\neffective: {REAL_START - timedelta(days=30)}\n"
            f"review_by: {now.date() + timedelta(days=300)}\norder: {i + 1}\n# approvals\n---\n\n"
            f"This chapter is for everyone who posts for Stride.\n\n{sections}", encoding="utf-8")
    _approve(root, rng, now)
    return root


def _approve(root: Path, rng: random.Random, now: datetime) -> None:
    """Record approvals as `playbook approve` would: valid digests, by role holders, before each lead time."""
    from playbook import approvals as ap  # noqa: PLC0415 - the generator needs the package only here
    from playbook.load import load_handbook  # noqa: PLC0415

    handbook = load_handbook(root)
    assert not handbook.problems, handbook.problems[:3]
    items = list(handbook.posts) + list(handbook.templates.values()) + list(handbook.chapters.values())
    for item in items:
        status = getattr(item, "status", "approved")
        steps = ap.required_steps(handbook, item)
        if status == "draft" or (status == "cancelled" and rng.random() < 0.5):
            steps = []
        elif status == "in-review":
            steps = steps[:1]
        digest = ap.content_digest(handbook, item)
        author = ap.author_of(item)
        lines = []
        for step in steps:
            roles = step.roles if step.mode == "all" else step.roles[:1]
            for role in roles:
                holders = [p for p in handbook.team.holders(role) if p.id != author]
                publish = getattr(item, "publish_at", now)
                at = min(publish - ap.lead_time(handbook, role), now) - timedelta(hours=rng.randint(1, 72))
                lines += [f"  - by: {rng.choice(holders).id}", f"    role: {role}",
                          f"    at: {at.astimezone(NY).isoformat(timespec='seconds')}", f"    digest: {digest}"]
        path = root / item.source.path
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("# approvals\n", "approvals:\n" + "\n".join(lines) + "\n" if lines else "", 1),
                        encoding="utf-8")


# -- the synthetic profile -------------------------------------------------------------------------------

def _synthetic(root: Path, posts: int, seed: int) -> Path:
    rng = random.Random(seed)
    root = Path(root)
    for folder in ("calendar/campaigns", "content/posts", "content/responses", "content/media", "policies", "docs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "calendar/settings.yml").write_text(
        "site_name: Synthetic handbook\ntimezone: America/New_York\nsite_url: https://bench.example/\n"
        "domain: bench.example\nfeed_past_days: 90\nfeed_refresh: 6h\n")
    channels = "".join(
        f"  {c}:\n    name: {c.title()}\n    max_chars: 3000\n    media: optional\n    max_hashtags: 10\n"
        f"    max_per_day: 100\n    min_gap: 1m\n" for c in CHANNELS)
    (root / "calendar/channels.yml").write_text("channels:\n" + channels)
    (root / "calendar/quiet.yml").write_text(
        "windows:\n  - start: 2029-12-24\n    end: 2029-12-26\n    channels: all\n    reason: Holidays\n")
    people = "".join(f"  - id: person-{i}\n    name: Person {i}\n    email: p{i}@bench.example\n"
                     f"    roles: [{'social-lead' if i % 2 else 'editor'}]\n" for i in range(8))
    (root / "policies/team.yml").write_text(
        "roles:\n  social-lead: {name: Social lead}\n  editor: {name: Editor}\n  legal: {name: Legal}\n"
        "people:\n" + people)
    (root / "policies/rules.yml").write_text(
        "approvals:\n  default: [{any: [social-lead]}]\nlead_times:\n  social-lead: 2h\n"
        "response_targets:\n" + "".join(f"  {c}: 1h\n" for c in CATEGORIES) +
        "forbidden_terms:\n  - guarantee\n  - cure\n")
    for i in range(4):
        (root / f"policies/chapter-{i}.md").write_text(
            f"---\ntitle: Chapter {i}\naudience: {'everyone' if i % 2 else 'practitioners'}\nowner: person-1\n"
            f"version: \"1.{i}\"\neffective: 2029-01-01\nreview_by: 2099-01-01\norder: {i}\n---\n"
            f"# Rules\n\n{_words(rng, 200)}\n")
    (root / "content/media/shared.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for i in range(50):
        category = CATEGORIES[i % len(CATEGORIES)]
        (root / f"content/responses/template-{i}.md").write_text(
            f"---\ntitle: Template {i} {_words(rng, 3)}\ncategory: {category}\nchannels: [x, instagram]\n"
            f"who_may_send: everyone\nplaceholders: [name]\nreview_by: 2099-01-01\n---\n"
            f"Hi {{name}}, {_words(rng, 30)}\n")
    campaigns = max(1, -(-posts // POSTS_PER_CAMPAIGN))
    made = 0
    for c in range(campaigns):
        cid = f"campaign-{c}"
        (root / f"calendar/campaigns/{cid}.md").write_text(
            f"---\ntitle: Campaign {c}\nowner: person-1\nstarts: {START}\n"
            f"ends: {START + timedelta(days=POSTS_PER_CAMPAIGN + 1)}\nstatus: planned\n"
            f"channels: [{', '.join(CHANNELS)}]\ngoals: [{_words(rng, 2)}]\n---\n{_words(rng, 80)}\n")
        folder = root / "content/posts" / cid
        folder.mkdir(exist_ok=True)
        for p in range(min(POSTS_PER_CAMPAIGN, posts - made)):
            day = START + timedelta(days=p + 1)
            channel = CHANNELS[(c + p) % len(CHANNELS)]
            hour, minute = 8 + c % 12, (c * 7) % 60
            media = "media:\n  - file: shared.png\n    alt: A shoe\n" if p % 3 == 0 else ""
            (folder / f"post-{p}.md").write_text(
                f"---\ntitle: {_words(rng, 4).capitalize()}\nchannel: {channel}\n"
                f"publish_at: {day} {hour:02d}:{minute:02d}\nauthor: person-{(c + p) % 8}\n"
                f"status: {'draft' if p % 2 else 'in-review'}\nevergreen: {'true' if p % 4 == 0 else 'false'}\n"
                f"tags: [{_words(rng, 1)}]\n{media}---\n{_words(rng, 25).capitalize()}. #stride\n")
            made += 1
    return root



def parse_floor(root: Path) -> int:
    """The least any validator must do: read every handbook file and parse its YAML with PyYAML's CSafeLoader.

    Every benchmark prints its figures as a ratio to this floor, measured in the same run on the same
    files, so a busy machine slows both sides alike.
    """
    import yaml  # noqa: PLC0415 - only the benchmarks need PyYAML's C loader

    count = 0
    for top in ("content", "calendar", "policies"):
        for path in sorted(Path(root, top).rglob("*")):
            if path.suffix == ".md":
                text = path.read_text(encoding="utf-8")
                yaml.load(text.split("---\n", 2)[1], Loader=yaml.CSafeLoader)
                count += 1
            elif path.suffix == ".yml":
                yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return count


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds of one measurement.

    The benchmark machine is shared: other processes stretch wall-clock time unevenly between two
    measurements, while the CPU time a process spends is what it costs. Ratios are taken on CPU time;
    wall time is printed beside it.
    """

    wall: float
    cpu: float

    def ratio(self, floor: Timing) -> float:
        return self.cpu / floor.cpu


def verdict(met: bool) -> str:
    """How a target line ends: a reader of `make bench` sees at once which goals this run missed."""
    return "met" if met else "MISSED"


def best_of(runs: int, fn, *args) -> tuple[Timing, object]:
    """The fastest of ``runs`` calls of ``fn(*args)`` (wall and CPU time of this process), and the last result."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn(*args)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return Timing(wall, cpu), result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--profile", choices=PROFILES, default="realistic")
    args = parser.parse_args()
    generate(args.root, args.posts, profile=args.profile)
    print(f"{args.posts} {args.profile} posts in {args.root}; clean at {reference_now(args.profile, args.posts)}")
