"""A round's results as CSV and as a Word annex (labels in English, Lithuanian or French)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt

from stratplan.core import csv_safe
from stratplan.core.errors import StratplanError

LABELS: dict[str, dict[str, str]] = {
    "en": {"title": "Voting results", "method": "Method", "threshold": "Threshold", "quorum": "Quorum",
           "cast": "Ballots cast", "proposal": "Proposal", "yes": "Yes", "no": "No", "abstain": "Abstain",
           "support": "Support", "result": "Result", "adopted": "adopted", "not_adopted": "not adopted",
           "place": "Place", "borda": "Borda points", "pairwise": "Pairwise preferences (row over column)",
           "blank": "Blank", "mean": "Mean", "median": "Median", "majority": "Majority grade",
           "approval": "approval", "ranking": "ranking (Schulze)", "score": "score (majority judgment)",
           "status": "Status", "open": "open (provisional)", "closed": "closed"},
    "lt": {"title": "Balsavimo rezultatai", "method": "Metodas", "threshold": "Slenkstis", "quorum": "Kvorumas",
           "cast": "Pateikta biuletenių", "proposal": "Pasiūlymas", "yes": "Taip", "no": "Ne",
           "abstain": "Susilaikė", "support": "Pritarimas", "result": "Rezultatas", "adopted": "priimtas",
           "not_adopted": "nepriimtas", "place": "Vieta", "borda": "Borda taškai",
           "pairwise": "Poriniai pirmumai (eilutė prieš stulpelį)", "blank": "Tuščia", "mean": "Vidurkis",
           "median": "Mediana", "majority": "Daugumos įvertinimas", "approval": "pritarimas",
           "ranking": "reitingavimas (Schulze)", "score": "vertinimas (daugumos sprendimas)",
           "status": "Būsena", "open": "vyksta (preliminarūs)", "closed": "uždarytas"},
    "fr": {"title": "Résultats du vote", "method": "Méthode", "threshold": "Seuil", "quorum": "Quorum",
           "cast": "Bulletins exprimés", "proposal": "Proposition", "yes": "Oui", "no": "Non",
           "abstain": "Abstention", "support": "Soutien", "result": "Résultat", "adopted": "adoptée",
           "not_adopted": "non adoptée", "place": "Rang", "borda": "Points Borda",
           "pairwise": "Préférences par paires (ligne sur colonne)", "blank": "Blanc", "mean": "Moyenne",
           "median": "Médiane", "majority": "Mention majoritaire", "approval": "approbation",
           "ranking": "classement (Schulze)", "score": "notation (jugement majoritaire)",
           "status": "Statut", "open": "ouvert (provisoire)", "closed": "clos"},
}


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


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)


def results_docx(data: dict[str, Any], path: Path, *, language: str = "en") -> None:
    """A Word annex of the round's results, using Word's built-in styles."""
    t = LABELS.get(language, LABELS["en"])
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"{t['title']}: {data['title']}", level=1)
    document.add_paragraph(
        f"{t['method']}: {t[data['method']]}. {t['status']}: {t[data['status']]}. "
        f"{t['threshold']}: {data['threshold']}. {t['quorum']}: {data['quorum']}."
        + (f" {t['cast']}: {data['cast']} / {data['electorate']}." if "cast" in data else ""))
    place = {pid: n for n, group in enumerate(data.get("order", []), start=1) for pid in group}
    rows = data.get("proposals", [])
    if data["method"] == "approval":
        _table(document, [t["proposal"], t["yes"], t["no"], t["abstain"], t["support"], t["result"]],
               [[p["title"], p["yes"], p["no"], p["abstain"], p["support"],
                 t["adopted"] if p["adopted"] else t["not_adopted"]] for p in rows])
    elif data["method"] == "ranking":
        ordered = sorted(rows, key=lambda r: place.get(r["id"], 10**9))
        _table(document, [t["place"], t["proposal"], t["borda"]],
               [[str(place.get(p["id"], "")), p["title"], p["borda"]] for p in ordered])
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
                 p["mean"] or "", "" if p["median"] is None else str(p["median"]), str(p["majority_grade"])]
                for p in ordered])
    tmp = path.with_name(path.name + ".part")
    try:
        document.save(str(tmp))
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StratplanError(f"Cannot write {path.name}: {exc.strerror}. Is it open in Word? "
                             "Close it and try again.") from exc
