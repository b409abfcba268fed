"""Test helpers: count the store's transactions and the models' resets during one action."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel
from sqlalchemy import event

from stratplan.core.workspace import Workspace


class Begins:
    """Counts the store's transactions (SQLAlchemy 'begin' on the engine)."""

    def __init__(self, ws: Workspace) -> None:
        self.count = 0
        self._engine = ws.store.engine
        event.listen(self._engine, "begin", self._seen)

    def _seen(self, _conn: object) -> None:
        self.count += 1

    def during(self, action: Callable[[], object]) -> int:
        """How many transactions `action` opened."""
        before = self.count
        action()
        return self.count - before

    def close(self) -> None:
        event.remove(self._engine, "begin", self._seen)


@pytest.fixture
def begins(small_workspace: Workspace) -> Iterator[Begins]:
    counter = Begins(small_workspace)
    yield counter
    counter.close()


def watch_resets(*models: QAbstractItemModel) -> list[str]:
    """A list that gets the model's class name each time one of `models` is reset."""
    resets: list[str] = []
    for model in models:
        model.modelReset.connect(lambda m=model: resets.append(type(m).__name__))
    return resets
