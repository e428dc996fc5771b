"""README.md's example output is what tracker really prints, not a hand-copied version."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
RULE = "──"  # the demo's step headings are rich rules


def readme_blocks() -> dict[str, str]:
    """README's fenced blocks that show a command and its output: {'$ tracker ...': block}."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```\n(\$ tracker [^\n]*\n.*?)^```$", text, flags=re.M | re.S)
    return {block.split("\n", 1)[0]: block.rstrip("\n") for block in blocks}


def demo_block(demo: str, command: str) -> str:
    """The demo's output from the line `command` up to its next step heading."""
    lines = demo.split("\n")
    start = lines.index(command)
    end = next(
        (i for i in range(start + 1, len(lines)) if RULE in lines[i]),
        len(lines),
    )
    return "\n".join(lines[start:end]).rstrip("\n")


def test_readme_shows_what_the_demo_prints(cli):
    """The `$ tracker summary 1` and `$ tracker escalate 1` blocks, run in this test's
    throw-away TRACKER_HOME; and tests/golden/towel/ pins that same case."""
    demo = cli("demo").stdout
    blocks = readme_blocks()
    for command in ("$ tracker summary 1", "$ tracker escalate 1"):
        assert command in blocks, f"README.md has no ``` block starting with {command!r}"
        assert blocks[command] == demo_block(demo, command), f"README.md's {command!r} block"
    golden = (Path(__file__).parent / "golden" / "towel" / "chat.txt").read_text("utf-8")
    assert demo_block(demo, "$ tracker summary 1") == "$ tracker summary 1\n" + golden.rstrip()
