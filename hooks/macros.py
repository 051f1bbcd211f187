"""mkdocs-macros module: the macros hand-written docs/ pages may use (docs/reference/macros.md).

The macros live in playbook.site.macros; the hook (hooks/handbook.py) makes
the Jinja environment a sandbox and keeps generated pages out of it.
"""

from playbook.site.macros import define_env  # noqa: F401  (mkdocs-macros looks for define_env here)
