"""Where data lives and who is using tracker. No database imports here."""

from __future__ import annotations

import contextvars
import getpass
import os
from pathlib import Path

# The command line being run (set by tracker.cli): the journal keeps it with each change.
COMMAND: contextvars.ContextVar[str | None] = contextvars.ContextVar("COMMAND", default=None)


def home() -> Path:
    """The data folder: `TRACKER_HOME`, or the platform's user data folder."""
    env = os.environ.get("TRACKER_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("tracker", appauthor=False))


def database_url() -> str:
    url = os.environ.get("TRACKER_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{home() / 'tracker.db'}"


def user() -> str:
    """Who is logging: `TRACKER_USER`, or the operating-system user."""
    name = os.environ.get("TRACKER_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"
