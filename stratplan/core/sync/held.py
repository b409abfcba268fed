"""Held operations: stored, verified, but not applied until their organisation is admitted,
and never applied after their laptop's revocation point or while a revision they build on is
missing. The held set is a function of the log and the credentials, recomputed as they grow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from stratplan.core.db.models import StoreMeta, SyncCredential, SyncHeld, SyncOp
from stratplan.core.oplog import materialise
from stratplan.core.oplog.ops import Operation, from_body
from stratplan.core.sync.credentials import Credential, parse_credential
from stratplan.core.sync.trust import GAP, Trust, compute_trust

GENESIS_KEY = "roster_genesis"


def stored_credentials(session: Session) -> list[Credential]:
    rows = session.execute(select(SyncCredential.body, SyncCredential.sig))
    return [parse_credential(body, sig) for body, sig in rows]


def genesis_id(session: Session) -> str:
    """The first roster version this store trusts; empty before the coalition is shared."""
    row = session.get(StoreMeta, GENESIS_KEY)
    return row.value if row else ""


def load_trust(session: Session, extra: Iterable[Credential] = ()) -> Trust | None:
    """The store's trust state (with `extra` credentials added), or None when it has no roster."""
    genesis = genesis_id(session)
    if not genesis:
        return None
    return compute_trust([*stored_credentials(session), *extra], genesis)


def verdicts(ops: Iterable[Operation], trust: Trust | None, present: set[str]) -> dict[str, tuple[str, str]]:
    """op id -> (reason, detail) for every operation of `ops` that must be held.

    `ops` must include every operation held so far. A revision waits while a revision it builds
    on is missing, or is itself waiting for one: applied alone it would look like a new start
    and clash with everything else, a conflict that is not one."""
    held: dict[str, tuple[str, str]] = {}
    children: dict[str, list[Operation]] = {}
    stack: list[Operation] = []
    for op in ops:
        reason = trust.verdict(op) if trust is not None else None
        if reason is not None:
            held[op.id] = (reason, op.device)
            continue
        for parent in op.parents:
            children.setdefault(parent, []).append(op)
        if any(p not in present for p in op.parents):
            stack.append(op)
    gaps: set[str] = set()
    while stack:
        op = stack.pop()
        if op.id in held:
            continue
        held[op.id] = (GAP, " ".join(p for p in op.parents if p not in present or p in gaps))
        gaps.add(op.id)
        stack.extend(children.get(op.id, ()))
    return held


def _parse(rows: Iterable[tuple[str, str, str]]) -> list[Operation]:
    return [from_body(body, sig, trusted=True, known_id=oid) for oid, body, sig in rows]


def update_held(session: Session, trust: Trust | None, candidates: list[Operation] | None) -> set[str]:
    """Re-decide the held state of `candidates` (None: every stored operation) and of every
    operation held so far; return the entities whose applied operations changed."""
    current = dict(session.execute(select(SyncHeld.op_id, SyncHeld.reason)).all())
    if candidates is None:
        ops = _parse(session.execute(select(SyncOp.id, SyncOp.body, SyncOp.sig)))
        present = {o.id for o in ops}
    else:
        again = _parse(session.execute(
            select(SyncOp.id, SyncOp.body, SyncOp.sig).where(SyncOp.id.in_(list(current)))))
        ops = list({o.id: o for o in (*candidates, *again)}.values())
        # The candidates and the held operations are stored: only other parents need a query.
        present = {o.id for o in ops}
        wanted = sorted({p for o in ops for p in o.parents} - present)
        for start in range(0, len(wanted), 900):
            present.update(session.scalars(select(SyncOp.id).where(SyncOp.id.in_(wanted[start:start + 900]))))
    decided = verdicts(ops, trust, present)
    changed: set[str] = set()
    releases = [o for o in ops if o.id in current and o.id not in decided]
    holds = [o for o in ops if o.id in decided and current.get(o.id) != decided[o.id][0]]
    if releases:
        ids = [o.id for o in releases]
        for start in range(0, len(ids), 500):
            session.execute(delete(SyncHeld).where(SyncHeld.op_id.in_(ids[start:start + 500])))
    if holds:
        session.execute(delete(SyncHeld).where(SyncHeld.op_id.in_([o.id for o in holds])))
        session.execute(insert(SyncHeld),
                        [{"op_id": o.id, "reason": decided[o.id][0], "detail": decided[o.id][1]} for o in holds])
    for op in (*releases, *holds):
        changed.add(op.entity)
    return changed


def reapply(session: Session, entities: Iterable[str],
            known: Mapping[str, Operation] | None = None) -> None:
    """Recompute the derived rows of these entities from their applied operations (known:
    operations already parsed, by id)."""
    wanted = sorted(set(entities))
    pairs: set[tuple[str, str]] = set()
    for start in range(0, len(wanted), 500):
        # The kind column tells the family: no need to parse the bodies twice.
        rows = session.execute(select(SyncOp.kind, SyncOp.entity).distinct()
                               .where(SyncOp.entity.in_(wanted[start:start + 500])))
        pairs.update((kind.split(".", 1)[0], entity) for kind, entity in rows)
    materialise.apply_entities(session, pairs, known)


def full_rebuild(session: Session, progress: materialise.Progress | None = None) -> int:
    """Decide the held set afresh, then rebuild every derived table from the applied log."""
    update_held(session, load_trust(session), None)
    return materialise.rebuild(session, progress) if progress else materialise.rebuild(session)


def held_counts(session: Session) -> dict[str, int]:
    """How many operations are held, by reason."""
    counts: dict[str, int] = {}
    for reason in session.scalars(select(SyncHeld.reason)):
        counts[reason] = counts.get(reason, 0) + 1
    return counts
