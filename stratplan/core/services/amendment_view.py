"""What the amendments tab reads about one proposal: its numbered text, its amendments, the
competing ones waiting for a choice, and whether this laptop's organisation may decide."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from stratplan.core.amend.lines import number_lines
from stratplan.core.services import amend_merge, amendments
from stratplan.core.services.amend_merge import Competition
from stratplan.core.services.amendments import AmendmentInfo, NumberedLine


@dataclass(frozen=True)
class AmendmentDesk:
    proposal_id: str
    lines: tuple[NumberedLine, ...]
    amendments: tuple[AmendmentInfo, ...]   # open ones first, then by line, then oldest first
    competitions: tuple[Competition, ...]
    may_decide: bool
    body: str = ""                                   # the current text the lines number
    spans: tuple[tuple[int, int], ...] = ()          # each numbered line's [start, end) in body

    def passage(self, first: int, last: int) -> str:
        """The text of lines first..last as stored: a wrapped line's break is the space it was."""
        if not (1 <= first <= last <= len(self.spans)):
            return ""
        return self.body[self.spans[first - 1][0]:self.spans[last - 1][1]]

    def competition_of(self, amendment_id: str) -> Competition | None:
        return next((c for c in self.competitions if amendment_id in c.ids), None)


# Open amendments are the ones a reader has to act on; the settled ones follow.
_ORDER = {"open": 0, "accepted": 1, "outdated": 2, "merged": 3, "rejected": 4, "set-aside": 5, "invalid": 6}


def amendment_desk(session: Session, *, proposal_id: str, org_id: str) -> AmendmentDesk:
    found = amendments.list_amendments(session, proposal_id=proposal_id)
    ordered = sorted(found, key=lambda a: (_ORDER.get(a.state, 9), a.first_line, a.hlc, a.id))
    body, _clean, competing = amend_merge.pending(session, proposal_id=proposal_id)
    numbered = number_lines(body)
    return AmendmentDesk(proposal_id, tuple(NumberedLine(n.number, n.text) for n in numbered), tuple(ordered),
                         tuple(competing), org_id in amendments.deciders(session, proposal_id), body,
                         tuple((n.start, n.end) for n in numbered))
