"""The voting window: rounds on the left; ballot, results and received ballots on the right.

Every user action is one step run by the shared `ActionRunner` in one transaction. The window
is a runner listener: when an action (its own or another window's, or an import) touches a
round, `fetch_changes` reads the changed rows and the shown round's count inside that same
transaction, and `apply_changes` updates only those rows (no model reset on an ordinary edit).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.changes import Changes
from stratplan.core.errors import StratplanError
from stratplan.core.export.results import results_csv, results_docx
from stratplan.core.locale_format import format_iso_date
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import ballot_csv, ballot_preview, delegation, proposals, rounds
from stratplan.core.services.round_preview import close_preview
from stratplan.core.services.round_results import Turnout, turnout
from stratplan.ui import errors
from stratplan.ui.i18n import interface_language
from stratplan.ui.runner import ActionRunner
from stratplan.ui.voting.ballot_form import BallotForm, Choices
from stratplan.ui.voting.close_preview import CloseRoundDialog
from stratplan.ui.voting.import_preview import BallotImportDialog
from stratplan.ui.voting.models import ID_ROLE, BallotTableModel, RollCallModel, RoundListModel
from stratplan.ui.voting.new_round import NewRoundDialog
from stratplan.ui.voting.questions import DelegateQuestion, EmptyBallotQuestion, OpenFile, SaveFile
from stratplan.ui.voting.results_view import ResultsView
from stratplan.ui.voting.texts import rules_text, turnout_text
from stratplan.ui.widgets.geometry import SavedSize, titles_fit
from stratplan.ui.widgets.window_keys import add_close_action, tab_leaves_tables


@dataclass(frozen=True)
class RoundDetail:
    """What the right-hand side shows for one round: its count and the ballots received."""

    tally: rounds.Tally
    ballots: tuple[rounds.BallotInfo, ...]
    turnout: Turnout
    # Every vote given in the round (mandates), with what it counts for.
    mandates: tuple[delegation.MandateInfo, ...] = ()


def read_detail(session: Session, round_id: str) -> RoundDetail:
    result = rounds.tally(session, round_id=round_id)
    received = tuple(rounds.ballots(session, round_id=round_id))
    mandates = tuple(delegation.list_mandates(session, round_id=round_id, result=result))
    return RoundDetail(result, received, turnout(result.round, received, result.delegated), mandates)


@dataclass(frozen=True)
class VotingUpdate:
    """Read in an action's transaction: the rounds to show and, if it changed, the shown round."""

    # Every round (newest first) when one was added or everything changed; else only the changed ones.
    listed: tuple[rounds.RoundInfo, ...] | None
    changed: tuple[rounds.RoundInfo, ...]
    detail: RoundDetail | None
    # Rounds kept in the log that do not count (read with `listed`).
    ignored: tuple[rounds.IgnoredRound, ...] = ()


