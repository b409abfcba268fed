"""Table models of the voting window: rounds, ballots, the Schulze matrix, score grades.

Each model is an adapter over frozen rows from the services. A refresh of the same round goes
through `update_rows`: rows that stay get `dataChanged`, new ones `beginInsertRows`, gone ones
`beginRemoveRows`, so the selection and the scroll position survive. `set_rows` (a reset) is
for opening the window and switching to another round.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from stratplan.core.services.delegation import BY_DELEGATION, IN_PERSON, RollCallEntry
from stratplan.core.services.rounds import BallotInfo, RoundInfo
from stratplan.core.voting.model import ProposalScore, SchulzeResult, ScoreResult
from stratplan.ui.models.keyed import row_edits
from stratplan.ui.voting.texts import pair_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The value a sorting proxy compares (a number where the cell shows "24 of 27 (89%)").
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class _Table(QAbstractTableModel, Generic[R]):
    """Rows of plain data and a header list; subclasses say what a cell shows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def headers(self) -> list[str]:
        return []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            names = self.headers()
            return names[section] if 0 <= section < len(names) else None
        return self.row_header(section)

    def row_header(self, row: int) -> str | int | None:
        return row + 1

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (a reset): on opening and when the user switches to other data."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[R], key: Callable[[R], Hashable]) -> None:
        """Follow a refresh of the same data with targeted row signals (no reset)."""
        edits = row_edits([key(r) for r in self._rows], [key(r) for r in rows])
        if edits is None:  # rows that stay changed order: never on this window's own edits
            self.set_rows(rows)
            return
        root = QModelIndex()
        for row in edits.removals:
            self.beginRemoveRows(root, row, row)
            del self._rows[row]
            self.endRemoveRows()
        for row in edits.insertions:
            self.beginInsertRows(root, row, row)
            self._rows.insert(row, rows[row])
            self.endInsertRows()
        last = self.columnCount() - 1
        for row, fresh in enumerate(rows):
            if self._rows[row] != fresh:
                self._rows[row] = fresh
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def rows(self) -> tuple[R, ...]:
        return tuple(self._rows)

    def row_data(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: Hashable, key_of: Callable[[R], Hashable]) -> int:
        """The row whose key is `key`, or -1."""
        return next((i for i, r in enumerate(self._rows) if key_of(r) == key), -1)

    def _valid(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self.headers())


