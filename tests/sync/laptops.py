"""Test helper: laptops, each with its own store and keys, sharing a coalition through bundles."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import select, text

from stratplan.core.db.models import DERIVED_TABLES, SyncHeld, SyncOp
from stratplan.core.oplog.identity import DeviceIdentity, load_or_create_identity, org_key_file
from stratplan.core.oplog.ops import Operation, from_body
from stratplan.core.services import groups, proposals, sharing
from stratplan.core.sync import exporter, held, importer
from stratplan.core.sync.bundle import write_bundle
from stratplan.core.sync.credentials import Credential
from stratplan.core.workspace import Workspace, open_workspace, read_profile


class Laptop:
    """One installation: a store, a device key, and (if it has one) its organisation's key."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.root = root / name
        self.keys = self.root / "keys"
        self.ws: Workspace = open_workspace(self.root / "store.sqlite", self.keys)
        self.org_id = ""

    def org_key(self, org_id: str = "") -> DeviceIdentity:
        return load_or_create_identity(self.keys, None, org_key_file(org_id or self.org_id))

    def found(self, coalition: str = "Paris coalition") -> None:
        with self.ws.store.transaction() as s:
            self.org_id = "org-" + self.name
            load_or_create_identity(self.keys, None, org_key_file(self.org_id))
            from stratplan.core.services.coalition import create_coalition

            create_coalition(s, writer=self.ws.writer, name=coalition, org_name=f"Org {self.name}",
                             org_code=self.name.upper()[:6], country="FR", language="fr",
                             person_name=f"Director {self.name}")
            self.org_id = self.ws.writer.profile.org_id
            key_file = self.keys / org_key_file("org-" + self.name)
            key_file.rename(self.keys / org_key_file(self.org_id))
            sharing.start_sharing(s, writer=self.ws.writer, org_key=self.org_key())

    def join_request(self, out: Path, country: str = "LT") -> Path:
        self.org_id = "o" + self.name
        key = load_or_create_identity(self.keys, None, org_key_file(self.org_id))
        with self.ws.store.transaction() as s:
            data = sharing.make_join_request(s, identity=self.ws.identity, org_key=key, org_id=self.org_id,
                                             name=f"Organisation {self.name}", code=self.name.upper()[:6],
                                             country=country, language="lt", person_name=f"Director {self.name}")
        out.write_bytes(data)
        return out

    def admit(self, request: Path) -> sharing.AdmitResult:
        with self.ws.store.transaction() as s:
            return sharing.admit(s, writer=self.ws.writer, convener_key=self.org_key(),
                                 request=sharing.read_request(request))

    def send(self, out: Path, peer: str = "") -> exporter.ExportSummary:
        with self.ws.store.transaction() as s:
            return exporter.export_bundle(s, out, identity=self.ws.identity, peer=peer)

    def receive(self, *paths: Path) -> list[importer.ImportSummary]:
        out = []
        for path in paths:
            with self.ws.store.transaction() as s:
                out.append(importer.import_bundle_file(s, path, local_device=self.ws.identity.device_id,
                                                       clock=self.ws.writer.clock))
                self.ws.writer.profile = read_profile(s)
        return out

    def group(self) -> str:
        with self.ws.store.transaction() as s:
            return groups.list_groups(s)[0].id

    def draft(self, title: str, body: str = "First paragraph.\n\nSecond paragraph.") -> str:
        with self.ws.store.transaction() as s:
            gid = groups.list_groups(s)[0].id
            return proposals.create_proposal(s, writer=self.ws.writer, group_id=gid,
                                             fields={"title": title, "body": body}).id

    def edit(self, pid: str, **changes: object) -> None:
        with self.ws.store.transaction() as s:
            proposals.revise_proposal(s, writer=self.ws.writer, proposal_id=pid, changes=changes)

    def titles(self) -> list[str]:
        with self.ws.store.transaction() as s:
            return sorted(p.title for p in proposals.list_proposals(s))

    def snapshot(self) -> dict[str, list[tuple[object, ...]]]:
        with self.ws.store.transaction() as s:
            return {m.__tablename__: sorted(tuple(r) for r in s.execute(text(f"SELECT * FROM {m.__tablename__}")))
                    for m in DERIVED_TABLES}

    def rebuilt_snapshot(self) -> dict[str, list[tuple[object, ...]]]:
        with self.ws.store.transaction() as s:
            held.full_rebuild(s)
        return self.snapshot()

    def dump(self) -> bytes:
        """Every row of every table: to prove a refused import changed nothing."""
        with self.ws.store.transaction() as s:
            names = [r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))]
            return repr([(n, sorted(map(tuple, s.execute(text(f'SELECT * FROM "{n}"'))))) for n in names]).encode()

    def close(self) -> None:
        self.ws.close()

    def reopen(self) -> None:
        """Quit and start StratPlan again on the same store and keys."""
        self.ws.close()
        self.ws = open_workspace(self.root / "store.sqlite", self.keys)

    def clone(self, name: str) -> Laptop:
        """A restored copy of this laptop (same device and keys) in a sibling folder."""
        target = self.root.parent / name
        shutil.copytree(self.keys, target / "keys")
        src, dst = sqlite3.connect(self.root / "store.sqlite"), sqlite3.connect(target / "store.sqlite")
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        twin = Laptop(self.root.parent, name)
        twin.org_id = self.org_id
        return twin

    def partial_bundle(self, out: Path, *, ops: Callable[[Operation], bool] = lambda _o: True,
                       credentials: Callable[[Credential], bool] = lambda _c: True) -> Path:
        """A bundle of this laptop's store holding only the chosen operations and credentials."""
        with self.ws.store.transaction() as s:
            creds, devices, stored = exporter.collect(s)
            trust = held.load_trust(s)
            assert trust is not None
            kept = [o for o in stored if ops(o)]
            return write_bundle(out, coalition=trust.coalition, sender=self.ws.identity,
                                devices={d: k for d, k in devices.items() if d in {o.device for o in kept}},
                                ops=kept, version_vector=exporter.version_vector(s),
                                credentials=[c for c in creds if credentials(c)])

    def ops(self) -> list[Operation]:
        """Every stored operation (applied or held), in clock order."""
        with self.ws.store.transaction() as s:
            rows = s.execute(select(SyncOp.id, SyncOp.body, SyncOp.sig).order_by(SyncOp.hlc, SyncOp.id))
            return [from_body(body, sig, trusted=True, known_id=oid) for oid, body, sig in rows]

    def held(self) -> dict[str, str]:
        """Held operations: op id -> reason."""
        with self.ws.store.transaction() as s:
            return dict(s.execute(select(SyncHeld.op_id, SyncHeld.reason)).all())

    def credentials(self) -> list[Credential]:
        with self.ws.store.transaction() as s:
            return held.stored_credentials(s)

    @property
    def device(self) -> str:
        return self.ws.identity.device_id


