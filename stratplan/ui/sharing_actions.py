"""The Sharing menu: send and receive changes, the shared folder, the hub, the coalition's laptops."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from stratplan.core.db.models import LocalState
from stratplan.core.services import sharing
from stratplan.core.sync import actions, folder, keys
from stratplan.ui import errors
from stratplan.ui.dialogs.sharing_dialogs import RosterDialog, SendDialog, SummaryDialog
from stratplan.ui.group_actions import add_action
from stratplan.ui.workers import run_with_progress

if TYPE_CHECKING:
    from stratplan.ui.main_window import MainWindow

FOLDER_KEY = "sharing.folder"
HUB_KEY = "sharing.hub"
FOLDER_EVERY_MS = 5 * 60 * 1000


class SharingActions(QObject):
    """Everything the Sharing menu does; long work runs in a worker with a progress bar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws
        self.timer = QTimer(self)
        self.timer.setInterval(FOLDER_EVERY_MS)
        self.timer.timeout.connect(lambda: self.sync_folder(quiet=True))
        if self._local(FOLDER_KEY):
            self.timer.start()

    def add_to_menu(self, menu: Any) -> None:
        add_action(self, menu, self.tr("&Send changes..."), self.send, "Ctrl+Shift+S")
        add_action(self, menu, self.tr("&Receive changes..."), self.receive, "Ctrl+Shift+R")
        menu.addSeparator()
        add_action(self, menu, self.tr("Sync the shared &folder now"), self.sync_folder, "F5")
        add_action(self, menu, self.tr("C&hoose the shared folder..."), self.choose_folder)
        add_action(self, menu, self.tr("Sync with a PostgreSQL &hub..."), self.sync_hub)
        menu.addSeparator()
        add_action(self, menu, self.tr("&Coalition and laptops..."), self.show_roster, "Ctrl+Shift+L")

    # ------------------------------------------------------------ helpers

    def _local(self, key: str) -> str:
        with self.ws.store.transaction() as s:
            row = s.get(LocalState, key)
            return row.value if row else ""

    def _set_local(self, key: str, value: str) -> None:
        with self.ws.store.transaction() as s:
            s.merge(LocalState(key=key, value=value))

    def _finish(self, message: str) -> None:
        self.window.reload()
        self.window.statusBar().showMessage(message, 8000)

    # ------------------------------------------------------------ bundles

    def send(self, path: Path | None = None, peer: str | None = None) -> Any:
        if not self.window.save_current():
            return None
        view = self.window.run(lambda s, _w: sharing.roster_view(s, self.ws.identity.device_id))
        if view is None:
            return None
        if peer is None:
            peer = SendDialog.ask([(p.device_id, p.label) for p in view.peers], self.window)
            if peer is None:
                return None
        if path is None:
            code = next((o.code for o in view.organisations if o.org_id == self.ws.profile.org_id), "stratplan")
            suggested = f"{code}-{time.strftime('%Y%m%d-%H%M')}.stratplan"
            name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Send changes"), suggested,
                                                  self.tr("StratPlan bundles (*.stratplan *.bundle);;All files (*)"))
            if not name:
                return None
            path = Path(name)
        target, chosen = path, peer
        result = run_with_progress(self.window, self.tr("Writing the bundle..."),
                                   lambda report: actions.send(self.ws, target, peer=chosen, progress=report))
        if result is not None:
            self.window.statusBar().showMessage(
                self.tr("Wrote {n} changes to {file}.").format(n=result.operations, file=Path(result.path).name), 8000)
        return result

    def receive(self, paths: list[Path] | None = None, *, show: bool = True) -> Any:
        if not self.window.save_current():
            return None
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Receive changes"), "",
                                                    self.tr("StratPlan bundles (*.stratplan *.bundle);;All files (*)"))
            if not names:
                return None
            paths = [Path(n) for n in names]
        files = list(paths)
        results = run_with_progress(self.window, self.tr("Checking and importing..."),
                                    lambda report: actions.receive(self.ws, files, progress=report))
        if results is None:
            return None
        self._finish(self.tr("Received {n} new changes.").format(n=sum(r.new for r in results)))
        if show:
            SummaryDialog.for_imports(results, self.window).exec()
        return results

    # ------------------------------------------------------------ shared folder and hub

    def choose_folder(self, path: Path | None = None) -> None:
        if path is None:
            name = QFileDialog.getExistingDirectory(self.window, self.tr("Choose the shared folder"),
                                                    self._local(FOLDER_KEY))
            if not name:
                return
            path = Path(name)
        self._set_local(FOLDER_KEY, str(path))
        self.timer.start()
        self.sync_folder()

    def sync_folder(self, quiet: bool = False) -> Any:
        root = self._local(FOLDER_KEY)
        if not root:
            if not quiet:
                self.choose_folder()
            return None
        if quiet and self.window._dirty:
            return None   # never interrupt typing; the next tick will do
        if not self.window.save_current():
            return None

        def failed(exc: Exception) -> None:
            if quiet:
                self.window.statusBar().showMessage(str(exc), 8000)
            else:
                errors.show_error(self.window, exc)

        result = run_with_progress(self.window, self.tr("Syncing the shared folder..."),
                                   lambda report: folder.sync_folder(self.ws, Path(root), progress=report),
                                   on_error=failed)
        if result is None:
            return None
        self._finish(self.tr("Shared folder: wrote {w}, received {r} new changes.").format(
            w=result.written_operations, r=sum(i.new for i in result.imported)))
        if not quiet and (result.imported or result.refused or result.waiting):
            SummaryDialog.for_folder(result, self.window).exec()
        return result

    def sync_hub(self, url: str | None = None) -> Any:
        if url is None:
            url, ok = QInputDialog.getText(self.window, self.tr("PostgreSQL hub"),
                                           self.tr("Hub address (postgresql+psycopg://user:password@host/db):"),
                                           QLineEdit.EchoMode.Normal, self._local(HUB_KEY))
            if not ok or not url.strip():
                return None
        if not self.window.save_current():
            return None
        address = url.strip()
        from stratplan.core.sync import hub

        def work(report: Callable[[int, int], None]) -> Any:
            with self.ws.store.transaction() as s:
                return hub.sync_hub(s, address, identity=self.ws.identity, local_device=self.ws.identity.device_id,
                                    clock=self.ws.writer.clock, progress=report)

        result = run_with_progress(self.window, self.tr("Syncing with the hub..."), work)
        if result is None:
            return None
        self._set_local(HUB_KEY, address)
        self._finish(self.tr("Hub: sent {p}, received {q} changes.").format(p=result.pushed, q=result.pulled))
        return result

    # ------------------------------------------------------------ roster

    def show_roster(self) -> None:
        view = self.window.run(lambda s, _w: sharing.roster_view(s, self.ws.identity.device_id))
        if view is None:
            return
        dialog = RosterDialog(view, {"admit": lambda _d: self._after(dialog, self.admit),
                                     "certify": lambda _d: self._after(dialog, self.certify),
                                     "revoke": lambda d: self._after(dialog, lambda: self.revoke(d))}, self.window)
        dialog.exec()

    def _after(self, dialog: RosterDialog, step: Callable[[], Any]) -> None:
        if step() is not None:
            dialog.accept()
            self.show_roster()

    def _request(self, title: str, path: Path | None) -> sharing.Request | None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, title, "",
                                                  self.tr("Join requests (*.request *.json);;All files (*)"))
            if not name:
                return None
            path = Path(name)
        try:
            return sharing.read_request(path)
        except Exception as exc:  # noqa: BLE001 - StratplanError subclasses; shown, never fatal
            errors.show_error(self.window, exc)
            return None

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self.window, self.tr("Compare the fingerprint"), text)
        return answer == QMessageBox.StandardButton.Yes

    def admit(self, path: Path | None = None, reply: Path | None = None, confirm: bool = True) -> Any:
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
        result = self.window.run(lambda s, w: sharing.admit(s, writer=w, convener_key=keys.org_key(self.ws),
                                                            request=request))
        if result is None:
            return None
        self.send(reply, peer="")
        return result

    def certify(self, path: Path | None = None, reply: Path | None = None, confirm: bool = True) -> Any:
        request = self._request(self.tr("Certify our other laptop"), path)
        if request is None or request.kind != "device":
            return None
        if confirm and not self._confirm(self.tr(
                "Certify the laptop '{label}' for your organisation?\n\nIts fingerprint must be:\n{fp}").format(
                label=request.data["label"], fp=request.signer_fingerprint)):
            return None
        result = self.window.run(lambda s, _w: sharing.certify_device(s, org_key=keys.org_key(self.ws),
                                                                      request=request))
        if result is None:
            return None
        self.send(reply, peer="")
        return result

    def revoke(self, device: str, confirm: bool = True) -> Any:
        if not device:
            QMessageBox.information(self.window, self.tr("Revoke a laptop"), self.tr("Select a laptop first."))
            return None
        if confirm and QMessageBox.question(
                self.window, self.tr("Revoke a laptop"),
                self.tr("Revoke laptop {id}? Changes it makes from now on will be ignored by every laptop; what it "
                        "made before stays.").format(id=device[:8])) != QMessageBox.StandardButton.Yes:
            return None
        return self.window.run(lambda s, _w: sharing.revoke(s, signer_key=keys.org_key(self.ws), device=device))
