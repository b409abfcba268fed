"""The consolidation window's review actions and sensitivity slider (a mixin, to keep window.py small).

Its strings are translated in the window's context ("ConsolidationWindow"), named explicitly:
the translation tools would otherwise file them under the mixin's own class name.

Not a duplicate and Related each write signed operations for every pair of the chosen suggestion
in one transaction; the window takes the pairs out of its suggestions from the Changes that
transaction returns (ConsolidationWindow.fetch_changes), as it does for a review received from
another laptop. Review again and Remove the link look for suggestions again, in the worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QMainWindow, QSlider
from sqlalchemy.orm import Session

from stratplan.core.consolidation.overlaps import DEFAULT_THRESHOLD
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import overlap_review
from stratplan.core.services.overlap_review import RelatedLink
from stratplan.core.services.overlap_service import Suggestion
from stratplan.ui.i18n import interface_formatter
from stratplan.ui.peer.keyed import KEY_ROLE
from stratplan.ui.runner import ActionRunner
from stratplan.ui.settings import Settings

# The type checker sees the mixin as the window it is mixed into; at run time it is a plain
# class, so ConsolidationWindow has one QMainWindow base (as main_window_tools.py does).
if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object

ROLE = KEY_ROLE
# The sensitivity slider: 1000 minus the threshold in thousandths, so right is more
# suggestions and the default (0.225, chosen by evaluation) sits exactly on a position; the
# range covers the useful thresholds, 0.9 (fewest) to 0.1 (most), in steps of 2.5%.
SENSITIVITY_RANGE = (100, 900)
SENSITIVITY_SCALE = 1000


def _percent(threshold: float) -> str:
    """A threshold as a percentage in the interface language ("22.5", "22,5", "90")."""
    return interface_formatter().number(round(threshold * 100, 1))


class ReviewActions(_Base):
    """Mixed into ConsolidationWindow: dismiss, relate, unlink, review again; the sensitivity."""

    # Provided by ConsolidationWindow.
    runner: ActionRunner
    settings: Settings | None
    sensitivity: QSlider
    sensitivity_note: QLabel
    related: QListWidget
    target: QComboBox
    _refind: QTimer

    if TYPE_CHECKING:
        # The window's own methods, for the type checker only (they must not shadow the real ones).
        def current(self) -> Suggestion | None: ...
        def find_overlaps(self) -> None: ...
        def _show_related(self, related: Sequence[RelatedLink]) -> None: ...

    def _build_sensitivity(self) -> None:
        """Right is more suggestions (a lower threshold); the start is the command line's default."""
        low, high = SENSITIVITY_RANGE
        self.sensitivity.setRange(low, high)
        self.sensitivity.setSingleStep(25)
        self.sensitivity.setPageStep(100)
        self.sensitivity.setAccessibleName(QCoreApplication.translate("ConsolidationWindow", "Sensitivity"))
        stored = self.settings.overlap_threshold if self.settings is not None else None
        self.sensitivity.setValue(SENSITIVITY_SCALE - round((stored or DEFAULT_THRESHOLD) * SENSITIVITY_SCALE))
        self._show_sensitivity()
        self.sensitivity.valueChanged.connect(lambda _v: self._sensitivity_moved())
        self._refind.timeout.connect(lambda: self.find_overlaps())

    def threshold(self) -> float:
        """The finder's threshold the slider stands for."""
        return (SENSITIVITY_SCALE - self.sensitivity.value()) / SENSITIVITY_SCALE

    def _show_sensitivity(self) -> None:
        self.sensitivity_note.setText(QCoreApplication.translate("ConsolidationWindow", "Suggest groups whose points are at least {percent}% alike "
                                              "(default {default}%).").format(
            percent=_percent(self.threshold()), default=_percent(DEFAULT_THRESHOLD)))

    def _sensitivity_moved(self) -> None:
        self._show_sensitivity()
        if self.settings is not None:
            self.settings.overlap_threshold = self.threshold()
        self._refind.start()

    # ---------------------------------------------------------------- reviews

    def _group_pairs(self) -> list[tuple[str, str]]:
        suggestion = self.current()
        return [(p.a, p.b) for p in suggestion.group.pairs] if suggestion else []

    def dismiss(self) -> bool:
        """Not a duplicate: every pair of the chosen suggestion, shared, never suggested again."""
        pairs, suggestion = self._group_pairs(), self.current()
        if not pairs or suggestion is None:
            return False
        outcome = self.runner.run(self, lambda s, w: overlap_review.dismiss(s, writer=w, pairs=pairs))
        if outcome is None:
            return False
        self.statusBar().showMessage(QCoreApplication.translate(
            "ConsolidationWindow", "Not a duplicate: %n points will not be suggested together again.", "",
            len(suggestion.group.ids)), 5000)
        return True

    def relate(self) -> bool:
        """Related, keep both: link every pair of the chosen suggestion; nothing is merged."""
        pairs, suggestion = self._group_pairs(), self.current()
        if not pairs or suggestion is None:
            return False

        def step(session: Session, writer: OpWriter) -> None:
            for a, b in pairs:
                overlap_review.relate(session, writer=writer, a=a, b=b)

        if self.runner.run(self, step) is None:
            return False
        self.statusBar().showMessage(QCoreApplication.translate(
            "ConsolidationWindow", "Linked %n points as related; each keeps its own text.", "",
            len(suggestion.group.ids)), 5000)
        return True

    def unlink_related(self) -> bool:
        """Remove the chosen related link of the surviving point."""
        item = self.related.currentItem()
        target = str(self.target.currentData() or "")
        return bool(item and target) and self.unlink(target, str(item.data(ROLE)))

    def unlink(self, a: str, b: str) -> bool:
        if self.runner.run(self, lambda s, w: overlap_review.unrelate(s, writer=w, a=a, b=b)) is None:
            return False
        self._refresh_related()
        self.find_overlaps()   # the pair may be suggested again
        return True

    def review_again(self, a: str, b: str) -> bool:
        """Take back a dismissal; the suggestions are looked for again (in the worker)."""
        if self.runner.run(self, lambda s, w: overlap_review.review_again(s, writer=w, a=a, b=b)) is None:
            return False
        self.find_overlaps()
        return True

    def _refresh_related(self) -> None:
        target = str(self.target.currentData() or "")
        read = self.runner.read(self, lambda s: tuple(overlap_review.related_to(s, target))) if target else ()
        self._show_related(read or ())

