"""The interface is complete in every language it offers, and switching language takes effect at once.

Every shipped .ts (lt, fr, es) is checked against a fresh lupdate extraction of the sources: no
string of the code is missing or unfinished, none is kept as vanished/obsolete, the {placeholders}
and the & accelerator survive translation, and the compiled .qm holds what its .ts says.
A count is written with %n and gets every plural form of the language, English included
(stratplan_en.ts holds only those: "1 plan point", "2 plan points").
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

from stratplan.core.services import coalition, groups, proposals
from stratplan.core.workspace import Workspace, open_workspace
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


def numerus(path: Path) -> set[Key]:
    """The strings written with %n (plural forms) in a .ts."""
    tree = ET.parse(path)
    return {(ctx.findtext("name") or "", msg.findtext("source") or "", msg.findtext("comment") or "")
            for ctx in tree.getroot().iter("context") for msg in ctx.iter("message") if msg.get("numerus") == "yes"}


def forms(translation: ET.Element) -> list[str]:
    """The text of a translation: its plural forms for a %n string, else its one text."""
    found = [f.text or "" for f in translation.iter("numerusform")]
    return found or [translation.text or ""]


@pytest.fixture(scope="module")
def counted_in_code(tmp_path_factory: pytest.TempPathFactory) -> set[Key]:
    fresh = tmp_path_factory.mktemp("lupdate-plurals") / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "stratplan" / "ui").rglob("*.py")) + [str(ROOT / "stratplan" / "app.py")]
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    return numerus(fresh)


def accelerators(text: str) -> int:
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_in_the_code_has_a_finished_translation(language: str, in_code: set[Key]) -> None:
    shipped = messages(ts_path(language))
    missing = sorted(in_code - set(shipped))
    assert missing == [], f"{language}: untranslated strings (run scripts/update-translations.sh): {missing[:5]}"
    plural_forms = {"lt": 3, "fr": 2, "es": 2}[language]
    for key in sorted(in_code):
        translation = shipped[key]
        texts = forms(translation)
        assert translation.get("type") is None and all(t.strip() for t in texts), (language, key)
        assert len(texts) in (1, plural_forms), (language, key, texts)


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_vanished_or_obsolete_entries_are_kept(language: str, in_code: set[Key]) -> None:
    shipped = messages(ts_path(language))
    stale = sorted(key for key, t in shipped.items() if t.get("type") in {"vanished", "obsolete"} or key not in in_code)
    assert stale == [], f"{language}: entries the code no longer has (update-translations.sh drops them): {stale[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_accelerators_survive_translation(language: str) -> None:
    for key, translation in messages(ts_path(language)).items():
        if translation.get("type") == "unfinished":
            continue  # reported by the completeness test
        for text in forms(translation):
            assert sorted(re.findall(r"\{\w*\}", key[1])) == sorted(re.findall(r"\{\w*\}", text)), \
                (language, key, text)
            # One mnemonic where the English has one; none added where it has none.
            assert min(accelerators(key[1]), 1) == min(accelerators(text), 1) and accelerators(text) <= 1, \
                (language, key, text)
            # A count is said with its number: no plural form drops it.
            assert ("%n" in key[1]) == ("%n" in text), (language, key, text)


def test_english_has_both_plural_forms_of_every_count(counted_in_code: set[Key]) -> None:
    """English is the source, but "1 proposals" is wrong: every %n string has its two forms."""
    shipped = messages(ts_path("en"))
    assert set(shipped) == counted_in_code, "run scripts/update-translations.sh and fill stratplan_en.ts"
    for key, translation in shipped.items():
        one, many = forms(translation)
        assert translation.get("type") is None and "%n" in one and "%n" in many, key
        assert many == key[1], key  # the plural form is the source itself


@pytest.mark.parametrize("language", [*TRANSLATED, "en"])
def test_the_compiled_translation_is_up_to_date(language: str, tmp_path: Path) -> None:
    """The shipped .qm is what lrelease makes of the .ts now: compared by content, as file dates
    prove nothing (a checkout gives the .ts a newer time than an unchanged .qm)."""
    qm = resource_path("translations", f"stratplan_{language}.qm")
    fresh = tmp_path / "fresh.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(ts_path(language)), "-qm", str(fresh)], check=True, capture_output=True)
    assert qm.read_bytes() == fresh.read_bytes(), f"{language}: run scripts/update-translations.sh"


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
        assert window.count_label.text() == "Rodoma 3; iš viso 3 plano punktai"
        assert window.list_model.headerData(0, Qt.Orientation.Horizontal) == "Pavadinimas"
        window.close()
    finally:
        install_language(qapp, "en")


def test_the_count_of_plan_points_takes_each_languages_plural_form(qapp: QApplication, tmp_path: Path,
                                                                    stratplan_home: Path, settings: Settings,
                                                                    qtbot: object) -> None:
    """English says "1 plan point"; Lithuanian has three forms: 1 and 21, 2 to 9, 10 to 20."""
    ws = open_workspace(tmp_path / "store.sqlite", stratplan_home / "keys")
    with ws.store.transaction() as s:
        coalition.create_coalition(s, writer=ws.writer, name="Paris coalition", org_name="Centras",
                                   org_code="CNT", country="LT", language="lt", person_name="Rūta")
        group = groups.list_groups(s)[0].id
    expected = {"en": {1: "1 of 1 plan point", 2: "2 of 2 plan points", 5: "5 of 5 plan points"},
                "lt": {1: "Rodoma 1; iš viso 1 plano punktas", 2: "Rodoma 2; iš viso 2 plano punktai",
                       5: "Rodoma 5; iš viso 5 plano punktai", 11: "Rodoma 11; iš viso 11 plano punktų",
                       21: "Rodoma 21; iš viso 21 plano punktas"},
                "fr": {1: "1 sur 1 point du plan", 2: "2 sur 2 points du plan"},
                "es": {1: "1 de 1 punto del plan", 2: "2 de 2 puntos del plan"}}
    made = 0
    try:
        for n in (1, 2, 5, 11, 21):
            with ws.store.transaction() as s:
                for i in range(made, n):
                    proposals.create_proposal(s, writer=ws.writer, group_id=group, fields={"title": f"Point {i}"})
            made = n
            for language, texts in expected.items():
                if n not in texts:
                    continue
                install_language(qapp, language)
                window = MainWindow(ws, settings)
                assert window.count_label.text() == texts[n], (language, n)
                window.close()
    finally:
        install_language(qapp, "en")
        ws.close()
