"""Three laptops: a convener sets up the coalition, two organisations join, all exchange bundles."""

from __future__ import annotations

from pathlib import Path

from tests.sync.laptops import coalition_of_three


def test_join_admit_and_exchange_in_any_order_converges(tmp_path: Path) -> None:
    a, b, c = coalition_of_three(tmp_path)
    try:
        assert b.ws.writer.profile.org_id == b.org_id
        assert b.ws.writer.profile.coalition_id == a.ws.writer.profile.coalition_id
        pa = a.draft("Training for police")
        b.draft("Survivor shelters in Vilnius — ąčęėįšųūž")
        c.draft("Schools prevention 🌍")
        bundles = {x.name: x.send(tmp_path / f"{x.name}-1.bundle") for x in (a, b, c)}
        assert all(s.operations > 0 for s in bundles.values())
        a.receive(tmp_path / "gamma-1.bundle", tmp_path / "beta-1.bundle")
        b.receive(tmp_path / "alpha-1.bundle", tmp_path / "gamma-1.bundle")
        c.receive(tmp_path / "beta-1.bundle", tmp_path / "alpha-1.bundle")
        expected = ["Schools prevention 🌍", "Survivor shelters in Vilnius — ąčęėįšųūž", "Training for police"]
        assert a.titles() == b.titles() == c.titles() == expected
        assert a.snapshot() == b.snapshot() == c.snapshot() == a.rebuilt_snapshot()
        # Once B has heard from A again, B knows A holds everything: only the new edit travels.
        a.send(tmp_path / "alpha-2.bundle")
        b.receive(tmp_path / "alpha-2.bundle")
        b.edit(pa, summary="Police academies in three countries")
        sent = b.send(tmp_path / "beta-2.bundle", peer=a.name.upper()[:6])
        assert sent.operations == 1
        (summary,) = a.receive(tmp_path / "beta-2.bundle")
        assert summary.new == 1 and summary.organisations[0].revisions == 1
    finally:
        for x in (a, b, c):
            x.close()


def test_same_bundle_twice_changes_nothing(tmp_path: Path) -> None:
    a, b, c = coalition_of_three(tmp_path)
    try:
        b.draft("Point")
        b.send(tmp_path / "b.bundle")
        (first,) = a.receive(tmp_path / "b.bundle")
        before = a.dump()
        (second,) = a.receive(tmp_path / "b.bundle")
        assert first.new > 0 and second.new == 0 and second.already_here == second.received
        assert a.dump() == before
    finally:
        for x in (a, b, c):
            x.close()
