"""The one place that wires the store, this device's identity, services and the QApplication."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget

from stratplan import __version__
from stratplan.core import paths
from stratplan.core.errors import PassphraseRequiredError, StratplanError
from stratplan.core.services.frame_rows import read_first_frame
from stratplan.ui import errors
from stratplan.ui.i18n import install_language
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings, make_qsettings

if TYPE_CHECKING:
    from stratplan.core.workspace import Workspace


class StratPlanApp:
    """Owns the open workspace and the main window; swaps them when the user changes store."""

    def __init__(self, qapp: QApplication, settings: Settings) -> None:
        self.qapp = qapp
        self.settings = settings
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None

    def _passphrase(self) -> str | None:
        from stratplan.core.oplog.identity import key_is_protected

        if not key_is_protected(paths.key_dir()):
            return None
        env = os.environ.get("STRATPLAN_PASSPHRASE")
        if env:
            return env
        text, ok = QInputDialog.getText(
            None, QCoreApplication.translate("App", "StratPlan"),
            QCoreApplication.translate("App", "Passphrase of this laptop's key:"), QLineEdit.EchoMode.Password)
        if not ok:
            raise PassphraseRequiredError(QCoreApplication.translate("App", "No passphrase was given."))
        return text

    def open(self, path: Path, *, demo_if_empty: bool = False, parent: QWidget | None = None) -> bool:
        """Open a store in a fresh window; on failure the current window stays as it was."""
        if self.window is None:
            first = read_first_frame(path.absolute(), paths.key_dir())
            if first is not None:
                # A store that opens without questions: its window shows at once, and the
                # store itself (SQLAlchemy, the key, the checks) opens just after the first paint.
                self.window = self._make_window(None, first=first, opener=lambda: self._open_behind(path))
                self.window.show()
                return True
        try:
            workspace = self._open_workspace(path)
        except StratplanError as exc:
            errors.show_error(parent, exc)
            return False
        if not self._ensure_coalition(workspace, demo_if_empty, parent):
            workspace.close()
            return False
        self._swap(workspace)
        self.settings.add_recent_store(workspace.store.path)
        return True

    def _open_workspace(self, path: Path) -> Workspace:
        from stratplan.core.workspace import open_workspace

        return open_workspace(path, paths.key_dir(), passphrase=self._passphrase())

    def _open_behind(self, path: Path) -> Workspace | None:
        """Open the store behind a first frame (None, after saying why, if it cannot be)."""
        try:
            workspace = self._open_workspace(path)
        except StratplanError as exc:
            errors.show_error(self.window, exc)
            return None
        self.workspace = workspace
        self.settings.add_recent_store(workspace.store.path)
        return workspace

    def _ensure_coalition(self, ws: Workspace, demo_if_empty: bool, parent: QWidget | None) -> bool:
        """True once the store has a coalition; the welcome choice comes back after a Cancel."""
        # What only an empty store needs is imported here: opening a store starts sooner.
        from stratplan.core.db.models import LocalState
        from stratplan.core.services.coalition import coalition_info
        from stratplan.ui.dialogs.welcome import WelcomeDialog

        with ws.store.transaction() as s:
            if coalition_info(s) is not None:
                return True
            pending = s.get(LocalState, "join.pending") is not None
        choice = "demo" if demo_if_empty and not pending else WelcomeDialog.ask(parent, pending)
        while choice:
            outcome = self._welcome_choice(ws, choice, parent)
            if outcome is not None:
                return outcome
            # Cancelled (or refused) on the way: back to the choice instead of quitting.
            choice = WelcomeDialog.ask(parent, pending)
        return False

    def _welcome_choice(self, ws: Workspace, choice: str, parent: QWidget | None) -> bool | None:
        """Carry out one welcome choice: True (ready), False (stop here), None (back to the choice)."""
        from stratplan.core.services.demo import demo_needs, install_demo, load_demo_file
        from stratplan.core.services.sharing import start_shared_coalition
        from stratplan.resources import resource_path
        from stratplan.ui.dialogs.new_coalition import NewCoalitionDialog

        try:
            if choice == "demo":
                data = load_demo_file(resource_path("demo", "coalition.json"))
                with ws.store.transaction() as s:
                    install_demo(s, writer=ws.writer, data=data, needs_csv=demo_needs(resource_path("demo")))
                return True
            if choice == "new":
                values = NewCoalitionDialog.ask(parent)
                if values is None:
                    return None
                with ws.store.transaction() as s:
                    start_shared_coalition(ws, s, **values)
                return True
            if choice == "join":
                # A request written means: wait for the reply (False); cancelled: choose again (None).
                return False if self._join(ws, parent) else None
            if choice == "reply":
                return self._receive_reply(ws, parent) or None
            if choice == "open":
                from PySide6.QtWidgets import QFileDialog

                path, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("App", "Open store"),
                                                      str(paths.data_dir()))
                if not path:
                    return None
                QTimer.singleShot(0, lambda: self.open(Path(path), parent=parent))
                return False
        except StratplanError as exc:
            errors.show_error(parent, exc)
            return None
        return False

    def _join(self, ws: Workspace, parent: QWidget | None) -> bool:
        """Write the join request (True once written); the window opens once the reply has been received."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from stratplan.core.services.sharing import read_request, request_to_join
        from stratplan.ui.dialogs.sharing_dialogs import JoinDialog

        values = JoinDialog.ask(parent)
        if values is None:
            return False
        name, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("App", "Save the join request"),
                                              "join.request", QCoreApplication.translate("App", "Join requests (*.request)"))
        if not name:
            return False
        with ws.store.transaction() as s:
            data = request_to_join(ws, s, **values)
        Path(name).write_bytes(data)
        # The convener compares the fingerprint of the key that signed the request (the new
        # organisation's key), so that is the one to read aloud, read back from the file itself.
        spoken = read_request(Path(name)).signer_fingerprint
        QMessageBox.information(parent, QCoreApplication.translate("App", "Join a coalition"),
                                QCoreApplication.translate(
                                    "App", "Saved {file}. Send it to the convener and read them your organisation's "
                                    "key fingerprint aloud: {fp}\n\nWhen their reply arrives, start StratPlan again and "
                                    "choose 'Receive the reply'.").format(file=name, fp=spoken))
        return True

    def _receive_reply(self, ws: Workspace, parent: QWidget | None) -> bool:
        from PySide6.QtWidgets import QFileDialog

        from stratplan.core.sync.actions import receive

        name, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("App", "Receive the reply"), "",
                                              QCoreApplication.translate("App", "StratPlan bundles (*.stratplan *.bundle);;All files (*)"))
        if not name:
            return False
        from stratplan.core.services.coalition import coalition_info

        receive(ws, [Path(name)])
        with ws.store.transaction() as s:
            return coalition_info(s) is not None

    def _swap(self, workspace: Workspace) -> None:
        old_window, old_ws = self.window, self.workspace
        self.workspace = workspace
        self.window = self._make_window(workspace)
        if old_window is not None:
            self.window.setGeometry(old_window.geometry())
            old_window.close()
            old_window.deleteLater()
        if old_ws is not None:
            old_ws.close()
        self.window.show()

    def _make_window(self, workspace: Workspace | None, **first: Any) -> MainWindow:
        window = MainWindow(workspace, self.settings, **first)
        window.open_store_requested.connect(lambda p: self.open(Path(p), parent=self.window))
        window.new_store_requested.connect(lambda p: self.open(Path(p), parent=self.window))
        window.settings_requested.connect(self.change_settings)
        return window

    def change_settings(self) -> None:
        from stratplan.ui.dialogs.settings_dialog import SettingsDialog

        language = SettingsDialog.ask(self.settings.language, self.window)
        if language is None or language == self.settings.language:
            return
        self.settings.language = language
        self.apply_language(language)

    def apply_language(self, language: str) -> None:
        """Switch language now: the window is rebuilt in the new language, nothing is lost."""
        install_language(self.qapp, language)
        if self.window is None or self.workspace is None:
            return
        old = self.window
        old.save_current()
        current = old.current_id
        self.window = self._make_window(self.workspace)
        self.window.setGeometry(old.geometry())
        old.close()
        old.deleteLater()
        self.window.show()
        if current:
            self.window.load_list(select_id=current)


def run_app(db_path: Path | None, *, demo_if_empty: bool = False, smoke: bool = False) -> int:
    """Start the window; `smoke` opens it, checks it shows, and quits (for packaging tests)."""
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("StratPlan")
    qapp.setApplicationVersion(__version__)
    settings = Settings(make_qsettings())
    install_language(qapp, settings.language)
    errors.install_excepthook(fatal=smoke)
    app = StratPlanApp(qapp, settings)
    path = db_path or paths.default_store_path()
    if not app.open(path, demo_if_empty=demo_if_empty or smoke):
        return 1
    if smoke:
        window = app.window
        assert window is not None
        seen: list[bool] = []

        def check() -> None:
            seen.append(window.isVisible() and window.is_open() and window.list_model.rowCount() > 0)
            qapp.quit()

        QTimer.singleShot(300, check)
        qapp.exec()
        shown = bool(seen and seen[0])
        print(f"StratPlan {__version__}: window {'shown' if shown else 'NOT shown'}, "
              f"{window.list_model.total} plan points")
        window.close()
        return 0 if shown else 1
    code = qapp.exec()
    if app.workspace is not None:
        app.workspace.close()
    settings.sync()
    return code
