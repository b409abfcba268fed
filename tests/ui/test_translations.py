"""The interface is complete in every language it offers, and switching language takes effect at once.

Every shipped .ts (lt, fr, es) is checked against a fresh lupdate extraction of the sources: no
string of the code is missing or unfinished, none is kept as vanished/obsolete, the {placeholders}
and the & accelerator survive translation, and the compiled .qm is not older than its .ts.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stratplan.core.workspace import Workspace
from stratplan.resources import resource_path
from stratplan.ui.i18n import install_language
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import LANGUAGES, Settings

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in LANGUAGES if code != "en"]
Key = tuple[str, str, str]  # context, source, disambiguation comment


def ts_path(language: str) -> Path:
    return resource_path("translations", f"stratplan_{language}.ts")


def messages(path: Path) -> dict[Key, ET.Element]:
    tree = ET.parse(path)
    found: dict[Key, ET.Element] = {}
    for ctx in tree.getroot().iter("context"):
        for msg in ctx.iter("message"):
            key = (ctx.findtext("name") or "", msg.findtext("source") or "", msg.findtext("comment") or "")
            translation = msg.find("translation")
            assert translation is not None, key
            found[key] = translation
    return found


@pytest.fixture(scope="module")
def in_code(tmp_path_factory: pytest.TempPathFactory) -> set[Key]:
    """Every translatable string of the sources, as lupdate sees it now."""
    fresh = tmp_path_factory.mktemp("lupdate") / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "stratplan" / "ui").rglob("*.py")) + [str(ROOT / "stratplan" / "app.py")]
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    return set(messages(fresh))


def accelerators(text: str) -> int:
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_in_the_code_has_a_finished_translation(language: str, in_code: set[Key]) -> None:
    shipped = messages(ts_path(language))
    missing = sorted(in_code - set(shipped))
    assert missing == [], f"{language}: untranslated strings (run scripts/update-translations.sh): {missing[:5]}"
    for key in sorted(in_code):
        translation = shipped[key]
        assert translation.get("type") is None and (translation.text or "").strip(), (language, key)


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_vanished_or_obsolete_entries_are_kept(language: str, in_code: set[Key]) -> None:
    shipped = messages(ts_path(language))
    stale = sorted(key for key, t in shipped.items() if t.get("type") in {"vanished", "obsolete"} or key not in in_code)
    assert stale == [], f"{language}: entries the code no longer has (update-translations.sh drops them): {stale[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_accelerators_survive_translation(language: str) -> None:
    for key, translation in messages(ts_path(language)).items():
        text = translation.text or ""
        if translation.get("type") == "unfinished":
            continue  # reported by the completeness test
        assert sorted(re.findall(r"\{\w*\}", key[1])) == sorted(re.findall(r"\{\w*\}", text)), (language, key, text)
        # One mnemonic where the English has one; none added where it has none.
        assert min(accelerators(key[1]), 1) == min(accelerators(text), 1) and accelerators(text) <= 1, \
            (language, key, text)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_translation_is_up_to_date(language: str) -> None:
    qm = resource_path("translations", f"stratplan_{language}.qm")
    assert qm.exists() and qm.stat().st_mtime >= ts_path(language).stat().st_mtime - 5


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_glossary_exists_for_translators(language: str) -> None:
    glossary = resource_path("translations", f"GLOSSARY-{language}.md")
    assert "working group" in glossary.read_text(encoding="utf-8")


def test_the_window_speaks_lithuanian(qapp: QApplication, small_workspace: Workspace, settings: Settings,
                                      qtbot: object) -> None:
    assert install_language(qapp, "lt")
    try:
        window = MainWindow(small_workspace, settings)
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[0] == "&Failas"
        assert window.tabs.tabText(1).replace("&", "") == "Istorija"  # the accelerator is the translator's choice
        assert window.count_label.text() == "Rodoma plano punktų: 3 iš 3"
        assert window.list_model.headerData(0, Qt.Orientation.Horizontal) == "Pavadinimas"
        window.close()
    finally:
        install_language(qapp, "en")
