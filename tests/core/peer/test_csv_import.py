"""The needs-and-offers CSV: template, happy path, and each refusal with its line number."""

from __future__ import annotations

import re

import pytest

from stratplan.core.errors import BadFileError, ValidationError
from stratplan.core.peer.catalogue import DEFAULT_AREAS, CapacityArea
from stratplan.core.peer.csv_import import (
    COLUMNS,
    ParsedNeedsOffers,
    parse_needs_offers,
    write_template,
)
from stratplan.core.peer.matching import Need, Offer

HEADER = ",".join(COLUMNS) + "\n"
CODES = {"ABC": "org-abc", "XYZ": "org-xyz", "LT1": "org-lt1"}
LANGUAGES = {"org-abc": ("lt", "en"), "org-xyz": ("fr",), "org-lt1": ("lt",)}


def parse(text: str | bytes, areas: tuple[CapacityArea, ...] = DEFAULT_AREAS) -> ParsedNeedsOffers:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_needs_offers(data, org_codes=CODES, areas=areas, org_languages=LANGUAGES)


def test_the_template_has_the_header_and_two_examples_and_imports() -> None:
    template = write_template()
    lines = template.splitlines()
    assert lines[0] == HEADER.strip() and len(lines) == 3
    parsed = parse(template)
    assert [n.org for n in parsed.needs] == ["org-abc"]
    assert [(o.org, o.name, o.languages, o.formats) for o in parsed.offers] == [
        ("org-xyz", "Exit programme handbook", ("fr", "en"), ("materials", "mentoring"))]


def test_a_full_file_reads_every_spelling_it_documents() -> None:
    text = (
        "\ufeff" + HEADER  # Excel's byte-order mark
        + "ABC,need,legal-advocacy,high,,Compensation claims,,\n"
        + "abc,NEED,  psychosocial SUPPORT ,2,ignored name,Peer groups,en,ignored;formats\n"
        + "\n"  # empty rows are skipped
        + "XYZ,offer,Soutien psychosocial,whatever,Groupes de parole,\"Method, with\nmentoring\","
        + "fr;en,Study visit; training\n"
        + "LT1,offer,Teisinė advokacija,,Vadovas,Guide,,materials\n"
        + "LT1,need,fundraising,3,,EU grants,,\n"
    )
    parsed = parse(text)
    assert parsed.needs == (
        Need("org-abc", "legal-advocacy", "high", "Compensation claims", ("lt", "en")),
        Need("org-abc", "psychosocial-support", "medium", "Peer groups", ("en",)),
        Need("org-lt1", "fundraising", "low", "EU grants", ("lt",)),
    )
    assert parsed.offers == (
        # The French name finds the area; formats come back in catalogue order.
        Offer("org-xyz", "psychosocial-support", "Groupes de parole", "Method, with\nmentoring",
              ("fr", "en"), ("training", "study_visit")),
        # The Lithuanian name too; no languages given: the organisation's own.
        Offer("org-lt1", "legal-advocacy", "Vadovas", "Guide", ("lt",), ("materials",)),
    )


def test_a_semicolon_separated_file_from_french_excel_is_read() -> None:
    text = (";".join(COLUMNS) + "\r\n"
            + 'XYZ;offer;fundraising;;Dossier type;Modèle de dossier;fr;"materials;training"\r\n')
    assert parse(text).offers == (
        Offer("org-xyz", "fundraising", "Dossier type", "Modèle de dossier", ("fr",),
              ("training", "materials")),)


