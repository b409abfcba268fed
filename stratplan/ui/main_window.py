"""The main window: groups, the proposal list, and the open proposal's editor, history, comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.errors import StratplanError, ValidationError
from stratplan.core.messages import Message
from stratplan.core.paths import data_dir
from stratplan.core.services.frame_rows import CoalitionInfo, FirstFrame, GroupInfo
from stratplan.core.services.proposal_rows import ProposalSummary
from stratplan.ui import undo
from stratplan.ui.amendments.panel import AmendmentsPanel
from stratplan.ui.dialogs.about import AboutDialog
from stratplan.ui.group_actions import GroupActions, add_action
from stratplan.ui.i18n import interface_formatter, interface_language
from stratplan.ui.lazy import lazy
from stratplan.ui.main_window_tools import ToolWindowsMixin
from stratplan.ui.models.proposal_list import Column, ProposalListModel
from stratplan.ui.models.simple_lists import ID_ROLE, GroupListModel
from stratplan.ui.runner import ActionRunner
from stratplan.ui.settings import Settings
from stratplan.ui.sharing_actions import SharingActions
from stratplan.ui.widgets.comments import CommentsPanel
from stratplan.ui.widgets.editor import ProposalEditor
from stratplan.ui.widgets.geometry import open_sized
from stratplan.ui.widgets.history import HistoryPanel
from stratplan.ui.widgets.window_keys import tab_leaves_tables
from stratplan.ui.workers import run_with_progress

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stratplan.core import undoable
    from stratplan.core.changes import Changes
    from stratplan.core.oplog.writer import OpWriter
    from stratplan.core.services import (
        coalition,
        consolidation,
        drafts,
        groups,
        proposal_view,
        proposals,
    )
    from stratplan.core.services.proposal_view import ProposalView
    from stratplan.core.sync import forks, held
    from stratplan.core.workspace import Workspace
else:
    # Loaded on first use: the window shows its frame and list before SQLAlchemy loads.
    undoable = lazy("stratplan.core.undoable")
    coalition = lazy("stratplan.core.services.coalition")
    consolidation = lazy("stratplan.core.services.consolidation")
    drafts = lazy("stratplan.core.services.drafts")
    groups = lazy("stratplan.core.services.groups")
    proposal_view = lazy("stratplan.core.services.proposal_view")
    proposals = lazy("stratplan.core.services.proposals")
    forks = lazy("stratplan.core.sync.forks")
    held = lazy("stratplan.core.sync.held")

T = TypeVar("T")
# Above this many changed points (a big bundle, a rebuild) one reload is cheaper than row updates.
_WHOLESALE = 500
_TITLE_MIN = 120  # pixels: about 20 characters of a title
_Frame = tuple[CoalitionInfo | None, list[GroupInfo], int, list[Message], list[Message] | None]


def _read_frame(session: Session, person_id: str, device_id: str, *, with_forks: bool) -> _Frame:
    """The window title, the sidebar's groups with their counts, the merge notices, and (when
    asked: on opening, after a rebuild or a roster change) the laptops restored from a backup."""
    fork_notes = ([f.text() for f in forks.list_forks(session, local_device=device_id)]
                  if with_forks else None)
    return (coalition.coalition_info(session), groups.list_groups(session), proposals.count_proposals(session),
            consolidation.notices(session, person_id), fork_notes)


def _with_view(session: Session, proposal_id: str) -> tuple[str, ProposalView]:
    return proposal_id, proposal_view.open_proposal(session, proposal_id=proposal_id)


@dataclass
class _Refresh:
    """What `fetch_changes` read for `apply_changes`; None means "unchanged"."""

    frame: _Frame | None = None
    all_rows: list[ProposalSummary] | None = None
    rows: list[ProposalSummary] | None = None
    changed: frozenset[str] = frozenset()
    view: ProposalView | None = None


class MainWindow(ToolWindowsMixin, QMainWindow):
    """Thin: every change goes through a service inside one transaction per action."""

    open_store_requested = Signal(str)
    new_store_requested = Signal(str)
    settings_requested = Signal()
    proposal_saved = Signal(str)
    # The store is open and every action works (at once, or after a first frame was shown).
    ready = Signal()

    def __init__(self, workspace: Workspace | None, settings: Settings, parent: QWidget | None = None, *,
                 runner: ActionRunner | None = None, first: FirstFrame | None = None,
                 opener: Callable[[], Workspace | None] | None = None) -> None:
        """A window on `workspace`; or, with `first` and `opener` instead, one that shows the
        first frame at once and opens the store (`opener`) just after its first paint."""
        super().__init__(parent)
        self.settings = settings
        self._opener = opener
        self._ws: Workspace | None = None
        self._runner: ActionRunner | None = None
        self.undo_stack = QUndoStack(self)
        self.current_id: str | None = None
        self._saved_fields: dict[str, Any] = {}
        self._dirty = False
        self._switching = False
        # True while an action reads the point it touched itself (no second read needed).
        self._view_in_step = False
        self._fork_notes: list[Message] = []
        self.group_model = GroupListModel(self)
        self.list_model = ProposalListModel(self)
        self._build_widgets()
        self.group_actions = GroupActions(self)
        self.sharing_actions = SharingActions(self)
        # The other windows load on first use: their imports (numpy, python-docx) would
        # otherwise add most of a second to every start-up.
        self.voting: Any = None
        self.programme: Any = None
        self.peer: Any = None
        self.progress: Any = None
        self.consolidation: Any = None
        self._build_actions()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(settings.autosave_seconds * 1000)
        self._autosave.timeout.connect(self.autosave_now)
        self._connect()
        if workspace is not None:
            self.attach(workspace, runner)
        else:
            assert first is not None and opener is not None, "a window needs a store or a first frame"
            self._show_first_frame(first)
            self.installEventFilter(self)
        # A size saved on a bigger monitor (or the default) is clamped to this screen.
        open_sized(self, settings.window_geometry(), QSize(1280, 800))
        state = settings.window_state()
        if state is not None:
            self.restoreState(state)  # toolbars and docks as the user left them

    # ------------------------------------------------------------------ opening
    def attach(self, workspace: Workspace, runner: ActionRunner | None = None) -> None:
        """Work on `workspace`: read what the window shows, follow every change, emit `ready`."""
        self._opener = None
        self._ws = workspace
        # One runner per store, shared by every window, so each sees what the others change.
        self._runner = runner or ActionRunner(workspace, self)
        self.amendments.attach(self.runner)
        self.sharing_actions.start()
        self.runner.add_listener(self)
        # After a first frame this reads what it left out: the notices, the laptops restored
        # from a backup, the rows' search texts. It runs just after the first paint, before
        # any input is handled, so the list is the same rows in the same place.
        self.reload()
        self.ready.emit()

    def is_open(self) -> bool:
        """True once the store is open (at once, or just after the first frame was painted)."""
        return self._runner is not None

    @property
    def ws(self) -> Workspace:
        """The open store; anything that needs it before it opened opens it first."""
        if self._ws is None and not self._finish_opening():
            raise RuntimeError("the store behind this window could not be opened")
        assert self._ws is not None
        return self._ws

    @property
    def runner(self) -> ActionRunner:
        if self._runner is None and not self._finish_opening():
            raise RuntimeError("the store behind this window could not be opened")
        assert self._runner is not None
        return self._runner

    def _show_first_frame(self, first: FirstFrame) -> None:
        self._apply_frame((first.coalition, first.groups, first.total, [], None))
        self._set_list(first.rows, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.UpdateRequest and self._opener is not None:
            # Painted once: open the store on the next turn of the event loop.
            self.removeEventFilter(self)
            QTimer.singleShot(0, self._finish_opening)
        return super().eventFilter(watched, event)

    def _finish_opening(self) -> bool:
        """Open the store behind the first frame; if it cannot be opened (said why), close."""
        opener = self._opener
        if self._runner is not None or opener is None:
            # Open, or being opened (an error shown while opening runs its own event loop).
            return self._runner is not None
        self._opener = None
        workspace = opener()
        if workspace is None:
            self.close()
            return False
        self.attach(workspace)
        return True

    # ------------------------------------------------------------------ building
    def _build_widgets(self) -> None:
        self.groups_view = QListView(self)
        self.groups_view.setModel(self.group_model)
        self.groups_view.setMinimumWidth(140)
        self.groups_view.setWordWrap(True)
        self.groups_view.setSpacing(2)
        self.groups_view.setAccessibleName(self.tr("Working groups"))
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter: title, summary, text, tags, author, organisation"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter the plan points"))
        self.count_label = QLabel(self)
        self.table = QTableView(self)
        self.table.setModel(self.list_model)
        self.table.setAccessibleName(self.tr("Plan points"))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing columns to their contents would measure every row on
        # every filter keystroke, which is far too slow with tens of thousands of points.
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        fixed = ((Column.STATUS, 110), (Column.ORGANISATION, 95), (Column.UPDATED, 120))
        for column, width in fixed:
            self.table.setColumnWidth(column, width)
        # The stretched Title column keeps a readable width on a small screen; a long title
        # loses its middle (its end often tells two points apart) and shows whole as a tooltip.
        scrollbar = self.table.verticalScrollBar().sizeHint().width()
        self.table.setMinimumWidth(sum(w for _, w in fixed) + _TITLE_MIN + scrollbar + 4)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setColumnHidden(Column.AUTHOR, True)
        self.table.setColumnHidden(Column.REVISIONS, True)
        self.table.sortByColumn(Column.UPDATED, Qt.SortOrder.DescendingOrder)
        middle = QWidget(self)
        mid_layout = QVBoxLayout(middle)
        mid_layout.setContentsMargins(0, 0, 0, 0)
        self.notices = QLabel(self)
        self.notices.setWordWrap(True)
        self.notices.setStyleSheet("background:#e6f0ff;padding:6px;")
        self.notices.hide()
        mid_layout.addWidget(self.notices)
        mid_layout.addWidget(self.filter_edit)
        mid_layout.addWidget(self.table)
        mid_layout.addWidget(self.count_label)
        self.editor = ProposalEditor(self)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4c2;padding:6px;")
        self.banner.hide()
        self.save_button = QPushButton(self.tr("Sa&ve"), self)
        self.save_state = QLabel(self)
        self.discard_button = QPushButton(self.tr("Discard cha&nges"), self)
        edit_page = QWidget(self)
        edit_layout = QVBoxLayout(edit_page)
        edit_layout.addWidget(self.banner)
        edit_layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_state, 1)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        edit_layout.addLayout(row)
        self.history = HistoryPanel(self)
        self.history.set_labels(self._field_labels())
        self.comments = CommentsPanel(self)
        self.amendments = AmendmentsPanel(None, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(edit_page, self.tr("E&dit"))
        self.tabs.addTab(self.history, self.tr("Histor&y"))
        self.tabs.addTab(self.comments, self.tr("&Comments"))
        self.tabs.addTab(self.amendments, self.tr("Amendments"))
        split = QSplitter(self)
        split.addWidget(self.groups_view)
        split.addWidget(middle)
        split.addWidget(self.tabs)
        split.setSizes([240, 520, 640])
        self.setCentralWidget(split)
        tab_leaves_tables(self)
        self._set_editor_enabled(False)

    def _field_labels(self) -> dict[str, str]:
        return {
            "title": self.tr("Title"), "summary": self.tr("Summary"), "body": self.tr("Text"),
            "objective": self.tr("Objective"), "actions": self.tr("Actions"),
            "indicators": self.tr("Indicators"), "responsible": self.tr("Responsible"),
            "start": self.tr("Start"), "end": self.tr("End"), "resources": self.tr("Resources / budget"),
            "level": self.tr("Level"), "tags": self.tr("Tags"), "status": self.tr("Status"),
            "status_reason": self.tr("Reason"),
        }

    def _action(self, menu: Any, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        return add_action(self, menu, text, slot, shortcut)

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New store..."), self._ask_new_store)
        self._action(file_menu, self.tr("&Open store..."), self._ask_open_store, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        for path in self.settings.recent_stores:
            self._action(self.recent_menu, path, partial(self.open_store_requested.emit, path))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Import proposals (Word, Markdown)..."), self.import_proposals, "Ctrl+I")
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Se&ttings..."), self.settings_requested.emit,
                     QKeySequence.StandardKey.Preferences)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        # Inside a text field Ctrl+Z undoes typing; these act when the focus is elsewhere.
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.redo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.undo_action)
        self.table.addAction(self.redo_action)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.new_action = self._action(edit_menu, self.tr("&New plan point"), self.new_proposal,
                                       QKeySequence.StandardKey.New)
        self.save_action = self._action(edit_menu, self.tr("&Save plan point"), self.save_current,
                                        QKeySequence.StandardKey.Save)
        self.delete_action = self._action(edit_menu, self.tr("&Delete plan point"), self.delete_current)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.delete_action)
        edit_menu.addSeparator()
        self._action(edit_menu, self.tr("&Find..."), self._focus_filter, QKeySequence.StandardKey.Find)
        self._action(edit_menu, self.tr("&Conflicts..."), self.show_conflicts, "Ctrl+Shift+K")
        self._action(edit_menu, self.tr("Sp&lit plan point..."), self.split_current)
        self._action(edit_menu, self.tr("Re&tire plan point..."), self.retire_current)
        groups_menu = bar.addMenu(self.tr("&Groups"))
        self.group_actions.add_to_menu(groups_menu)
        voting_menu = bar.addMenu(self.tr("&Programme"))
        self._action(voting_menu, self.tr("Voting &rounds..."), self.show_voting, "Ctrl+Shift+V")
        self._action(voting_menu, self.tr("&Programme and local plan..."), self.show_programme, "Ctrl+Shift+P")
        self._action(voting_menu, self.tr("Pro&gress reports..."), self.show_progress, "Ctrl+Shift+G")
        self._action(voting_menu, self.tr("Peer-to-peer &training..."), self.show_peer, "Ctrl+Shift+T")
        self._action(voting_menu, self.tr("&Consolidation (overlaps and merges)..."), self.show_consolidation,
                     "Ctrl+Shift+M")
        sharing_menu = bar.addMenu(self.tr("&Sharing"))
        self.sharing_actions.add_to_menu(sharing_menu)
        tools_menu = bar.addMenu(self.tr("&Tools"))
        self._action(tools_menu, self.tr("&Rebuild views from the log"), self.rebuild_views)
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("&Keyboard shortcuts"), self.show_shortcuts, "Ctrl+F1")
        help_menu.addSeparator()
        self._action(help_menu, self.tr("&About StratPlan"), self.show_about)

    def _connect(self) -> None:
        self.groups_view.selectionModel().currentChanged.connect(lambda *_: self.load_list())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.list_model.modelReset.connect(self._reselect_after_reset)
        self.editor.edited.connect(self._on_edited)
        self.save_button.clicked.connect(self.save_current)
        self.discard_button.clicked.connect(self.discard_changes)
        self.history.restore_requested.connect(self.restore_revision)
        self.comments.comment_posted.connect(self.post_comment)
        self.comments.withdraw_requested.connect(self.withdraw_comment)

    # ------------------------------------------------------------------ running actions
    def run(self, step: Callable[[Session, OpWriter], T]) -> T | None:
        """One user action in one transaction (through the shared runner); None if refused."""
        if not self._finish_opening():
            return None
        outcome = self.runner.run(self, step, on_error=self._on_error)
        return None if outcome is None else outcome.value

    def read(self, step: Callable[[Session], T]) -> T | None:
        """Read-only work in one transaction; None (after showing why) on a user error."""
        if not self._finish_opening():
            return None
        return self.runner.read(self, step, on_error=self._on_error)

    def _on_error(self, exc: StratplanError) -> None:
        # Only a message about one of the editor's fields takes the user to it: an empty
        # comment must not throw them off the Comments tab.
        if isinstance(exc, ValidationError) and exc.field and self.editor.has_field(exc.field):
            self.tabs.setCurrentIndex(0)
            self.editor.focus_field(exc.field)

    def _run_command(self, half: undo.Half) -> str | None:
        """Do (or undo) one command; the point it touched is read back in the same transaction."""
        self._view_in_step = True
        try:
            result = self.run(lambda s, w: _with_view(s, half(s, w)))
        finally:
            self._view_in_step = False
        if result is None:
            return None
        proposal_id, view = result
        self._after_change(proposal_id, view)
        return proposal_id

    def _after_change(self, proposal_id: str, view: ProposalView) -> None:
        """Show the point an action touched (the list rows were already updated from Changes)."""
        row = self.list_model.row_of(proposal_id)
        if proposal_id != self.current_id:
            if row < 0:
                return
            if self._dirty:
                # Switching away saves the open point first, as a click in the list does.
                self.select_row(row)
                return
            self._select_silently(row)
            self._display(view)
            return
        if row < 0:
            # The open point left the list (deleted, or moved to another group).
            self.table.selectionModel().clearSelection()
            self._show_proposal(None)
        elif not self._dirty:
            self._display(view)
        else:
            # Keep the user's unsaved typing; refresh only what cannot conflict with it.
            self.history.set_revisions(view.revisions)
            self.comments.set_comments(view.comments)

    # ------------------------------------------------------------------ following changes
    def fetch_changes(self, session: Session, changes: Changes) -> _Refresh:
        """Read what the list, the sidebar and the open point need to show `changes`."""
        refresh = _Refresh()
        gid = self.current_group_id() or None
        wholesale = changes.everything or len(changes.proposals) > _WHOLESALE
        if wholesale or changes.groups or changes.coalition or changes.proposals or changes.merges:
            refresh.frame = _read_frame(session, self.ws.profile.person_id, self.ws.identity.device_id,
                                        with_forks=wholesale or changes.roster or changes.coalition)
        if wholesale:
            refresh.all_rows = proposals.list_proposals(session, group_id=gid)
        elif changes.proposals:
            refresh.changed = changes.proposals
            refresh.rows = proposals.list_proposals(session, group_id=gid, ids=changes.proposals)
        current = self.current_id
        if (current is not None and not self._view_in_step
                and (changes.touches_proposal(current) or current in changes.comments)):
            refresh.view = _with_view(session, current)[1]
        return refresh

    def apply_changes(self, refresh: _Refresh, _changes: Changes) -> None:
        """Update the rows that changed; a wholesale change (rebuild, big import) reloads."""
        before = self.current_group_id()
        if refresh.frame is not None:
            self._apply_frame(refresh.frame)
        if self.current_group_id() != before:
            # The group shown was archived or removed (here or on another laptop).
            self.load_list()
        elif refresh.all_rows is not None:
            self._set_list(refresh.all_rows, self.current_id)
        elif refresh.rows is not None:
            self._switching = True
            try:
                by_id: dict[str, ProposalSummary] = {row.id: row for row in refresh.rows}
                for pid in sorted(refresh.changed):
                    if pid in by_id:
                        self.list_model.update_row(by_id[pid])
                    else:
                        self.list_model.remove_row(pid)
            finally:
                self._switching = False
            self._update_count()
            self._reselect_after_reset()
        if refresh.view is not None and refresh.view.detail.id == self.current_id:
            if self._dirty:
                self.history.set_revisions(refresh.view.revisions)
                self.comments.set_comments(refresh.view.comments)
            else:
                self._display(refresh.view)

    # ------------------------------------------------------------------ loading
    def reload(self, select_id: str | None = None) -> None:
        """Reload groups and the list in one read, keeping (or moving) the selection."""
        keep = select_id or self.current_id
        person = self.ws.profile.person_id
        current_group = self.current_group_id() or None
        device = self.ws.identity.device_id
        data = self.read(lambda s: (_read_frame(s, person, device, with_forks=True),
                                    proposals.list_proposals(s, group_id=current_group)))
        if data is None:
            return
        frame, rows = data
        self._apply_frame(frame)
        if self.current_group_id() != (current_group or ""):
            # The group shown before is gone (archived elsewhere): show what is selected now.
            self.load_list(select_id=keep)
            return
        self._set_list(rows, keep)

    def _apply_frame(self, frame: _Frame) -> None:
        info, group_rows, total, merge_notes, fork_notes = frame
        if fork_notes is not None:
            self._fork_notes = fork_notes
        language = interface_language()
        notices = [note.translated(language) for note in (*merge_notes, *self._fork_notes)]
        self.notices.setText("\n".join(notices))
        self.notices.setVisible(bool(notices))
        self.setWindowTitle(f"{info.name} — StratPlan" if info else "StratPlan")
        current_group = self.current_group_id()
        self.group_model.set_groups(group_rows, total)
        row = next((i for i in range(self.group_model.rowCount())
                    if self.group_model.index(i).data(ID_ROLE) == current_group), 0)
        selection = self.groups_view.selectionModel()
        if selection.currentIndex().row() != row or not selection.currentIndex().isValid():
            # One list load per reload: selecting the group must not trigger a second one.
            selection.blockSignals(True)
            selection.setCurrentIndex(self.group_model.index(row),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect)
            selection.blockSignals(False)
            self.groups_view.viewport().update()

    def current_group_id(self) -> str:
        index = self.groups_view.currentIndex()
        return str(index.data(ID_ROLE) or "") if index.isValid() else ""

    def load_list(self, select_id: str | None = None) -> None:
        """The list of the selected group (a new scope: one read, then a reset)."""
        gid = self.current_group_id() or None
        rows = self.read(lambda s: proposals.list_proposals(s, group_id=gid))
        if rows is not None:
            self._set_list(rows, select_id)

    def _set_list(self, rows: list[ProposalSummary], select_id: str | None) -> None:
        self._switching = True
        try:
            self.list_model.set_rows(rows)
        finally:
            self._switching = False
        self._update_count()
        target = select_id or self.current_id
        row = self.list_model.row_of(target) if target else -1
        if row >= 0:
            if target == self.current_id:
                self._select_silently(row)
            else:
                self.select_row(row)
        elif self.current_id and not self._dirty:
            self._show_proposal(None)

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.list_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _select_silently(self, row: int) -> None:
        """Highlight a row without opening it (it is open already, or about to be shown)."""
        self._switching = True
        try:
            self.select_row(row)
        finally:
            self._switching = False

    def _update_count(self) -> None:
        shown, total = self.list_model.rowCount(), self.list_model.total
        self.count_label.setText(self.tr("{shown} of %n plan points", "", total).format(shown=shown))

    def _filter_changed(self, text: str) -> None:
        self.list_model.set_filter(text)
        self._update_count()

    def _reselect_after_reset(self) -> None:
        """Filtering and sorting reset the list: keep the open proposal highlighted."""
        row = self.list_model.row_of(self.current_id) if self.current_id else -1
        if row >= 0:
            self._select_silently(row)
            self.table.scrollTo(self.list_model.index(row, 0))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._switching:
            return
        summary = self.list_model.proposal_at(current.row()) if current.isValid() else None
        new_id = summary.id if summary else None
        if new_id == self.current_id:
            return
        if self._dirty and not self.save_current():
            # Stay on the proposal whose changes could not be saved; its draft is kept.
            row = self.list_model.row_of(self.current_id or "")
            if row >= 0:
                QTimer.singleShot(0, lambda: self.select_row(row))
            return
        self._show_proposal(new_id)

    def _show_proposal(self, proposal_id: str | None) -> None:
        """Open a point (one read of everything its tabs show), or clear the editor."""
        if proposal_id is None:
            self.current_id = None
            self._dirty = False
            self.banner.hide()
            self.editor.set_fields({})
            self.history.set_revisions([])
            self.comments.set_comments([])
            self.amendments.show_proposal(None)
            self._set_editor_enabled(False)
            self._update_save_state()
            return
        view = self.read(lambda s: proposal_view.open_proposal(s, proposal_id=proposal_id))
        if view is not None:
            self._display(view)

    def _display(self, view: ProposalView) -> None:
        detail, draft = view.detail, view.draft
        self.current_id = detail.id
        self._dirty = False
        self.banner.hide()
        self._saved_fields = dict(detail.fields)
        self.editor.set_fields(dict(detail.fields))
        self.history.set_revisions(view.revisions)
        self.comments.set_comments(view.comments)
        self.amendments.show_proposal(detail.id)
        self._set_editor_enabled(True)
        notes = []
        if view.coauthors:
            notes.append(self.tr("Merged from other proposals; co-authors: {names}.").format(
                names=", ".join(view.coauthors)))
        if view.late_edits:
            notes.append(self.tr("Edited after the merge (review them in the merged proposals): {titles}.").format(
                titles=", ".join(sorted({e.source_title for e in view.late_edits}))))
        if view.related:
            notes.append(self.tr("Related points (linked in Consolidation, not merged): {titles}.").format(
                titles="; ".join(f"“{x.title}”" for x in view.related)))
        if notes:
            self._show_banner(" ".join(notes))
        if detail.conflict:
            self._show_banner(self.tr("This point was edited on two laptops at once. The newest version is "
                                      "shown; compare the versions in History and save the text you want."))
        if draft is not None and draft.fields != detail.fields:
            self.editor.set_fields(draft.fields)
            self._dirty = True
            when = interface_formatter().time(dt.datetime.fromtimestamp(draft.saved_at_ms / 1000))
            note = self.tr("Recovered unsaved changes from {time}. Save to keep them, or undo with "
                           "“Discard changes”.").format(time=when)
            if draft.base_revision != detail.head_revision:
                note += " " + self.tr("The point has changed since: check History before saving.")
            self._show_banner(note)
        self._update_save_state()

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _set_editor_enabled(self, enabled: bool) -> None:
        for widget in (self.editor, self.save_button, self.discard_button, self.history, self.comments):
            widget.setEnabled(enabled)

    # ------------------------------------------------------------------ editing
    def _on_edited(self) -> None:
        if self.current_id is None:
            return
        self._dirty = True
        self._update_save_state()
        self._autosave.start()

    def _update_save_state(self) -> None:
        if self.current_id is None:
            self.save_state.clear()
        elif self._dirty:
            self.save_state.setText(self.tr("Unsaved changes (kept safe on this laptop)"))
        else:
            self.save_state.setText(self.tr("All changes saved"))

    def autosave_now(self) -> None:
        """Keep what is typed in the local draft table; called every few seconds while typing."""
        if not self._dirty or self.current_id is None:
            return
        pid, fields = self.current_id, self.editor.fields()

        def keep(s: Session, _w: OpWriter) -> None:
            head = proposals.get_proposal(s, pid).head_revision
            drafts.save_draft(s, proposal_id=pid, group_id=str(fields.get("group", "")), base_revision=head,
                       fields=fields)

        self.run(keep)

    def save_current(self) -> bool:
        """Save the editor as a new revision (undoable). False if it could not be saved."""
        self._autosave.stop()
        if self.current_id is None or not self._dirty:
            return True
        pid = self.current_id
        before, after = self._saved_fields, self.editor.fields()
        command = undoable.SaveProposal(pid, before, after)
        self._dirty = False
        if undo.push(self.undo_stack, command, self._run_command, self.tr("Save plan point")) is None:
            self._dirty = True
            self.autosave_now()
            self._update_save_state()
            return False
        self._update_save_state()
        self.banner.hide()
        self.proposal_saved.emit(pid)
        return True

    def new_proposal(self) -> None:
        if not self.save_current():
            return
        gid = self.current_group_id()  # empty: the first group (decided in the same transaction)
        command = undoable.CreateProposal(gid, {"title": self.tr("Untitled plan point"),
                                                "language": self.settings.language})
        if undo.push(self.undo_stack, command, self._run_command, self.tr("New plan point")):
            self.tabs.setCurrentIndex(0)
            self.editor.title.setFocus()
            self.editor.title.selectAll()

    def delete_current(self) -> None:
        if self.current_id is None:
            return
        pid = self.current_id
        row = self.table.currentIndex().row()
        self._dirty = False
        undo.push(self.undo_stack, undoable.DeleteProposal(pid), self._run_command, self.tr("Delete plan point"))
        # As in a file manager: the next point is opened, not an empty editor under a highlighted row.
        count = self.list_model.rowCount()
        if self.current_id is None and count:
            target = min(max(row, 0), count - 1)
            summary = self.list_model.proposal_at(target)
            if summary is not None:
                self._select_silently(target)
                self._show_proposal(summary.id)

    def discard_changes(self) -> None:
        """Drop unsaved typing and show the saved text again."""
        if self.current_id is None:
            return
        pid = self.current_id

        def discard(s: Session, _w: OpWriter) -> ProposalView:
            drafts.discard_draft(s, proposal_id=pid)
            return proposal_view.open_proposal(s, proposal_id=pid)

        view = self.run(discard)
        if view is not None:
            self._display(view)

    def restore_revision(self, revision_id: str) -> None:
        if self.current_id is None or not self.save_current():
            return
        command = undoable.RestoreRevision(self.current_id, revision_id, self._saved_fields)
        undo.push(self.undo_stack, command, self._run_command, self.tr("Restore revision"))

    def post_comment(self, text: str, reply_to: str) -> None:
        if self.current_id is None:
            return
        command = undoable.AddComment(self.current_id, text, reply_to)
        if undo.push(self.undo_stack, command, self._run_command, self.tr("Post comment")):
            self.comments.clear_input()
            self.tabs.setCurrentWidget(self.comments)

    def withdraw_comment(self, comment_id: str) -> None:
        if self.current_id is None:
            return
        command = undoable.WithdrawComment(self.current_id, comment_id)
        undo.push(self.undo_stack, command, self._run_command, self.tr("Withdraw comment"))

    # ------------------------------------------------------------------ other actions
    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def rebuild_views(self) -> None:
        """Recompute every view from the log, in a worker thread, cancellable."""
        if not self.save_current():
            return
        store = self.ws.store

        def work(report: Callable[[int, int], None]) -> int:
            with store.transaction() as session:
                return held.full_rebuild(session, report)

        count = run_with_progress(self, self.tr("Rebuilding the views from the log..."), work)
        if count is not None:
            self.reload()
            self.statusBar().showMessage(self.tr("Rebuilt the views from %n operations.", "", count), 5000)

    def show_guide(self) -> None:
        from stratplan.ui.dialogs.help_dialogs import GuideDialog
        from stratplan.ui.i18n import interface_language

        GuideDialog.ask(self, interface_language())

    def show_shortcuts(self) -> None:
        from stratplan.ui.dialogs.help_dialogs import (
            ShortcutsDialog,
            menu_shortcuts,
            window_shortcuts,
        )

        ShortcutsDialog.ask(self, [*menu_shortcuts(self.menuBar()), *window_shortcuts()])

    def show_about(self) -> None:
        AboutDialog.ask(self, self.ws.identity.fingerprint, str(self.ws.store.path), str(data_dir()))

    def _ask_open_store(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open store"), str(data_dir()),
                                              self.tr("StratPlan stores (*.sqlite);;All files (*)"))
        if path:
            self.open_store_requested.emit(path)

    def _ask_new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New store"), str(data_dir()),
                                              self.tr("StratPlan stores (*.sqlite)"))
        if path:
            self.new_store_requested.emit(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        # An invalid edit cannot become a revision; its draft stays for next time.
        if self._dirty and not self.save_current():
            self.autosave_now()
        self.settings.set_window_geometry(self.saveGeometry(), self.saveState())
        super().closeEvent(event)
