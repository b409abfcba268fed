"""The interface is complete in Lithuanian, and switching language takes effect at once."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stratplan.core.workspace import Workspace
from stratplan.resources import resource_path
from stratplan.ui.i18n import install_language
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TS = resource_path("translations", "stratplan_lt.ts")


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    return {(ctx.findtext("name") or "", msg.findtext("source") or ""): msg.find("translation")  # type: ignore[misc]
            for ctx in tree.getroot().iter("context") for msg in ctx.iter("message")}


def test_every_string_in_the_code_has_a_finished_lithuanian_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "stratplan" / "ui").rglob("*.py")) + [str(ROOT / "stratplan" / "app.py")]
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = set(messages(fresh))
    shipped = messages(TS)
    missing = sorted(in_code - set(shipped))
    assert missing == [], f"untranslated strings (run scripts/update-translations.sh): {missing[:5]}"
    for key in in_code:
        translation = shipped[key]
        assert translation is not None and translation.get("type") is None and (translation.text or "").strip(), key
        placeholders = set(re.findall(r"\{\w+\}", key[1]))
        assert placeholders == set(re.findall(r"\{\w+\}", translation.text or "")), key


def test_the_compiled_translation_is_up_to_date() -> None:
    qm = resource_path("translations", "stratplan_lt.qm")
    assert qm.exists() and qm.stat().st_mtime >= TS.stat().st_mtime - 5


def test_the_window_speaks_lithuanian(qapp: QApplication, small_workspace: Workspace, settings: Settings,
                                      qtbot: object) -> None:
    assert install_language(qapp, "lt")
    try:
        window = MainWindow(small_workspace, settings)
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[0] == "&Failas"
        assert window.tabs.tabText(1) == "&Istorija"
        assert window.count_label.text() == "Rodoma plano punktų: 3 iš 3"
        assert window.list_model.headerData(0, Qt.Orientation.Horizontal) == "Pavadinimas"
        window.close()
    finally:
        install_language(qapp, "en")
