"""Nothing lost: a laptop restored from a backup writes its numbers again, and both forks count.

The reproduction of issue 15: B backs up, writes P1, sends to A; B is restored, writes P2,
sends to C; A and C exchange everything: both show P1 and P2. Then B learns of its fork and
continues under a fresh, certified device identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stratplan.core.oplog.identity import KEY_FILE, load_or_create_identity, org_key_file
from stratplan.core.oplog.ops import CHAIN_VERSION, create_op, from_body
from stratplan.core.sync import forks
from stratplan.core.sync.trust import NOT_ADMITTED
from stratplan.core.workspace import open_workspace
from tests.sync.laptops import Laptop, backup, coalition_of_three, restore


@pytest.fixture
def three(tmp_path: Path) -> Iterator[tuple[Laptop, Laptop, Laptop]]:
    laptops = coalition_of_three(tmp_path)
    yield laptops
    for laptop in laptops:
        laptop.close()


def test_restored_laptop_both_proposals_reach_everyone(three: tuple[Laptop, Laptop, Laptop],
                                                       tmp_path: Path) -> None:
    a, b, c = three
    old_device = b.device
    saved = backup(b, tmp_path / "beta-backup.sqlite")
    b.draft("P1 written before the restore")
    b.send(tmp_path / "b1.bundle")
    (to_a,) = a.receive(tmp_path / "b1.bundle")
    assert to_a.new > 0 and to_a.forks == 0
    restore(b, saved)
    assert b.device == old_device          # nothing told this laptop yet that it forked
    b.draft("P2 written after the restore")
    b.send(tmp_path / "b2.bundle")
    c.receive(tmp_path / "b2.bundle")
    # A and C exchange everything.
    a.send(tmp_path / "a.bundle")
    c.send(tmp_path / "c.bundle")
    (on_c,) = c.receive(tmp_path / "a.bundle")
    (on_a,) = a.receive(tmp_path / "c.bundle")
    for laptop in (a, c):
        assert {"P1 written before the restore", "P2 written after the restore"} <= set(laptop.titles())
    assert a.snapshot() == c.snapshot() == a.rebuilt_snapshot()
    # The counts are honest: the fork was stored and named, nothing was dropped.
    assert on_c.forks >= 1 and on_a.forks >= 1
    assert on_c.new > 0 and on_c.applied == on_c.new and on_c.held_new == {}
    for laptop in (a, c):
        with laptop.ws.store.transaction() as s:
            found = forks.list_forks(s, local_device=laptop.device)
        assert found and {f.device for f in found} == {old_device}
        assert not found[0].this_laptop
        assert "restored from a backup" in str(found[0].text())


def test_restored_laptop_continues_under_a_certified_new_identity(three: tuple[Laptop, Laptop, Laptop],
                                                                  tmp_path: Path) -> None:
    a, b, c = three
    old_device = b.device
    saved = backup(b, tmp_path / "beta-backup.sqlite")
    b.draft("P1")
    b.send(tmp_path / "b1.bundle")
    a.receive(tmp_path / "b1.bundle")
    restore(b, saved)
    b.draft("P2")
    a.send(tmp_path / "a.bundle")
    (on_b,) = b.receive(tmp_path / "a.bundle")   # B receives its own P1 back: it forked
    assert on_b.own_device_forked
    assert b.titles() == ["P1", "P2"]
    under_old = [o.id for o in b.ops() if o.device == old_device]
    b.draft("P3 under the new identity")
    assert b.device != old_device
    new_ops = [o for o in b.ops() if o.device == b.device]
    assert [o.seq for o in new_ops] == [1] and new_ops[0].prev == "" and new_ops[0].version == CHAIN_VERSION
    assert [o.id for o in b.ops() if o.device == old_device] == under_old   # never another one
    # The key file holds the new key; the old one is kept aside.
    assert load_or_create_identity(b.keys).device_id == b.device
    assert list(b.keys.glob("device_ed25519.retired-*.pem"))
    with b.ws.store.transaction() as s:
        (moved,) = forks.successors(s)
        shown = forks.list_forks(s, local_device=b.device)
    assert moved.old == old_device and moved.new == b.device and moved.certified
    assert "continues as laptop" in str(moved.text())
    assert shown and shown[0].this_laptop and str(shown[0].text()).startswith("This laptop was restored")
    # B's organisation certified the new laptop: A and C apply its changes.
    b.send(tmp_path / "b2.bundle")
    a.receive(tmp_path / "b2.bundle")
    c.receive(tmp_path / "b2.bundle")
    for laptop in (a, c):
        assert laptop.titles() == ["P1", "P2", "P3 under the new identity"]
        assert laptop.held() == {}
    # The laptop keeps its new identity after a restart.
    b.reopen()
    assert b.device == moved.new


def test_without_the_organisation_key_the_new_identity_waits_for_certification(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    a, b, _c = three
    saved = backup(b, tmp_path / "beta-backup.sqlite")
    b.draft("P1")
    b.send(tmp_path / "b1.bundle")
    a.receive(tmp_path / "b1.bundle")
    restore(b, saved)
    (b.keys / org_key_file(b.org_id)).rename(tmp_path / "org-key-elsewhere.pem")
    a.send(tmp_path / "a.bundle")
    b.receive(tmp_path / "a.bundle")
    b.reopen()                                   # the restart moves to the new identity
    with b.ws.store.transaction() as s:
        (moved,) = forks.successors(s)
    assert not moved.certified and "certify-device" in str(moved.text())
    b.draft("P2 by an uncertified laptop")
    b.send(tmp_path / "b2.bundle")
    (on_a,) = a.receive(tmp_path / "b2.bundle")
    assert on_a.held_new.get(NOT_ADMITTED, 0) >= 1
    assert "P2 by an uncertified laptop" not in a.titles()


def test_v1_operations_stay_valid_and_v2_operations_chain(three: tuple[Laptop, Laptop, Laptop]) -> None:
    a, _b, _c = three
    ops = [o for o in a.ops() if o.device == a.device]
    for before, op in zip(ops, ops[1:], strict=False):
        assert op.seq == before.seq + 1 and op.prev == before.id
    # An operation in the first format (no prev) still parses, verifies and reads with prev "".
    identity = load_or_create_identity(a.keys)
    v1_body = ops[0].body.replace(',"prev":""', "").replace('"v":2', '"v":1')
    old = from_body(v1_body, ops[0].sig)
    assert old.prev == "" and old.version == 1
    fresh = create_op(identity, kind="comment.add", entity="e", coalition="c", org="o", author="p", seq=1,
                      hlc=1, payload={}, prev="a" * 64)
    assert from_body(fresh.body, fresh.sig).prev == "a" * 64
    with pytest.raises(ValueError):
        from_body(fresh.body.replace("a" * 64, "not-an-id"), fresh.sig)
    assert (a.keys / KEY_FILE).exists()


def test_deltas_for_a_peer_carry_both_sides_of_a_fork(three: tuple[Laptop, Laptop, Laptop],
                                                      tmp_path: Path) -> None:
    """Only `sync export --for` between A and C: the fork still crosses, both ways, even when
    C's number for B counts the other branch (the fork then shows through `prev`)."""
    a, b, c = three
    a.send(tmp_path / "a0.bundle")   # each learns what the other holds
    c.receive(tmp_path / "a0.bundle")
    c.send(tmp_path / "c0.bundle")
    a.receive(tmp_path / "c0.bundle")
    saved = backup(b, tmp_path / "beta-backup.sqlite")
    for title in ("X1", "X2", "X3"):
        b.draft(title)
    b.send(tmp_path / "bx.bundle")
    a.receive(tmp_path / "bx.bundle")
    restore(b, saved)
    b.draft("Y1")
    b.send(tmp_path / "by.bundle")
    c.receive(tmp_path / "by.bundle")
    # C tells A what it holds (B up to Y1's number), without the operations themselves.
    a.receive(c.partial_bundle(tmp_path / "c-vector.bundle", ops=lambda _o: False))
    summaries = []
    for n in range(1, 3):
        a.send(tmp_path / f"a{n}.bundle", peer=c.device)
        summaries += c.receive(tmp_path / f"a{n}.bundle")
        c.send(tmp_path / f"c{n}.bundle", peer=a.device)
        summaries += a.receive(tmp_path / f"c{n}.bundle")
    assert summaries[0].forks >= 1            # X2 names X1 as prev, where C holds Y1
    assert a.titles() == c.titles() == ["X1", "X2", "X3", "Y1"]
    assert a.snapshot() == c.snapshot()
    with c.ws.store.transaction() as s:
        assert {f.device for f in forks.list_forks(s)} == {b.device}


