"""Dates, country names and shares written the way each document language writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from stratplan.core import locale_format


@lru_cache(maxsize=4096)  # a programme repeats its dates: Babel's formatting is the cost
def long_date(iso: str, language: str) -> str:
    """ "9 May 2026", "2026 m. gegužės 9 d.", "9 mai 2026", "9 de mayo de 2026" (Babel's CLDR
    long dates); text that is not an ISO date is printed as written."""
    text = iso.strip()
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return iso
    written = locale_format.format_date(day, language)
    if language == "fr" and day.day == 1:
        # French writes the first day of a month as an ordinal: "1er janvier 2027".
        written = "1er" + written[1:]
    return written


def country_name(country: str, language: str) -> str:
    """The country's name in the language for an ISO 3166 code ("LT" -> "Lituanie"); any
    other value as it is."""
    code = country.strip()
    if len(code) != 2:
        return country
    return locale_format.country_name(code, language)


def percent(part: Fraction, language: str) -> str:
    """A share as a whole percentage; never "100 %" for less than all, nor "0 %" for some."""
    value = float(part) * 100
    whole = round(value)
    if whole == 100 and part < 1:
        whole = 99
    elif whole == 0 and part > 0:
        whole = 1
    # French and Lithuanian put a (no-break) space before the sign; English and Spanish none.
    return f"{whole}\u00a0%" if language in ("fr", "lt") else f"{whole}%"


OF_WORD = {"en": "of", "lt": "iš", "fr": "sur", "es": "de"}


def count_text(value: Fraction | int, language: str) -> str:
    """A count in the language's digits: "1 234" in French; a weighted count with at most two
    decimals as "4,5"; any other weighted count as its exact fraction ("10/3")."""
    value = Fraction(value)
    if value.denominator == 1:
        return locale_format.format_number(int(value), language)
    if 100 % value.denominator == 0:
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return locale_format.format_number(exact, language)
    return str(value)


def share(count: Fraction | int, total: Fraction | int, language: str) -> str:
    """ "24 of 27 (89%)": the count and what it is out of, then the rounded percentage.

    No-break spaces keep "24 of 27" together; the percentage may go to the next line.
    """
    of = OF_WORD.get(language, "of")
    text = f"{count_text(count, language)}\u00a0{of}\u00a0{count_text(total, language)}"
    if total <= 0:
        return text
    return f"{text} ({percent(Fraction(count) / Fraction(total), language)})"
