"""The Markdown preview loads nothing and opens only web links, and only on click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from pytestqt.qtbot import QtBot

from stratplan.ui.widgets.markdown_preview import MarkdownPreview


def test_preview_renders_and_refuses_remote_content(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    view = MarkdownPreview()
    qtbot.addWidget(view)
    view.show_markdown("# Title\n\n![x](https://tracker.example/pixel.png) <b>raw</b> [site](https://example.org)")
    assert view.toPlainText().startswith("Title")
    assert "<b>raw</b>" in view.toPlainText()  # raw HTML shown as text
    assert view.loadResource(QTextDocument.ResourceType.ImageResource.value,
                             QUrl("https://tracker.example/pixel.png")) is None
    assert opened == []  # nothing opened by merely showing the text
    view.anchorClicked.emit(QUrl("https://example.org"))
    view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == ["https://example.org"]


def test_arabic_text_runs_right_to_left(qtbot: QtBot) -> None:
    view = MarkdownPreview()
    qtbot.addWidget(view)
    view.show_markdown("مكافحة الاتجار بالبشر في كل مكان")
    direction = view.document().firstBlock().blockFormat().layoutDirection()
    assert direction == Qt.LayoutDirection.RightToLeft
    view.show_markdown("Lietuvių tekstas")
    assert view.document().firstBlock().blockFormat().layoutDirection() == Qt.LayoutDirection.LeftToRight
