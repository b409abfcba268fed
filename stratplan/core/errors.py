"""The error hierarchy: everything a user can act on is a StratplanError.

An error carries its message as a template and arguments (see core/messages.py), so the window
and the command line can show it in the reader's language; `str(exc)` is the English text:

    raise ValidationError("No working group matches '{value}'.", value=value)
    raise ValidationError(plural("{n} ballot is missing.", "{n} ballots are missing.", n))

Keyword arguments of a subclass's own (`field`, `kind`, `key`) are not placeholders.
"""

from __future__ import annotations

from stratplan.core.messages import Message


class StratplanError(Exception):
    """A problem the user can understand and act on; the message says what to do."""

    def __init__(self, message: str | Message = "", /, **params: object) -> None:
        self.message = message if isinstance(message, Message) else Message(message, params)
        super().__init__(self.message.english())

    def translated(self, language: str) -> str:
        """The message in an interface language ("fr"), English when there is no translation."""
        return self.message.translated(language)


class StoreError(StratplanError):
    """The store file cannot be used as it is."""


class NotAStoreError(StoreError):
    """The file exists but is not a StratPlan store."""


class StoreTooNewError(StoreError):
    """The store was written by a newer StratPlan."""


class StoreLockedError(StoreError):
    """Another StratPlan window already has this store open."""


class StoreReadOnlyError(StoreError):
    """The store or its folder cannot be written."""


class StoreCorruptError(StoreError):
    """SQLite reports the file as damaged."""


class StoreFullError(StoreError):
    """The disk is full; the change was not saved."""


class ValidationError(StratplanError):
    """A field value is not acceptable (empty, too long, wrong kind)."""

    def __init__(self, message: str | Message = "", /, *, field: str | None = None, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class NotFoundError(StratplanError):
    """Something named by the user does not exist in this store."""


class KeyError_(StratplanError):
    """The device key cannot be read (wrong passphrase, damaged file)."""


class PassphraseRequiredError(KeyError_):
    """The device key is protected and no passphrase was given."""


class BadFileError(StratplanError):
    """An input file (demo data, import) is damaged or in the wrong format."""


class ForgedDataError(StratplanError):
    """A signature or certificate does not verify: the data was altered or forged."""


class BadOperationError(BadFileError):
    """An operation's payload does not fit the schema of its kind (see core/oplog/kinds.py)."""

    def __init__(self, message: str | Message = "", /, *, kind: str, key: str = "", **params: object) -> None:
        # The kind and key are placeholders too ("{kind}: {key} must be text").
        super().__init__(message, kind=kind, key=key, **params)
        self.kind = kind
        self.key = key


class StoreNotEmptyError(StratplanError):
    """The demo only goes into an empty store."""


class TemplateError(StratplanError):
    """A Word template chosen for export cannot be used."""


class ExportLockedError(StratplanError):
    """The export file cannot be written (open in Word, read-only folder, disk full)."""


class NotJoinedError(StratplanError):
    """The store is not (yet) part of a shared coalition."""


class HubError(StratplanError):
    """The hub cannot be used: the message says why and what to do."""


class HubUrlError(HubError):
    """The hub address is not a PostgreSQL URL StratPlan can use."""


class HubUnreachableError(HubError):
    """The hub's server cannot be reached or refuses us (offline, wrong address, user or password)."""


class HubCancelledError(HubError):
    """The user cancelled the sync; nothing was changed."""
