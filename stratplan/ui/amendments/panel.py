"""The open proposal's amendments: its text with line numbers, proposing a change to the selected
lines, each amendment shown inline (struck and underlined), deciding, and choosing among
competing ones. Reads and writes through the shared runner, so every window sees the result."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.diff_html import segments_html
from stratplan.ui.amendments.dialogs import COMBINE, MODIFY, PROPOSE, REJECT, AmendmentDialog
from stratplan.ui.progress.models import TextRow, TextTableModel
from stratplan.ui.widgets.labels import label_for

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stratplan.core.changes import Changes
    from stratplan.core.oplog.writer import OpWriter
    from stratplan.core.services import amend_merge
    from stratplan.core.services.amendment_view import AmendmentDesk
    from stratplan.core.services.amendments import AmendmentInfo
    from stratplan.ui.runner import ActionRunner

# The decisions (amendments.ACCEPTED, MODIFIED, REJECTED): the services are imported when first
# used, so the main window does not pay for them at start-up.
ACCEPT, MODIFY_DECISION, REJECT_DECISION = "accept", "modify", "reject"

# Word's way of showing a change: struck through and underlined (the colour only adds to it).
DELETED = "color:#a40000;text-decoration:line-through;"
INSERTED = "color:#00661a;text-decoration:underline;"


class AmendmentsPanel(QWidget):
    """Follows the proposal chosen in the main window (`show_proposal`) and every change to it."""

    def __init__(self, runner: ActionRunner | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.org_id = ""
        self.desk: AmendmentDesk | None = None
        self._wanted: str | None = None
        self._stale = False
        self.lines_model = TextTableModel([self.tr("Line"), self.tr("Text")], self, numeric=(0,))
        self.lines = self._table(self.lines_model, self.tr("The text with line numbers"), 1)
        # One run of lines: an amendment changes one passage.
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.propose_button = QPushButton(self.tr("P&ropose an amendment to the selected lines..."), self)
        self.list_model = TextTableModel([self.tr("Lines"), self.tr("Change"), self.tr("By"), self.tr("State")], self)
        self.list = self._table(self.list_model, self.tr("Amendments to this proposal"), 3)
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName(self.tr("The selected amendment, inline"))
        self.detail.setOpenLinks(False)
        self.accept_button = QPushButton(self.tr("&Accept"), self)
        self.modify_button = QPushButton(self.tr("Accept &with changes..."), self)
        self.reject_button = QPushButton(self.tr("Re&ject..."), self)
        self.choose_button = QPushButton(self.tr("Choose th&is one"), self)
        self.combine_button = QPushButton(self.tr("Com&bine..."), self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        # Why the decision buttons are greyed out, said on the page rather than only on hover.
        self.rights = QLabel(self)
        self.rights.setWordWrap(True)
        top, bottom = QWidget(self), QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(label_for(self.lines, self.tr("Te&xt, numbered (select lines to amend them):")))
        top_layout.addWidget(self.lines)
        propose_row = QHBoxLayout()
        propose_row.addStretch()
        propose_row.addWidget(self.propose_button)
        top_layout.addLayout(propose_row)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(label_for(self.list, self.tr("List of amendments:")))
        bottom_layout.addWidget(self.list, 1)
        bottom_layout.addWidget(self.detail, 1)
        decide_row = QHBoxLayout()
        for button in (self.accept_button, self.modify_button, self.reject_button):
            decide_row.addWidget(button)
        decide_row.addStretch()
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_button)
        choose_row.addWidget(self.combine_button)
        choose_row.addStretch()
        bottom_layout.addLayout(decide_row)
        bottom_layout.addWidget(self.rights)
        bottom_layout.addLayout(choose_row)
        bottom_layout.addWidget(self.notice)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.propose_button.clicked.connect(self.propose)
        self.accept_button.clicked.connect(lambda: self.decide(ACCEPT))
        self.modify_button.clicked.connect(lambda: self.decide(MODIFY_DECISION))
        self.reject_button.clicked.connect(lambda: self.decide(REJECT_DECISION))
        self.choose_button.clicked.connect(self.choose)
        self.combine_button.clicked.connect(self.combine)
        self.lines.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.show_desk(None)
        if runner is not None:
            self.attach(runner)

    def attach(self, runner: ActionRunner) -> None:
        """Read and write through `runner` (a window built before its store opened gets it then)."""
        self.runner = runner
        self.org_id = runner.workspace.profile.org_id
        runner.add_listener(self)

    def _table(self, model: TextTableModel, name: str, stretch: int) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    # -- reading ----------------------------------------------------------------------------

    def _read(self, session: Session, proposal_id: str) -> AmendmentDesk:
        from stratplan.core.services.amendment_view import amendment_desk

        return amendment_desk(session, proposal_id=proposal_id, org_id=self.org_id)

    def show_proposal(self, proposal_id: str | None) -> None:
        """Follow another proposal (None: no proposal open).

        Read only while the tab is on show: opening a point stays one read of the store for
        everyone who is not looking at its amendments."""
        self._wanted = proposal_id
        self.notice.clear()
        if proposal_id is None:
            self.show_desk(None)
        elif self.isVisible():
            self._load()

    def _load(self) -> None:
        wanted = self._wanted
        self._stale = False
        if wanted is None:
            self.show_desk(None)
            return
        desk = self.runner.read(self, lambda s: self._read(s, wanted))
        self.show_desk(desk)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self._wanted != (self.desk.proposal_id if self.desk else None):
            self._load()

    def fetch_changes(self, session: Session, changes: Changes) -> AmendmentDesk | None:
        if self.desk is None or not changes.touches_proposal(self.desk.proposal_id):
            return None
        if not self.isVisible():
            self._stale = True  # read again when the tab is shown
            return None
        return self._read(session, self.desk.proposal_id)

    def apply_changes(self, data: AmendmentDesk | None, changes: Changes) -> None:
        if data is not None:
            self.show_desk(data)

    # -- showing ----------------------------------------------------------------------------

    def state_word(self, state: str) -> str:
        return {"open": self.tr("open"), "accepted": self.tr("accepted"), "rejected": self.tr("rejected"),
                "set-aside": self.tr("set aside"), "merged": self.tr("merged"), "outdated": self.tr("outdated"),
                "invalid": self.tr("invalid")}.get(state, state)

    def change_word(self, change: str) -> str:
        return {"replace": self.tr("replace"), "insert": self.tr("insert"),
                "delete": self.tr("delete")}.get(change, change)

    def _lines_text(self, a: AmendmentInfo) -> str:
        first, last = (a.current_first, a.current_last) if a.current_start >= 0 else (a.first_line, a.last_line)
        if a.change == "insert":
            return self.tr("after {line}").format(line=first)
        return str(first) if first == last else f"{first}–{last}"

    def _where_text(self, a: AmendmentInfo) -> str:
        """Where it applies, in a sentence: "line 2", "lines 2–4", "after line 3"."""
        first, last = (a.current_first, a.current_last) if a.current_start >= 0 else (a.first_line, a.last_line)
        if a.change == "insert":
            return self.tr("after line {line}").format(line=first)
        if first == last:
            return self.tr("line {line}").format(line=first)
        return self.tr("lines {first}–{last}").format(first=first, last=last)

    def show_desk(self, desk: AmendmentDesk | None) -> None:
        self.desk = desk
        self.lines_model.set_rows([TextRow(str(line.number), (str(line.number), line.text), line.text)
                                   for line in (desk.lines if desk else ())])
        rows = []
        for a in desk.amendments if desk else ():
            state = self.state_word(a.state)
            if a.competes_with or (desk is not None and desk.competition_of(a.id) is not None):
                state = self.tr("{state}, competing").format(state=state)
            rows.append(TextRow(a.id, (self._lines_text(a), self.change_word(a.change), a.organisation, state),
                                a.reason))
        self.list_model.set_rows(rows)
        if not self.list.currentIndex().isValid() and rows:
            self.list.selectRow(0)
        self.show_selected()

    def selected(self) -> AmendmentInfo | None:
        key = self.list_model.key_at(self.list.currentIndex().row())
        return next((a for a in self.desk.amendments if a.id == key), None) if self.desk and key else None

    def show_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.detail.setHtml(html.escape(self.tr("No amendment yet: select lines of the text and propose one."))
                                if self.desk else "")
            self._enable()
            return
        reason_word = self.tr("Reason:")
        heading = {"replace": self.tr("Replace {where}, by {org} ({author})"),
                   "insert": self.tr("Insert {where}, by {org} ({author})"),
                   "delete": self.tr("Delete {where}, by {org} ({author})")}.get(
            chosen.change, "{where}, {org} ({author})").format(
            where=self._where_text(chosen), org=chosen.organisation, author=chosen.author)
        parts = [f"<p><b>{html.escape(heading)}</b> — {html.escape(self.state_word(chosen.state))}</p>",
                 f"<p>{segments_html(chosen.segments, delete_style=DELETED, insert_style=INSERTED)}</p>",
                 f"<p><i>{html.escape(reason_word)}</i> {html.escape(chosen.reason)}</p>"]
        for d in chosen.decisions:
            line = self.tr("{org} ({author}): {decision}").format(
                org=d.organisation, author=d.author, decision=self.decision_word(d.decision))
            if d.reason:
                line += f" — {d.reason}"
            if not d.counts:
                line += " " + self.tr("(does not count: only the proposal's organisations or its working "
                                      "group's coordinator may decide)")
            parts.append(f"<p>{html.escape(line)}</p>")
        if chosen.competes_with and chosen.state == "open":
            parts.append("<p><b>" + html.escape(self.tr(
                "Other amendments change the same lines ({ids}): once this one is accepted and merged, "
                "they no longer fit the text and are shown as outdated.").format(
                ids=", ".join(self._where_of(i) for i in chosen.competes_with))) + "</b></p>")
        if chosen.state == "outdated":
            parts.append("<p>" + html.escape(self.tr(
                "Outdated: the passage it changes has changed since it was proposed. Propose it again on "
                "the current text if it still applies.")) + "</p>")
        competition = self.desk.competition_of(chosen.id) if self.desk else None
        if competition is not None:
            parts.append("<p><b>" + html.escape(self.tr(
                "{count} accepted amendments change lines {lines}: choose one, or combine them.").format(
                count=len(competition.alternatives), lines=f"{competition.first_line}–{competition.last_line}"))
                + "</b></p>")
        self.detail.setHtml("".join(parts))
        self._enable()

    def _where_of(self, amendment_id: str) -> str:
        other = next((a for a in self.desk.amendments if a.id == amendment_id), None) if self.desk else None
        return f"{other.organisation}, {self._where_text(other)}" if other else amendment_id[:8]

    def decision_word(self, decision: str) -> str:
        return {"accept": self.tr("accepted"), "modify": self.tr("accepted with changes"),
                "reject": self.tr("rejected"), "aside": self.tr("set aside for another")}.get(decision, decision)

    def _enable(self) -> None:
        desk, chosen = self.desk, self.selected()
        self.propose_button.setEnabled(bool(desk and self.lines.selectionModel().selectedRows()))
        open_one = bool(desk and desk.may_decide and chosen and chosen.state == "open" and chosen.current_start >= 0)
        for button in (self.accept_button, self.modify_button, self.reject_button):
            button.setEnabled(open_one)
        competing = bool(desk and chosen and desk.may_decide and desk.competition_of(chosen.id))
        self.choose_button.setEnabled(competing)
        self.combine_button.setEnabled(competing)
        why = "" if not desk or desk.may_decide else self.tr(
            "Only the proposal's organisations or its working group's coordinator may decide on its amendments.")
        for button in (self.accept_button, self.modify_button, self.reject_button):
            button.setToolTip(why)
        self.rights.setText(why)
        self.rights.setVisible(bool(why))

    # -- acting -----------------------------------------------------------------------------

    def _selected_lines(self) -> tuple[int, int]:
        numbers = sorted(int(self.lines_model.key_at(i.row()) or 0) for i in self.lines.selectionModel().selectedRows())
        return (numbers[0], numbers[-1]) if numbers else (0, 0)

    def _run(self, step: Any) -> Any:
        outcome = self.runner.run(self, step)
        return None if outcome is None else outcome.value

    def propose(self) -> None:
        if self.desk is None:
            return
        first, last = self._selected_lines()
        if not first:
            return
        passage = self.desk.passage(first, last)
        answer = AmendmentDialog.ask(self, PROPOSE, lines=f"{first}–{last}" if first != last else str(first),
                                     passage=passage, text=passage)
        if answer is None:
            return
        pid = self.desk.proposal_id
        # An insertion goes after the last selected line.
        at = last if answer.change == "insert" else first

        def step(session: Session, writer: OpWriter) -> AmendmentInfo:
            from stratplan.core.services import amendments

            return amendments.propose_amendment(session, writer=writer, proposal_id=pid, change=answer.change,
                                                reason=answer.reason, text=answer.text, first=at, last=last)

        made = self._run(step)
        if made is not None:
            self.notice.setText(self.tr("Amendment proposed: {where}.").format(where=self._where_text(made)))
            self._select(made.id)

    def _select(self, amendment_id: str) -> None:
        row = self.list_model.row_of(amendment_id)
        if row >= 0:
            self.list.selectRow(row)

    def decide(self, decision: str) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        text, reason = "", ""
        if decision in (MODIFY_DECISION, REJECT_DECISION):
            answer = AmendmentDialog.ask(self, MODIFY if decision == MODIFY_DECISION else REJECT,
                                         lines=self._lines_text(chosen), passage=chosen.old, text=chosen.text,
                                         change=chosen.change)
            if answer is None:
                return
            text, reason = answer.text, answer.reason

        def step(session: Session, writer: OpWriter) -> amend_merge.DecideOutcome:
            from stratplan.core.services import amend_merge

            return amend_merge.decide(session, writer=writer, amendment_id=chosen.id, decision=decision,
                                      text=text, reason=reason)

        outcome = self._run(step)
        if outcome is not None:
            self._merged_notice(outcome.merge)
            self._select(chosen.id)

    def _merged_notice(self, merge: amend_merge.MergeOutcome | None) -> None:
        if merge is None:
            self.notice.setText(self.tr("Decision recorded."))
            return
        text = self.tr("%n amendments merged into a new revision of the text.", "", len(merge.merged))
        if merge.competing:
            text += " " + self.tr("%n passages have competing amendments: choose one or combine them.", "",
                                  len(merge.competing))
        self.notice.setText(text)

    def choose(self) -> None:
        chosen = self.selected()
        if chosen is None or self.desk is None:
            return
        pid = self.desk.proposal_id
        from stratplan.core.services import amend_merge

        outcome = self._run(lambda s, w: amend_merge.resolve_competition(s, writer=w, proposal_id=pid, choose=chosen.id))
        if outcome is not None:
            self._merged_notice(outcome)

    def combine(self) -> None:
        chosen = self.selected()
        competition = self.desk.competition_of(chosen.id) if self.desk and chosen else None
        if competition is None or self.desk is None:
            return
        answer = AmendmentDialog.ask(self, COMBINE, lines=f"{competition.first_line}–{competition.last_line}",
                                     passage=competition.passage, text=competition.alternatives[0].text)
        if answer is None:
            return
        pid, ids = self.desk.proposal_id, competition.ids
        from stratplan.core.services import amend_merge

        outcome = self._run(lambda s, w: amend_merge.resolve_competition(
            s, writer=w, proposal_id=pid, text=answer.text, among=ids))
        if outcome is not None:
            self._merged_notice(outcome)
