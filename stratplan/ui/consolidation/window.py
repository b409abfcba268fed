"""Consolidation: find overlapping proposals, compare them, merge with provenance, undo merges.

On the shared runner each button is one transaction: a merge (or its undo) reads, in that same
transaction, the fresh suggestions and the fields of the next point to show; the window also
listens for merges (made here, in another window, or received) and updates its merges list
row by row. Lists are never cleared, so the suggestion being worked on stays selected.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.changes import Changes
from stratplan.core.consolidation.overlaps import shared_passages
from stratplan.core.fields import FIELD_NAMES, Fields
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import consolidation, groups, proposals
from stratplan.core.services.consolidation import MergeInfo
from stratplan.core.services.groups import GroupInfo
from stratplan.core.services.overlap_service import Suggestion, suggest
from stratplan.ui.peer.keyed import KEY_ROLE, sync_combo, sync_list
from stratplan.ui.runner import ActionRunner
from stratplan.ui.widgets.editor import ProposalEditor
from stratplan.ui.widgets.labels import label_for

ROLE = KEY_ROLE
MARK = "background-color:#ffe58f;"


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` as HTML with the given character spans marked."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f'<span style="{MARK}">{html.escape(text[start:end])}</span>')
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br/>")


@dataclass(frozen=True)
class Found:
    """Suggestions and the point to show first (its fields read in the same transaction)."""

    suggestions: tuple[Suggestion, ...]
    selected: int                 # row of the suggestion to show; -1 when there is none
    target: str                   # the surviving point shown in the editor ("" for none)
    target_fields: Fields | None


def key_of(suggestion: Suggestion) -> tuple[str, ...]:
    return tuple(suggestion.group.ids)


def choose(suggestions: Sequence[Suggestion], *, selected: Hashable, target: str) -> tuple[int, str]:
    """Keep the user's suggestion and target if they are still there, else the first of each."""
    keys = [key_of(x) for x in suggestions]
    row = keys.index(selected) if selected in keys else (0 if suggestions else -1)
    if row < 0:
        return -1, ""
    ids = suggestions[row].group.ids
    return row, target if target in ids else ids[0]


