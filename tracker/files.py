"""Files and folders tracker writes for the user: private, atomic, and never
anything tracker did not create.

tracker often runs as root, so a path it is given may be /dev/null, a FIFO, a
link into a system folder or a shared folder. The rules, in one place:

- A file is written to a temporary file in the same folder, created 0600 with
  O_EXCL, then renamed over the target: a symbolic or hard link is replaced,
  never written through, and a reader never sees half a file.
- A target must be a missing path or a regular file; an existing file is
  replaced only with --force. Devices, FIFOs, sockets, folders and dangling
  links are refused.
- Permissions are set only on what tracker creates, when it creates it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import TrackerError
from tracker.i18n import N_, _

# what a refused path is asked to be instead, unless the caller names it better
A_FILE_NAME = N_("a file name")


def writable(path: Path) -> bool:
    """Whether `path` may be written: root passes os.access on anything not on a
    read-only mount, so a file or folder with no write bit also counts as
    made read-only by its owner."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & 0o222)


def target_file(path: Path | str, *, force: bool, hint: str = A_FILE_NAME) -> Path:
    """Check, before anything is written anywhere, that `path` can take a new file."""
    hint = _(hint)  # marked with N_() where it is defined, said in the language in force
    if str(path) == "":
        raise TrackerError(_("an empty path was given; give {hint}").format(hint=hint))
    path = Path(path).expanduser()
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise TrackerError(
            _("cannot use {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    if link is not None:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            raise TrackerError(
                _(
                    "{path} is a symbolic link to a missing file; give {hint} (it is not followed)"
                ).format(path=path, hint=hint)
            ) from None
        if stat.S_ISDIR(mode):
            raise TrackerError(_("{path} is a folder; give {hint}").format(path=path, hint=hint))
        if not stat.S_ISREG(mode):
            raise TrackerError(
                _("{path} is not a regular file (a device, FIFO or socket); give {hint}").format(
                    path=path, hint=hint
                )
            )
        if not force:
            raise TrackerError(
                _("{path} already exists; choose another path (or --force)").format(path=path)
            )
    if not path.parent.is_dir():
        raise TrackerError(_("folder {parent} does not exist").format(parent=path.parent))
    if not writable(path.parent):
        raise TrackerError(
            _("cannot write {path}: folder {parent} is read-only").format(
                path=path, parent=path.parent
            )
        )
    return path


@contextmanager
def new_private_file(path: Path | str, *, force: bool, hint: str = A_FILE_NAME) -> Iterator[Path]:
    """The one way tracker writes a file for the user.

    Yields a temporary file (0600, created with O_EXCL next to the target) to
    fill; when the block ends it takes the target's place with one rename, or
    is removed if the block fails, however it fails (Ctrl-C included).
    """
    target = target_file(path, force=force, hint=hint)
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise TrackerError(
            _("cannot write in folder {parent}: {reason}").format(
                parent=target.parent, reason=exc.strerror
            )
        ) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # The target may have appeared (or changed kind) meanwhile: look again.
        target_file(target, force=force, hint=hint)
        if force or not _link_new(tmp, target):
            os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _link_new(tmp: Path, target: Path) -> bool:
    """Put `tmp` at `target` only if nothing is there (no --force), atomically;
    False where the file system has no hard links."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise TrackerError(
            _("{path} already exists; choose another path (or --force)").format(path=target)
        ) from None
    except OSError:
        return False
    tmp.unlink()
    return True


def write_private(
    path: Path | str, text: str | Iterable[str], *, force: bool, hint: str = A_FILE_NAME
) -> Path:
    """Write `text` (or its pieces, as they come: a streamed export) as a private
    file at `path` (see new_private_file)."""
    with new_private_file(path, force=force, hint=hint) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                handle.writelines([text] if isinstance(text, str) else text)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise TrackerError(
                _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from None
    return Path(path).expanduser()


def private_folder(path: Path) -> Path:
    """A folder for tracker's files: created 0700 if missing; an existing one is
    used as it is (it may be a shared folder the user chose)."""
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        if not path.is_dir():
            raise TrackerError(_("{path} is a file, not a folder").format(path=path)) from None
        return path
    os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask
    return path


def ensure_home() -> Path:
    """The data folder, created private to the user (0700) if missing. An existing
    folder is used as it is: it may be a shared one the user pointed TRACKER_HOME at."""
    from tracker.config import home

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
