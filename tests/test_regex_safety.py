"""Every compiled regex of the pipeline must match in time linear in its input.

The patterns are collected by walking the stage objects and the modules of
``pantau.text`` and ``pantau.extract`` (see benchmarks/regex_audit.py), so a regex
added later is checked too. Each is fed pathological strings at n and 4n
characters the way its module calls it (scanned, or one anchored attempt when
the code only ever calls ``.match``); time may grow at most 8x (linear is 4x,
quadratic 16x). A pattern that does not finish within the sandbox's timeout
(exponential) fails.
"""

from __future__ import annotations

import functools
import re
import sys
import types
from pathlib import Path

import pytest
import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import regex_audit  # noqa: E402


def _collect() -> tuple[dict, str | None]:
    # A pipeline that cannot even be built fails one test below, not the collection.
    try:
        return regex_audit.collect_patterns(), None
    except Exception as exc:  # noqa: BLE001
        return {}, f"{type(exc).__name__}: {exc}"


PATTERNS, COLLECT_ERROR = _collect()


@pytest.fixture(scope="module")
def sandbox():
    with regex_audit.Sandbox() as box:
        yield box


# Patterns known to grow faster than linearly, each with why it is tolerated for
# now and how to fix it. Strict: once fixed, the test fails until the entry goes.
KNOWN_SUPERLINEAR: dict[str, str] = {
    # "pantau.extract.module:NAME_RE": "why it is tolerated for now; how to fix it",
}


def _cases() -> list:
    return [pytest.param(where, marks=pytest.mark.xfail(strict=True,
                                                        reason=KNOWN_SUPERLINEAR[where]))
            if where in KNOWN_SUPERLINEAR else where for where in sorted(PATTERNS)]


@pytest.mark.parametrize("where", _cases())
def test_pipeline_regex_time_grows_linearly(where, sandbox):
    report = sandbox.check(where, PATTERNS[where], regex_audit.usage(where))
    assert report.ok, report.describe()


def test_the_pipeline_has_patterns_to_check():
    assert COLLECT_ERROR is None, f"building the pipelines failed: {COLLECT_ERROR}"
    # The segmenter alone compiles a token pattern per language: an empty collection
    # would mean the collector lost its way, not that the pipeline is regex-free.
    assert PATTERNS


# --- the collector ------------------------------------------------------------------------------

class _Rules:
    def __init__(self):
        self.by_type = {"date": [re.compile(r"\d+ Mei")], regex.compile(r"kata\w*"): "cue"}


class _FakeStage:
    __slots__ = ("rules", "split", "normalise", "lang")

    def __init__(self):
        self.rules = _Rules()
        self.split = re.compile(r"[.!?]\s+").split  # a bound method of a pattern
        number = re.compile(r"\d+(?:[.,]\d+)*")
        self.normalise = functools.partial(lambda text, rx=number: rx.sub("N", text))
        self.lang = "id"


def test_collector_finds_patterns_inside_stage_objects():
    found = regex_audit.collect_from({"stage": _FakeStage()}, [], owned=("pantau", __name__))
    sources = {p.pattern for p in found.values()}
    assert sources == {r"\d+ Mei", r"kata\w*", r"[.!?]\s+", r"\d+(?:[.,]\d+)*"}
    assert "stage.rules.by_type['date'][0]" in found


def test_collector_finds_module_globals_class_attributes_and_closures():
    module = types.ModuleType("pantau_fake_module")
    exec(  # noqa: S102 - a throwaway module built from literal source
        "import re\n"
        "WORD = re.compile(r'\\w+')\n"
        "class Cues:\n"
        "    HEDGE = re.compile(r'diduga|kabarnya')\n"
        "def make():\n"
        "    quote = re.compile(r'“[^”]*”')\n"
        "    def find(text):\n"
        "        return quote.findall(text)\n"
        "    return find\n"
        "FIND_QUOTES = make()\n",
        module.__dict__)
    found = regex_audit.collect_from({}, [module], owned=("pantau_fake_module",))
    assert {p.pattern for p in found.values()} == {r"\w+", "diduga|kabarnya", "“[^”]*”"}


