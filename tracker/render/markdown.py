"""Markdown, for an email or a note: user text shown as typed, never as formatting."""

from __future__ import annotations

import re

from tracker import i18n
from tracker.i18n import _
from tracker.parse import safe
from tracker.prose.doc import Doc, Facts, Items, Line, Para, Quote
from tracker.render.excerpt import excerpt

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(value: object) -> str:
    """Text inside Markdown: shown as typed, never as formatting."""
    return _MD_SPECIAL.sub(r"\\\1", safe(value))


def line(parts: Line, case: int | None, hang: str = "") -> str:
    out = []
    for run in parts:
        shown, more = excerpt(run.text, case) if run.long else (run.text, "")
        text = (shown if run.own else md(shown)).replace("\n", "  \n" + hang) + (
            f" {more}" if more else ""
        )
        out.append(f"**{text}**" if run.strong else text)
    return "".join(out)


def document(doc: Doc) -> str:
    case = doc.case
    lines = [f"# {line(doc.title, None)}"]
    for group in doc.header:
        lines += ["", "  \n".join(line(x, case) for x in group)]
    for section in doc.sections:
        if section.value is not None:
            lines += ["", f"**{md(section.heading)}:** {line(section.value, case)}"]
            continue
        lines += ["", f"## {md(section.heading)}"]
        for block in section.blocks:
            lines.append("")
            if isinstance(block, Para):
                lines.append(line(block.line, case))
            elif isinstance(block, Quote):
                lines.append(f"> {line(block.line, case)}")
            elif isinstance(block, Facts):
                lines += [f"- **{md(k)}:** {line(v, case, '  ')}" for k, v in block.rows]
            elif isinstance(block, Items):
                for i, item in enumerate(block.items, 1):
                    mark = f"{i}." if block.numbered else "-"
                    lines.append(f"{mark} {line(item.line, case, '  ')}")
                    lines += [f"   - {md(k)}: {line(v, case, '     ')}" for k, v in item.facts]
    return "\n".join(lines) + "\n"


def chat(summary) -> str:
    company = md(summary.company) or _("the company")
    heading = _("## Message for {company}'s chat: case #{case}").format(
        company=company, case=summary.case
    )
    text = f"{heading}\n\n{md(summary.message)}\n"
    if i18n.lang() != "en" and summary.text_sw:
        from tracker.render.text import NOT_TO_SEND

        text += f"\n## {md(_(NOT_TO_SEND).rstrip(':'))}\n\n{md(summary.text_sw)}\n"
    return text
