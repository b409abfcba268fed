"""Sharing under attack and accident: damaged, forged, replayed, reordered and hostile bundles.

Every refused import must say what happened in words a director understands (a StratplanError)
and leave the store byte for byte as it was; everything accepted must converge on every laptop.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stratplan.core.errors import BadFileError, ForgedDataError, StratplanError
from stratplan.core.fields import clean_fields
from stratplan.core.oplog import canonical, materialise
from stratplan.core.oplog.hlc import MAX_FORWARD_MS, HybridClock, unpack, wall_ms
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.ops import Operation, create_op
from stratplan.core.oplog.writer import new_id
from stratplan.core.services import conflicts, proposals, sharing
from stratplan.core.sync import bundle, importer
from stratplan.core.sync.bundle import read_bundle
from stratplan.core.sync.credentials import make_credential
from stratplan.core.sync.trust import GAP, NOT_ADMITTED, REVOKED
from tests.sync.laptops import Laptop, bundle_of, coalition_of_three, copy_of_coalition

TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One coalition of three, set up once and closed; every test works on its own copy."""
    root = tmp_path_factory.mktemp("coalition")
    for laptop in coalition_of_three(root):
        laptop.close()
    return root


@pytest.fixture
def three(template: Path, tmp_path: Path) -> Iterator[tuple[Laptop, Laptop, Laptop]]:
    laptops = copy_of_coalition(template, tmp_path)
    yield laptops
    for laptop in laptops:
        laptop.close()


@pytest.fixture
def closing() -> Iterator[list[Laptop]]:
    """Laptops made inside a test, closed after it."""
    made: list[Laptop] = []
    yield made
    for laptop in made:
        laptop.close()


def refused(laptop: Laptop, path: Path, error: type[StratplanError], match: str) -> StratplanError:
    """Import `path`, expect `error`, and prove the store did not change at all."""
    before = laptop.dump()
    titles = laptop.titles()
    with pytest.raises(error, match=match) as info:
        laptop.receive(path)
    assert laptop.dump() == before
    assert laptop.titles() == titles
    return info.value


def load(path: Path) -> dict[str, Any]:
    """A bundle's document, decompressed and parsed (to tamper with)."""
    document: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return document


def save(path: Path, document: Any) -> Path:
    path.write_bytes(gzip.compress(canonical.encode(document), mtime=0))
    return path


def reseal(document: dict[str, Any], sender: DeviceIdentity | None = None) -> dict[str, Any]:
    """Make the envelope match the payload again; with `sender`, sign it as that laptop."""
    payload = document["payload"]
    if sender is not None:
        payload["sender"], payload["sender_key"] = sender.device_id, sender.public_key.hex()
        payload["devices"][sender.device_id] = sender.public_key.hex()
    digest = hashlib.sha256(canonical.encode(payload)).hexdigest()
    document["envelope"]["payload_sha256"] = digest
    if sender is not None:
        document["envelope"]["sig"] = base64.b64encode(sender.sign(digest.encode("ascii"))).decode("ascii")
    return document


def retitle(body: str, title: str) -> str:
    """An operation body with another title, still in canonical form."""
    data = json.loads(body)
    data["payload"]["fields"]["title"] = title
    return canonical.encode(data).decode("utf-8")


def hand_made(laptop: Laptop, *, kind: str = "proposal.revise", org: str = "", title: str = "Hand made",
              identity: DeviceIdentity | None = None, seq: int = 0,
              payload: dict[str, Any] | None = None) -> Operation:
    """An operation signed by `identity` (default: the laptop's own device), as a forger would."""
    identity = identity or laptop.ws.identity
    profile = laptop.ws.writer.profile
    if payload is None:
        payload = {"fields": clean_fields({"title": title, "group": laptop.group()})}
    stored = [o.seq for o in laptop.ops() if o.device == identity.device_id]
    return create_op(identity, kind=kind, entity=new_id(), coalition=profile.coalition_id,
                     org=org or profile.org_id, author=profile.person_id,
                     seq=seq or max(stored, default=0) + 1, hlc=laptop.ws.writer.clock.now(), payload=payload)


def fields(laptop: Laptop, pid: str) -> dict[str, Any]:
    with laptop.ws.store.transaction() as s:
        return proposals.get_proposal(s, pid).fields


def exchange(tmp: Path, tag: str, *laptops: Laptop) -> None:
    """Everyone sends everything to everyone."""
    paths = {x.name: x.send(tmp / f"{x.name}-{tag}.bundle").path for x in laptops}
    for x in laptops:
        x.receive(*(Path(p) for name, p in paths.items() if name != x.name))


