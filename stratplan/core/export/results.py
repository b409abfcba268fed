"""A round's results as CSV and as a Word annex (labels in English, Lithuanian, French or Spanish)."""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from stratplan.core import csv_safe, locale_format
from stratplan.core.errors import StratplanError
from stratplan.core.export.locale_text import count_text, share
from stratplan.core.export.tables import column_widths, data_table

LABELS: dict[str, dict[str, str]] = {
    "en": {"title": "Voting results", "method": "Method", "threshold": "Threshold", "quorum": "Quorum",
           "cast": "Ballots cast", "proposal": "Proposal", "yes": "Yes", "no": "No", "abstain": "Abstain",
           "support": "Support", "result": "Result", "adopted": "adopted", "not_adopted": "not adopted",
           "place": "Place", "borda": "Borda points", "pairwise": "Pairwise preferences (row over column)",
           "blank": "Blank", "mean": "Mean", "median": "Median", "majority": "Majority grade",
           "approval": "approval", "ranking": "ranking (Schulze)", "score": "score (majority judgment)",
           "status": "Status", "open": "open (provisional)", "closed": "closed",
           "roll_call": "Roll call", "organisation": "Organisation", "vote": "Vote", "through": "Through", "in_person": "in person", "by_delegation": "by delegation", "absent": "did not vote", "gave_to": "gave its vote to {code}, who did not vote"},
    "lt": {"title": "Balsavimo rezultatai", "method": "Metodas", "threshold": "Slenkstis", "quorum": "Kvorumas",
           "cast": "Pateikta biuletenių", "proposal": "Pasiūlymas", "yes": "Taip", "no": "Ne",
           "abstain": "Susilaikė", "support": "Pritarimas", "result": "Rezultatas", "adopted": "priimtas",
           "not_adopted": "nepriimtas", "place": "Vieta", "borda": "Borda taškai",
           "pairwise": "Poriniai pirmumai (eilutė prieš stulpelį)", "blank": "Tuščia", "mean": "Vidurkis",
           "median": "Mediana", "majority": "Daugumos įvertinimas", "approval": "pritarimas",
           "ranking": "reitingavimas (Schulze)", "score": "vertinimas (daugumos sprendimas)",
           "status": "Būsena", "open": "vyksta (preliminarūs)", "closed": "uždarytas",
           "roll_call": "Vardinis sąrašas", "organisation": "Organizacija", "vote": "Balsavo", "through": "Per", "in_person": "pati", "by_delegation": "per įgaliotinį", "absent": "nebalsavo", "gave_to": "balsą perdavė {code}, kuri nebalsavo"},
    "fr": {"title": "Résultats du vote", "method": "Méthode", "threshold": "Seuil", "quorum": "Quorum",
           "cast": "Bulletins exprimés", "proposal": "Proposition", "yes": "Oui", "no": "Non",
           "abstain": "Abstention", "support": "Soutien", "result": "Résultat", "adopted": "adoptée",
           "not_adopted": "non adoptée", "place": "Rang", "borda": "Points Borda",
           "pairwise": "Préférences par paires (ligne sur colonne)", "blank": "Blanc", "mean": "Moyenne",
           "median": "Médiane", "majority": "Mention majoritaire", "approval": "approbation",
           "ranking": "classement (Schulze)", "score": "notation (jugement majoritaire)",
           "status": "Statut", "open": "ouvert (provisoire)", "closed": "clos",
           "roll_call": "Appel nominal", "organisation": "Organisation", "vote": "Vote", "through": "Par", "in_person": "en personne", "by_delegation": "par délégation", "absent": "n'a pas voté", "gave_to": "a donné sa voix à {code}, qui n'a pas voté"},
    "es": {"title": "Resultados de la votación", "method": "Método", "threshold": "Umbral",
           "quorum": "Quórum", "cast": "Papeletas emitidas", "proposal": "Propuesta", "yes": "Sí",
           "no": "No", "abstain": "Abstención", "support": "Apoyo", "result": "Resultado",
           "adopted": "adoptada", "not_adopted": "no adoptada", "place": "Puesto",
           "borda": "Puntos Borda", "pairwise": "Preferencias por pares (fila sobre columna)",
           "blank": "En blanco", "mean": "Media", "median": "Mediana",
           "majority": "Calificación mayoritaria", "approval": "aprobación",
           "ranking": "clasificación (Schulze)", "score": "puntuación (juicio mayoritario)",
           "status": "Estado", "open": "abierta (provisional)", "closed": "cerrada",
           "roll_call": "Lista nominal", "organisation": "Organización", "vote": "Voto", "through": "A través de", "in_person": "en persona", "by_delegation": "por delegación", "absent": "no votó", "gave_to": "dio su voto a {code}, que no votó"},
}

