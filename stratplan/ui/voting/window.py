"""The voting window: rounds on the left; ballot, results and received ballots on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
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

from stratplan.core.errors import StratplanError
from stratplan.core.export.results import results_csv, results_docx
from stratplan.core.services import ballot_csv, proposals, rounds
from stratplan.core.voting.fractions_input import format_fraction, percent
from stratplan.core.voting.ranking import strongest_path
from stratplan.core.workspace import Workspace
from stratplan.ui import errors
from stratplan.ui.steps import run_step
from stratplan.ui.voting.ballot_form import BallotForm
from stratplan.ui.voting.models import (
    ID_ROLE,
    BallotTableModel,
    PairwiseModel,
    RoundListModel,
    ScoreTableModel,
)
from stratplan.ui.voting.new_round import NewRoundDialog
from stratplan.ui.voting.support_chart import SupportChart


class VotingWindow(QMainWindow):
    """Thin like the main window: every action is one service call in one transaction."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None,
                 on_change: Callable[[], None] | None = None, language: str = "en") -> None:
        super().__init__(parent)
        self.ws = workspace
        self.language = language
        self.on_change = on_change or (lambda: None)
        self.setWindowTitle(self.tr("Voting rounds — StratPlan"))
        self.round_model = RoundListModel(self)
        self.ballot_model = BallotTableModel(self)
        self.pairwise_model = PairwiseModel(self)
        self.score_model = ScoreTableModel(self)
        self.current: rounds.RoundInfo | None = None
        self._build()
        self.reload()
        self.resize(1200, 760)

    def _build(self) -> None:
        self.rounds_view = QTableView(self)
        self.rounds_view.setModel(self.round_model)
        self.rounds_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rounds_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rounds_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rounds_view.verticalHeader().hide()
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New round..."), self)
        self.close_button = QPushButton(self.tr("C&lose round"), self)
        self.import_button = QPushButton(self.tr("&Import ballots..."), self)
        self.export_button = QPushButton(self.tr("E&xport ballots..."), self)
        self.results_button = QPushButton(self.tr("Export re&sults..."), self)
        for b in (self.new_button, self.close_button, self.import_button, self.export_button, self.results_button):
            buttons.addWidget(b)
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
        self.tabs.addTab(self.ballots_view, self.tr("Ballots &received"))
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.info)
        right_layout.addWidget(self.tabs)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 780])
        self.setCentralWidget(split)
        self.rounds_view.selectionModel().currentRowChanged.connect(lambda *_: self.show_round())
        self.new_button.clicked.connect(self.new_round)
        self.close_button.clicked.connect(self.close_round)
        self.import_button.clicked.connect(self.import_ballots)
        self.export_button.clicked.connect(self.export_ballots)
        self.results_button.clicked.connect(self.export_results)
        self.cast_button.clicked.connect(self.cast)

    def run(self, step: Callable[..., Any]) -> Any:
        return run_step(self, self.ws, step)

    def reload(self, select_id: str | None = None) -> None:
        keep = select_id or (self.current.id if self.current else None)
        listed = self.run(lambda s, _w: rounds.list_rounds(s)) or []
        self.round_model.set_rows(listed)
        row = next((i for i, r in enumerate(listed) if r.id == keep), 0 if listed else -1)
        if row >= 0:
            self.rounds_view.selectionModel().setCurrentIndex(
                self.round_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.show_round()

    def show_round(self) -> None:
        index = self.rounds_view.currentIndex()
        rid = index.data(ID_ROLE) if index.isValid() else None
        data = self.run(lambda s, _w: (rounds.tally(s, round_id=rid), rounds.ballots(s, round_id=rid))) if rid else None
        enabled = data is not None
        for widget in (self.close_button, self.import_button, self.export_button, self.results_button, self.tabs):
            widget.setEnabled(enabled)
        if data is None:
            self.current = None
            self.info.setText(self.tr("No voting round yet. Open one with “New round”."))
            return
        result, received = data
        info = result.round
        self.current = info
        own = self.ws.profile.org_id
        mine = next((b for b in received if b.org_id == own and b.effective), None)
        self.form.set_round(info, mine.choices if mine else None)
        is_open = info.status == "open"
        self.cast_button.setEnabled(is_open and own in {v.org_id for v in info.electorate})
        self.close_button.setEnabled(is_open and own == info.opener_org)
        self.import_button.setEnabled(is_open and own == info.opener_org)
        self.ballot_model.set_rows(received)
        state = self.tr("open") if is_open else self.tr("closed")
        closes = self.tr(", closes {date}").format(date=info.closes) if info.closes and is_open else ""
        self.info.setText(self.tr("<b>{title}</b> — {state}{closes}; {cast} of {total} organisations have voted; "
                                  "threshold {threshold}, quorum {quorum}.").format(
            title=info.title, state=state, closes=closes, cast=info.ballots_cast, total=len(info.electorate),
            threshold=format_fraction(info.threshold), quorum=format_fraction(info.quorum)))
        self._show_results(result)

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

    def _order_text(self, order: Any, labels: dict[str, str]) -> str:
        return "  >  ".join(" = ".join(labels[c] for c in group) for group in order)

    def cast(self) -> None:
        if self.current is None:
            return
        rid, choices = self.current.id, self.form.choices()
        if self.run(lambda s, w: rounds.cast_ballot(s, writer=w, round_id=rid, choices=choices)) is not None:
            self.statusBar().showMessage(self.tr("Your organisation's ballot was recorded."), 5000)
            self.reload(rid)

    def new_round(self) -> None:
        candidates = self.run(lambda s, _w: proposals.list_proposals(s)) or []
        preselected = {p.id for p in candidates if p.status in ("submitted", "in_discussion")}
        values = NewRoundDialog.ask(self, candidates, preselected)
        if values is None:
            return
        info = self.run(lambda s, w: rounds.open_round(s, writer=w, **values))
        if info is not None:
            self.reload(info.id)

    def close_round(self) -> None:
        if self.current is None:
            return
        rid = self.current.id
        if self.run(lambda s, w: rounds.close_round(s, writer=w, round_id=rid)) is not None:
            self.reload(rid)
            self.tabs.setCurrentIndex(1)
            self.on_change()

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
        count = self.run(lambda s, w: ballot_csv.import_ballots_csv(s, writer=w, round_id=rid, data=data))
        if count is not None:
            self.statusBar().showMessage(self.tr("{n} ballots imported.").format(n=count), 5000)
            self.reload(rid)

    def export_ballots(self) -> None:
        if self.current is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export ballots"), f"{self.current.title}.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        rid = self.current.id if self.current else ""
        text = self.run(lambda s, _w: ballot_csv.export_ballots_csv(s, round_id=rid))
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
        data = self.run(lambda s, _w: rounds.tally_json(rounds.tally(s, round_id=rid)))
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
