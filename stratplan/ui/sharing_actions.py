"""The Sharing menu: send and receive changes, the shared folder, the hub, the coalition's laptops.

Imports and syncs run in a worker thread with their own transactions and come back with the
`Changes` they made; the runner then publishes those to every window (one read), so the list,
the open point and the tool windows show what arrived without reloading. Admitting, certifying
and revoking are one runner action each, which also reads the roster shown next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMenu, QMessageBox

from stratplan.core.errors import StratplanError
from stratplan.ui import errors
from stratplan.ui.dialogs.sharing_dialogs import RosterDialog, SendDialog, SummaryDialog
from stratplan.ui.group_actions import add_action
from stratplan.ui.lazy import lazy
from stratplan.ui.workers import run_with_progress

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stratplan.core.changes import Changes
    from stratplan.core.oplog.writer import OpWriter
    from stratplan.core.services import sharing
    from stratplan.core.services.sharing import AdmitResult, RosterView
    from stratplan.core.sync import actions, exporter, folder, keys
    from stratplan.core.sync.exporter import ExportSummary
    from stratplan.core.sync.folder import FolderSummary
    from stratplan.core.sync.hub import HubSummary
    from stratplan.core.sync.importer import ImportSummary
    from stratplan.core.workspace import Workspace
    from stratplan.ui.main_window import MainWindow
    from stratplan.ui.runner import ActionRunner
else:
    # Loaded on first use, after the window's first paint.
    sharing = lazy("stratplan.core.services.sharing")
    actions = lazy("stratplan.core.sync.actions")
    exporter = lazy("stratplan.core.sync.exporter")
    folder = lazy("stratplan.core.sync.folder")
    keys = lazy("stratplan.core.sync.keys")

FOLDER_KEY = "sharing.folder"
HUB_KEY = "sharing.hub"
FOLDER_EVERY_MS = 5 * 60 * 1000
T = TypeVar("T")


class SharingActions(QObject):
    """Everything the Sharing menu does; long work runs in a worker with a progress bar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.folder = self.hub = ""
        # The roster as the last roster action left it (the dialog opens again on it).
        self._last_roster: RosterView | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(FOLDER_EVERY_MS)
        self.timer.timeout.connect(lambda: self.sync_folder(quiet=True))

    @property
    def ws(self) -> Workspace:
        return self.window.ws

    @property
    def runner(self) -> ActionRunner:
        return self.window.runner

    def start(self) -> None:
        """Once the store is open: this laptop's folder and hub, read once (the five-minute
        timer then needs no read), and the timer running when there is a folder."""
        remembered = self.runner.read(self.window, lambda s: (sharing.local_setting(s, FOLDER_KEY),
                                                              sharing.local_setting(s, HUB_KEY)))
        self.folder, self.hub = remembered or ("", "")
        if self.folder:
            self.timer.start()

    def add_to_menu(self, menu: QMenu) -> None:
        add_action(self, menu, self.tr("&Send changes..."), self.send, "Ctrl+Shift+S")
        add_action(self, menu, self.tr("&Receive changes..."), self.receive, "Ctrl+Shift+R")
        menu.addSeparator()
        add_action(self, menu, self.tr("Sync the shared &folder now"), self.sync_folder, "F5")
        add_action(self, menu, self.tr("Ch&oose the shared folder..."), self.choose_folder)
        add_action(self, menu, self.tr("Sync with a PostgreSQL &hub..."), self.sync_hub)
        menu.addSeparator()
        add_action(self, menu, self.tr("&Coalition and laptops..."), self.show_roster, "Ctrl+Shift+L")

    # ------------------------------------------------------------ helpers

    def _remember(self, key: str, value: str) -> None:
        self.runner.run(self.window, lambda s, _w: sharing.set_local_setting(s, key=key, value=value))

    def _finish(self, message: str, changes: Changes) -> None:
        """Every window shows what arrived (one read), then the status bar says what happened."""
        self.runner.publish(self.window, changes)
        self.window.statusBar().showMessage(message, 8000)

    def _roster(self, *, for_sending: bool = False) -> RosterView | None:
        device = self.ws.identity.device_id

        def step(session: Session) -> RosterView:
            if for_sending:
                exporter.require_shared(session)
            return sharing.roster_view(session, device)

        return self.runner.read(self.window, step)

    # ------------------------------------------------------------ bundles

    def send(self, path: Path | None = None, peer: str | None = None) -> ExportSummary | None:
        if not self.window.save_current():
            return None
        if peer is None or path is None:
            # The laptops to choose from and our code for the file name; an unshared store is
            # refused here, before the file dialog, not after the user has chosen where to write.
            view = self._roster(for_sending=True)
            if view is None:
                return None
            if peer is None:
                peer = SendDialog.ask([(p.device_id, p.label) for p in view.peers], self.window)
                if peer is None:
                    return None
            if path is None:
                code = next((o.code for o in view.organisations if o.org_id == self.ws.profile.org_id), "stratplan")
                path = self._save_path(f"{code}-{time.strftime('%Y%m%d-%H%M')}.stratplan")
                if path is None:
                    return None
        target, chosen = path, peer
        result: ExportSummary | None = run_with_progress(
            self.window, self.tr("Writing the bundle..."),
            lambda report: actions.send(self.ws, target, peer=chosen, progress=report))
        if result is not None:
            self.window.statusBar().showMessage(
                self.tr("Wrote %n changes to {file}.", "", result.operations).format(file=Path(result.path).name),
                8000)
        return result

    def _save_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Send changes"), suggested,
                                              self.tr("StratPlan bundles (*.stratplan *.bundle);;All files (*)"))
        return Path(name) if name else None

    def receive(self, paths: list[Path] | None = None, *, show: bool = True) -> list[ImportSummary] | None:
        if not self.window.save_current():
            return None
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Receive changes"), "",
                                                    self.tr("StratPlan bundles (*.stratplan *.bundle);;All files (*)"))
            if not names:
                return None
            paths = [Path(n) for n in names]
        files = list(paths)
        received: actions.Received | None = run_with_progress(
            self.window, self.tr("Checking and importing..."),
            lambda report: actions.receive_files(self.ws, files, progress=report))
        if received is None:
            return None
        results = list(received.summaries)
        self._finish(self.tr("Received %n new changes.", "", sum(r.new for r in results)), received.changes)
        if show:
            SummaryDialog.for_imports(results, self.window).exec()
        return results

    # ------------------------------------------------------------ shared folder and hub

    def choose_folder(self, path: Path | None = None) -> None:
        if path is None:
            name = QFileDialog.getExistingDirectory(self.window, self.tr("Choose the shared folder"), self.folder)
            if not name:
                return
            path = Path(name)
        self.folder = str(path)
        self._remember(FOLDER_KEY, self.folder)
        self.timer.start()
        self.sync_folder()

    def sync_folder(self, quiet: bool = False) -> FolderSummary | None:
        root = self.folder
        if not root:
            if not quiet:
                self.choose_folder()
            return None
        if quiet and self.window._dirty:
            return None   # never interrupt typing; the next tick will do
        if not self.window.save_current():
            return None

        def failed(exc: StratplanError) -> None:
            if quiet:
                self.window.statusBar().showMessage(str(exc), 8000)
            else:
                errors.show_error(self.window, exc)

        result: FolderSummary | None = run_with_progress(
            self.window, self.tr("Syncing the shared folder..."),
            lambda report: folder.sync_folder(self.ws, Path(root), progress=report), on_error=failed)
        if result is None:
            return None
        # One count per phrase: each takes its own plural form.
        self._finish(self.tr("Shared folder: {wrote}, {received}.").format(
            wrote=self.tr("wrote %n changes", "", result.written_operations),
            received=self.tr("received %n new changes", "", sum(i.new for i in result.imported))),
            result.changes)
        if not quiet and (result.imported or result.refused or result.waiting):
            SummaryDialog.for_folder(result, self.window).exec()
        return result

    def sync_hub(self, url: str | None = None) -> HubSummary | None:
        if url is None:
            url, ok = QInputDialog.getText(self.window, self.tr("PostgreSQL hub"),
                                           self.tr("Hub address (postgresql+psycopg://user:password@host/db):"),
                                           QLineEdit.EchoMode.Normal, self.hub)
            if not ok or not url.strip():
                return None
        if not self.window.save_current():
            return None
        address = url.strip()
        result: HubSummary | None = run_with_progress(
            self.window, self.tr("Syncing with the hub..."),
            lambda report: actions.sync_hub(self.ws, address, progress=report))
        if result is None:
            return None
        if address != self.hub:
            self.hub = address
            self._remember(HUB_KEY, address)
        self._finish(self.tr("Hub: {sent}, {received}.").format(
            sent=self.tr("sent %n changes", "", result.pushed),
            received=self.tr("received %n changes", "", result.pulled)), result.changes)
        return result

    # ------------------------------------------------------------ roster

    def show_roster(self, view: RosterView | None = None) -> None:
        """The roster dialog; after an admission (or the like) it opens again on the fresh roster."""
        view = view or self._roster()
        if view is None:
            return
        dialog = RosterDialog(view, {"admit": lambda _d: self._after(dialog, self.admit),
                                     "certify": lambda _d: self._after(dialog, self.certify),
                                     "revoke": lambda d: self._after(dialog, lambda: self.revoke(d))}, self.window)
        dialog.exec()

    def _after(self, dialog: RosterDialog, step: Callable[[], object]) -> None:
        if step() is not None:
            dialog.accept()
            self.show_roster(self._last_roster)

    def _change_roster(self, step: Callable[[Session, OpWriter], T]) -> T | None:
        """One action changing the roster; it also reads the roster the dialog shows next."""
        device = self.ws.identity.device_id

        def both(session: Session, writer: OpWriter) -> tuple[T, RosterView]:
            return step(session, writer), sharing.roster_view(session, device)

        outcome = self.runner.run(self.window, both)
        if outcome is None:
            return None
        value, self._last_roster = outcome.value
        return value

    def _request(self, title: str, path: Path | None) -> sharing.Request | None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, title, "",
                                                  self.tr("Join requests (*.request *.json);;All files (*)"))
            if not name:
                return None
            path = Path(name)
        try:
            return sharing.read_request(path)
        except Exception as exc:  # noqa: BLE001 - a stranger's file: whatever is wrong with it is shown, never fatal
            errors.show_error(self.window, exc)
            return None

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self.window, self.tr("Compare the fingerprint"), text)
        return answer == QMessageBox.StandardButton.Yes

    def admit(self, path: Path | None = None, reply: Path | None = None, confirm: bool = True) -> AdmitResult | None:
        request = self._request(self.tr("Admit an organisation"), path)
        if request is None or request.kind != "join":
            if request is not None:
                QMessageBox.information(self.window, self.tr("Admit an organisation"),
                                        self.tr("This request is from a second laptop: its own organisation "
                                                "certifies it."))
            return None
        if confirm and not self._confirm(self.tr(
                "Admit {name} ({code}, {country})?\n\nAsk them to read their key's fingerprint aloud; it must be:\n"
                "{fp}").format(name=request.data["name"], code=request.data["code"], country=request.data["country"],
                               fp=request.signer_fingerprint)):
            return None
        result = self._change_roster(lambda s, w: sharing.admit(s, writer=w, convener_key=keys.org_key(self.ws),
                                                                request=request))
        if result is None:
            return None
        self.send(reply, peer="")
        return result

    def certify(self, path: Path | None = None, reply: Path | None = None,
                confirm: bool = True) -> AdmitResult | None:
        request = self._request(self.tr("Certify our other laptop"), path)
        if request is None or request.kind != "device":
            return None
        if confirm and not self._confirm(self.tr(
                "Certify the laptop '{label}' for your organisation?\n\nIts fingerprint must be:\n{fp}").format(
                label=request.data["label"], fp=request.signer_fingerprint)):
            return None
        result = self._change_roster(lambda s, _w: sharing.certify_device(s, org_key=keys.org_key(self.ws),
                                                                          request=request))
        if result is None:
            return None
        self.send(reply, peer="")
        return result

    def revoke(self, device: str, confirm: bool = True) -> tuple[str, int] | None:
        if not device:
            QMessageBox.information(self.window, self.tr("Revoke a laptop"), self.tr("Select a laptop first."))
            return None
        if confirm and QMessageBox.question(
                self.window, self.tr("Revoke a laptop"),
                self.tr("Revoke laptop {id}? Changes it makes from now on will be ignored by every laptop; what it "
                        "made before stays.").format(id=device[:8])) != QMessageBox.StandardButton.Yes:
            return None
        return self._change_roster(lambda s, _w: sharing.revoke(s, signer_key=keys.org_key(self.ws), device=device))
