"""Shared helpers of the command line: opening the store, output, resolving names.

Every sub-command that works on the store opens it with `store_action(args)`: the workspace
is always closed and the command runs in exactly one transaction, as a window action does.
Commands whose work spans several transactions of their own (bundle exchange, sync) open the
workspace with `open_workspace_for(args)` and let the sync layer run its transactions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratplan.core import actions, paths
from stratplan.core.db import engine
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.messages import Message, environment_language, msg
from stratplan.core.oplog.hlc import unpack
from stratplan.core.vocabulary import label
from stratplan.core.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The services (rounds brings NumPy, the locale formatter brings Babel) are imported inside
# the helpers that use them, so a command pays only for what it runs.

JsonObject = dict[str, Any]
"""One object of --json output: its values are whatever `json.dumps` prints."""


def hlc_text(stamp: int) -> str:
    """A clock stamp as local date and time, for people, as the command line's language writes
    it ("2 déc. 2026, 14:05"); a long log repeats minutes, so each is formatted once."""
    ms, _ = unpack(stamp)
    return _moment(ms // 60_000, environment_language())


@lru_cache(maxsize=4096)
def _moment(minute: int, language: str) -> str:
    from stratplan.core.locale_format import formatter

    return formatter(language).moment(dt.datetime.fromtimestamp(minute * 60))


def date_text(iso: str) -> str:
    """A stored ISO date ("2026-12-02") as the command line's language writes it ("2 déc. 2026")."""
    from stratplan.core.locale_format import formatter

    return formatter(environment_language()).iso_date(iso, style="medium")


def emit(args: argparse.Namespace, data: object, text: Callable[[], str]) -> None:
    """Print `data` as JSON with --json, else the text for people (built only when needed)."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=list))
    else:
        print(text())


def say(message: Message) -> str:
    """A sentence of the human output in the language of the command line."""
    return message.translated(environment_language())


def named(domain: str, key: str) -> str:
    """A stored key ("withdrawn", "high") named in the language of the command line."""
    return label(domain, key, environment_language())


def wait_notice(text: Message) -> None:
    """A store another process is writing: say so on stderr, so stdout stays the output."""
    print(f"stratplan: {text.translated(environment_language())}", file=sys.stderr, flush=True)


def store_path(args: argparse.Namespace) -> Path:
    """The store named by --db; it must exist unless the command makes one (setup, demo, ...)."""
    if not args.db:
        return paths.default_store_path()
    path = Path(args.db).expanduser()
    if not getattr(args, "creates_store", False) and not (path.is_file() and path.stat().st_size > 0):
        where = msg("its folder does not exist") if not path.parent.is_dir() else msg("there is no such file")
        raise NotFoundError(
            "There is no store at {path} ({where}). Check the path, or make a store there with "
            "`stratplan --db {path} setup ...` or `stratplan --db {path} demo`.",
            path=path, where=where
        )
    return path


def _passphrase() -> str | None:
    """From STRATPLAN_PASSPHRASE, else from the system keyring when `keyring` is installed."""
    given = os.environ.get("STRATPLAN_PASSPHRASE")
    if given:
        return given
    try:
        import keyring  # optional: not a dependency of StratPlan
    except ImportError:
        return None
    try:
        found = keyring.get_password("StratPlan", str(paths.key_dir()))
    except Exception:  # noqa: BLE001 - a keyring without a backend is as good as none
        return None
    return str(found) if found else None


@contextmanager
def open_workspace_for(args: argparse.Namespace) -> Iterator[Workspace]:
    """The store named by --db (or the default one), closed however the command ends.

    A command does not take the window's lock: it queues behind a window or another command
    that is writing, saying so after a second (see engine.opening_as).
    """
    with engine.opening_as(engine.COMMAND, wait_notice):
        ws = open_workspace(store_path(args), paths.key_dir(), passphrase=_passphrase())
    try:
        yield ws
    finally:
        ws.close()


@contextmanager
def store_action(args: argparse.Namespace) -> Iterator[tuple[Workspace, Session]]:
    """One command, one transaction: committed when the block ends, rolled back on an error."""
    with open_workspace_for(args) as ws, actions.action(ws) as session:
        yield ws, session


def resolve_org(s: Session, code: str) -> str:
    from stratplan.core.services import coalition

    listed = coalition.list_organisations(s)
    for org in listed:
        if org.code.casefold() == code.casefold():
            return org.id
    for org in listed:
        if len(code) >= 4 and org.id.startswith(code.lower()):
            return org.id
    raise ValidationError("No member organisation has the code '{code}'.", code=code)


def resolve_group(s: Session, value: str) -> str:
    """A group by its number in the list, its name, or the first 4+ characters of its id."""
    from stratplan.core.services import groups

    all_groups = groups.list_groups(s, include_archived=True)
    if value.isdigit() and len(value) < 4:
        for g in all_groups:
            if g.position + 1 == int(value):
                return g.id
    for g in all_groups:
        if g.name.casefold() == value.casefold():
            return g.id
    if len(value) >= 4:
        for g in all_groups:
            if g.id.startswith(value.lower()):
                return g.id
    raise ValidationError("No working group matches '{value}'. See `stratplan group list`.",
                          value=value)


def read_body(value: str | None) -> str | None:
    if value is None:
        return None
    if value == "-":
        raw = getattr(sys.stdin, "buffer", None)
        if raw is None:  # a text stream put in place of stdin (tests, embedding)
            return sys.stdin.read()
        data: bytes = raw.read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                "The body on standard input is not UTF-8 text (byte {start} is not); nothing "
                "was saved. Save it as UTF-8 and try again.", start=exc.start + 1
            ) from exc
    try:
        return Path(value).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("Cannot read the body file {value}: {exc}", value=value, exc=exc) from exc


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("Cannot read {path}: {strerror}.",
                              path=path, strerror=exc.strerror) from exc


def resolve_round(s: Session, value: str) -> str:
    from stratplan.core.services import rounds

    listed = rounds.list_rounds(s)
    for r in listed:
        if r.title.casefold() == value.casefold():
            return r.id
    for r in listed:
        if len(value) >= 4 and r.id.startswith(value.lower()):
            return r.id
    raise ValidationError("No voting round matches '{value}'. See `stratplan round list`.",
                          value=value)


def resolve_release(s: Session, value: str) -> str:
    from stratplan.core.services import programme

    listed = programme.list_releases(s)
    for r in listed:
        if r.name.casefold() == value.casefold():
            return r.id
    for r in listed:
        if len(value) >= 4 and r.id.startswith(value.lower()):
            return r.id
    raise ValidationError("No release is named '{value}'. See `stratplan release list`.",
                          value=value)


def resolve_plan(s: Session, ws: Workspace, value: str | None) -> str:
    from stratplan.core.services import localplans

    plans = localplans.list_plans(s, org_id=ws.profile.org_id)
    if value:
        for p in plans:
            if p.title.casefold() == value.casefold() or (len(value) >= 4 and p.id.startswith(value.lower())):
                return p.id
        raise ValidationError("No local plan of yours matches '{value}'.", value=value)
    if not plans:
        raise ValidationError("Your organisation has no local plan yet: `stratplan local-plan start RELEASE`.")
    return plans[0].id
