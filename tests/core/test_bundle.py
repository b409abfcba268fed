"""Bundle files: intact ones read back exactly; damaged, cut or forged ones are refused whole."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from stratplan.core.db.models import SyncOp
from stratplan.core.errors import BadFileError, ForgedDataError
from stratplan.core.oplog.ops import from_body
from stratplan.core.services import proposals
from stratplan.core.sync.bundle import read_bundle, write_bundle
from stratplan.core.workspace import Workspace


@pytest.fixture
def bundle(workspace: Workspace, group_id: str, tmp_path: Path) -> Path:
    w = workspace.writer
    with workspace.store.transaction() as s:
        proposals.create_proposal(s, writer=w, group_id=group_id,
                                  fields={"title": "Mokymai policijai ąčę 🌍", "body": "Tekstas."})
        ops = [from_body(b, sig) for b, sig in s.execute(select(SyncOp.body, SyncOp.sig))]
    devices = {w.identity.device_id: w.identity.public_key.hex()}
    return write_bundle(tmp_path / "changes.stratplan", coalition=w.profile.coalition_id, sender=w.identity,
                        devices=devices, ops=ops, version_vector={w.identity.device_id: len(ops)})


def test_round_trip_and_no_partial_file(bundle: Path, workspace: Workspace) -> None:
    read = read_bundle(bundle)
    assert read.sender == workspace.identity.device_id and len(read.ops) > 5
    assert any(op.payload.get("fields", {}).get("title") == "Mokymai policijai ąčę 🌍" for op in read.ops)
    assert not list(bundle.parent.glob("*.part"))
    assert read_bundle(bundle) == read  # reading twice gives the same


@pytest.mark.parametrize("cut", [10, "half", -1])
def test_cut_files_are_refused(bundle: Path, cut: object) -> None:
    data = bundle.read_bytes()
    keep = {"half": len(data) // 2, -1: len(data) - 1}.get(cut, cut)  # type: ignore[call-overload]
    bundle.write_bytes(data[:keep])
    with pytest.raises(BadFileError, match="incomplete|damaged"):
        read_bundle(bundle)


def test_a_flipped_bit_is_refused(bundle: Path) -> None:
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    with pytest.raises((BadFileError, ForgedDataError)):
        read_bundle(bundle)


def rewrite(bundle: Path, change: object) -> None:
    document = json.loads(gzip.decompress(bundle.read_bytes()))
    change(document)  # type: ignore[operator]
    bundle.write_bytes(gzip.compress(json.dumps(document, sort_keys=True, separators=(",", ":"),
                                                ensure_ascii=False).encode()))


def test_an_operation_edited_after_signing_is_refused(bundle: Path) -> None:
    def edit(document: dict) -> None:  # type: ignore[type-arg]
        op = next(o for o in document["payload"]["ops"] if "Mokymai" in o["body"])
        op["body"] = op["body"].replace("Mokymai", "Mokymas")

    rewrite(bundle, edit)
    with pytest.raises(ForgedDataError):
        read_bundle(bundle)


def test_a_rehashed_but_unsigned_payload_is_refused(bundle: Path) -> None:
    import hashlib

    from stratplan.core.oplog import canonical

    def tamper(document: dict) -> None:  # type: ignore[type-arg]
        document["payload"]["version_vector"] = {}
        document["envelope"]["payload_sha256"] = hashlib.sha256(canonical.encode(document["payload"])).hexdigest()

    rewrite(bundle, tamper)
    with pytest.raises(ForgedDataError, match="not signed"):
        read_bundle(bundle)


def test_decompression_bombs_and_other_files(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.stratplan"
    bomb.write_bytes(gzip.compress(b"{" + b" " * 50_000_000))
    with pytest.raises(BadFileError, match="allowed size"):
        read_bundle(bomb, max_decompressed=10_000_000)
    notes = tmp_path / "notes.stratplan"
    notes.write_text("hello", encoding="utf-8")
    with pytest.raises(BadFileError, match="not a StratPlan bundle"):
        read_bundle(notes)
