"""Typed SQLAlchemy models: the operation log, local state, and the derived tables."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The one declarative base."""


# ---------------------------------------------------------------- the log (source of truth)


class StoreMeta(Base):
    """Facts about the store itself (format marker, coalition id)."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncOp(Base):
    """One signed operation, stored once, exactly as signed."""

    __tablename__ = "sync_op"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    sig: Mapped[str] = mapped_column(String(128))
    device: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(64))
    # Not unique: a laptop restored from a backup writes the same numbers again, and both
    # operations of such a fork are kept (see core/sync/forks.py).
    __table_args__ = (
        Index("ix_sync_op_device_seq", "device", "seq"),
        Index("ix_sync_op_entity", "entity"),
        Index("ix_sync_op_hlc", "hlc"),
        # Finding an operation kind (the coalition's first description, which names its
        # founder and convener) must not scan the whole log of a big store.
        Index("ix_sync_op_kind", "kind", "hlc"),
    )


class SyncDevice(Base):
    """A device whose signatures this store accepts, with its public key."""

    __tablename__ = "sync_device"
    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(String(64), default="")
    label: Mapped[str] = mapped_column(String(200), default="")


class SyncCredential(Base):
    """A signed roster version, device certificate or revocation, stored once, as signed."""

    __tablename__ = "sync_credential"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    sig: Mapped[str] = mapped_column(String(128))


class SyncHeld(Base):
    """A stored operation that is not applied (yet): its organisation is not admitted, its
    laptop was revoked from an earlier sequence number, or a revision it builds on is missing.
    Recomputed from the log and the credentials; never shared."""

    __tablename__ = "sync_held"
    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")


class SyncPeer(Base):
    """What another laptop said it holds (its version vector), so exports can skip it."""

    __tablename__ = "sync_peer"
    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    vector_json: Mapped[str] = mapped_column(Text, default="{}")
    label: Mapped[str] = mapped_column(String(200), default="")
    seen_at: Mapped[int] = mapped_column(BigInteger, default=0)


class LocalState(Base):
    """Settings of this replica only (who is typing here); never shared."""

    __tablename__ = "local_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LocalDraft(Base):
    """Unsaved typing, autosaved every few seconds so a crash loses almost nothing."""

    __tablename__ = "local_draft"
    proposal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(64), default="")
    base_revision: Mapped[str] = mapped_column(String(64), default="")
    fields_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[int] = mapped_column(BigInteger)


# ---------------------------------------------------------------- derived tables
# Everything below is computed from sync_op by stratplan.core.oplog.materialise and
# may be dropped and rebuilt at any time. Nothing else may write these tables.


class Coalition(Base):
    __tablename__ = "coalition"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(8))


class Person(Base):
    __tablename__ = "person"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[str] = mapped_column(String(64))


class WorkingGroup(Base):
    __tablename__ = "working_group"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class GroupMember(Base):
    __tablename__ = "group_member"
    group_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class Proposal(Base):
    __tablename__ = "proposal"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    # Title, summary, body and tags, case-folded once when derived, for the instant filter.
    # The body itself is read from the head revision's operation, not copied here.
    search_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    tags: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    head_revision: Mapped[str] = mapped_column(String(64))
    # With several heads (edits made without seeing each other): the merged fields, the
    # head ids and the conflicts the merge decided; empty when there is a single head.
    merged_json: Mapped[str] = mapped_column(Text, default="")
    heads: Mapped[str] = mapped_column(Text, default="")
    conflicts_json: Mapped[str] = mapped_column(Text, default="")
    revision_count: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(String(64))
    created_hlc: Mapped[int] = mapped_column(BigInteger)
    updated_hlc: Mapped[int] = mapped_column(BigInteger)


class Revision(Base):
    __tablename__ = "revision"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(String(64), index=True)
    # Space-separated parent revision ids. The fields themselves are read from the
    # operation (sync_op.id == revision.id), so they are stored once.
    parents: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(32))
    hlc: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")


class Comment(Base):
    __tablename__ = "comment"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(String(64), index=True)
    reply_to: Mapped[str] = mapped_column(String(64), default="")
    author_id: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    hlc: Mapped[int] = mapped_column(BigInteger)
    retracted: Mapped[bool] = mapped_column(Boolean, default=False)


DERIVED_TABLES: tuple[type[Base], ...] = (
    Coalition,
    Organisation,
    Person,
    WorkingGroup,
    GroupMember,
    Proposal,
    Revision,
    Comment,
)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class Round(Base):
    """A voting round: what is voted on, by whom, how it is counted, and whether it is closed."""

    __tablename__ = "vote_round"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    group_id: Mapped[str] = mapped_column(String(64), default="")
    # Proposals with their fixed revisions, electorate with weights, threshold, quorum...
    settings_json: Mapped[str] = mapped_column(Text)
    opener_org: Mapped[str] = mapped_column(String(64))
    opened_hlc: Mapped[int] = mapped_column(BigInteger)
    closed_hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    close_op: Mapped[str] = mapped_column(String(64), default="")
    # The mandate operations the signed close lists as counting (space-separated ids).
    counted_mandates: Mapped[str] = mapped_column(Text, default="")


class Ballot(Base):
    """One ballot operation in a round, with what the rules make of it."""

    __tablename__ = "vote_ballot"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    round_id: Mapped[str] = mapped_column(String(64), index=True)
    org_id: Mapped[str] = mapped_column(String(64))
    entered_by_org: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[str] = mapped_column(String(64))
    choices_json: Mapped[str] = mapped_column(Text)
    hlc: Mapped[int] = mapped_column(BigInteger)
    valid: Mapped[bool] = mapped_column(Boolean)
    problem: Mapped[str] = mapped_column(Text, default="")
    effective: Mapped[bool] = mapped_column(Boolean)
    counted: Mapped[bool] = mapped_column(Boolean)
    late: Mapped[bool] = mapped_column(Boolean)
    disagreement: Mapped[bool] = mapped_column(Boolean)


DERIVED_TABLES = (*DERIVED_TABLES, Round, Ballot)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class ProgrammeLayout(Base):
    """The unified programme being assembled: sections and the points placed in them."""

    __tablename__ = "programme_layout"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    layout_json: Mapped[str] = mapped_column(Text)
    hlc: Mapped[int] = mapped_column(BigInteger)


class Release(Base):
    """A named, immutable version of the programme, with every point's text frozen in it."""

    __tablename__ = "programme_release"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    content_json: Mapped[str] = mapped_column(Text)
    hlc: Mapped[int] = mapped_column(BigInteger)
    org_id: Mapped[str] = mapped_column(String(64))