# What the annex of a programme says about each vote, above its table (French puts a
# no-break space before ":" and ";").
ANNEX_LABELS: dict[str, dict[str, str]] = {
    "en": {"expressed": "of the votes expressed (yes and no)", "electorate": "of the electorate",
           "quorum_met": "quorum reached", "quorum_not_met": "quorum not reached",
           "turnout": "Turnout", "ballots": "ballots", "sep": ": ", "semi": "; "},
    "lt": {"expressed": "išreikštų balsų (už ir prieš)", "electorate": "rinkėjų",
           "quorum_met": "kvorumas yra", "quorum_not_met": "kvorumo nėra",
           "turnout": "Dalyvavo", "ballots": "biuleteniai", "sep": ": ", "semi": "; "},
    "fr": {"expressed": "des suffrages exprimés (oui et non)", "electorate": "du corps électoral",
           "quorum_met": "quorum atteint", "quorum_not_met": "quorum non atteint",
           "turnout": "Participation", "ballots": "bulletins", "sep": "\u00a0: ",
           "semi": "\u00a0; "},
    "es": {"expressed": "de los votos emitidos (sí y no)", "electorate": "del electorado",
           "quorum_met": "quórum alcanzado", "quorum_not_met": "quórum no alcanzado",
           "turnout": "Participación", "ballots": "papeletas", "sep": ": ", "semi": "; "},
}


def _count(value: Any) -> Fraction:
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return Fraction(0)


def _figure(value: Any, language: str) -> str:
    """A vote count or Borda total as the document writes numbers ("4,5" for a weighted 9/2)."""
    return count_text(_count(value), language)


def _mean(value: Any, language: str) -> str:
    """A mean grade to two decimals in the document's digits ("3,33"); none for no grades."""
    if value is None or value == "":
        return ""
    mean = _count(value)
    exact = Decimal(mean.numerator) / Decimal(mean.denominator)
    return locale_format.format_number(exact, language, decimals=2)


def _share(part: Fraction, whole: Fraction, language: str) -> str:
    """ "24 of 27 (89%)"; weighted votes as "4,5 of 12 (38 %)" in the document's digits."""
    return share(part, whole, language)


def annex_intro(data: dict[str, Any], language: str) -> tuple[str, ...]:
    """The rules of the vote (method, threshold, quorum) and its turnout, as sentences.

    Threshold and quorum decide only approval rounds; a ranking or score round states its
    method and turnout alone rather than rules that were never applied.
    """
    t = LABELS.get(language, LABELS["en"])
    a = ANNEX_LABELS.get(language, ANNEX_LABELS["en"])
    sep = a["sep"]
    approval = data["method"] == "approval"
    rules = f"{t['method']}{sep}{t.get(data['method'], data['method'])}. "
    if approval:
        basis = a["electorate"] if data.get("basis") == "electorate" else a["expressed"]
        rules += (f"{t['threshold']}{sep}{data['threshold']} {basis}. "
                  f"{t['quorum']}{sep}{data['quorum']} {a['electorate']}. ")
    rules += f"{t['status']}{sep}{t.get(data['status'], data['status'])}."
    if "cast" not in data:
        return (rules,)
    cast, electorate = _count(data["cast"]), _count(data["electorate"])
    turnout = f"{a['turnout']}{sep}{_share(cast, electorate, language)} {a['ballots']}"
    if not approval:
        return (rules, f"{turnout}.")
    met = a["quorum_met"] if data.get("quorum_met") else a["quorum_not_met"]
    return (rules, f"{turnout}{a['semi']}{met}.")


