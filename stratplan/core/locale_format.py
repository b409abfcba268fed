"""Locale-aware dates, numbers, money and country names for the window and the documents (Qt-free).

Built on Babel, which carries the Unicode CLDR data, so "2 December 2026", "2026 m. gruodžio 2 d.",
"2 décembre 2026" and "2 de diciembre de 2026" come from the same call, with each language's own
digit grouping ("12 500,00 €" in French, "€12,500.00" in English) and country names ("Lituanie").

StratPlan's interface languages are short codes ("en", "lt", "fr", "es"); each maps to the locale
of the coalition's usage (British English, as the interface spells "organisation"). An unknown
code falls back to English rather than failing, so a document is never refused for its language.

Use the functions, or `formatter(language)` for a frozen object bound to one language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.dates import format_time as _babel_time
from babel.numbers import NumberFormatError, parse_decimal
from babel.numbers import format_currency as _babel_currency
from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent as _babel_percent

LOCALES = {"en": "en_GB", "lt": "lt_LT", "fr": "fr_FR", "es": "es_ES"}
DEFAULT_LANGUAGE = "en"
DateStyle = Literal["long", "medium", "short", "full"]
Number = int | float | Decimal


def locale_for(language: str) -> str:
    """The Babel locale of an interface language code ("fr" -> "fr_FR"); English when unknown.

    A full locale ("fr_CA", "es-MX") is accepted as it is when Babel knows it.
    """
    code = (language or "").strip()
    if code.lower() in LOCALES:
        return LOCALES[code.lower()]
    return _known_locale(code.replace("-", "_")) or LOCALES[DEFAULT_LANGUAGE]


@lru_cache(maxsize=64)
def _known_locale(code: str) -> str | None:
    try:
        return str(Locale.parse(code)) if code else None
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    return Locale.parse(locale_for(language))


def format_date(value: dt.date, language: str, *, style: DateStyle = "long") -> str:
    """A date as the language writes it: long is "2 décembre 2026", medium "2 déc. 2026"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _babel_date(value, format=style, locale=_locale(language))


def format_iso_date(text: str | None, language: str, *, style: DateStyle = "long") -> str:
    """An ISO date as stored ("2026-12-02", or a timestamp starting with one), in the language.

    Text that is not an ISO date (empty, "Q3 2026", "spring") is returned unchanged: plan points
    carry free-text timelines, and a document must print what the author wrote.
    """
    if not text:
        return ""
    try:
        day = dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return text
    return format_date(day, language, style=style)


def format_datetime(value: dt.datetime, language: str, *, style: DateStyle = "medium") -> str:
    """A moment, e.g. for "Recovered unsaved changes from ...": "2 déc. 2026, 14:05:00"."""
    return _babel_datetime(value, format=style, locale=_locale(language))


def format_time(value: dt.datetime | dt.time, language: str, *, style: DateStyle = "medium") -> str:
    """A time of day: medium is "14:05:00", short "14:05" (en, lt, fr), "14:05" (es)."""
    return _babel_time(value, format=style, locale=_locale(language))


def format_moment(value: dt.datetime, language: str) -> str:
    """When something happened, to the minute, for lists and histories: "2 Dec 2026, 14:05",
    "2026-12-02 14:05", "2 déc. 2026, 14:05", "2 dic 2026, 14:05" (the language's medium date
    and short time, joined as its CLDR pattern joins them)."""
    loc = _locale(language)
    pattern = str(loc.datetime_formats["medium"])
    return pattern.replace("{1}", format_date(value, language, style="medium")).replace(
        "{0}", format_time(value, language, style="short"))


def format_number(value: Number, language: str, *, decimals: int | None = None) -> str:
    """A number with the language's grouping and decimal mark: "12 500,5" in French.

    With `decimals`, exactly that many digits after the mark (rounded half-even, as Babel does).
    """
    if decimals is None:
        return _babel_decimal(value, locale=_locale(language))
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return _babel_decimal(value, format=pattern, locale=_locale(language))


