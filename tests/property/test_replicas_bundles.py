"""Three laptops of a shared coalition, random edits, and bundle deliveries that go wrong.

Bundles are dropped, delivered twice, delivered out of order, or carry only part of the log
(so revisions arrive before the revisions they build on, and wait as gaps). After a final
exchange of full bundles, every laptop shows the same derived state, equal to a fresh rebuild.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratplan.core.sync import exporter, held
from stratplan.core.sync.bundle import write_bundle
from tests.property.test_replicas import step
from tests.sync.laptops import Laptop, coalition_of_three


def _partial_bundle(source: Laptop, path: Path, rng: random.Random) -> Path:
    """A bundle with a random part of the source's log, as a lossy channel would deliver."""
    with source.ws.store.transaction() as s:
        credentials, devices, ops = exporter.collect(s)
        trust = held.load_trust(s)
        vector = exporter.version_vector(s)
    assert trust is not None
    kept = [o for o in ops if rng.random() < 0.7]
    rng.shuffle(kept)
    return write_bundle(path, coalition=trust.coalition, sender=source.ws.identity, devices=devices, ops=kept,
                        version_vector={d: 0 for d in vector}, credentials=credentials)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10**6), rounds=st.integers(min_value=5, max_value=20))
def test_three_laptops_converge_through_bundles(tmp_path: Path, seed: int, rounds: int) -> None:
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp(dir=tmp_path))   # hypothesis may replay a seed: never reuse a folder
    laptops = list(coalition_of_three(root))
    try:
        in_flight: list[tuple[int, Path]] = []
        for n in range(rounds):
            step(laptops[rng.randrange(3)].ws, rng)
            if rng.random() < 0.5:
                source, target = rng.sample(range(3), 2)
                path = root / f"b{n}.stratplan"
                kind = rng.choice(["all", "for-peer", "partial"])
                if kind == "partial":
                    _partial_bundle(laptops[source], path, rng)
                else:
                    peer = laptops[target].ws.identity.device_id if kind == "for-peer" else ""
                    try:
                        laptops[source].send(path, peer=peer)
                    except Exception:  # noqa: BLE001 - nothing heard from that peer yet
                        laptops[source].send(path)
                in_flight.append((target, path))
            if in_flight and rng.random() < 0.6:
                # Deliver a random bundle in flight; sometimes it is lost, sometimes it comes twice.
                target, path = in_flight.pop(rng.randrange(len(in_flight)))
                fate = rng.random()
                if fate > 0.2:
                    laptops[target].receive(path)
                if fate > 0.8:
                    laptops[target].receive(path)
        finals = [x.send(root / f"final-{i}.stratplan").path for i, x in enumerate(laptops)]
        for laptop in laptops:
            order = finals[:]
            rng.shuffle(order)
            laptop.receive(*(Path(p) for p in order))
        states = [x.snapshot() for x in laptops]
        assert states[0] == states[1] == states[2]
        for laptop in laptops:
            with laptop.ws.store.transaction() as s:
                assert held.held_counts(s) == {}
        assert laptops[1].rebuilt_snapshot() == states[0]
    finally:
        for laptop in laptops:
            laptop.close()
