"""Nothing lost: three laptops, random edits, random backups and random restores from them.

A restored laptop writes its sequence numbers again (a fork). Before each restore the laptop
has sent its changes to another laptop (as the README advises: send, then restore), so
every operation it authored lives on somewhere. Bundles are exchanged in random orders,
some lost, some twice. After one full exchange, every laptop shows the same derived state,
equal to a rebuild, holds every operation any laptop ever authored, and sets nothing aside.

STRATPLAN_RESTORE_EXAMPLES sets the number of examples (8 by default, to keep CI fast).
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from stratplan.core.sync import forks, held
from tests.property.test_replicas import step
from tests.sync.laptops import Laptop, backup, coalition_of_three, copy_of_coalition, restore

EXAMPLES = int(os.environ.get("STRATPLAN_RESTORE_EXAMPLES", "8"))
_TEMPLATE: list[Path] = []


def _template() -> Path:
    """One coalition of three, made once per test run and copied for every example."""
    if not _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="stratplan-restores-"))
        for laptop in coalition_of_three(root):
            laptop.close()
        _TEMPLATE.append(root)
    return _TEMPLATE[0]


def _own_ids(laptop: Laptop, devices: set[str]) -> set[str]:
    devices.add(laptop.device)
    return {o.id for o in laptop.ops() if o.device in devices}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10**6), rounds=st.integers(min_value=6, max_value=20))
def test_restores_from_random_backups_lose_nothing(tmp_path: Path, seed: int, rounds: int) -> None:
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp(dir=tmp_path))   # hypothesis may replay a seed: never reuse a folder
    laptops = list(copy_of_coalition(_template(), root))
    backups: list[list[Path]] = [[backup(x, root / f"{x.name}-start.sqlite")] for x in laptops]
    identities: list[set[str]] = [{x.device} for x in laptops]
    authored: set[str] = set()
    in_flight: list[tuple[int, Path]] = []
    restores = 0
    try:
        for n in range(rounds):
            who = rng.randrange(3)
            laptop = laptops[who]
            action = rng.random()
            if action < 0.4:
                step(laptop.ws, rng)
                authored |= _own_ids(laptop, identities[who])
            elif action < 0.55:
                backups[who].append(backup(laptop, root / f"{laptop.name}-{n}.sqlite"))
            elif action < 0.75:
                # Send everything to another laptop first, then restore a random backup.
                other = laptops[rng.choice([i for i in range(3) if i != who])]
                other.receive(Path(laptop.send(root / f"before-restore-{n}.stratplan").path))
                restore(laptop, rng.choice(backups[who]))
                identities[who].add(laptop.device)
                restores += 1
                if rng.random() < 0.7:               # writes again before hearing from anyone
                    step(laptop.ws, rng)
                    authored |= _own_ids(laptop, identities[who])
            else:
                target = rng.choice([i for i in range(3) if i != who])
                path = root / f"b{n}.stratplan"
                peer = laptops[target].device if rng.random() < 0.5 else ""
                try:
                    laptop.send(path, peer=peer)
                except Exception:  # noqa: BLE001 - nothing heard from that peer yet
                    laptop.send(path)
                in_flight.append((target, path))
            if in_flight and rng.random() < 0.5:
                target, path = in_flight.pop(rng.randrange(len(in_flight)))
                fate = rng.random()
                if fate > 0.2:                       # lost, delivered once, or twice
                    laptops[target].receive(path)
                if fate > 0.8:
                    laptops[target].receive(path)
        finals = [Path(x.send(root / f"final-{i}.stratplan").path) for i, x in enumerate(laptops)]
        for laptop in laptops:
            order = finals[:]
            rng.shuffle(order)
            laptop.receive(*order)
        states = [x.snapshot() for x in laptops]
        assert states[0] == states[1] == states[2]
        for laptop in laptops:
            assert authored <= {o.id for o in laptop.ops()}
            with laptop.ws.store.transaction() as s:
                assert held.held_counts(s) == {}
        assert laptops[rng.randrange(3)].rebuilt_snapshot() == states[0]
        with laptops[0].ws.store.transaction() as s:
            found = forks.list_forks(s)
        event(f"restores: {min(restores, 3)}+, forks: {min(len(found), 3)}+")
    finally:
        for laptop in laptops:
            laptop.close()
        shutil.rmtree(root, ignore_errors=True)
