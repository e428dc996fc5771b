"""Long user text (a pasted transcript) in a brief: its start, and where to read the rest.

In text and Markdown a field longer than LONG_FIELD characters shows its first
LONG_EXCERPT characters; shorter fields, however many lines, are shown whole.
JSON always has everything.
"""

from __future__ import annotations

LONG_FIELD = 2000
LONG_EXCERPT = 600


def excerpt(value: str, case: int | None) -> tuple[str, str]:
    """(what to show, the note saying what was left out) for one user field."""
    if case is None or len(value) <= LONG_FIELD:
        return value, ""
    cut = value[:LONG_EXCERPT]
    if " " in cut[LONG_EXCERPT // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip()
    from tracker.i18n import _

    note = _("{n} more characters; full text in `tracker case show {case} --json`")
    return cut, "… (" + note.format(n=f"{len(value) - len(cut):,}", case=case) + ")"
