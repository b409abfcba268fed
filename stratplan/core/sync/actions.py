"""Send and receive changes for an open workspace: one transaction per file, a backup first.

Receiving and the hub sync run in a worker thread with their own transactions; what they
changed comes back as a `Changes` record (collected before each transaction ends), which the
window publishes so that every open window shows what arrived.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from stratplan.core import changes as _changes
from stratplan.core.changes import NOTHING, Changes
from stratplan.core.db.engine import backup
from stratplan.core.sync import exporter, hub, importer
from stratplan.core.sync.bundle import read_bundle
from stratplan.core.workspace import Workspace, read_profile

Progress = Callable[[int, int], None]


def _noop(_d: int, _t: int) -> None:
    return None


def send(ws: Workspace, path: Path, *, peer: str = "", progress: Progress = _noop) -> exporter.ExportSummary:
    """Write a bundle of everything this store holds, or of what `peer` lacks."""
    with ws.store.transaction() as s:
        return exporter.export_bundle(s, path, identity=ws.identity, peer=peer, progress=progress)


@dataclass(frozen=True)
class Received:
    """What receiving files did: one summary per file, and everything they changed."""

    summaries: tuple[importer.ImportSummary, ...]
    changes: Changes = NOTHING


def receive(ws: Workspace, paths: Sequence[Path], *, progress: Progress = _noop) -> list[importer.ImportSummary]:
    """Import bundle files, each completely or not at all (a refused file raises; the files
    before it stay imported, which is what the director was told)."""
    return list(receive_files(ws, paths, progress=progress).summaries)


def receive_files(ws: Workspace, paths: Sequence[Path], *, progress: Progress = _noop) -> Received:
    """`receive`, also saying what changed (for the windows to refresh from)."""
    out: list[importer.ImportSummary] = []
    changed = NOTHING
    backed_up = False
    for index, path in enumerate(paths):
        bundle = read_bundle(path)   # verify the whole file before touching the store

        def step(done: int, total: int, index: int = index) -> None:
            progress(index * 1000 + (1000 * done // max(total, 1)), 1000 * len(paths))

        if not backed_up and bundle.ops:
            backup(ws.store.path, "before-import")
            backed_up = True
        with ws.store.transaction() as s:
            summary = importer.import_bundle(s, bundle, source=path.name, local_device=ws.identity.device_id,
                                             clock=ws.writer.clock, progress=step)
            if summary.joined:
                ws.writer.profile = read_profile(s)
            changed |= _changes.collect(s)
        out.append(summary)
    progress(1, 1)
    return Received(tuple(out), changed)


def sync_hub(ws: Workspace, url: str, *, progress: Progress = _noop) -> hub.HubSummary:
    """Push to and pull from a PostgreSQL hub in one transaction here; the summary says what changed."""
    with ws.store.transaction() as s:
        _changes.collect(s)
        summary = hub.sync_hub(s, url, identity=ws.identity, local_device=ws.identity.device_id,
                               clock=ws.writer.clock, progress=progress)
        if summary.imported.joined:
            ws.writer.profile = read_profile(s)
        return dataclasses.replace(summary, changes=_changes.collect(s))
