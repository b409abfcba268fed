"""This organisation's ballot: yes/no/abstain, a place per proposal, or a grade 0..5."""

from __future__ import annotations

from typing import TypeAlias

from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.services.rounds import RoundInfo

# What a ballot holds, by method: approval {id: yes/no/abstain}, score {id: 0..5}, ranking [[ids], ...].
Choices: TypeAlias = dict[str, str] | dict[str, int] | list[list[str]]
# The value of one choice box (None: blank or not ranked).
Option: TypeAlias = str | int | None


class BallotForm(QWidget):
    """One row per proposal with a choice; `choices()` gives what the service expects."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info: RoundInfo | None = None
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName(self.tr("Your ballot: one choice per point"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)

    def _options(self, method: str, count: int) -> list[tuple[str, Option]]:
        if method == "approval":
            return [(self.tr("Abstain"), "abstain"), (self.tr("Yes, it fits our organisation"), "yes"),
                    (self.tr("No"), "no")]
        if method == "score":
            grades: list[tuple[str, Option]] = [(str(g), g) for g in range(6)]
            return [(self.tr("Blank"), None), *grades]
        places: list[tuple[str, Option]] = [(str(n), n) for n in range(1, count + 1)]
        return [(self.tr("Not ranked"), None), *places]

    def set_round(self, info: RoundInfo, current: Choices | None = None) -> None:
        self.info = info
        hints = {
            "approval": self.tr("For each point: does it fit your organisation?"),
            "ranking": self.tr("Give each point a place: 1 is your first choice; equal places are ties; "
                               "points left unranked share the last place."),
            "score": self.tr("Grade each point from 0 (poor) to 5 (excellent), or leave it blank."),
        }
        closed = self.tr("The round is closed: this is the ballot your organisation cast, if any.")
        self.hint.setText(hints[info.method] if info.status == "open" else closed)
        self.table.setHorizontalHeaderLabels([self.tr("Proposal"), self.tr("Your choice")])
        self.table.setRowCount(len(info.proposals))
        place: dict[str, Option] = dict(self._places(current) if isinstance(current, list)
                                        else current or {})
        for row, proposal in enumerate(info.proposals):
            item = QTableWidgetItem(f"P{proposal.number}  {proposal.title}")
            self.table.setItem(row, 0, item)
            combo = QComboBox(self.table)
            combo.setAccessibleName(self.tr("Your choice for P{n} {title}").format(n=proposal.number,
                                                                                 title=proposal.title))
            for label, value in self._options(info.method, len(info.proposals)):
                combo.addItem(label, value)
            value = place.get(proposal.id)
            if value is not None:
                combo.setCurrentIndex(max(0, combo.findData(value)))
            # A closed round shows the ballot that was cast; nothing can be changed any more.
            combo.setEnabled(info.status == "open")
            self.table.setCellWidget(row, 1, combo)
        self.table.resizeColumnToContents(1)
        # The points' column keeps at least its title's width (wide choices scroll sideways instead).
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(max(header.minimumSectionSize(), header.sectionSizeHint(0)))

    @staticmethod
    def _places(ranking: list[list[str]]) -> dict[str, int]:
        return {pid: n for n, group in enumerate(ranking, start=1) for pid in group}

    def combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def is_empty(self) -> bool:
        """Nothing chosen: every point abstained, left unranked or left blank."""
        chosen = self.choices()
        if isinstance(chosen, list):
            return not chosen
        return all(v == "abstain" for v in chosen.values()) if self.info and self.info.method == "approval" \
            else not chosen

    def choices(self) -> Choices:
        assert self.info is not None
        values: dict[str, Option] = {p.id: self.combo(row).currentData() for row, p in enumerate(self.info.proposals)}
        if self.info.method == "approval":
            return {pid: str(v) for pid, v in values.items()}
        numbers = {pid: v for pid, v in values.items() if isinstance(v, int)}
        if self.info.method == "score":
            return numbers
        return [[pid for pid, v in numbers.items() if v == place] for place in sorted(set(numbers.values()))]
