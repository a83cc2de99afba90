"""Find every compiled regular expression pantau's pipeline uses and check that its
matching time grows linearly with the input on pathological strings.

Patterns are found by walking, rather than listed, so that a regex a stage adds
later is checked without anyone remembering to register it:

- the stage objects of ``pipeline_for(lang).stages`` for every language, through
  their attributes, containers, bound methods, partials and closures;
- the module globals, classes and functions of ``pantau.text``, ``pantau.extract``
  and of every module a stage class comes from.

Each unique pattern is then run on families of pathological strings at sizes n
and 4n, the way the pipeline calls it: scanned (``finditer`` over the whole
string) in general, one match attempt when the source only ever calls it with
``.match``/``.fullmatch`` at positions the caller chooses. A linear matcher takes
about 4x as long, a quadratic one 16x, an exponential one forever. A ratio over
the limit is measured again, and again one scale up (4n to 16n): a pattern fails
only when it grows too fast at both scales, because a superlinear matcher does so
at every scale while a step in the machine's cost (a working set that outgrows a
cache between n and 4n) shows at one; only short timings are confirmed this way.
Checks run in a child process with a timeout so that a catastrophic pattern fails
instead of hanging.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import math
import multiprocessing
import pkgutil
import re
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

PATTERN_TYPES = (re.Pattern, regex.Pattern)
PACKAGES = ("pantau.text", "pantau.extract")
OWNED = ("pantau",)
MAX_DEPTH = 8
SIZE = 2000
GROWTH = 4
RATIO_LIMIT = 8.0
TIMEOUT_S = 30.0
CONFIRM_BELOW_S = 0.02
SCALAR_TYPES = (str, bytes, int, float, complex, bool, type(None))


# --- collecting ---------------------------------------------------------------------------------

def _pattern_key(pattern: Any) -> tuple[str, Any, int]:
    return (type(pattern).__module__, pattern.pattern, pattern.flags)


@dataclass
class _Collector:
    owned: tuple[str, ...] = OWNED
    found: dict[tuple[str, Any, int], tuple[str, Any]] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)

    def _owned(self, obj: Any) -> bool:
        module = getattr(obj, "__module__", None) or type(obj).__module__ or ""
        return module.split(".")[0] in self.owned or module in self.owned

    def walk(self, obj: Any, where: str, depth: int = 0) -> None:
        if isinstance(obj, PATTERN_TYPES):
            self.found.setdefault(_pattern_key(obj), (where, obj))
            return
        if isinstance(obj, SCALAR_TYPES) or id(obj) in self.seen or depth > MAX_DEPTH:
            return
        self.seen.add(id(obj))
        for name, child in self._children(obj):
            self.walk(child, f"{where}{name}", depth + 1)

    def _children(self, obj: Any) -> Iterator[tuple[str, Any]]:
        if isinstance(obj, types.ModuleType):
            return  # modules are walked on purpose (walk_module), never by reference
        if isinstance(obj, dict):
            for key, value in obj.items():
                label = repr(key)[:40]
                yield f"[key {label}]", key  # a pattern may be a key: {pattern: label}
                yield f"[{label}]", value
        elif isinstance(obj, list | tuple | set | frozenset):
            for i, item in enumerate(obj):
                yield f"[{i}]", item
        elif isinstance(obj, functools.partial):
            yield ".func", obj.func
            yield ".args", obj.args
            yield ".keywords", obj.keywords
        elif isinstance(obj, types.MethodType):
            yield ".__self__", obj.__self__
            yield ".__func__", obj.__func__
        elif isinstance(obj, types.BuiltinMethodType):
            yield ".__self__", obj.__self__  # e.g. a stored ``pattern.sub``
        elif isinstance(obj, types.FunctionType):
            if self._owned(obj):
                yield ".__defaults__", obj.__defaults__
                yield ".__kwdefaults__", obj.__kwdefaults__
                for i, cell in enumerate(obj.__closure__ or ()):
                    yield f".<closure {i}>", _cell_contents(cell)
        elif hasattr(obj, "__wrapped__") and self._owned(obj):  # functools.cache …
            yield ".__wrapped__", obj.__wrapped__
        elif isinstance(obj, type):
            if self._owned(obj):
                for name, value in vars(obj).items():
                    yield f".{name}", value
        elif self._owned(obj):
            yield from ((f".{k}", v) for k, v in _attributes(obj))

    def walk_module(self, module: types.ModuleType) -> None:
        for name, value in vars(module).items():
            if not name.startswith("__"):
                self.walk(value, f"{module.__name__}:{name}")


def _cell_contents(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None


def _attributes(obj: Any) -> Iterator[tuple[str, Any]]:
    yield from getattr(obj, "__dict__", {}).items()
    for cls in type(obj).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if hasattr(obj, slot):
                yield slot, getattr(obj, slot)


def _modules(package_name: str) -> Iterator[types.ModuleType]:
    package = importlib.import_module(package_name)
    yield package
    for info in pkgutil.walk_packages(getattr(package, "__path__", []), package_name + "."):
        yield importlib.import_module(info.name)


def collect_from(objects: dict[str, Any], modules: list[types.ModuleType],
                 owned: tuple[str, ...] = OWNED) -> dict[str, Any]:
    """Unique patterns reachable from ``objects`` and ``modules``, keyed by where found."""
    collector = _Collector(owned=owned)
    for where, obj in objects.items():
        collector.walk(obj, where)
    for module in modules:
        collector.walk_module(module)
    return {where: pattern for where, pattern in collector.found.values()}


def collect_patterns() -> dict[str, Any]:
    """Every unique compiled pattern the pipelines use, keyed by where it was found."""
    from pantau.pipeline import LANGUAGES, pipeline_for

    stages: dict[str, Any] = {}
    module_names = set(PACKAGES)
    for lang in LANGUAGES:
        for stage in pipeline_for(lang).stages:
            cls = type(stage)
            stages[f"{cls.__module__}.{cls.__qualname__}[{lang}]"] = stage
            module_names.add(cls.__module__)
    modules: dict[str, types.ModuleType] = {}
    for name in sorted(module_names):
        for module in _modules(name):
            modules[module.__name__] = module
    return collect_from(stages, list(modules.values()))


# --- pathological strings -----------------------------------------------------------------------

def _cycle(unit: str, n: int) -> str:
    return "".join(itertools.islice(itertools.cycle(unit), n))


# Each family makes a string of about n characters; "\x00" ends it, so that a
# pattern needing some final character fails only after trying everything.
FAMILIES: dict[str, Callable[[int], str]] = {
    "run of letters": lambda n: "a" * n,
    "run of capitals": lambda n: "A" * n,
    "run of spaces": lambda n: " " * n,
    "run of newlines": lambda n: "\n" * n,
    "run of digits": lambda n: "7" * n,
    "run of dots": lambda n: "." * n,
    "run of hyphens": lambda n: "-" * n,
    "digits and separators": lambda n: _cycle("12.345,6-7/8:9 ", n),
    "digit-dot alternation": lambda n: _cycle("1.", n),
    "thousands groups": lambda n: "1" + _cycle(".000", n),
    "words and spaces": lambda n: _cycle("ab ", n),
    "capitalised words": lambda n: _cycle("Abcd ", n),
    "capitalised hyphenated": lambda n: _cycle("Abc-Def ", n),
    "capitalised initials": lambda n: _cycle("A. B. ", n),
    "nested brackets": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "nested quotes and brackets": lambda n: _cycle("\"“‘'([{«", n),
    "commas and words": lambda n: _cycle("a, ", n),
}

# Escapes (with their code point) and group names are not words of the pattern.
_NOT_LITERAL = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)"
                          r"|\(\?P?<[^>]*>")
_LITERAL_WORD = re.compile(r"[^\W\d_]{2,}")


def _own_words(pattern: Any) -> list[str]:
    """Words written literally in the pattern ("Presiden", "kata"), capitalised or not."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else ""
    words = dict.fromkeys(_LITERAL_WORD.findall(_NOT_LITERAL.sub(" ", source)))
    return list(words)[:20]


