"""A plan in several scripts, with control characters, long text and every Markdown feature."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stratplan.core.export.document import (
    DocAnnex,
    DocIndicator,
    DocMeta,
    DocModel,
    DocPoint,
    DocSection,
)
from stratplan.core.export.docx_writer import write_docx

LT = "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"
ARABIC = "تعزيز مشاركة المجتمع المدني في صنع القرار المحلي وضمان الشفافية والمساءلة."
URL = "https://example.org/planas?a=1&b=2"

RICH_BODY = f"""Įžanga su **paryškintu**, *kursyvu* ir `kodu`, nuoroda [koalicijos svetainė]({URL}).
Valdymo\x00 simboliai\x0b čia\x1f: {LT} 🌍🎉

1. Pirmas žingsnis
2. Antras žingsnis
   1. Vidinis a
   2. Vidinis b
3. Trečias žingsnis

- Kulka viena
  - Vidinė kulka
    - Giliausia kulka
      - Ketvirtas lygis
        - Penktas lygis
- Kulka dvi

Antras numeruotas sąrašas:

1. Vėl nuo vieno
2. Ir du

> Citata: „laisvė ir lygybė“.

| Rodiklis | Reikšmė |
|---|--:|
| Dalyviai | 120 |
| Mokymai | 4 |

---

<script>alert("x")</script> ir <b>ne HTML</b>.

# Poskyris

Paskutinė pastraipa.
"""

FRENCH_BODY = """Texte en français : « égalité », où, ça, œuvre.

1. un
2. deux
"""


def long_body(chars: int = 50_000) -> str:
    """Many paragraphs and lists, about `chars` characters in all."""
    parts: list[str] = []
    n = 0
    while sum(len(p) + 2 for p in parts) < chars:
        n += 1
        parts.append(f"Pastraipa {n}: bendruomenių stiprinimas, {LT}. " * 4)
        if n % 10 == 0:
            parts.append(f"1. punktas {n}\n2. dar vienas\n\n- kulka {n}")
    parts.append("PABAIGOS ŽYMĖ")
    return "\n\n".join(parts)


def point(number: str, title: str, body: str, **extra: object) -> DocPoint:
    fields: dict[str, object] = {
        "number": number,
        "title": title,
        "summary": f"Santrauka\x00 {LT}",
        "body": body,
        "objective": "Stiprinti\x1f bendruomenes",
        "actions": ("Surengti mokymus", "Parengti gaires"),
        "indicators": (DocIndicator("Dalyviai", "10", "120", "asm."),),
        "responsible": "Rūta Žilinskienė",
        "start": "2027-01-01",
        "end": "2027-12-31",
        "resources": "5 000 EUR",
        "level": "national",
        "tags": ("švietimas", "jaunimas"),
    }
    fields.update(extra)
    return DocPoint(**fields)  # type: ignore[arg-type]


def sample_model(language: str = "lt", kind: str = "local_plan") -> DocModel:
    points = (
        point("1.1", f"Mokymai jaunimui {LT}", RICH_BODY, decision="adapt",
              decision_note="Pritaikyta vietos sąlygoms", changed_upstream=True),
        point("1.2", "Égalité des chances", FRENCH_BODY, decision="adopt"),
        point("1.3", "المشاركة المدنية", f"{ARABIC}\n\n{ARABIC}", summary=ARABIC,
              decision="adopt"),
        point("1.4", "Ilgas punktas 🎉", long_body(), decision="local", tags=()),
        point("1.5", "Netaikomas punktas", "NETAIKOMO TEKSTAS", decision="not_applicable",
              decision_note="Nėra lėšų"),
    )
    return DocModel(
        meta=DocMeta(kind=kind, title=f"Vietos planas 2027–2030 {LT}",
                     coalition="Koalicija „Žalia“", organisation="Centras Laisvė",
                     country="Lietuva", release="v1.2", date="2026-05-09", language=language),
        sections=(DocSection("Švietimas", points), DocSection("Tuščias skyrius", ())),
        annexes=(DocAnnex("Biudžetas", ("Eilutė", "Suma"),
                          (("Mokymai", "3 000"), ("Gairės", "2 000"))),),
    )


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The sample plan written once per language for the whole session."""
    cache: dict[str, Path] = {}

    def get(language: str) -> Path:
        if language not in cache:
            path = tmp_path_factory.mktemp(f"docx-{language}") / f"plan-{language}.docx"
            write_docx(sample_model(language), path)
            cache[language] = path
        return cache[language]

    return get
