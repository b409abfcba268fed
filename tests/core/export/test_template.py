"""The shipped reference template, its builder and the checks on a user's own template."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from stratplan.core.errors import StratplanError, TemplateError
from stratplan.core.export.template import (
    REQUIRED_STYLES,
    build_reference_template,
    check_template,
)
from stratplan.resources import resource_path

SHIPPED = resource_path("templates", "stratplan-reference.docx")


def test_shipped_template_is_current_and_complete(tmp_path: Path) -> None:
    fresh = tmp_path / "reference.docx"
    build_reference_template(fresh)
    assert fresh.read_bytes() == SHIPPED.read_bytes(), (
        "resources/templates/stratplan-reference.docx is out of date: "
        "run python -m stratplan.core.export.template")
    document = check_template(SHIPPED)
    for name in REQUIRED_STYLES:
        assert document.styles[name] is not None
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    for margin in (section.left_margin, section.right_margin, section.top_margin,
                   section.bottom_margin):
        assert round(margin.cm, 2) == 2.5
    normal = document.styles["Normal"].font
    assert normal.name == "Calibri" and normal.size.pt == 11
    assert document.styles["Quote"].paragraph_format.left_indent is not None
    with zipfile.ZipFile(SHIPPED) as z:
        assert "docProps/thumbnail.jpeg" not in z.namelist()
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_build_is_reproducible(tmp_path: Path) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "sub" / "b.docx"
    build_reference_template(a)
    build_reference_template(b)
    assert a.read_bytes() == b.read_bytes()


def test_missing_styles_are_named(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    document = docx.Document()
    document.styles["List Number"].delete()
    document.save(str(path))
    with pytest.raises(TemplateError) as one:
        check_template(path)
    assert str(one.value) == (
        "The template t.docx has no style 'List Number'. Add it in Word "
        "(Home › Styles › Manage Styles) or use the default template.")
    document.styles["Quote"].delete()
    document.save(str(path))
    with pytest.raises(TemplateError, match="no styles 'List Number', 'Quote'"):
        check_template(path)


@pytest.mark.parametrize(("content", "message"), [
    (b"plain text, renamed", "not a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password"),
    (b"PK\x03\x04 broken zip", "not a Word document"),
])
def test_files_that_are_not_word_documents(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "template.docx"
    path.write_bytes(content)
    with pytest.raises(TemplateError, match=message) as info:
        check_template(path)
    assert isinstance(info.value, StratplanError)


def test_zip_without_a_document_part(tmp_path: Path) -> None:
    path = tmp_path / "template.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(TemplateError, match="not a Word document"):
        check_template(path)


def test_missing_template_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        check_template(tmp_path / "gone.docx")