def families_for(pattern: Any) -> dict[str, Callable[[int], str]]:
    """The generic families plus two built from the pattern's own literal words."""
    families = dict(FAMILIES)
    words = _own_words(pattern)
    if words:
        own = " ".join(words) + " "
        families["its own words repeated"] = lambda n: _cycle(own, n)
        families["its own word, then capitalised words"] = (
            lambda n: words[0] + " " + _cycle(words[0].capitalize() + " Abcd ", n))
    return families


# --- how a pattern is used ---------------------------------------------------------------------

SCAN, ANCHORED = "scan", "anchored"
ANCHORED_METHODS = frozenset({"match", "fullmatch"})


def module_source(where: str) -> str:
    """The source of the module a pattern was found in (its ``where`` starts with the
    module's dotted name); empty when it cannot be told."""
    import sys

    dotted = re.split(r"[:\[]", where, maxsplit=1)[0]
    while dotted:
        module = sys.modules.get(dotted)
        if module is not None and getattr(module, "__file__", None):
            return Path(module.__file__).read_text(encoding="utf-8")
        dotted = dotted.rpartition(".")[0]
    return ""


_ASSIGNMENT = re.compile(r"\b(\w+) = ([^\n]*)")
_STRING = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")


def usage(where: str, source: str | None = None) -> str:
    """``anchored`` when every call on the pattern in its module is a ``.match`` or
    ``.fullmatch`` (the caller picks the positions, one attempt each), directly
    (``self.after.match(…)``) or through a local name (``joiner = self.after …;
    joiner.match(…)``); ``scan`` otherwise: search, finditer, sub, split or a use
    the source does not show, where the pattern is tried at every position."""
    source = module_source(where) if source is None else source
    name = re.split(r"[.:]", where)[-1]
    if not name.isidentifier():
        return SCAN
    # A local name bound to the pattern itself (not to a call on it, not to a string).
    bare = re.compile(rf"\b{re.escape(name)}\b(?!\s*[.(\[])")
    names = {name, *(alias for alias, value in _ASSIGNMENT.findall(source)
                     if bare.search(_STRING.sub("", value)))}
    methods = {method for n in names
               for method in re.findall(rf"\b{re.escape(n)}\.(\w+)\(", source)}
    return ANCHORED if methods and methods <= ANCHORED_METHODS else SCAN


