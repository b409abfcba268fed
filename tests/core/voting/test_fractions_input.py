"""Thresholds typed as text are read exactly, and bad text is refused by name."""

from __future__ import annotations

from fractions import Fraction

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.voting.fractions_input import format_fraction, parse_fraction, percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2/3", Fraction(2, 3)),
        ("1/2", Fraction(1, 2)),
        (" 2 / 3 ", Fraction(2, 3)),
        ("4/6", Fraction(2, 3)),
        ("1", Fraction(1)),
        ("0", Fraction(0)),
        ("0.5", Fraction(1, 2)),
        (".5", Fraction(1, 2)),
        ("0.6667", Fraction(6667, 10000)),  # as written, not rounded to 2/3
        ("67%", Fraction(67, 100)),
        ("66.67%", Fraction(6667, 10000)),
        ("100%", Fraction(1)),
        ("0%", Fraction(0)),
        ("50 %", Fraction(1, 2)),
    ],
)
def test_accepted_forms_are_exact(text: str, expected: Fraction) -> None:
    value = parse_fraction(text)
    assert value == expected
    assert isinstance(value, Fraction)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "-1/2", "-0.5", "-5%", "3/2", "1.5", "101%", "2", "1/0", "0/0", "abc", "1/2/3",
     "1e-3", "nan", "inf", "2/3%", "0,5", "½", "٣/٤", "1/", "/2", "%"],
)
def test_refusals_name_the_bad_text(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_fraction(text, field="threshold")
    assert caught.value.field == "threshold"
    if text.strip():
        assert f"'{text}'" in str(caught.value)


def test_specific_reasons() -> None:
    with pytest.raises(ValidationError, match="negative"):
        parse_fraction("-1/3")
    with pytest.raises(ValidationError, match="more than 1"):
        parse_fraction("4/3")
    with pytest.raises(ValidationError, match="zero"):
        parse_fraction("1/0")
    with pytest.raises(ValidationError, match="No value"):
        parse_fraction("")


def test_format_fraction_reads_back() -> None:
    assert format_fraction(Fraction(2, 3)) == "2/3"
    assert format_fraction(Fraction(24)) == "24"
    assert format_fraction(1) == "1"
    assert format_fraction(Fraction(0)) == "0"
    for f in (Fraction(2, 3), Fraction(1, 2), Fraction(1), Fraction(0), Fraction(6667, 10000)):
        assert parse_fraction(format_fraction(f)) == f


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(2, 3), "67%"),
        (Fraction(1, 3), "33%"),
        (Fraction(24, 31), "77%"),
        (Fraction(1, 8), "13%"),  # 12.5% rounds half up, not to even
        (Fraction(5, 200), "3%"),  # 2.5% -> 3%
        (Fraction(1, 200), "1%"),  # 0.5% -> 1%
        (Fraction(0), "0%"),
        (Fraction(1), "100%"),
        (Fraction(199, 200), "100%"),
    ],
)
def test_percent_rounds_half_up(value: Fraction, expected: str) -> None:
    assert percent(value) == expected
