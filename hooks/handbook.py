"""MkDocs hook: builds the handbook site from content/, calendar/ and policies/.

Thin on purpose: each event hands over to playbook.site.hook (see there and
docs/reference/site.md). Imports stay at module top: MkDocs puts this folder
on sys.path only while the file first executes.
"""

from mkdocs.plugins import event_priority

from playbook.site import hook


def on_startup(command, dirty):  # "serve" previews a handbook even with errors; "build" refuses
    hook.set_command(command, dirty)


@event_priority(100)  # before mkdocs-macros reads the handbook in its own on_config
def on_config(config):
    hook.load(config)
    return config


def on_pre_build(config):  # after mkdocs-macros built its Jinja environment
    hook.harden_macros(config)


def on_env(env, config, files):  # the theme's Jinja environment: the hold banner (playbook.site.banner)
    hook.install_banner(env)
    hook.choose_rewrites(env, config, files)  # `mkdocs serve --dirty` only (playbook.site.preview)
    return env


def on_files(files, config):
    return hook.add_files(files, config)


@event_priority(100)  # before mkdocs-macros renders the page
def on_page_markdown(markdown, page, config, files):
    return hook.before_markdown(markdown, page)


def on_page_content(html, page, config, files):
    return hook.page_content(html, page)


@event_priority(-100)  # after mkdocs-material's search: its pass over every page's HTML never sees the big ones
def on_page_context(context, page, config, nav):
    hook.page_context(page)
    return context


def on_post_page(output, page, config):
    hook.release(page)
    return output


@event_priority(100)  # before mkdocs-material's search writes its index
def on_post_build(config):
    hook.finish(config)


def on_build_error(error):
    hook.build_failed()