class LocalPlan(Base):
    """One organisation's adaptation of a release, decisions and local points included."""

    __tablename__ = "local_plan"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    release_id: Mapped[str] = mapped_column(String(64))
    state_json: Mapped[str] = mapped_column(Text)
    hlc: Mapped[int] = mapped_column(BigInteger)


DERIVED_TABLES = (*DERIVED_TABLES, ProgrammeLayout, Release, LocalPlan)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class PeerRecord(Base):
    """A capacity area, a need, an offer or a confirmed pairing (kind says which)."""

    __tablename__ = "peer_record"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    org_id: Mapped[str] = mapped_column(String(64))
    area: Mapped[str] = mapped_column(String(64))
    data_json: Mapped[str] = mapped_column(Text)
    hlc: Mapped[int] = mapped_column(BigInteger)


DERIVED_TABLES = (*DERIVED_TABLES, PeerRecord)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class MergeRecord(Base):
    """One consolidation: sources merged into a target, and whether it was undone."""

    __tablename__ = "merge_record"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target: Mapped[str] = mapped_column(String(64), index=True)
    sources_json: Mapped[str] = mapped_column(Text)
    source_heads_json: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean)
    author_id: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)


DERIVED_TABLES = (*DERIVED_TABLES, MergeRecord)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class OverlapReview(Base):
    """One pair of proposals a reviewer looked at: dismissed as "not a duplicate", linked as
    related, or both; each relation is on while its causal length is odd."""

    __tablename__ = "overlap_review"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    a: Mapped[str] = mapped_column(String(64), index=True)
    b: Mapped[str] = mapped_column(String(64), index=True)
    dismiss_cl: Mapped[int] = mapped_column(Integer)
    dismiss_org: Mapped[str] = mapped_column(String(64))
    dismiss_author: Mapped[str] = mapped_column(String(64))
    dismiss_hlc: Mapped[int] = mapped_column(BigInteger)
    relate_cl: Mapped[int] = mapped_column(Integer)
    relate_org: Mapped[str] = mapped_column(String(64))
    relate_author: Mapped[str] = mapped_column(String(64))
    relate_hlc: Mapped[int] = mapped_column(BigInteger)


