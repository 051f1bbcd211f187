"""The Jinja environment mkdocs-macros renders hand-written docs/ pages with: sandboxed, strict and bounded.

mkdocs-macros 1.5 builds a plain ``jinja2.Environment``, in which
``{{ cycler.__init__.__globals__.os.environ }}`` reads the environment and
``os.popen`` runs commands. ``harden()`` swaps it for an immutable sandbox
with the same loader, delimiters, globals and filters, where undefined names
are errors, and closes what Jinja's own sandbox leaves open:

- **Object walks.** Jinja's sandbox only hides ``_private`` attributes: the
  page variables mkdocs-macros passes (``config``, ``plugin``, ``page``,
  ``files``) lead through public attributes to modules (``os.environ``), to
  an unsandboxed Jinja environment (``config.theme.get_env()``) and to
  ``File.generated(..., abs_src_path='/etc/passwd')``. Here attributes and
  method calls are allowed on plain data only (text, numbers, dates, lists,
  mappings, Jinja's loop helpers) plus a few read-only fields of ``page``;
  the only other callables are the registered macros and Jinja's globals.
  ``config`` and ``plugin`` are replaced by plain copies of their settings.
- **Size.** No value a page builds may exceed ``MAX_VALUE`` (characters of
  text, items of a list or mapping, counted through nested lists and
  mappings; a number counts its digits). This is checked in general, not per
  known operation: on the arguments and the result of every call (methods,
  macros, globals), of every filter and of every operator, on every ``~``
  join and block, and on every value before ``{{ }}`` turns it into text; so
  doubling a string or list in a loop stops at the limit whatever method
  does the doubling. Operations that could build a huge value in one step
  are refused before they run: repetition, exponents, widths (``center``,
  ``ljust``, ``'%1000000000d'``, ``'{:>{}}'.format(1, 10**9)``), any number
  over ``MAX_VALUE`` given to a method of text, bytes or numbers
  (``int.to_bytes``, ``bytes.ljust``), ``replace``, ``join``,
  ``translate`` with an expanding table, ``indent`` and ``lipsum``. A page's
  output is capped at ``MAX_OUTPUT``; ``range`` is Jinja's bounded one again
  (mkdocs-macros' globals had put the builtin back); rendering one page
  stops after ``TIME_LIMIT`` seconds (when the build runs in the main
  thread, as ``mkdocs build`` does).
- **Errors.** A failing template stops the build with
  ``docs/<page>.md:<line>:1: error: ... [site.macro]`` instead of
  mkdocs-macros' traceback.
"""

from __future__ import annotations

import functools
import re
import signal
import string
import threading
import types
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

MAX_REPEAT = 100_000  # longest string or list a template may build with '*'
MAX_EXPONENT = 256
MAX_VALUE = 1_000_000  # largest value a template may build: characters, items (nested ones too), digits
MAX_OUTPUT = 5_000_000  # longest page a template may produce
MAX_INT_BITS = 100_000
MAX_LIPSUM = 100
TIME_LIMIT = 10.0  # seconds to render one page

PLAIN = (str, bytes, int, float, complex, bool, type(None), dict, list, tuple, set, frozenset, range,
         date, time, timedelta, Markup, Namespace, LoopContext, Cycler, Joiner)
PAGE_FIELDS = frozenset({"title", "meta", "url", "abs_url", "canonical_url", "is_homepage", "is_index"})
CONFIG_FIELDS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
                 "repo_name", "edit_uri", "extra")
