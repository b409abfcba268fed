"""The application shell: first run, opening stores, errors that keep the window up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from stratplan.app import StratPlanApp
from stratplan.ui.dialogs.about import AboutDialog
from stratplan.ui.dialogs.new_coalition import NewCoalitionDialog
from stratplan.ui.dialogs.welcome import WelcomeDialog
from stratplan.ui.settings import Settings


@pytest.fixture
def app(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> StratPlanApp:
    shell = StratPlanApp(qapp, settings)
    yield shell  # type: ignore[misc]
    if shell.window is not None:
        shell.window.close()
    if shell.workspace is not None:
        shell.workspace.close()


def test_an_empty_store_offers_the_demo(app: StratPlanApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None, pending=False: "demo"))
    assert app.open(tmp_path / "first.sqlite")
    assert app.window is not None and app.window.list_model.total == 60
    assert app.window.windowTitle().startswith("Demo Abolitionist Coalition")
    assert app.settings.recent_stores[0] == str(tmp_path / "first.sqlite")


def test_an_empty_store_can_start_a_new_coalition(app: StratPlanApp, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None, pending=False: "new"))
    monkeypatch.setattr(NewCoalitionDialog, "ask", classmethod(lambda cls, parent=None, pending=False: {
        "name": "Koalicija", "org_name": "Centras", "org_code": "CNT", "country": "LT", "language": "lt",
        "person_name": "Rūta"}))
    assert app.open(tmp_path / "new.sqlite")
    assert app.window is not None and app.window.group_model.rowCount() == 4


def test_cancelling_the_welcome_opens_nothing(app: StratPlanApp, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None, pending=False: ""))
    assert not app.open(tmp_path / "x.sqlite")
    assert app.window is None


def test_opening_a_bad_file_keeps_the_current_window(app: StratPlanApp, tmp_path: Path,
                                                     shown_errors: list[str]) -> None:
    assert app.open(tmp_path / "good.sqlite", demo_if_empty=True)
    window = app.window
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04 not a database")
    assert not app.open(notes)
    assert shown_errors and "not a StratPlan store" in shown_errors[-1]
    assert app.window is window and window.isVisible()
    assert notes.read_bytes() == b"PK\x03\x04 not a database"


def test_switching_stores_replaces_the_window(app: StratPlanApp, tmp_path: Path) -> None:
    assert app.open(tmp_path / "a.sqlite", demo_if_empty=True)
    first = app.workspace
    assert app.open(tmp_path / "b.sqlite", demo_if_empty=True)
    assert app.workspace is not first
    # the first store is closed (its lock released), so it can be opened again
    assert app.open(tmp_path / "a.sqlite")


def test_about_shows_version_and_fingerprint(app: StratPlanApp, tmp_path: Path) -> None:
    assert app.open(tmp_path / "a.sqlite", demo_if_empty=True)
    assert app.workspace is not None
    fingerprint = app.workspace.identity.fingerprint
    text = AboutDialog.text(fingerprint, str(app.workspace.store.path), "/data")
    assert "StratPlan 0.1.0" in text and fingerprint in text
    assert len(fingerprint) == 24 and fingerprint.count(" ") == 4


def test_changing_the_language_rebuilds_the_window_without_losing_typing(
        app: StratPlanApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stratplan.ui.dialogs.settings_dialog import SettingsDialog

    assert app.open(tmp_path / "a.sqlite", demo_if_empty=True)
    window = app.window
    assert window is not None
    window.select_row(2)
    chosen = window.current_id
    window.editor.objective.setPlainText("Typed before switching language")
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, current, parent=None: "lt"))
    try:
        app.change_settings()
        assert app.settings.language == "lt"
        assert app.window is not window
        assert app.window is not None and app.window.menuBar().actions()[0].text() == "&Failas"
        assert app.window.current_id == chosen
        assert app.window.editor.objective.toPlainText() == "Typed before switching language"
    finally:
        app.apply_language("en")


def test_the_coalition_dialog_lists_every_person(app: StratPlanApp, tmp_path: Path, qtbot: object) -> None:
    from stratplan.core.services.coalition import list_organisations, list_people
    from stratplan.ui.dialogs.members_view import CoalitionDialog

    assert app.open(tmp_path / "a.sqlite", demo_if_empty=True)
    assert app.workspace is not None
    with app.workspace.store.transaction() as s:
        dialog = CoalitionDialog(list_organisations(s), list_people(s))
    assert dialog.table.rowCount() == 49
    lithuanians = [dialog.table.item(r, 0).text() for r in range(49) if dialog.table.item(r, 3).text() == "Lithuania"]
    assert any("ė" in name or "ū" in name or "ž" in name.lower() for name in lithuanians)
    dialog.close()


def test_joining_a_coalition_from_the_welcome_dialog(app: StratPlanApp, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from stratplan.ui.dialogs.sharing_dialogs import JoinDialog
    from tests.sync.laptops import Laptop

    convener = Laptop(tmp_path, "convener")
    convener.found("Koalicija")
    request, reply = tmp_path / "cnt.request", tmp_path / "reply.stratplan"
    told: list[str] = []
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None, pending=False: "join"))
    monkeypatch.setattr(JoinDialog, "ask", classmethod(lambda cls, parent=None: {
        "device_only": False, "label": "Rūtos kompiuteris", "name": "Centras", "code": "CNT", "country": "LT",
        "language": "lt", "person_name": "Rūta"}))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(request), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    store = tmp_path / "rūta.sqlite"
    assert not app.open(store)          # nothing to show until the convener replies
    assert request.exists() and "fingerprint" in told[-1]
    # What the joining director reads aloud is what the convener's window asks to compare.
    from stratplan.core.services.sharing import read_request
    spoken = read_request(request).signer_fingerprint
    assert spoken in told[-1]
    convener.admit(request)
    convener.send(reply)
    offered: list[bool] = []
    monkeypatch.setattr(WelcomeDialog, "ask",
                        classmethod(lambda cls, parent=None, pending=False: offered.append(pending) or "reply"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(reply), ""))
    assert app.open(store)
    assert offered == [True]
    assert app.window is not None and app.window.windowTitle().startswith("Koalicija")
    assert app.workspace is not None and app.workspace.profile.org_id
    convener.close()