def test_collector_keeps_one_entry_per_distinct_pattern():
    same = [re.compile(r"\s+"), re.compile(r"\s+"), re.compile(r"\s+", re.ASCII)]
    found = regex_audit.collect_from({"list": same}, [])
    assert len(found) == 2


# --- the checker --------------------------------------------------------------------------------

def test_checker_accepts_a_linear_pattern(sandbox):
    assert sandbox.check("digits", re.compile(r"\d+(?:[.,]\d{3})*")).ok


def test_checker_flags_a_quadratic_pattern(sandbox):
    # A run of capitalised words with no "said" after it: every start position
    # rescans the rest of the run.
    report = sandbox.check("names", re.compile(r"(?:[A-Z]\w+\s+)+said"))
    assert not report.ok
    assert report.worst is not None and report.worst.ratio > regex_audit.RATIO_LIMIT


def test_sandbox_stops_an_exponential_pattern_and_carries_on():
    with regex_audit.Sandbox(timeout=2.0) as box:
        report = box.check("nested", re.compile(r"(?:a|aa)+$"))
        assert report.timed_out and not report.ok
        assert box.check("after", re.compile(r"a+")).ok


# --- how a pattern is called --------------------------------------------------------------------

def test_usage_is_anchored_only_when_every_call_is_a_match():
    source = ("found = self.after_number.match(text, end)\n"
              "for m in self.numeral.finditer(text):\n"
              "    self.mixed.match(text) or self.mixed.sub('', text)\n"
              "joiner = self.close if opened else self.join\n"
              "found = joiner.match(text, end)\n"
              "units = {role: 1 for role in ('after_number', 'numeral')}\n"
              "m = self.after_number.match(text)\n"
              "m.group(0)\n")
    assert regex_audit.usage("Stage[id].after_number", source) == regex_audit.ANCHORED
    assert regex_audit.usage("Stage[id].close", source) == regex_audit.ANCHORED
    assert regex_audit.usage("Stage[id].numeral", source) == regex_audit.SCAN
    assert regex_audit.usage("Stage[id].mixed", source) == regex_audit.SCAN
    assert regex_audit.usage("Stage[id].never_called", source) == regex_audit.SCAN
    assert regex_audit.usage("stage.rules['date'][0]", source) == regex_audit.SCAN


def test_leading_whitespace_pattern_is_safe_anchored_but_not_scanned(sandbox):
    # Tried at one position, a run of spaces is read once; scanned, it is re-read
    # from every position.
    pattern = re.compile(r"\s+(?:juta|miliar)\b")
    assert sandbox.check("after", pattern, regex_audit.ANCHORED).ok
    assert not sandbox.check("after", pattern, regex_audit.SCAN).ok


class _SteppedCost:
    """A matcher whose cost per character triples, once, above ``step`` characters: the
    shape of a working set outgrowing a cache. Linear on each side of the step."""

    pattern = "stepped"

    def __init__(self, step: int, per_char: int = 20):
        self.step, self.per_char = step, per_char

    def finditer(self, text: str):
        work = len(text) * self.per_char * (3 if len(text) > self.step else 1)
        sum(range(work))
        return iter(())


def test_a_one_off_step_in_cost_is_not_called_superlinear():
    # Between n and 4n the time grows 12x (4x the input, 3x the cost per character);
    # one scale up it grows 4x again, so the pattern is linear.
    n = regex_audit.SIZE
    stepped = _SteppedCost(step=2 * n)
    first = regex_audit.measure(stepped, regex_audit.FAMILIES["run of letters"], "letters", n, 3)
    assert first.ratio > regex_audit.RATIO_LIMIT
    assert regex_audit.check_pattern("stepped", stepped).ok
