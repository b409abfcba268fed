"""Regenerate the README screenshots from the demo coalition (offscreen, no display needed).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def _fill_sheet(voting: object, method: str, rng: random.Random) -> None:
    """Paper ballots for most organisations, as a convener would import them."""
    from stratplan.core.services import ballot_csv

    with voting.ws.store.transaction() as s:  # type: ignore[attr-defined]
        info = voting.current  # type: ignore[attr-defined]
        lines = ballot_csv.export_ballots_csv(s, round_id=info.id).splitlines()
    out = [lines[0]]
    count = len(info.proposals)
    for line in lines[1:]:
        code = line.split(",")[0]
        if rng.random() < 0.1:
            out.append(f"{code},1" + "," * (1 if method == "ranking" else count))
        elif method == "ranking":
            order = [f"P{i}" for i in range(1, count + 1)]
            rng.shuffle(order)
            out.append(f"{code},1," + " > ".join(order[: rng.randint(2, count)]))
        else:
            votes = [rng.choice(("yes", "yes", "yes", "no", "abstain")) if i % 3 else rng.choice(("yes", "no"))
                     for i in range(count)]
            out.append(f"{code},1," + ",".join(votes))
    path = Path(tempfile.mkdtemp()) / "sheet.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    voting.import_file(path)  # type: ignore[attr-defined]


def voting_screenshots(window: object) -> None:
    from stratplan.core.services import proposals
    from stratplan.ui.voting.close_preview import CloseRoundDialog
    from stratplan.ui.voting.import_preview import BallotImportDialog
    from stratplan.ui.voting.new_round import NewRoundDialog

    # The previews before importing and closing are confirmed, as the convener would.
    BallotImportDialog.ask = classmethod(lambda cls, *args: True)  # type: ignore[method-assign]
    CloseRoundDialog.ask = classmethod(lambda cls, *args: True)  # type: ignore[method-assign]
    rng = random.Random(33)
    window.show_voting()  # type: ignore[attr-defined]
    voting = window.voting  # type: ignore[attr-defined]
    voting.resize(1440, 860)
    with voting.ws.store.transaction() as s:
        listed = [p for p in proposals.list_proposals(s) if p.status in ("submitted", "in_discussion")]
    for method, count in (("ranking", 5), ("approval", 8)):
        chosen = [p.id for p in listed[:count]]
        NewRoundDialog.ask = classmethod(lambda cls, parent, c, pre, m=method, ids=chosen: {  # type: ignore[method-assign]
            "title": "Paris 2026: priorities" if m == "ranking" else "Paris 2026: unified programme",
            "method": m, "proposal_ids": ids, "threshold": "2/3", "quorum": "1/2", "basis": "expressed",
            "closes": "2026-12-04"})
        voting.new_round()
        _fill_sheet(voting, method, rng)
        voting.close_round()
        voting.tabs.setCurrentIndex(1)
        QApplication.processEvents()
        voting.grab().save(str(OUT / f"voting-{method}.png"))
    voting.close()


def programme_screenshots(window: object) -> None:
    """The programme page after a release, the local plan page, the peer coverage map."""
    window.show_programme()  # type: ignore[attr-defined]
    prog = window.programme  # type: ignore[attr-defined]
    prog.resize(1440, 860)
    page = prog.layout_page
    for title in ("Prevention and awareness", "Justice and the equality model", "International advocacy"):
        page.add_section(title)
    adopted = [page.unplaced.item(r).data(0x0101) for r in range(page.unplaced.count())]
    for i, pid in enumerate(adopted):
        page.tree.setCurrentItem(page.tree.topLevelItem(i % 3))
        page.unplaced.clearSelection()
        for r in range(page.unplaced.count()):  # the list is rebuilt after every save
            page.unplaced.item(r).setSelected(page.unplaced.item(r).data(0x0101) == pid)
        page.place_selected()
    page.create_release("Paris 2026, v1")
    page.tree.expandAll()
    QApplication.processEvents()
    prog.grab().save(str(OUT / "programme.png"))
    plan = prog.plan_page
    plan.start_plan(str(page.releases.item(0).data(0x0101)), title="Vilnius Exit Centre: local plan 2027")
    prog.tabs.setCurrentIndex(1)
    plan.table.selectRow(0)
    plan.adapt.setChecked(True)
    plan.local_text.setPlainText("Kaune ir Vilniuje: du mokymai per metus policijos pareigūnams.")
    plan.responsible.setText("Rūta Žilinskienė")
    plan.save_decision()
    plan.table.selectRow(1)
    plan.not_applicable.setChecked(True)
    plan.reason.setText("Lithuania already runs this through the national exit programme.")
    plan.save_decision()
    plan.table.selectRow(0)
    QApplication.processEvents()
    prog.grab().save(str(OUT / "local-plan.png"))
    docs = OUT.parent / "samples"
    docs.mkdir(exist_ok=True)
    prog.language.setCurrentIndex(prog.language.findData("lt"))
    prog.export_plan(docs / "local-plan-lt.docx")
    prog.language.setCurrentIndex(prog.language.findData("en"))
    prog.export_release(docs / "programme-en.docx", release_id=str(page.releases.item(0).data(0x0101)))
    prog.close()
    window.show_peer()  # type: ignore[attr-defined]
    peer = window.peer  # type: ignore[attr-defined]
    peer.resize(1440, 860)
    peer.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    peer.grab().save(str(OUT / "peer-coverage.png"))
    peer.close()


def amendment_screenshot(window: object) -> None:
    """The amendments tab: an amendment proposed on a line of the open proposal, shown inline."""
    from stratplan.core.services import amendments, proposals

    ws = window.ws  # type: ignore[attr-defined]
    window.filter_edit.setText("")  # type: ignore[attr-defined]
    with ws.store.transaction() as s:
        pid = next(p.id for p in proposals.list_proposals(s) if p.title.startswith("Judicial training"))
        line = next(n for n in amendments.numbered_text(s, proposal_id=pid) if n.text.startswith("Judges"))
        amendments.propose_amendment(
            s, writer=ws.writer, proposal_id=pid, change="replace", first=line.number,
            text=line.text.replace("Judges decide", "Judges and prosecutors in Kaunas and Vilnius decide"),
            reason="Prosecutors decide first; both cities have specialised courts.")
    window.select_row(window.list_model.row_of(pid))  # type: ignore[attr-defined]
    window.amendments.show_proposal(pid)  # type: ignore[attr-defined]
    window.tabs.setCurrentWidget(window.amendments)  # type: ignore[attr-defined]
    QApplication.processEvents()
    window.grab().save(str(OUT / "amendments.png"))  # type: ignore[attr-defined]
    window.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def progress_screenshots(window: object) -> None:
    """The progress window's by-point page: a point's roll-up and its indicator over the periods."""
    window.show_progress()  # type: ignore[attr-defined]
    prog = window.progress  # type: ignore[attr-defined]
    prog.resize(1024, 700)
    prog.tabs.setCurrentWidget(prog.by_point)
    prog.by_point.table.selectRow(3)
    QApplication.processEvents()
    prog.grab().save(str(OUT / "progress-by-point.png"))
    prog.close()


def sharing_screenshots(folder: Path) -> None:
    """Three laptops of a coalition: the roster with fingerprints, and what an import brought."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from stratplan.core.services import sharing
    from stratplan.core.sync import actions
    from stratplan.ui.dialogs.sharing_dialogs import RosterDialog, SummaryDialog
    from tests.sync.laptops import coalition_of_three

    a, b, c = coalition_of_three(folder)
    b.draft("Policijos pareigūnų mokymai Kaune")
    b.draft("Prieglobsčio namai išgyvenusioms")
    c.draft("Programas de salida en Valencia")
    b.send(folder / "BETA-20261128.stratplan")
    c.send(folder / "GAMMA-20261128.stratplan")
    results = actions.receive(a.ws, [folder / "BETA-20261128.stratplan", folder / "GAMMA-20261128.stratplan"])
    with a.ws.store.transaction() as s:
        view = sharing.roster_view(s, a.ws.identity.device_id)
    roster = RosterDialog(view, {k: (lambda _d: None) for k in ("admit", "certify", "revoke")})
    roster.resize(980, 420)
    roster.show()
    QApplication.processEvents()
    roster.grab().save(str(OUT / "sharing-roster.png"))
    summary = SummaryDialog.for_imports(results)
    summary.resize(760, 260)
    summary.show()
    QApplication.processEvents()
    summary.grab().save(str(OUT / "sharing-received.png"))
    for laptop in (a, b, c):
        laptop.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["STRATPLAN_HOME"] = home
        from stratplan.app import StratPlanApp
        from stratplan.ui.settings import Settings, make_qsettings

        qapp = QApplication([])
        app = StratPlanApp(qapp, Settings(make_qsettings()))
        app.open(Path(home) / "demo.sqlite", demo_if_empty=True)
        window = app.window
        assert window is not None
        window.resize(1440, 860)
        window.filter_edit.setText("police")
        window.select_row(0)
        window.editor.summary.setPlainText(window.editor.summary.toPlainText() + " Twice a year, in every region.")
        window.save_current()
        qapp.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "main-window.png"))
        window.tabs.setCurrentWidget(window.history)
        window.history.select_rows(0, 1)
        qapp.processEvents()
        window.grab().save(str(OUT / "history-diff.png"))
        window.tabs.setCurrentIndex(0)
        voting_screenshots(window)
        programme_screenshots(window)
        progress_screenshots(window)
        amendment_screenshot(window)
        window.show_consolidation()
        consolidation = window.consolidation
        consolidation.resize(1440, 860)
        QApplication.processEvents()
        consolidation.grab().save(str(OUT / "consolidation.png"))
        consolidation.close()
        app.settings.language = "lt"
        app.apply_language("lt")
        lt_window = app.window
        assert lt_window is not None
        lt_window.resize(1440, 860)
        lt_window.filter_edit.setText("mokykl")
        lt_window.select_row(0)
        qapp.processEvents()
        lt_window.grab().save(str(OUT / "main-window-lt.png"))
        lt_window.close()
        assert app.workspace is not None
        app.workspace.close()
        sharing_screenshots(Path(home) / "sharing")
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