DERIVED_TABLES = (*DERIVED_TABLES, OverlapReview)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class ProgressPeriod(Base):
    """A reporting period the coalition set (e.g. a half-year), with the date reports are due."""

    __tablename__ = "progress_period"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str] = mapped_column(String(10))
    due: Mapped[str] = mapped_column(String(10))
    org_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)


class ProgressReport(Base):
    """The current state of one organisation's report on one point for one period."""

    __tablename__ = "progress_report"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    point_id: Mapped[str] = mapped_column(String(64), index=True)
    period_id: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    narrative: Mapped[str] = mapped_column(Text)
    values_json: Mapped[str] = mapped_column(Text)
    evidence_json: Mapped[str] = mapped_column(Text)
    head: Mapped[str] = mapped_column(String(64))
    heads: Mapped[str] = mapped_column(Text)
    revision_count: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)


class ProgressRevision(Base):
    """Every saved state of a progress report (corrections keep the earlier ones)."""

    __tablename__ = "progress_revision"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    report_id: Mapped[str] = mapped_column(String(64), index=True)
    parents: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)
    state_json: Mapped[str] = mapped_column(Text)


DERIVED_TABLES = (*DERIVED_TABLES, ProgressPeriod, ProgressReport, ProgressRevision)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class RoleEvent(Base):
    """One signed grant or revocation of a working-group role; whether it counts is decided on
    reading, against the conveners of the trusted roster (see core/roles.py)."""

    __tablename__ = "role_event"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(64), index=True)
    org_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    cl: Mapped[int] = mapped_column(Integer)
    signer_org: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)


class Mandate(Base):
    """One signed mandate operation in a round (give or withdraw), with what its chain makes of it."""

    __tablename__ = "vote_mandate"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    round_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    org_id: Mapped[str] = mapped_column(String(64))
    delegate_org: Mapped[str] = mapped_column(String(64))
    signer_org: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)
    valid: Mapped[bool] = mapped_column(Boolean)
    problem: Mapped[str] = mapped_column(Text, default="")
    # The head of its giver's chain: the giver's standing choice (a withdraw ends the mandate).
    current: Mapped[bool] = mapped_column(Boolean)


class LayoutVersion(Base):
    """Every signed arrangement of the programme, with the organisation that made it: the layout
    shown is the latest one made by a convener."""

    __tablename__ = "programme_layout_version"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    layout_id: Mapped[str] = mapped_column(String(64), index=True)
    org_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)
    layout_json: Mapped[str] = mapped_column(Text)


DERIVED_TABLES = (*DERIVED_TABLES, RoleEvent, Mandate, LayoutVersion)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)


class Amendment(Base):
    """A proposed change to a passage of one revision of a proposal; whether it applies to that
    revision, and who decided on it with what right, is judged on reading (services/amendments.py)."""

    __tablename__ = "amendment"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    op_id: Mapped[str] = mapped_column(String(64))
    proposal_id: Mapped[str] = mapped_column(String(64), index=True)
    revision_id: Mapped[str] = mapped_column(String(64))
    change: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    old: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)


class AmendmentDecision(Base):
    """One signed decision on an amendment (accept, accept with a modification, reject, set aside)."""

    __tablename__ = "amendment_decision"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    amendment_id: Mapped[str] = mapped_column(String(64), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))
    parents: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[int] = mapped_column(BigInteger)


DERIVED_TABLES = (*DERIVED_TABLES, Amendment, AmendmentDecision)
DERIVED_TABLE_NAMES = frozenset(m.__tablename__ for m in DERIVED_TABLES)
