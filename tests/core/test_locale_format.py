"""Dates, money, numbers and country names read as each language writes them (CLDR through Babel)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from stratplan.core.locale_format import (
    country_name,
    format_amount,
    format_date,
    format_datetime,
    format_iso_date,
    format_number,
    format_percent,
    formatter,
    language_name,
    locale_for,
    parse_number,
)

DAY = dt.date(2026, 12, 2)
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "2 December 2026"),
    ("lt", "2026 m. gruodžio 2 d."),
    ("fr", "2 décembre 2026"),
    ("es", "2 de diciembre de 2026"),
])
def test_a_cover_date_reads_as_the_language_writes_it(language: str, expected: str) -> None:
    assert format_date(DAY, language) == expected
    assert format_iso_date("2026-12-02", language) == expected
    assert formatter(language).date(dt.datetime(2026, 12, 2, 23, 59)) == expected


def test_shorter_date_styles_and_moments() -> None:
    assert format_date(DAY, "fr", style="medium") == "2 déc. 2026"
    assert format_date(DAY, "lt", style="medium") == "2026-12-02"
    assert format_datetime(dt.datetime(2026, 12, 2, 14, 5), "en").startswith("2 Dec 2026")


@pytest.mark.parametrize(("language", "moment"), [
    ("en", "2 Dec 2026, 14:05"), ("lt", "2026-12-02 14:05"), ("fr", "2 déc. 2026, 14:05"), ("es", "2 dic 2026, 14:05"),
])
def test_a_moment_in_a_list_reads_as_the_language_writes_it(language: str, moment: str) -> None:
    at = dt.datetime(2026, 12, 2, 14, 5, 30)
    assert formatter(language).moment(at) == moment
    assert formatter(language).time(at) == "14:05:30"


def test_free_text_timelines_are_printed_as_the_author_wrote_them() -> None:
    assert format_iso_date("Q3 2026", "fr") == "Q3 2026"
    assert format_iso_date("", "fr") == ""
    assert format_iso_date(None, "fr") == ""
    assert format_iso_date("2026-12-02T09:30:00+00:00", "es") == "2 de diciembre de 2026"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "€12,500.00"),
    ("lt", f"12{NBSP}500,00{NBSP}€"),
    ("fr", f"12{NNBSP}500,00{NBSP}€"),
    ("es", f"12.500,00{NBSP}€"),
])
def test_budget_amounts_follow_the_language(language: str, expected: str) -> None:
    assert format_amount(Decimal("12500"), "EUR", language) == expected


def test_whole_amounts_drop_the_cents_but_keep_the_currency_in_place() -> None:
    assert format_amount(12500, "eur", "en", whole=True) == "€12,500"
    assert format_amount(12500.4, "EUR", "fr", whole=True) == f"12{NNBSP}500{NBSP}€"
    assert format_amount(3000, "USD", "es") == f"3.000,00{NBSP}US$"


def test_numbers_and_percentages() -> None:
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_number(1234.5, "fr", decimals=2) == f"1{NNBSP}234,50"
    assert format_number(1234, "lt", decimals=0) == f"1{NBSP}234"
    assert format_percent(0.675, "en", decimals=1) == "67.5%"
    assert format_percent(0.675, "fr") == f"68{NBSP}%"
    assert format_percent(0.675, "es", decimals=1) == f"67,5{NBSP}%"


def test_numbers_typed_by_a_user_are_read_in_their_language() -> None:
    assert parse_number("12 500,5", "fr") == Decimal("12500.5")
    assert parse_number(format_number(12500.5, "lt"), "lt") == Decimal("12500.5")
    assert parse_number("12,500.5", "en") == Decimal("12500.5")
    assert parse_number("about 10k", "en") is None
    assert parse_number("  ", "es") is None


@pytest.mark.parametrize(("language", "lithuania", "france"), [
    ("en", "Lithuania", "France"),
    ("lt", "Lietuva", "Prancūzija"),
    ("fr", "Lituanie", "France"),
    ("es", "Lituania", "Francia"),
])
def test_country_names_from_iso_codes(language: str, lithuania: str, france: str) -> None:
    assert country_name("LT", language) == lithuania
    assert country_name("fr", language) == france


def test_unknown_codes_are_shown_as_given_and_unknown_languages_fall_back_to_english() -> None:
    assert country_name("XK9", "fr") == "XK9"
    assert locale_for("xx") == "en_GB"
    assert locale_for("") == "en_GB"
    assert locale_for("es-MX") == "es_MX"
    assert format_date(DAY, "xx") == "2 December 2026"


def test_language_names() -> None:
    assert language_name("lt", "fr") == "lituanien"
    assert language_name("fr", "es") == "francés"
    assert language_name("es-ES", "en") == "Spanish"
    assert formatter("lt").language_name("en") == "anglų"


def test_the_module_never_imports_qt() -> None:
    code = "import sys, stratplan.core.locale_format; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"
