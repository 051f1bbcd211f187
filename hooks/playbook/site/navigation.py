"""The navigation, built when mkdocs.yml has no ``nav``: fixed sections, then whatever docs/ holds.

Hand-written pages need no edit to mkdocs.yml: a page in a folder of docs/
joins the section of that folder, index.md first, the rest by file name.
Staff sections come first (Home, Policy, Responses, Calendar, Campaigns),
then the social team's results (Reports, Insights) and pages (Team:
dashboard, rota, report, subscribe), then the Guide, with the maintainers'
reference (``docs/reference/``) as a section inside it rather than a tab of
its own. Month pages, and campaign pages when
there are many, stay out of the navigation (pages in the navigation are
rendered into every page, which makes big sites quadratic); their index
pages link to them.
"""

from __future__ import annotations

from mkdocs.structure.files import Files

from .page import Page

# Staff first: what every employee reads, then the social team's results and pages, then how the handbook works.
SECTIONS = [("Policy", "policy"), ("Responses", "responses"), ("Calendar", "calendar"), ("Campaigns", "campaigns"),
            ("Reports", "reports"), ("Insights", "insights")]
# The social team's dashboard and to-do pages; the rota (staff names and hours) only with a rota.yml.
TEAM = ("Team", ["team.md", "rota.md", "report.md", "subscribe.md"])
GUIDE, REFERENCE = "guide", "reference"  # the reference (formats, rules, CLI, architecture) sits under Guide


def build(files: Files, pages: dict[str, Page]) -> list:
    generated = set(pages)
    docs = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
    team_title, team_pages = TEAM
    nav: list = []
    if "index.md" in docs or "index.md" in generated:
        nav.append({"Home": "index.md"})
    folders: dict[str, list[str]] = {}
    loose: list[str] = []
    # Generated pages first (in the order they were built), then hand-written ones by name.
    for path in [p.path for p in pages.values() if p.in_nav and p.path not in team_pages] + docs:
        if path == "index.md" or path in team_pages:
            continue
        if "/" in path:
            folders.setdefault(path.split("/", 1)[0], []).append(path)
        else:
            loose.append(path)
    for title, folder in SECTIONS:
        if folder in folders:
            nav.append({title: _index_first(folders.pop(folder))})
    present = set(docs) | generated
    team = [path for path in team_pages if path in present]
    if team:
        nav.append({team_title: team})
    nav.extend(loose)
    reference = _index_first(sorted(folders.pop(REFERENCE, [])))
    guide = _index_first(sorted(folders.pop(GUIDE, [])))
    for folder in sorted(folders):
        nav.append({_title(folder): _index_first(sorted(folders[folder]))})
    if reference:
        guide.append({"Reference": reference})
    if guide:
        nav.append({"Guide": guide})
    return nav


def _title(folder: str) -> str:
    return folder.replace("-", " ").replace("_", " ").capitalize()


def _index_first(entries: list[str]) -> list[str]:
    """Keep generated order (it is meaningful: chapters by order, categories by rules.yml), index first."""
    return sorted(entries, key=lambda p: not p.endswith("/index.md"))
