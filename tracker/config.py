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


def ensure_home() -> Path:
    """The data folder, created private to the user (0700) if missing. An existing
    folder is used as it is: it may be a shared one the user pointed TRACKER_HOME at."""
    from tracker.errors import TrackerError
    from tracker.files import private_folder
    from tracker.i18n import _

    folder = home()
    if folder.exists() and not folder.is_dir():
        raise TrackerError(
            _("the data folder {folder} is a file (check TRACKER_HOME)").format(folder=folder)
        )
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        private_folder(folder)
    except OSError as exc:
        raise TrackerError(
            _("cannot use the data folder {folder}: {reason}").format(
                folder=folder, reason=exc.strerror
            )
        ) from None
    return folder


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