def test_export_for_an_organisation_whose_laptop_has_not_written_yet(three: tuple[Laptop, Laptop, Laptop],
                                                                     tmp_path: Path) -> None:
    """Issue 15: `sync export --for ORGCODE` refused although that laptop's bundle was imported."""
    a, b, _c = three
    assert not [o for o in b.ops() if o.device == b.device]
    b.send(tmp_path / "b.bundle")
    a.receive(tmp_path / "b.bundle")
    a.draft("For beta")
    sent = a.send(tmp_path / "for-beta.bundle", peer="BETA")
    assert sent.operations >= 1 and "BETA" in sent.peer
    b.receive(tmp_path / "for-beta.bundle")
    assert "For beta" in b.titles()


def test_coalition_show_names_the_restored_laptop(three: tuple[Laptop, Laptop, Laptop], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from stratplan.cli import main

    a, b, _c = three
    saved = backup(b, tmp_path / "beta-backup.sqlite")
    b.draft("P1")
    b.send(tmp_path / "b1.bundle")
    a.receive(tmp_path / "b1.bundle")
    restore(b, saved)
    b.draft("P2")
    b.send(tmp_path / "b2.bundle")
    a.close()
    monkeypatch.setenv("STRATPLAN_HOME", str(a.root))
    assert main(["sync", "import", "--db", str(a.root / "store.sqlite"), str(tmp_path / "b2.bundle")]) == 0
    assert "1 operation forks a laptop's history" in capsys.readouterr().out
    assert main(["coalition", "show", "--db", str(a.root / "store.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "was restored from a backup on or after" in out and b.device[:8] in out
    assert main(["coalition", "show", "--db", str(a.root / "store.sqlite"), "--json"]) == 0
    (fork,) = json.loads(capsys.readouterr().out)["forks"]
    assert fork["device"] == b.device and len(fork["op_ids"]) == 2
    a.ws = open_workspace(a.root / "store.sqlite", a.keys)


def test_a_refused_action_right_after_the_identity_change_loses_no_certificate(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    """The action that moves to the new identity rolls back: the next one makes it again."""
    from stratplan.core.services import groups, proposals

    a, b, _c = three
    saved = backup(b, tmp_path / "beta-backup.sqlite")
    b.draft("P1")
    b.send(tmp_path / "b1.bundle")
    a.receive(tmp_path / "b1.bundle")
    restore(b, saved)
    a.send(tmp_path / "a.bundle")
    b.receive(tmp_path / "a.bundle")
    with pytest.raises(RuntimeError), b.ws.store.transaction() as s:
        proposals.create_proposal(s, writer=b.ws.writer, group_id=groups.list_groups(s)[0].id,
                                  fields={"title": "Rolled back"})
        raise RuntimeError("the action fails after its first operation")
    b.draft("Kept")
    b.send(tmp_path / "b2.bundle")
    a.receive(tmp_path / "b2.bundle")
    assert a.titles() == ["Kept", "P1"] and a.held() == {}
