"""Item widgets (lists, tables, combo boxes) brought up to date row by row, never cleared.

Clearing a QListWidget resets its model: the selection and scroll position are lost and every
view repaints. These helpers compare the rows on show (each with a key kept in `KEY_ROLE`)
with the rows wanted, remove the rows that went, insert the new ones where they belong and
change the text of the others in place, so the views see row insertions, removals and
`dataChanged` only, and the current row stays where the user left it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
)

KEY_ROLE = 0x0101


def _plan(have: list[Hashable], want: Sequence[Hashable]) -> tuple[list[int], list[tuple[int, bool]]]:
    """(rows to remove, highest first; for each wanted row: (position, insert it?)).

    Rows that stay keep their order; a row whose key moved is removed and inserted again."""
    wanted = set(want)
    kept = [k for k in have if k in wanted]
    # Keys of the rows that stay, in the wanted order: anything out of that order is moved.
    order = [k for k in want if k in set(kept)]
    stay: set[Hashable] = set()
    i = 0
    for k in kept:
        if i < len(order) and order[i] == k:
            stay.add(k)
            i += 1
    removed = [r for r in range(len(have) - 1, -1, -1) if have[r] not in stay]
    return removed, [(pos, k not in stay) for pos, k in enumerate(want)]


def sync_list(widget: QListWidget, rows: Sequence[tuple[Hashable, str]]) -> None:
    """Make `widget` show `rows` (key, text) in this order."""
    have = [widget.item(r).data(KEY_ROLE) for r in range(widget.count())]
    removed, steps = _plan(have, [k for k, _t in rows])
    for r in removed:
        widget.takeItem(r)
    for (pos, insert), (key, text) in zip(steps, rows, strict=True):
        if insert:
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, key)
            widget.insertItem(pos, item)
        elif widget.item(pos).text() != text:
            widget.item(pos).setText(text)


def sync_table(widget: QTableWidget, rows: Sequence[tuple[Hashable, Sequence[str]]]) -> None:
    """Make `widget` show `rows` (key, one text per column) in this order; the key sits in column 0."""
    have = [_table_key(widget, r) for r in range(widget.rowCount())]
    removed, steps = _plan(have, [k for k, _v in rows])
    for r in removed:
        widget.removeRow(r)
    for (pos, insert), (key, values) in zip(steps, rows, strict=True):
        if insert:
            widget.insertRow(pos)
        for column, value in enumerate(values):
            item = widget.item(pos, column)
            if item is None:
                item = QTableWidgetItem(value)
                item.setData(KEY_ROLE, key)
                widget.setItem(pos, column, item)
            elif item.text() != value:
                item.setText(value)


def _table_key(widget: QTableWidget, row: int) -> Hashable:
    item = widget.item(row, 0)
    return None if item is None else item.data(KEY_ROLE)


def sync_combo(widget: QComboBox, rows: Sequence[tuple[Hashable, str]]) -> None:
    """Make `widget` offer `rows` (data, text) in this order; the current choice stays if it still exists."""
    have = [widget.itemData(i) for i in range(widget.count())]
    removed, steps = _plan(have, [k for k, _t in rows])
    for r in removed:
        widget.removeItem(r)
    for (pos, insert), (key, text) in zip(steps, rows, strict=True):
        if insert:
            widget.insertItem(pos, text, key)
        elif widget.itemText(pos) != text:
            widget.setItemText(pos, text)
