"""Golden files: the exact words tracker prints for the fixed stories in tests/stories.py.

They are the product, reviewed by a person. After a deliberate change to the wording,
regenerate them with `pytest tests/test_golden.py --update-goldens` (or
TRACKER_UPDATE_GOLDENS=1) and read the diff before committing it. They are the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.stories import STORIES

GOLDEN = Path(__file__).parent / "golden"

# file name -> the command line whose stdout it holds ({case} is the story's case number)
OUTPUTS = {
    "chat.txt": ("summary", "{case}"),
    "chat.md": ("summary", "{case}", "--format", "markdown"),
    "brief.txt": ("summary", "{case}", "--for", "manager"),
    "brief.md": ("summary", "{case}", "--for", "manager", "--format", "markdown"),
    "next.txt": ("next", "{case}"),
}


@pytest.mark.parametrize("name", sorted(STORIES))
def test_story_prints_its_golden_files(cli, now, pytestconfig, name):
    case = STORIES[name](cli, now)
    folder = GOLDEN / name
    update = pytestconfig.getoption("--update-goldens")
    differ: list[str] = []
    shown = ""
    for filename, command in OUTPUTS.items():
        actual = cli(*(part.format(case=case) for part in command)).stdout
        path = folder / filename
        if update:
            folder.mkdir(exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            continue
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        if expected != actual:
            differ.append(filename)
            shown = shown or "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    f"tests/golden/{name}/{filename}",
                    "tracker prints",
                )
            )
    assert not differ, (
        f"tracker's output differs from tests/golden/{name}/ {differ}; if the change is "
        f"meant, rerun with --update-goldens and review the diff.\n{shown}"
    )


def test_every_golden_folder_has_a_story():
    """A story renamed or removed leaves no stale golden files behind."""
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == sorted(STORIES)
