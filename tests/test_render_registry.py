"""The renderers of `tracker.render` are found by the record's class name, so that
printing one kind of record imports no other kind's prose. Every name must be a
real class, and printing a record must not import the others' modules."""

from __future__ import annotations

import importlib
import subprocess
import sys

from tracker import render


def _resolve(name: str) -> type:
    module, _, qualname = name.rpartition(".")
    found = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    assert isinstance(found, type), name
    return found


def test_every_renderer_name_is_a_class_and_its_own_name():
    names = [*render._text_renderers(), *render._markdown_renderers()]
    assert set(render.MARKDOWN_KINDS) <= set(render._text_renderers())
    for name in names:
        kind = _resolve(name)
        assert f"{kind.__module__}.{kind.__qualname__}" == name


def test_a_record_renders_through_its_name(cli, towel_case):
    from tracker.prose.brief import Brief

    assert render.kind_of(Brief.__new__(Brief)) == "tracker.prose.brief.Brief"
    # through the CLI: each kind prints in text and, where it has one, markdown
    assert "red towel" in cli("case", "show", "1").stdout
    assert cli("summary", "1", "--for", "manager", "--format", "markdown").stdout.startswith("#")
    assert cli("summary", "1", "--format", "markdown").stdout.strip()
    assert cli("next", "1").stdout.strip()
    refused = cli("case", "show", "1", "--format", "markdown", code=None)
    assert refused.exit_code != 0


def test_printing_an_agenda_imports_no_summary_prose(tmp_path):
    """`due` (text) needs the agenda's renderer only: not the brief, chat or advice."""
    code = (
        "import sys\n"
        "from tracker import casefile as cf, render\n"
        "from datetime import date\n"
        "agenda = cf.Agenda(today=date(2026, 11, 30), days=7, deadline_days=14, deadlines=[],"
        " overdue_promises=[], follow_ups=[], waiting=[], totals={}, limit=50)\n"
        "render.render(agenda, 'text')\n"
        "print(sorted(m for m in sys.modules if m.startswith('tracker.prose.')"
        " and m.split('.')[-1] in ('brief', 'chat', 'advice')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "[]"
