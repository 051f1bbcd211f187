"""One module per kind of handbook file: its declared shape (``schema.Shape``) and its reader.

``KINDS`` lists every kind's shapes without loading a file: the reference
(docs/reference/formats.md) is tested against them, and JSON Schemas for
editors can be generated from them. A kind with variants (a policy chapter or
a protocol) lists each.
"""

from __future__ import annotations

from ..schema import Shape
from .campaigns import CAMPAIGN
from .channels import CHANNELS
from .chapters import CHAPTER, PROTOCOL
from .insights import INSIGHT
from .posts import POST
from .quiet import QUIET
from .rota import ROTA
from .rules_file import RULES
from .settings import SETTINGS
from .team import TEAM
from .templates import TEMPLATE

# kind -> (where its files live, its shapes)
KINDS: dict[str, tuple[str, tuple[Shape, ...]]] = {
    "settings": ("calendar/settings.yml", (SETTINGS,)),
    "team": ("policies/team.yml", (TEAM,)),
    "channels": ("calendar/channels.yml", (CHANNELS,)),
    "quiet": ("calendar/quiet.yml", (QUIET,)),
    "rota": ("calendar/rota.yml", (ROTA,)),
    "rules": ("policies/rules.yml", (RULES,)),
    "campaign": ("calendar/campaigns/<id>.md", (CAMPAIGN,)),
    "post": ("content/posts/<campaign-id>/<slug>.md", (POST,)),
    "template": ("content/responses/<slug>.md", (TEMPLATE,)),
    "chapter": ("policies/<id>.md", (CHAPTER, PROTOCOL)),
    "insight": ("content/insights/<yyyy-mm-dd>-<slug>.md", (INSIGHT,)),
}
