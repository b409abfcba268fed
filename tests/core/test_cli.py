"""The command line: every capability scriptable, JSON output, one-line errors."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from stratplan import __version__
from stratplan.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "demo.sqlite")
    code, out, _ = run(capsys, "demo", "--db", db, "--json")
    assert code == 0
    counts = json.loads(out)
    assert counts["organisations"] == 33 and counts["proposals"] == 60
    return db


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"StratPlan {__version__}"


def test_proposal_list_add_edit_show(demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "proposal", "list", "--db", demo_db, "--json")
    assert code == 0 and len(json.loads(out)) == 60
    body = tmp_path / "body.md"
    body.write_text("## Kodėl\n\nMokymai **policijai**.", encoding="utf-8")
    code, out, _ = run(capsys, "proposal", "add", "--db", demo_db, "--group", "1", "--title", "Mokymai policijai",
                       "--body-file", str(body), "--tag", "policija", "--tag", "mokymai", "--level", "local", "--json")
    assert code == 0
    added = json.loads(out)
    assert added["fields"]["body"] == "## Kodėl\n\nMokymai **policijai**."
    assert added["fields"]["tags"] == ["mokymai", "policija"]
    code, out, _ = run(capsys, "proposal", "edit", added["id"][:8], "--db", demo_db, "--status", "submitted",
                       "--summary", "Du kartus per metus.", "--json")
    assert code == 0 and json.loads(out)["revision_count"] == 2
    code, out, _ = run(capsys, "proposal", "show", added["id"][:8], "--db", demo_db)
    assert code == 0 and "Mokymai policijai" in out and "Du kartus per metus." in out
    code, out, _ = run(capsys, "proposal", "list", "--db", demo_db, "--group", "1", "--json")
    assert added["id"] in [p["id"] for p in json.loads(out)]


def test_log_ids_are_hashes_of_the_signed_bodies(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "log", "--db", demo_db, "--json", "--limit", "50")
    assert code == 0
    ops = json.loads(out)
    assert len(ops) == 50
    for op in ops:
        body = json.dumps(op["body"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert hashlib.sha256(body).hexdigest() == op["id"]


def test_rebuild(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = run(capsys, "proposal", "list", "--db", demo_db, "--json")[1]
    code, out, _ = run(capsys, "rebuild", "--db", demo_db, "--json")
    assert code == 0 and json.loads(out)["operations"] > 250
    assert run(capsys, "proposal", "list", "--db", demo_db, "--json")[1] == before


def test_errors_exit_non_zero_with_one_line(demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "proposal", "show", "zzzzzzzz", "--db", demo_db)
    assert code == 1 and out == "" and err.count("\n") == 1 and "No proposal id starts with" in err
    code, _, err = run(capsys, "proposal", "add", "--db", demo_db, "--group", "1", "--title", " ")
    assert code == 1 and "needs a title" in err
    notes = tmp_path / "notes.txt"
    notes.write_text("not a store", encoding="utf-8")
    code, _, err = run(capsys, "proposal", "list", "--db", str(notes))
    assert code == 1 and "not a StratPlan store" in err
    code, _, err = run(capsys, "demo", "--db", demo_db)
    assert code == 1 and "empty store" in err


def test_setup_a_new_coalition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "new.sqlite")
    code, out, _ = run(capsys, "setup", "--db", db, "--coalition", "Réseau Nord", "--org", "Centras",
                       "--code", "cnt", "--country", "lt", "--language", "lt", "--name", "Rūta", "--json")
    assert code == 0 and json.loads(out)["name"] == "Réseau Nord"
    code, out, _ = run(capsys, "group", "list", "--db", db, "--json")
    assert [g["name"] for g in json.loads(out)][0] == "Local and international advocacy and strategy"
    code, _, err = run(capsys, "setup", "--db", db, "--coalition", "X", "--org", "Y", "--code", "Y",
                       "--country", "XX1", "--language", "lt", "--name", "Z")
    assert code == 1


def test_groups_from_the_command_line(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "group", "add", "Data and research", "--db", demo_db, "--json")
    assert code == 0 and json.loads(out)[-1]["name"] == "Data and research"
    code, out, _ = run(capsys, "group", "member", "Data and research", "--add", "AUBE", "--db", demo_db, "--json")
    added = next(g for g in json.loads(out) if g["name"] == "Data and research")
    assert len(added["member_org_ids"]) == 1
    code, out, _ = run(capsys, "group", "edit", "4", "--name", "Duomenys", "--archive", "--db", demo_db, "--json")
    edited = json.loads(out)[-1]
    assert edited["name"] == "Duomenys" and edited["archived"]
    code, _, err = run(capsys, "group", "member", "1", "--add", "NOPE", "--db", demo_db)
    assert code == 1 and "NOPE" in err


def test_key_show_and_passphrase(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, "key", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and not shown["protected"] and len(shown["fingerprint"]) == 24
    answers = iter(["slaptas", "slaptas"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "key", "passphrase", "--json")
    assert code == 0 and json.loads(out)["protected"]
    code, _, err = run(capsys, "proposal", "list")
    assert code == 1 and "passphrase" in err
    monkeypatch.setenv("STRATPLAN_PASSPHRASE", "slaptas")
    code, out, _ = run(capsys, "key", "show", "--json")
    assert json.loads(out)["fingerprint"] == shown["fingerprint"]


def test_voting_from_the_command_line(demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listed = json.loads(run(capsys, "proposal", "list", "--db", demo_db, "--json")[1])
    ids = [p["id"][:8] for p in listed[:3]]
    code, out, err = run(capsys, "round", "open", "--db", demo_db, "--title", "Prioritetai", "--method", "ranking",
                         *sum((["--proposal", i] for i in ids), []), "--json")
    assert code == 0, err
    opened = json.loads(out)
    assert opened["electorate"] == 33 and [p["label"] for p in opened["proposals"]] == ["P1", "P2", "P3"]
    code, out, err = run(capsys, "round", "ballot", "Prioritetai", '[["P2"], ["P1", "P3"]]', "--db", demo_db, "--json")
    assert code == 0, err
    sheet = tmp_path / "sheet.csv"
    assert run(capsys, "round", "template", "Prioritetai", str(sheet), "--db", demo_db)[0] == 0
    text = sheet.read_text(encoding="utf-8")
    # The sheet names every candidate after the ranking column, so a recount knows them all.
    header = next(csv.reader(io.StringIO(text)))  # a title with a comma is quoted
    assert header[:3] == ["organisation", "weight", "ranking"] and len(text.splitlines()) == 34
    assert [c.split(" ")[0] for c in header[3:]] == ["P1", "P2", "P3"]
    code, out, err = run(capsys, "round", "close", opened["id"][:8], "--db", demo_db, "--json")
    assert code == 0, err
    closed = json.loads(out)
    assert closed["status"] == "closed" and closed["order"][0] == [opened["proposals"][1]["id"]]
    ballots = tmp_path / "ballots.csv"
    run(capsys, "round", "export", "Prioritetai", str(ballots), "--db", demo_db)
    code, out, _ = run(capsys, "count", str(ballots), "--method", "schulze", "--json")
    assert code == 0 and json.loads(out)["order"][0] == ["P2"]
    code, _, err = run(capsys, "count", str(ballots), "--method", "approval", "--threshold", "2/0")
    assert code == 1 and "2/0" in err


def test_round_results_files(demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listed = json.loads(run(capsys, "proposal", "list", "--db", demo_db, "--json")[1])
    code, out, err = run(capsys, "round", "open", "--db", demo_db, "--title", "A", "--method", "approval",
                         "--proposal", listed[0]["id"], "--proposal", listed[1]["id"], "--json")
    assert code == 0, err
    annex = tmp_path / "annex.docx"
    assert run(capsys, "round", "results", "A", str(annex), "--language", "lt", "--db", demo_db)[0] == 0
    from docx import Document

    assert Document(str(annex)).paragraphs[0].text == "Balsavimo rezultatai: A"
    assert run(capsys, "round", "results", "A", str(annex), "--language", "es", "--db", demo_db)[0] == 0
    assert Document(str(annex)).paragraphs[0].text == "Resultados de la votación: A"
    table = tmp_path / "r.csv"
    assert run(capsys, "round", "results", "A", str(table), "--db", demo_db)[0] == 0
    assert table.read_text(encoding="utf-8").startswith("place,proposal,yes,no")


def test_programme_release_and_local_plan_commands(demo_db: str, capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    shown = json.loads(run(capsys, "programme", "show", "--db", demo_db, "--json")[1])
    # The demo's meeting has arranged its adopted points and released the programme twice.
    assert shown["unplaced"] == [] and sum(len(s["points"]) for s in shown["sections"]) >= 12
    releases = json.loads(run(capsys, "release", "list", "--db", demo_db, "--json")[1])
    assert [r["name"] for r in releases] == ["Paris 2026 — first reading", "Paris 2026 — adopted text"]
    code, out, _ = run(capsys, "release", "diff", "Paris 2026 — first reading", "Paris 2026 — adopted text",
                       "--db", demo_db, "--json")
    assert code == 0 and sorted(c["kind"] for c in json.loads(out)) == ["changed", "moved"]
    # A point adopted now waits to be placed; placing it in a new section makes that section.
    waiting = next(p for p in json.loads(run(capsys, "proposal", "list", "--db", demo_db, "--json")[1])
                   if p["status"] == "submitted")
    assert run(capsys, "proposal", "edit", waiting["id"][:8], "--status", "adopted", "--db", demo_db)[0] == 0
    assert [p["id"] for p in json.loads(run(capsys, "programme", "show", "--db", demo_db, "--json")[1])["unplaced"]] \
        == [waiting["id"]]
    code, out, err = run(capsys, "programme", "place", "Prevencija", waiting["id"][:8], "--db", demo_db, "--json")
    assert code == 0, err
    assert [s["points"][0]["id"] for s in json.loads(out)["sections"] if s["title"] == "Prevencija"] == [waiting["id"]]
    assert run(capsys, "release", "create", "Paris 2026, v3", "--db", demo_db)[0] == 0
    code, out, err = run(capsys, "local-plan", "start", "Paris 2026, v3", "--title", "LT planas", "--db", demo_db,
                         "--json")
    assert code == 0, err
    point = waiting["id"][:8]
    code, out, err = run(capsys, "local-plan", "decide", point, "not_applicable", "--db", demo_db, "--json")
    assert code == 1 and "reason" in err
    code, out, err = run(capsys, "local-plan", "decide", point, "not_applicable", "--reason", "Jau daroma.",
                         "--db", demo_db, "--json")
    assert code == 0
    decided = {p["id"]: p["decision"] for p in json.loads(out)["points"]}
    assert decided[waiting["id"]] == "not_applicable"
    assert run(capsys, "release", "create", "Paris 2026, v4", "--db", demo_db)[0] == 0
    code, out, _ = run(capsys, "release", "diff", "Paris 2026, v3", "Paris 2026, v4", "--db", demo_db, "--json")
    assert code == 0 and json.loads(out) == []


def test_needs_offers_and_match_commands(demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = json.loads(run(capsys, "needs", "list", "--db", demo_db, "--json")[1])
    assert len(before) > 30  # the demo ships its needs assessment
    sheet = tmp_path / "needs.csv"
    sheet.write_text("organisation,kind,area,priority,name,description,languages,formats\n"
                     "AUBE,need,fundraising,high,,EU grants.,,\n"
                     "AUBE,offer,fundraising,,Grant desk,We share our grant calendar.,fr en,mentoring\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "needs", "import", str(sheet), "--db", demo_db, "--json")
    assert code == 0, err
    imported = json.loads(out)
    after = json.loads(run(capsys, "needs", "list", "--db", demo_db, "--json")[1])
    assert len(after) == len(before) + imported["needs"]
    assert any(n["organisation"] == "AUBE" and n["area"] == "fundraising" for n in after)
    offers = json.loads(run(capsys, "offers", "list", "--db", demo_db, "--json")[1])
    assert any(o["name"] == "Grant desk" for o in offers)
    code, out, _ = run(capsys, "match", "--db", demo_db, "--json")
    matched = json.loads(out)
    assert code == 0 and any(m["matches"] for m in matched)
    assert all(m["need_organisation"] not in [x["organisation"] for x in m["matches"]] for m in matched)


def test_consolidation_commands(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    listed = json.loads(run(capsys, "proposal", "list", "--db", demo_db, "--json")[1])
    drafts = [p["id"][:8] for p in listed if p["status"] in ("draft", "submitted")][:4]
    code, out, err = run(capsys, "merge", drafts[0], drafts[1], "--db", demo_db, "--json")
    assert code == 0, err
    merge_id = json.loads(out)["id"]
    code, _, err = run(capsys, "merge", drafts[0], drafts[0], "--db", demo_db)
    assert code == 1 and "into itself" in err
    assert len(json.loads(run(capsys, "merge", "--list", "--db", demo_db, "--json")[1])) == 1
    assert run(capsys, "unmerge", merge_id[:8], "--db", demo_db)[0] == 0
    code, out, err = run(capsys, "split", drafts[2], "--part", "Pirma dalis", "--part", "Antra dalis", "--db",
                         demo_db, "--json")
    assert code == 0 and len(json.loads(out)["created"]) == 2
    code, out, _ = run(capsys, "retire", drafts[3], "--reason", "already_done", "--detail", "Done in 2025.",
                       "--db", demo_db, "--json")
    assert code == 0 and json.loads(out)["reason"] == "already done: Done in 2025."


def test_overlaps_command_finds_the_demo_near_duplicates(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "overlaps", "--db", demo_db, "--json")
    assert code == 0, err
    found = json.loads(out)
    assert len(found) >= 3
    titles = [" / ".join(p["title"] for p in g["proposals"]) for g in found]
    # the demo's two Lithuanian school-prevention proposals are suggested together
    assert any("mokykl" in t.casefold() for t in titles)
    assert found == sorted(found, key=lambda g: -g["score"])


@pytest.mark.parametrize(("lang", "status", "names"), [
    ("fr_FR.UTF-8", "statut", {"draft": "Brouillon", "submitted": "Déposé", "in_discussion": "En discussion",
                     "adopted": "Adopté", "rejected": "Rejeté", "withdrawn": "Retiré"}),
    ("es_ES.UTF-8", "estado", {"draft": "Borrador", "submitted": "Presentado", "in_discussion": "En debate",
                     "adopted": "Adoptado", "rejected": "Rechazado", "withdrawn": "Retirado"}),
])
def test_statuses_read_in_the_language_of_the_command_line(demo_db: str, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch, lang: str,
                                                          status: str, names: dict[str, str]) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    code, out, _ = run(capsys, "proposal", "list", "--db", demo_db, "--json")
    stored = {p["id"][:8]: p["status"] for p in json.loads(out)}
    assert code == 0 and set(stored.values()) <= set(names)  # --json keeps the stored keys
    code, out, _ = run(capsys, "proposal", "list", "--db", demo_db)
    for line in out.splitlines():
        assert line[10:].startswith(names[stored[line[:8]]]), line
    first = next(iter(stored))
    code, out, _ = run(capsys, "proposal", "show", first, "--db", demo_db)
    assert f"{status} {names[stored[first]]}" in out


@pytest.mark.parametrize(("lang", "moment", "day"), [
    ("C.UTF-8", "2 Dec 2026, 14:05", "2 Dec 2026"),
    ("lt_LT.UTF-8", "2026-12-02 14:05", "2026-12-02"),
    ("fr_FR.UTF-8", "2 déc. 2026, 14:05", "2 déc. 2026"),
    ("es_ES.UTF-8", "2 dic 2026, 14:05", "2 dic 2026"),
])
def test_dates_in_the_human_output_follow_the_language(monkeypatch: pytest.MonkeyPatch, lang: str, moment: str,
                                                      day: str) -> None:
    import datetime as dt

    from stratplan.commands.common import date_text, hlc_text
    from stratplan.core.oplog.hlc import pack

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    stamp = pack(int(dt.datetime(2026, 12, 2, 14, 5, 59).timestamp() * 1000), 3)
    assert hlc_text(stamp) == moment  # the log, revisions
    assert date_text("2026-12-02") == day  # releases


def _speaking(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGUAGE", language)


def test_help_reads_in_french_from_the_environment(tmp_path: Path) -> None:
    """`LANGUAGE=fr stratplan --help`, as a francophone director types it."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANGUAGE"] = "fr"
    done = subprocess.run([sys.executable, "-m", "stratplan", "--help"], env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.startswith("utilisation\u00a0: stratplan")
    assert "StratPlan\u00a0: un programme stratégique commun, construit ensemble." in done.stdout
    assert "ajouter la coalition de démonstration à une base vide" in done.stdout
    assert "afficher cette aide et quitter" in done.stdout and "show this help" not in done.stdout
    sub = subprocess.run([sys.executable, "-m", "stratplan", "round", "open", "--help"], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    assert "p. ex. 2/3, 66.67% (exact)" in sub.stdout and "date de clôture montrée aux votants" in sub.stdout
    wrong = subprocess.run([sys.executable, "-m", "stratplan", "round", "open", "--method", "lottery"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "choix non valide" in wrong.stderr and "(voir `" in wrong.stderr


def test_the_human_output_speaks_spanish_and_lithuanian_with_plural_forms(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _speaking(monkeypatch, "es")
    code, out, _ = run(capsys, "demo", "--db", str(tmp_path / "es.sqlite"))
    assert code == 0 and out.startswith("Coalición de demostración añadida: 33 organizaciones, 49 personas, 3 grupos")
    _speaking(monkeypatch, "lt")
    code, out, _ = run(capsys, "demo", "--db", str(tmp_path / "lt.sqlite"))
    assert code == 0 and out.startswith("Demonstracinė koalicija įrašyta: 33 organizacijos, 49 asmenys, 3 grupės")
    code, out, _ = run(capsys, "rebuild", "--db", str(tmp_path / "lt.sqlite"))
    n = int(out.split()[3])
    one = n % 10 == 1 and n % 100 != 11  # Lithuanian: iš 1, 21, 101 operacijos; iš 2, 11, 20 operacijų
    assert code == 0 and out == f"Rodiniai atkurti iš {n} {'operacijos' if one else 'operacijų'}.\n"