class RoundListModel(_Table[RoundInfo]):
    def headers(self) -> list[str]:
        return [self.tr("Round"), self.tr("Method"), self.tr("Status"), self.tr("Ballots")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        r = self._rows[index.row()]
        if role == ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return r.title  # elided in the list
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        methods = {"approval": self.tr("Approval"), "ranking": self.tr("Ranking"), "score": self.tr("Score")}
        states = {"open": self.tr("Open"), "closed": self.tr("Closed")}
        return [r.title, methods.get(r.method, r.method), states.get(r.status, r.status),
                f"{r.ballots_cast} / {len(r.electorate)}"][index.column()]

    def update_round_rows(self, rows: Sequence[RoundInfo]) -> None:
        self.update_rows(rows, lambda r: r.id)

    def replace_round(self, info: RoundInfo) -> None:
        """One round's row after a ballot, a close or an import: that row repaints, nothing else."""
        row = self.row_of(info.id, lambda r: r.id)
        if row >= 0 and self._rows[row] != info:
            self._rows[row] = info
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class BallotTableModel(_Table[BallotInfo]):
    """Every ballot received, with what the rules made of it."""

    def headers(self) -> list[str]:
        return [self.tr("Organisation"), self.tr("Entered by"), self.tr("State")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        b = self._rows[index.row()]
        if role == ID_ROLE:
            return b.id
        if role == Qt.ItemDataRole.ForegroundRole and (not b.valid or b.late):
            return QColor("#a33")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if not b.valid:
            state = self.tr("refused: {why}").format(why=b.problem)
        elif b.late:
            state = self.tr("late (after the close), not counted")
        elif b.counted:
            state = self.tr("counted")
        elif b.effective:
            state = self.tr("current ballot")
        else:
            state = self.tr("replaced by a later ballot")
        if b.disagreement:
            state += " — " + self.tr("two laptops of this organisation voted differently")
        return [b.org_code, b.entered_by, state][index.column()]

    def update_ballot_rows(self, rows: Sequence[BallotInfo]) -> None:
        self.update_rows(rows, lambda b: b.id)


class RollCallModel(_Table[RollCallEntry]):
    """The roll call: every organisation of the electorate, how its vote was cast, through whom."""

    def headers(self) -> list[str]:
        return [self.tr("Organisation"), self.tr("Vote"), self.tr("Through")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        e = self._rows[index.row()]
        if role == ID_ROLE:
            return e.org_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if e.how == IN_PERSON:
            how, through = self.tr("in person"), ""
        elif e.how == BY_DELEGATION:
            how, through = self.tr("by delegation"), f"{e.through_name} ({e.through_code})"
        else:
            how = self.tr("did not vote")
            through = self.tr("gave its vote to {org}, who did not vote").format(org=e.delegate_code) \
                if e.delegate_code else ""
        return [f"{e.name} ({e.code})", how, through][index.column()]

    def update_roll_call(self, rows: Sequence[RollCallEntry]) -> None:
        self.update_rows(rows, lambda e: e.org_id)


def _heat(value: Fraction, other: Fraction, top: Fraction) -> QColor:
    """Green where the row beats the column, red where it loses, stronger with the margin."""
    if top <= 0 or value == other:
        return QColor("#f2f2f2")
    share = float(abs(value - other) / top)
    alpha = int(60 + 170 * min(1.0, share))
    return QColor(46, 139, 87, alpha) if value > other else QColor(200, 60, 60, alpha)


class PairwiseModel(_Table[str]):
    """The Schulze matrix: cell (x, y) shows d[x][y] and the strongest path p[x][y].

    A mark repeats what the colour says (▲ the row wins the contest, ▼ it loses, = a tie), and
    each cell's tooltip and accessible text explain the pair in words.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: SchulzeResult | None = None
        self.labels: dict[str, str] = {}
        self.titles: dict[str, str] = {}

    def set_result(self, result: SchulzeResult | None, labels: dict[str, str],
                   titles: dict[str, str] | None = None) -> None:
        """A new count: the same candidates only repaint their cells, others reset the matrix."""
        candidates = list(result.candidates) if result else []
        self.titles = titles or {}
        if candidates and candidates == self._rows and labels == self.labels:
            self.result = result
            last = len(candidates) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last, last))
            return
        self.beginResetModel()
        self.result, self.labels = result, labels
        self._rows = candidates
        self.endResetModel()

    def headers(self) -> list[str]:
        return [self.labels.get(c, c) for c in self._rows]

    def row_header(self, row: int) -> str | None:
        return self.labels.get(self._rows[row], self._rows[row]) if 0 <= row < len(self._rows) else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self._rows):
            return self.titles.get(self._rows[section])
        return super().headerData(section, orientation, role)

    def explain(self, row: int, column: int) -> str:
        """The pair of one cell in words ('' on the diagonal)."""
        if self.result is None or row == column or not (0 <= row < len(self._rows) and 0 <= column < len(self._rows)):
            return ""
        return pair_text(self.result, self._rows[row], self._rows[column], self.labels)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index) or self.result is None:
            return None
        x, y = self._rows[index.row()], self._rows[index.column()]
        if x == y:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        d, p = self.result.pairwise, self.result.strength
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "▲" if d[x][y] > d[y][x] else "▼" if d[x][y] < d[y][x] else "="
            return f"{mark} {d[x][y]}  ({p[x][y]})"
        if role == Qt.ItemDataRole.BackgroundRole:
            top = max((v for row in d.values() for v in row.values()), default=Fraction(0))
            return _heat(d[x][y], d[y][x], top)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.explain(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ScoreTableModel(_Table[ProposalScore]):
    """Per proposal: how many gave each grade 0..5, blanks, mean, median, majority grade."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, str] = {}

    def set_result(self, result: ScoreResult | None, labels: dict[str, str]) -> None:
        """A new count of the same proposals updates their rows; other proposals reset the table."""
        rows = list(result.proposals) if result else []
        if labels == self.labels and [r.proposal for r in rows] == [r.proposal for r in self._rows]:
            self.update_rows(rows, lambda r: r.proposal)
            return
        self.labels = labels
        self.set_rows(rows)

    def headers(self) -> list[str]:
        return [self.tr("Proposal"), "0", "1", "2", "3", "4", "5", self.tr("Blank"), self.tr("Mean"),
                self.tr("Median"), self.tr("Majority grade")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == SORT_ROLE:
            average = -1.0 if p.mean is None else float(p.mean)
            return [self.labels.get(p.proposal, p.proposal), *p.distribution, p.blanks, average,
                    -1 if p.median is None else p.median, p.majority_grade][col]
        if role == Qt.ItemDataRole.BackgroundRole and 1 <= col <= 6:
            total = sum(p.distribution) or 1
            return QColor(70, 110, 200, int(20 + 200 * p.distribution[col - 1] / total))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return self.labels.get(p.proposal, p.proposal)
        if 1 <= col <= 6:
            return p.distribution[col - 1]
        mean = "" if p.mean is None else f"{float(p.mean):.2f}"
        return [p.blanks, mean, "" if p.median is None else p.median, p.majority_grade][col - 7]