def round_annex(data: dict[str, Any], language: str) -> tuple[tuple[str, ...],
                                                              tuple[tuple[str, ...], ...]]:
    """A closed round's table for the programme's annex: its header and rows.

    Support is printed as the count it is ("24 of 27 (89%)"), never as a reduced fraction
    ("8/9" reads as eight organisations).
    """
    t = LABELS.get(language, LABELS["en"])
    place = {pid: n for n, group in enumerate(data.get("order", []), start=1) for pid in group}
    rows = data.get("proposals", [])
    if data["method"] == "approval":
        header = (t["proposal"], t["yes"], t["no"], t["abstain"], t["support"], t["result"])
        out = []
        for p in rows:
            yes, no = _count(p["yes"]), _count(p["no"])
            whole = _count(data.get("electorate", 0)) if data.get("basis") == "electorate" \
                else yes + no
            out.append((p["title"], *(_figure(p[k], language) for k in ("yes", "no", "abstain")),
                        _share(yes, whole, language),
                        t["adopted"] if p["adopted"] else t["not_adopted"]))
        return header, tuple(out)
    ordered = sorted(rows, key=lambda r: place.get(r["id"], 10**9))
    if data["method"] == "ranking":
        return (t["place"], t["proposal"], t["borda"]), tuple(
            (str(place.get(p["id"], "")), p["title"], _figure(p["borda"], language))
            for p in ordered)
    return (t["place"], t["proposal"], t["majority"], t["mean"]), tuple(
        (str(place.get(p["id"], "")), p["title"], str(p["majority_grade"]),
         _mean(p["mean"], language)) for p in ordered)


def roll_call_table(data: dict[str, Any], language: str) -> tuple[tuple[str, ...],
                                                                  tuple[tuple[str, ...], ...]]:
    """Who voted in person, who by delegation (through whom) and who did not: header and rows."""
    t = LABELS.get(language, LABELS["en"])
    rows = []
    for e in data.get("roll_call", []):
        if e["how"] == "by_delegation":
            rows.append((f"{e['name']} ({e['code']})", t["by_delegation"], e["through"]))
        elif e["how"] == "in_person":
            rows.append((f"{e['name']} ({e['code']})", t["in_person"], ""))
        else:
            note = t["gave_to"].format(code=e["gave_to"]) if e.get("gave_to") else ""
            rows.append((f"{e['name']} ({e['code']})", t["absent"], note))
    return (t["organisation"], t["vote"], t["through"]), tuple(rows)


def results_csv(data: dict[str, Any]) -> str:
    """One row per proposal with the figures of the round's method, in the result order."""
    out = io.StringIO()
    writer = csv_safe.writer(out)
    place = {pid: n for n, group in enumerate(data.get("order", []), start=1) for pid in group}
    rows = data.get("proposals", [])
    if data["method"] == "approval":
        writer.writerow(["place", "proposal", "yes", "no", "abstain", "support", "adopted"])
        for p in rows:
            writer.writerow([place.get(p["id"], ""), p["title"], p["yes"], p["no"], p["abstain"], p["support"],
                             "yes" if p["adopted"] else "no"])
    elif data["method"] == "ranking":
        writer.writerow(["place", "proposal", "borda"])
        for p in sorted(rows, key=lambda r: place.get(r["id"], 10**9)):
            writer.writerow([place.get(p["id"], ""), p["title"], p["borda"]])
    else:
        writer.writerow(["place", "proposal", "mean", "median", "majority_grade", *map(str, range(6)), "blank"])
        for p in sorted(rows, key=lambda r: place.get(r["id"], 10**9)):
            writer.writerow([place.get(p["id"], ""), p["title"], p["mean"] or "", p["median"] or "",
                             p["majority_grade"], *p["distribution"], p["blanks"]])
    return out.getvalue()


