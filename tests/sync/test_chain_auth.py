"""One signature check per run of a laptop's operations: the chain (`prev`) authenticates the rest.

A bundle whose middle operation was altered must still be refused, whatever the forger
recomputed, and the store must stay byte for byte as it was.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stratplan.core.errors import ForgedDataError
from stratplan.core.oplog import canonical
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.ops import from_body
from stratplan.core.sync import bundle
from tests.sync.laptops import Laptop, coalition_of_three, copy_of_coalition

TITLES = [f"Chained point {n}" for n in range(6)]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chain")
    laptops = coalition_of_three(root)
    for title in TITLES:
        laptops[1].draft(title)
    for laptop in laptops:
        laptop.close()
    return root


@pytest.fixture
def sent(template: Path, tmp_path: Path) -> Iterator[tuple[Laptop, Path]]:
    """The convener's laptop, and a bundle of everything B wrote (a chain of several operations)."""
    a, b, c = copy_of_coalition(template, tmp_path)
    path = tmp_path / "b.bundle"
    b.send(path)
    yield a, path
    for laptop in (a, b, c):
        laptop.close()


def _document(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return document


def _save(path: Path, document: dict[str, Any], sender: DeviceIdentity) -> Path:
    """Reseal as a forger would: the payload's checksum made consistent and signed by `sender`."""
    payload = document["payload"]
    payload["sender"], payload["sender_key"] = sender.device_id, sender.public_key.hex()
    payload["devices"][sender.device_id] = sender.public_key.hex()
    digest = hashlib.sha256(canonical.encode(payload)).hexdigest()
    document["envelope"] = {**document["envelope"], "payload_sha256": digest,
                            "sig": base64.b64encode(sender.sign(digest.encode("ascii"))).decode("ascii")}
    path.write_bytes(gzip.compress(canonical.encode(document), mtime=0))
    return path


def _middle(document: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The index of B's op titled TITLES[2] (a later op of B names it in `prev`) and its body."""
    for index, item in enumerate(document["payload"]["ops"]):
        if f'"title":"{TITLES[2]}"' in item["body"]:
            body = json.loads(item["body"])
            later = [json.loads(i["body"]) for i in document["payload"]["ops"]]
            op_id = hashlib.sha256(item["body"].encode("utf-8")).hexdigest()
            assert any(x.get("prev") == op_id for x in later), "the op is not in the middle of a chain"
            return index, body
    raise AssertionError("the point is not in the bundle")


def _refused(a: Laptop, path: Path) -> None:
    before, titles = a.dump(), a.titles()
    with pytest.raises(ForgedDataError, match="does not carry a valid signature of its device"):
        a.receive(path)
    assert a.dump() == before and a.titles() == titles


def test_honest_chain_is_imported_with_one_signature_check_per_run(sent: tuple[Laptop, Path]) -> None:
    a, path = sent
    parsed = bundle.read_bundle(path)
    chained = [o for o in parsed.ops if o.version >= 2]
    assert len(chained) >= len(TITLES)
    keys = {d: bytes.fromhex(k) for d, k in parsed.devices.items()}
    checks = bundle.check_signatures(list(parsed.ops), keys)
    # B's operations form one chain: its newest is checked, and covers every earlier one.
    by_device = {o.device for o in parsed.ops}
    assert checks < len(parsed.ops) - len(TITLES) + len(by_device) + 1
    assert len(bundle.chain_covered(list(parsed.ops))) == len(parsed.ops) - checks
    a.receive(path)
    assert set(TITLES) <= set(a.titles())


@pytest.mark.parametrize("signature", ["swapped from another op", "the forger's own", "left as it was"])
def test_middle_op_edited_with_its_id_recomputed_is_refused(sent: tuple[Laptop, Path], tmp_path: Path,
                                                            signature: str) -> None:
    """The forger edits a middle op's title; its id (the body's hash) changes with it, which
    breaks the next op's `prev`: the edited op is a run's end, and its signature is checked."""
    a, good = sent
    attacker = DeviceIdentity.generate()
    document = _document(good)
    ops = document["payload"]["ops"]
    index, body = _middle(document)
    body["payload"]["fields"]["title"] = "Shelters closed"
    new_body = canonical.encode(body)
    ops[index]["body"] = new_body.decode("utf-8")
    if signature == "swapped from another op":
        ops[index]["sig"] = ops[-1]["sig"] if index != len(ops) - 1 else ops[0]["sig"]
    elif signature == "the forger's own":
        ops[index]["sig"] = base64.b64encode(attacker.sign(new_body)).decode("ascii")
    assert from_body(ops[index]["body"], ops[index]["sig"]).id == hashlib.sha256(new_body).hexdigest()
    _refused(a, _save(tmp_path / "edited.bundle", document, attacker))


def test_middle_op_edited_and_next_op_relinked_is_refused(sent: tuple[Laptop, Path], tmp_path: Path) -> None:
    """Relinking the next op to the edited one changes that op's id too, and so on up the
    chain: the newest op, whose signature is checked, no longer matches it."""
    a, good = sent
    attacker = DeviceIdentity.generate()
    document = _document(good)
    ops = document["payload"]["ops"]
    index, body = _middle(document)
    body["payload"]["fields"]["title"] = "Shelters closed"
    old_id = hashlib.sha256(ops[index]["body"].encode("utf-8")).hexdigest()
    ops[index]["body"] = canonical.encode(body).decode("utf-8")
    # Relink every later op of the chain to the altered ones, as a thorough forger would.
    ids = {old_id: hashlib.sha256(ops[index]["body"].encode("utf-8")).hexdigest()}
    for item in ops:
        later = json.loads(item["body"])
        if later.get("prev") in ids:
            before = hashlib.sha256(item["body"].encode("utf-8")).hexdigest()
            later["prev"] = ids[later["prev"]]
            item["body"] = canonical.encode(later).decode("utf-8")
            ids[before] = hashlib.sha256(item["body"].encode("utf-8")).hexdigest()
    assert len(ids) > 1
    _refused(a, _save(tmp_path / "relinked.bundle", document, attacker))


def test_a_link_to_another_devices_op_authenticates_nothing(sent: tuple[Laptop, Path]) -> None:
    """Only a device's own later op vouches for its earlier one: the chain never crosses devices."""
    _a, path = sent
    parsed = bundle.read_bundle(path)
    by_device: dict[str, list[str]] = {}
    for op in parsed.ops:
        by_device.setdefault(op.device, []).append(op.id)
    covered = bundle.chain_covered(list(parsed.ops))
    for op in parsed.ops:
        if op.id in covered:
            assert any(o.prev == op.id and o.device == op.device for o in parsed.ops)


def test_a_newest_signature_swapped_is_refused(sent: tuple[Laptop, Path], tmp_path: Path) -> None:
    """The newest operation of a run vouches for the rest: its own signature must hold."""
    a, good = sent
    document = _document(good)
    ops = document["payload"]["ops"]
    newest = _newest_of_chain(document)
    ops[newest]["sig"] = ops[0]["sig"] if newest else ops[1]["sig"]
    _refused(a, _save(tmp_path / "swapped-newest.bundle", document, DeviceIdentity.generate()))


def _newest_of_chain(document: dict[str, Any]) -> int:
    """The index of the op of B's chain that no other op names as its prev."""
    bodies = [json.loads(i["body"]) for i in document["payload"]["ops"]]
    ids = [hashlib.sha256(i["body"].encode("utf-8")).hexdigest() for i in document["payload"]["ops"]]
    named = {b.get("prev") for b in bodies}
    index, _body = _middle(document)
    device = bodies[index]["device"]
    (newest,) = [i for i, b in enumerate(bodies) if b["device"] == device and ids[i] not in named]
    return newest


def test_a_middle_signature_swapped_with_the_body_untouched_changes_nothing_anywhere(
        template: Path, tmp_path: Path) -> None:
    """The body is authentic (the chain vouches for it) though its signature field is not: it
    is imported, and this laptop's later bundles and pushes, which always end at a device's
    newest operation, are accepted by everyone else too."""
    a, b, c = copy_of_coalition(template, tmp_path)
    try:
        good = b.send(tmp_path / "b.bundle")
        document = _document(Path(good.path))
        ops = document["payload"]["ops"]
        index, _body = _middle(document)
        ops[index]["sig"] = ops[-1]["sig"] if index != len(ops) - 1 else ops[0]["sig"]
        a.receive(_save(tmp_path / "swapped.bundle", document, DeviceIdentity.generate()))
        assert set(TITLES) <= set(a.titles())
        a.draft("After the relay")
        a.send(tmp_path / "a-all.bundle")
        c.receive(tmp_path / "a-all.bundle")
        assert set(TITLES) | {"After the relay"} <= set(c.titles())
        # What C lacks after that: only A's newest, and still nothing is refused.
        c.send(tmp_path / "c.bundle")
        a.receive(tmp_path / "c.bundle")  # so that A knows what C holds
        a.draft("Later still")
        a.send(tmp_path / "a-since.bundle", peer=c.device[:8])
        c.receive(tmp_path / "a-since.bundle")
        assert "Later still" in c.titles()
        assert a.snapshot() == c.snapshot()
    finally:
        for laptop in (a, b, c):
            laptop.close()
