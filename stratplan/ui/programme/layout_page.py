"""Arranging the programme: sections in order, adopted points dragged into place, releases.

The page runs its actions through the shared `ActionRunner`; what they change comes back
through the programme window (a runner listener), which hands this page the fresh layout and
releases read in the action's own transaction. The tree and the lists follow that data with
row-level edits (items kept, moved in or out), never `clear()`, so the selection survives.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.errors import ValidationError
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import programme
from stratplan.core.services.programme import Layout, LayoutPoint, ReleaseInfo
from stratplan.ui import errors
from stratplan.ui.i18n import interface_formatter
from stratplan.ui.models.keyed import row_edits
from stratplan.ui.programme.release_dialog import ReleaseDialog
from stratplan.ui.runner import ActionRunner
from stratplan.ui.widgets.labels import label_for
from stratplan.ui.widgets.text_prompt import TextPrompt

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
SectionRows = list[tuple[str, str, list[str]]]


class SectionTree(QTreeWidget):
    """A tree that reports each finished drag and drop, so the new order is saved at once."""

    dropped = Signal()

    def dropEvent(self, event: QDropEvent) -> None:
        super().dropEvent(event)
        self.dropped.emit()


def sync_list(widget: QListWidget, rows: Sequence[tuple[str, str]]) -> None:
    """Make the list show `rows` (id, text) by taking and inserting items, not by clearing it."""
    keys: list[Hashable] = [widget.item(r).data(ID_ROLE) for r in range(widget.count())]
    edits = row_edits(keys, [rid for rid, _ in rows])
    if edits is None:  # the order of rows that stay changed (another laptop): take them all out
        while widget.count():
            widget.takeItem(widget.count() - 1)
        keys = []
        edits = row_edits(keys, [rid for rid, _ in rows])
        assert edits is not None
    for row in edits.removals:
        widget.takeItem(row)
    for row in edits.insertions:
        item = QListWidgetItem(rows[row][1])
        item.setData(ID_ROLE, rows[row][0])
        widget.insertItem(row, item)
    for row, (_, text) in enumerate(rows):
        item = widget.item(row)
        if item.text() != text:
            item.setText(text)


class LayoutPage(QWidget):
    """Sections are top-level items, points their children; drag and drop reorders both."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.layout_data = Layout((), ())  # what the store holds, to put the tree back after a refusal
        self.release_list: tuple[ReleaseInfo, ...] = ()
        self.tree = SectionTree(self)
        self.tree.setHeaderLabels([self.tr("Sections and points")])
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unplaced = QListWidget(self)
        self.unplaced.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_section_button = QPushButton(self.tr("Add &section..."), self)
        self.rename_button = QPushButton(self.tr("Rena&me section..."), self)
        self.remove_button = QPushButton(self.tr("Remove from programme"), self)
        self.place_button = QPushButton(self.tr("← Pl&ace in selected section"), self)
        self.save_button = QPushButton(self.tr("Save &order"), self)
        # Drag and drop is not the only way: the keyboard moves the selected section or point.
        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.down_button = QPushButton(self.tr("Move &down"), self)
        self.up_button.setToolTip(self.tr("Move the selected section or point up (Ctrl+Up)"))
        self.down_button.setToolTip(self.tr("Move the selected section or point down (Ctrl+Down)"))
        self.release_button = QPushButton(self.tr("Create &release..."), self)
        self.releases = QListWidget(self)
        self.releases.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.changes = QTextBrowser(self)
        self.changes.setAccessibleName(self.tr("What changed between the two releases"))
        self.tree.setAccessibleName(self.tr("Sections and points"))
        self._build()

    def _build(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.tree)
        row = QGridLayout()  # two by two: the page fits a 1024-pixel screen
        for i, b in enumerate((self.add_section_button, self.rename_button, self.remove_button, self.save_button,
                               self.up_button, self.down_button)):
            row.addWidget(b, i // 2, i % 2)
        left.addLayout(row)
        middle = QVBoxLayout()
        middle.addWidget(label_for(self.unplaced, self.tr("Adopted points not yet placed (in ranking order):")))
        middle.addWidget(self.unplaced)
        middle.addWidget(self.place_button)
        right = QVBoxLayout()
        right.addWidget(label_for(self.releases, self.tr("Releases (select two to compare):")))
        right.addWidget(self.releases)
        right.addWidget(self.release_button)
        right.addWidget(self.changes)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(middle, 2)
        layout.addLayout(right, 2)
        self.add_section_button.clicked.connect(lambda: self.add_section())
        self.rename_button.clicked.connect(lambda: self.rename_section())
        self.remove_button.clicked.connect(self.remove_selected)
        self.place_button.clicked.connect(self.place_selected)
        self.save_button.clicked.connect(self.save)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        for key, step in ((Qt.Key.Key_Up, -1), (Qt.Key.Key_Down, 1)):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_selected(step))
        self.release_button.clicked.connect(lambda: self.create_release())
        self.releases.itemSelectionChanged.connect(self.compare)
        self.tree.dropped.connect(self.save)

    # -- showing what the store holds ----------------------------------------------------------

    def shown_point_ids(self) -> set[str]:
        """Every point the page shows (placed or waiting): a change to one of them is ours to show."""
        ids = {str(self.unplaced.item(r).data(ID_ROLE)) for r in range(self.unplaced.count())}
        ids.update(pid for _, _, points in self.sections() for pid in points)
        return ids

    def show_layout(self, layout: Layout, *, adopt_new: bool = True) -> None:
        """Bring the tree and the waiting list to `layout` with row-level edits.

        With `adopt_new`, a section the user just added (no id yet) takes the id the store gave
        the section at its place: the tree was saved as it stands, so the places agree.
        """
        self.layout_data = layout
        tops = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        if adopt_new:
            for item, section in zip(tops, layout.sections, strict=False):
                if item is not None and item.data(0, ID_ROLE) == "" and item.data(0, KIND_ROLE) == "section":
                    item.setData(0, ID_ROLE, section.id)
        # A fresh section that was refused keys as itself, so it is taken out.
        keys: list[Hashable] = [item.data(0, ID_ROLE) or id(item) for item in tops if item is not None]
        edits = row_edits(keys, [s.id for s in layout.sections])
        if edits is None:  # sections reordered elsewhere: take them out and put them back in order
            while self.tree.topLevelItemCount():
                self.tree.takeTopLevelItem(self.tree.topLevelItemCount() - 1)
            edits = row_edits([], [s.id for s in layout.sections])
            assert edits is not None
        for row in edits.removals:
            self.tree.takeTopLevelItem(row)
        for row in edits.insertions:
            self.tree.insertTopLevelItem(row, self._section_item(layout.sections[row].id, ""))
        for row, section in enumerate(layout.sections):
            top = self.tree.topLevelItem(row)
            assert top is not None
            if top.text(0) != section.title:
                top.setText(0, section.title)
            self._sync_points(top, section.points)
            top.setExpanded(True)
        sync_list(self.unplaced, [(p.id, p.title) for p in layout.unplaced])

    def _sync_points(self, top: QTreeWidgetItem, points: Sequence[LayoutPoint]) -> None:
        keys: list[Hashable] = [child.data(0, ID_ROLE) for child in self._children(top)]
        edits = row_edits(keys, [p.id for p in points])
        if edits is None:
            top.takeChildren()
            edits = row_edits([], [p.id for p in points])
            assert edits is not None
        for row in edits.removals:
            top.takeChild(row)
        for row in edits.insertions:
            top.insertChild(row, self._point_item(points[row].id, points[row].title))
        for child, point in zip(self._children(top), points, strict=True):
            if child.text(0) != point.title:
                child.setText(0, point.title)
                child.setToolTip(0, point.title)

    @staticmethod
    def _children(top: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [child for j in range(top.childCount()) if (child := top.child(j)) is not None]

    def show_releases(self, releases: Sequence[ReleaseInfo]) -> None:
        self.release_list = tuple(releases)
        language = interface_formatter()
        sync_list(self.releases, [(r.id, self.tr("{name} — {date}, %n points", "", r.points).format(
            name=r.name, date=language.iso_date(r.created, style="medium"))) for r in releases])

    def _section_item(self, sid: str, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        item.setData(0, ID_ROLE, sid)
        item.setData(0, KIND_ROLE, "section")
        # Sections accept points; points accept nothing, so a drop never nests a point.
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemIsDragEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _point_item(self, pid: str, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        item.setToolTip(0, title)  # long titles are cut to the column's width
        item.setData(0, ID_ROLE, pid)
        item.setData(0, KIND_ROLE, "point")
        item.setFlags((item.flags() | Qt.ItemFlag.ItemIsDragEnabled) & ~Qt.ItemFlag.ItemIsDropEnabled)
        return item

    def sections(self) -> SectionRows:
        """The tree as the service wants it; points dropped at the top level are ignored."""
        out: SectionRows = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None or top.data(0, KIND_ROLE) != "section":
                continue
            points = [str(child.data(0, ID_ROLE)) for child in self._children(top)]
            out.append((str(top.data(0, ID_ROLE) or ""), top.text(0), points))
        return out

    def _stored_sections(self) -> SectionRows:
        return [(s.id, s.title, [p.id for p in s.points]) for s in self.layout_data.sections]

    # -- actions: each one step, one transaction ------------------------------------------------

    def save(self) -> bool:
        """Save the tree as the layout; the window shows the result read in the same transaction."""
        sections = self.sections()
        done = self.runner.run(self, lambda s, w: programme.save_layout(s, writer=w, sections=sections))
        if done is None:  # refused: show what the store still holds (no read needed)
            self.show_layout(self.layout_data, adopt_new=False)
        return done is not None

    def _selected_section(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        if item is not None and item.data(0, KIND_ROLE) == "point":
            item = item.parent()
        return item

    def add_section(self, title: str | None = None) -> None:
        """A new section at the end; the button passes no title, so the user is asked for one."""
        if title is None:
            title = TextPrompt.ask(self, self.tr("Add section"), self.tr("Strategic area:"))
            if title is None:
                return
        self.tree.addTopLevelItem(self._section_item("", title))
        self.save()

    def rename_section(self, title: str | None = None) -> None:
        item = self._selected_section()
        if item is None:
            errors.show_error(self, ValidationError(self.tr("Select a section in the tree first.")))
            return
        if title is None:
            title = TextPrompt.ask(self, self.tr("Rename section"), self.tr("Strategic area:"), item.text(0))
            if title is None:
                return
        item.setText(0, title)
        self.save()

    def remove_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if item.data(0, KIND_ROLE) == "point" and parent is not None:
            parent.removeChild(item)
        else:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self.save()

    def move_selected(self, step: int) -> bool:
        """Move the selected section (among sections) or point (within its section) by one place."""
        item = self.tree.currentItem()
        if item is None:
            return False
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            target = index + step
            if not 0 <= target < self.tree.topLevelItemCount():
                return False
            expanded = item.isExpanded()
            self.tree.takeTopLevelItem(index)
            self.tree.insertTopLevelItem(target, item)
            item.setExpanded(expanded)
        else:
            index = parent.indexOfChild(item)
            target = index + step
            if not 0 <= target < parent.childCount():
                return False
            parent.takeChild(index)
            parent.insertChild(target, item)
        self.tree.setCurrentItem(item)
        return self.save()

    def place_selected(self) -> None:
        section = self._selected_section()
        if section is None:
            if self.tree.topLevelItemCount() == 0:
                self.tree.addTopLevelItem(self._section_item("", self.tr("Strategic area 1")))
            section = self.tree.topLevelItem(0)
        if section is None:
            return
        for item in self.unplaced.selectedItems():
            section.addChild(self._point_item(str(item.data(ID_ROLE)), item.text()))
        section.setExpanded(True)
        self.save()

    def create_release(self, name: str | None = None) -> None:
        """Freeze the programme under a name, after showing what goes in (a release is permanent)."""
        sections = self.sections()
        if name is None:
            counts = [(title, len(points)) for _, title, points in sections]
            name = ReleaseDialog.ask(self, counts, [r.name for r in self.release_list])
            if name is None:
                return
        # Every edit saves at once, so the tree is normally what the store holds; if not, the
        # release and the layout it freezes are saved together (one transaction).
        unsaved = sections != self._stored_sections()
        release_name = name

        def step(session: Session, writer: OpWriter) -> ReleaseInfo:
            if unsaved:
                programme.save_layout(session, writer=writer, sections=sections)
            return programme.create_release(session, writer=writer, name=release_name)

        if self.runner.run(self, step) is None and unsaved:
            self.show_layout(self.layout_data, adopt_new=False)

    def compare(self) -> None:
        chosen = [str(i.data(ID_ROLE)) for i in self.releases.selectedItems()]
        if len(chosen) != 2:
            self.changes.setPlainText(self.tr("Select two releases to see what changed between them."))
            return
        names = {str(self.releases.item(r).data(ID_ROLE)): r for r in range(self.releases.count())}
        old, new = sorted(chosen, key=lambda rid: names[rid])
        changes = self.runner.read(self, lambda s: programme.diff_releases(s, old_id=old, new_id=new))
        if changes is None:
            return
        self.changes.setPlainText("\n".join(self._change_line(c) for c in changes) or self.tr("No changes."))

    def _change_line(self, c: programme.Change) -> str:
        if c.kind == "section_renamed":
            return self.tr("section {n} renamed: “{old}” → “{new}”").format(n=c.new_number, old=c.old_title, new=c.title)
        if c.kind == "section_added":
            return self.tr("section added: {n} {title}").format(n=c.new_number, title=c.title)
        if c.kind == "section_removed":
            return self.tr("section removed: {n} {title}").format(n=c.old_number, title=c.title)
        kinds = {"added": self.tr("added"), "removed": self.tr("removed"), "changed": self.tr("changed"),
                 "moved": self.tr("moved")}
        names = self._field_names()
        line = f"{kinds[c.kind]}: {c.new_number or c.old_number} {c.title}"
        if c.fields:
            line += f" ({', '.join(names.get(f, f) for f in c.fields)})"
        if c.kind == "moved":
            line += f" [{c.old_number} → {c.new_number}]"
        return line

    def _field_names(self) -> dict[str, str]:
        """The frozen fields as the user reads them (the change list names what was edited)."""
        return {"title": self.tr("title"), "summary": self.tr("summary"), "body": self.tr("text"),
                "objective": self.tr("objective"), "actions": self.tr("actions"),
                "indicators": self.tr("indicators"), "responsible": self.tr("responsible"),
                "start": self.tr("start"), "end": self.tr("end"), "resources": self.tr("resources"),
                "level": self.tr("level"), "tags": self.tr("tags")}