def _text_width(section: Any) -> int:
    """The width between the margins, in twips."""
    return int(section.page_width - section.left_margin - section.right_margin) // 635


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    """A table whose widths follow its content (no "Pasiūlyma/s"), its header repeated on
    every page and its rows kept whole."""
    section = document.sections[-1]
    cells = [tuple(str(v) for v in r) for r in rows]
    widths, fits = column_widths(cells, _text_width(section), header=tuple(header))
    if not fits and section.orientation == WD_ORIENT.PORTRAIT:
        # Too wide for portrait (a score round's twelve columns): the annex turns to landscape;
        # tables already written were narrower than portrait and still fit.
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        widths, fits = column_widths(cells, _text_width(section), header=tuple(header))
    element = data_table(tuple(header), cells, widths, document.styles["Table Grid"].style_id)
    document.element.body.find(qn("w:sectPr")).addprevious(element)
    for cell in Table(element, document._body).rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True  # "Table Grid" has no header emphasis of its own


def results_docx(data: dict[str, Any], path: Path, *, language: str = "en") -> None:
    """A Word annex of the round's results, using Word's built-in styles."""
    t = LABELS.get(language, LABELS["en"])
    document = Document()
    normal = document.styles["Normal"].font
    # The column widths are estimated for 10-point Calibri (Carlito in LibreOffice); the
    # default template's Cambria is wider and would break short headers ("N/e").
    normal.name, normal.size = "Calibri", Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as the programme
    document.add_heading(f"{t['title']}: {data['title']}", level=1)
    for line in annex_intro(data, language):  # the rules and turnout, before any figure
        document.add_paragraph(line)
    place = {pid: n for n, group in enumerate(data.get("order", []), start=1) for pid in group}
    rows = data.get("proposals", [])
    if data["method"] == "approval":
        header, annex_rows = round_annex(data, language)  # support as "24 of 27 (89%)"
        _table(document, list(header), [list(r) for r in annex_rows])
    elif data["method"] == "ranking":
        ordered = sorted(rows, key=lambda r: place.get(r["id"], 10**9))
        _table(document, [t["place"], t["proposal"], t["borda"]],
               [[str(place.get(p["id"], "")), p["title"], _figure(p["borda"], language)]
                for p in ordered])
        document.add_heading(t["pairwise"], level=2)
        labels = {p["id"]: f"P{i}" for i, p in enumerate(rows, start=1)}
        _table(document, ["", *labels.values()],
               [[labels[p["id"]], *(("—" if q == p["id"] else p["pairwise"][q]) for q in labels)] for p in rows])
        document.add_paragraph("; ".join(f"{labels[p['id']]} = {p['title']}" for p in rows))
    else:
        ordered = sorted(rows, key=lambda r: place.get(r["id"], 10**9))
        _table(document, [t["place"], t["proposal"], *map(str, range(6)), t["blank"], t["mean"], t["median"],
                          t["majority"]],
               [[str(place.get(p["id"], "")), p["title"], *map(str, p["distribution"]), str(p["blanks"]),
                 _mean(p["mean"], language), "" if p["median"] is None else str(p["median"]),
                 str(p["majority_grade"])]
                for p in ordered])
    if data.get("roll_call"):
        document.add_heading(t["roll_call"], level=2)
        header, call = roll_call_table(data, language)
        _table(document, list(header), [list(r) for r in call])
    tmp = path.with_name(path.name + ".part")
    try:
        document.save(str(tmp))
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StratplanError("Cannot write {name}: {strerror}. Is it open in Word? Close it "
                             "and try again.", name=path.name, strerror=exc.strerror) from exc
