"""Conveners of a store without a roster: the founder, and those a convener named, in clock order.

A convener who revokes itself stops convening, and unrelated grants change nothing about it
(they once decided, by the number of passes of a loop, whether it still convened)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from stratplan.core.roles import granted_conveners


@dataclass(frozen=True)
class Event:
    id: str
    org_id: str
    cl: int
    signer_org: str
    hlc: int


def grant(n: int, signer: str, org: str, cl: int = 1) -> Event:
    return Event(f"e{n}", org, cl, signer, n)


def test_a_convener_who_steps_down_no_longer_convenes_whatever_else_was_granted() -> None:
    base = [grant(1, "A", "V"), grant(2, "V", "V", cl=2)]
    assert granted_conveners("A", base) == {"A"}
    assert granted_conveners("A", [*base, grant(3, "A", "O")]) == {"A", "O"}
    assert granted_conveners("A", [*base, grant(3, "A", "O"), grant(4, "A", "P")]) == {"A", "O", "P"}


def test_the_arrival_order_does_not_matter() -> None:
    events = [grant(1, "A", "V"), grant(2, "V", "O"), grant(3, "A", "V", cl=2), grant(4, "V", "P"),
              grant(5, "O", "Q")]
    # V named O while convening; P came after V was revoked and does not count; O names Q.
    for order in itertools.permutations(events):
        assert granted_conveners("A", order) == {"A", "O", "Q"}


def test_only_a_convener_names_one_and_nobody_removes_the_founder() -> None:
    assert granted_conveners("A", [grant(1, "X", "X"), grant(2, "X", "Y")]) == {"A"}
    assert granted_conveners("A", [grant(1, "A", "V"), grant(2, "V", "A", cl=2)]) == {"A", "V"}
    # A stale grant (a lower length) does not undo a later revocation.
    assert granted_conveners("A", [grant(1, "A", "V"), grant(2, "A", "V", cl=2), grant(3, "A", "V")]) == {"A"}
