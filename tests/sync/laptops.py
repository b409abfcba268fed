"""Test helper: laptops, each with its own store and keys, sharing a coalition through bundles."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from stratplan.core.db.models import DERIVED_TABLES
from stratplan.core.oplog.identity import load_or_create_identity, org_key_file
from stratplan.core.services import groups, proposals, sharing
from stratplan.core.sync import exporter, held, importer
from stratplan.core.workspace import Workspace, open_workspace, read_profile


class Laptop:
    """One installation: a store, a device key, and (if it has one) its organisation's key."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.root = root / name
        self.keys = self.root / "keys"
        self.ws: Workspace = open_workspace(self.root / "store.sqlite", self.keys)
        self.org_id = ""

    def org_key(self, org_id: str = "") -> object:
        return load_or_create_identity(self.keys, None, org_key_file(org_id or self.org_id))

    def found(self, coalition: str = "Paris coalition") -> None:
        with self.ws.store.transaction() as s:
            self.org_id = "org-" + self.name
            key = load_or_create_identity(self.keys, None, org_key_file(self.org_id))
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
            return sharing.admit(s, writer=self.ws.writer, convener_key=self.org_key(),  # type: ignore[arg-type]
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
