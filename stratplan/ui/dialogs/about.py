"""About StratPlan: version, this laptop's key fingerprint, where the data lives."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget

from stratplan import __version__


class AboutDialog:
    """A message box; `text()` is separate so tests can read it."""

    @staticmethod
    def text(fingerprint: str, store_path: str, data_folder: str) -> str:
        from PySide6.QtCore import QCoreApplication

        tr = QCoreApplication.translate
        return (
            f"<h3>StratPlan {html.escape(__version__)}</h3>"
            f"<p>{tr('About', 'Build one strategic programme together: draft offline, share, vote, adopt.')}</p>"
            f"<p>{tr('About', 'This laptop&#39;s key fingerprint:')}<br/><b><tt>{html.escape(fingerprint)}</tt></b></p>"
            f"<p>{tr('About', 'Store:')} {html.escape(store_path)}<br/>"
            f"{tr('About', 'Data folder:')} {html.escape(data_folder)}</p>"
        )

    @classmethod
    def ask(cls, parent: QWidget | None, fingerprint: str, store_path: str, data_folder: str) -> None:
        from PySide6.QtCore import QCoreApplication

        QMessageBox.about(parent, QCoreApplication.translate("About", "About StratPlan"),
                          cls.text(fingerprint, store_path, data_folder))
