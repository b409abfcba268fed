"""The plain data that every document writer prints, and the labels it prints in each language."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("programme", "local_plan", "training_plan", "progress_report", "coalition_report")
DECISIONS = ("adopt", "adapt", "not_applicable", "local")
LANGUAGES = ("en", "lt", "fr", "es")


@dataclass(frozen=True)
class DocIndicator:
    name: str
    baseline: str
    target: str
    unit: str


@dataclass(frozen=True)
class DocFigure:
    """A chart: a PNG picture, its caption and its description for screen readers."""

    title: str
    png: bytes
    alt: str = ""


@dataclass(frozen=True)
class DocPoint:
    number: str
    title: str
    summary: str
    body: str
    objective: str
    actions: tuple[str, ...]
    indicators: tuple[DocIndicator, ...]
    responsible: str
    start: str
    end: str
    resources: str
    level: str
    tags: tuple[str, ...]
    decision: str = ""
    decision_note: str = ""
    changed_upstream: bool = False
    # The language the point is written in ("fr"), "" when unknown: its text is tagged so.
    language: str = ""
    figures: tuple[DocFigure, ...] = ()  # printed after the body


@dataclass(frozen=True)
class DocContact:
    name: str
    role: str  # a role key: director, facilitator, convener, member


@dataclass(frozen=True)
class DocActivity:
    """One confirmed peer-to-peer pairing as the training plan prints it.

    `direction` is "receive" (our need, the partner's tool) or "give" (our tool, their need).
    Areas, formats, priorities, roles and languages are keys and codes: the writers print
    them in the document's language.
    """

    number: str
    direction: str
    tool: str
    area: str  # the capacity area's key
    area_name: str  # its name as the coalition stored it
    partner: str
    partner_country: str  # ISO 3166 code
    contacts: tuple[DocContact, ...]
    formats: tuple[str, ...]
    languages: tuple[str, ...]  # ISO 639 codes
    need: str  # the need, as the receiving organisation described it
    offer: str  # the tool or practice, as the giving organisation described it
    priority: str = ""
    agreed: str = ""  # ISO date on which the pairing was confirmed


@dataclass(frozen=True)
class DocSection:
    title: str
    points: tuple[DocPoint, ...]
    # A training plan's sections hold pairings instead of plan points.
    activities: tuple[DocActivity, ...] = ()
    intro: str = ""  # Markdown printed under the section's heading, before its points
    figures: tuple[DocFigure, ...] = ()  # printed after the intro
    # An overview before the programme's sections goes unnumbered, so section 1 stays "1.".
    numbered: bool = True


@dataclass(frozen=True)
class DocAnnex:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Sentences printed above the table: the rules of the vote and its turnout.
    intro: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocMeta:
    kind: str
    title: str
    coalition: str
    organisation: str
    country: str
    release: str
    date: str
    language: str


@dataclass(frozen=True)
class DocModel:
    meta: DocMeta
    sections: tuple[DocSection, ...]
    annexes: tuple[DocAnnex, ...] = ()


# "sep" joins a label to its value: French typography wants a no-break space before the colon.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents",
        "update_toc": "Right-click here and choose Update Field (or press F9) "
        "to build the table of contents.",
        "section": "Section",
        "point": "Point",
        "summary": "Summary",
        "objective": "Objective",
        "actions": "Actions",
        "indicators": "Indicators",
        "indicator": "Indicator",
        "baseline": "Baseline",
        "target": "Target",
        "unit": "Unit",
        "responsible": "Responsible",
        "timeline": "Timeline",
        "resources": "Resources / budget",
        "level": "Level",
        "local": "local",
        "national": "national",
        "international": "international",
        "tags": "Tags",
        "coalition": "Coalition",
        "organisation": "Organisation",
        "country": "Country",
        "release": "Release",
        "date": "Date",
        "page": "Page",
        "of": "of",
        "programme": "Unified programme",
        "local_plan": "Local plan",
        "training_plan": "Training plan",
        "decision": "Decision",
        "adopt": "Adopted as is",
        "adapt": "Adapted",
        "not_applicable": "Not applicable here",
        "local_points": "Local points",
        "local_point": "Local point",
        "reason": "Reason",
        "note": "Adaptation note",
        "changed_upstream": "Changed in the programme since adapted",
        "annex": "Annex",
        "no_points": "No points in this section.",
        "not_applicable_short": "not applicable",
        "local_mark": "local point, not in the programme",
        "release_of": "Release",
        "peer_training": "Peer-to-peer training",
        "training_received": "Training we receive",
        "training_given": "Training we give",
        "no_activities": "No confirmed pairing yet.",
        "partner": "Partner organisation",
        "contact": "Contact",
        "area": "Capacity area",
        "formats": "Delivery formats",
        "languages": "Languages",
        "priority": "Priority of the need",
        "our_need": "What we need",
        "their_need": "What the partner needs",
        "will_be_done": "What will be done",
        "when": "When",
        "when_agreed": "Pairing confirmed on {date}; the dates are set with the partner.",
        "when_open": "The dates are set with the partner.",
        "role_director": "director",
        "role_facilitator": "facilitator",
        "role_convener": "convener",
        "role_member": "member",
        "table": "Table",
        "figure": "Figure",
        "see_words": "see|cf.|point|points",
        "progress_report": "Progress report",
        "period": "Reporting period",
        "status": "Status",
        "narrative": "What happened",
        "evidence": "Evidence",
        "values": "Actual values",
        "value": "Value",
        "source": "Source",
        "not_reported": "Not reported yet",
        "not_started": "Not started",
        "on_track": "On track",
        "delayed": "Delayed",
        "done": "Done",
        "dropped": "Dropped",
        "sep": ": ",
    },
    "lt": {
        "contents": "Turinys",
        "update_toc": "Norėdami sudaryti turinį, spustelėkite čia dešiniuoju pelės mygtuku ir "
        "pasirinkite „Naujinti lauką“ (arba paspauskite F9).",
        "section": "Skyrius",
        "point": "Punktas",
        "summary": "Santrauka",
        "objective": "Tikslas",
        "actions": "Veiksmai",
        "indicators": "Rodikliai",
        "indicator": "Rodiklis",
        "baseline": "Pradinė reikšmė",
        "target": "Siektina reikšmė",
        "unit": "Matavimo vienetas",
        "responsible": "Atsakingi",
        "timeline": "Įgyvendinimo laikotarpis",
        "resources": "Ištekliai / biudžetas",
        "level": "Lygmuo",
        "local": "vietinis",
        "national": "nacionalinis",
        "international": "tarptautinis",
        "tags": "Žymos",
        "coalition": "Koalicija",
        "organisation": "Organizacija",
        "country": "Šalis",
        "release": "Leidimas",
        "date": "Data",
        "page": "Puslapis",
        "of": "iš",
        "programme": "Bendroji programa",
        "local_plan": "Vietos planas",
        "training_plan": "Mokymų planas",
        "decision": "Sprendimas",
        "adopt": "Priimta be pakeitimų",
        "adapt": "Pritaikyta",
        "not_applicable": "Čia netaikoma",
        "local_points": "Vietos punktai",
        "local_point": "Vietos punktas",
        "reason": "Priežastis",
        "note": "Pritaikymo pastaba",
        "changed_upstream": "Programoje pakeista po to, kai punktas buvo pritaikytas",
        "annex": "Priedas",
        "no_points": "Šiame skyriuje punktų nėra.",
        "not_applicable_short": "netaikoma",
        "local_mark": "vietos punktas, programoje jo nėra",
        "release_of": "Leidimas",
        "peer_training": "Tarpusavio mokymai",
        "training_received": "Mokymai, kuriuos gauname",
        "training_given": "Mokymai, kuriuos teikiame",
        "no_activities": "Patvirtintų porų dar nėra.",
        "partner": "Partnerė organizacija",
        "contact": "Kontaktinis asmuo",
        "area": "Gebėjimų sritis",
        "formats": "Mokymo formos",
        "languages": "Kalbos",
        "priority": "Poreikio prioritetas",
        "our_need": "Ko mums reikia",
        "their_need": "Ko reikia partneriui",
        "will_be_done": "Kas bus daroma",
        "when": "Kada",
        "when_agreed": "Pora patvirtinta {date}; datos derinamos su partneriu.",
        "when_open": "Datos derinamos su partneriu.",
        "role_director": "direktorius (-ė)",
        "role_facilitator": "moderatorius (-ė)",
        "role_convener": "koordinatorius (-ė)",
        "role_member": "narys (-ė)",
        "table": "Lentelė",
        "figure": "Paveikslas",
        "see_words": "žr.|plg.|punktas|punktą|punkte|punktus|punktai",
        "progress_report": "Pažangos ataskaita",
        "period": "Ataskaitinis laikotarpis",
        "status": "Būsena",
        "narrative": "Kas nuveikta",
        "evidence": "Įrodymai",
        "values": "Faktinės reikšmės",
        "value": "Reikšmė",
        "source": "Šaltinis",
        "not_reported": "Dar nepranešta",
        "not_started": "Nepradėta",
        "on_track": "Vykdoma pagal planą",
        "delayed": "Vėluoja",
        "done": "Įvykdyta",
        "dropped": "Atsisakyta",
        "sep": ": ",
    },
    "fr": {
        "contents": "Table des matières",
        "update_toc": "Cliquez ici avec le bouton droit et choisissez « Mettre à jour les "
        "champs » (ou appuyez sur F9) pour construire la table des matières.",
        "section": "Section",
        "point": "Point",
        "summary": "Résumé",
        "objective": "Objectif",
        "actions": "Actions",
        "indicators": "Indicateurs",
        "indicator": "Indicateur",
        "baseline": "Valeur de référence",
        "target": "Cible",
        "unit": "Unité",
        "responsible": "Responsable(s)",
        "timeline": "Calendrier",
        "resources": "Ressources / budget",
        "level": "Niveau",
        "local": "local",
        "national": "national",
        "international": "international",
        "tags": "Mots-clés",
        "coalition": "Coalition",
        "organisation": "Organisation",
        "country": "Pays",
        "release": "Version",
        "date": "Date",
        "page": "Page",
        "of": "sur",
        "programme": "Programme commun",
        "local_plan": "Plan local",
        "training_plan": "Plan de formation",
        "decision": "Décision",
        "adopt": "Adopté tel quel",
        "adapt": "Adapté",
        "not_applicable": "Non applicable ici",
        "local_points": "Points locaux",
        "local_point": "Point local",
        "reason": "Motif",
        "note": "Note d’adaptation",
        "changed_upstream": "Modifié dans le programme depuis l’adaptation",
        "annex": "Annexe",
        "no_points": "Aucun point dans cette section.",
        "not_applicable_short": "non applicable",
        "local_mark": "point local, absent du programme",
        "release_of": "Version",
        "peer_training": "Formation entre pairs",
        "training_received": "Formations reçues",
        "training_given": "Formations données",
        "no_activities": "Aucun binôme confirmé pour l’instant.",
        "partner": "Organisation partenaire",
        "contact": "Contact",
        "area": "Domaine de compétences",
        "formats": "Modalités",
        "languages": "Langues",
        "priority": "Priorité du besoin",
        "our_need": "Notre besoin",
        "their_need": "Le besoin du partenaire",
        "will_be_done": "Ce qui sera fait",
        "when": "Quand",
        "when_agreed": "Binôme confirmé le {date} ; les dates sont fixées avec le partenaire.",
        "when_open": "Les dates sont fixées avec le partenaire.",
        "role_director": "directeur·rice",
        "role_facilitator": "facilitateur·rice",
        "role_convener": "coordinateur·rice",
        "role_member": "membre",
        "table": "Tableau",
        "figure": "Figure",
        "see_words": "voir|cf.|point|points",
        "progress_report": "Rapport d'avancement",
        "period": "Période de rapport",
        "status": "Statut",
        "narrative": "Ce qui a été fait",
        "evidence": "Justificatifs",
        "values": "Valeurs réalisées",
        "value": "Valeur",
        "source": "Source",
        "not_reported": "Pas encore rapporté",
        "not_started": "Pas commencé",
        "on_track": "En bonne voie",
        "delayed": "En retard",
        "done": "Réalisé",
        "dropped": "Abandonné",
        "sep": "\u00a0: ",
    },
    "es": {
        "contents": "Índice",
        "update_toc": "Haga clic aquí con el botón derecho y elija «Actualizar campos» "
        "(o pulse F9) para crear el índice.",
        "section": "Sección",
        "point": "Punto",
        "summary": "Resumen",
        "objective": "Objetivo",
        "actions": "Acciones",
        "indicators": "Indicadores",
        "indicator": "Indicador",
        "baseline": "Valor de referencia",
        "target": "Meta",
        "unit": "Unidad",
        "responsible": "Responsables",
        "timeline": "Calendario",
        "resources": "Recursos / presupuesto",
        "level": "Nivel",
        "local": "local",
        "national": "nacional",
        "international": "internacional",
        "tags": "Etiquetas",
        "coalition": "Coalición",
        "organisation": "Organización",
        "country": "País",
        "release": "Versión",
        "date": "Fecha",
        "page": "Página",
        "of": "de",
        "programme": "Programa común",
        "local_plan": "Plan local",
        "training_plan": "Plan de formación",
        "decision": "Decisión",
        "adopt": "Adoptado tal cual",
        "adapt": "Adaptado",
        "not_applicable": "No aplicable aquí",
        "local_points": "Puntos locales",
        "local_point": "Punto local",
        "reason": "Motivo",
        "note": "Nota de adaptación",
        "changed_upstream": "Modificado en el programa después de la adaptación",
        "annex": "Anexo",
        "no_points": "No hay puntos en esta sección.",
        "not_applicable_short": "no aplicable",
        "local_mark": "punto local, no incluido en el programa",
        "release_of": "Versión",
        "peer_training": "Formación entre pares",
        "training_received": "Formación que recibimos",
        "training_given": "Formación que impartimos",
        "no_activities": "Todavía no hay ningún emparejamiento confirmado.",
        "partner": "Organización asociada",
        "contact": "Contacto",
        "area": "Ámbito de capacidades",
        "formats": "Modalidades",
        "languages": "Idiomas",
        "priority": "Prioridad de la necesidad",
        "our_need": "Lo que necesitamos",
        "their_need": "Lo que necesita la organización asociada",
        "will_be_done": "Qué se hará",
        "when": "Cuándo",
        "when_agreed": "Emparejamiento confirmado el {date}; las fechas se fijan con la "
        "organización asociada.",
        "when_open": "Las fechas se fijan con la organización asociada.",
        "role_director": "director(a)",
        "role_facilitator": "facilitador(a)",
        "role_convener": "coordinador(a)",
        "role_member": "miembro",
        "table": "Tabla",
        "figure": "Figura",
        "see_words": "véase|ver|cf.|punto|puntos",
        "progress_report": "Informe de avance",
        "period": "Periodo de informe",
        "status": "Estado",
        "narrative": "Qué se hizo",
        "evidence": "Pruebas",
        "values": "Valores reales",
        "value": "Valor",
        "source": "Fuente",
        "not_reported": "Aún sin informe",
        "not_started": "Sin empezar",
        "on_track": "En curso según lo previsto",
        "delayed": "Con retraso",
        "done": "Hecho",
        "dropped": "Abandonado",
        "sep": ": ",
    },
}

# DocPoint.decision values use "local" for a point of the organisation's own; its label key
# is "local_point" because "local" is already the level.
DECISION_LABEL_KEYS = {
    "adopt": "adopt",
    "adapt": "adapt",
    "not_applicable": "not_applicable",
    "local": "local_point",
}


def labels(language: str) -> dict[str, str]:
    """The labels for a language, English for any language without a translation."""
    return LABELS.get(language, LABELS["en"])


def decision_label(language: str, decision: str) -> str:
    """The printed name of a local-plan decision ("" for none or an unknown value)."""
    key = DECISION_LABEL_KEYS.get(decision)
    return labels(language)[key] if key else ""
