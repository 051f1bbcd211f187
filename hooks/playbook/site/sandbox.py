"""The Jinja environment mkdocs-macros renders hand-written docs/ pages with: sandboxed and strict.

mkdocs-macros 1.5 builds a plain ``jinja2.Environment``, in which
``{{ cycler.__init__.__globals__.os.environ }}`` reads the environment and
``os.popen`` runs commands. ``harden()`` swaps it for an immutable sandbox
with the same loader, delimiters, globals and filters, where undefined names
are errors and string or list repetition cannot allocate gigabytes.
"""

from __future__ import annotations

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_REPEAT = 100_000  # longest string or list a template may build with '*'
MAX_EXPONENT = 256


class HandbookSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(f"repetition would build {len(seq) * n:,} items (limit {MAX_REPEAT:,})")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is too large (limit {MAX_EXPONENT})")
        return super().call_binop(context, operator, left, right)


def sandbox_like(env) -> HandbookSandbox:
    """A sandboxed copy of mkdocs-macros' environment (loader, delimiters, globals, filters)."""
    options = {name: getattr(env, name) for name in (
        "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
        "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
        "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")}
    safe = HandbookSandbox(loader=env.loader, undefined=StrictUndefined, autoescape=False,
                           extensions=list(env.extensions.keys()), **options)
    safe.globals.update(env.globals)
    safe.filters.update(env.filters)
    safe.tests.update(env.tests)
    return safe


def harden(plugin) -> None:
    """Replace the macros plugin's environment with the sandbox (idempotent)."""
    env = plugin.env
    if not isinstance(env, HandbookSandbox):
        plugin._env = sandbox_like(env)
