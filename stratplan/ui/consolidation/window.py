"""Consolidation: find overlapping proposals, compare them, merge with provenance, undo merges,
dismiss a suggestion as "not a duplicate" or link its points as related.

Finding runs in a worker thread (finding.py) with a progress bar and Cancel, at the sensitivity
the user chose (remembered in the settings). On the shared runner every other button is one
transaction: a merge (or its undo) reads, in that same transaction, the fresh suggestions and
the fields of the next point to show; a dismissal or a related link is shared as a signed
operation, and the window (like every window that listens) takes the reviewed pairs out of its
suggestions from the Changes it returns, as it does when such a review arrives from another
laptop. Lists are never cleared, so the suggestion being worked on stays selected.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSlider,
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
from stratplan.core.services import consolidation, groups, overlap_review, proposals
from stratplan.core.services.consolidation import MergeInfo
from stratplan.core.services.groups import GroupInfo
from stratplan.core.services.overlap_review import RelatedLink
from stratplan.core.services.overlap_service import Suggestion
from stratplan.ui import errors
from stratplan.ui.consolidation.finding import Finder, IsCancelled, Progress
from stratplan.ui.consolidation.review_actions import ReviewActions
from stratplan.ui.consolidation.reviewed import ReviewedTab, wrap
from stratplan.ui.consolidation.suggestions import Found, Reviews, choose, highlighted, key_of
from stratplan.ui.peer.keyed import KEY_ROLE, sync_combo, sync_list
from stratplan.ui.runner import ActionRunner
from stratplan.ui.settings import Settings
from stratplan.ui.widgets.editor import ProposalEditor
from stratplan.ui.widgets.labels import label_for

ROLE = KEY_ROLE

# Titles named in a suggestion's line; the pair list below it shows every member.
_TITLES_SHOWN = 3


class ConsolidationWindow(ReviewActions, QMainWindow):
    """Suggestions on the left; the chosen target's combined text is edited before merging."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None, *,
                 settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws = runner.workspace
        self.settings = settings
        self.setWindowTitle(self.tr("Consolidation — StratPlan"))
        self.suggestions: tuple[Suggestion, ...] = ()
        # Merge id -> can it still be undone; the list shows the undone ones too.
        self.active: dict[str, bool] = {}
        self.scope = QComboBox(self)
        self.find_button = QPushButton(self.tr("&Find overlaps"), self)
        self.sensitivity = QSlider(Qt.Orientation.Horizontal, self)
        self.sensitivity_note = QLabel(self)
        self.progress = QProgressBar(self)
        self.cancel_button = QPushButton(self.tr("&Cancel"), self)
        self.finder = Finder(self)
        self.list = QListWidget(self)
        self.pairs = QListWidget(self)
        self.dismiss_button = QPushButton(self.tr("&Not a duplicate"), self)
        self.related_button = QPushButton(self.tr("&Related, keep both"), self)
        self.target = QComboBox(self)
        self.source = QComboBox(self)
        self.left = QTextBrowser(self)
        self.right = QTextBrowser(self)
        self.left.setAccessibleName(self.tr("The surviving point"))
        self.right.setAccessibleName(self.tr("The point compared with it"))
        self.related = QListWidget(self)
        self.unlink_button = QPushButton(self.tr("Remove the &link"), self)
        self.field = QComboBox(self)
        self.take_button = QPushButton(self.tr("&Use the source's value for this field"), self)
        self.editor = ProposalEditor(self)
        self.merge_button = QPushButton(self.tr("&Merge the others into the target"), self)
        self.merges = QListWidget(self)
        self.merges.setAccessibleName(self.tr("Merges made"))
        self.undo_button = QPushButton(self.tr("&Undo the selected merge"), self)
        self.reviewed = ReviewedTab(self)
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
        # Moving the slider waits for the hand to rest before finding again.
        self._refind = QTimer(self)
        self._refind.setSingleShot(True)
        self._refind.setInterval(350)
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
        self._build_sensitivity()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Look in:"), self))
        top.addWidget(self.scope, 1)
        top.addWidget(self.find_button)
        tune = QHBoxLayout()
        tune.addWidget(label_for(self.sensitivity, self.tr("Fewer")))
        tune.addWidget(self.sensitivity, 1)
        tune.addWidget(QLabel(self.tr("More suggestions"), self))
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        review = QHBoxLayout()
        review.addWidget(self.dismiss_button)
        review.addWidget(self.related_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
        left_layout.addLayout(tune)
        left_layout.addWidget(self.sensitivity_note)
        left_layout.addLayout(running)
        left_layout.addWidget(label_for(self.list, self.tr("Possible duplicates and overlaps, most similar first:")))
        left_layout.addWidget(self.list, 3)
        left_layout.addWidget(self.empty_note)
        left_layout.addWidget(label_for(self.pairs, self.tr("How alike each pair in this group is:")))
        left_layout.addWidget(self.pairs, 1)
        left_layout.addLayout(review)
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
        # Shown only when the surviving point has related links.
        self.links = QWidget(self)
        links = QHBoxLayout(self.links)
        links.setContentsMargins(0, 0, 0, 0)
        links.addWidget(label_for(self.related, self.tr("Related to the surviving point:")))
        links.addWidget(self.related, 1)
        links.addWidget(self.unlink_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(pick)
        right_layout.addWidget(QLabel(self.tr("Shared passages are highlighted."), self))
        right_layout.addWidget(compare, 1)
        right_layout.addWidget(self.links)
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
        self.tabs = QTabWidget(self)
        self.tabs.addTab(split, self.tr("&Suggestions"))
        self.tabs.addTab(merges_page, self.tr("M&erges"))
        self.tabs.addTab(self.reviewed, self.tr("Re&viewed"))
        self.setCentralWidget(self.tabs)
        self.related.setMaximumHeight(64)
        for widget in (self.list, self.pairs):
            wrap(widget)
        self.dismiss_button.setToolTip(self.tr("These points say different things: never suggest them together "
                                               "again, on any laptop of the coalition."))
        self.related_button.setToolTip(self.tr("These points are related but stay separate: link them (the link "
                                               "shows on each point) and stop suggesting them together."))
        self._show_running(False)
        self.find_button.clicked.connect(lambda: self.find_overlaps())
        self.cancel_button.clicked.connect(self.finder.cancel)
        self.finder.progressed.connect(self._progressed)
        self.finder.running_changed.connect(self._show_running)
        self.finder.found.connect(self._found)
        self.finder.cancelled.connect(lambda: self.statusBar().showMessage(
            self.tr("Finding was cancelled; the suggestions are as they were."), 5000))
        self.finder.failed.connect(lambda exc: errors.show_error(self, exc))
        self.list.currentRowChanged.connect(lambda _r: self.show_group())
        self.pairs.itemActivated.connect(lambda _item: self.show_pair())
        self.pairs.itemClicked.connect(lambda _item: self.show_pair())
        self.target.currentIndexChanged.connect(lambda _i: self.show_target())
        self.source.currentIndexChanged.connect(lambda _i: self.compare())
        self.take_button.clicked.connect(lambda: self.take_field())
        self.merge_button.clicked.connect(lambda: self.merge())
        self.undo_button.clicked.connect(lambda: self.undo_merge())
        self.undo_last_button.clicked.connect(lambda: self.undo_merge(self._last_merge))
        self.dismiss_button.clicked.connect(lambda: self.dismiss())
        self.related_button.clicked.connect(lambda: self.relate())
        self.unlink_button.clicked.connect(lambda: self.unlink_related())
        self.reviewed.review_again_requested.connect(lambda a, b: self.review_again(a, b))
        self.reviewed.unlink_requested.connect(lambda a, b: self.unlink(a, b))

    # ---------------------------------------------------------------- reading

    def _open(self) -> None:
        """Scopes, merges and reviewed pairs in one read; the suggestions are found in the worker."""
        data = self.runner.read(self, lambda s: (groups.list_groups(s), consolidation.list_merges(s),
                                                 overlap_review.reviewed(s)))
        if data is None:
            return
        scopes, merges, reviewed = data
        sync_combo(self.scope, [("", self.tr("The whole coalition")), *self._scopes(scopes)])
        self._show_merges(merges)
        self.reviewed.show_pairs(reviewed)
        self._show_found(Found((), -1, "", None))
        self.find_overlaps()

    @staticmethod
    def _scopes(scopes: list[GroupInfo]) -> list[tuple[Hashable, str]]:
        return [(g.id, g.name) for g in scopes]

    def _scope(self) -> str | None:
        return str(self.scope.currentData() or "") or None

    def _keys(self) -> tuple[Hashable, str]:
        """What the user is looking at: kept across a refresh when it is still there."""
        current = self.current()
        return (key_of(current) if current else None), str(self.target.currentData() or "")

    @staticmethod
    def _chosen(session: Session, found: Sequence[Suggestion], keys: tuple[Hashable, str]) -> Found:
        row, target = choose(found, selected=keys[0], target=keys[1])
        fields = proposals.get_proposal(session, target).fields if target else None
        related = tuple(overlap_review.related_to(session, target)) if target else ()
        return Found(tuple(found), row, target, fields, related)

    def _find(self, session: Session, *, scope: str | None) -> Found:
        """Suggestions for `scope` (inside an action's transaction), and the point to show first."""
        found = overlap_review.suggest_unreviewed(session, group_id=scope, threshold=self.threshold())
        return self._chosen(session, found, self._keys())

    def fetch_changes(self, session: Session, changes: Changes) -> tuple[tuple[MergeInfo, ...] | None,
                                                                          Reviews | None]:
        """Inside the action's transaction: the merges when one was made or undone, and the reviewed
        pairs with the suggestions left when a review was made (here, in another window, or received)."""
        merges = tuple(consolidation.list_merges(session)) if changes.everything or changes.merges else None
        reviews = None
        if changes.everything or changes.overlaps:
            left = overlap_review.without_reviewed(self.suggestions, overlap_review.reviewed_pairs(session),
                                                   threshold=self.threshold())
            reviews = Reviews(tuple(overlap_review.reviewed(session)), self._chosen(session, left, self._keys()))
        return merges, reviews

    def apply_changes(self, data: tuple[tuple[MergeInfo, ...] | None, Reviews | None], changes: Changes) -> None:
        merges, reviews = data
        if merges is not None:
            self._show_merges(merges)
        if reviews is not None:
            self.reviewed.show_pairs(reviews.pairs)
            self._show_found(reviews.found)

    # ---------------------------------------------------------------- showing

    def _show_found(self, found: Found) -> None:
        """The suggestions row by row; the chosen one shown with the fields read for it."""
        self.suggestions = found.suggestions
        self.list.blockSignals(True)   # the view still follows the rows; only our slot waits
        sync_list(self.list, [(key_of(x), self._label(x)) for x in found.suggestions])
        self.list.setCurrentRow(found.selected)
        self.list.blockSignals(False)
        self.empty_note.setVisible(not found.suggestions and not self.finder.running)
        self._show_group(found.target, found.target_fields, found.related)

    def _label(self, suggestion: Suggestion) -> str:
        ids = suggestion.group.ids
        names = " / ".join(suggestion.titles[p] for p in ids[:_TITLES_SHOWN])
        if len(ids) > _TITLES_SHOWN:
            # A store of near-copies makes groups of dozens: one line each, not a wall of titles.
            names = self.tr("%1 and %n more", "", len(ids) - _TITLES_SHOWN).replace("%1", names)
        return f"{round(suggestion.group.score * 100)}% · {names}"

    def _show_merges(self, merges: Sequence[MergeInfo]) -> None:
        self.active = {m.id: m.active for m in merges}
        sync_list(self.merges, [(m.id, self.tr("{sources} → {target} ({org}, {state})").format(
            sources=", ".join(m.source_titles), target=m.target_title, org=m.organisation,
            state=self.tr("active") if m.active else self.tr("undone"))) for m in merges])

    def current(self) -> Suggestion | None:
        row = self.list.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def _show_group(self, target: str, fields: Fields | None, related: Sequence[RelatedLink] = ()) -> None:
        """The chosen suggestion: its pairs, its points as targets, `target` chosen, its fields in the editor."""
        suggestion = self.current()
        words = {"duplicate": self.tr("duplicate"), "overlap": self.tr("overlap")}
        sync_list(self.pairs, [((p.a, p.b), f"{round(p.score * 100)}% · {words.get(p.kind, p.kind)} · "
                                             f"{suggestion.titles[p.a]}  ↔  {suggestion.titles[p.b]}")
                               for p in suggestion.group.pairs] if suggestion else [])
        self.dismiss_button.setEnabled(suggestion is not None)
        self.related_button.setEnabled(suggestion is not None)
        self.merge_button.setEnabled(suggestion is not None)
        self.target.blockSignals(True)
        sync_combo(self.target, [(pid, suggestion.titles[pid]) for pid in suggestion.group.ids]
                   if suggestion else [])
        self.target.setCurrentIndex(self.target.findData(target))
        self.target.blockSignals(False)
        self._show_target(fields, related)

    def _show_target(self, fields: Fields | None, related: Sequence[RelatedLink] = ()) -> None:
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
        self._show_related(related)
        self.compare()

    def _show_related(self, related: Sequence[RelatedLink]) -> None:
        sync_list(self.related, [(x.other, self.tr("{title} (linked by {org})").format(
            title=x.title, org=x.organisation)) for x in related])
        if self.related.currentRow() < 0 and self.related.count():
            self.related.setCurrentRow(0)
        self.unlink_button.setEnabled(bool(related))
        self.links.setVisible(bool(related))

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

    def _show_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if running:
            self.progress.setRange(0, 0)   # busy until the finder says how much there is
            self.empty_note.hide()
            self.statusBar().showMessage(self.tr("Looking for possible duplicates and overlaps..."))
        else:
            self.statusBar().clearMessage()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    # ---------------------------------------------------------------- what the user does

    def find_overlaps(self) -> None:
        """Look for overlaps in the chosen scope, in the worker; the list changes when it is done."""
        self._refind.stop()
        scope, threshold, keys, store = self._scope(), self.threshold(), self._keys(), self.ws.store

        def work(progress: Progress, cancelled: IsCancelled) -> Found:
            with store.transaction() as session:  # the worker's own session: sessions never cross threads
                found = overlap_review.suggest_unreviewed(session, group_id=scope, threshold=threshold,
                                                          progress=progress, cancelled=cancelled)
                return self._chosen(session, found, keys)

        self.finder.start(work)

    def _found(self, found: object) -> None:
        assert isinstance(found, Found)
        self._show_found(found)

    def show_group(self) -> None:
        """The user chose another suggestion: its first point, read once."""
        suggestion = self.current()
        target = suggestion.group.ids[0] if suggestion else ""
        self._show_group(target, *self._read_target(target))

    def show_target(self) -> None:
        """The user chose another surviving point: its fields and links, read once."""
        target = self.target.currentData()
        self._show_target(*self._read_target(str(target or "")))

    def show_pair(self) -> None:
        """The user chose a pair of the group: its first point survives, compared with the second."""
        item = self.pairs.currentItem()
        if item is None:
            return
        a, b = item.data(ROLE)
        self.target.setCurrentIndex(self.target.findData(a))   # reads its fields once
        self.source.setCurrentIndex(self.source.findData(b))

    def _read_target(self, proposal_id: str) -> tuple[Fields | None, tuple[RelatedLink, ...]]:
        if not proposal_id:
            return None, ()
        read = self.runner.read(self, lambda s: (proposals.get_proposal(s, proposal_id).fields,
                                                 tuple(overlap_review.related_to(s, proposal_id))))
        return read if read is not None else (None, ())

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
        scope = self._scope()

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
        scope = self._scope()

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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finder.wait()   # never leave a worker reading a store that may close
        super().closeEvent(event)