def test_custom_areas_are_accepted_and_removed_defaults_are_not() -> None:
    areas = (CapacityArea("labour-inspection", "Labour inspection", "Work with inspectors"),)
    parsed = parse(HEADER + "ABC,need,LABOUR INSPECTION,low,,Joint visits,,\n", areas)
    assert parsed.needs[0].area == "labour-inspection"
    with pytest.raises(ValidationError, match="line 2: 'fundraising' is not a capacity area"):
        parse(HEADER + "ABC,need,fundraising,low,,Grants,,\n", areas)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("QQQ,need,fundraising,high,,Grants,,\n", "line 2: 'QQQ' is not the code of a member"),
        (",need,fundraising,high,,Grants,,\n", "line 2: the organisation is missing"),
        ("ABC,need,cooking,high,,Grants,,\n", "line 2: 'cooking' is not a capacity area"),
        ("ABC,need,,high,,Grants,,\n", "line 2: the area is missing"),
        ("ABC,need,fundraising,high,,Grants,,\nXYZ,need,fundraising,low,,Other,,\n"
         "ABC,need,Lėšų pritraukimas,low,,Again,,\n",
         "line 4: the same need as line 2 (same organisation and area)"),
        ("XYZ,offer,fundraising,,Guide,One,,\nXYZ,offer,fundraising,,Other guide,Two,,\n"
         "XYZ,offer,fundraising,,guide,Three,,\n",
         "line 4: the same offer as line 2 (same organisation, area and offer name)"),
        ("ABC,need,fundraising,high,,   ,,\n", "line 2: the description is empty"),
        ("ABC,need,fundraising,urgent,,Grants,,\n", "line 2: the priority 'urgent' is not high"),
        ("ABC,need,fundraising,4,,Grants,,\n", "line 2: the priority '4' is not high"),
        ("ABC,need,fundraising,,,Grants,,\n", "line 2: a need's priority is missing"),
        ("XYZ,offer,fundraising,,Guide,One,,webinar\n",
         "line 2: the format 'webinar' is not training, materials, mentoring or study_visit"),
        ("XYZ,wish,fundraising,,Guide,One,,\n", "line 2: the kind 'wish' is not need or offer"),
        ("XYZ,,fundraising,,Guide,One,,\n", "line 2: the kind is missing"),
        ("XYZ,offer,fundraising,,,One,,\n", "line 2: an offer needs a name"),
        ("XYZ,offer,fundraising,,Guide,One,english,\n", "line 2: 'english' is not a language code"),
        ("XYZ,offer,fundraising,,Guide,One,fr,training,oops\n", "line 2: more cells than the 8"),
    ],
)
def test_each_bad_row_is_refused_whole_with_its_line(rows: str, message: str) -> None:
    good = "LT1,need,digital-safety,high,,Online grooming,,\n"  # a good row first: not imported
    shifted = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", message)
    with pytest.raises(ValidationError, match="^Nothing was imported. " + re.escape(shifted)):
        parse(HEADER + good + rows)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b" \n\r\n", "The file is empty"),
        (b"organisation,kind,area\nABC,need,fundraising\n", "must be the header"),
        (b"organisation;kind\n", "must be the header"),
        (HEADER.encode() + "ABC,need,fundraising,high,,Lėšos,,\n".encode("cp1257"),
         "not UTF-8 text"),
        (HEADER.encode(), "the header but no needs or offers"),
        (HEADER.encode() + b"\n,,,,,,,\n", "the header but no needs or offers"),
        (HEADER.encode() + b"ABC,need,fundraising,high,,x,,\n" * 200_000, "larger than 5 MB"),
    ],
)
def test_files_that_are_not_a_needs_and_offers_file_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(BadFileError, match=message):
        parse(data)


def test_every_problem_is_listed_with_its_line_up_to_ten() -> None:
    rows = ['ABC,need,legal-advocacy,high,,"A description\nover two lines",,\n']  # lines 2-3
    rows += [f"QQ{i},need,fundraising,high,,Grants,,\n" for i in range(12)]  # lines 4-15
    rows.append("ABC,need,fundraising,high,,,,\n")  # line 16: no description
    with pytest.raises(ValidationError) as caught:
        parse(HEADER + "".join(rows))
    message = str(caught.value)
    listed = re.findall(r"line (\d+):", message)
    assert listed == [str(n) for n in range(4, 14)]  # the first ten, each with its own line
    assert message.endswith("; and 3 more.")


def test_several_problems_in_one_row_are_all_reported() -> None:
    with pytest.raises(ValidationError) as caught:
        parse(HEADER + "QQQ,need,cooking,soon,,,xx1,\n")
    message = str(caught.value)
    for part in ("'QQQ' is not the code", "'cooking' is not a capacity area",
                 "the description is empty", "the priority 'soon'", "'xx1' is not a language"):
        assert f"line 2: {part}" in message
