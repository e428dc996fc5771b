"""Files kept with a case: copied into the data folder with their SHA-256."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

from sqlmodel import Session, select

from tracker.errors import TrackerError
from tracker.files import ensure_home, private_folder
from tracker.i18n import _
from tracker.models import Evidence
from tracker.parse import now, user_text
from tracker.services.common import find_case, record
from tracker.vocab import HistoryEvent

CHUNK = 1 << 20


def evidence_folder() -> Path:
    return private_folder(ensure_home() / "evidence")


def _open_source(source: Path) -> int:
    """Open a file to keep, refusing anything but a regular file before reading
    a byte: a FIFO would block and /dev/zero never end."""
    try:
        mode = os.stat(source).st_mode
    except FileNotFoundError:
        raise TrackerError(_("no such file: {source}").format(source=source)) from None
    except OSError as exc:
        raise TrackerError(
            _("cannot read {source}: {reason}").format(source=source, reason=exc.strerror)
        ) from None
    if stat.S_ISDIR(mode):
        raise TrackerError(
            _("{source} is a folder; give a file (or zip the folder first)").format(source=source)
        )
    if not stat.S_ISREG(mode):
        raise TrackerError(
            _("{source} is not a regular file (a device, FIFO or socket)").format(source=source)
        )
    try:
        # O_NONBLOCK: it may have been swapped for a FIFO since the stat.
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise TrackerError(
            _("cannot read {source}: {reason}").format(source=source, reason=exc.strerror)
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise TrackerError(
            _("{source} is not a regular file (a device, FIFO or socket)").format(source=source)
        )
    os.set_blocking(fd, True)
    return fd


def _copy(source: Path, folder: Path) -> tuple[Path, str, int]:
    """Copy `source` into a new private temporary file in `folder`, hashing the
    bytes as they are written: (temporary file, sha256, size written). The hash
    and size describe the copy kept, even if the source changes meanwhile."""
    fd = _open_source(source)
    try:
        out, name = tempfile.mkstemp(dir=folder, prefix=".evidence-", suffix=".part")  # 0600
    except OSError as exc:
        os.close(fd)
        raise TrackerError(
            _("cannot write in {folder}: {reason}").format(folder=folder, reason=exc.strerror)
        ) from None
    tmp = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "rb") as reader:
            while True:
                try:
                    chunk = reader.read(CHUNK)
                except OSError as exc:
                    raise TrackerError(
                        _("cannot read {source}: {reason}").format(
                            source=source, reason=exc.strerror
                        )
                    ) from None
                if not chunk:
                    break
                _write_all(out, chunk, folder)
                digest.update(chunk)
                size += len(chunk)
        try:
            os.fsync(out)
        except OSError as exc:
            raise TrackerError(
                _("cannot write in {folder}: {reason}").format(folder=folder, reason=exc.strerror)
            ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        os.close(out)
    return tmp, digest.hexdigest(), size


def _write_all(fd: int, data: bytes, folder: Path) -> None:
    """Write all of `data`; a full disk is about `folder`, not the file copied."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except OSError as exc:
            raise TrackerError(
                _("cannot write in {folder}: {reason}").format(folder=folder, reason=exc.strerror)
            ) from None
        view = view[written:]


def add_evidence(*, session: Session, case: str, file: Path, note: str | None = None) -> Evidence:
    """Keep a copy of `file` with a case. All or nothing: if anything fails, up to
    the transaction's commit, no copy (nor temporary file) stays behind."""
    target = find_case(session, case)
    assert target.id is not None  # a stored case
    source = Path(file).expanduser()
    note = user_text(note, "--note")
    case_folder = private_folder(evidence_folder() / str(target.id))
    tmp, sha, size = _copy(source, case_folder)
    try:
        same = session.exec(
            select(Evidence).where(Evidence.case_id == target.id, Evidence.sha256 == sha)
        ).first()
        if same is not None:
            raise TrackerError(
                _("case #{id} already keeps this file (evidence {same}, {name})").format(
                    id=target.id, same=same.id, name=same.original_name
                )
            )
        safe_name = re.sub(r"[^A-Za-z0-9._-]+", "_", source.name)[-100:] or "file"
        relative = Path(str(target.id)) / f"{sha[:12]}-{safe_name}"
        destination = case_folder / relative.name
        created = not destination.exists()
        os.replace(tmp, destination)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if created:
        # Undone if the transaction fails, up to and including its commit.
        session.info.setdefault("undo", []).append(lambda: destination.unlink(missing_ok=True))
    item = Evidence(
        case_id=target.id,
        file=str(relative),
        original_name=source.name,
        sha256=sha,
        size=size,
        note=note,
        added_at=now(),
    )
    session.add(item)
    session.flush()
    record(session, target, HistoryEvent.evidence, f"added {source.name}")
    return item
