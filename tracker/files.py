"""Files tracker writes for the user (exports, briefs): private and atomic."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tracker.errors import TrackerError


def target_file(path: Path | str, *, force: bool = True, hint: str = "a file name") -> Path:
    """Check, before anything is written anywhere, that `path` can take a new file."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise TrackerError(f"{path} is a folder; give {hint}")
    if path.exists() and not force:
        raise TrackerError(f"{path} already exists; choose another path (or --force)")
    if not path.parent.is_dir():
        raise TrackerError(f"folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise TrackerError(f"folder {path.parent} is not writable")
    return path


def write_private(path: Path, text: str) -> None:
    """Write `text` atomically, readable by the user only (0600) from the start:
    these files hold names, order and reference numbers."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
