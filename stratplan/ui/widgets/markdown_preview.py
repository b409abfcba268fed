"""A Markdown preview that loads nothing and opens links in the browser only on click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser

from stratplan.core.export.markdown_html import looks_right_to_left, page, render_markdown

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


class MarkdownPreview(QTextBrowser):
    """Rendered Markdown; images and other resources are never fetched."""

    link_opened = Signal(QUrl)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)

    def show_markdown(self, text: str) -> None:
        direction = "rtl" if looks_right_to_left(text) else "ltr"
        self.setHtml(page(render_markdown(text), direction=direction))

    def loadResource(self, type: int, name: QUrl | str) -> Any:  # noqa: A002 - Qt's name
        # Nothing from the network or disk: a body cannot make the laptop phone home.
        return None

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)
            self.link_opened.emit(url)