GIT_FIELDS = ("short_commit", "commit", "tag", "date")  # not root_dir (a path of the build machine)
UNTRUSTED_GLOBALS = frozenset({"context", "macros_info"})  # mkdocs-macros' debug dumps of every object
_PADDING = frozenset({"center", "ljust", "rjust", "zfill"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?[a-zA-Z%]")


class MacroFailure(BaseException):
    """A template failed. A BaseException so that mkdocs-macros' ``except Exception`` (which prints a
    traceback and exits 100) lets it through to the hook, which reports it with its position."""

    def __init__(self, error: BaseException, line: int | None):
        super().__init__(str(error))
        self.error, self.line = error, line


def _too_long(what: str, size: int, limit: int = MAX_VALUE) -> None:
    if size > limit:
        raise SecurityError(f"{what} would build {size:,} characters (limit {limit:,})")


def size_of(value, budget: int = MAX_VALUE) -> int:
    """How big a value is once shown as text: characters, plus items of lists and mappings (nested ones
    counted each time they appear), plus digits of numbers. Counting stops once past ``budget``, so
    measuring costs at most about ``budget`` steps even for a list that holds itself a million times."""
    total, pending = 0, [value]
    while pending and total <= budget:
        item = pending.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 1
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1  # about the number of decimal digits
        elif isinstance(item, dict):
            total += len(item) + 1
            if total <= budget:
                pending.extend(item.keys())
                pending.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item) + 1
            if total <= budget:
                pending.extend(item)
        elif isinstance(item, range):
            total += len(item) * 2 + 1
        elif isinstance(item, Namespace):
            pending.append(item._Namespace__attrs)
        else:
            total += 1
    return total


def bounded(value, what: str = "a value"):
    """``value`` itself when it is within ``MAX_VALUE``; a SecurityError when it is bigger."""
    if isinstance(value, (str, bytes)) and len(value) <= MAX_VALUE // 2:
        return value  # the common case, without walking anything
    size = size_of(value)
    if size > MAX_VALUE:
        raise SecurityError(f"{what} would be more than {MAX_VALUE:,} characters or items "
                            f"(limit {MAX_VALUE:,}; see docs/reference/macros.md)")
    return value


def _big_number(values) -> bool:
    return any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_VALUE for v in values)


def _check_percent(fmt: str, args) -> None:
    values = args if isinstance(args, tuple) else (args,)
    numbers = [v for v in values if isinstance(v, int)]
    for width, precision in _PERCENT_SPEC.findall(fmt):
        for spec in (width, precision):
            if spec == "*":
                _too_long("'%' formatting", max(numbers, default=0))
            elif spec:
                _too_long("'%' formatting", int(spec))


def _check_format(fmt: str, args: tuple, kwargs: dict) -> None:
    nested = False
    for _, _, spec, _ in string.Formatter().parse(fmt):
        for number in re.findall(r"\d+", spec or ""):
            _too_long("format()", int(number))
        nested = nested or "{" in (spec or "")
    if nested:  # a width or precision taken from the arguments: '{:>{}}'.format(1, 10**9)
        values = list(args) + list(kwargs.values())
        values += [v for a in values if isinstance(a, dict) for v in a.values()]
        if _big_number(values):
            raise SecurityError(f"format() width over {MAX_VALUE:,}")


