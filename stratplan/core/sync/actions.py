"""Send and receive changes for an open workspace: one transaction per file, a backup first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from stratplan.core.db.engine import backup
from stratplan.core.sync import exporter, importer
from stratplan.core.sync.bundle import read_bundle
from stratplan.core.workspace import Workspace, read_profile

Progress = Callable[[int, int], None]


def _noop(_d: int, _t: int) -> None:
    return None


def send(ws: Workspace, path: Path, *, peer: str = "", progress: Progress = _noop) -> exporter.ExportSummary:
    """Write a bundle of everything this store holds, or of what `peer` lacks."""
    with ws.store.transaction() as s:
        return exporter.export_bundle(s, path, identity=ws.identity, peer=peer, progress=progress)


def receive(ws: Workspace, paths: Sequence[Path], *, progress: Progress = _noop) -> list[importer.ImportSummary]:
    """Import bundle files, each completely or not at all (a refused file raises; the files
    before it stay imported, which is what the director was told)."""
    out: list[importer.ImportSummary] = []
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
        out.append(summary)
    progress(1, 1)
    return out
