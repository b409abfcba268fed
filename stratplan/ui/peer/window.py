"""Needs and offers: ours to edit, everyone's matched, pairings confirmed, plans exported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from stratplan.core.db.models import Organisation
from stratplan.core.errors import StratplanError
from stratplan.core.peer.catalogue import FORMATS, PRIORITIES
from stratplan.core.peer.matching import Match
from stratplan.core.services import peer
from stratplan.core.workspace import Workspace
from stratplan.ui import errors
from stratplan.ui.peer.models import CoverageModel
from stratplan.ui.programme.exporting import ask_path, export_with_progress
from stratplan.ui.steps import run_step

ROLE = 0x0101


class PeerWindow(QMainWindow):
    """Three tabs: our needs and offers, matches and pairings, the coalition-wide heat map."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, language: str = "en") -> None:
        super().__init__(parent)
        self.ws = workspace
        self.language = language
        self.setWindowTitle(self.tr("Peer-to-peer training — StratPlan"))
        self.orgs: dict[str, Organisation] = {}
        self.areas: dict[str, str] = {}
        self.found: dict[tuple[str, str], tuple[Match, ...]] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._own_page(), self.tr("Our &needs and offers"))
        self.tabs.addTab(self._match_page(), self.tr("&Matches and pairings"))
        self.coverage_model = CoverageModel(self)
        self.coverage = QTableView(self)
        self.coverage.setModel(self.coverage_model)
        self.coverage.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        legend = QLabel(self.tr("Green: a need others can meet · Red: a need nobody offers · Blue: an offer · "
                                "H/M/L: priority of the need · +n: offers made"), self)
        cover_page = QWidget(self)
        cover_layout = QVBoxLayout(cover_page)
        cover_layout.addWidget(legend)
        cover_layout.addWidget(self.coverage)
        self.tabs.addTab(cover_page, self.tr("&Coverage"))
        self.plan_org = QComboBox(self)
        self.export_button = QPushButton(self.tr("Export the &training plan..."), self)
        self.import_button = QPushButton(self.tr("&Import needs assessment (CSV)..."), self)
        self.area_button = QPushButton(self.tr("Add a capacity &area..."), self)
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(self.area_button)
        bar.addStretch()
        bar.addWidget(QLabel(self.tr("Training plan of:"), self))
        bar.addWidget(self.plan_org)
        bar.addWidget(self.export_button)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.tabs)
        layout.addLayout(bar)
        self.setCentralWidget(central)
        self.export_button.clicked.connect(lambda: self.export_plan())
        self.import_button.clicked.connect(lambda: self.import_file())
        self.area_button.clicked.connect(lambda: self.add_area())
        self.reload()
        self.resize(1280, 800)

    # ---------------------------------------------------------------- pages
    def _own_page(self) -> QWidget:
        page = QWidget(self)
        self.needs_table = QTableWidget(0, 3, page)
        self.needs_table.setHorizontalHeaderLabels([self.tr("Area"), self.tr("Priority"), self.tr("Description")])
        self.offers_table = QTableWidget(0, 4, page)
        self.offers_table.setHorizontalHeaderLabels(
            [self.tr("Area"), self.tr("Tool or practice"), self.tr("Formats"), self.tr("Description")])
        for table in (self.needs_table, self.offers_table):
            table.horizontalHeader().setStretchLastSection(True)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.area = QComboBox(page)
        self.priority = QComboBox(page)
        names = {"high": self.tr("high"), "medium": self.tr("medium"), "low": self.tr("low")}
        for p in PRIORITIES:
            self.priority.addItem(names[p], p)
        self.offer_name = QLineEdit(page)
        self.formats = QComboBox(page)
        format_names = {"training": self.tr("training"), "materials": self.tr("materials"),
                        "mentoring": self.tr("mentoring"), "study_visit": self.tr("study visit")}
        for f in FORMATS:
            self.formats.addItem(format_names[f], f)
        self.description = QLineEdit(page)
        self.add_need_button = QPushButton(self.tr("Add as a &need"), page)
        self.add_offer_button = QPushButton(self.tr("Add as an &offer"), page)
        self.remove_button = QPushButton(self.tr("&Withdraw selected"), page)
        form = QFormLayout()
        form.addRow(self.tr("Area"), self.area)
        form.addRow(self.tr("Priority (needs)"), self.priority)
        form.addRow(self.tr("Tool or practice (offers)"), self.offer_name)
        form.addRow(self.tr("Format (offers)"), self.formats)
        form.addRow(self.tr("Description"), self.description)
        buttons = QHBoxLayout()
        for b in (self.add_need_button, self.add_offer_button, self.remove_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Where we need help:"), page))
        layout.addWidget(self.needs_table)
        layout.addWidget(QLabel(self.tr("What we can share:"), page))
        layout.addWidget(self.offers_table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.add_need_button.clicked.connect(self.add_need)
        self.add_offer_button.clicked.connect(self.add_offer)
        self.remove_button.clicked.connect(self.remove_selected)
        return page

    def _match_page(self) -> QWidget:
        page = QWidget(self)
        self.need_list = QListWidget(page)
        self.candidates = QTableWidget(0, 4, page)
        self.candidates.setHorizontalHeaderLabels(
            [self.tr("Offered by"), self.tr("Tool or practice"), self.tr("Shared languages"), self.tr("Why")])
        self.candidates.horizontalHeader().setStretchLastSection(True)
        self.candidates.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.candidates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.confirm_button = QPushButton(self.tr("&Confirm this pairing"), page)
        self.pairings = QListWidget(page)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Needs of every organisation:"), page))
        left.addWidget(self.need_list)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Organisations that can help, best first:"), page))
        right.addWidget(self.candidates)
        right.addWidget(self.confirm_button)
        right.addWidget(QLabel(self.tr("Confirmed pairings:"), page))
        right.addWidget(self.pairings)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self.need_list.currentRowChanged.connect(lambda _r: self.show_candidates())
        self.confirm_button.clicked.connect(self.confirm)
        return page

    # ---------------------------------------------------------------- data
    def run(self, step: Callable[..., Any]) -> Any:
        return run_step(self, self.ws, step)

    def reload(self) -> None:
        data = self.run(lambda s, _w: (list(s.scalars(select(Organisation).order_by(Organisation.code))),
                                       peer.list_areas(s), peer.list_needs(s), peer.list_offers(s),
                                       peer.matches(s), peer.coverage(s), peer.list_pairings(s)))
        if data is None:
            return
        orgs, areas, needs, offers, found, matrix, pairings = data
        self.orgs = {o.id: o for o in orgs}
        self.areas = {a.key: a.name for a in areas}
        self.found = found
        if self.area.count() != len(areas):
            self.area.clear()
            for a in areas:
                self.area.addItem(a.name, a.key)
        own = self.ws.profile.org_id
        mine_n = [n for n in needs if n.need.org == own]
        mine_o = [o for o in offers if o.offer.org == own]
        self._fill(self.needs_table, [(n.id, (self.areas.get(n.need.area, n.need.area), n.need.priority,
                                              n.need.description)) for n in mine_n])
        self._fill(self.offers_table, [(o.id, (self.areas.get(o.offer.area, o.offer.area), o.offer.name,
                                               ", ".join(o.offer.formats), o.offer.description)) for o in mine_o])
        self.need_list.clear()
        for n in needs:
            item = QListWidgetItem(f"{self.orgs[n.need.org].code}: {self.areas.get(n.need.area, n.need.area)} "
                                   f"({n.need.priority}) — {len(found.get((n.need.org, n.need.area), ()))}",
                                   self.need_list)
            item.setData(ROLE, (n.need.org, n.need.area))
        self.pairings.clear()
        for p in pairings:
            QListWidgetItem(f"{self.orgs[p.offer_org].code} → {self.orgs[p.need_org].code}: "
                            f"{self.areas.get(p.area, p.area)} ({p.offer_name})", self.pairings)
        self.coverage_model.set_matrix(matrix, {o.id: o.code for o in orgs}, self.areas)
        current = self.plan_org.currentData() or own
        self.plan_org.clear()
        for o in orgs:
            self.plan_org.addItem(f"{o.code} — {o.name}", o.id)
        self.plan_org.setCurrentIndex(max(0, self.plan_org.findData(current)))

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, tuple[str, ...]]]) -> None:
        table.setRowCount(len(rows))
        for r, (rid, values) in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ROLE, rid)
                table.setItem(r, c, item)

    def add_need(self) -> None:
        area, priority, text = self.area.currentData(), self.priority.currentData(), self.description.text()
        if self.run(lambda s, w: peer.add_need(s, writer=w, area=area, priority=priority, description=text)):
            self.description.clear()
            self.reload()

    def add_offer(self) -> None:
        area, name, text = self.area.currentData(), self.offer_name.text(), self.description.text()
        formats = (self.formats.currentData(),)
        if self.run(lambda s, w: peer.add_offer(s, writer=w, area=area, name=name, description=text,
                                                formats=formats)):
            self.description.clear()
            self.offer_name.clear()
            self.reload()

    def remove_selected(self) -> None:
        table = self.needs_table if self.needs_table.currentRow() >= 0 else self.offers_table
        item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
        if item is None:
            return
        rid = str(item.data(ROLE))
        self.run(lambda s, w: peer.remove(s, writer=w, record_id=rid))
        self.reload()

    def show_candidates(self) -> None:
        item = self.need_list.currentItem()
        key = item.data(ROLE) if item else None
        found = self.found.get(tuple(key), ()) if key else ()  # type: ignore[arg-type]
        self.candidates.setRowCount(len(found))
        for r, m in enumerate(found):
            values = (self.orgs[m.offer_org].code, m.offer_name, ", ".join(m.shared_languages), "; ".join(m.reasons))
            for c, value in enumerate(values):
                self.candidates.setItem(r, c, QTableWidgetItem(value))
        if found:
            self.candidates.selectRow(0)

    def confirm(self) -> None:
        item = self.need_list.currentItem()
        row = self.candidates.currentRow()
        if item is None or row < 0:
            return
        match = self.found[tuple(item.data(ROLE))][row]  # type: ignore[index]
        if self.run(lambda s, w: peer.confirm_pairing(s, writer=w, match=match)) is not None:
            self.reload()

    def add_area(self, name: str | None = None) -> None:
        """Extend the coalition's catalogue of capacity areas."""
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Add a capacity area"), self.tr("Name of the area:"))
            if not ok:
                return
        if self.run(lambda s, w: peer.set_area(s, writer=w, key=name, name=name)) is not None:
            self.area.clear()
            self.reload()

    def import_file(self, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, self.tr("Import needs assessment"), "",
                                                  self.tr("CSV files (*.csv)"))
            if not name:
                return
            path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot read {path}: {why}").format(
                path=path, why=exc.strerror)))
            return
        counts = self.run(lambda s, w: peer.import_csv(s, writer=w, data=data))
        if counts is not None:
            self.statusBar().showMessage(self.tr("Imported {needs} needs and {offers} offers.").format(
                needs=counts[0], offers=counts[1]), 5000)
            self.reload()

    def export_plan(self, path: Path | None = None) -> bool:
        org_id = str(self.plan_org.currentData())
        path = path or ask_path(self, self.tr("Export the training plan"), "training-plan.docx")
        if path is None:
            return False
        language = self.language
        return export_with_progress(
            self, lambda: self.run(lambda s, _w: peer.training_plan(s, org_id=org_id, language=language)), path)
