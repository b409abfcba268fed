"""Line numbers of a revision's text: fixed, the same for any text on any laptop."""

from __future__ import annotations

from stratplan.core.amend.lines import WIDTH, number_lines

LT = ("Koalicija siekia, kad kiekvienoje valstybėje narėje būtų priimti abolicionistiniai įstatymai, "
      "o nukentėjusiems nuo prekybos žmonėmis būtų užtikrinta ilgalaikė pagalba ir apsauga.")


def test_long_paragraphs_wrap_at_spaces_and_blank_lines_are_not_numbered() -> None:
    body = f"# Tikslas\n\n{LT}\n\n- pirmas veiksmas\n"
    lines = number_lines(body)
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1))
    assert lines[0].text == "# Tikslas"
    assert all(len(ln.text) <= WIDTH for ln in lines)
    # The wrapped lines of the paragraph, joined by the spaces they were cut at, give it back.
    paragraph = [ln.text for ln in lines[1:-1]]
    assert len(paragraph) == 3 and " ".join(paragraph) == LT
    assert lines[-1].text == "- pirmas veiksmas"
    assert all(body[ln.start:ln.end] == ln.text for ln in lines)


def test_right_to_left_text_and_emoji_are_never_cut_inside_a_word() -> None:
    arabic = "التحالف يطالب بقوانين تلغي الدعارة وتحمي الضحايا في كل دولة عضو " * 3
    family = "👩‍👩‍👧‍👦" * 30  # one "word" longer than a line: kept whole
    body = f"{arabic.strip()}\n{family} 🇱🇹 e\u0301"
    lines = number_lines(body)
    assert " ".join(ln.text for ln in lines[:-2]) == arabic.strip()
    assert lines[-2].text == family and len(family) > WIDTH
    assert lines[-1].text == "🇱🇹 e\u0301"


def test_the_numbers_depend_on_the_text_alone() -> None:
    body = (LT + "\n") * 5
    assert number_lines(body) == number_lines(str(body))
    assert len(number_lines(body)) == 15
    assert number_lines("") == [] and number_lines("\n  \n") == []
