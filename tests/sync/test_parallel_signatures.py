"""Signatures checked in parallel threads: one altered operation anywhere still refuses all."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from stratplan.core.errors import ForgedDataError
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.ops import Operation, SignatureChecks, check_signatures_of, create_op
from stratplan.core.sync import bundle
from tests.sync.laptops import bundle_of

COUNT = 3 * SignatureChecks.RUN + 7  # several runs for the threads, and a short last one


def _ops(identity: DeviceIdentity) -> list[Operation]:
    return [create_op(identity, kind="comment.add", entity=f"{i:032x}", coalition="c" * 32, org="o" * 32,
                      author="p" * 32, seq=i + 1, hlc=1000 + i, payload={"proposal": "x" * 32, "text": f"#{i}"})
            for i in range(COUNT)]


def _swapped(ops: list[Operation], index: int) -> list[Operation]:
    """The operation at `index` carries its neighbour's (valid, but not its own) signature."""
    out = list(ops)
    out[index] = dataclasses.replace(ops[index], sig=ops[index - 1].sig)
    return out


@pytest.mark.parametrize("index", [1, SignatureChecks.RUN + 3, COUNT - 1])
@pytest.mark.parametrize("workers", [1, 2, 4])
def test_one_swapped_signature_in_any_run_is_refused_and_named(index: int, workers: int) -> None:
    identity = DeviceIdentity.generate()
    ops = _swapped(_ops(identity), index)
    with pytest.raises(ForgedDataError, match=ops[index].id[:12]), \
            SignatureChecks({identity.device_id: identity.public_key}, workers=workers) as checks:
        for op in ops:
            checks.add(op)
        checks.wait()


def test_honest_operations_are_all_counted() -> None:
    identity = DeviceIdentity.generate()
    assert check_signatures_of(_ops(identity), {identity.device_id: identity.public_key}) == COUNT


def test_the_earliest_bad_run_is_reported_as_a_serial_check_would() -> None:
    identity = DeviceIdentity.generate()
    ops = _swapped(_swapped(_ops(identity), COUNT - 2), 2 * SignatureChecks.RUN + 1)
    with pytest.raises(ForgedDataError, match=ops[2 * SignatureChecks.RUN + 1].id[:12]):
        check_signatures_of(ops, {identity.device_id: identity.public_key})


def test_bundle_with_one_altered_operation_past_the_first_run_is_refused(tmp_path: Path) -> None:
    identity = DeviceIdentity.generate()
    ops = _swapped(_ops(identity), COUNT - 5)
    path = bundle_of(tmp_path / "one-bad.stratplan", sender=identity, coalition="c" * 32, ops=ops)
    with pytest.raises(ForgedDataError, match="does not carry a valid signature of its device"):
        bundle.read_bundle(path)
    honest = bundle_of(tmp_path / "honest.stratplan", sender=identity, coalition="c" * 32, ops=_ops(identity))
    assert len(bundle.read_bundle(honest).ops) == COUNT
