"""No text left in English: every window, in Lithuanian, French and Spanish.

Each window of the demo is opened in English and in the language; a text on show in the
language is English when the English window shows the same text and it holds an English word
of the interface (a word the English windows show that the language's own translations never
use, so "programme", "coalition" or "Schulze" pass in French). Texts of the demo's data
(titles, names, descriptions) and a short list of proper names and codes are allowed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from stratplan.app import StratPlanApp
from stratplan.core.vocabulary import DOMAINS
from stratplan.resources import resource_path
from stratplan.ui.i18n import install_language
from stratplan.ui.settings import Settings
from tests.ui.windows_in_language import Seen, demo_strings, open_every_window, visible_texts

# Proper names, codes and formats that read the same in every language.
ALLOWED = {"StratPlan", "CSV", "PDF", "ODT", "HTML", "Word", "Markdown", "LibreOffice", "PostgreSQL",
           "Schulze", "Borda", "ISO", "UTF-8", "OK", "ID", "URL", "DOCX"}
# The languages named in themselves, as the settings offer them.
ENDONYMS = {"English", "Lietuvių", "Français", "Español"}
WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(english: set[str], data: set[str]) -> set[str]:
    """Words of the English interface: what the English windows show (data aside), and the
    vocabulary's English names; new strings not yet in any .ts count too."""
    words = {w.lower() for text in english if not is_data(text, data) for w in WORD.findall(text)}
    for names in DOMAINS.values():
        for by_language in names.values():
            words |= {w.lower() for w in WORD.findall(by_language.get("en", ""))}
    return words


def own_words(language: str) -> set[str]:
    """Words the language's translations use themselves (Lithuanian 'Excel', French 'programme')."""
    tree = ET.parse(resource_path("translations", f"stratplan_{language}.ts"))
    words = {w.lower() for t in tree.getroot().iter("translation") for w in WORD.findall(bare("".join(t.itertext())))}
    for names in DOMAINS.values():
        for by_language in names.values():
            words |= {w.lower() for w in WORD.findall(by_language.get(language, ""))}
    return words


def bare(text: str) -> str:
    """Without accelerator marks: "Su&ggestions" is the word "Suggestions"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def is_data(text: str, data: set[str]) -> bool:
    return any(len(d) >= 4 and (d in text or text in d) for d in data)


def english_left(seen: list[Seen], english: set[str], language: str, data: set[str]) -> list[Seen]:
    vocabulary = english_words(english, data) - own_words(language) - {w.lower() for w in ALLOWED}
    left = []
    for s in seen:
        text = bare(s.text)
        if text not in english or text in ENDONYMS or is_data(text, data):
            continue
        if any(w.lower() in vocabulary for w in WORD.findall(text)):
            left.append(s)
    return left


def texts_of(language: str, app: StratPlanApp, qapp: QApplication, store: Path) -> list[Seen]:
    install_language(qapp, language)
    app.settings.language = language
    windows = open_every_window(app, qapp, store)
    try:
        return [s for w in windows for s in visible_texts(w)]
    finally:
        for w in windows[1:]:
            w.close()
        assert app.window is not None
        app.window.close()
        if app.workspace is not None:
            app.workspace.close()


@pytest.fixture
def shell(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> Iterator[StratPlanApp]:
    app = StratPlanApp(qapp, settings)
    yield app
    install_language(qapp, "en")


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()")
@pytest.mark.parametrize("language", ["lt", "fr", "es"])
def test_no_window_shows_english(language: str, shell: StratPlanApp, qapp: QApplication, tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite"
    english = {bare(s.text) for s in texts_of("en", shell, qapp, store)}
    seen = texts_of(language, shell, qapp, store)
    assert len(seen) > 200  # every window was walked, not only the main one
    left = english_left(seen, english, language, demo_strings())
    assert left == [], f"{language}: {len(left)} texts in English, e.g. " + "; ".join(
        f"{s.where}: {s.text!r}" for s in left[:15])


def test_the_walk_finds_english_where_it_is() -> None:
    """The detector itself: an untranslated label is caught, a translated one and data are not."""
    seen = [Seen("label", "Export the training plan"), Seen("label", "Exporter le plan de formation"),
            Seen("label", "Fondation Aube"), Seen("label", "CSV")]
    english = {"Export the training plan", "Fondation Aube", "CSV", "Exporter le plan de formation2"}
    assert english_left(seen, english, "fr", {"Fondation Aube"}) == [seen[0]]
