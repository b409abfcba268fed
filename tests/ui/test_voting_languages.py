"""Every round of the demo's voting window, in Lithuanian, French and Spanish: no English, nothing clipped.

tests/ui/test_no_english.py and test_clipping.py walk each window as it opens (the newest round);
here each round is shown in turn (sealed, ranking and approval results), on every tab.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from stratplan.app import StratPlanApp
from stratplan.ui.i18n import install_language
from stratplan.ui.settings import Settings
from stratplan.ui.voting.window import VotingWindow
from tests.ui.test_clipping import clipped_buttons, clipped_headers, clipped_labels
from tests.ui.test_no_english import bare, english_left
from tests.ui.windows_in_language import Seen, demo_strings, every_tab, visible_texts


@pytest.fixture
def shell(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> Iterator[StratPlanApp]:
    app = StratPlanApp(qapp, settings)
    yield app
    install_language(qapp, "en")


def walk(app: StratPlanApp, qapp: QApplication, store: Path, language: str) -> tuple[list[Seen], list[str]]:
    """What the voting window shows for each round, and what is clipped, in `language`."""
    install_language(qapp, language)
    app.settings.language = language
    assert app.open(store, demo_if_empty=True)
    main = app.window
    assert main is not None
    main.show()
    main.show_voting()
    voting = main.voting
    assert isinstance(voting, VotingWindow)
    seen: list[Seen] = []
    clipped: list[str] = []
    try:
        for row in range(voting.round_model.rowCount()):
            voting.rounds_view.selectRow(row)
            qapp.processEvents()
            seen += visible_texts(voting)
            for _page in every_tab(voting):
                clipped += [f"round {row}: {p}" for p in
                            clipped_labels(voting) + clipped_buttons(voting) + clipped_headers(voting)]
    finally:
        voting.close()
        main.close()
        if app.workspace is not None:
            app.workspace.close()
    return seen, clipped


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()")
@pytest.mark.parametrize("language", ["lt", "fr", "es"])
def test_every_round_speaks_the_language_and_fits(language: str, shell: StratPlanApp, qapp: QApplication,
                                                  tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite"
    english = {bare(s.text) for s in walk(shell, qapp, store, "en")[0]}
    seen, clipped = walk(shell, qapp, store, language)
    assert len(seen) > 60
    left = english_left(seen, english, language, demo_strings())
    assert left == [], f"{language}: " + "; ".join(f"{s.where}: {s.text!r}" for s in left[:15])
    assert clipped == [], f"{language}: " + "; ".join(clipped[:12])
