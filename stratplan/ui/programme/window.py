"""The programme window: arrange and release the programme; adapt it as our local plan; export.

The window is the runner listener for both pages: when an action (here, in another window or
an import) touches the programme, releases, local plans or a point the layout shows, it reads
the fresh data once, inside that action's transaction, and hands each page its part.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.changes import Changes
from stratplan.core.errors import StratplanError, ValidationError
from stratplan.core.export.document import DocModel
from stratplan.core.export.template import check_template
from stratplan.core.services import localplans, programme
from stratplan.core.services.localplans import PlanView
from stratplan.core.services.programme import Layout, ReleaseInfo
from stratplan.ui import errors
from stratplan.ui.programme.exporting import ask_path, export_with_progress
from stratplan.ui.programme.layout_page import ID_ROLE, LayoutPage
from stratplan.ui.programme.local_plan_page import LocalPlanPage
from stratplan.ui.runner import ActionRunner
from stratplan.ui.widgets.geometry import SavedSize
from stratplan.ui.widgets.window_keys import add_close_action, tab_leaves_tables

DOC_LANGUAGES = (("en", "English"), ("lt", "Lietuvių"), ("fr", "Français"))


@dataclass(frozen=True)
class ProgrammeUpdate:
    """What an action changed that this window shows; None where nothing of that kind changed."""

    layout: Layout | None = None
    releases: tuple[ReleaseInfo, ...] | None = None
    plans: tuple[PlanView, ...] | None = None


class ProgrammeWindow(QMainWindow):
    """Two pages sharing one store; exports go through a worker with progress."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None, *, language: str = "en") -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws = runner.workspace
        self.setWindowTitle(self.tr("Programme and local plan — StratPlan"))
        self.layout_page = LayoutPage(runner, self)
        self.plan_page = LocalPlanPage(runner, self.ws.profile.org_id, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.layout_page, self.tr("Unified &programme"))
        self.tabs.addTab(self.plan_page, self.tr("Our &local plan"))
        self.language = QComboBox(self)
        for code, name in DOC_LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.export_release_button = QPushButton(self.tr("E&xport the selected release..."), self)
        self.export_plan_button = QPushButton(self.tr("Export our local pla&n..."), self)
        self.template: Path | None = None
        self.template_button = QPushButton(self.tr("Word &template: default"), self)
        bar = QHBoxLayout()
        language_label = QLabel(self.tr("Document lan&guage:"), self)
        language_label.setBuddy(self.language)
        bar.addWidget(language_label)
        bar.addWidget(self.language)
        bar.addWidget(self.template_button)
        bar.addStretch()
        bar.addWidget(self.export_release_button)
        bar.addWidget(self.export_plan_button)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.tabs)
        layout.addLayout(bar)
        self.setCentralWidget(central)
        self.export_release_button.clicked.connect(lambda: self.export_release())
        self.export_plan_button.clicked.connect(lambda: self.export_plan())
        self.template_button.clicked.connect(lambda: self.choose_template())
        tab_leaves_tables(self)
        self.close_action = add_close_action(self)
        self.reload()
        runner.add_listener(self)
        self.destroyed.connect(lambda *_: runner.remove_listener(self))
        self._size = SavedSize("programme")
        self._size.restore(self, QSize(1280, 800))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._size.save(self)
        super().closeEvent(event)

    # -- loading and following changes ---------------------------------------------------------

    def reload(self) -> None:
        """Layout, releases and our plans in one read (on opening the window)."""
        org = self.ws.profile.org_id
        data = self.runner.read(self, lambda s: ProgrammeUpdate(
            programme.get_layout(s), tuple(programme.list_releases(s)),
            tuple(localplans.list_plans(s, org_id=org))))
        if data is not None:
            self.apply_changes(data, Changes(everything=True))

    def _layout_touched(self, session: Session, changes: Changes) -> bool:
        if changes.everything or changes.programme:
            return True
        if not changes.proposals:
            return False
        shown = self.layout_page.shown_point_ids()
        # A shown point was edited (title, status, deleted), or a point elsewhere became adopted.
        return bool(changes.proposals & shown) or bool(
            programme.adopted_among(session, proposal_ids=changes.proposals - shown))

    def fetch_changes(self, session: Session, changes: Changes) -> ProgrammeUpdate | None:
        """Inside the action's transaction: the layout, releases and plans, each only if it changed."""
        layout = programme.get_layout(session) if self._layout_touched(session, changes) else None
        releases = tuple(programme.list_releases(session)) if changes.everything or changes.releases else None
        plans = (tuple(localplans.list_plans(session, org_id=self.ws.profile.org_id))
                 if changes.everything or changes.plans else None)
        if layout is None and releases is None and plans is None:
            return None
        return ProgrammeUpdate(layout, releases, plans)

    def apply_changes(self, data: ProgrammeUpdate | None, changes: Changes) -> None:
        if data is None:
            return
        if data.layout is not None:
            self.layout_page.show_layout(data.layout)
        if data.releases is not None:
            self.layout_page.show_releases(data.releases)
            self.plan_page.releases = data.releases
        if data.plans is not None:
            self.plan_page.show_plans(data.plans)

    def choose_template(self, path: Path | None = None) -> bool:
        """Use an organisation's own Word template (checked now, so problems show at once)."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, self.tr("Word template"), "",
                                                  self.tr("Word documents and templates (*.docx *.dotx)"))
            if not name:
                return False
            path = Path(name)
        try:
            check_template(path)
        except StratplanError as exc:
            errors.show_error(self, exc)
            return False
        self.template = path
        self.template_button.setText(self.tr("Word template: {name}").format(name=path.name))
        return True

    def doc_language(self) -> str:
        return str(self.language.currentData())

    def release_model(self, release_id: str) -> DocModel | None:
        language = self.doc_language()
        return self.runner.read(self, lambda s: programme.release_document(s, release_id=release_id,
                                                                           language=language))

    def plan_model(self, plan_id: str) -> DocModel | None:
        language = self.doc_language()
        return self.runner.read(self, lambda s: localplans.plan_document(s, plan_id=plan_id, language=language))

    def export_release(self, path: Path | None = None, release_id: str | None = None) -> bool:
        if release_id is None:
            items = self.layout_page.releases.selectedItems()
            release_id = str(items[-1].data(ID_ROLE)) if items else None
        if release_id is None:
            errors.show_error(self, ValidationError(self.tr("Select a release in the list first.")))
            return False
        path = path or ask_path(self, self.tr("Export the programme"), "programme.docx")
        if path is None:
            return False
        rid = release_id
        return export_with_progress(self, lambda: self.release_model(rid), path, self.template)

    def export_plan(self, path: Path | None = None) -> bool:
        view = self.plan_page.view
        if view is None:
            errors.show_error(self, ValidationError(self.tr("Start a local plan first.")))
            return False
        path = path or ask_path(self, self.tr("Export our local plan"), "local-plan.docx")
        if path is None:
            return False
        plan_id = view.id
        return export_with_progress(self, lambda: self.plan_model(plan_id), path, self.template)
