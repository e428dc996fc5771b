"""The `cli` fixture shares one Click command across the suite: prove that is safe."""

from __future__ import annotations


def test_the_command_is_built_once(cli):
    assert type(cli)().command is cli.command
    assert cli("--version").exit_code == 0


def test_the_shared_command_reads_the_environment_when_it_runs(cli, now, tmp_path, monkeypatch):
    now("2026-11-10T12:00:00")
    monkeypatch.setenv("TRACKER_USER", "ana")
    cli("case", "open", "First")
    first = cli.json("case", "show", "1")
    assert first["opened_at"].startswith("2026-11-10T12:00")
    assert first["history"][0]["actor"] == "ana"

    now("2026-12-01T08:30:00")
    monkeypatch.setenv("TRACKER_USER", "ben")
    cli("case", "open", "Second")
    second = cli.json("case", "show", "2")
    assert second["opened_at"].startswith("2026-12-01T08:30")
    assert second["history"][0]["actor"] == "ben"

    monkeypatch.setenv("TRACKER_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)  # PostgreSQL: back to SQLite
    assert cli.json("case", "list", "--status", "all") == []
