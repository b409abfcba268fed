"""Waiting for the consolidation window's finder, which runs in a worker thread."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from stratplan.ui.consolidation.window import ConsolidationWindow


def found(qtbot: QtBot, win: ConsolidationWindow) -> ConsolidationWindow:
    """Wait until the suggestions being looked for are shown (the progress bar is gone)."""
    qtbot.waitUntil(lambda: not win.finder.running and not win._refind.isActive(), timeout=30000)
    assert not win.progress.isVisible()
    return win
