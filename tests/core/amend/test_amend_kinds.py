"""The amendment kinds' payload specs: bounded sizes and no control characters, checked when this
laptop writes and when an operation arrives."""

from __future__ import annotations

from typing import Any

import pytest

from stratplan.core.oplog.kinds import payload_problem

GOOD: dict[str, Any] = {"proposal": "p" * 32, "revision": "r" * 64, "change": "insert", "start": 0, "end": 0,
                        "old": "", "text": "שלום 👋\nnouvelle ligne\ttab", "reason": "Pourquoi pas."}


@pytest.mark.parametrize("writing", [True, False])
def test_right_to_left_text_emoji_newlines_and_tabs_fit(writing: bool) -> None:
    assert payload_problem("amend.propose", GOOD, writing=writing) is None
    assert payload_problem("amend.decide", {"decision": "modify", "text": "x"}, writing=writing) is None


@pytest.mark.parametrize(("change", "where", "words"), [
    ({"text": "bell\x07"}, "text", "holds a control character"),
    ({"reason": "\u202eevil"}, "reason", "holds a control character"),
    ({"change": "re\nplace"}, "change", "holds a control character"),
    ({"text": "x" * 20_001}, "text", "is longer than 20,000 characters"),
    ({"proposal": "p" * 65}, "proposal", "is longer than 64 characters"),
    ({"start": "0"}, "start", "must be a whole number"),
])
@pytest.mark.parametrize("writing", [True, False])
def test_bad_payloads_are_refused_on_writing_and_on_arrival(change: dict[str, Any], where: str, words: str,
                                                           writing: bool) -> None:
    found = payload_problem("amend.propose", {**GOOD, **change}, writing=writing)
    assert found is not None
    key, what = found
    assert key == where and words in what.english()