# --- timing -------------------------------------------------------------------------------------

def _run(pattern: Any, text: str, loops: int, mode: str) -> float:
    """CPU seconds per scan of ``text`` (every match), or per anchored match at its
    start. CPU time of this thread, so that time spent descheduled (other processes
    on a busy machine) does not count."""
    start = time.thread_time()
    if mode == ANCHORED:
        match = pattern.match
        for _ in range(loops):
            match(text)
    else:
        finditer = pattern.finditer
        for _ in range(loops):
            for _ in finditer(text):
                pass
    return (time.thread_time() - start) / loops


def _loops_for(pattern: Any, text: str, mode: str, at_least_s: float = 5e-4) -> int:
    loops = 1
    while loops < 1 << 16 and _run(pattern, text, loops, mode) * loops < at_least_s:
        loops *= 4
    return loops


@dataclass
class Growth:
    family: str
    seconds_n: float
    seconds_4n: float
    n: int = SIZE

    @property
    def ratio(self) -> float:
        return self.seconds_4n / max(self.seconds_n, 1e-9)


def measure(pattern: Any, make: Callable[[int], str], family: str, n: int,
            repeats: int, mode: str = SCAN) -> Growth:
    """Min-of-``repeats`` time at n and 4n characters, measured in turns so that a
    burst of noise weighs on both sizes alike."""
    small, large = make(n) + "\x00", make(GROWTH * n) + "\x00"
    # A first run at the large size lets the allocator settle (a long match grows
    # the matcher's stacks; fresh pages would be charged to the first timing).
    _run(pattern, large, 1, mode)
    loops = _loops_for(pattern, small, mode)
    t_small = t_large = math.inf
    for _ in range(repeats):
        t_small = min(t_small, _run(pattern, small, loops, mode))
        t_large = min(t_large, _run(pattern, large, loops, mode))
    return Growth(family, t_small, t_large, n)


