"""Arranging the programme: sections in order, adopted points dragged into place, releases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.services import programme

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2


class SectionTree(QTreeWidget):
    """A tree that reports each finished drag and drop, so the new order is saved at once."""

    dropped = Signal()

    def dropEvent(self, event: QDropEvent) -> None:
        super().dropEvent(event)
        self.dropped.emit()


class LayoutPage(QWidget):
    """Sections are top-level items, points their children; drag and drop reorders both."""

    def __init__(self, run: Callable[[Callable[..., Any]], Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.run = run
        self.tree = SectionTree(self)
        self.tree.setHeaderLabels([self.tr("Sections and points")])
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unplaced = QListWidget(self)
        self.unplaced.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_section_button = QPushButton(self.tr("Add &section..."), self)
        self.rename_button = QPushButton(self.tr("Re&name section..."), self)
        self.remove_button = QPushButton(self.tr("Remove from programme"), self)
        self.place_button = QPushButton(self.tr("← &Place in selected section"), self)
        self.save_button = QPushButton(self.tr("Save &order"), self)
        self.release_button = QPushButton(self.tr("Create &release..."), self)
        self.releases = QListWidget(self)
        self.releases.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.changes = QTextBrowser(self)
        left = QVBoxLayout()
        left.addWidget(self.tree)
        row = QHBoxLayout()
        for b in (self.add_section_button, self.rename_button, self.remove_button, self.save_button):
            row.addWidget(b)
        left.addLayout(row)
        middle = QVBoxLayout()
        middle.addWidget(QLabel(self.tr("Adopted points not yet placed (in ranking order):"), self))
        middle.addWidget(self.unplaced)
        middle.addWidget(self.place_button)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Releases (select two to compare):"), self))
        right.addWidget(self.releases)
        right.addWidget(self.release_button)
        right.addWidget(self.changes)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(middle, 2)
        layout.addLayout(right, 2)
        self.add_section_button.clicked.connect(self.add_section)
        self.rename_button.clicked.connect(self.rename_section)
        self.remove_button.clicked.connect(self.remove_selected)
        self.place_button.clicked.connect(self.place_selected)
        self.save_button.clicked.connect(self.save)
        self.release_button.clicked.connect(self.create_release)
        self.releases.itemSelectionChanged.connect(self.compare)
        self.tree.dropped.connect(self.save)
        self.reload()

    def reload(self) -> None:
        data = self.run(lambda s, _w: (programme.get_layout(s), programme.list_releases(s)))
        if data is None:
            return
        layout, releases = data
        self.tree.clear()
        for section in layout.sections:
            top = self._section_item(section.id, section.title)
            for point in section.points:
                self._point_item(top, point.id, point.title)
        self.tree.expandAll()
        self.unplaced.clear()
        for point in layout.unplaced:
            item = QListWidgetItem(point.title, self.unplaced)
            item.setData(ID_ROLE, point.id)
        self.releases.clear()
        for release in releases:
            item = QListWidgetItem(self.tr("{name} — {date}, {n} points").format(
                name=release.name, date=release.created, n=release.points), self.releases)
            item.setData(ID_ROLE, release.id)

    def _section_item(self, sid: str, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setData(0, ID_ROLE, sid)
        item.setData(0, KIND_ROLE, "section")
        # Sections accept points; points accept nothing, so a drop never nests a point.
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemIsDragEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _point_item(self, parent: QTreeWidgetItem, pid: str, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [title])
        item.setData(0, ID_ROLE, pid)
        item.setData(0, KIND_ROLE, "point")
        item.setFlags((item.flags() | Qt.ItemFlag.ItemIsDragEnabled) & ~Qt.ItemFlag.ItemIsDropEnabled)
        return item

    def sections(self) -> list[tuple[str, str, list[str]]]:
        """The tree as the service wants it; points dropped at the top level are ignored."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, KIND_ROLE) != "section":
                continue
            points = [str(top.child(j).data(0, ID_ROLE)) for j in range(top.childCount())]
            out.append((str(top.data(0, ID_ROLE) or ""), top.text(0), points))
        return out

    def save(self) -> bool:
        sections = self.sections()
        done = self.run(lambda s, w: programme.save_layout(s, writer=w, sections=sections))
        if done is not None:
            self.reload()
        return done is not None

    def _selected_section(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        if item is not None and item.data(0, KIND_ROLE) == "point":
            item = item.parent()
        return item

    def add_section(self, title: str | None = None) -> None:
        if title is None:
            title, ok = QInputDialog.getText(self, self.tr("Add section"), self.tr("Strategic area:"))
            if not ok:
                return
        self._section_item("", title)
        self.save()

    def rename_section(self) -> None:
        item = self._selected_section()
        if item is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("Rename section"), self.tr("Strategic area:"),
                                         text=item.text(0))
        if ok:
            item.setText(0, title)
            self.save()

    def remove_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        if item.data(0, KIND_ROLE) == "point":
            item.parent().removeChild(item)
        else:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self.save()

    def place_selected(self) -> None:
        section = self._selected_section()
        if section is None:
            if self.tree.topLevelItemCount() == 0:
                self._section_item("", self.tr("Strategic area 1"))
            section = self.tree.topLevelItem(0)
        for item in self.unplaced.selectedItems():
            self._point_item(section, str(item.data(ID_ROLE)), item.text())
        self.save()

    def create_release(self, name: str | None = None) -> None:
        if not self.save():
            return
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Create release"),
                                            self.tr("Name of this version (e.g. Paris 2026, v1):"))
            if not ok:
                return
        if self.run(lambda s, w: programme.create_release(s, writer=w, name=name)) is not None:
            self.reload()

    def compare(self) -> None:
        chosen = [str(i.data(ID_ROLE)) for i in self.releases.selectedItems()]
        if len(chosen) != 2:
            self.changes.setPlainText(self.tr("Select two releases to see what changed between them."))
            return
        names = {str(self.releases.item(r).data(ID_ROLE)): r for r in range(self.releases.count())}
        old, new = sorted(chosen, key=lambda rid: names[rid])
        changes = self.run(lambda s, _w: programme.diff_releases(s, old_id=old, new_id=new))
        if changes is None:
            return
        kinds = {"added": self.tr("added"), "removed": self.tr("removed"), "changed": self.tr("changed"),
                 "moved": self.tr("moved")}
        lines = [f"{kinds[c.kind]}: {c.new_number or c.old_number} {c.title}"
                 + (f" ({', '.join(c.fields)})" if c.fields else "")
                 + (f" [{c.old_number} → {c.new_number}]" if c.kind == "moved" else "") for c in changes]
        self.changes.setPlainText("\n".join(lines) or self.tr("No changes."))
