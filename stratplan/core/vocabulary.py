"""The coalition's domain vocabulary, by key, in the four interface languages (Qt-free).

Capacity areas, need priorities, offer formats, proposal statuses, levels, voting methods,
retire reasons, local-plan decisions and round states are stored by key ("high", "study_visit", "out_of_scope"), never by an English
name; this module gives each key its name in English, Lithuanian, French and Spanish, for the
windows, the command line and the documents alike. An unknown key (a coalition's own capacity
area, a value from a newer StratPlan) is shown as it is stored rather than refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stratplan.core.messages import Catalogue, Message
from stratplan.core.peer.catalogue import AREA_NAMES

Names = Mapping[str, Mapping[str, str]]  # key -> language -> name

PRIORITIES: Names = {
    "high": {"en": "high", "lt": "aukštas", "fr": "haute", "es": "alta"},
    "medium": {"en": "medium", "lt": "vidutinis", "fr": "moyenne", "es": "media"},
    "low": {"en": "low", "lt": "žemas", "fr": "basse", "es": "baja"},
}
FORMATS: Names = {
    "training": {"en": "training", "lt": "mokymai", "fr": "formation", "es": "formación"},
    "materials": {"en": "materials", "lt": "medžiaga", "fr": "supports", "es": "materiales"},
    "mentoring": {"en": "mentoring", "lt": "mentorystė", "fr": "mentorat", "es": "mentoría"},
    "study_visit": {"en": "study visit", "lt": "pažintinis vizitas", "fr": "visite d'étude",
                    "es": "visita de estudio"},
}
STATUSES: Names = {
    "draft": {"en": "Draft", "lt": "Juodraštis", "fr": "Brouillon", "es": "Borrador"},
    "submitted": {"en": "Submitted", "lt": "Pateiktas", "fr": "Déposé", "es": "Presentado"},
    "in_discussion": {"en": "In discussion", "lt": "Svarstomas", "fr": "En discussion", "es": "En debate"},
    "merged": {"en": "Merged", "lt": "Sujungtas", "fr": "Fusionné", "es": "Fusionado"},
    "adopted": {"en": "Adopted", "lt": "Priimtas", "fr": "Adopté", "es": "Adoptado"},
    "rejected": {"en": "Rejected", "lt": "Atmestas", "fr": "Rejeté", "es": "Rechazado"},
    "withdrawn": {"en": "Withdrawn", "lt": "Atsiimtas", "fr": "Retiré", "es": "Retirado"},
    "retired": {"en": "Retired", "lt": "Nurašytas", "fr": "Clos", "es": "Cerrado"},
}
LEVELS: Names = {
    "local": {"en": "Local", "lt": "Vietinis", "fr": "Local", "es": "Local"},
    "national": {"en": "National", "lt": "Nacionalinis", "fr": "National", "es": "Nacional"},
    "international": {"en": "International", "lt": "Tarptautinis", "fr": "International",
                      "es": "Internacional"},
}
METHODS: Names = {
    "approval": {"en": "Approval", "lt": "Pritarimas", "fr": "Approbation", "es": "Aprobación"},
    "ranking": {"en": "Ranking", "lt": "Reitingavimas", "fr": "Classement", "es": "Clasificación"},
    "score": {"en": "Score", "lt": "Vertinimas balais", "fr": "Notation", "es": "Puntuación"},
    "schulze": {"en": "Schulze", "lt": "Schulze", "fr": "Schulze", "es": "Schulze"},
    "borda": {"en": "Borda", "lt": "Borda", "fr": "Borda", "es": "Borda"},
}
RETIRE_REASONS: Names = {
    "duplicate": {"en": "Duplicate of another point", "lt": "Kito punkto dublikatas",
                  "fr": "Doublon d’un autre point", "es": "Duplicado de otro punto"},
    "out_of_scope": {"en": "Out of scope", "lt": "Ne šios programos sritis", "fr": "Hors du champ",
                     "es": "Fuera del ámbito"},
    "already_done": {"en": "Already done", "lt": "Jau padaryta", "fr": "Déjà réalisé", "es": "Ya realizado"},
    "other": {"en": "Other", "lt": "Kita", "fr": "Autre", "es": "Otro"},
}
DECISIONS: Names = {  # a local plan's decision on a programme point
    "adopt": {"en": "adopt as is", "lt": "priimti be pakeitimų", "fr": "adopter tel quel",
              "es": "adoptar tal cual"},
    "adapt": {"en": "adapt", "lt": "pritaikyti", "fr": "adapter", "es": "adaptar"},
    "not_applicable": {"en": "not applicable here", "lt": "čia netaikoma", "fr": "sans objet ici",
                       "es": "no aplicable aquí"},
}
ROUND_STATUSES: Names = {
    "open": {"en": "open", "lt": "vyksta", "fr": "ouvert", "es": "abierta"},
    "closed": {"en": "closed", "lt": "uždarytas", "fr": "clos", "es": "cerrada"},
}
RELEASE_CHANGES: Names = {  # what became of a point between two releases
    "added": {"en": "added", "lt": "pridėtas", "fr": "ajouté", "es": "añadido"},
    "changed": {"en": "changed", "lt": "pakeistas", "fr": "modifié", "es": "modificado"},
    "moved": {"en": "moved", "lt": "perkeltas", "fr": "déplacé", "es": "movido"},
    "removed": {"en": "removed", "lt": "pašalintas", "fr": "retiré", "es": "quitado"},
}
OVERLAPS: Names = {  # what the overlap finder calls a group of alike proposals
    "duplicate": {"en": "duplicate", "lt": "dublikatas", "fr": "doublon", "es": "duplicado"},
    "overlap": {"en": "overlap", "lt": "sutapimas", "fr": "recoupement", "es": "solapamiento"},
}
AREAS: Names = {key: {lang: names[key] for lang, names in AREA_NAMES.items() if key in names}
                for key in AREA_NAMES["en"]}

DOMAINS: Mapping[str, Names] = {
    "area": AREAS, "priority": PRIORITIES, "format": FORMATS, "status": STATUSES, "level": LEVELS,
    "method": METHODS, "retire_reason": RETIRE_REASONS, "decision": DECISIONS,
    "round_status": ROUND_STATUSES, "overlap": OVERLAPS, "release_change": RELEASE_CHANGES,
}


def label(domain: str, key: str, language: str) -> str:
    """The name of `key` in `language` ("priority", "high", "fr" -> "haute"); English, else the key."""
    names = DOMAINS[domain].get(key)
    if names is None:
        return key
    return names.get(language) or names.get("en") or key


@dataclass(frozen=True)
class Term(Message):
    """A word of the vocabulary inside a message ("'{title}' is {status}"), named in the language
    the message is rendered in; `inside` lower-cases its first letter for the middle of a sentence."""

    domain: str = ""
    key: str = ""
    inside: bool = False

    def render(self, catalogue: Catalogue) -> str:
        # A catalogue knows its language from its header; English has none.
        language = catalogue.info().get("language", "en")
        text = label(self.domain, self.key, language)
        return text[:1].lower() + text[1:] if self.inside else text


def term(domain: str, key: str, *, inside: bool = False) -> Term:
    """`msg("'{title}' is {status}.", status=term("status", "adopted", inside=True))`."""
    return Term("", domain=domain, key=key, inside=inside)


def area_label(key: str, stored_name: str, language: str) -> str:
    """A capacity area's name: translated while it is one of the defaults under a known name.

    A convener may rename an area; a name that is none of the default's translations is the
    coalition's own and is shown as written, in every language.
    """
    names = AREAS.get(key)
    if names is None or (stored_name and stored_name not in names.values()):
        return stored_name or key
    return label("area", key, language)