def _plain_copy(value, depth: int = 0):
    """A copy of configuration data made of plain dicts, lists and scalars only."""
    if depth > 20:
        return None
    if isinstance(value, (str, int, float, bool, type(None), date, time, timedelta)):
        return value
    if hasattr(value, "items"):
        return {str(k): _plain_copy(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain_copy(v, depth + 1) for v in value]
    return str(value)


class HandbookTemplate(Template):
    def render(self, *args, **kwargs):
        env = self.environment
        try:
            with env.deadline():
                return super().render(*args, **kwargs)
        except MacroFailure:
            raise
        except Exception as error:
            if not env.escalate:
                raise
            raise MacroFailure(error, _template_line(error)) from None


def _template_line(error: BaseException) -> int | None:
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    line, tb = None, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _check_method(owner, name: str, args: tuple, kwargs: dict) -> tuple:
    """Refuse a method call of text, bytes or a number that would build a huge value in one step."""
    if name in ("format", "format_map") and isinstance(owner, str):
        _check_format(owner, args, kwargs)
        return args
    if _big_number(args) or _big_number(kwargs.values()):
        raise SecurityError(f"{type(owner).__name__}.{name}(): numbers given to methods are limited to "
                            f"{MAX_VALUE:,}")
    if name in _PADDING and args and isinstance(args[0], int):
        _too_long(f"{name}()", args[0])
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        tab = "\t" if isinstance(owner, str) else b"\t"
        _too_long("expandtabs()", len(owner) + owner.count(tab) * int(size))
    elif name == "replace" and len(args) >= 2 and all(isinstance(a, (str, bytes)) for a in args[:2]):
        hits = owner.count(args[0]) if args[0] else len(owner) + 1
        _too_long("replace()", len(owner) + hits * len(args[1]))
    elif name == "join" and args:
        items = list(args[0])
        _too_long("join()", sum(size_of(i) for i in items) + len(owner) * max(len(items) - 1, 0))
        args = (items,) + args[1:]
    elif name == "translate" and args and isinstance(args[0], dict):
        widest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _too_long("translate()", len(owner) * widest)
    return args


class HandbookSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%", "+", "-", "/", "//"])
    template_class = HandbookTemplate
    escalate = False  # set by harden(): failures become MacroFailure, past mkdocs-macros' handler

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("finalize", lambda value: bounded(value, "a value shown on the page"))
        super().__init__(*args, **kwargs)
        self.trusted: dict[int, object] = {}  # id -> callable (kept alive so ids stay unique)

    def trust(self, *callables) -> None:
        for obj in callables:
            if callable(obj):
                self.trusted[id(obj)] = obj

    # -- templates ---------------------------------------------------------------------------------
    def from_string(self, source, globals=None, template_class=None):
        try:
            return super().from_string(source, globals, template_class)
        except TemplateSyntaxError as error:
            if not self.escalate:
                raise
            raise MacroFailure(error, error.lineno) from None

    def _generate(self, source, name, filename, defer_init=False) -> str:
        """Jinja compiles ``~`` to the module-level ``str_join``/``markup_join``: bind them to bounded joins."""
        code = super()._generate(source, name, filename, defer_init)
        return (code + "\nstr_join = environment.bounded_join(str_join)"
                "\nmarkup_join = environment.bounded_join(markup_join)\n")

    @staticmethod
    def bounded_join(join):
        def joined(pieces):
            pieces = list(pieces)
            _too_long("'~'", sum(size_of(p) for p in pieces))
            return join(pieces)
        return joined

    def concat(self, pieces) -> str:  # Jinja calls it by this name
        out, size = [], 0
        for piece in pieces:
            size += len(piece)
            _too_long("the page", size, MAX_OUTPUT)
            out.append(piece)
        return "".join(out)

    @contextmanager
    def deadline(self):
        if threading.current_thread() is not threading.main_thread() or \
                signal.getitimer(signal.ITIMER_REAL)[0] > 0:
            yield  # mkdocs serve builds in a worker thread; an outer timer is already running
            return

        def expired(signum, frame):
            raise SecurityError(f"rendering took longer than {TIME_LIMIT:g} seconds")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    # -- what a template may touch -----------------------------------------------------------------
    def _may_read(self, obj, attr: str) -> bool:
        if isinstance(obj, PLAIN):
            return True
        return isinstance(obj, Page) and attr in PAGE_FIELDS

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if not super().is_safe_attribute(obj, attr, value) or not self._may_read(obj, attr):
            return False
        return not isinstance(value, (types.ModuleType, type))

    def getattr(self, obj, attribute):
        if not self._may_read(obj, attribute):
            return self.unsafe_undefined(obj, attribute)  # never evaluate a property of an unknown object
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if not isinstance(obj, PLAIN) and not (isinstance(argument, str) and self._may_read(obj, argument)):
            return self.unsafe_undefined(obj, str(argument))
        return super().getitem(obj, argument)

    def is_safe_callable(self, obj) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if id(obj) in self.trusted or isinstance(obj, (Macro, LoopContext, Joiner)):
            return True
        wrapped = getattr(obj, "__wrapped__", None)  # str.format, wrapped by the sandbox itself
        if wrapped is not None and getattr(wrapped, "__name__", "") in ("format", "format_map"):
            return isinstance(getattr(wrapped, "__self__", None), str)
        if isinstance(obj, (types.BuiltinMethodType, types.MethodType, types.MethodWrapperType)):
            owner = getattr(obj, "__self__", None)
            return isinstance(owner, PLAIN) and not isinstance(owner, type)
        return False

    def call(__self, __context, __obj, *args, **kwargs):  # Jinja's signature
        for value in args + tuple(kwargs.values()):
            bounded(value, "an argument")
        owner = getattr(__obj, "__self__", None)
        wrapped = getattr(__obj, "__wrapped__", None)  # str.format, wrapped by the sandbox itself
        if isinstance(owner, (str, bytes, int)) and not isinstance(owner, bool):
            args = _check_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        elif wrapped is not None and isinstance(getattr(wrapped, "__self__", None), str) and \
                getattr(wrapped, "__name__", "") in ("format", "format_map"):
            _check_format(wrapped.__self__, args, kwargs)
        return bounded(super().call(__context, __obj, *args, **kwargs), "a call's result")

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(f"repetition would build {len(seq) * n:,} items (limit {MAX_REPEAT:,})")
            if isinstance(left, int) and isinstance(right, int) and \
                    abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
                raise SecurityError("the product is too large")
        if operator == "**" and isinstance(right, (int, float)):
            if abs(right) > MAX_EXPONENT:
                raise SecurityError(f"exponent {right} is too large (limit {MAX_EXPONENT})")
            if isinstance(left, int) and isinstance(right, int) and abs(left).bit_length() * abs(right) > MAX_INT_BITS:
                raise SecurityError(f"the power would have more than {MAX_INT_BITS:,} bits")
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        bounded(left, "an operand")
        bounded(right, "an operand")
        return bounded(super().call_binop(context, operator, left, right), f"the result of '{operator}'")


def _guard_filters(env: HandbookSandbox) -> None:
    """Filters are called directly, not through ``call``: wrap the ones that can pad or multiply text."""
    original = dict(env.filters)

    def center(value, width=80):
        _too_long("center", int(width))
        return original["center"](value, width)

    def indent(s, width=4, *args, **kwargs):
        lines = str(s).count("\n") + 1
        size = len(width) if isinstance(width, str) else int(width)
        _too_long("indent", len(str(s)) + lines * size)
        return original["indent"](s, width, *args, **kwargs)

    def format_(value, *args, **kwargs):
        _check_percent(str(value), args if args else kwargs)
        return original["format"](value, *args, **kwargs)

    def replace(eval_ctx, s, old, new, count=None):
        text, old, new = str(s), str(old), str(new)
        hits = (text.count(old) if old else len(text) + 1) if count is None else int(count)
        _too_long("replace", len(text) + hits * len(new))
        return original["replace"](eval_ctx, s, old, new, count)

    def join(eval_ctx, value, d="", attribute=None):
        items = list(value)
        _too_long("join", len(str(d)) * max(len(items) - 1, 0) + sum(len(str(i)) for i in items))
        return original["join"](eval_ctx, items, d, attribute)

    for name, fn in (("center", center), ("indent", indent), ("format", format_), ("replace", replace),
                     ("join", join)):
        if name in original:
            if getattr(original[name], "jinja_pass_arg", None) is not None:
                fn.jinja_pass_arg = original[name].jinja_pass_arg
            env.filters[name] = fn
    for name, fn in list(env.filters.items()):
        env.filters[name] = _bounded_filter(name, fn)


def _bounded_filter(name: str, fn):
    """Every filter, known today or added later: arguments and result within MAX_VALUE."""
    @functools.wraps(fn)  # keeps jinja_pass_arg
    def checked(*args, **kwargs):
        for value in args + tuple(kwargs.values()):
            bounded(value, f"an argument of '{name}'")
        return bounded(fn(*args, **kwargs), f"the result of '{name}'")
    return checked


def sandbox_like(env) -> HandbookSandbox:
    """A sandboxed copy of mkdocs-macros' environment (loader, delimiters, globals, filters)."""
    options = {name: getattr(env, name) for name in (
        "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
        "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
        "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")}
    safe = HandbookSandbox(loader=env.loader, undefined=StrictUndefined, autoescape=False,
                           extensions=list(env.extensions.keys()), **options)
    safe.globals.update({k: v for k, v in env.globals.items() if k not in UNTRUSTED_GLOBALS})
    safe.globals["range"] = safe_range  # mkdocs-macros' globals carry the unbounded builtin
    lipsum = safe.globals.get("lipsum")
    if lipsum is not None:
        def bounded_lipsum(n=5, html=True, min=20, max=100):  # Jinja's lipsum arguments
            if int(n) > MAX_LIPSUM or int(max) > MAX_LIPSUM:
                raise SecurityError(f"lipsum is limited to {MAX_LIPSUM} paragraphs of {MAX_LIPSUM} words")
            return lipsum(n, html, min, max)
        safe.globals["lipsum"] = bounded_lipsum
    safe.filters.update(env.filters)
    safe.tests.update(env.tests)
    _guard_filters(safe)
    safe.trust(*safe.globals.values())
    return safe


def harden(plugin, docs_label=None, now=None) -> None:
    """Replace the macros plugin's environment with the sandbox, its object-valued variables with plain
    data, and its error handling with located errors (idempotent).

    ``now`` (a callable) replaces mkdocs-macros' ``now()``, which read the wall clock: pages show the
    build's reference time, so two builds of one commit give the same bytes. The host's details
    (``environment``: kernel and Python versions) are removed and ``git`` keeps only the commit.
    """
    env = plugin.env
    if isinstance(env, HandbookSandbox):
        return
    safe = sandbox_like(env)
    variables = plugin.variables
    variables.pop("environment", None)
    git = variables.get("git")
    if git is not None:
        variables["git"] = {k: _plain_copy(git.get(k)) for k in GIT_FIELDS} if isinstance(git, dict) else {}
    if now is not None:
        for table in (variables, plugin.macros, variables.get("macros"), safe.globals):
            if isinstance(table, dict) and "now" in table:
                table["now"] = now
        safe.trust(now)
    config = variables.get("config")
    if config is not None:
        variables["config"] = {k: _plain_copy(config.get(k)) for k in CONFIG_FIELDS}
    if "plugin" in variables:
        variables["plugin"] = _plain_copy(variables["plugin"])
    for name in UNTRUSTED_GLOBALS:
        variables.pop(name, None)
        if isinstance(variables.get("macros"), dict):
            variables["macros"].pop(name, None)
    safe.trust(*(v for v in plugin.macros.values()))
    safe.trust(*(v for k, v in variables.items() if callable(v) and k not in UNTRUSTED_GLOBALS))
    safe.escalate = True
    plugin._env = safe
    original = plugin.render

    def render(markdown: str, force_rendering: bool = False) -> str:
        try:
            return original(markdown, force_rendering)
        except MacroFailure as failure:
            raise PluginError(_located(plugin, markdown, failure, docs_label)) from None

    plugin.render = render


def _located(plugin, markdown: str, failure: MacroFailure, docs_label) -> str:
    page = getattr(plugin, "_page", None)
    path, offset = "docs", 0
    if page is not None:
        path = f"{docs_label or 'docs'}/{page.file.src_uri}"
        try:
            raw = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            if raw.endswith(markdown):
                offset = raw[: len(raw) - len(markdown)].count("\n")
        except (OSError, TypeError, UnicodeDecodeError):
            pass
    line = (failure.line or 1) + offset
    error = failure.error
    kind = "unsafe" if isinstance(error, SecurityError) else type(error).__name__
    return (f"{path}:{line}:1: error: a macro failed ({kind}): {error} [site.macro]\n"
            "  hint: see docs/reference/macros.md for the macros and the rules of the sandbox")
