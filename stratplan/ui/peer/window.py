"""Needs and offers: ours to edit, everyone's matched, pairings confirmed, plans exported.

The window follows the shared runner: each button is one action in one transaction, and when
an action (here or elsewhere: an import, a new organisation) touches the peer records or the
coalition, the window reads its overview once inside that transaction and updates its lists
row by row, so the selected need and the rows on show stay put.
"""

from __future__ import annotations

from pathlib import Path

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
    QMainWindow,
    QPushButton,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.changes import Changes
from stratplan.core.errors import StratplanError
from stratplan.core.export.document import DocModel
from stratplan.core.peer.catalogue import FORMATS, PRIORITIES
from stratplan.core.peer.matching import Match, reason_messages
from stratplan.core.services import peer
from stratplan.core.services.coalition import OrganisationInfo
from stratplan.core.services.peer import PeerOverview
from stratplan.core.vocabulary import area_label, label
from stratplan.ui import errors
from stratplan.ui.peer.keyed import KEY_ROLE, sync_combo, sync_list, sync_table
from stratplan.ui.peer.models import CoverageModel
from stratplan.ui.programme.exporting import ask_path, export_with_progress
from stratplan.ui.runner import ActionRunner
from stratplan.ui.widgets.labels import label_for

ROLE = KEY_ROLE


def fit_titles(table: QTableWidget) -> None:
    """Each column at least as wide as its title: long words (Lithuanian, Spanish) are not cut."""
    header = table.horizontalHeader()
    for section in range(header.count()):
        header.resizeSection(section, max(header.sectionSize(section), header.sectionSizeHint(section)))


