"""The capacity-building areas, offer formats and need priorities the coalition works with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CapacityArea:
    """One field in which a member can need help or offer it; `key` is stable, names translate."""

    key: str
    name: str
    description: str


# The areas found by the coalition's needs assessment; a coalition may add its own later, so
# nothing else in the core assumes this list is complete.
DEFAULT_AREAS: tuple[CapacityArea, ...] = (
    CapacityArea("legal-advocacy", "Legal advocacy",
                 "Strategic litigation, legal aid for survivors, compensation claims, law reform."),
    CapacityArea("survivor-support", "Survivor support and exit programmes",
                 "Shelter, case management and programmes that help people leave exploitation."),
    CapacityArea("data-research", "Data collection and research",
                 "Case monitoring, shared indicators, surveys and evidence for policy work."),
    CapacityArea("prevention-awareness", "Prevention and awareness",
                 "Campaigns, school and community work that reduce the risk of being trafficked."),
    CapacityArea("police-prosecutors", "Work with police and prosecutors",
                 "Joint training, referral agreements, accompanying survivors through a case."),
    CapacityArea("international-advocacy", "International advocacy with UN bodies",
                 "Shadow reports to CEDAW and other treaty bodies, the UPR, Special Rapporteurs."),
    CapacityArea("media-communication", "Media and communication",
                 "Press work, social media and ethical reporting on trafficking and survivors."),
    CapacityArea("fundraising", "Fundraising",
                 "Grant writing, donor relations, individual giving and diversified income."),
    CapacityArea("psychosocial-support", "Psychosocial support",
                 "Trauma-informed counselling, peer support, and care for the staff giving it."),
    CapacityArea("volunteer-management", "Volunteer management",
                 "Recruiting, training, supervising and keeping volunteers safe and motivated."),
    CapacityArea("digital-safety", "Online exploitation and digital safety",
                 "Recruitment and exploitation online, digital security for survivors and staff."),
    CapacityArea("organisational-governance", "Organisational management and governance",
                 "Boards, strategy, financial management, policies and safeguarding."),
)

# Names in the coalition's working languages; an import accepts any of them for an area.
AREA_NAMES: dict[str, dict[str, str]] = {
    "en": {area.key: area.name for area in DEFAULT_AREAS},
    "lt": {
        "legal-advocacy": "Teisinė advokacija",
        "survivor-support": "Pagalba nukentėjusiesiems ir pasitraukimo programos",
        "data-research": "Duomenų rinkimas ir tyrimai",
        "prevention-awareness": "Prevencija ir visuomenės informavimas",
        "police-prosecutors": "Bendradarbiavimas su policija ir prokuratūra",
        "international-advocacy": "Tarptautinė advokacija JT institucijose",
        "media-communication": "Žiniasklaida ir komunikacija",
        "fundraising": "Lėšų pritraukimas",
        "psychosocial-support": "Psichosocialinė pagalba",
        "volunteer-management": "Savanorių koordinavimas",
        "digital-safety": "Išnaudojimas internete ir skaitmeninis saugumas",
        "organisational-governance": "Organizacijos vadyba ir valdysena",
    },
    "fr": {
        "legal-advocacy": "Plaidoyer juridique",
        "survivor-support": "Accompagnement des personnes survivantes et parcours de sortie",
        "data-research": "Collecte de données et recherche",
        "prevention-awareness": "Prévention et sensibilisation",
        "police-prosecutors": "Travail avec la police et le parquet",
        "international-advocacy": "Plaidoyer international auprès des organes de l'ONU",
        "media-communication": "Médias et communication",
        "fundraising": "Collecte de fonds",
        "psychosocial-support": "Soutien psychosocial",
        "volunteer-management": "Gestion des bénévoles",
        "digital-safety": "Exploitation en ligne et sécurité numérique",
        "organisational-governance": "Gestion organisationnelle et gouvernance",
    },
    "es": {
        "legal-advocacy": "Incidencia jurídica",
        "survivor-support": "Apoyo a supervivientes y programas de salida",
        "data-research": "Recogida de datos e investigación",
        "prevention-awareness": "Prevención y sensibilización",
        "police-prosecutors": "Trabajo con la policía y la fiscalía",
        "international-advocacy": "Incidencia internacional ante los órganos de la ONU",
        "media-communication": "Medios y comunicación",
        "fundraising": "Captación de fondos",
        "psychosocial-support": "Apoyo psicosocial",
        "volunteer-management": "Gestión del voluntariado",
        "digital-safety": "Explotación en línea y seguridad digital",
        "organisational-governance": "Gestión organizativa y gobernanza",
    },
}

# How a member can share what it built; a study visit means hosting staff of another member.
FORMATS = ("training", "materials", "mentoring", "study_visit")
# Most urgent first: the order in which the needs assessment asked members to rate their needs.
PRIORITIES = ("high", "medium", "low")
