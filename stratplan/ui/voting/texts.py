"""Sentences the voting window and its dialogs share: shares, turnout, rules, and why a ranking is so."""

from __future__ import annotations

import math
from fractions import Fraction

from PySide6.QtCore import QCoreApplication

from stratplan.core.export.locale_text import percent
from stratplan.core.services.round_results import PlaceStep, Turnout, pair_facts
from stratplan.core.services.rounds import RoundInfo
from stratplan.core.voting.fractions_input import format_fraction
from stratplan.core.voting.model import SchulzeResult
from stratplan.core.voting.ranking import strongest_path
from stratplan.ui.i18n import interface_language


def share_text(part: Fraction | int, whole: Fraction | int) -> str:
    """ "24 of 27 (89%)", in the interface language; weights keep their exact fractions."""
    pct = percent(Fraction(part) / Fraction(whole), interface_language()) if whole else ""
    text = QCoreApplication.translate("VotingTexts", "{part} of {whole}").format(
        part=format_fraction(part), whole=format_fraction(whole))
    return f"{text} ({pct})" if pct else text


def turnout_text(t: Turnout) -> str:
    """ "Turnout: 15 of 18 organisations have voted (83%). Quorum 1/2 (9 needed): met." """
    pct = percent(Fraction(t.cast, t.electorate), interface_language()) if t.electorate else "0%"
    if t.weighted:
        cast = QCoreApplication.translate(
            "VotingTexts", "Turnout: {cast} of {total} organisations have voted, weight {share}.").format(
            cast=t.cast, total=t.electorate, share=share_text(t.cast_weight, t.electorate_weight))
        needed = format_fraction(t.quorum * t.electorate_weight)
    else:
        cast = QCoreApplication.translate(
            "VotingTexts", "Turnout: {cast} of {total} organisations have voted ({pct}).").format(
            cast=t.cast, total=t.electorate, pct=pct)
        needed = str(math.ceil(t.quorum * t.electorate))
    verdict = (QCoreApplication.translate("VotingTexts", "Quorum {quorum} ({needed} needed): met.") if t.quorum_met
               else QCoreApplication.translate("VotingTexts", "Quorum {quorum} ({needed} needed): not met."))
    return f"{cast} {verdict.format(quorum=format_fraction(t.quorum), needed=needed)}"


def rules_text(info: RoundInfo) -> str:
    """How the round decides, once: method, threshold (approval only) and quorum."""
    quorum = format_fraction(info.quorum)
    if info.method == "approval":
        basis = (QCoreApplication.translate("VotingTexts", "of those who expressed a view (yes or no)")
                 if info.basis == "expressed"
                 else QCoreApplication.translate("VotingTexts", "of the whole electorate"))
        return QCoreApplication.translate(
            "VotingTexts", "Approval: a point is adopted with the support of at least {threshold} {basis}; "
                           "quorum {quorum} of the electorate.").format(
            threshold=format_fraction(info.threshold), basis=basis, quorum=quorum)
    if info.method == "ranking":
        return QCoreApplication.translate(
            "VotingTexts", "Ranking: the order is counted by Schulze (Borda beside it for comparison); "
                           "quorum {quorum} of the electorate.").format(quorum=quorum)
    return QCoreApplication.translate(
        "VotingTexts", "Score from 0 to 5: the order is the majority grade (majority judgment); "
                       "quorum {quorum} of the electorate.").format(quorum=quorum)


def pair_text(result: SchulzeResult, x: str, y: str, labels: dict[str, str]) -> str:
    """What one cell of the pairwise matrix says: the contest both ways, the strongest paths, the verdict."""
    f = pair_facts(result, x, y)
    lx, ly = labels.get(x, x), labels.get(y, y)
    lines = [QCoreApplication.translate(
        "VotingTexts", "{x} against {y}: {a} ranked {x} above {y}; {b} ranked {y} above {x}.").format(
        x=lx, y=ly, a=format_fraction(f.x_over_y), b=format_fraction(f.y_over_x))]
    for source, target, width in ((x, y, f.path_x_to_y), (y, x, f.path_y_to_x)):
        ls, lt = labels.get(source, source), labels.get(target, target)
        if width:
            path = " → ".join(labels.get(c, c) for c in strongest_path(result, source, target))
            lines.append(QCoreApplication.translate(
                "VotingTexts", "Strongest path from {a} to {b}: {path}, strength {s}.").format(
                a=ls, b=lt, path=path, s=format_fraction(width)))
        else:
            lines.append(QCoreApplication.translate(
                "VotingTexts", "No path leads from {a} to {b} (strength 0).").format(a=ls, b=lt))
    verdicts = {
        "above": QCoreApplication.translate("VotingTexts", "So {x} is placed above {y}."),
        "below": QCoreApplication.translate("VotingTexts", "So {y} is placed above {x}."),
        "tied": QCoreApplication.translate("VotingTexts", "The paths are equally strong: {x} and {y} are tied."),
    }
    lines.append(verdicts[f.verdict].format(x=lx, y=ly))
    return " ".join(lines)


def step_text(step: PlaceStep, labels: dict[str, str]) -> str:
    """Why one point of a ranking is where it is, against the point above it (or beside it)."""
    upper, lower = labels.get(step.upper, step.upper), labels.get(step.lower, step.lower)
    if step.tied:
        return QCoreApplication.translate(
            "VotingTexts", "{a} and {b} are tied: their strongest paths are equal ({s} each way).").format(
            a=upper, b=lower, s=format_fraction(step.strength))
    return QCoreApplication.translate(
        "VotingTexts", "Why {a} is above {b}: strongest path {path} of strength {s}, against {r} the "
                       "other way.").format(
        a=upper, b=lower, path=" → ".join(labels.get(c, c) for c in step.path),
        s=format_fraction(step.strength), r=format_fraction(step.against))
