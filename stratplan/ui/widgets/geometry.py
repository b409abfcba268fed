"""Windows open inside the screen and remember their own size.

A size saved on a big monitor, or a default meant for one, must not put buttons off a
1024×700 laptop screen (or one at scale 2): every window is clamped to the available
geometry of its screen when it opens. Tool windows keep their size in the settings file
under `window/<name>`, beside the main window's own entry.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QWidget

from stratplan.ui.settings import make_qsettings

# Room left for the window frame and title bar, which the available geometry does not include.
_FRAME = QSize(16, 40)


def available() -> QRect:
    """The primary screen's area not taken by panels and docks (what a window may use)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def clamped(wanted: QSize, area: QRect) -> QSize:
    """`wanted`, made small enough that the window and its frame fit in `area`."""
    return QSize(max(1, min(wanted.width(), area.width() - _FRAME.width())),
                 max(1, min(wanted.height(), area.height() - _FRAME.height())))


def fit_to_screen(window: QWidget, area: QRect | None = None) -> None:
    """Shrink `window` to the screen and move it back on it when it was (partly) off."""
    area = area or available()
    # Never below what the layout needs: Qt would grow it back when the window is shown.
    size = clamped(window.size(), area).expandedTo(window.minimumSizeHint())
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    if not area.contains(frame):
        x = min(max(frame.x(), area.x()), max(area.x(), area.right() - frame.width()))
        y = min(max(frame.y(), area.y()), max(area.y(), area.bottom() - frame.height()))
        window.move(x, y)


def open_sized(window: QWidget, geometry: QByteArray | None, default: QSize) -> None:
    """Restore a saved geometry (or take the default size), then fit it to the screen."""
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(default)
    fit_to_screen(window)


class SavedSize:
    """One tool window's remembered geometry in the settings file."""

    def __init__(self, name: str, qsettings: QSettings | None = None) -> None:
        self._key = f"window/{name}"
        self._q = qsettings or make_qsettings()

    def restore(self, window: QWidget, default: QSize) -> None:
        value = self._q.value(self._key)
        open_sized(window, value if isinstance(value, QByteArray) else None, default)

    def save(self, window: QWidget) -> None:
        self._q.setValue(self._key, window.saveGeometry())


def titles_fit(header: QHeaderView) -> None:
    """No column narrower than its title: a stretched column is squeezed first on a small screen.

    The header then scrolls sideways instead of cutting "Indicator" or "Matavimo vienetas".
    """
    widest = max((header.sectionSizeHint(i) for i in range(header.count())), default=0)
    header.setMinimumSectionSize(max(header.minimumSectionSize(), widest))
