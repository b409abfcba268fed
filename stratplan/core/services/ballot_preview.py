"""Importing a ballot sheet in two steps: a preview of what each row will do, then the recording.

The preview reads the sheet without writing anything and says, row by row, which organisation's
ballot will be recorded, which replaces a ballot already here, which rows change nothing (left
empty, or the same ballot again) and which are refused, with the reason. Recording takes the
same file again in its own transaction and writes only the rows the preview accepted; if the
round changed in between (a ballot arrived, the round closed), nothing is written and the user
is asked to look again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from stratplan.core.errors import ValidationError
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import ballot_csv, rounds

# What importing a row does.
NEW = "new"  # a first ballot for this organisation
REPLACES = "replaces"  # a different ballot than the one already recorded
UNCHANGED = "unchanged"  # the same ballot as the one already recorded (a sheet exported earlier)
EMPTY = "empty"  # the row is left empty: no ballot
REFUSED = "refused"  # the row cannot be read or does not belong in this round
RECORDED = (NEW, REPLACES)


@dataclass(frozen=True)
class ImportRow:
    """One row of the sheet and what importing it does."""

    line: int
    organisation: str  # as written in the sheet
    org_id: str  # '' when the sheet names no organisation of the electorate
    name: str
    outcome: str
    # The ballot with proposal ids (what would be cast); None for refused and empty rows.
    choices: Any
    reason: Message | None = None


@dataclass(frozen=True)
class ImportPreview:
    round_id: str
    round_title: str
    method: str
    rows: tuple[ImportRow, ...]

    def count(self, *outcomes: str) -> int:
        return sum(1 for r in self.rows if r.outcome in outcomes)

    @property
    def to_record(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.outcome in RECORDED)


def preview_ballot_import(session: Session, *, round_id: str, data: bytes) -> ImportPreview:
    """What importing `data` into the round would do, row by row; nothing is written.

    A file that cannot be read as a ballot sheet at all (not UTF-8, wrong header, a column
    that names no proposal of the round) is refused as a whole with a StratplanError.
    """
    info = rounds.get_round(session, round_id)
    if info.status != "open":
        raise ValidationError(msg("The round '{title}' is closed; no ballots can be imported.", title=info.title))
    parsed, refused = _parse_leniently(data, info.method)
    by_label = {f"P{p.number}": p.id for p in info.proposals}
    for label in parsed.labels:
        if label not in by_label:
            raise ValidationError(msg("Nothing was imported: the column '{label}' names no proposal of this "
                                      "round (it has P1 to P{last}).", label=label, last=len(info.proposals)))
    standing = {b.org_id: b.choices for b in rounds.ballots(session, round_id=round_id) if b.effective}
    out = [_row_outcome(info, row, by_label, standing) for row in parsed.rows]
    out += refused
    return ImportPreview(info.id, info.title, info.method, tuple(sorted(out, key=lambda r: r.line)))


def import_previewed(session: Session, *, writer: OpWriter, round_id: str, data: bytes,
                     expected: ImportPreview) -> int:
    """Record the rows the preview accepted; refuse if the round no longer matches the preview."""
    fresh = preview_ballot_import(session, round_id=round_id, data=data)
    if fresh != expected:
        raise ValidationError(msg("The round changed while the preview was open (a ballot arrived or was "
                                  "changed). Nothing was imported: import the file again to see what it "
                                  "would do now."))
    for row in fresh.to_record:
        rounds.cast_ballot(session, writer=writer, round_id=round_id, choices=row.choices, on_behalf_of=row.org_id)
    return len(fresh.to_record)


def _row_outcome(info: rounds.RoundInfo, row: ballot_csv.ParsedRow, by_label: dict[str, str],
                 standing: dict[str, Any]) -> ImportRow:
    voter = next((v for v in info.electorate if v.code.casefold() == row.organisation.casefold()), None)
    if voter is None:
        return ImportRow(row.line, row.organisation, "", "", REFUSED, None,
                         msg("{org} is not in this round's electorate.", org=row.organisation))
    if row.weight_given and row.weight != voter.weight:
        # Weights are fixed when the round opens: a different one would be silently ignored.
        return ImportRow(row.line, row.organisation, voter.org_id, voter.name, REFUSED, None,
                         msg("The weight {weight} differs from {org}'s weight in this round ({fixed}); weights "
                             "are set when the round opens.", weight=str(row.weight), org=voter.code,
                             fixed=str(voter.weight)))
    if not row.voted:
        return ImportRow(row.line, row.organisation, voter.org_id, voter.name, EMPTY, None)
    if info.method == "ranking":
        choices: Any = [[by_label[item] for item in group] for group in row.choices]
    else:
        choices = {by_label[k]: v for k, v in row.choices.items()}
    if voter.org_id not in standing:
        outcome = NEW
    elif ballot_csv.normal_choices(info, standing[voter.org_id]) == ballot_csv.normal_choices(info, choices):
        outcome = UNCHANGED
    else:
        outcome = REPLACES
    return ImportRow(row.line, row.organisation, voter.org_id, voter.name, outcome, choices)


def _parse_leniently(data: bytes, method: str) -> tuple[ballot_csv.ParsedFile, list[ImportRow]]:
    """The rows that read well, and the refused ones with their reasons (instead of refusing all).

    Problems with the file as a whole (size, encoding, header, a CSV error that stops the
    reading) still refuse the file, with the strict reader's message."""
    parsed, refused, broken = ballot_csv.read_ballot_rows(data, method)
    if broken is not None:
        ballot_csv.refuse([r.problem for r in refused] + [broken])
    return parsed, [ImportRow(r.line, r.organisation, "", "", REFUSED, None, r.problem) for r in refused]

