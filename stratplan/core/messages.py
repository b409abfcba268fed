"""Messages for people: an English template with {named} placeholders, translated at the edge.

The core never knows who reads a message. It says what happened in English, as a template and
its arguments (`msg("No working group matches '{value}'.", value=value)`), and the edge that
shows it (the window's `show_error`, the command line) renders it in the reader's language
from the gettext catalogues under resources/locale (`scripts/update-messages.py` extracts the
templates, merges them into the catalogues and compiles them).

A message with a count chooses its plural form by the catalogue's rules (`plural(...)`):
Lithuanian has three, French and Spanish two, and English says "1 proposal", not "1 proposals".

A translation that lost or renamed a placeholder falls back to English instead of failing: a
broken catalogue must never hide the error it was meant to explain.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from stratplan.resources import resource_path

DOMAIN = "stratplan"
LANGUAGES = ("en", "lt", "fr", "es")
DEFAULT_LANGUAGE = "en"
Catalogue = gettext.NullTranslations


@dataclass(frozen=True)
class Message:
    """One message: its English template (and plural template, with the count), and its arguments.

    An argument may itself be a Message (a reason inside a sentence): it is rendered in the same
    language.
    """

    template: str
    params: Mapping[str, object] = field(default_factory=dict)
    plural: str | None = None
    count: int = 1

    def render(self, catalogue: Catalogue) -> str:
        """The text in the catalogue's language (English for `gettext.NullTranslations()`)."""
        text = self._lookup(catalogue)
        try:
            return self._fill(text, catalogue)
        except (KeyError, IndexError, ValueError):
            return self._fill(self._lookup(_ENGLISH), catalogue)

    def english(self) -> str:
        return self.render(_ENGLISH)

    def translated(self, language: str) -> str:
        """The text in an interface language ("fr"); English for a language without a catalogue."""
        return self.render(catalogue(language))

    def __str__(self) -> str:
        return self.english()

    def _lookup(self, catalogue: Catalogue) -> str:
        if self.plural is None:
            return catalogue.gettext(self.template)
        return catalogue.ngettext(self.template, self.plural, self.count)

    def _fill(self, text: str, catalogue: Catalogue) -> str:
        if not self.params and self.plural is None:
            # A plain sentence is shown as written: braces in it are not placeholders.
            return text
        values = {k: v.render(catalogue) if isinstance(v, Message) else v for k, v in self.params.items()}
        return text.format_map(values)


@dataclass(frozen=True)
class Listing(Message):
    """Several messages one after another ("line 2: ...; line 5: ..."), each in the same language."""

    parts: tuple[Message | str, ...] = ()
    separator: str = "; "

    def render(self, catalogue: Catalogue) -> str:
        return self.separator.join(p.render(catalogue) if isinstance(p, Message) else p for p in self.parts)


_ENGLISH = gettext.NullTranslations()


def msg(template: str, /, **params: object) -> Message:
    """A message to translate: `msg("Cannot read {path}.", path=path)`."""
    return Message(template, params)


def plural(singular: str, plural_: str, n: int, /, **params: object) -> Message:
    """A message whose form follows the count `n` (also available as {n}):

    `plural("{n} proposal was merged.", "{n} proposals were merged.", n)`.
    """
    return Message(singular, {"n": n, **params}, plural_, n)


def listing(parts: Sequence[Message | str], /, separator: str = "; ") -> Listing:
    """Messages joined into one, to be placed in a sentence: `msg("Nothing was imported. {problems}.",
    problems=listing(problems))`."""
    return Listing("", parts=tuple(parts), separator=separator)


def locale_dir() -> Path:
    """Where the compiled catalogues are: <lang>/LC_MESSAGES/stratplan.mo."""
    return resource_path("locale")


@lru_cache(maxsize=8)
def catalogue(language: str) -> Catalogue:
    """The gettext catalogue of an interface language; English (no translation) when there is none."""
    code = (language or "").split("_")[0].split("-")[0].lower()
    if code not in LANGUAGES or code == DEFAULT_LANGUAGE:
        return _ENGLISH
    try:
        return gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[code])
    except OSError:
        return _ENGLISH


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language a command-line tool speaks, from the environment as gettext reads it.

    LANGUAGE (a colon-separated list of preferences), then LC_ALL, LC_MESSAGES and LANG: the
    first that is set decides. The first of its languages that StratPlan speaks is used; "C" and
    "POSIX" (and anything else) mean English.
    """
    env = os.environ if environ is None else environ
    locale_var = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    # As GNU gettext: LANGUAGE is ignored when the locale is the plain C locale.
    wanted: Sequence[str] = []
    if env.get("LANGUAGE") and _code(locale_var) not in ("c", "posix"):
        wanted = env["LANGUAGE"].split(":")
    elif locale_var:
        wanted = [locale_var]
    for entry in wanted:
        code = _code(entry)
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _code(entry: str) -> str:
    """ "es_ES.UTF-8@euro" -> "es"; "C.UTF-8" -> "c"."""
    return entry.split(".")[0].split("@")[0].split("_")[0].split("-")[0].strip().lower()


def text_of(exc: BaseException, language: str) -> str:
    """What an exception says in `language`: its Message translated, else its own text."""
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return message.translated(language)
    return str(exc)
