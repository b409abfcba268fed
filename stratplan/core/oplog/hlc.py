"""Hybrid logical clock: milliseconds << 16 | counter, strictly increasing on this device."""

from __future__ import annotations

import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
# A remote stamp may move our clock forward by at most a day, so one laptop with a
# wild clock cannot drag every other laptop into the future.
MAX_FORWARD_MS = 24 * 60 * 60 * 1000


def wall_ms() -> int:
    """The wall clock in milliseconds since the epoch."""
    return time.time_ns() // 1_000_000


def pack(ms: int, counter: int) -> int:
    """Join milliseconds and counter into one stamp."""
    return (ms << COUNTER_BITS) | counter


def unpack(stamp: int) -> tuple[int, int]:
    """Split a stamp into (milliseconds, counter)."""
    return stamp >> COUNTER_BITS, stamp & COUNTER_MASK


class HybridClock:
    """Issues stamps that never go backwards, even when the wall clock does."""

    def __init__(self, last: int = 0, wall: Callable[[], int] = wall_ms) -> None:
        self._last = last
        self._wall = wall

    @property
    def last(self) -> int:
        """The most recent stamp issued or observed."""
        return self._last

    def now(self) -> int:
        """A new stamp, greater than every stamp issued or observed before."""
        ms, counter = unpack(self._last)
        wall = self._wall()
        if wall > ms:
            stamp = pack(wall, 0)
        elif counter < COUNTER_MASK:
            stamp = pack(ms, counter + 1)
        else:
            stamp = pack(ms + 1, 0)
        self._last = stamp
        return stamp

    def observe(self, remote: int) -> None:
        """Move forward past a stamp seen in someone else's operation (capped at +24 h)."""
        limit = pack(self._wall() + MAX_FORWARD_MS, COUNTER_MASK)
        capped = min(remote, limit)
        if capped > self._last:
            self._last = capped
