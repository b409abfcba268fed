"""Receiving, the shared folder and admitting say what they changed, for the windows to refresh."""

from __future__ import annotations

from pathlib import Path

from stratplan.core.actions import perform
from stratplan.core.services import sharing
from stratplan.core.sync import actions, folder
from tests.sync.laptops import Laptop, coalition_of_three


def test_received_bundles_and_folder_syncs_name_the_new_proposals(tmp_path: Path) -> None:
    a, b, c = coalition_of_three(tmp_path)
    try:
        pid = b.draft("Shelters in Kaunas")
        b.send(tmp_path / "beta.stratplan")
        received = actions.receive_files(a.ws, [tmp_path / "beta.stratplan"])
        assert received.summaries[0].new > 0
        assert pid in received.changes.proposals and not received.changes.everything
        again = actions.receive_files(a.ws, [tmp_path / "beta.stratplan"])
        assert pid not in again.changes.proposals     # nothing new came in the second time
        shared = tmp_path / "Dropbox"
        shared.mkdir()
        other = c.draft("Exit programme")
        folder.sync_folder(c.ws, shared)
        summary = folder.sync_folder(a.ws, shared)
        assert other in summary.changes.proposals
    finally:
        for x in (a, b, c):
            x.close()


def test_admitting_and_revoking_change_the_roster(tmp_path: Path) -> None:
    a, d = Laptop(tmp_path, "alpha"), Laptop(tmp_path, "delta")
    try:
        a.found()
        request = sharing.read_request(d.join_request(tmp_path / "delta.request"))
        admitted = perform(a.ws, lambda s, w: sharing.admit(s, writer=w, convener_key=a.org_key(),
                                                           request=request))
        assert admitted.changes.roster and admitted.changes.coalition
        revoked = perform(a.ws, lambda s, _w: sharing.revoke(s, signer_key=a.org_key(),
                                                            device=d.ws.identity.device_id))
        assert revoked.changes.roster
    finally:
        a.close()
        d.close()
