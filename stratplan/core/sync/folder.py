"""Shared-folder sync: each laptop writes bundles only into its own sub-folder and reads everyone's.

Works over a USB stick, Nextcloud, Dropbox or Syncthing. A file still being copied is left for
next time; a cloud service's "conflicted copy" is just another copy of a bundle, and importing
a bundle twice changes nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stratplan.core import changes as _changes
from stratplan.core.changes import NOTHING, Changes
from stratplan.core.db.engine import backup
from stratplan.core.db.models import LocalState, SyncCredential, SyncOp
from stratplan.core.errors import BadFileError, NotFoundError, StratplanError, ValidationError
from stratplan.core.messages import Message
from stratplan.core.oplog.ops import Operation
from stratplan.core.sync import exporter, held, importer
from stratplan.core.sync.bundle import read_bundle, write_bundle
from stratplan.core.sync.credentials import Credential
from stratplan.core.workspace import Workspace, read_profile

SUFFIX = ".stratplan"
Progress = Callable[[int, int], None]


@dataclass
class FolderSummary:
    """What one pass over the shared folder did."""

    folder: str
    written: str = ""
    written_operations: int = 0
    imported: list[importer.ImportSummary] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    refused: list[tuple[str, Message]] = field(default_factory=list)  # file, why (in the reader's language)
    # What the imports changed in this store (for the windows to refresh from).
    changes: Changes = NOTHING

    def as_dict(self) -> dict[str, object]:
        return {"folder": self.folder, "written": self.written, "written_operations": self.written_operations,
                "imported": [i.as_dict() for i in self.imported], "waiting": self.waiting,
                "refused": [{"file": f, "reason": str(r)} for f, r in self.refused]}


def _noop(_d: int, _t: int) -> None:
    return None


@dataclass(frozen=True)
class _Outgoing:
    """What this laptop has not written into its sub-folder yet (read in the opening transaction)."""

    credentials: list[Credential]
    devices: dict[str, str]
    ops: list[Operation]
    vector: dict[str, int]
    coalition: str
    log_size: tuple[int, int]


def _open(ws: Workspace, key: str) -> tuple[dict[str, object], _Outgoing | None]:
    """What this laptop remembers of the folder and what it has to write there: one read.

    Refuses a coalition that cannot share."""
    with ws.store.transaction() as s:
        if not held.genesis_id(s):
            raise NotFoundError("This coalition is not set up for sharing; the shared folder cannot be used.")
        row = s.get(LocalState, key)
        state: dict[str, object] = dict(json.loads(row.value)) if row else {}
        return state, _outgoing(s, state)


def coalition_folder(ws: Workspace, root: Path) -> Path:
    """The coalition's folder inside the shared folder (one shared folder can serve several)."""
    return root / f"StratPlan-{ws.profile.coalition_id[:12]}"


def _candidates(base: Path, own: str) -> list[Path]:
    files = []
    for sub in sorted(p for p in base.iterdir() if p.is_dir() and p.name != own and not p.name.startswith(".")):
        for path in sorted(sub.iterdir()):
            # Partial copies (.part, cloud temp files) and hidden files are never read.
            if path.is_file() and path.name.endswith(SUFFIX) and not path.name.startswith((".", "~")):
                files.append(path)
    return files


def sync_folder(ws: Workspace, root: Path, *, progress: Progress = _noop) -> FolderSummary:
    """Write what is new into our sub-folder, then import every new file of the others."""
    root = Path(root).expanduser()
    if not root.is_dir():
        raise ValidationError("The shared folder {root} does not exist or is not a folder.",
                              root=root)
    key = f"folder:{root.resolve()}"
    state, outgoing = _open(ws, key)
    base = coalition_folder(ws, root)
    own = ws.identity.device_id
    summary = FolderSummary(str(base))
    try:
        (base / own).mkdir(parents=True, exist_ok=True)
        summary.written, summary.written_operations = _write_new(ws, base / own, state, outgoing)
    except OSError as exc:
        raise ValidationError("Cannot write into the shared folder {base}: {strerror}.",
                              base=base, strerror=exc.strerror) from exc
    seen = dict(state.get("seen", {}))  # type: ignore[call-overload]
    files = _candidates(base, own)
    backed_up = False
    for index, path in enumerate(files):
        progress(index, len(files))
        try:
            stat = path.stat()
        except OSError:
            continue
        mark = f"{stat.st_size}:{stat.st_mtime_ns}"
        rel = str(path.relative_to(base))
        if seen.get(rel) == mark:
            continue
        try:
            bundle = read_bundle(path)
        except BadFileError as exc:
            if "incomplete" in str(exc) and time.time() - stat.st_mtime < 24 * 3600:
                summary.waiting.append(rel)   # probably still being copied: try again next time
                continue
            summary.refused.append((rel, exc.message))
            seen[rel] = mark
            continue
        except StratplanError as exc:
            summary.refused.append((rel, exc.message))
            seen[rel] = mark
            continue
        try:
            if not backed_up:
                backup(ws.store.path, "before-folder-sync")
                backed_up = True
            with ws.store.transaction() as s:
                result = importer.import_bundle(s, bundle, source=rel, local_device=own, clock=ws.writer.clock)
                if result.joined:
                    ws.writer.profile = read_profile(s)
                summary.changes |= _changes.collect(s)
            if result.new or result.new_credentials:
                summary.imported.append(result)
        except StratplanError as exc:
            summary.refused.append((rel, exc.message))
        seen[rel] = mark
    state["seen"] = seen
    with ws.store.transaction() as s:
        if summary.imported:
            # What came in was read from this folder: it is there already, no need to write it again.
            credentials, total = _log_size(s)
            state.update({"written": exporter.version_vector(s), "credentials": credentials, "total": total})
        s.merge(LocalState(key=key, value=json.dumps(state, sort_keys=True)))
    progress(len(files), len(files))
    return summary


def _log_size(session: Session) -> tuple[int, int]:
    """How many credentials and operations the store holds: a cheap "anything new?" test."""
    return (session.scalar(select(func.count()).select_from(SyncCredential)) or 0,
            session.scalar(select(func.count()).select_from(SyncOp)) or 0)


def _outgoing(session: Session, state: dict[str, object]) -> _Outgoing | None:
    """A bundle's worth of what we have not yet written here; None when nothing changed."""
    since = {str(k): int(v) for k, v in dict(state.get("written", {})).items()}  # type: ignore[call-overload]
    creds, total = _log_size(session)
    if since and state.get("credentials") == creds and state.get("total") == total:
        return None
    credentials, devices, ops = exporter.collect(session, since=since or None)
    if not ops and state.get("credentials") == creds:
        state["total"] = total
        return None
    trust = held.load_trust(session)
    assert trust is not None
    return _Outgoing(credentials, devices, ops, exporter.version_vector(session), trust.coalition, (creds, total))


def _write_new(ws: Workspace, folder: Path, state: dict[str, object], out: _Outgoing | None) -> tuple[str, int]:
    """Write the bundle `out` into our sub-folder (nothing when there is nothing new)."""
    if out is None:
        return "", 0
    name = time.strftime("%Y%m%d-%H%M%S") + f"-{len(out.ops)}{SUFFIX}"
    write_bundle(folder / name, coalition=out.coalition, sender=ws.identity, devices=out.devices, ops=out.ops,
                 version_vector=out.vector, credentials=out.credentials)
    credentials, total = out.log_size
    state.update({"written": out.vector, "credentials": credentials, "total": total})
    return name, len(out.ops)