class VotingWindow(QMainWindow):
    """Thin like the main window: every action is one step in one transaction."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None, *, language: str = "en") -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws = runner.workspace
        self.language = language
        self.setWindowTitle(self.tr("Voting rounds — StratPlan"))
        self.round_model = RoundListModel(self)
        self.ballot_model = BallotTableModel(self)
        self.roll_call_model = RollCallModel(self)
        self.current: rounds.RoundInfo | None = None
        # Our own ballot as the form last showed it: a refresh rebuilds the form only when it changed,
        # so choices being made are not lost when another organisation's ballot arrives.
        self._shown_choices: Choices | None = None
        self._quiet = False  # selection moved by the window itself, not by the user
        self._build()
        tab_leaves_tables(self)
        self.close_action = add_close_action(self)
        self.reload()
        runner.add_listener(self)
        self.destroyed.connect(lambda *_: runner.remove_listener(self))
        self._size = SavedSize("voting")
        self._size.restore(self, QSize(1200, 760))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._size.save(self)
        super().closeEvent(event)

    def _build(self) -> None:
        self.rounds_view = QTableView(self)
        self.rounds_view.setAccessibleName(self.tr("Voting rounds"))
        self.rounds_view.setModel(self.round_model)
        self.rounds_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rounds_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.rounds_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The title column keeps at least its own title's width; long round titles elide in the
        # middle (the whole title is the tooltip) instead of wrapping into unreadable rows.
        header.setMinimumSectionSize(header.sectionSizeHint(0))
        self.rounds_view.setWordWrap(False)
        self.rounds_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.rounds_view.verticalHeader().hide()
        # The rounds above, the round below at the whole width of the window: result tables with
        # long titles stay readable on a 1024-pixel screen, in Lithuanian too.
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New round..."), self)
        self.close_button = QPushButton(self.tr("C&lose round"), self)
        self.import_button = QPushButton(self.tr("&Import ballots..."), self)
        self.export_button = QPushButton(self.tr("E&xport ballots..."), self)
        self.results_button = QPushButton(self.tr("Export re&sults..."), self)
        for b in (self.new_button, self.close_button, self.import_button, self.export_button, self.results_button):
            buttons.addWidget(b)
        buttons.addStretch()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.rounds_view)
        # Rounds opened outside their opener's role: kept in the log, not counted, and why.
        self.ignored_label = QLabel(self)
        self.ignored_label.setWordWrap(True)
        self.ignored_label.hide()
        left_layout.addWidget(self.ignored_label)
        left_layout.addLayout(buttons)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.form = BallotForm(self)
        self.cast_button = QPushButton(self.tr("&Cast our ballot"), self)
        # Our vote given to another organisation (a mandate): what stands, give it, withdraw it.
        self.mandate_label = QLabel(self)
        self.mandate_label.setWordWrap(True)
        self.give_button = QPushButton(self.tr("&Give our vote..."), self)
        self.withdraw_button = QPushButton(self.tr("&Withdraw our vote"), self)
        ballot_page = QWidget(self)
        ballot_layout = QVBoxLayout(ballot_page)
        ballot_layout.addWidget(self.form)
        actions = QHBoxLayout()
        actions.addWidget(self.mandate_label, 1)
        for button in (self.give_button, self.withdraw_button, self.cast_button):
            actions.addWidget(button)
        ballot_layout.addLayout(actions)
        self.results = ResultsView(self)
        # The names tests and the runner's listeners know the result widgets by.
        self.chart, self.explanation = self.results.chart, self.results.explanation
        self.matrix, self.scores = self.results.matrix, self.results.scores
        self.pairwise_model, self.score_model = self.results.pairwise_model, self.results.score_model
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.results)
        scroll.setAccessibleName(self.tr("Results of the round"))
        self.ballots_view = QTableView(self)
        self.ballots_view.setModel(self.ballot_model)
        self.ballots_view.setAccessibleName(self.tr("Ballots received"))
        self.ballots_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        titles_fit(self.ballots_view.horizontalHeader())
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Our ballot, results and ballots received"))
        self.tabs.addTab(ballot_page, self.tr("Our &ballot"))
        self.tabs.addTab(scroll, self.tr("&Results"))
        self.tabs.addTab(self.ballots_view, self.tr("Ballots recei&ved"))
        self.roll_call_view = QTableView(self)
        self.roll_call_view.setModel(self.roll_call_model)
        self.roll_call_view.setAccessibleName(self.tr("Roll call"))
        # Both names whole: the voter's as wide as it needs, the delegate's taking the rest.
        header = self.roll_call_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.roll_call_view.verticalHeader().hide()
        titles_fit(self.roll_call_view.horizontalHeader())
        self.tabs.addTab(self.roll_call_view, self.tr("R&oll call"))
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.info)
        right_layout.addWidget(self.tabs)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([180, 560])
        self.setCentralWidget(split)
        self.rounds_view.selectionModel().currentRowChanged.connect(self._round_selected)
        self.new_button.clicked.connect(self.new_round)
        self.close_button.clicked.connect(self.close_round)
        self.import_button.clicked.connect(self.import_ballots)
        self.export_button.clicked.connect(self.export_ballots)
        self.results_button.clicked.connect(self.export_results)
        self.cast_button.clicked.connect(self.cast)
        self.give_button.clicked.connect(self.give_vote)
        self.withdraw_button.clicked.connect(self.withdraw_vote)

    # -- loading and following changes ---------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        """Every round and the selected one's count in one read (on opening the window)."""
        keep = select_id or (self.current.id if self.current else None)

        def read(session: Session) -> tuple[list[rounds.RoundInfo], RoundDetail | None,
                                            list[rounds.IgnoredRound]]:
            listed = rounds.list_rounds(session)
            shown = next((r.id for r in listed if r.id == keep), listed[0].id if listed else None)
            return listed, read_detail(session, shown) if shown else None, rounds.ignored_rounds(session)

        data = self.runner.read(self, read)
        listed, detail, ignored = data if data is not None else ([], None, [])
        self.round_model.set_rows(listed)
        self._show_ignored(ignored)
        self._show(detail)

    def _show_ignored(self, ignored: list[rounds.IgnoredRound] | tuple[rounds.IgnoredRound, ...]) -> None:
        lines = [self.tr("Not counted: “{title}” — {why}").format(title=r.title,
                                                                  why=r.reason.translated(self.language))
                 for r in ignored]
        self.ignored_label.setText("\n".join(lines))
        self.ignored_label.setVisible(bool(lines))

    def fetch_changes(self, session: Session, changes: Changes) -> VotingUpdate | None:
        """Inside the action's transaction: the changed rounds' rows and the shown round's count."""
        touched = set(changes.rounds)
        known = {r.id for r in self.round_model.rows()}
        # A role granted or revoked (a group's, or a convener's in the roster) decides which rounds count.
        roles = bool(changes.groups) or changes.roster
        if not (changes.everything or changes.coalition or touched or roles):
            return None
        listed: tuple[rounds.RoundInfo, ...] | None = None
        changed: tuple[rounds.RoundInfo, ...] = ()
        ignored: tuple[rounds.IgnoredRound, ...] = ()
        if changes.everything or changes.coalition or roles or not touched <= known:
            listed = tuple(rounds.list_rounds(session))
            ignored = tuple(rounds.ignored_rounds(session))
            ids = [r.id for r in listed]
        else:
            changed = tuple(rounds.get_round(session, rid) for rid in sorted(touched))
            ids = list(known)
        shown = self.current.id if self.current else None
        if shown not in ids:
            shown = ids[0] if ids and (changes.everything or shown is None) else None
        refresh = shown is not None and (changes.everything or changes.coalition or shown in touched
                                         or self.current is None or shown != self.current.id)
        detail = read_detail(session, shown) if refresh and shown is not None else None
        return VotingUpdate(listed, changed, detail, ignored)

    def apply_changes(self, data: VotingUpdate | None, changes: Changes) -> None:
        if data is None:
            return
        if data.listed is not None:
            self._show_ignored(data.ignored)
        if data.listed is not None and changes.everything:
            self.round_model.set_rows(data.listed)  # a rebuild: reloading is the honest answer
        elif data.listed is not None:
            self.round_model.update_round_rows(data.listed)
        for info in data.changed:
            self.round_model.replace_round(info)
        if data.detail is not None:
            self._show(data.detail)
        else:
            self._select(self.current.id if self.current else None)

    def _round_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The user picked another round: its count and ballots in one read."""
        if self._quiet or not current.isValid():
            return
        rid = str(current.data(ID_ROLE))
        if self.current is not None and rid == self.current.id:
            return
        detail = self.runner.read(self, lambda s: read_detail(s, rid))
        if detail is not None:
            self._show(detail)

    def _select(self, round_id: str | None) -> None:
        """Put the current row on `round_id` without reading it again."""
        row = self.round_model.row_of(round_id, lambda r: r.id) if round_id else -1
        model = self.rounds_view.selectionModel()
        if row < 0 or model.currentIndex().row() == row:
            return
        self._quiet = True
        try:
            model.setCurrentIndex(self.round_model.index(row, 0),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._quiet = False

    def _show(self, detail: RoundDetail | None) -> None:
        enabled = detail is not None
        for widget in (self.close_button, self.import_button, self.export_button, self.results_button, self.tabs):
            widget.setEnabled(enabled)
        if detail is None:
            self.current = None
            self._shown_choices = None
            for button in (self.cast_button, self.give_button, self.withdraw_button):
                button.setEnabled(False)
            self.mandate_label.clear()
            self.info.setText(self.tr("No voting round yet. Open one with “New round”."))
            return
        info = detail.tally.round
        switched = self.current is None or self.current.id != info.id
        self.current = info
        self._select(info.id)
        own = self.ws.profile.org_id
        mine = next((b for b in detail.ballots if b.org_id == own and b.effective), None)
        choices: Choices | None = mine.choices if mine else None
        shown = self.form.info
        if switched or choices != self._shown_choices or shown is None or \
                (shown.method, shown.proposals, shown.status) != (info.method, info.proposals, info.status):
            self.form.set_round(info, choices)
            self._shown_choices = choices
        is_open = info.status == "open"
        voter = is_open and own in {v.org_id for v in info.electorate}
        self.cast_button.setEnabled(voter)
        given = delegation.standing_mandate(detail.mandates, own)
        self.give_button.setEnabled(voter)
        self.withdraw_button.setEnabled(voter and given is not None)
        self.mandate_label.setText(self._mandate_text(given))
        self.close_button.setEnabled(is_open and own == info.opener_org)
        self.import_button.setEnabled(is_open and own == info.opener_org)
        self.results_button.setEnabled(rounds.results_visible(info))
        if switched:
            self.ballot_model.set_rows(detail.ballots)
            self.roll_call_model.set_rows(detail.tally.roll_call)
        else:
            self.ballot_model.update_ballot_rows(detail.ballots)
            self.roll_call_model.update_roll_call(detail.tally.roll_call)
        self.info.setText(self._heading(info, detail.turnout))
        self.results.show_count(detail.tally)

    def _mandate_text(self, given: delegation.MandateInfo | None) -> str:
        if given is None:
            return ""
        if given.state == "counts":
            return self.tr("Our vote is given to {org}: its ballot counts for us, unless we cast our own.").format(
                org=given.delegate_code)
        if given.state == "unused":
            return self.tr("Our vote is given to {org}, but our own ballot stands.").format(org=given.delegate_code)
        why = given.reason.translated(self.language) if given.reason else ""
        return self.tr("Our vote given to {org} does not count: {why}.").format(org=given.delegate_code, why=why)

    def _heading(self, info: rounds.RoundInfo, seen: Turnout) -> str:
        """The round once, at the top: its title and state, its rules, its turnout."""
        def html(text: str) -> str:
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        if info.status == "open":
            closes = format_iso_date(info.closes, interface_language())
            state = (self.tr("open, closes {date}").format(date=closes) if info.closes
                     else self.tr("open"))
        else:
            state = self.tr("closed")
        return f"<b>{html(info.title)}</b> — {html(state)}<br>{html(rules_text(info))}<br>{html(turnout_text(seen))}"

    # -- actions: each one step, one transaction ------------------------------------------------

    def cast(self) -> None:
        if self.current is None:
            return
        rid, choices = self.current.id, self.form.choices()
        if self.form.is_empty() and not EmptyBallotQuestion.ask(self):
            return
        done = self.runner.run(self, lambda s, w: rounds.cast_ballot(s, writer=w, round_id=rid, choices=choices))
        if done is not None:
            self.statusBar().showMessage(self.tr("Your organisation's ballot was recorded."), 5000)

    def give_vote(self) -> None:
        """Ask which member of the electorate votes for us; giving it is one step."""
        if self.current is None:
            return
        rid, own = self.current.id, self.ws.profile.org_id
        options = [(v.org_id, f"{v.name} ({v.code})") for v in sorted(self.current.electorate,
                                                                       key=lambda v: v.code.casefold())
                   if v.org_id != own]
        delegate = DelegateQuestion.ask(self, options)
        if delegate is None:
            return
        done = self.runner.run(self, lambda s, w: delegation.give_vote(s, writer=w, round_id=rid,
                                                                       delegate_org=delegate))
        if done is not None:
            self.statusBar().showMessage(self.tr("Our vote is given to {org}.").format(
                org=done.value.delegate_code), 5000)

    def withdraw_vote(self) -> None:
        if self.current is None:
            return
        rid = self.current.id
        if self.runner.run(self, lambda s, w: delegation.withdraw_vote(s, writer=w, round_id=rid)) is not None:
            self.statusBar().showMessage(self.tr("Our vote is ours again."), 5000)

    def new_round(self) -> None:
        # Filling the dialog is one read; pressing OK opens the round (and reads what it shows) in another.
        candidates = self.runner.read(self, lambda s: proposals.list_proposals(s)) or []
        preselected = {p.id for p in candidates if p.status in ("submitted", "in_discussion")}
        values = NewRoundDialog.ask(self, candidates, preselected)
        if values is None:
            return

        def step(session: Session, writer: OpWriter) -> RoundDetail:
            info = rounds.open_round(session, writer=writer, **values)
            return read_detail(session, info.id)

        done = self.runner.run(self, step)
        if done is not None:
            self._show(done.value)

    def close_round(self) -> None:
        """Who voted and who did not first (one read); closing, once confirmed, is another step."""
        if self.current is None:
            return
        rid = self.current.id
        preview = self.runner.read(self, lambda s: close_preview(s, round_id=rid))
        if preview is None or not CloseRoundDialog.ask(self, preview):
            return
        if self.runner.run(self, lambda s, w: rounds.close_round(s, writer=w, round_id=rid)) is not None:
            self.tabs.setCurrentIndex(1)
            self.statusBar().showMessage(self.tr("The round is closed; its results are final."), 5000)

    def import_ballots(self) -> None:
        if self.current is None:
            return
        path = OpenFile.ask(self, self.tr("Import ballots"), self.tr("CSV files (*.csv)"))
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Read the sheet and show what it would do (one read); record it only once confirmed."""
        if self.current is None:
            return
        rid = self.current.id
        labels = {p.id: f"P{p.number}" for p in self.current.proposals}
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot read {path}: {why}").format(
                path=path, why=exc.strerror)))
            return
        preview = self.runner.read(self, lambda s: ballot_preview.preview_ballot_import(s, round_id=rid, data=data))
        if preview is None or not BallotImportDialog.ask(self, preview, path.name, labels):
            return
        done = self.runner.run(self, lambda s, w: ballot_preview.import_previewed(
            s, writer=w, round_id=rid, data=data, expected=preview))
        if done is not None:
            self.statusBar().showMessage(self.tr("Ballots recorded from {file}: {n}.").format(
                file=path.name, n=done.value), 5000)

    def export_ballots(self) -> None:
        if self.current is None:
            return
        path = SaveFile.ask(self, self.tr("Export ballots"), f"{self.current.title}.csv", self.tr("CSV files (*.csv)"))
        if path is not None:
            self.export_file(path)

    def export_file(self, path: Path) -> None:
        """The ballots as a sheet; while the results are sealed, the blank sheet to fill in."""
        if self.current is None:
            return
        rid, sealed = self.current.id, not rounds.results_visible(self.current)

        def read(session: Session) -> str:
            if sealed:
                return ballot_csv.template_csv(rounds.get_round(session, rid))
            return ballot_csv.export_ballots_csv(session, round_id=rid)

        text = self.runner.read(self, read)
        if text is None:
            return
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot write {path}: {why}").format(
                path=path, why=exc.strerror)))
            return
        message = (self.tr("Blank ballot sheet written to {path} (the ballots cast stay sealed until the round "
                           "closes).") if sealed else self.tr("Ballots written to {path}."))
        self.statusBar().showMessage(message.format(path=path), 8000)

    def export_results(self) -> None:
        if self.current is None:
            return
        path = SaveFile.ask(self, self.tr("Export results"), f"{self.current.title}.docx",
                            self.tr("Word document (*.docx);;CSV files (*.csv)"))
        if path is not None:
            self.export_results_file(path)

    def export_results_file(self, path: Path) -> None:
        """Results as a Word annex (.docx, in the interface language) or as CSV."""
        if self.current is None or not rounds.results_visible(self.current):
            return
        rid = self.current.id
        data = self.runner.read(self, lambda s: rounds.tally_json(rounds.tally(s, round_id=rid)))
        if data is None:
            return
        try:
            if path.suffix.lower() == ".docx":
                results_docx(data, path, language=self.language)
            else:
                path.write_text(results_csv(data), encoding="utf-8")
        except StratplanError as exc:
            errors.show_error(self, exc)
            return
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot write {path}: {why}").format(
                path=path, why=exc.strerror)))
            return
        self.statusBar().showMessage(self.tr("Results written to {path}.").format(path=path), 8000)
