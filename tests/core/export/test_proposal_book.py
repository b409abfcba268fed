"""The proposal book: read back with python-docx (line numbers, amendments inline with their
authors, reasons and states, contents, voting rules, labels in the document's language), and
rendered by LibreOffice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from stratplan.core.export import libreoffice
from tests.core.test_cli import run

BODY = ("Chaque État membre adopte une loi abolitionniste qui pénalise l'achat d'actes sexuels et non leur "
        "vente, et garantit une aide durable aux victimes.\n\nDes programmes de sortie sont proposés.\n"
        "تقرير سنوي عن التقدم 📊\nFormation de la police.")


@pytest.fixture
def book_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict[str, str]]:
    db = str(tmp_path / "s.sqlite")
    assert run(capsys, "setup", "--db", db, "--coalition", "CAP International", "--org", "Mouvement du Nid",
               "--code", "MDN", "--country", "FR", "--language", "fr", "--name", "Claire")[0] == 0
    body = tmp_path / "body.md"
    body.write_text(BODY, encoding="utf-8")
    pid = json.loads(run(capsys, "proposal", "add", "--db", db, "--group", "1", "--title", "Lois abolitionnistes",
                         "--body-file", str(body), "--json")[1])["id"]
    assert run(capsys, "proposal", "edit", pid[:8], "--db", db, "--status", "in_discussion")[0] == 0
    # A draft nobody amends stays out of the book.
    assert run(capsys, "proposal", "add", "--db", db, "--group", "1", "--title", "Brouillon")[0] == 0

    def add(*extra: str) -> str:
        code, out, err = run(capsys, "amend", "add", pid[:8], "--db", db, "--json", *extra)
        assert code == 0, err
        return str(json.loads(out)["id"])

    ids = {"free": add("--change", "replace", "--passage", "une aide durable", "--text", "une aide durable et gratuite",
                       "--reason", "L'aide doit être gratuite."),
           "cut": add("--change", "delete", "--lines", "4", "--reason", "Trop étroit."),
           "rtl": add("--change", "insert", "--after", "3", "--text", "دعم الناجيات", "--reason", "Soutien.")}
    assert run(capsys, "amend", "accept", ids["free"][:8], "--db", db)[0] == 0
    assert run(capsys, "amend", "reject", ids["cut"][:8], "--db", db, "--reason", "La formation compte.")[0] == 0
    return db, ids


def _runs(doc: object, style: str) -> list[str]:
    return [r.text for p in doc.paragraphs for r in p.runs if r.style is not None and r.style.name == style]  # type: ignore[attr-defined]


def test_the_book_holds_numbered_lines_amendments_inline_and_the_rules(
        book_store: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db, _ = book_store
    out = tmp_path / "cahier.docx"
    code, printed, err = run(capsys, "export", "proposal-book", str(out), "--db", db, "--language", "fr",
                             "--group", "1", "--no-page-numbers", "--json")
    assert code == 0, err
    assert json.loads(printed) == {"written": str(out), "format": "docx", "proposals": 1, "amendments": 3}
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Cahier des propositions"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1] == "1.1 Lois abolitionnistes" and "Règles de vote" in headings
    assert "Amendements" in headings
    # Every numbered line: its number, a tab, its text; the accepted amendment is in the text.
    numbered = [t for t in texts if t[:1].isdigit() and "\t" in t]
    assert numbered[0].startswith("1\tChaque État membre") and len(numbered) == 6
    assert any("une aide durable et gratuite" in t for t in numbered)
    assert numbered[4] == "5\tتقرير سنوي عن التقدم 📊"
    assert _runs(doc, "Line Number")[:2] == ["1\t", "2\t"]
    # Amendments: insertions underlined, deletions struck (character styles), authors, reasons, states.
    assert "et gratuite" in "".join(_runs(doc, "Inserted Text"))
    assert "تقرير سنوي عن التقدم 📊" in "".join(_runs(doc, "Deleted Text"))
    assert "دعم الناجيات" in "".join(_runs(doc, "Inserted Text"))
    assert doc.styles["Inserted Text"].font.underline and doc.styles["Deleted Text"].font.strike
    assert "Proposé par\u00a0: MDN, Claire" in texts
    assert "État\u00a0: intégré au texte" in texts and "État\u00a0: rejeté" in texts
    assert "Motif\u00a0: Trop étroit." in texts
    assert any(t.startswith("Amendement 1.1-A2 · Supprimer, ligne 5") for t in headings)
    assert any("Toute organisation membre peut proposer un amendement" in t for t in texts)
    assert not any("Brouillon" in t for t in texts)


@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice is not installed")
def test_libreoffice_renders_the_book_as_pdf_with_its_line_numbers(
        book_store: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db, _ = book_store
    out = tmp_path / "cahier.pdf"
    code, _, err = run(capsys, "export", "proposal-book", str(out), "--db", db, "--language", "fr")
    assert code == 0, err
    pages = libreoffice.pdf_pages_text(out)
    assert pages is not None
    text = "\n".join(pages)
    assert "Cahier des propositions" in text and "Amendement 1.1-A1" in text
    assert "Formation de la police." in text and "Règles de vote" in text


def test_numbered_lines_read_as_text_on_paper() -> None:
    from stratplan.core.export.book_docx import reading_line

    assert reading_line("## Why judges") == ("Why judges", True)
    assert reading_line("Few have had **training on coercion**, see [GRETA](https://coe.int/greta).") == (
        "Few have had training on coercion, see GRETA (https://coe.int/greta).", False)
    assert reading_line("Use `stratplan` and __ąčęėįšųūž__ 🎓") == ("Use stratplan and ąčęėįšųūž 🎓", False)
    # Not markup: a lone asterisk, snake_case words and a table row stay as written.
    assert reading_line("2 * 3 = 6, file_name_here | a | b |") == ("2 * 3 = 6, file_name_here | a | b |", False)


def test_markup_cut_by_a_wrap_is_taken_away_on_both_lines() -> None:
    from stratplan.core.export.book_docx import reading_line

    assert reading_line("baudžiami **ir pirkėjai, ir")[0] == "baudžiami ir pirkėjai, ir"
    assert reading_line("išnaudojami asmenys**. Tokia tvarka")[0] == "išnaudojami asmenys. Tokia tvarka"
    assert reading_line("patirtį ([palyginamoji")[0] == "patirtį (palyginamoji"
    assert reading_line("apžvalga](https://example.org/a)).")[0] == "apžvalga (https://example.org/a))."
    assert reading_line("pagal *lygybės modelį*: [1] ir [2]")[0] == "pagal lygybės modelį: [1] ir [2]"
