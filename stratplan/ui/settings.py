"""Typed settings over QSettings: declared once, with defaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from stratplan.core.paths import data_dir

# Interface languages, each with resources/translations/stratplan_<code>.qm (English is the source).
LANGUAGES = ("en", "lt", "fr", "es")
MAX_RECENT = 8


def make_qsettings() -> QSettings:
    """Settings live in StratPlan's own data folder (so STRATPLAN_HOME moves them too)."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


class Settings:
    """What the user chose: language, recent stores, window geometry."""

    def __init__(self, qsettings: QSettings) -> None:
        self._q = qsettings

    @property
    def language(self) -> str:
        value = str(self._q.value("ui/language", "en"))
        return value if value in LANGUAGES else "en"

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", value if value in LANGUAGES else "en")

    @property
    def autosave_seconds(self) -> int:
        try:
            return max(1, min(60, int(str(self._q.value("editor/autosave_seconds", 2)))))
        except (TypeError, ValueError):
            return 2

    @property
    def overlap_threshold(self) -> float | None:
        """The consolidation window's sensitivity (None: the finder's default, as on the command line)."""
        try:
            value = float(str(self._q.value("consolidation/threshold", "")))
        except (TypeError, ValueError):
            return None
        return value if 0.0 < value <= 1.0 else None

    @overlap_threshold.setter
    def overlap_threshold(self, value: float) -> None:
        self._q.setValue("consolidation/threshold", f"{value:.3f}")

    @property
    def recent_stores(self) -> list[str]:
        value = self._q.value("stores/recent", [])
        items = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        return [str(v) for v in items if v][:MAX_RECENT]

    def add_recent_store(self, path: Path) -> None:
        text = str(path)
        recent = [text, *(p for p in self.recent_stores if p != text)][:MAX_RECENT]
        self._q.setValue("stores/recent", recent)

    # Window geometry lives in its own group so a reset of preferences can keep it.
    def window_geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_window_geometry(self, geometry: QByteArray, state: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)

    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def sync(self) -> None:
        self._q.sync()