class PeerWindow(QMainWindow):
    """Three tabs: our needs and offers, matches and pairings, the coalition-wide heat map."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None, *, language: str = "en") -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws = runner.workspace
        self.language = language
        self.setWindowTitle(self.tr("Peer-to-peer training — StratPlan"))
        self.orgs: dict[str, OrganisationInfo] = {}
        self.areas: dict[str, str] = {}
        self.found: dict[tuple[str, str], tuple[Match, ...]] = {}
        # Each need on the matching page, by record id: (organisation, area), the key of its matches.
        self.need_keys: dict[str, tuple[str, str]] = {}
        self.need_priority: dict[tuple[str, str], str] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._own_page(), self.tr("Our &needs and offers"))
        self.tabs.addTab(self._match_page(), self.tr("&Matches and pairings"))
        self.coverage_model = CoverageModel(self)
        self.coverage = QTableView(self)
        self.coverage.setModel(self.coverage_model)
        self.coverage.setAccessibleName(self.tr("Needs and offers by area and organisation"))
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
        runner.add_listener(self)
        self.destroyed.connect(lambda *_: runner.remove_listener(self))
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
            fit_titles(table)
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
        layout.addWidget(label_for(self.needs_table, self.tr("Where we need help:")))
        layout.addWidget(self.needs_table)
        layout.addWidget(label_for(self.offers_table, self.tr("What we can share:")))
        layout.addWidget(self.offers_table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.add_need_button.clicked.connect(lambda: self.add_need())
        self.add_offer_button.clicked.connect(lambda: self.add_offer())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        return page

    def _match_page(self) -> QWidget:
        page = QWidget(self)
        self.need_list = QListWidget(page)
        self.candidates = QTableWidget(0, 4, page)
        self.candidates.setHorizontalHeaderLabels(
            [self.tr("Offered by"), self.tr("Tool or practice"), self.tr("Shared languages"), self.tr("Why")])
        fit_titles(self.candidates)
        self.candidates.horizontalHeader().setStretchLastSection(True)
        self.candidates.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.candidates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.confirm_button = QPushButton(self.tr("&Confirm this pairing"), page)
        self.pairings = QListWidget(page)
        left = QVBoxLayout()
        left.addWidget(label_for(self.need_list, self.tr("Needs of every organisation:")))
        left.addWidget(self.need_list)
        right = QVBoxLayout()
        right.addWidget(label_for(self.candidates, self.tr("Organisations that can help, best first:")))
        right.addWidget(self.candidates)
        right.addWidget(self.confirm_button)
        right.addWidget(label_for(self.pairings, self.tr("Confirmed pairings:")))
        right.addWidget(self.pairings)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self.need_list.currentRowChanged.connect(lambda _r: self.show_candidates())
        self.confirm_button.clicked.connect(lambda: self.confirm())
        return page

    # ---------------------------------------------------------------- data
    def reload(self) -> None:
        """Everything, in one read (when the window opens)."""
        data = self.runner.read(self, peer.overview)
        if data is not None:
            self.show_overview(data)

    def fetch_changes(self, session: Session, changes: Changes) -> PeerOverview | None:
        """Inside the action's transaction: the overview, if the action touched what it shows."""
        if changes.everything or changes.peer or changes.coalition:
            return peer.overview(session)
        return None

    def apply_changes(self, data: PeerOverview | None, changes: Changes) -> None:
        if data is not None:
            self.show_overview(data)

    def show_overview(self, data: PeerOverview) -> None:
        """Bring every list up to date with `data`, row by row (selections stay)."""
        self.orgs = {o.id: o for o in data.orgs}
        # Areas, priorities and formats are stored by key and named in the interface language.
        self.areas = {a.key: area_label(a.key, a.name, self.language) for a in data.areas}
        self.found = dict(data.matches)
        sync_combo(self.area, [(a.key, self.areas[a.key]) for a in data.areas])
        own = self.ws.profile.org_id
        sync_table(self.needs_table, [(n.id, (self._area(n.need.area), self._priority(n.need.priority),
                                              n.need.description))
                                      for n in data.needs if n.need.org == own])
        sync_table(self.offers_table, [(o.id, (self._area(o.offer.area), o.offer.name,
                                               ", ".join(label("format", f, self.language) for f in o.offer.formats),
                                               o.offer.description)) for o in data.offers if o.offer.org == own])
        self.need_keys = {n.id: (n.need.org, n.need.area) for n in data.needs}
        self.need_priority = {(n.need.org, n.need.area): n.need.priority for n in data.needs}
        sync_list(self.need_list, [(n.id, f"{self._code(n.need.org)}: {self._area(n.need.area)} "
                                          f"({self._priority(n.need.priority)}) — "
                                          f"{len(self.found.get(self.need_keys[n.id], ()))}")
                                   for n in data.needs])
        sync_list(self.pairings, [(p.id, f"{self._code(p.offer_org)} → {self._code(p.need_org)}: "
                                         f"{self._area(p.area)} ({p.offer_name})") for p in data.pairings])
        self.coverage_model.set_matrix(data.coverage, {o.id: o.code for o in data.orgs}, self.areas)
        chosen = self.plan_org.currentData() or own
        sync_combo(self.plan_org, [(o.id, f"{o.code} — {o.name}") for o in data.orgs])
        if self.plan_org.currentData() != chosen:
            self.plan_org.setCurrentIndex(max(0, self.plan_org.findData(chosen)))
        self.show_candidates()

    def _area(self, key: str) -> str:
        return self.areas.get(key, key)

    def _priority(self, key: str) -> str:
        return label("priority", key, self.language)

    def _reasons(self, match: Match) -> str:
        """Why the offer suits the need, in the interface language."""
        priority = self.need_priority.get((match.need_org, match.area), "")
        return "; ".join(m.translated(self.language)
                         for m in reason_messages(priority, match.shared_languages, match.covered_areas))

    def _code(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.code if org else org_id[:8]

    # ---------------------------------------------------------------- actions
    def add_need(self) -> bool:
        area, priority, text = self.area.currentData(), self.priority.currentData(), self.description.text()
        if self.runner.run(self, lambda s, w: peer.add_need(s, writer=w, area=area, priority=priority,
                                                           description=text)) is None:
            return False
        self.description.clear()
        return True

    def add_offer(self) -> bool:
        area, name, text = self.area.currentData(), self.offer_name.text(), self.description.text()
        formats = (str(self.formats.currentData()),)
        if self.runner.run(self, lambda s, w: peer.add_offer(s, writer=w, area=area, name=name, description=text,
                                                            formats=formats)) is None:
            return False
        self.description.clear()
        self.offer_name.clear()
        return True

    def remove_selected(self) -> bool:
        table = self.needs_table if self.needs_table.currentRow() >= 0 else self.offers_table
        item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
        if item is None:
            return False
        rid = str(item.data(ROLE))
        return self.runner.run(self, lambda s, w: peer.remove(s, writer=w, record_id=rid)) is not None

    def selected_need(self) -> tuple[str, str] | None:
        """(organisation, area) of the need chosen on the matching page."""
        item = self.need_list.currentItem()
        return self.need_keys.get(str(item.data(ROLE))) if item is not None else None

    def show_candidates(self) -> None:
        """The offers that match the chosen need (from the overview on show: no read)."""
        key = self.selected_need()
        found = self.found.get(key, ()) if key else ()
        current = self.candidates.currentRow()
        sync_table(self.candidates, [((m.offer_org, m.offer_name), (self._code(m.offer_org), m.offer_name,
                                                                    ", ".join(m.shared_languages),
                                                                    self._reasons(m))) for m in found])
        if found and not 0 <= current < len(found):
            self.candidates.selectRow(0)

    def confirm(self) -> bool:
        key = self.selected_need()
        row = self.candidates.currentRow()
        matches = self.found.get(key, ()) if key else ()
        if not 0 <= row < len(matches):
            return False
        match = matches[row]
        return self.runner.run(self, lambda s, w: peer.confirm_pairing(s, writer=w, match=match)) is not None

    def add_area(self, name: str | None = None) -> bool:
        """Extend the coalition's catalogue of capacity areas."""
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Add a capacity area"), self.tr("Name of the area:"))
            if not ok:
                return False
        chosen = name
        return self.runner.run(self, lambda s, w: peer.set_area(s, writer=w, key=chosen, name=chosen)) is not None

    def import_file(self, path: Path | None = None) -> bool:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, self.tr("Import needs assessment"), "",
                                                  self.tr("CSV files (*.csv)"))
            if not name:
                return False
            path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot read {path}: {why}").format(
                path=path, why=exc.strerror)))
            return False
        done = self.runner.run(self, lambda s, w: peer.import_csv(s, writer=w, data=data))
        if done is None:
            return False
        needs, offers = done.value
        self.statusBar().showMessage(self.tr("Imported {needs} and {offers}.").format(
            needs=self.tr("%n needs", "", needs), offers=self.tr("%n offers", "", offers)), 5000)
        return True

    def export_plan(self, path: Path | None = None) -> bool:
        org_id = str(self.plan_org.currentData())
        path = path or ask_path(self, self.tr("Export the training plan"), "training-plan.docx")
        if path is None:
            return False
        language = self.language

        def build() -> DocModel | None:
            return self.runner.read(self, lambda s: peer.training_plan(s, org_id=org_id, language=language))

        return export_with_progress(self, build, path)
