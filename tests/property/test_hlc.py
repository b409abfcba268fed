"""The hybrid logical clock never goes backwards, whatever the wall clock does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stratplan.core.oplog.hlc import MAX_FORWARD_MS, HybridClock, pack, unpack


@given(st.lists(st.integers(min_value=0, max_value=2**40), min_size=1, max_size=200))
def test_strictly_increasing_even_when_the_wall_clock_jumps_back(walls: list[int]) -> None:
    it = iter(walls)
    current = [walls[0]]

    def wall() -> int:
        current[0] = next(it, current[0])
        return current[0]

    clock = HybridClock(wall=wall)
    stamps = [clock.now() for _ in walls]
    assert all(b > a for a, b in zip(stamps, stamps[1:], strict=False))


def test_counter_overflow_moves_to_the_next_millisecond() -> None:
    clock = HybridClock(last=pack(1000, 0xFFFF), wall=lambda: 5)
    assert unpack(clock.now()) == (1001, 0)


def test_a_remote_clock_far_in_the_future_moves_us_at_most_a_day() -> None:
    clock = HybridClock(wall=lambda: 1_000_000)
    clock.observe(pack(10**12, 0))
    ms, _ = unpack(clock.now())
    assert ms <= 1_000_000 + MAX_FORWARD_MS + 1


def test_observing_an_older_stamp_changes_nothing() -> None:
    clock = HybridClock(wall=lambda: 5000)
    first = clock.now()
    clock.observe(pack(10, 0))
    assert clock.now() > first
