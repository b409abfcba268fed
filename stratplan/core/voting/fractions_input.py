"""Thresholds and quorums typed by people ("2/3", "0.5", "67%") read as exact fractions."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg

# Only ASCII digits: Python's \d and Fraction() also accept other scripts' digits and
# exponents ("1e-3"), which nobody types on purpose in a threshold box.
_RATIO = re.compile(r"([0-9]+)\s*/\s*([0-9]+)")
_DECIMAL = re.compile(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(%?)")
_HINT = msg("write it like 2/3, 0.5 or 67%")


def parse_fraction(text: str, *, field: str | None = None) -> Fraction:
    """The exact value of "2/3", "1", "0.6667" (taken as written) or "66.67%", from 0 to 1."""
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("No value given: {hint}.", hint=_HINT, field=field)
    if cleaned.startswith("-"):
        raise ValidationError("'{text}' is negative: give a value from 0 to 1.", text=text, field=field)
    if ratio := _RATIO.fullmatch(cleaned):
        numerator, denominator = int(ratio.group(1)), int(ratio.group(2))
        if denominator == 0:
            raise ValidationError("'{text}' divides by zero: {hint}.", text=text, hint=_HINT, field=field)
        value = Fraction(numerator, denominator)
    elif decimal := _DECIMAL.fullmatch(cleaned):
        # Fraction() of a decimal string is exact: "0.6667" is 6667/10000, never a float.
        value = Fraction(decimal.group(1))
        if decimal.group(2):
            value /= 100
    else:
        raise ValidationError("'{text}' is not a fraction: {hint}.", text=text, hint=_HINT, field=field)
    if value > 1:
        raise ValidationError("'{text}' is more than 1 (100%): give a value from 0 to 1.",
                              text=text, field=field)
    return value


def format_fraction(value: Fraction | int) -> str:
    """"2/3", or "1" and "24" for whole numbers: the form parse_fraction reads back."""
    return str(Fraction(value))


def percent(value: Fraction | int) -> str:
    """A whole percentage rounded half up: 2/3 is "67%", 1/8 (12.5%) is "13%"."""
    # floor(x + 1/2) rounds halves up; round() would round them to even (12.5 -> 12).
    return f"{math.floor(Fraction(value) * 100 + Fraction(1, 2))}%"
