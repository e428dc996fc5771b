"""Files kept with a case: copied into the data folder with their SHA-256."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from sqlmodel import Session, select

from tracker import config
from tracker.errors import TrackerError
from tracker.models import Evidence
from tracker.parse import now, user_text
from tracker.services.common import find_case, record
from tracker.vocab import HistoryEvent


def evidence_folder() -> Path:
    folder = config.ensure_home() / "evidence"
    folder.mkdir(exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def add_evidence(*, session: Session, case: str, file: Path, note: str | None = None) -> Evidence:
    target = find_case(session, case)
    source = Path(file).expanduser()
    if source.is_dir():
        raise TrackerError(f"{source} is a folder; give a file (or zip the folder first)")
    if not source.is_file():
        raise TrackerError(f"no such file: {source}")
    note = user_text(note, "--note")
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    same = session.exec(
        select(Evidence).where(Evidence.case_id == target.id, Evidence.sha256 == sha)
    ).first()
    if same is not None:
        raise TrackerError(
            f"case #{target.id} already keeps this file (evidence {same.id}, {same.original_name})"
        )
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "_", source.name)[-100:] or "file"
    relative = Path(str(target.id)) / f"{sha[:12]}-{safe_name}"
    destination = evidence_folder() / relative
    destination.parent.mkdir(exist_ok=True)
    os.chmod(destination.parent, 0o700)
    created = not destination.exists()
    if created:
        tmp = destination.with_suffix(destination.suffix + ".part")
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, destination)
    item = Evidence(
        case_id=target.id,
        file=str(relative),
        original_name=source.name,
        sha256=sha,
        size=source.stat().st_size,
        note=note,
        added_at=now(),
    )
    session.add(item)
    try:
        session.flush()
        record(session, target, HistoryEvent.evidence, f"added {source.name}")
    except Exception:
        if created:
            destination.unlink(missing_ok=True)
        raise
    return item
