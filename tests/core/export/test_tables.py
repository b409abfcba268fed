"""The voting annex and other tables: widths from content, rules stated, support as counts."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import docx
from docx.oxml.ns import qn

from stratplan.core.export.document import DocAnnex
from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.locale_text import country_name, long_date, share
from stratplan.core.export.results import annex_intro, round_annex
from stratplan.core.export.tables import column_widths

from .conftest import sample_model

TALLY = {
    "method": "approval", "status": "closed", "threshold": "1/2", "quorum": "1/2",
    "basis": "expressed", "cast": "27", "electorate": "30", "quorum_met": True,
    "order": [["a"], ["b"]],
    "proposals": [
        {"id": "a", "title": "Bendruomenių stiprinimas ir savanorystės plėtra regionuose",
         "yes": "24", "no": "3", "abstain": "0", "support": "8/9", "adopted": True},
        {"id": "b", "title": "Skaidrumas", "yes": "1", "no": "26", "abstain": "0",
         "support": "1/27", "adopted": False},
    ],
}


def test_support_is_a_count_never_a_reduced_fraction() -> None:
    header, rows = round_annex(TALLY, "en")
    assert header == ("Proposal", "Yes", "No", "Abstain", "Support", "Result")
    assert rows[0][4] == "24\u00a0of\u00a027 (89%)"
    assert rows[1][4] == "1\u00a0of\u00a027 (4%)"
    assert "8/9" not in str(rows)
    assert round_annex(TALLY, "lt")[1][0][4] == "24\u00a0iš\u00a027 (89\u00a0%)"
    assert share(27, 27, "en").endswith("(100%)") and share(26, 27, "en").endswith("(96%)")
    assert share(199, 200, "en").endswith("(99%)")  # never "100%" short of unanimity
    # Large coalitions and weighted votes in the language's digits, never "9/2".
    assert share(1234, 2000, "fr") == "1\u202f234\u00a0sur\u00a02\u202f000 (62\u00a0%)"
    assert share(Fraction(9, 2), 12, "lt") == "4,5\u00a0iš\u00a012 (38\u00a0%)"
    assert share(Fraction(10, 3), 7, "en") == "10/3\u00a0of\u00a07 (48%)"  # no exact decimal


def test_rules_and_turnout_above_the_annex() -> None:
    rules, turnout = annex_intro(TALLY, "en")
    assert rules == ("Method: approval. Threshold: 1/2 of the votes expressed (yes and no). "
                     "Quorum: 1/2 of the electorate. Status: closed.")
    assert turnout == "Turnout: 27\u00a0of\u00a030 (90%) ballots; quorum reached."
    assert annex_intro(TALLY, "fr")[0].startswith("Méthode\u00a0: approbation.")


def test_widths_follow_content() -> None:
    header, rows = round_annex(TALLY, "lt")
    widths, fits = column_widths(list(rows), 9072, header=header)
    assert fits and sum(widths) == 9072
    title, yes, no, abstain, support, result = widths
    assert title > support > yes and title > 3 * no
    # Every column holds its longest word: "savanorystės" and "Susilaikė" stay whole.
    assert abstain >= len("Susilaikė") * 140


def test_cover_names_country_and_date_in_the_language() -> None:
    assert country_name("LT", "lt") == "Lietuva" and country_name("LT", "fr") == "Lituanie"
    assert country_name("Lietuva", "en") == "Lietuva"
    assert long_date("2026-05-09", "lt") == "2026 m. gegužės 9 d."
    assert long_date("2026-05-09", "fr") == "9 mai 2026"
    assert long_date("2026-05-09", "es") == "9 de mayo de 2026"
    assert long_date("2026-05-09", "en") == "9 May 2026"


def _annex_model(columns: int) -> object:
    header, rows = round_annex(TALLY, "lt")
    if columns > len(header):
        extra = columns - len(header)
        header = header + tuple(f"Papildomas stulpelis {i}" for i in range(extra))
        rows = tuple(r + tuple("ilgaszodis" * 2 for _ in range(extra)) for r in rows)
    annex = DocAnnex("Balsavimas", header, rows, intro=annex_intro(TALLY, "lt"))
    return replace(sample_model("lt"), annexes=(annex,))


def test_annex_table_structure(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    write_docx(_annex_model(6), path)  # type: ignore[arg-type]
    document = docx.Document(str(path))
    table = document.tables[-1]
    assert table.style is not None and table.style.name == "StratPlan Table"
    first = table.rows[0]._tr
    assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeats
    assert all(r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
               for r in table.rows)  # rows never split across pages
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid[0] == max(grid) and grid[2] == min(grid)  # title wide, "Ne" narrow
    texts = [p.text for p in document.paragraphs]
    heading = len(texts) - 1 - texts[::-1].index("Priedas: Balsavimas")  # not the contents
    assert texts[heading + 1].startswith("Metodas: pritarimas. Slenkstis: 1/2")
    assert texts[heading + 2].startswith("Dalyvavo: 27\u00a0iš\u00a030")
    # No bold or shading of its own: the table style's header row gives both.
    assert table._tbl.find(f".//{qn('w:shd')}") is None
    assert table._tbl.find(f".//{qn('w:b')}") is None
    assert all(s.orientation == 0 for s in document.sections)  # portrait throughout


def test_too_wide_annex_gets_a_landscape_section(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    write_docx(_annex_model(11), path)  # type: ignore[arg-type]
    document = docx.Document(str(path))
    sections = document.sections
    assert [s.orientation for s in sections] == [0, 1]  # WD_ORIENT: portrait, landscape
    assert sections[1].page_width > sections[1].page_height
    assert not sections[1].different_first_page_header_footer  # its first page is numbered
    assert "Puslapis" in sections[1].footer.paragraphs[-1].text
