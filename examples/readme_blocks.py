# examples/readme_blocks.py: prints the ```bash blocks of a README as one script, for CI.
"""Extract the shell commands of an example's README so that CI runs exactly what users read.

Usage::

    python3 examples/readme_blocks.py README.md [--skip TAG,...] [--only TAG]

Every fenced ``bash`` block is printed, in order. A block may carry a tag on the line before
its fence, ``<!-- block: TAG -->``; ``--skip`` leaves out the blocks with those tags (for
example the Rust steps on a machine without cargo) and ``--only`` keeps only the blocks with
that tag (to run one part of a README in another environment). The special tag ``not-run``
marks a block that CI never runs (one that installs what the CI script already installed). Exits
non-zero when the README has no block to run, so a renamed fence cannot silently test nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_TAG = re.compile(r"^<!--\s*block:\s*([\w-]+)\s*-->$")


def bash_blocks(text: str) -> list[tuple[str | None, str]]:
    """Return ``(tag, body)`` for every fenced bash block of ``text``."""
    blocks: list[tuple[str | None, str]] = []
    lines = text.splitlines()
    tag: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        match = _TAG.match(line)
        if match:
            tag = match.group(1)
        elif line == "```bash":
            end = lines.index("```", i + 1)
            blocks.append((tag, "\n".join(lines[i + 1 : end])))
            tag, i = None, end
        elif line:
            tag = None
        i += 1
    return blocks


def main() -> int:
    """Print the selected blocks of the README named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", type=Path)
    parser.add_argument("--skip", default="", help="comma-separated tags to leave out")
    parser.add_argument("--only", default=None, help="run only the blocks with this tag")
    args = parser.parse_args()
    skip = {"not-run", *filter(None, args.skip.split(","))}
    blocks = [
        body
        for tag, body in bash_blocks(args.readme.read_text())
        if tag not in skip and (args.only is None or tag == args.only)
    ]
    if not blocks:
        print(f"readme_blocks: no bash block to run in {args.readme}", file=sys.stderr)
        return 1
    print("\n".join(blocks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
