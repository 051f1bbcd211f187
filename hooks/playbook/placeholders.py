"""`{name}` slots in response templates: what a slot looks like, shared by `playbook new` and content.placeholder."""

from __future__ import annotations

import re

# One token at a time, left to right: an escaped brace, a {slot}, or a lone brace.
TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
PLACEHOLDER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
# In post copy only something that looks like a template slot is suspicious:
# braces themselves may be meant.
POST_SLOT = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_-]*)\}(?!\})")
