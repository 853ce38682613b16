#!/usr/bin/env python3
"""ci/check_spec_rules.py: match the rule IDs defined in ffi/c/SPEC.md with the tests that cite them.

A rule is defined in SPEC.md by a bold bracketed ID, e.g. ``**[ANY-ZERO-PADDING]**``. A test cites
rules in a comment, ``// SPEC: ANY-ZERO-PADDING`` or ``# SPEC: STR-SMALL, STR-HEAP``. The script
prints every rule with the number of citations and citing files, and exits 1 when a rule has no
citation or when a test cites an ID that SPEC.md does not define. ``--report-only`` always exits 0.
"""  # noqa: E501 - the first line is the --help description, kept as printed

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "ffi" / "c" / "SPEC.md"
TEST_TREES = ("ffi/c/tests", "ffi/cpp/tests", "ffi/python/tests", "ffi/rust", "conformance")
SKIP_DIRS = {".git", "target", "build", "_build", "__pycache__", "node_modules", ".pytest_cache"}
MAX_FILE_BYTES = 4 << 20

RULE_ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"
DEFINITION = re.compile(r"\*\*\[(" + RULE_ID + r")\]\*\*")
HEADING = re.compile(r"^(#{2,3})\s+(§[0-9.]+)")
# "SPEC:" followed by one or more IDs separated by commas, spaces or brackets.
CITATION = re.compile(r"SPEC:\s*\[?(" + RULE_ID + r"(?:\]?\s*(?:,\s*|\s+)\[?" + RULE_ID + r")*)")
# Placeholders used when documenting the convention itself.
PLACEHOLDERS = {"RULE-ID", "AREA-TOPIC"}
# closest_rule suggests a defined rule only from this similarity score up.
MIN_SUGGESTION_SCORE = 0.6
# An undefined ID lists this many citing places, then a count of the rest.
MAX_PLACES_SHOWN = 3


@dataclass
class Rule:
    """A rule defined in SPEC.md and the places that cite it."""

    rule_id: str
    section: str
    line: int
    citations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def files(self) -> set[str]:
        """The distinct files that cite the rule."""
        return {path for path, _ in self.citations}


def parse_spec(path: Path) -> tuple[dict[str, Rule], list[str]]:
    """Return the rules defined in SPEC.md, in order, and any duplicate-definition errors."""
    rules: dict[str, Rule] = {}
    errors: list[str] = []
    section = "§0"
    in_code = False
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        heading = HEADING.match(line)
        if heading:
            section = heading.group(2)
        for rule_id in DEFINITION.findall(line):
            if rule_id in rules:
                errors.append(
                    f"{path.name}:{lineno}: rule {rule_id} is already defined on line "
                    f"{rules[rule_id].line}"
                )
                continue
            rules[rule_id] = Rule(rule_id, section, lineno)
    return rules, errors


def iter_test_files(root: Path, trees: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    """Yield (path, text) of every readable text file under the test trees, but not build output."""
    for tree in trees:
        base = root / tree
        if not base.exists():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or any(part in SKIP_DIRS for part in path.parts):
                continue
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if b"\0" in data:
                continue
            yield path, data.decode("utf-8", errors="replace")


def find_citations(text: str) -> list[tuple[int, str]]:
    """Return (line, rule ID) for every rule cited in the text."""
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for match in CITATION.finditer(line):
            for rule_id in re.findall(RULE_ID, match.group(1)):
                if rule_id not in PLACEHOLDERS:
                    found.append((lineno, rule_id))
    return found


def closest_rule(rule_id: str, known: list[str]) -> str | None:
    """Suggests the defined rule most similar to an undefined one (shared words, then spelling)."""
    words = set(rule_id.split("-"))

    def score(candidate: str) -> float:
        other = set(candidate.split("-"))
        shared = 2 * len(words & other) / (len(words) + len(other))
        return shared + 0.5 * difflib.SequenceMatcher(None, rule_id, candidate).ratio()

    best = max(known, key=score, default=None)
    return best if best is not None and score(best) >= MIN_SUGGESTION_SCORE else None


def main(argv: list[str] | None = None) -> int:
    """Check the rule citations and print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report-only", action="store_true", help="always exit 0")
    parser.add_argument("--spec", type=Path, default=SPEC, help="path to SPEC.md")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    parser.add_argument("--missing-only", action="store_true", help="list only uncited rules")
    parser.add_argument(
        "--allow-uncovered",
        action="store_true",
        help="report rules without a test but fail only on undefined or duplicate IDs",
    )
    args = parser.parse_args(argv)

    rules, errors = parse_spec(args.spec)
    if not rules:
        print(f"error: no rule IDs found in {args.spec}", file=sys.stderr)
        return 0 if args.report_only else 1

    unknown: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, text in iter_test_files(args.root, TEST_TREES):
        rel = path.relative_to(args.root).as_posix()
        for lineno, rule_id in find_citations(text):
            if rule_id in rules:
                rules[rule_id].citations.append((rel, lineno))
            else:
                unknown[rule_id].append((rel, lineno))

    width = max(len(rule_id) for rule_id in rules)
    print(f"{'section':<8} {'rule':<{width}} {'cites':>5} {'files':>5}")
    for rule in rules.values():
        if args.missing_only and rule.citations:
            continue
        mark = "" if rule.citations else "   <-- no test"
        print(
            f"{rule.section:<8} {rule.rule_id:<{width}} {len(rule.citations):>5} "
            f"{len(rule.files):>5}{mark}"
        )

    missing = [rule.rule_id for rule in rules.values() if not rule.citations]
    for rule_id, places in sorted(unknown.items()):
        where = ", ".join(f"{p}:{n}" for p, n in places[:MAX_PLACES_SHOWN])
        extra = len(places) - MAX_PLACES_SHOWN
        more = f" (+{extra} more)" if extra > 0 else ""
        guess = closest_rule(rule_id, list(rules))
        hint = f"; did you mean {guess}?" if guess else ""
        errors.append(f"undefined rule {rule_id} cited at {where}{more}{hint}")

    covered = len(rules) - len(missing)
    print(
        f"\n{len(rules)} rules, {covered} cited by tests, {len(missing)} without a test, "
        f"{len(unknown)} undefined IDs cited"
    )
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if missing:
        print(f"error: {len(missing)} rules have no test", file=sys.stderr)
    failed = bool(errors) or (bool(missing) and not args.allow_uncovered)
    return 0 if args.report_only or not failed else 1


if __name__ == "__main__":
    sys.exit(main())
