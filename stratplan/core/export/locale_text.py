"""Dates, country names and shares written the way each document language writes them."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    # Lithuanian dates take the genitive: "2026 m. gegužės 9 d."
    "lt": ("sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos",
           "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}

# The countries of the coalitions StratPlan serves (Europe and its neighbours); any other
# code is printed as it is.
_COUNTRIES: dict[str, tuple[str, str, str, str]] = {  # en, lt, fr, es
    "LT": ("Lithuania", "Lietuva", "Lituanie", "Lituania"),
    "LV": ("Latvia", "Latvija", "Lettonie", "Letonia"),
    "EE": ("Estonia", "Estija", "Estonie", "Estonia"),
    "PL": ("Poland", "Lenkija", "Pologne", "Polonia"),
    "FI": ("Finland", "Suomija", "Finlande", "Finlandia"),
    "SE": ("Sweden", "Švedija", "Suède", "Suecia"),
    "NO": ("Norway", "Norvegija", "Norvège", "Noruega"),
    "DK": ("Denmark", "Danija", "Danemark", "Dinamarca"),
    "DE": ("Germany", "Vokietija", "Allemagne", "Alemania"),
    "FR": ("France", "Prancūzija", "France", "Francia"),
    "BE": ("Belgium", "Belgija", "Belgique", "Bélgica"),
    "NL": ("Netherlands", "Nyderlandai", "Pays-Bas", "Países Bajos"),
    "LU": ("Luxembourg", "Liuksemburgas", "Luxembourg", "Luxemburgo"),
    "ES": ("Spain", "Ispanija", "Espagne", "España"),
    "PT": ("Portugal", "Portugalija", "Portugal", "Portugal"),
    "IT": ("Italy", "Italija", "Italie", "Italia"),
    "IE": ("Ireland", "Airija", "Irlande", "Irlanda"),
    "GB": ("United Kingdom", "Jungtinė Karalystė", "Royaume-Uni", "Reino Unido"),
    "AT": ("Austria", "Austrija", "Autriche", "Austria"),
    "CH": ("Switzerland", "Šveicarija", "Suisse", "Suiza"),
    "CZ": ("Czechia", "Čekija", "Tchéquie", "Chequia"),
    "SK": ("Slovakia", "Slovakija", "Slovaquie", "Eslovaquia"),
    "HU": ("Hungary", "Vengrija", "Hongrie", "Hungría"),
    "SI": ("Slovenia", "Slovėnija", "Slovénie", "Eslovenia"),
    "HR": ("Croatia", "Kroatija", "Croatie", "Croacia"),
    "RO": ("Romania", "Rumunija", "Roumanie", "Rumania"),
    "BG": ("Bulgaria", "Bulgarija", "Bulgarie", "Bulgaria"),
    "GR": ("Greece", "Graikija", "Grèce", "Grecia"),
    "CY": ("Cyprus", "Kipras", "Chypre", "Chipre"),
    "MT": ("Malta", "Malta", "Malte", "Malta"),
    "UA": ("Ukraine", "Ukraina", "Ukraine", "Ucrania"),
    "MD": ("Moldova", "Moldova", "Moldavie", "Moldavia"),
    "GE": ("Georgia", "Sakartvelas", "Géorgie", "Georgia"),
    "AM": ("Armenia", "Armėnija", "Arménie", "Armenia"),
    "AZ": ("Azerbaijan", "Azerbaidžanas", "Azerbaïdjan", "Azerbaiyán"),
    "BY": ("Belarus", "Baltarusija", "Biélorussie", "Bielorrusia"),
    "RS": ("Serbia", "Serbija", "Serbie", "Serbia"),
    "BA": ("Bosnia and Herzegovina", "Bosnija ir Hercegovina", "Bosnie-Herzégovine",
           "Bosnia y Herzegovina"),
    "ME": ("Montenegro", "Juodkalnija", "Monténégro", "Montenegro"),
    "MK": ("North Macedonia", "Šiaurės Makedonija", "Macédoine du Nord", "Macedonia del Norte"),
    "AL": ("Albania", "Albanija", "Albanie", "Albania"),
    "XK": ("Kosovo", "Kosovas", "Kosovo", "Kosovo"),
    "TR": ("Türkiye", "Turkija", "Turquie", "Turquía"),
    "IS": ("Iceland", "Islandija", "Islande", "Islandia"),
    "TN": ("Tunisia", "Tunisas", "Tunisie", "Túnez"),
    "MA": ("Morocco", "Marokas", "Maroc", "Marruecos"),
}
_COLUMN = {"en": 0, "lt": 1, "fr": 2, "es": 3}


def long_date(iso: str, language: str) -> str:
    """ "9 May 2026", "2026 m. gegužės 9 d.", "9 mai 2026", "9 de mayo de 2026"; else as given."""
    try:
        day = dt.date.fromisoformat(iso.strip())
    except ValueError:
        return iso
    months = _MONTHS.get(language, _MONTHS["en"])
    month = months[day.month - 1]
    if language == "lt":
        return f"{day.year} m. {month} {day.day} d."
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    if language == "fr" and day.day == 1:
        return f"1er {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def country_name(country: str, language: str) -> str:
    """The country's name in the language for a two-letter code; other values as they are."""
    names = _COUNTRIES.get(country.strip().upper()) if len(country.strip()) == 2 else None
    return names[_COLUMN.get(language, 0)] if names else country


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


def share(count: int, total: int, language: str) -> str:
    """ "24 of 27 (89%)": the count and what it is out of, then the rounded percentage.

    No-break spaces keep "24 of 27" together; the percentage may go to the next line.
    """
    of = OF_WORD.get(language, "of")
    text = f"{count}\u00a0{of}\u00a0{total}"
    if total <= 0:
        return text
    return f"{text} ({percent(Fraction(count, total), language)})"
