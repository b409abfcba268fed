"""Consolidation: find overlapping proposals, compare them, merge with provenance, undo merges."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.consolidation.overlaps import shared_passages
from stratplan.core.fields import FIELD_NAMES
from stratplan.core.services import consolidation, groups, proposals
from stratplan.core.services.overlap_service import Suggestion, suggest
from stratplan.core.workspace import Workspace
from stratplan.ui.steps import run_step
from stratplan.ui.widgets.editor import ProposalEditor

ROLE = 0x0101
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


class ConsolidationWindow(QMainWindow):
    """Suggestions on the left; the chosen target's combined text is edited before merging."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None,
                 on_change: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.on_change = on_change or (lambda: None)
        self.setWindowTitle(self.tr("Consolidation — StratPlan"))
        self.suggestions: list[Suggestion] = []
        self.scope = QComboBox(self)
        self.find_button = QPushButton(self.tr("&Find overlaps"), self)
        self.list = QListWidget(self)
        self.target = QComboBox(self)
        self.source = QComboBox(self)
        self.left = QTextBrowser(self)
        self.right = QTextBrowser(self)
        self.field = QComboBox(self)
        self.take_button = QPushButton(self.tr("&Use the source's value for this field"), self)
        self.editor = ProposalEditor(self)
        self.merge_button = QPushButton(self.tr("&Merge the others into the target"), self)
        self.merges = QListWidget(self)
        self.undo_button = QPushButton(self.tr("&Undo the selected merge"), self)
        self._build()
        self._fill_scope()
        self.find()
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
        left_layout.addWidget(QLabel(self.tr("Possible duplicates and overlaps, most similar first:"), self))
        left_layout.addWidget(self.list)
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
        self.find_button.clicked.connect(self.find)
        self.list.currentRowChanged.connect(lambda _r: self.show_group())
        self.target.currentIndexChanged.connect(lambda _i: self.show_target())
        self.source.currentIndexChanged.connect(lambda _i: self.compare())
        self.take_button.clicked.connect(self.take_field)
        self.merge_button.clicked.connect(self.merge)
        self.undo_button.clicked.connect(self.undo_merge)

    def run(self, step: Callable[..., Any]) -> Any:
        return run_step(self, self.ws, step)

    def _fill_scope(self) -> None:
        self.scope.addItem(self.tr("The whole coalition"), "")
        for g in self.run(lambda s, _w: groups.list_groups(s)) or []:
            self.scope.addItem(g.name, g.id)

    def find(self) -> None:
        scope = self.scope.currentData() or None
        found = self.run(lambda s, _w: suggest(s, group_id=scope))
        self.suggestions = found or []
        self.list.clear()
        for i, suggestion in enumerate(self.suggestions):
            names = " / ".join(suggestion.titles[p] for p in suggestion.group.ids)
            item = QListWidgetItem(f"{round(suggestion.group.score * 100)}% · {names}", self.list)
            item.setData(ROLE, i)
        self._fill_merges()
        if self.suggestions:
            self.list.setCurrentRow(0)

    def current(self) -> Suggestion | None:
        row = self.list.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def show_group(self) -> None:
        suggestion = self.current()
        self.target.blockSignals(True)
        self.target.clear()
        if suggestion is not None:
            for pid in suggestion.group.ids:
                self.target.addItem(suggestion.titles[pid], pid)
        self.target.blockSignals(False)
        self.show_target()

    def show_target(self) -> None:
        suggestion = self.current()
        target = self.target.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        if suggestion is not None:
            for pid in suggestion.group.ids:
                if pid != target:
                    self.source.addItem(suggestion.titles[pid], pid)
        self.source.blockSignals(False)
        detail = self.run(lambda s, _w: proposals.get_proposal(s, target)) if target else None
        if detail is not None:
            self.editor.set_fields(detail.fields)
        self.compare()

    def compare(self) -> None:
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

    def take_field(self) -> None:
        source = self.source.currentData()
        name = self.field.currentData()
        if not source:
            return
        detail = self.run(lambda s, _w: proposals.get_proposal(s, source))
        if detail is not None:
            self.editor.set_fields({**self.editor.fields(), name: detail.fields[name]})

    def merge(self) -> bool:
        suggestion = self.current()
        target = self.target.currentData()
        if suggestion is None or not target:
            return False
        sources = [p for p in suggestion.group.ids if p != target]
        fields = self.editor.fields()
        done = self.run(lambda s, w: consolidation.merge(s, writer=w, target=target, sources=sources,
                                                         fields=fields))
        if done is None:
            return False
        self.statusBar().showMessage(self.tr("Merged {n} proposals into “{title}”.").format(
            n=len(sources), title=done.target_title), 5000)
        self.find()
        self.on_change()
        return True

    def _fill_merges(self) -> None:
        self.merges.clear()
        for m in self.run(lambda s, _w: consolidation.list_merges(s)) or []:
            state = self.tr("active") if m.active else self.tr("undone")
            item = QListWidgetItem(self.tr("{sources} → {target} ({org}, {state})").format(
                sources=", ".join(m.source_titles), target=m.target_title, org=m.organisation, state=state),
                self.merges)
            item.setData(ROLE, m.id if m.active else "")

    def undo_merge(self) -> bool:
        item = self.merges.currentItem()
        merge_id = str(item.data(ROLE)) if item else ""
        if not merge_id:
            return False
        if self.run(lambda s, w: consolidation.unmerge(s, writer=w, merge_id=merge_id)) is None:
            return False
        self.find()
        self.on_change()
        return True
