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
    QFileDialog,
    QGridLayout,
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
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import ballot_csv, proposals, rounds
from stratplan.core.voting.fractions_input import format_fraction, percent
from stratplan.core.voting.model import Order
from stratplan.core.voting.ranking import strongest_path
from stratplan.ui import errors
from stratplan.ui.runner import ActionRunner
from stratplan.ui.voting.ballot_form import BallotForm, Choices
from stratplan.ui.voting.models import (
    ID_ROLE,
    BallotTableModel,
    PairwiseModel,
    RoundListModel,
    ScoreTableModel,
)
from stratplan.ui.voting.new_round import NewRoundDialog
from stratplan.ui.voting.support_chart import SupportChart
from stratplan.ui.widgets.geometry import SavedSize, titles_fit
from stratplan.ui.widgets.window_keys import add_close_action, tab_leaves_tables


@dataclass(frozen=True)
class RoundDetail:
    """What the right-hand side shows for one round: its count and the ballots received."""

    tally: rounds.Tally
    ballots: tuple[rounds.BallotInfo, ...]


def read_detail(session: Session, round_id: str) -> RoundDetail:
    return RoundDetail(rounds.tally(session, round_id=round_id),
                       tuple(rounds.ballots(session, round_id=round_id)))


@dataclass(frozen=True)
class VotingUpdate:
    """Read in an action's transaction: the rounds to show and, if it changed, the shown round."""

    # Every round (newest first) when one was added or everything changed; else only the changed ones.
    listed: tuple[rounds.RoundInfo, ...] | None
    changed: tuple[rounds.RoundInfo, ...]
    detail: RoundDetail | None


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
        self.pairwise_model = PairwiseModel(self)
        self.score_model = ScoreTableModel(self)
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
        self.rounds_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        titles_fit(self.rounds_view.horizontalHeader())
        self.rounds_view.verticalHeader().hide()
        # Two rows, so the round list keeps its buttons on a 1024-pixel screen (and in Lithuanian).
        buttons = QGridLayout()
        self.new_button = QPushButton(self.tr("&New round..."), self)
        self.close_button = QPushButton(self.tr("C&lose round"), self)
        self.import_button = QPushButton(self.tr("&Import ballots..."), self)
        self.export_button = QPushButton(self.tr("E&xport ballots..."), self)
        self.results_button = QPushButton(self.tr("Export re&sults..."), self)
        for i, b in enumerate((self.new_button, self.close_button, self.import_button, self.export_button,
                               self.results_button)):
            buttons.addWidget(b, i // 3, i % 3)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.rounds_view)
        left_layout.addLayout(buttons)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.form = BallotForm(self)
        self.cast_button = QPushButton(self.tr("&Cast our ballot"), self)
        ballot_page = QWidget(self)
        ballot_layout = QVBoxLayout(ballot_page)
        ballot_layout.addWidget(self.form)
        ballot_layout.addWidget(self.cast_button, 0, Qt.AlignmentFlag.AlignRight)
        self.chart = SupportChart(self)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.matrix = QTableView(self)
        self.matrix.setModel(self.pairwise_model)
        self.scores = QTableView(self)
        self.scores.setModel(self.score_model)
        results = QWidget(self)
        results_layout = QVBoxLayout(results)
        for widget in (self.chart, self.matrix, self.scores, self.explanation):
            results_layout.addWidget(widget)
        results_layout.addStretch()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(results)
        self.ballots_view = QTableView(self)
        self.ballots_view.setModel(self.ballot_model)
        self.ballots_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(ballot_page, self.tr("Our &ballot"))
        self.tabs.addTab(scroll, self.tr("&Results"))
        self.tabs.addTab(self.ballots_view, self.tr("Ballots recei&ved"))
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.info)
        right_layout.addWidget(self.tabs)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 780])
        self.setCentralWidget(split)
        self.rounds_view.selectionModel().currentRowChanged.connect(self._round_selected)
        self.new_button.clicked.connect(self.new_round)
        self.close_button.clicked.connect(self.close_round)
        self.import_button.clicked.connect(self.import_ballots)
        self.export_button.clicked.connect(self.export_ballots)
        self.results_button.clicked.connect(self.export_results)
        self.cast_button.clicked.connect(self.cast)

    # -- loading and following changes ---------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        """Every round and the selected one's count in one read (on opening the window)."""
        keep = select_id or (self.current.id if self.current else None)

        def read(session: Session) -> tuple[list[rounds.RoundInfo], RoundDetail | None]:
            listed = rounds.list_rounds(session)
            shown = next((r.id for r in listed if r.id == keep), listed[0].id if listed else None)
            return listed, read_detail(session, shown) if shown else None

        data = self.runner.read(self, read)
        listed, detail = data if data is not None else ([], None)
        self.round_model.set_rows(listed)
        self._show(detail)

    def fetch_changes(self, session: Session, changes: Changes) -> VotingUpdate | None:
        """Inside the action's transaction: the changed rounds' rows and the shown round's count."""
        touched = set(changes.rounds)
        known = {r.id for r in self.round_model.rows()}
        if not (changes.everything or changes.coalition or touched):
            return None
        listed: tuple[rounds.RoundInfo, ...] | None = None
        changed: tuple[rounds.RoundInfo, ...] = ()
        if changes.everything or changes.coalition or not touched <= known:
            listed = tuple(rounds.list_rounds(session))
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
        return VotingUpdate(listed, changed, detail)

    def apply_changes(self, data: VotingUpdate | None, changes: Changes) -> None:
        if data is None:
            return
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
            self.cast_button.setEnabled(False)
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
        self.cast_button.setEnabled(is_open and own in {v.org_id for v in info.electorate})
        self.close_button.setEnabled(is_open and own == info.opener_org)
        self.import_button.setEnabled(is_open and own == info.opener_org)
        if switched:
            self.ballot_model.set_rows(detail.ballots)
        else:
            self.ballot_model.update_ballot_rows(detail.ballots)
        state = self.tr("open") if is_open else self.tr("closed")
        closes = self.tr(", closes {date}").format(date=info.closes) if info.closes and is_open else ""
        self.info.setText(self.tr("<b>{title}</b> — {state}{closes}; {cast} of {total} organisations have voted; "
                                  "threshold {threshold}, quorum {quorum}.").format(
            title=info.title, state=state, closes=closes, cast=info.ballots_cast, total=len(info.electorate),
            threshold=format_fraction(info.threshold), quorum=format_fraction(info.quorum)))
        self._show_results(detail.tally)

    # -- results -------------------------------------------------------------------------------

    def _show_results(self, result: rounds.Tally) -> None:
        labels = {p.id: f"P{p.number} {p.title}" for p in result.round.proposals}
        self.chart.setVisible(result.approval is not None)
        self.matrix.setVisible(result.schulze is not None)
        self.scores.setVisible(result.score is not None)
        lines: list[str] = []
        if result.approval is not None:
            a = result.approval
            self.chart.set_bars([(labels[p.proposal], p.support, p.adopted) for p in a.proposals], a.threshold)
            quorum = (self.tr("quorum met: {cast} of {total} voted") if a.quorum_met
                      else self.tr("quorum not met: {cast} of {total} voted")).format(
                cast=format_fraction(a.cast), total=format_fraction(a.electorate))
            for p in a.proposals:
                verdict = self.tr("adopted") if p.adopted else self.tr("not adopted")
                base = p.yes + p.no if a.basis == "expressed" else a.electorate
                lines.append(self.tr("{label} — {verdict}: {yes} of {base} {who}, {pct}, threshold {t}, {quorum}").format(
                    label=labels[p.proposal], verdict=verdict, yes=format_fraction(p.yes),
                    base=format_fraction(base),
                    who=self.tr("organisations that expressed a view") if a.basis == "expressed"
                    else self.tr("organisations in the electorate"),
                    pct=percent(p.support), t=format_fraction(a.threshold), quorum=quorum))
        if result.schulze is not None and result.borda is not None:
            self.pairwise_model.set_result(result.schulze, {p.id: f"P{p.number}" for p in result.round.proposals})
            self.matrix.resizeColumnsToContents()
            lines.append(self.tr("Order (Schulze): {order}").format(order=self._order_text(result.schulze.order, labels)))
            lines.append(self.tr("Borda, for comparison: {order}").format(order=self._order_text(result.borda.order, labels)))
            explained = self._why_below(result, labels)
            if explained:
                lines.append(explained)
        if result.score is not None:
            self.score_model.set_result(result.score, labels)
            self.scores.resizeColumnsToContents()
            lines.append(self.tr("Order (majority judgment): {order}").format(
                order=self._order_text(result.score.order, labels)))
        self.explanation.setText("\n".join(lines))

    def _why_below(self, result: rounds.Tally, labels: dict[str, str]) -> str:
        """Why the best of the second place is not first: a winner beats it by a stronger path."""
        schulze = result.schulze
        if schulze is None or len(schulze.order) < 2:
            return ""
        loser = schulze.order[1][0]
        winner = next((w for w in schulze.order[0] if schulze.beats(w, loser)), None)
        if winner is None:
            return ""
        short = {pid: label.split(" ", 1)[0] for pid, label in labels.items()}
        path = strongest_path(schulze, winner, loser)
        return self.tr("Why {a} is above {b}: strongest path {path} of strength {s}, against {r} the "
                       "other way.").format(a=labels[winner], b=labels[loser],
                                            path=" → ".join(short[c] for c in path),
                                            s=schulze.strength[winner][loser], r=schulze.strength[loser][winner])

    def _order_text(self, order: Order, labels: dict[str, str]) -> str:
        return "  >  ".join(" = ".join(labels[c] for c in group) for group in order)


    # -- actions: each one step, one transaction ------------------------------------------------

    def cast(self) -> None:
        if self.current is None:
            return
        rid, choices = self.current.id, self.form.choices()
        done = self.runner.run(self, lambda s, w: rounds.cast_ballot(s, writer=w, round_id=rid, choices=choices))
        if done is not None:
            self.statusBar().showMessage(self.tr("Your organisation's ballot was recorded."), 5000)

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
        if self.current is None:
            return
        rid = self.current.id
        if self.runner.run(self, lambda s, w: rounds.close_round(s, writer=w, round_id=rid)) is not None:
            self.tabs.setCurrentIndex(1)

    def import_ballots(self) -> None:
        if self.current is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import ballots"), "", self.tr("CSV files (*.csv)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        rid = self.current.id if self.current else ""
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot read {path}: {why}").format(
                path=path, why=exc.strerror)))
            return
        done = self.runner.run(self, lambda s, w: ballot_csv.import_ballots_csv(s, writer=w, round_id=rid, data=data))
        if done is not None:
            self.statusBar().showMessage(self.tr("{n} ballots imported.").format(n=done.value), 5000)

    def export_ballots(self) -> None:
        if self.current is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export ballots"), f"{self.current.title}.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        rid = self.current.id if self.current else ""
        text = self.runner.read(self, lambda s: ballot_csv.export_ballots_csv(s, round_id=rid))
        if text is None:
            return
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot write {path}: {why}").format(
                path=path, why=exc.strerror)))
            return
        self.statusBar().showMessage(self.tr("Ballots written to {path}.").format(path=path), 5000)

    def export_results(self) -> None:
        if self.current is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export results"), f"{self.current.title}.docx",
            self.tr("Word document (*.docx);;CSV files (*.csv)"))
        if path:
            self.export_results_file(Path(path))

    def export_results_file(self, path: Path) -> None:
        """Results as a Word annex (.docx, in the interface language) or as CSV."""
        rid = self.current.id if self.current else ""
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
        self.statusBar().showMessage(self.tr("Results written to {path}.").format(path=path), 5000)