@dataclass
class Report:
    where: str
    pattern: str
    mode: str = SCAN
    worst: Growth | None = None
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return not self.timed_out and (self.worst is None or self.worst.ratio <= RATIO_LIMIT)

    def describe(self) -> str:
        head = f"{self.where} /{self.pattern}/ ({self.mode})"
        if self.timed_out:
            return f"{head}: no answer within the timeout (exponential?)"
        w = self.worst
        assert w is not None
        return (f"{head}: time x{w.ratio:.1f} for x{GROWTH} input on {w.family!r} "
                f"({w.n} -> {GROWTH * w.n} chars: "
                f"{w.seconds_n * 1e3:.2f} ms -> {w.seconds_4n * 1e3:.2f} ms)")


def check_pattern(where: str, pattern: Any, mode: str = SCAN, n: int = SIZE) -> Report:
    """The worst growth over every family; suspicious ratios are measured again (min of
    several runs) at n and at 4n, the family's growth is the milder of the two, and
    the first family that still fails ends the check."""
    report = Report(where, str(pattern.pattern)[:120], mode)
    for family, make in families_for(pattern).items():
        growth = measure(pattern, make, family, n, repeats=1, mode=mode)
        if growth.ratio > RATIO_LIMIT * 0.75:
            growth = measure(pattern, make, family, n, repeats=5, mode=mode)
        # Confirming one scale up costs 16x the 4n time if the growth is quadratic;
        # a pattern already this slow at 4n is not a cache effect on short timings.
        if growth.ratio > RATIO_LIMIT and growth.seconds_4n < CONFIRM_BELOW_S:
            larger = measure(pattern, make, family, GROWTH * n, repeats=3, mode=mode)
            growth = min(growth, larger, key=lambda g: g.ratio)
        if report.worst is None or growth.ratio > report.worst.ratio:
            report.worst = growth
        if not report.ok:
            break
    return report


# --- a child process that can be killed ---------------------------------------------------------

def _serve(conn: Any) -> None:
    while True:
        task = conn.recv()
        if task is None:
            return
        conn.send(check_pattern(*task))


class Sandbox:
    """Runs ``check_pattern`` in a child process, killed and replaced after ``timeout``."""

    def __init__(self, timeout: float = TIMEOUT_S):
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._conn: Any = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _start(self) -> None:
        self._conn, child = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()

    def close(self) -> None:
        if self._process is not None:
            self._conn.send(None)
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
            self._process = None

    def check(self, where: str, pattern: Any, mode: str = SCAN, n: int = SIZE) -> Report:
        if self._process is None:
            self._start()
        self._conn.send((where, pattern, mode, n))
        if self._conn.poll(self.timeout):
            return self._conn.recv()
        self._process.kill()
        self._process.join()
        self._process = None
        return Report(where, str(pattern.pattern)[:120], mode, timed_out=True)


def audit(patterns: dict[str, Any], timeout: float = TIMEOUT_S) -> list[Report]:
    """Check every pattern, each the way the pipeline calls it."""
    with Sandbox(timeout) as sandbox:
        return [sandbox.check(where, pattern, usage(where)) for where, pattern in patterns.items()]