def format_amount(amount: Number, currency: str, language: str, *, whole: bool = False) -> str:
    """A sum of money in an ISO 4217 currency: "12 500,00 €" (fr), "€12,500.00" (en).

    `whole` drops the cents, as budgets in a plan usually do ("12 500 €").
    """
    loc = _locale(language)
    if whole:
        return _babel_currency(amount, currency.upper(), locale=loc, format_type="standard",
                               currency_digits=False, decimal_quantization=True,
                               format=_whole_pattern(loc))
    return _babel_currency(amount, currency.upper(), locale=loc)


def _whole_pattern(loc: Locale) -> str:
    pattern = str(loc.currency_formats["standard"].pattern)
    # Keep the locale's placement of the sign and of ¤ (and its spaces); drop the fraction digits.
    return pattern.split(";")[0].replace(".00", "")


def format_percent(ratio: Number, language: str, *, decimals: int = 0) -> str:
    """A ratio as a percentage in the language's pattern: 0.675 -> "68 %" (fr), "67.5%" (en, decimals=1)."""
    loc = _locale(language)
    pattern = loc.percent_formats[None].pattern.split(";")[0]
    if decimals > 0:
        # After the last integer digit, whatever stands between it and the % sign ("0 %" in French).
        last = pattern.rindex("0") + 1
        pattern = pattern[:last] + "." + "0" * decimals + pattern[last:]
    return _babel_percent(ratio, format=pattern, locale=loc)


def parse_number(text: str, language: str) -> Decimal | None:
    """A number as a user of the language types it ("12 500,5" in French); None when it is not one."""
    cleaned = text.strip().replace("\u202f", "\u00a0")
    if not cleaned:
        return None
    for candidate in (cleaned, cleaned.replace(" ", "\u00a0")):
        try:
            return parse_decimal(candidate, locale=_locale(language), strict=False)
        except NumberFormatError:
            continue
    return None


def country_name(code: str, language: str) -> str:
    """The name of a country from its ISO 3166 code, in the language: "LT" -> "Lituanie" (fr).

    An unknown code is returned as given, so a document still shows something the reader can check.
    """
    key = (code or "").strip().upper()
    return str(_locale(language).territories.get(key, code))


def language_name(code: str, language: str) -> str:
    """The name of a language from its ISO 639 code, in the language: "lt" -> "lituanien" (fr)."""
    key = (code or "").strip().lower().replace("-", "_")
    names = _locale(language).languages
    return str(names.get(key) or names.get(key.split("_")[0]) or code)


@dataclass(frozen=True)
class Formatter:
    """The functions above bound to one language, for a window or a document writer."""

    language: str

    @property
    def locale(self) -> str:
        return locale_for(self.language)

    def date(self, value: dt.date, *, style: DateStyle = "long") -> str:
        return format_date(value, self.language, style=style)

    def iso_date(self, text: str | None, *, style: DateStyle = "long") -> str:
        return format_iso_date(text, self.language, style=style)

    def datetime(self, value: dt.datetime, *, style: DateStyle = "medium") -> str:
        return format_datetime(value, self.language, style=style)

    def time(self, value: dt.datetime | dt.time, *, style: DateStyle = "medium") -> str:
        return format_time(value, self.language, style=style)

    def moment(self, value: dt.datetime) -> str:
        return format_moment(value, self.language)

    def number(self, value: Number, *, decimals: int | None = None) -> str:
        return format_number(value, self.language, decimals=decimals)

    def amount(self, amount: Number, currency: str, *, whole: bool = False) -> str:
        return format_amount(amount, currency, self.language, whole=whole)

    def percent(self, ratio: Number, *, decimals: int = 0) -> str:
        return format_percent(ratio, self.language, decimals=decimals)

    def country(self, code: str) -> str:
        return country_name(code, self.language)

    def language_name(self, code: str) -> str:
        return language_name(code, self.language)


def formatter(language: str) -> Formatter:
    """A formatter for one interface or document language ("en", "lt", "fr", "es")."""
    return Formatter(language)