class ConsolidationWindow(QMainWindow):
    """Suggestions on the left; the chosen target's combined text is edited before merging."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws = runner.workspace
        self.setWindowTitle(self.tr("Consolidation — StratPlan"))
        self.suggestions: tuple[Suggestion, ...] = ()
        # Merge id -> can it still be undone; the list shows the undone ones too.
        self.active: dict[str, bool] = {}
        self.scope = QComboBox(self)
        self.find_button = QPushButton(self.tr("&Find overlaps"), self)
        self.list = QListWidget(self)
        self.target = QComboBox(self)
        self.source = QComboBox(self)
        self.left = QTextBrowser(self)
        self.right = QTextBrowser(self)
        self.left.setAccessibleName(self.tr("The surviving point"))
        self.right.setAccessibleName(self.tr("The point compared with it"))
        self.field = QComboBox(self)
        self.take_button = QPushButton(self.tr("&Use the source's value for this field"), self)
        self.editor = ProposalEditor(self)
        self.merge_button = QPushButton(self.tr("&Merge the others into the target"), self)
        self.merges = QListWidget(self)
        self.merges.setAccessibleName(self.tr("Merges made"))
        self.undo_button = QPushButton(self.tr("&Undo the selected merge"), self)
        # Said where the list would be: an empty list alone reads as "still loading" or "broken".
        self.empty_note = QLabel(self.tr("No possible duplicates or overlaps here: every plan point in this "
                                         "scope reads differently from the others."), self)
        self.empty_note.setWordWrap(True)
        self.empty_note.hide()
        # After a merge, the way back is offered where the user is, not only on the Merges tab.
        self.merge_notice = QLabel(self)
        self.merge_notice.setWordWrap(True)
        self.merge_notice.hide()
        self.undo_last_button = QPushButton(self.tr("Undo &this merge"), self)
        self.undo_last_button.hide()
        self._last_merge = ""
        self._build()
        self._open()
        runner.add_listener(self)
        self.destroyed.connect(lambda *_: runner.remove_listener(self))
        self.resize(1400, 860)

    def _build(self) -> None:
        labels = {"title": self.tr("Title"), "summary": self.tr("Summary"), "body": self.tr("Text"),
                  "objective": self.tr("Objective"), "actions": self.tr("Actions"),
                  "indicators": self.tr("Indicators"), "responsible": self.tr("Responsible"),
                  "resources": self.tr("Resources / budget"), "tags": self.tr("Tags")}
        for name in FIELD_NAMES:
            if name in labels:
                self.field.addItem(labels[name], name)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Look in:"), self))
        top.addWidget(self.scope, 1)
        top.addWidget(self.find_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
        left_layout.addWidget(label_for(self.list, self.tr("Possible duplicates and overlaps, most similar first:")))
        left_layout.addWidget(self.list)
        left_layout.addWidget(self.empty_note)
        left_layout.addWidget(self.merge_notice)
        left_layout.addWidget(self.undo_last_button)
        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("Surviving point:"), self))
        pick.addWidget(self.target, 1)
        pick.addWidget(QLabel(self.tr("Compare with:"), self))
        pick.addWidget(self.source, 1)
        compare = QSplitter(self)
        compare.addWidget(self.left)
        compare.addWidget(self.right)
        take = QHBoxLayout()
        take.addWidget(self.field)
        take.addWidget(self.take_button)
        take.addStretch()
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(pick)
        right_layout.addWidget(QLabel(self.tr("Shared passages are highlighted."), self))
        right_layout.addWidget(compare, 1)
        right_layout.addLayout(take)
        right_layout.addWidget(QLabel(self.tr("The combined point (edit before merging):"), self))
        right_layout.addWidget(self.editor, 2)
        right_layout.addWidget(self.merge_button)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 980])
        merges_page = QWidget(self)
        merges_layout = QVBoxLayout(merges_page)
        merges_layout.addWidget(self.merges)
        merges_layout.addWidget(self.undo_button)
        tabs = QTabWidget(self)
        tabs.addTab(split, self.tr("&Suggestions"))
        tabs.addTab(merges_page, self.tr("M&erges"))
        self.setCentralWidget(tabs)
        self.find_button.clicked.connect(lambda: self.find_overlaps())
        self.list.currentRowChanged.connect(lambda _r: self.show_group())
        self.target.currentIndexChanged.connect(lambda _i: self.show_target())
        self.source.currentIndexChanged.connect(lambda _i: self.compare())
        self.take_button.clicked.connect(lambda: self.take_field())
        self.merge_button.clicked.connect(lambda: self.merge())
        self.undo_button.clicked.connect(lambda: self.undo_merge())
        self.undo_last_button.clicked.connect(lambda: self.undo_merge(self._last_merge))

    # ---------------------------------------------------------------- reading

    def _open(self) -> None:
        """Scopes, the whole coalition's suggestions, the first point and the merges: one read."""
        data = self.runner.read(self, lambda s: (groups.list_groups(s), self._find(s, scope=None),
                                                 consolidation.list_merges(s)))
        if data is None:
            return
        scopes, found, merges = data
        sync_combo(self.scope, [("", self.tr("The whole coalition")), *self._scopes(scopes)])
        self._show_merges(merges)
        self._show_found(found)

    @staticmethod
    def _scopes(scopes: list[GroupInfo]) -> list[tuple[Hashable, str]]:
        return [(g.id, g.name) for g in scopes]

    def _find(self, session: Session, *, scope: str | None) -> Found:
        """Suggestions for `scope`, and the fields of the point the window will show first."""
        found = tuple(suggest(session, group_id=scope))
        current = self.current()
        row, target = choose(found, selected=key_of(current) if current else None,
                             target=str(self.target.currentData() or ""))
        fields = proposals.get_proposal(session, target).fields if target else None
        return Found(found, row, target, fields)

    def fetch_changes(self, session: Session, changes: Changes) -> tuple[MergeInfo, ...] | None:
        """Inside the action's transaction: the merges, when one was made or undone (here or elsewhere)."""
        if changes.everything or changes.merges:
            return tuple(consolidation.list_merges(session))
        return None

    def apply_changes(self, data: tuple[MergeInfo, ...] | None, changes: Changes) -> None:
        if data is not None:
            self._show_merges(data)

    # ---------------------------------------------------------------- showing

    def _show_found(self, found: Found) -> None:
        """The suggestions row by row; the chosen one shown with the fields read for it."""
        self.suggestions = found.suggestions
        self.list.blockSignals(True)   # the view still follows the rows; only our slot waits
        sync_list(self.list, [(key_of(x), self._label(x)) for x in found.suggestions])
        self.list.setCurrentRow(found.selected)
        self.list.blockSignals(False)
        self.empty_note.setVisible(not found.suggestions)
        self._show_group(found.target, found.target_fields)

    @staticmethod
    def _label(suggestion: Suggestion) -> str:
        names = " / ".join(suggestion.titles[p] for p in suggestion.group.ids)
        return f"{round(suggestion.group.score * 100)}% · {names}"

    def _show_merges(self, merges: Sequence[MergeInfo]) -> None:
        self.active = {m.id: m.active for m in merges}
        sync_list(self.merges, [(m.id, self.tr("{sources} → {target} ({org}, {state})").format(
            sources=", ".join(m.source_titles), target=m.target_title, org=m.organisation,
            state=self.tr("active") if m.active else self.tr("undone"))) for m in merges])

    def current(self) -> Suggestion | None:
        row = self.list.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def _show_group(self, target: str, fields: Fields | None) -> None:
        """The chosen suggestion: its points as targets, `target` chosen, its fields in the editor."""
        suggestion = self.current()
        self.target.blockSignals(True)
        sync_combo(self.target, [(pid, suggestion.titles[pid]) for pid in suggestion.group.ids]
                   if suggestion else [])
        self.target.setCurrentIndex(self.target.findData(target))
        self.target.blockSignals(False)
        self._show_target(fields)

    def _show_target(self, fields: Fields | None) -> None:
        suggestion = self.current()
        target = self.target.currentData()
        self.source.blockSignals(True)
        sync_combo(self.source, [(pid, suggestion.titles[pid]) for pid in suggestion.group.ids if pid != target]
                   if suggestion else [])
        if self.source.currentIndex() < 0 and self.source.count():
            self.source.setCurrentIndex(0)
        self.source.blockSignals(False)
        if fields is not None:
            self.editor.set_fields(dict(fields))
        self.compare()

    def compare(self) -> None:
        """The chosen pair side by side, shared passages marked (from the suggestion: no read)."""
        suggestion = self.current()
        a, b = self.target.currentData(), self.source.currentData()
        if suggestion is None or not a or not b:
            self.left.clear()
            self.right.clear()
            return
        text_a, text_b = suggestion.texts[a], suggestion.texts[b]
        passages = shared_passages(text_a, text_b)
        self.left.setHtml(highlighted(text_a, [(p.a_start, p.a_end) for p in passages]))
        self.right.setHtml(highlighted(text_b, [(p.b_start, p.b_end) for p in passages]))

    # ---------------------------------------------------------------- what the user does

    def find_overlaps(self) -> bool:
        """Look for overlaps in the chosen scope (one read)."""
        scope = str(self.scope.currentData() or "") or None
        found = self.runner.read(self, lambda s: self._find(s, scope=scope))
        if found is None:
            return False
        self._show_found(found)
        return True

    def show_group(self) -> None:
        """The user chose another suggestion: its first point, read once."""
        suggestion = self.current()
        target = suggestion.group.ids[0] if suggestion else ""
        self._show_group(target, self._read_fields(target) if target else None)

    def show_target(self) -> None:
        """The user chose another surviving point: its fields, read once."""
        target = self.target.currentData()
        self._show_target(self._read_fields(str(target)) if target else None)

    def _read_fields(self, proposal_id: str) -> Fields | None:
        detail = self.runner.read(self, lambda s: proposals.get_proposal(s, proposal_id))
        return detail.fields if detail is not None else None

    def take_field(self) -> bool:
        """Copy one field of the source into the combined text (one read)."""
        source = self.source.currentData()
        name = str(self.field.currentData())
        fields = self._read_fields(str(source)) if source else None
        if fields is None:
            return False
        self.editor.set_fields({**self.editor.fields(), name: fields[name]})
        return True

    def merge(self) -> bool:
        """Merge the others into the target, and show what is left to consolidate: one transaction."""
        suggestion = self.current()
        target = str(self.target.currentData() or "")
        if suggestion is None or not target:
            return False
        sources = [p for p in suggestion.group.ids if p != target]
        fields = self.editor.fields()
        scope = str(self.scope.currentData() or "") or None

        def step(session: Session, writer: OpWriter) -> tuple[MergeInfo, Found]:
            done = consolidation.merge(session, writer=writer, target=target, sources=sources,
                                       fields=fields)
            return done, self._find(session, scope=scope)

        outcome = self.runner.run(self, step)
        if outcome is None:
            return False
        done, found = outcome.value
        self._show_found(found)
        self._last_merge = done.id
        self.merge_notice.setText(self.tr("“{title}” now holds the merged text; the other points are marked "
                                          "as merged into it. Nothing is lost: the merge can be undone.").format(
            title=done.target_title))
        self.merge_notice.show()
        self.undo_last_button.show()
        self.statusBar().showMessage(self.tr("Merged %n proposals into “{title}”.", "", len(sources)).format(
            title=done.target_title), 5000)
        return True

    def undo_merge(self, merge_id: str = "") -> bool:
        """Undo the chosen merge; the points it joined are suggested again: one transaction."""
        if not merge_id:
            item = self.merges.currentItem()
            merge_id = str(item.data(ROLE)) if item else ""
        if not self.active.get(merge_id):
            return False
        scope = str(self.scope.currentData() or "") or None

        def step(session: Session, writer: OpWriter) -> Found:
            consolidation.unmerge(session, writer=writer, merge_id=merge_id)
            return self._find(session, scope=scope)

        outcome = self.runner.run(self, step)
        if outcome is None:
            return False
        self._show_found(outcome.value)
        if merge_id == self._last_merge:
            self.merge_notice.hide()
            self.undo_last_button.hide()
        return True