def join_fourth(a: Laptop, tmp: Path, closing: list[Laptop], name: str = "delta") -> Laptop:
    """A fourth organisation, admitted by the convener, holding the convener's roster."""
    d = Laptop(tmp, name)
    closing.append(d)
    d.join_request(tmp / f"{name}.request")
    a.admit(tmp / f"{name}.request")
    a.send(tmp / f"roster-{name}.bundle")
    d.receive(tmp / f"roster-{name}.bundle")
    return d


# ---------------------------------------------------------------- 1. replays and order


def test_same_bundle_twice_is_a_no_op_even_after_other_bundles(three: tuple[Laptop, Laptop, Laptop],
                                                               tmp_path: Path) -> None:
    a, b, c = three
    b.draft("From beta")
    c.draft("From gamma")
    b.send(tmp_path / "b.bundle")
    c.send(tmp_path / "c.bundle")
    a.receive(tmp_path / "b.bundle", tmp_path / "c.bundle")
    before = a.dump()
    for summary in a.receive(tmp_path / "b.bundle", tmp_path / "c.bundle", tmp_path / "b.bundle"):
        assert summary.new == 0 and summary.applied == 0 and summary.already_here == summary.received
    assert a.dump() == before


def test_three_bundles_in_every_order_give_identical_stores(three: tuple[Laptop, Laptop, Laptop],
                                                            tmp_path: Path, closing: list[Laptop]) -> None:
    a, b, c = three
    d = join_fourth(a, tmp_path, closing)
    pid = a.draft("Training for police")
    a.send(tmp_path / "a1.bundle")
    b.receive(tmp_path / "a1.bundle")
    c.receive(tmp_path / "a1.bundle")
    # B and C edit A's point concurrently (a conflict) and C adds its own; they send only what
    # A lacks, so B's and C's bundles build on A's: arriving first, they must wait for it.
    b.edit(pid, body="First paragraph, as beta sees it.\n\nSecond paragraph.")
    c.edit(pid, body="First paragraph, as gamma sees it.\n\nSecond paragraph.")
    c.draft("Schools prevention")
    a.edit(pid, summary="Police academies")
    bundles = [a.send(tmp_path / "a2.bundle").path, b.send(tmp_path / "b.bundle", peer="ALPHA").path,
               c.send(tmp_path / "c.bundle", peer="ALPHA").path]
    assert load(Path(bundles[1]))["envelope"]["op_count"] == 1
    snapshots, gaps = [], 0
    for number, order in enumerate(itertools.permutations(bundles)):
        twin = d.clone(f"delta-{number}")
        closing.append(twin)
        gaps += sum(s.gaps for s in twin.receive(*(Path(p) for p in order)))
        assert twin.held() == {}
        snapshots.append(twin.snapshot())
        assert twin.titles() == ["Schools prevention", "Training for police"]
    assert gaps > 0  # some orders deliver an edit before the revision it builds on
    a.receive(Path(bundles[1]), Path(bundles[2]))
    assert all(s == snapshots[0] for s in snapshots)
    assert snapshots[0] == a.snapshot() == a.rebuilt_snapshot()


# ---------------------------------------------------------------- 2. damaged files


