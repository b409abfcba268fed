"""The proposal book as plain data, and the words it prints in each document language."""

from __future__ import annotations

from dataclasses import dataclass

from stratplan.core.export.document import DocMeta


@dataclass(frozen=True)
class BookDecision:
    decision: str  # accept, modify, reject, aside
    organisation: str
    reason: str
    counts: bool


@dataclass(frozen=True)
class BookAmendment:
    label: str  # "1.2-A1": the proposal's number and the amendment's place
    change: str  # replace, insert, delete
    first_line: int
    last_line: int
    organisation: str
    author: str
    state: str  # services.amendments.STATES
    reason: str
    # The passage's lines with the change inline: (equal | delete | insert, text).
    segments: tuple[tuple[str, str], ...]
    decisions: tuple[BookDecision, ...]
    competes_with: tuple[str, ...]  # labels of the rival amendments


@dataclass(frozen=True)
class BookProposal:
    number: str
    title: str
    summary: str
    organisation: str
    lines: tuple[tuple[int, str], ...]  # the current text, numbered
    amendments: tuple[BookAmendment, ...]
    language: str = ""


@dataclass(frozen=True)
class BookGroup:
    title: str
    proposals: tuple[BookProposal, ...]


@dataclass(frozen=True)
class BookRound:
    title: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class ProposalBook:
    meta: DocMeta
    groups: tuple[BookGroup, ...]
    rounds: tuple[BookRound, ...]


