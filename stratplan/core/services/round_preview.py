"""Before a round is closed: who voted, who did not, and whether the quorum is met.

Closing is final (the signed close lists the ballots that count), so the convener sees this
first. Read in one transaction; the close itself is another.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from stratplan.core.services import rounds
from stratplan.core.services.round_results import Turnout, turnout


@dataclass(frozen=True)
class VoterState:
    """An organisation of the electorate and its ballot (if any)."""

    org_id: str
    code: str
    name: str
    voted: bool
    # The ballot was entered by another organisation (a paper or online-form ballot).
    by_proxy: bool = False
    # Two laptops of this organisation voted differently; the later ballot stands.
    disagreement: bool = False
    # Voted by delegation: the code of the organisation whose ballot counts for it.
    through: str = ""


@dataclass(frozen=True)
class ClosePreview:
    round: rounds.RoundInfo
    voters: tuple[VoterState, ...]
    turnout: Turnout

    @property
    def voted(self) -> tuple[VoterState, ...]:
        return tuple(v for v in self.voters if v.voted)

    @property
    def missing(self) -> tuple[VoterState, ...]:
        return tuple(v for v in self.voters if not v.voted)


def close_preview(session: Session, *, round_id: str) -> ClosePreview:
    """Each organisation of the electorate with its ballot state, and the turnout."""
    from stratplan.core.services import delegation

    info = rounds.get_round(session, round_id)
    received = rounds.ballots(session, round_id=round_id)
    standing = {b.org_id: b for b in received if b.effective}
    through = delegation.resolve_round(session, info, set(standing)).through
    codes = {v.org_id: v.code for v in info.electorate}
    voters = tuple(
        VoterState(v.org_id, v.code, v.name, v.org_id in standing or v.org_id in through,
                   by_proxy=v.org_id in standing and standing[v.org_id].entered_by != v.code,
                   disagreement=v.org_id in standing and standing[v.org_id].disagreement,
                   through=codes.get(through.get(v.org_id, ""), ""))
        for v in sorted(info.electorate, key=lambda v: v.code.casefold()))
    return ClosePreview(info, voters, turnout(info, received, through))
