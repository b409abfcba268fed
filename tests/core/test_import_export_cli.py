"""Exporting documents and importing proposals from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from stratplan.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def released(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "demo.sqlite")
    assert run(capsys, "demo", "--db", db)[0] == 0
    # The demo's programme is arranged already: adopt one more point and give it a section of its own.
    waiting = next(p for p in json.loads(run(capsys, "proposal", "list", "--db", db, "--json")[1])
                   if p["status"] == "submitted")
    assert run(capsys, "proposal", "edit", waiting["id"][:8], "--status", "adopted", "--db", db)[0] == 0
    ids = [p["id"][:8] for p in json.loads(run(capsys, "programme", "show", "--db", db, "--json")[1])["unplaced"]]
    assert ids == [waiting["id"][:8]]
    assert run(capsys, "programme", "place", "Prevencija ir teisingumas", *ids, "--db", db)[0] == 0
    assert run(capsys, "release", "create", "Paryžius 2026, v1", "--db", db)[0] == 0
    return db


def test_export_the_programme_in_every_format(released: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("docx", "md", "html", "pdf"):
        out = tmp_path / f"programa.{fmt}"
        code, _, err = run(capsys, "export", "programme", str(out), "--language", "lt", "--db", released)
        assert code == 0, err
        assert out.stat().st_size > 1000
    doc = Document(str(tmp_path / "programa.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert any("Prevencija ir teisingumas" in t for t in texts)
    assert any(p.style.name == "Heading 2" and p.text.startswith("1.1") for p in doc.paragraphs)
    assert (tmp_path / "programa.pdf").read_bytes().startswith(b"%PDF")
    markdown = (tmp_path / "programa.md").read_text(encoding="utf-8")
    assert "Paryžius 2026, v1" in markdown


def test_markdown_round_trip_and_duplicates(released: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "programme.md"
    assert run(capsys, "export", "programme", str(out), "--db", released)[0] == 0
    code, text, err = run(capsys, "import", str(out), "--db", released, "--json")
    assert code == 0, err
    preview = json.loads(text)
    shown = json.loads(run(capsys, "programme", "show", "--db", released, "--json")[1])
    placed = sum(len(s["points"]) for s in shown["sections"])
    assert len(preview["points"]) == placed and preview["created"] == []  # the release's points
    # They are already here: each is flagged as a duplicate, nearly all of their own original (a
    # point whose text grew after release may look closer to a sibling).
    assert all(p["duplicate_of"] for p in preview["points"])
    assert sum(p["duplicate_of"] == p["title"] for p in preview["points"]) >= placed - 2
    before = len(json.loads(run(capsys, "proposal", "list", "--db", released, "--json")[1]))
    code, text, _ = run(capsys, "import", str(out), "--db", released, "--yes", "--json")
    assert code == 0 and len(json.loads(text)["created"]) == placed
    after = json.loads(run(capsys, "proposal", "list", "--db", released, "--json")[1])
    assert len(after) == before + placed


def test_a_file_that_is_not_a_word_document(released: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "notes.docx"
    fake.write_text("just some text", encoding="utf-8")
    code, out, err = run(capsys, "import", str(fake), "--db", released)
    assert code == 1 and out == "" and "Word" in err
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF-1.4")
    code, _, err = run(capsys, "import", str(odd), "--db", released)
    assert code == 1 and ".docx" in err
