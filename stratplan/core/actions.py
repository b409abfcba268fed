"""One user action = one transaction, returning its value and what it changed.

Every service is a keyword-only function `(session, *, writer=..., ...)` that returns plain
data; `perform` runs one of them (or a small step combining a change and the reads that show
it) in exactly one transaction and hands back an `Outcome`: the value plus the `Changes`
built from what the operation writer, the importer or a rebuild actually touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy.orm import Session

from stratplan.core import changes as _changes
from stratplan.core.changes import Changes
from stratplan.core.oplog.writer import OpWriter

if TYPE_CHECKING:
    from stratplan.core.workspace import Workspace

T = TypeVar("T")
Step = Callable[[Session, OpWriter], T]
"""What an action does inside its transaction: services called with the session and writer."""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """An action's return value and what it changed in the store."""

    value: T
    changes: Changes


def perform(workspace: Workspace, step: Step[T]) -> Outcome[T]:
    """Run `step` in one transaction (committed on success, rolled back on any error)."""
    with workspace.store.transaction() as session:
        _changes.collect(session)  # a session is fresh here; this only guards against leftovers
        value = step(session, workspace.writer)
        done = _changes.collect(session)
    return Outcome(value, done)


@contextmanager
def action(workspace: Workspace) -> Iterator[Session]:
    """The same single transaction as a `with` block, for code that reads better that way."""
    with workspace.store.transaction() as session:
        yield session
