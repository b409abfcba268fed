"""The main window's tool windows and whole-point actions: voting, programme, peer-to-peer,
consolidation, conflicts, import, split and retire (a mixin, to keep main_window.py small)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow

from stratplan.ui.lazy import lazy

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stratplan.core.oplog.writer import OpWriter
    from stratplan.core.services import conflicts, consolidation, groups
    from stratplan.core.workspace import Workspace
    from stratplan.ui.consolidation.window import ConsolidationWindow
    from stratplan.ui.models.proposal_list import ProposalListModel
    from stratplan.ui.peer.window import PeerWindow
    from stratplan.ui.programme.window import ProgrammeWindow
    from stratplan.ui.progress.window import ProgressWindow
    from stratplan.ui.runner import ActionRunner
    from stratplan.ui.settings import Settings
    from stratplan.ui.voting.window import VotingWindow
else:
    # Loaded on first use, after the window's first paint.
    conflicts = lazy("stratplan.core.services.conflicts")
    consolidation = lazy("stratplan.core.services.consolidation")
    groups = lazy("stratplan.core.services.groups")

T = TypeVar("T")

# The type checker sees the mixin as the QMainWindow it is mixed into; at run time it is a
# plain class, so MainWindow has one QMainWindow base.
if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object


class ToolWindowsMixin(_Base):
    """Mixed into MainWindow; relies on its run(), save_current(), reload() and fields."""

    # Provided by MainWindow.
    settings: Settings
    current_id: str | None
    list_model: ProposalListModel
    voting: VotingWindow | None
    programme: ProgrammeWindow | None
    peer: PeerWindow | None
    progress: ProgressWindow | None
    consolidation: ConsolidationWindow | None

    if TYPE_CHECKING:
        # MainWindow's own methods; declared for the type checker only, so that they
        # cannot shadow the real ones (or QMainWindow's) at run time.
        @property
        def ws(self) -> Workspace: ...
        @property
        def runner(self) -> ActionRunner: ...
        def run(self, step: Callable[[Session, OpWriter], T]) -> T | None: ...
        def read(self, step: Callable[[Session], T]) -> T | None: ...
        def save_current(self) -> bool: ...
        def reload(self, select_id: str | None = None) -> None: ...
        def current_group_id(self) -> str: ...
        def select_row(self, row: int) -> None: ...

    def show_conflicts(self) -> None:
        """Every open conflict; each decision is a new revision that reaches every laptop."""
        if not self.save_current():
            return

        def resolve(proposal_id: str, field: str, value: Any) -> bool:
            done = self.run(lambda s, w: conflicts.resolve(s, writer=w, proposal_id=proposal_id, field=field,
                                                           value=value))
            return done is not None

        # Each decision refreshes the list and the open point through the runner's Changes.
        from stratplan.ui.dialogs.conflicts import ConflictsDialog

        ConflictsDialog.ask(self, lambda: self.read(conflicts.list_conflicts) or [], resolve)

    def import_proposals(self, path: Path | None = None) -> list[str]:
        """Points from a .docx or .md file, after a preview; they arrive as drafts."""
        from stratplan.core.services import importing
        from stratplan.ui.dialogs.import_dialog import ImportDialog

        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("MainWindow", "Import proposals"), "",
                                                  QCoreApplication.translate("MainWindow", "Word or Markdown (*.docx *.md *.markdown *.txt)"))
            if not name:
                return []
            path = Path(name)
        source = path
        data = self.read(lambda s: (importing.preview_file(s, source), groups.list_groups(s)))
        if data is None:
            return []
        preview, group_rows = data
        answer = ImportDialog.ask(self, preview, group_rows, self.current_group_id())
        if answer is None:
            return []
        group_id, chosen = answer
        created = self.run(lambda s, w: importing.import_points(s, writer=w, preview=preview, group_id=group_id,
                                                                chosen=chosen)) or []
        if created:
            self._open(created[0])
            self.statusBar().showMessage(QCoreApplication.translate(
                "MainWindow", "%n proposals imported as drafts.", "", len(created)), 5000)
        return list(created)

    def show_programme(self) -> None:
        """The programme window: sections, releases, our local plan, exports."""
        from stratplan.ui.programme.window import ProgrammeWindow

        if self.programme is None:
            self.programme = ProgrammeWindow(self.runner, self, language=self.settings.language)
            self.programme.setWindowFlag(Qt.WindowType.Window, True)
        self.programme.show()
        self.programme.raise_()

    def show_progress(self) -> None:
        """Our progress reports, what is due, and the coalition's view of how the programme is lived."""
        from stratplan.ui.progress.window import ProgressWindow

        if self.progress is None:
            self.progress = ProgressWindow(self.runner, self)
            self.progress.setWindowFlag(Qt.WindowType.Window, True)
        self.progress.show()
        self.progress.raise_()

    def show_peer(self) -> None:
        """Needs, offers, matches and the coverage heat map."""
        from stratplan.ui.peer.window import PeerWindow

        if self.peer is None:
            self.peer = PeerWindow(self.runner, self, language=self.settings.language)
            self.peer.setWindowFlag(Qt.WindowType.Window, True)
        self.peer.show()
        self.peer.raise_()

    def show_consolidation(self) -> None:
        """Overlap suggestions, side-by-side merging, and the merges that can be undone."""
        from stratplan.ui.consolidation.window import ConsolidationWindow

        if not self.save_current():
            return
        if self.consolidation is None:
            self.consolidation = ConsolidationWindow(self.runner, self, settings=self.settings)
            self.consolidation.setWindowFlag(Qt.WindowType.Window, True)
        self.consolidation.show()
        self.consolidation.raise_()

    def split_current(self, titles: list[str] | None = None) -> list[str]:
        """Split the open point into several new ones; it is retired, pointing at them."""
        if self.current_id is None or not self.save_current():
            return []
        if titles is None:
            text, ok = QInputDialog.getMultiLineText(self, QCoreApplication.translate("MainWindow", "Split plan point"),
                                                     QCoreApplication.translate("MainWindow", "Titles of the new points, one per line:"))
            if not ok:
                return []
            titles = [line for line in text.splitlines() if line.strip()]
        source, parts = self.current_id, [{"title": t} for t in titles]
        created = self.run(lambda s, w: consolidation.split(s, writer=w, source=source, parts=parts)) or []
        if created:
            self._open(created[0])
        return list(created)

    def _open(self, proposal_id: str) -> None:
        """Open a point that an action just added (its row arrived through Changes)."""
        row = self.list_model.row_of(proposal_id)
        if row >= 0:
            self.select_row(row)

    def retire_current(self) -> bool:
        if self.current_id is None or not self.save_current():
            return False
        pid = self.current_id
        others = [self.list_model.proposal_at(r) for r in range(self.list_model.rowCount())]
        from stratplan.ui.dialogs.retire import RetireDialog

        answer = RetireDialog.ask(self, [p for p in others if p is not None and p.id != pid])
        if answer is None:
            return False
        reason, detail, duplicate_of = answer
        # The list row and the open point refresh from the action's Changes.
        done = self.run(lambda s, w: consolidation.retire(s, writer=w, proposal_id=pid, reason=reason,
                                                          detail=detail, duplicate_of=duplicate_of))
        return done is not None

    def show_voting(self) -> None:
        """The voting window (one per main window); closing a round refreshes statuses here."""
        from stratplan.ui.voting.window import VotingWindow

        if self.voting is None:
            self.voting = VotingWindow(self.runner, self, language=self.settings.language)
            self.voting.setWindowFlag(Qt.WindowType.Window, True)
        self.voting.show()
        self.voting.raise_()

