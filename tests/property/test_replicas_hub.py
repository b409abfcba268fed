"""The property test of three laptops, with a PostgreSQL hub as the only channel.

Laptops edit at random and sync with the hub at random moments (some never in between); after
a final round of syncs every laptop shows the same derived state, equal to a fresh rebuild.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratplan.core.sync import held
from tests.property.test_replicas import step
from tests.sync.laptops import coalition_of_three
from tests.sync.pg import PostgresMissingError, PostgresServer
from tests.sync.test_hub import sync

pytestmark = pytest.mark.postgresql


@pytest.fixture(scope="module")
def pg_server() -> Iterator[PostgresServer]:
    try:
        pg = PostgresServer()
    except PostgresMissingError as exc:   # a failure, never a skip
        pytest.fail(str(exc), pytrace=False)
    pg.start()
    try:
        yield pg
    finally:
        pg.stop()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10**6), rounds=st.integers(min_value=5, max_value=15))
def test_three_laptops_converge_through_the_hub(tmp_path: Path, pg_server: PostgresServer, seed: int,
                                               rounds: int) -> None:
    rng = random.Random(seed)
    url = pg_server.new_database()
    laptops = list(coalition_of_three(Path(tempfile.mkdtemp(dir=tmp_path))))
    try:
        for _ in range(rounds):
            step(laptops[rng.randrange(3)].ws, rng)
            if rng.random() < 0.4:
                sync(laptops[rng.randrange(3)], url)
        for laptop in laptops * 2:
            sync(laptop, url)
        states = [x.snapshot() for x in laptops]
        assert states[0] == states[1] == states[2]
        for laptop in laptops:
            with laptop.ws.store.transaction() as s:
                assert held.held_counts(s) == {}
        assert laptops[2].rebuilt_snapshot() == states[0]
    finally:
        for laptop in laptops:
            laptop.close()
