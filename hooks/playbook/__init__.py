"""Playbook: a social media team's handbook as code.

Data flows one way: files -> source text with positions (``source``) ->
typed model (``load`` / ``model``) -> rules yielding problems (``rules``) ->
outputs (site pages, iCal feeds, reports).
"""

__version__ = "0.1.0"
