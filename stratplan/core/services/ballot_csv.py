"""Ballots as CSV: templates for paper and online-form ballots, import, audit export, recount.

Format (UTF-8, comma-separated, first row is the header):

    organisation,weight,P1 Police training,P2 Exit programme      (approval and score rounds)
    AUBE,1,yes,no
    NORD,1,,                                                       (empty row: did not vote)

    organisation,weight,ranking                                    (ranking rounds)
    AUBE,1,P2 > P1 = P3

`organisation` is the member's short code, `weight` may be left empty (1). Approval cells
are yes, no or abstain (empty = abstain when the row has any vote); score cells are 0 to 5 or
empty (blank). A ranking lists proposal labels best first; `=` ties, `>` separates places.
Only the label's first word (P1, P2 ...) identifies the proposal; the title is a reminder.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NoReturn

from sqlalchemy.orm import Session

from stratplan.core import csv_safe
from stratplan.core.errors import BadFileError, ValidationError
from stratplan.core.messages import Message, listing, msg, plural
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import rounds
from stratplan.core.voting.approval import count_approval
from stratplan.core.voting.model import ApprovalBallot, RankingBallot, ScoreBallot, group_by_key
from stratplan.core.voting.ranking import count_borda, count_schulze
from stratplan.core.voting.score import count_score

MAX_BYTES = 5_000_000
APPROVAL_WORDS = {"yes": "yes", "no": "no", "abstain": "abstain", "taip": "yes", "ne": "no",
                  "susilaikė": "abstain", "oui": "yes", "non": "no"}


@dataclass
class ParsedRow:
    line: int
    organisation: str
    weight: Fraction
    choices: Any
    voted: bool
    # True when the sheet gave this row's weight (not left empty).
    weight_given: bool = False


@dataclass
class ParsedFile:
    labels: list[str]
    has_weight: bool = False
    rows: list[ParsedRow] = field(default_factory=list)


def _label(header: str) -> str:
    return header.strip().split(" ", 1)[0] if header.strip() else ""


def _parse_ranking(cell: str, labels: set[str], line: int) -> list[list[str]]:
    places: list[list[str]] = []
    seen: set[str] = set()
    for place in cell.split(">"):
        group = [item.strip() for item in place.split("=")]
        if any(not item for item in group):
            raise ValidationError("line {line}: the ranking '{cell}' has an empty place",
                                  line=line, cell=cell)
        for item in group:
            if labels and item not in labels:
                raise ValidationError("line {line}: '{item}' is not a proposal of this round",
                                      line=line, item=item)
            if item in seen:
                raise ValidationError("line {line}: '{item}' is ranked twice",
                                      line=line, item=item)
            seen.add(item)
        places.append(group)
    return places


def _parse_cell(method: str, cell: str, line: int) -> Any:
    text = cell.strip().casefold()
    if method == "approval":
        if text not in APPROVAL_WORDS:
            raise ValidationError("line {line}: '{cell}' is not yes, no or abstain",
                                  line=line, cell=cell)
        return APPROVAL_WORDS[text]
    try:
        grade = int(text)
    except ValueError:
        raise ValidationError("line {line}: '{cell}' is not a score from 0 to 5",
                              line=line, cell=cell) from None
    if not 0 <= grade <= 5:
        raise ValidationError("line {line}: the score {grade} is outside 0 to 5",
                              line=line, grade=grade)
    return grade


def parse_ballot_csv(data: bytes, method: str) -> ParsedFile:
    """Read a ballot file; every problem is reported with its line, nothing half-read."""
    parsed, refused, broken = read_ballot_rows(data, method)
    problems = [r.problem for r in refused] + ([broken] if broken is not None else [])
    if problems:
        refuse(problems)
    return parsed


@dataclass(frozen=True)
class RefusedRow:
    """A row of a ballot file that does not read, with its line and why."""

    line: int
    organisation: str
    problem: Message


def read_ballot_rows(data: bytes, method: str) -> tuple[ParsedFile, list[RefusedRow], Message | None]:
    """The rows that read, the rows that do not, and the CSV error that stopped the reading (if any).

    A problem with the file as a whole (size, encoding, header) is raised: no row can be read then."""
    if len(data) > MAX_BYTES:
        raise BadFileError("The ballot file is larger than 5 MB; it cannot be a ballot file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFileError("The ballot file is not UTF-8 text (save it as 'CSV UTF-8').") from exc
    # strict: an unterminated quote or a stray one is an error, never a cell swallowing the
    # rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = csv_safe.restore_row(next(reader))
    except StopIteration as exc:
        raise BadFileError("The ballot file is empty.") from exc
    except csv.Error as exc:
        raise BadFileError("line 1 of the ballot file is not valid CSV ({exc}).", exc=exc) from exc
    if not header or header[0].strip().casefold() != "organisation":
        raise BadFileError("The first column must be 'organisation' (see the template).")
    has_weight = len(header) > 1 and header[1].strip().casefold() == "weight"
    first = 2 if has_weight else 1
    columns = _trimmed(header)
    if method == "ranking":
        if len(columns) <= first or columns[first].strip().casefold() != "ranking":
            raise BadFileError("A ranking file has the columns organisation, weight, ranking "
                               "(then one column per candidate, left empty).")
        # The columns after `ranking` name every candidate, ranked by someone or not, so a
        # recount knows the proposals nobody ranked.
        labels = [_label(h) for h in columns[first + 1:]]
    else:
        labels = [_label(h) for h in columns[first:]]
    parsed = ParsedFile(labels=labels, has_weight=has_weight)
    refused: list[RefusedRow] = []
    broken: Message | None = None
    seen: dict[str, int] = {}
    end = reader.line_num
    try:
        for cells in csv_safe.rows(reader):
            # A quoted cell may span lines: report the line the row starts on.
            line, end = end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            try:
                parsed.rows.append(_parse_row(method, cells, line, first, has_weight, labels, seen))
            except ValidationError as exc:
                refused.append(RefusedRow(line, cells[0].strip() if cells else "", exc.message))
    except csv.Error as exc:
        broken = msg("line {line}: the file is not valid CSV ({problem})", line=end + 1, problem=_csv_problem(exc))
    return parsed, refused, broken


def _trimmed(header: list[str]) -> list[str]:
    """The header without the empty columns spreadsheets keep after the last one."""
    out = list(header)
    while out and not out[-1].strip():
        out.pop()
    return out


def refuse(problems: list[Message]) -> NoReturn:
    """Nothing imported: the first ten problems, then how many more."""
    listed = listing(problems[:10])
    if len(problems) > 10:
        raise ValidationError(plural("Nothing was imported. {problems} (and {n} more).",
                                     "Nothing was imported. {problems} (and {n} more).",
                                     len(problems) - 10, problems=listed))
    raise ValidationError("Nothing was imported. {problems}.", problems=listed)


def _csv_problem(exc: csv.Error) -> Message | str:
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return msg("a quote that is never closed")
    return text


def _parse_row(method: str, cells: list[str], line: int, first: int, has_weight: bool,
               labels: list[str], seen: dict[str, int]) -> ParsedRow:
    org = cells[0].strip()
    if not org:
        raise ValidationError("line {line}: the organisation is missing", line=line)
    if org.casefold() in seen:
        raise ValidationError("line {line}: a second ballot for {org} (first on line {first})",
                              line=line, org=org, first=seen[org.casefold()])
    seen[org.casefold()] = line
    weight = Fraction(1)
    weight_given = has_weight and len(cells) > 1 and bool(cells[1].strip())
    if weight_given:
        try:
            weight = Fraction(cells[1].strip())
        except (ValueError, ZeroDivisionError):
            raise ValidationError("line {line}: the weight '{weight}' is not a number",
                                  line=line, weight=cells[1]) from None
        if weight <= 0:
            raise ValidationError("line {line}: the weight must be above zero", line=line)
    values = cells[first:]
    if method == "ranking":
        if any(v.strip() for v in values[1:]):
            raise ValidationError("line {line}: only the ranking column is filled in; the "
                                  "candidate columns after it stay empty", line=line)
        cell = values[0].strip() if values else ""
        choices: Any = _parse_ranking(cell, set(labels), line) if cell else []
        return ParsedRow(line, org, weight, choices, bool(cell), weight_given)
    if len(values) > len(labels) and any(v.strip() for v in values[len(labels):]):
        raise ValidationError("line {line}: more cells than proposals in the header", line=line)
    values = values[:len(labels)]
    voted = any(v.strip() for v in values)
    choices = {labels[i]: _parse_cell(method, v, line) for i, v in enumerate(values) if v.strip()}
    return ParsedRow(line, org, weight, choices, voted, weight_given)


def template_csv(info: rounds.RoundInfo, *, with_ballots: list[rounds.BallotInfo] | None = None) -> str:
    """A ballot sheet for the round: one row per organisation of the electorate."""
    labels = {p.id: f"P{p.number}" for p in info.proposals}
    out = io.StringIO()
    writer = csv_safe.writer(out)
    if info.method == "ranking":
        # Every candidate gets an (empty) column, so a recount knows those nobody ranked.
        writer.writerow(["organisation", "weight", "ranking", *(f"P{p.number} {p.title}" for p in info.proposals)])
    else:
        writer.writerow(["organisation", "weight", *(f"P{p.number} {p.title}" for p in info.proposals)])
    standing = {b.org_id: b for b in (with_ballots or []) if b.effective}
    for voter in info.electorate:
        ballot = standing.get(voter.org_id)
        weight = str(voter.weight)
        if info.method == "ranking":
            cell = " > ".join(" = ".join(labels[p] for p in group) for group in ballot.choices) if ballot else ""
            writer.writerow([voter.code, weight, cell])
        else:
            choices = ballot.choices if ballot else {}
            cells = ["" if choices.get(p.id) is None else str(choices[p.id]) for p in info.proposals]
            if ballot and info.method == "approval":
                cells = [c or "abstain" for c in cells]
            writer.writerow([voter.code, weight, *cells])
    return out.getvalue()


def export_ballots_csv(session: Session, *, round_id: str) -> str:
    """The ballots that stand (or were counted), in the same format, for anyone to recount."""
    info = rounds.get_round(session, round_id)
    return template_csv(info, with_ballots=rounds.ballots(session, round_id=round_id))


def import_ballots_csv(session: Session, *, writer: OpWriter, round_id: str, data: bytes) -> int:
    """Enter paper or online-form ballots on behalf of their organisations: all or nothing."""
    info = rounds.get_round(session, round_id)
    if info.status != "open":
        raise ValidationError("The round '{title}' is closed; no ballots can be imported.",
                              title=info.title)
    parsed = parse_ballot_csv(data, info.method)
    by_label = {f"P{p.number}": p.id for p in info.proposals}
    orgs = {v.code.casefold(): v for v in info.electorate}
    problems: list[Message] = []
    ready: list[tuple[str, Any]] = []
    for label in parsed.labels:
        if label not in by_label:
            problems.append(msg("line {line}: '{label}' is not a proposal of this round",
                                line=1, label=label))
    for row in parsed.rows:
        voter = orgs.get(row.organisation.casefold())
        if voter is None:
            problems.append(msg("line {line}: {org} is not in this round's electorate",
                                line=row.line, org=row.organisation))
            continue
        if row.weight_given and row.weight != voter.weight:
            # The round's weights are fixed when it opens; a different one in a sheet would be
            # ignored by the count, so it is refused rather than silently dropped.
            problems.append(msg("line {line}: the weight {weight} differs from {code}'s weight in "
                                "this round ({round_weight}); weights are set when the round "
                                "opens, leave the column as exported", line=row.line,
                                weight=row.weight, code=voter.code, round_weight=voter.weight))
            continue
        if not row.voted:
            continue
        if info.method == "ranking":
            try:
                choices: Any = [[by_label[item] for item in group] for group in row.choices]
            except KeyError as exc:
                problems.append(msg("line {line}: {label} is not a proposal of this round",
                                    line=row.line, label=exc.args[0]))
                continue
        else:
            choices = {by_label[k]: v for k, v in row.choices.items() if k in by_label}
        ready.append((voter.org_id, choices))
    if problems:
        refuse(problems)
    # A sheet exported earlier repeats ballots already here: those rows change nothing.
    standing = {b.org_id: _normal(info, b.choices)
                for b in rounds.ballots(session, round_id=round_id) if b.effective}
    fresh = [(org, choices) for org, choices in ready if standing.get(org) != _normal(info, choices)]
    for org_id, choices in fresh:
        rounds.cast_ballot(session, writer=writer, round_id=round_id, choices=choices, on_behalf_of=org_id)
    return len(fresh)


def _normal(info: rounds.RoundInfo, choices: Any) -> Any:
    if info.method == "approval":
        return {p.id: choices.get(p.id, "abstain") for p in info.proposals}
    if info.method == "score":
        return {k: v for k, v in choices.items() if v is not None}
    return choices


def count_csv(data: bytes, *, method: str, threshold: Fraction, quorum: Fraction,
              basis: str = "expressed") -> dict[str, Any]:
    """Recount a ballot file with no store at all: the result as plain JSON-ready data."""
    if method not in ("approval", "schulze", "borda", "score"):
        raise ValidationError("The method must be approval, schulze, borda or score.")
    parsed = parse_ballot_csv(data, "ranking" if method in ("schulze", "borda") else method)
    voted = [r for r in parsed.rows if r.voted]
    electorate = sum((r.weight for r in parsed.rows), Fraction(0))
    if method == "approval":
        result = count_approval(parsed.labels, [ApprovalBallot(r.organisation, r.choices, r.weight) for r in voted],
                                electorate, quorum=quorum, threshold=threshold, basis=basis)
        return {
            "method": "approval", "cast": str(result.cast), "electorate": str(result.electorate),
            "quorum_met": result.quorum_met, "threshold": str(result.threshold), "quorum": str(result.quorum),
            "proposals": [{"proposal": p.proposal, "yes": str(p.yes), "no": str(p.no), "abstain": str(p.abstain),
                           "support": str(p.support), "adopted": p.adopted} for p in result.proposals],
            "order": [list(g) for g in group_by_key([p.proposal for p in result.proposals],
                                                     {p.proposal: p.support for p in result.proposals})],
        }
    if method in ("schulze", "borda"):
        # The sheet's candidate columns (every proposal of the round); an older sheet without
        # them can only know the candidates somebody ranked.
        candidates = parsed.labels or sorted({c for r in voted for group in r.choices for c in group})
        ballots = [RankingBallot(r.organisation, r.choices, r.weight) for r in voted]
        if method == "schulze":
            schulze = count_schulze(candidates, ballots)
            return {"method": "schulze", "cast": str(sum((r.weight for r in voted), Fraction(0))),
                    "order": [list(g) for g in schulze.order],
                    "pairwise": {x: {y: str(v) for y, v in row.items()} for x, row in schulze.pairwise.items()},
                    "strongest_paths": {x: {y: str(v) for y, v in row.items()}
                                        for x, row in schulze.strength.items()}}
        borda = count_borda(candidates, ballots)
        return {"method": "borda", "order": [list(g) for g in borda.order],
                "points": {c: str(v) for c, v in borda.points.items()}}
    score = count_score(parsed.labels, [ScoreBallot(r.organisation, r.choices, r.weight) for r in voted])
    return {"method": "score", "order": [list(g) for g in score.order],
            "proposals": [{"proposal": p.proposal, "mean": None if p.mean is None else str(p.mean),
                           "median": p.median, "majority_grade": p.majority_grade,
                           "distribution": list(p.distribution), "blanks": p.blanks} for p in score.proposals]}


# Used by the two-step import (ballot_preview.py) to tell a replaced ballot from the same one.
normal_choices = _normal