@pytest.fixture
def sent(three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> tuple[Laptop, Path]:
    """A's store, and a good bundle from B with a new point in it."""
    a, b, _c = three
    b.draft("Survivor shelters")
    b.send(tmp_path / "b.bundle")
    return a, tmp_path / "b.bundle"


@pytest.mark.parametrize("keep", ["10 bytes", "half", "one byte short"])
def test_cut_bundle_is_refused(sent: tuple[Laptop, Path], tmp_path: Path, keep: str) -> None:
    a, good = sent
    data = good.read_bytes()
    length = {"10 bytes": 10, "half": len(data) // 2, "one byte short": len(data) - 1}[keep]
    cut = tmp_path / "cut.bundle"
    cut.write_bytes(data[:length])
    refused(a, cut, BadFileError, "incomplete|damaged")
    a.receive(good)
    assert "Survivor shelters" in a.titles()


@pytest.mark.parametrize("where", ["magic", "flags", "start of data", "middle", "checksum", "size"])
def test_flipped_bit_is_refused(sent: tuple[Laptop, Path], tmp_path: Path, where: str) -> None:
    a, good = sent
    data = bytearray(good.read_bytes())
    position = {"magic": 0, "flags": 3, "start of data": 10, "middle": len(data) // 2,
                "checksum": len(data) - 6, "size": len(data) - 1}[where]
    flipped = tmp_path / "flipped.bundle"
    original = read_bundle(good)
    for _ in range(16):
        damaged = bytearray(data)
        damaged[position] ^= 0x10
        flipped.write_bytes(bytes(damaged))
        try:
            same = read_bundle(flipped) == original
        except StratplanError:
            break
        # A rare deflate bit that changes nothing (see the next test): try the next byte.
        assert same
        position += 1
    refused(a, flipped, StratplanError, "not a StratPlan bundle|damaged|incomplete|altered")


def test_any_flipped_bit_is_refused_or_changes_nothing(sent: tuple[Laptop, Path], tmp_path: Path) -> None:
    """A flip is refused, or it decompresses to exactly the same bundle: gzip ignores its header's
    time stamp and OS bytes, and deflate has a few bits that do not change the output (the
    checksum of the decompressed data proves it is unchanged)."""
    _a, good = sent
    data = good.read_bytes()
    original = read_bundle(good)
    flipped = tmp_path / "flipped.bundle"
    accepted = []
    for position in (*range(0, 40), *range(40, len(data), max(1, len(data) // 150))):
        damaged = bytearray(data)
        damaged[position] ^= 1 << (position % 8)
        flipped.write_bytes(bytes(damaged))
        try:
            result = read_bundle(flipped)
        except StratplanError:
            continue
        assert result == original
        accepted.append(position)
    tried = 40 + len(range(40, len(data), max(1, len(data) // 150)))
    assert set(range(4, 10)) <= set(accepted)
    assert len(set(accepted) - set(range(4, 10))) <= tried // 20   # nearly every other flip is refused


# ---------------------------------------------------------------- 3. edited after signing


def edited(good: Path) -> dict[str, Any]:
    """B's bundle with its new point's title changed after B signed it."""
    document = load(good)
    for item in document["payload"]["ops"]:
        if '"title":"Survivor shelters"' in item["body"]:
            item["body"] = retitle(item["body"], "Shelters closed")
            return document
    raise AssertionError("the point is not in the bundle")


def test_operation_edited_after_signing_with_stale_checksum(sent: tuple[Laptop, Path], tmp_path: Path) -> None:
    a, good = sent
    path = save(tmp_path / "edited.bundle", edited(good))
    refused(a, path, ForgedDataError, "does not match its own checksum: it was altered")


def test_operation_edited_after_signing_with_checksum_made_consistent(sent: tuple[Laptop, Path],
                                                                      tmp_path: Path) -> None:
    a, good = sent
    path = save(tmp_path / "edited.bundle", reseal(edited(good)))
    refused(a, path, ForgedDataError, "not signed by the laptop it names as its sender")


def test_edited_bundle_resigned_by_an_uncertified_laptop(sent: tuple[Laptop, Path], tmp_path: Path) -> None:
    a, good = sent
    attacker = DeviceIdentity.generate()
    path = save(tmp_path / "resigned.bundle", reseal(edited(good), sender=attacker))
    refused(a, path, ForgedDataError, "does not carry a valid signature of its device")


def test_operation_resigned_by_another_key_under_the_laptops_name(sent: tuple[Laptop, Path],
                                                                  tmp_path: Path) -> None:
    a, good = sent
    attacker = DeviceIdentity.generate()
    document = edited(good)
    for item in document["payload"]["ops"]:
        if "Shelters closed" in item["body"]:
            item["sig"] = base64.b64encode(attacker.sign(item["body"].encode("utf-8"))).decode("ascii")
    path = save(tmp_path / "resigned.bundle", reseal(document, sender=attacker))
    refused(a, path, ForgedDataError, "does not carry a valid signature of its device")


def test_uncertified_laptop_writing_in_a_members_name_is_never_shown(three: tuple[Laptop, Laptop, Laptop],
                                                                     tmp_path: Path) -> None:
    """Validly signed by a laptop no organisation certified: kept aside, never applied."""
    a, b, _c = three
    attacker = DeviceIdentity.generate()
    op = hand_made(b, identity=attacker, org=b.org_id, title="Planted by a stranger")
    path = bundle_of(tmp_path / "stranger.bundle", sender=attacker, coalition=b.ws.writer.profile.coalition_id,
                     ops=[op], credentials=b.credentials())
    (summary,) = a.receive(path)
    assert summary.applied == 0 and summary.waiting_admission == 1
    assert "Planted by a stranger" not in a.titles()
    assert a.held() == {op.id: NOT_ADMITTED}


def test_bundle_of_another_format_or_shape_is_refused(sent: tuple[Laptop, Path], tmp_path: Path) -> None:
    a, good = sent
    document = load(good)
    cases: dict[str, Any] = {
        "not an object": [1, 2],
        "envelope not an object": {"envelope": "x", "payload": document["payload"]},
        "payload not an object": {"envelope": document["envelope"], "payload": "x"},
        "extra key": {"envelope": document["envelope"], "payload": document["payload"], "x": "y"},
    }
    for name, doc in cases.items():
        path = save(tmp_path / f"{name}.bundle", doc)
        refused(a, path, BadFileError, "not a StratPlan bundle|format")
    nested = tmp_path / "nested.bundle"
    nested.write_bytes(gzip.compress(b"[" * 100_000 + b"]" * 100_000))
    refused(a, nested, BadFileError, "not a StratPlan bundle")
    digits = tmp_path / "digits.bundle"
    digits.write_bytes(gzip.compress(b"9" * 10_000))
    refused(a, digits, BadFileError, "not a StratPlan bundle")


@pytest.mark.parametrize("field,value", [("hlc", "soon"), ("seq", "7"), ("seq", 0), ("hlc", -1),
                                         ("parents", "abc"), ("payload", []), ("device", 7),
                                         ("hlc", 1 << 70), ("seq", True)])
def test_validly_signed_operation_of_the_wrong_shape_is_refused(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, field: str, value: Any) -> None:
    """Even a stranger's signature on nonsense must not reach the store: a clock stamp of the
    wrong type would stop the laptop from ever saving again."""
    a, b, _c = three
    attacker = DeviceIdentity.generate()
    op = hand_made(b, identity=attacker, org=b.org_id)
    data = json.loads(op.body)
    data[field] = value
    body = canonical.encode(data)
    forged = Operation(op.id, body.decode("utf-8"), base64.b64encode(attacker.sign(body)).decode("ascii"),
                       op.kind, op.entity, op.coalition, op.org, op.author, op.device, op.seq, op.hlc,
                       op.parents, op.payload)
    path = bundle_of(tmp_path / "odd.bundle", sender=attacker, coalition=op.coalition, ops=[forged])
    refused(a, path, BadFileError, "malformed operation")


# ---------------------------------------------------------------- 4. another organisation


@pytest.mark.parametrize("kind", ["proposal.revise", "round.ballot"])
def test_operation_claiming_another_organisation_refuses_the_whole_bundle(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, kind: str) -> None:
    a, b, c = three
    honest = hand_made(b, title="Honest point")
    payload = None if kind == "proposal.revise" else {"org": a.org_id, "choices": {}, "proxy": False}
    forged = hand_made(b, kind=kind, org=a.org_id, title="In alpha's name", seq=honest.seq + 1, payload=payload)
    path = bundle_of(tmp_path / "forged.bundle", sender=b.ws.identity, coalition=b.ws.writer.profile.coalition_id,
                     ops=[honest, forged], credentials=b.credentials())
    error = refused(c, path, ForgedDataError, "claims to come from another organisation")
    assert "nothing was imported" in str(error)
    assert "Honest point" not in c.titles()


def test_relayed_operation_claiming_another_organisation_does_not_block_honest_laptops(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, closing: list[Laptop]) -> None:
    """A member's forgery, sent without its laptop's certificate, is kept aside by the honest
    laptop that receives it; when that laptop passes it on, the others keep it aside too instead
    of refusing everything that honest laptop sends from then on."""
    a, b, c = three
    second = DeviceIdentity.generate()
    with b.ws.store.transaction() as s:
        request = sharing.Request("device", {"device": second.device_id, "device_key": second.public_key.hex(),
                                             "label": "second"}, second.fingerprint)
        sharing.certify_device(s, org_key=b.org_key(), request=request)
    forged = hand_made(b, identity=second, org=a.org_id, title="In alpha's name")
    coalition = b.ws.writer.profile.coalition_id
    # Without the certificate, C cannot tell whose laptop this is: it waits.
    stripped = [x for x in b.credentials() if x.data.get("device") != second.device_id]
    (summary,) = c.receive(bundle_of(tmp_path / "stripped.bundle", sender=second, coalition=coalition,
                                     ops=[forged], credentials=stripped))
    assert summary.waiting_admission == 1
    c.draft("Honest gamma point")
    b.send(tmp_path / "b.bundle")
    c.receive(tmp_path / "b.bundle")  # now C knows the laptop is beta's: the forgery stays aside
    assert "In alpha's name" not in c.titles()
    c.send(tmp_path / "c.bundle")
    a.receive(tmp_path / "c.bundle")
    assert "Honest gamma point" in a.titles() and "In alpha's name" not in a.titles()
    assert forged.id in a.held()


def test_member_certifying_another_members_laptop_cannot_silence_or_revoke_it(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    """Any organisation key can sign a certificate naming any laptop (its id and key are public).
    C certifies B's laptop as one of C's (its certificate chosen to sort before B's own) and
    revokes it: B's laptop must still speak for B, and only for B."""
    a, b, c = three
    coalition = c.ws.writer.profile.coalition_id
    c_key = c.org_key()
    genuine = next(x for x in b.credentials() if x.kind == "device" and x.data["device"] == b.device)
    for n in range(1000):
        hijack = make_credential(c_key.private_key, {
            "type": "device", "coalition": coalition, "org": c.org_id, "device": b.device,
            "device_key": b.ws.identity.public_key.hex(), "label": f"gamma's now {n}"})
        if hijack.id < genuine.id:
            break
    assert hijack.id < genuine.id
    revocation = make_credential(c_key.private_key, {
        "type": "revoke", "coalition": coalition, "device": b.device, "from_seq": 1, "reason": "mine now"})
    a.receive(bundle_of(tmp_path / "hijack.bundle", sender=c.ws.identity, coalition=coalition, ops=[],
                        credentials=[*c.credentials(), hijack, revocation]))
    b.draft("Beta still speaks")
    b.send(tmp_path / "b.bundle")
    a.receive(tmp_path / "b.bundle")
    assert "Beta still speaks" in a.titles() and a.held() == {}
    # The roster shows the laptop under both organisations that vouch for it, revoked for C only.
    with a.ws.store.transaction() as s:
        view = sharing.roster_view(s, a.device)
    listed = {o.org_id: d.revoked_from for o in view.organisations for d in o.devices if d.device_id == b.device}
    assert listed == {b.org_id: None, c.org_id: 1}


def test_malformed_revocation_by_a_member_leaves_the_store_usable(three: tuple[Laptop, Laptop, Laptop],
                                                                 tmp_path: Path) -> None:
    a, b, c = three
    coalition = c.ws.writer.profile.coalition_id
    c_key = c.org_key()
    hijack = make_credential(c_key.private_key, {
        "type": "device", "coalition": coalition, "org": c.org_id, "device": b.device,
        "device_key": b.ws.identity.public_key.hex(), "label": "gamma's now"})
    odd = make_credential(c_key.private_key, {
        "type": "revoke", "coalition": coalition, "device": b.device, "from_seq": "soon", "reason": ""})
    a.receive(bundle_of(tmp_path / "odd.bundle", sender=c.ws.identity, coalition=coalition, ops=[],
                        credentials=[hijack, odd]))
    b.draft("Beta still speaks")
    b.send(tmp_path / "b.bundle")
    a.receive(tmp_path / "b.bundle")
    assert "Beta still speaks" in a.titles()


def test_stranger_handing_a_joining_laptop_a_malformed_roster(tmp_path: Path, closing: list[Laptop]) -> None:
    d = Laptop(tmp_path, "delta")
    closing.append(d)
    d.join_request(tmp_path / "delta.request")
    stranger = DeviceIdentity.generate()
    roster = make_credential(stranger.private_key, {
        "type": "roster", "coalition": "c", "version": 1, "name": "Fake", "orgs": ["s"], "conveners": ["s"],
        "signer": "s", "prev": ""})
    path = bundle_of(tmp_path / "fake.bundle", sender=stranger, coalition="c", ops=[], credentials=[roster])
    refused(d, path, importer.NotJoinedError, "does not admit this laptop")


# ---------------------------------------------------------------- 5. not yet admitted


@pytest.mark.parametrize("roster_first", [False, True])
def test_operation_of_an_organisation_not_yet_admitted_waits_for_the_roster(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, closing: list[Laptop], roster_first: bool) -> None:
    a, _b, c = three
    d = join_fourth(a, tmp_path, closing)
    d.draft("From delta")
    # D's bundle without the roster version that admits D (as if D had not received it yet).
    version = max(int(x.data["version"]) for x in d.credentials() if x.kind == "roster")
    d.partial_bundle(tmp_path / "d.bundle",
                     credentials=lambda x: not (x.kind == "roster" and x.data["version"] == version))
    roster = a.partial_bundle(tmp_path / "roster.bundle", ops=lambda _o: False)
    if roster_first:
        c.receive(roster)
        (summary,) = c.receive(tmp_path / "d.bundle")
        assert summary.waiting_admission == 0 and "From delta" in c.titles()
    else:
        (summary,) = c.receive(tmp_path / "d.bundle")
        assert summary.waiting_admission >= 1
        assert "From delta" not in c.titles()
        assert NOT_ADMITTED in c.held().values()
        (after,) = c.receive(roster)
        assert after.released >= 1
        assert "From delta" in c.titles()
    assert c.held() == {}
    assert c.snapshot() == c.rebuilt_snapshot()


# ---------------------------------------------------------------- 6. revoked laptop


@pytest.mark.parametrize("signer", ["convener", "own organisation"])
def test_revoked_laptops_later_operations_are_ignored_in_any_order(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, closing: list[Laptop], signer: str) -> None:
    a, b, c = three
    b.draft("Early")
    b.send(tmp_path / "b1.bundle")
    a.receive(tmp_path / "b1.bundle")
    c.receive(tmp_path / "b1.bundle")
    first_late = 1 + max(o.seq for o in b.ops() if o.device == b.device)
    b.draft("Late")
    b.draft("Later")
    late = b.partial_bundle(tmp_path / "b2.bundle")
    revoker = a if signer == "convener" else b
    with revoker.ws.store.transaction() as s:
        target, from_seq = sharing.revoke(s, signer_key=revoker.org_key(),
                                          device=b.device[:10], from_seq=first_late, reason="stolen")
    assert (target, from_seq) == (b.device, first_late)
    revocation = revoker.partial_bundle(tmp_path / "revoke.bundle", ops=lambda _o: False)
    c_twin = c.clone("gamma-twin")
    closing.append(c_twin)
    if revoker is not a:
        a.receive(revocation)
    (on_a,) = a.receive(late)                     # revocation first, then the operations
    assert on_a.revoked == 2 and on_a.applied == 0
    c.receive(late)                               # operations first: shown for a while...
    assert "Late" in c.titles()
    (on_c,) = c.receive(revocation)               # ...until the revocation arrives
    assert on_c.revoked == 2
    c_twin.receive(revocation, late)
    for laptop in (a, c, c_twin):
        assert laptop.titles() == ["Early"]
        assert sorted(laptop.held().values()) == [REVOKED, REVOKED]
    assert a.snapshot() == c.snapshot() == c_twin.snapshot() == c.rebuilt_snapshot()
    with a.ws.store.transaction() as s:
        view = sharing.roster_view(s, a.device)
    (device,) = [d for o in view.organisations for d in o.devices if d.device_id == b.device]
    assert device.revoked_from == first_late


# ---------------------------------------------------------------- 7, 8. clocks


def test_peer_clock_ten_years_ahead_is_accepted_but_moves_ours_a_day_at_most(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    a, b, _c = three
    before = wall_ms()
    b.ws.writer.clock = HybridClock(b.ws.writer.clock.last, wall=lambda: wall_ms() + TEN_YEARS_MS)
    b.draft("Written in 2035")
    b.send(tmp_path / "b.bundle")
    a.receive(tmp_path / "b.bundle")
    assert "Written in 2035" in a.titles()
    (future,) = [o for o in a.ops() if o.device == b.device]
    assert unpack(future.hlc)[0] >= before + TEN_YEARS_MS
    assert unpack(a.ws.writer.clock.last)[0] <= wall_ms() + MAX_FORWARD_MS
    a.draft("Written today")
    (today,) = [o for o in a.ops() if o.device == a.device and "Written today" in o.body]
    assert before <= unpack(today.hlc)[0] <= wall_ms() + MAX_FORWARD_MS


def test_peer_clock_ten_years_ahead_does_not_drag_ours_after_a_restart(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    a, b, _c = three
    b.ws.writer.clock = HybridClock(b.ws.writer.clock.last, wall=lambda: wall_ms() + TEN_YEARS_MS)
    b.draft("Written in 2035")
    b.send(tmp_path / "b.bundle")
    a.receive(tmp_path / "b.bundle")
    a.reopen()
    a.draft("Written today")
    (today,) = [o for o in a.ops() if o.device == a.device and "Written today" in o.body]
    assert unpack(today.hlc)[0] <= wall_ms() + MAX_FORWARD_MS


def test_local_clock_jumping_back_still_gives_increasing_stamps(
        three: tuple[Laptop, Laptop, Laptop], monkeypatch: pytest.MonkeyPatch) -> None:
    a, _b, _c = three
    wall = [wall_ms()]
    a.ws.writer.clock = HybridClock(a.ws.writer.clock.last, wall=lambda: wall[0])
    pid = a.draft("Before the jump")
    wall[0] -= 365 * 24 * 60 * 60 * 1000
    a.edit(pid, summary="After the jump")
    a.draft("Also after the jump")
    # A restart with the system clock a year behind: the store remembers where the clock was.
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() - 365 * 24 * 60 * 60 * 10**9)
    a.reopen()
    a.edit(pid, summary="After the restart")
    monkeypatch.undo()
    mine = sorted((o.seq, o.hlc) for o in a.ops() if o.device == a.device)
    stamps = [h for _s, h in mine]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert fields(a, pid)["summary"] == "After the restart"


# ---------------------------------------------------------------- 9, 10. bombs and crashes


def test_decompression_bomb_is_refused(sent: tuple[Laptop, Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    a, good = sent
    bomb = tmp_path / "bomb.bundle"
    bomb.write_bytes(gzip.compress(b'{"envelope":{},"payload":"' + b"A" * (4 << 20) + b'"}'))
    assert bomb.stat().st_size < 20_000
    with pytest.raises(BadFileError, match="expands to more than the allowed size"):
        read_bundle(bomb, max_decompressed=1 << 20)
    monkeypatch.setattr(bundle, "MAX_DECOMPRESSED", 1 << 20)
    refused(a, bomb, BadFileError, "expands to more than the allowed size")
    a.receive(good)  # an ordinary bundle still fits


def test_crash_half_way_through_an_import_stores_nothing_and_a_retry_works(
        sent: tuple[Laptop, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, good = sent
    real = materialise.apply_entities
    calls: list[int] = []

    def power_cut(session: Any, pairs: Any, known: Any = None) -> None:
        calls.append(1)
        real(session, pairs, known)  # derived rows written...
        raise OSError("power cut")  # ...then the laptop dies before the commit

    monkeypatch.setattr(materialise, "apply_entities", power_cut)
    before = a.dump()
    with pytest.raises(OSError, match="power cut"):
        a.receive(good)
    assert calls and a.dump() == before
    monkeypatch.undo()
    (summary,) = a.receive(good)
    assert summary.new > 0 and "Survivor shelters" in a.titles()
    assert a.snapshot() == a.rebuilt_snapshot()


def test_import_cancelled_from_its_progress_report_stores_nothing(sent: tuple[Laptop, Path]) -> None:
    a, good = sent

    def cancel(done: int, _total: int) -> None:
        if done:
            raise KeyboardInterrupt

    before = a.dump()
    with pytest.raises(KeyboardInterrupt), a.ws.store.transaction() as s:
        importer.import_bundle_file(s, good, local_device=a.device, progress=cancel)
    assert a.dump() == before


# ---------------------------------------------------------------- 11. gaps


def test_revision_whose_parent_is_missing_waits_for_it(three: tuple[Laptop, Laptop, Laptop],
                                                       tmp_path: Path) -> None:
    a, _b, c = three
    pid = a.draft("Training for police")
    a.edit(pid, summary="Second version")
    a.edit(pid, summary="Third version")
    revisions = [o for o in a.ops() if o.entity == pid]
    first, *later = revisions
    a.partial_bundle(tmp_path / "later.bundle", ops=lambda o: o.id in {r.id for r in later})
    a.partial_bundle(tmp_path / "first.bundle", ops=lambda o: o.id == first.id)
    before = c.snapshot()
    (summary,) = c.receive(tmp_path / "later.bundle")
    # The third revision builds on the second, which waits: it waits too.
    assert summary.gaps == 2 and summary.applied == 0
    assert c.held() == {r.id: GAP for r in later}
    assert "Training for police" not in c.titles() and c.snapshot() == before
    (after,) = c.receive(tmp_path / "first.bundle")
    assert after.gaps == 0 and after.released == 2 and c.held() == {}
    assert fields(c, pid)["summary"] == "Third version"
    c.receive(tmp_path / "later.bundle")
    a.partial_bundle(tmp_path / "all.bundle")
    c.receive(tmp_path / "all.bundle")
    assert c.snapshot() == c.rebuilt_snapshot()


# ---------------------------------------------------------------- 12. concurrent edits


def test_concurrent_edits_conflict_merge_and_survive_deletion(three: tuple[Laptop, Laptop, Laptop],
                                                              tmp_path: Path) -> None:
    a, b, c = three
    text = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."
    same = a.draft("Same paragraph", text)
    other = a.draft("Different paragraphs", text)
    gone = a.draft("Deleted and edited", text)
    exchange(tmp_path, "1", a, b, c)
    a.edit(same, body=text.replace("First paragraph.", "First paragraph, alpha's way."))
    b.edit(same, body=text.replace("First paragraph.", "First paragraph, beta's way."))
    a.edit(other, body=text.replace("First paragraph.", "First paragraph, alpha's way."))
    b.edit(other, body=text.replace("Third paragraph.", "Third paragraph, beta's way."))
    with a.ws.store.transaction() as s:
        proposals.set_deleted(s, writer=a.ws.writer, proposal_id=gone, deleted=True)
    c.edit(gone, summary="Still needed: gamma")
    exchange(tmp_path, "2", a, b, c)
    for laptop in (a, b, c):
        with laptop.ws.store.transaction() as s:
            found = {(x.proposal_id, x.field): x for x in conflicts.list_conflicts(s)}
        body = found[(same, "body")]
        assert str(body.where) == "paragraph 1"
        assert {x.value for x in body.candidates} == {
            text.replace("First paragraph.", "First paragraph, alpha's way."),
            text.replace("First paragraph.", "First paragraph, beta's way.")}
        assert (other, "body") not in found
        assert fields(laptop, other)["body"] == ("First paragraph, alpha's way.\n\nSecond paragraph.\n\n"
                                                 "Third paragraph, beta's way.")
        kept = fields(laptop, gone)
        assert kept["deleted"] is False and kept["summary"] == "Still needed: gamma"
        assert "Deleted and edited" in laptop.titles()
    assert a.snapshot() == b.snapshot() == c.snapshot() == a.rebuilt_snapshot()


# ---------------------------------------------------------------- 13. join requests


@pytest.fixture
def request_file(tmp_path: Path, closing: list[Laptop]) -> Path:
    d = Laptop(tmp_path, "delta")
    closing.append(d)
    return d.join_request(tmp_path / "delta.request")


def test_good_join_request_reads(request_file: Path) -> None:
    request = sharing.read_request(request_file)
    assert request.kind == "join" and request.device_cert is not None


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage", "text", "huge", "nested", "digits",
                                    "not a request", "body edited"])
def test_damaged_join_request_is_refused_clearly(request_file: Path, tmp_path: Path, damage: str) -> None:
    data = request_file.read_bytes()
    document = json.loads(data)
    edited = dict(document, body=document["body"].replace("Organisation delta", "Organisation evil"))
    content = {
        "empty": b"",
        "truncated": data[: len(data) // 2],
        "garbage": bytes(range(256)) * 4,
        "text": b"Dear convener, please admit us.",
        "huge": b" " * (sharing.MAX_REQUEST_BYTES + 1),
        "nested": b"[" * 30_000 + b"]" * 30_000,
        "digits": b"9" * 20_000,
        "not a request": canonical.encode({"format": "something else"}),
        "body edited": canonical.encode(edited),
    }[damage]
    path = tmp_path / "bad.request"
    path.write_bytes(content)
    error = ForgedDataError if damage == "body edited" else BadFileError
    with pytest.raises(error, match="bad.request|join credential"):
        sharing.read_request(path)


def test_join_request_whose_laptop_certificate_is_signed_by_another_key(request_file: Path,
                                                                         tmp_path: Path) -> None:
    """The organisation key signs the request, but someone else's key signed the laptop's
    certificate: admitting it would let that other key's organisation speak for this one."""
    document = json.loads(request_file.read_bytes())
    request = json.loads(document["body"])
    org_key, other = DeviceIdentity.generate(), DeviceIdentity.generate()
    cert = json.loads(request["device_cert"]["body"])
    cert.pop("signer_key")
    cert.pop("type")
    forged_cert = make_credential(other.private_key, {"type": "device", **cert})
    request.pop("signer_key")
    request["device_cert"] = {"body": forged_cert.body, "sig": forged_cert.sig}
    forged = make_credential(org_key.private_key, request)
    path = tmp_path / "forged.request"
    path.write_bytes(canonical.encode({"format": sharing.REQUEST_MARK, "body": forged.body, "sig": forged.sig}))
    with pytest.raises(ForgedDataError, match="not signed by the organisation's key"):
        sharing.read_request(path)


def test_device_request_signed_by_another_laptop(tmp_path: Path) -> None:
    me, other = DeviceIdentity.generate(), DeviceIdentity.generate()
    forged = make_credential(other.private_key, {"type": "device-request", "device": me.device_id,
                                                 "device_key": me.public_key.hex(), "label": "mine"})
    path = tmp_path / "device.request"
    path.write_bytes(canonical.encode({"format": sharing.REQUEST_MARK, "body": forged.body, "sig": forged.sig}))
    with pytest.raises(ForgedDataError, match="not signed by the laptop it names"):
        sharing.read_request(path)


@pytest.mark.parametrize("payload", [{"fields": "not an object"}, {}, {"fields": {"title": ["a", "list"]}}])
def test_member_signing_unreadable_contents_is_refused_cleanly(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, payload: dict[str, Any]) -> None:
    """A certified laptop (buggy or hostile) signs a change no StratPlan writes: refused, nothing stored."""
    a, b, c = three
    odd = hand_made(b, payload=payload)
    path = bundle_of(tmp_path / "odd.bundle", sender=b.ws.identity, coalition=b.ws.writer.profile.coalition_id,
                     ops=[odd], credentials=b.credentials())
    refused(c, path, BadFileError, "cannot be read")
    refused(a, path, BadFileError, "nothing was imported")
