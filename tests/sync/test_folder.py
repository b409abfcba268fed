"""Shared folder: each laptop writes only its own sub-folder; partial and conflicted copies are harmless."""

from __future__ import annotations

import shutil
from pathlib import Path

from stratplan.core.sync import folder
from tests.sync.laptops import Laptop, coalition_of_three


def _sync(laptop: Laptop, shared: Path) -> folder.FolderSummary:
    return folder.sync_folder(laptop.ws, shared)


def test_three_laptops_converge_through_a_shared_folder(tmp_path: Path) -> None:
    a, b, c = coalition_of_three(tmp_path)
    shared = tmp_path / "Nextcloud"
    shared.mkdir()
    try:
        a.draft("Training for police")
        b.draft("Ąžuolas: survivor shelters")
        c.draft("شبكة الحماية")   # right-to-left title
        for laptop in (a, b, c, a, b):
            _sync(laptop, shared)
        assert a.titles() == b.titles() == c.titles()
        assert len(a.titles()) == 3
        assert a.snapshot() == b.snapshot() == c.snapshot()
        base = folder.coalition_folder(a.ws, shared)
        # Each laptop wrote only into its own sub-folder.
        assert sorted(p.name for p in base.iterdir()) == sorted(x.ws.identity.device_id for x in (a, b, c))
        # Nothing new: a second pass writes and imports nothing.
        again = _sync(a, shared)
        assert again.written == "" and again.imported == []
    finally:
        for x in (a, b, c):
            x.close()


def test_half_copied_and_conflicted_copies_are_handled(tmp_path: Path) -> None:
    a, b, c = coalition_of_three(tmp_path)
    shared = tmp_path / "usb"
    shared.mkdir()
    try:
        b.draft("From beta")
        first = _sync(b, shared)
        base = folder.coalition_folder(b.ws, shared)
        written = base / b.ws.identity.device_id / first.written
        data = written.read_bytes()
        # A cloud service left a conflicted copy, and a second file is still being copied.
        shutil.copy(written, written.with_name(written.stem + " (conflicted copy 2026-11-28)" + folder.SUFFIX))
        partial = written.with_name("20991231-000000-9" + folder.SUFFIX)
        partial.write_bytes(data[: len(data) // 2])
        (written.parent / "ignored.stratplan.part").write_bytes(data[:10])
        before = a.dump()
        result = _sync(a, shared)
        assert a.titles() == ["From beta"]
        assert result.waiting == [str(partial.relative_to(base))]
        assert result.refused == []
        # The copy finishes: the next pass imports it (a duplicate: nothing new, no error).
        partial.write_bytes(data)
        later = _sync(a, shared)
        assert later.waiting == [] and later.refused == []
        assert a.dump() != before
    finally:
        for x in (a, b, c):
            x.close()


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    a, b, c = coalition_of_three(tmp_path)
    try:
        try:
            _sync(a, tmp_path / "nowhere")
        except Exception as exc:  # noqa: BLE001 - the message is what the user sees
            assert "does not exist" in str(exc)
        else:
            raise AssertionError("a missing folder must be refused")
    finally:
        for x in (a, b, c):
            x.close()
