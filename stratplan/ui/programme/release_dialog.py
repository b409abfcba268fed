"""Creating a release: its name, and what it will freeze (sections and their point counts).

A release is permanent, so the dialog shows what goes in before anything is written, and refuses
an empty name or one already used (the service refuses it too; here the user sees why at once).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# (section title, number of points in it)
SectionCount = tuple[str, int]


class ReleaseDialog(QDialog):
    """Asks the name of a new release; OK only for a fresh, non-empty name and a non-empty programme."""

    def __init__(self, sections: Sequence[SectionCount], taken: Collection[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create release"))
        self._taken = {name.casefold() for name in taken}
        self._points = sum(n for _, n in sections)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. Paris 2026, v1"))
        name_label = QLabel(self.tr("&Name of this version:"), self)
        name_label.setBuddy(self.name)
        self.contents = QListWidget(self)
        for title, count in sections:
            self.contents.addItem(self.tr("{title} — %n points", "", count).format(
                title=title or self.tr("(untitled)")))
        self.contents.setAccessibleName(self.tr("What goes into the release"))
        summary = QLabel(self.tr("The release freezes {points} in {sections} as they stand now. "
                                 "It cannot be changed afterwards.").format(
            points=self.tr("%n points", "", self._points), sections=self.tr("%n sections", "", len(sections))),
            self)
        summary.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(name_label)
        layout.addWidget(self.name)
        layout.addWidget(QLabel(self.tr("What goes in:"), self))
        layout.addWidget(self.contents)
        layout.addWidget(summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def problem_text(self) -> str:
        """Why OK is not possible yet ('' when it is)."""
        name = " ".join(self.name.text().split())
        if not self._points:
            return self.tr("Place at least one point in a section before releasing the programme.")
        if not name:
            return self.tr("Give the release a name.")
        if name.casefold() in self._taken:
            return self.tr("There is already a release named “{name}”. Choose another name.").format(name=name)
        return ""

    def _check(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.ok_button().setEnabled(not problem)

    def release_name(self) -> str:
        return " ".join(self.name.text().split())

    @classmethod
    def ask(cls, parent: QWidget | None, sections: Sequence[SectionCount], taken: Collection[str]) -> str | None:
        """The name chosen, or None when cancelled."""
        dialog = cls(sections, taken, parent)
        return dialog.release_name() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ReleaseChoice:
    """Which release a local plan starts from or follows (the newest is offered first)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, releases: Sequence[tuple[str, str]]) -> str | None:
        """`releases` are (id, name) oldest first; the id chosen, or None when cancelled."""
        names = [name for _, name in releases]
        label = QCoreApplication.translate("ReleaseChoice", "Release:")
        name, ok = QInputDialog.getItem(parent, title, label, names, len(names) - 1, False)
        return next((rid for rid, n in releases if n == name), None) if ok else None