def bundle_of(out: Path, *, sender: DeviceIdentity, coalition: str, ops: Iterable[Operation],
              credentials: Iterable[Credential] = (), keys: Iterable[DeviceIdentity] = ()) -> Path:
    """A bundle of hand-made operations, signed by `sender`; `keys` are their devices."""
    ops = list(ops)
    devices = {k.device_id: k.public_key.hex() for k in (sender, *keys)}
    return write_bundle(out, coalition=coalition, sender=sender,
                        devices={d: k for d, k in devices.items() if d in {o.device for o in ops}}, ops=ops,
                        version_vector={}, credentials=list(credentials))


def coalition_of_three(tmp: Path) -> tuple[Laptop, Laptop, Laptop]:
    """A convener and two admitted organisations, each with the others' roster."""
    a, b, c = Laptop(tmp, "alpha"), Laptop(tmp, "beta"), Laptop(tmp, "gamma")
    a.found()
    for joiner in (b, c):
        joiner.join_request(tmp / f"{joiner.name}.request")
        a.admit(tmp / f"{joiner.name}.request")
    a.send(tmp / "roster.bundle")
    b.receive(tmp / "roster.bundle")
    c.receive(tmp / "roster.bundle")
    return a, b, c


def copy_of_coalition(template: Path, tmp: Path) -> tuple[Laptop, Laptop, Laptop]:
    """Laptops opened on a copy of a closed coalition_of_three made in `template`: the same
    keys and stores, at a fraction of the cost of setting them up again."""
    out = []
    for name in ("alpha", "beta", "gamma"):
        shutil.copytree(template / name, tmp / name)
        laptop = Laptop(tmp, name)
        laptop.org_id = laptop.ws.writer.profile.org_id
        out.append(laptop)
    return out[0], out[1], out[2]


def backup(laptop: Laptop, out: Path) -> Path:
    """Copy the store with SQLite's backup API, as a backup tool would while StratPlan runs."""
    src, dst = sqlite3.connect(laptop.root / "store.sqlite"), sqlite3.connect(out)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return out


def restore(laptop: Laptop, copy: Path) -> None:
    """Quit StratPlan, put the backup back in place of the store (same keys), start again."""
    laptop.close()
    src, dst = sqlite3.connect(copy), sqlite3.connect(laptop.root / "store.sqlite")
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    laptop.ws = open_workspace(laptop.root / "store.sqlite", laptop.keys)