BOOK_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "proposal_book": "Proposal book", "all_groups": "All working groups", "amendments": "Amendments",
        "amendment": "Amendment", "line": "line", "lines": "lines", "after_line": "after line",
        "before_first": "before the first line", "proposed_by": "Proposed by", "state": "State",
        "decisions": "Decisions", "does_not_count": "does not count: not an owner or the coordinator",
        "competes": "Competes with", "no_amendments": "No amendments.", "voting_rules": "Voting rules",
        "no_rounds": "No voting round is open on these proposals yet.",
        "no_proposals": "No proposal is in discussion.", "by_organisation": "Organisation",
        "legend": "Line numbers refer to the current text (those of a merged amendment, to the text it "
                  "amended). In the amendments, inserted text is underlined and deleted text is struck "
                  "through.",
        "amend_rules": "Any member organisation may propose an amendment to lines of a proposal, with a "
                       "reason. The proposal's organisations or the working group's coordinator accept "
                       "it, accept it with a modification, or reject it. Accepted amendments are merged "
                       "into the text; competing amendments are settled by choosing one, by combining "
                       "them, or by a vote.",
        "replace": "Replace", "insert": "Insert", "delete": "Delete",
        "open": "open", "accepted": "accepted, to be merged", "rejected": "rejected",
        "set-aside": "set aside for a competing amendment", "merged": "merged into the text",
        "outdated": "outdated: the passage has changed", "invalid": "does not fit its revision",
        "accept": "accepted", "modify": "accepted with a modification", "reject": "rejected",
        "aside": "set aside",
    },
    "lt": {
        "proposal_book": "Pasiūlymų knyga", "all_groups": "Visos darbo grupės", "amendments": "Pataisos",
        "amendment": "Pataisa", "line": "eilutė", "lines": "eilutės", "after_line": "po eilutės",
        "before_first": "prieš pirmąją eilutę", "proposed_by": "Pasiūlė", "state": "Būsena",
        "decisions": "Sprendimai", "does_not_count": "neįskaitomas: ne savininkas ir ne grupės vadovė",
        "competes": "Konkuruoja su", "no_amendments": "Pataisų nėra.", "voting_rules": "Balsavimo taisyklės",
        "no_rounds": "Dėl šių pasiūlymų balsavimas dar nepradėtas.",
        "no_proposals": "Svarstomų pasiūlymų nėra.", "by_organisation": "Organizacija",
        "legend": "Eilučių numeriai nurodo dabartinį tekstą (įtrauktos pataisos – tekstą, kurį ji keitė). "
                  "Pataisose įterptas tekstas pabrauktas, išbrauktas tekstas perbrauktas.",
        "amend_rules": "Bet kuri narė organizacija gali pasiūlyti pakeisti pasiūlymo eilutes, nurodydama "
                       "priežastį. Pasiūlymo organizacijos arba darbo grupės vadovė pataisą priima, "
                       "priima su pakeitimais arba atmeta. Priimtos pataisos įtraukiamos į tekstą; dėl "
                       "konkuruojančių pataisų sprendžiama pasirenkant vieną, jas sujungiant arba "
                       "balsuojant.",
        "replace": "Pakeisti", "insert": "Įterpti", "delete": "Išbraukti",
        "open": "svarstoma", "accepted": "priimta, bus įtraukta", "rejected": "atmesta",
        "set-aside": "atidėta dėl konkuruojančios pataisos", "merged": "įtraukta į tekstą",
        "outdated": "pasenusi: ištrauka pasikeitė", "invalid": "neatitinka savo redakcijos",
        "accept": "priimta", "modify": "priimta su pakeitimais", "reject": "atmesta", "aside": "atidėta",
    },
    "fr": {
        "proposal_book": "Cahier des propositions", "all_groups": "Tous les groupes de travail",
        "amendments": "Amendements", "amendment": "Amendement", "line": "ligne", "lines": "lignes",
        "after_line": "après la ligne", "before_first": "avant la première ligne", "proposed_by": "Proposé par",
        "state": "État", "decisions": "Décisions",
        "does_not_count": "ne compte pas : ni propriétaire ni responsable du groupe",
        "competes": "En concurrence avec", "no_amendments": "Aucun amendement.", "voting_rules": "Règles de vote",
        "no_rounds": "Aucun vote n’est encore ouvert sur ces propositions.",
        "no_proposals": "Aucune proposition en discussion.", "by_organisation": "Organisation",
        "legend": "Les numéros de ligne renvoient au texte actuel (ceux d’un amendement intégré, au texte "
                  "qu’il amendait). Dans les amendements, le texte ajouté est souligné et le texte "
                  "supprimé est barré.",
        "amend_rules": "Toute organisation membre peut proposer un amendement à des lignes d’une "
                       "proposition, avec un motif. Les organisations de la proposition ou la "
                       "responsable du groupe de travail l’acceptent, l’acceptent avec une "
                       "modification ou le rejettent. Les amendements acceptés sont intégrés au texte ; "
                       "les amendements concurrents sont départagés en en choisissant un, en les "
                       "combinant ou par un vote.",
        "replace": "Remplacer", "insert": "Insérer", "delete": "Supprimer",
        "open": "en discussion", "accepted": "accepté, à intégrer", "rejected": "rejeté",
        "set-aside": "écarté au profit d’un amendement concurrent", "merged": "intégré au texte",
        "outdated": "caduc : le passage a changé", "invalid": "ne correspond pas à sa version",
        "accept": "accepté", "modify": "accepté avec une modification", "reject": "rejeté", "aside": "écarté",
    },
    "es": {
        "proposal_book": "Cuaderno de propuestas", "all_groups": "Todos los grupos de trabajo",
        "amendments": "Enmiendas", "amendment": "Enmienda", "line": "línea", "lines": "líneas",
        "after_line": "después de la línea", "before_first": "antes de la primera línea",
        "proposed_by": "Propuesta por", "state": "Estado", "decisions": "Decisiones",
        "does_not_count": "no cuenta: ni titular ni responsable del grupo",
        "competes": "Compite con", "no_amendments": "Sin enmiendas.", "voting_rules": "Normas de votación",
        "no_rounds": "Todavía no hay ninguna votación abierta sobre estas propuestas.",
        "no_proposals": "No hay propuestas en debate.", "by_organisation": "Organización",
        "legend": "Los números de línea remiten al texto actual (los de una enmienda integrada, al texto que "
                  "enmendaba). En las enmiendas, el texto añadido está subrayado y el texto suprimido, "
                  "tachado.",
        "amend_rules": "Cualquier organización miembro puede proponer una enmienda a líneas de una "
                       "propuesta, con un motivo. Las organizaciones de la propuesta o la responsable "
                       "del grupo de trabajo la aceptan, la aceptan con una modificación o la rechazan. "
                       "Las enmiendas aceptadas se integran en el texto; las enmiendas que compiten se "
                       "resuelven eligiendo una, combinándolas o mediante una votación.",
        "replace": "Sustituir", "insert": "Insertar", "delete": "Suprimir",
        "open": "abierta", "accepted": "aceptada, pendiente de integrar", "rejected": "rechazada",
        "set-aside": "descartada en favor de una enmienda que compite", "merged": "integrada en el texto",
        "outdated": "obsoleta: el pasaje ha cambiado", "invalid": "no corresponde a su versión",
        "accept": "aceptada", "modify": "aceptada con una modificación", "reject": "rechazada",
        "aside": "descartada",
    },
}


def book_labels(language: str) -> dict[str, str]:
    """The book's words in a document language, English for any other."""
    return BOOK_LABELS.get(language, BOOK_LABELS["en"])


def where_text(amendment: BookAmendment, language: str) -> str:
    """ "lines 3–4", "line 7", "after line 2", in the document's language."""
    t = book_labels(language)
    if amendment.change == "insert":
        if amendment.first_line == 0:
            return t["before_first"]
        return f"{t['after_line']} {amendment.first_line}"
    if amendment.first_line == amendment.last_line:
        return f"{t['line']} {amendment.first_line}"
    return f"{t['lines']} {amendment.first_line}–{amendment.last_line}"
