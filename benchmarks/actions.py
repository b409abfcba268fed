"""Per user action: store transactions and model resets, offscreen; time per save on 50,000 proposals.

Usage: python benchmarks/actions.py [--out FILE] [--label NAME] [--cache DIR] [--saves N]

The windows are driven as a user would: real buttons pressed with QTest.mouseClick, real
QActions triggered from the menus, the current index of a view set; dialogs answered by
monkeypatching their `ask` class methods (and QInputDialog, which some pages call directly).
Tool windows are opened through the main window's Programme menu, so the script works with
either tool-window constructor style. A transaction is one SQLAlchemy "begin" on the store's
engine; a model reset is one `modelReset` of any QAbstractItemModel under the open windows.

The 50,000-proposal store is built once (about 20 s, with benchmarks/make_store.py) into
--cache and copied for each run, so reruns are cheap. --out gets (or updates) a section
"<label> (commit <sha>)"; the table is printed too.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractItemModel, Qt  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)
from shiboken6 import getCppPointer  # noqa: E402
from sqlalchemy import event  # noqa: E402

BIG = 50_000
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "actions-bench"


# ---------------------------------------------------------------------- counting
@dataclass
class Row:
    action: str
    transactions: int | str
    resets: int | str
    notes: list[str] = field(default_factory=list)


class Probe:
    """Counts transactions on one engine and resets of every model found under the windows."""

    def __init__(self, engine: Any) -> None:
        self.transactions = 0
        self.resets: dict[int, int] = {}
        self.models: dict[int, tuple[QAbstractItemModel, str]] = {}
        self.shown: list[str] = []
        self.rows: list[Row] = []
        event.listen(engine, "begin", self._on_begin)

    def _on_begin(self, _conn: Any) -> None:
        self.transactions += 1

    def watch(self, windows: list[QWidget]) -> None:
        """Connect every model not yet seen: children of the windows and models set on views."""
        names = _model_names(windows)
        found: list[QAbstractItemModel] = []
        for window in windows:
            found.extend(window.findChildren(QAbstractItemModel))
            for view in window.findChildren(QAbstractItemView):
                if view.model() is not None:
                    found.append(view.model())
        for model in found:
            key = _key(model)
            if key in self.models:
                continue
            label = names.get(key) or model.metaObject().className()
            self.models[key] = (model, label)
            self.resets[key] = 0
            model.modelReset.connect(lambda k=key: self._on_reset(k))

    def _on_reset(self, key: int) -> None:
        self.resets[key] += 1

    def measure(self, label: str, windows: Callable[[], list[QWidget]], action: Callable[[], Any]) -> Row:
        """Run one user action; count what it did (events processed, as after a real click)."""
        self.watch(windows())
        app = QApplication.instance()
        assert app is not None
        app.processEvents()
        before_tx, before_resets = self.transactions, dict(self.resets)
        self.shown.clear()
        notes: list[str] = []
        start = time.perf_counter()
        try:
            note = action()
            if note:
                notes.append(str(note))
        except Exception as exc:  # noqa: BLE001 - a broken action is reported, not fatal
            notes.append(f"FAILED: {type(exc).__name__}: {exc}")
        for _ in range(3):  # single-shot timers queued by the action (reselect, refresh)
            app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        transactions = self.transactions - before_tx
        reset = {k: n - before_resets.get(k, 0) for k, n in self.resets.items() if n - before_resets.get(k, 0)}
        if reset:
            notes.append("reset: " + ", ".join(
                f"{self.models[k][1]}" + (f" x{n}" if n > 1 else "") for k, n in sorted(
                    reset.items(), key=lambda kv: self.models[kv[0]][1])))
        notes.extend(f"message shown: {m[:90]}" for m in self.shown)
        notes.append(f"{elapsed:.0f} ms")
        row = Row(label, transactions, sum(reset.values()), notes)
        self.rows.append(row)
        print(f"  {label}: {transactions} tx, {row.resets} resets; {'; '.join(notes)}", flush=True)
        return row


def _key(model: QAbstractItemModel) -> int:
    # The C++ object, not the Python wrapper: a view's internal model may get a new wrapper.
    return int(getCppPointer(model)[0])


def _model_names(windows: list[QWidget]) -> dict[int, str]:
    """Readable names: the attribute (of a window or of one of its parts) holding the model or view."""
    names: dict[int, str] = {}
    owners: list[tuple[str, Any]] = []
    for window in windows:
        prefix = type(window).__name__.replace("Window", "").lower() or "window"
        owners.append((prefix, window))
        for attr, value in list(vars(window).items()):
            if isinstance(value, QWidget) and not isinstance(value, (QAbstractItemView, QMainWindow)):
                owners.append((f"{prefix}.{attr}", value))
    for prefix, owner in owners:
        for attr, value in list(vars(owner).items()):
            model = value.model() if isinstance(value, QAbstractItemView) else value
            if isinstance(model, QAbstractItemModel):
                names.setdefault(_key(model), f"{prefix}.{attr}")
    return names


# ---------------------------------------------------------------------- driving
def press(button: QAbstractButton) -> str:
    """A real mouse click; if the button cannot take one (hidden page), say so and click() it."""
    if not button.isEnabled():
        return f"button '{button.text()}' disabled"
    hits: list[bool] = []
    button.clicked.connect(lambda *_: hits.append(True))
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    if not hits:
        button.click()
        return "clicked programmatically"
    return ""


def _plain(text: str) -> str:
    return text.replace("&", "").replace("...", "").replace("…", "").strip().lower()


def find_action(window: QMainWindow, text: str) -> QAction:
    """A menu action whose text starts with `text` (ignoring & and dots)."""
    wanted = _plain(text)
    stack = list(window.menuBar().actions())
    while stack:
        action = stack.pop(0)
        menu = action.menu()
        if isinstance(menu, QMenu):
            stack.extend(menu.actions())
        elif _plain(action.text()).startswith(wanted):
            return action
    raise LookupError(f"no menu action '{text}'")


def trigger(window: QMainWindow, text: str) -> str:
    action = find_action(window, text)
    if not action.isEnabled():
        return f"'{action.text()}' disabled"
    action.trigger()
    return ""


def select_text(view: QAbstractItemView, text: str) -> str:
    """Make the row whose first column reads `text` current, as a click on it would."""
    model = view.model()
    for row in range(model.rowCount()):
        if str(model.index(row, 0).data()) == text:
            view.setCurrentIndex(model.index(row, 0))
            return ""
    return f"no row '{text}'"


def select_row(view: QAbstractItemView, row: int) -> str:
    model = view.model()
    if model.rowCount() <= row:
        return f"only {model.rowCount()} rows"
    view.setCurrentIndex(model.index(row, 0))
    return ""


def patch_dialogs(probe: Probe) -> None:
    """No dialog may block offscreen: errors are recorded; ask() answers are set per action."""
    from stratplan.ui import errors

    def record(_parent: QWidget | None, exc: BaseException) -> None:
        probe.shown.append(str(exc))

    setattr(errors, "show_error", record)  # noqa: B010 - every caller looks it up on the module

    def no_exec(self: QDialog, *_a: Any) -> int:
        probe.shown.append(f"(dialog {type(self).__name__} refused)")
        return 0

    QDialog.exec = no_exec  # type: ignore[method-assign]
    def message(_p: Any, _t: Any, text: Any, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        probe.shown.append(str(text))
        return QMessageBox.StandardButton.Ok

    def item(_p: Any, _t: Any, _l: Any, items: list[str], *_a: Any, **_k: Any) -> tuple[str, bool]:
        return (items[-1] if items else "", bool(items))

    for name in ("critical", "warning", "information"):
        setattr(QMessageBox, name, staticmethod(message))
    setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))  # noqa: B010
    setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (ANSWERS["text"], True)))  # noqa: B010
    setattr(QInputDialog, "getItem", staticmethod(item))  # noqa: B010


ANSWERS: dict[str, Any] = {"text": "Prevention"}


def answer(cls: type, value: Any) -> None:
    """Make `cls.ask(...)` return `value`, whatever its parameters in this version."""
    cls.ask = classmethod(lambda _cls, *a, **k: value)  # type: ignore[attr-defined]


def answer_if(module: str, name: str, value: Callable[[], Any]) -> None:
    """The same for a dialog that only some versions have (its answer read when it is asked)."""
    import importlib

    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return
    cls.ask = classmethod(lambda _cls, *a, **k: value())


# ---------------------------------------------------------------------- the small store
def demo_store(path: Path) -> None:
    """The demo coalition, plus two open voting rounds opened by our organisation."""
    from stratplan.core import paths
    from stratplan.core.services import proposals, rounds
    from stratplan.core.services.demo import demo_needs, install_demo, load_demo_file
    from stratplan.core.workspace import open_workspace
    from stratplan.resources import resource_path

    ws = open_workspace(path, paths.key_dir())
    with ws.store.transaction() as s:
        install_demo(s, writer=ws.writer, data=load_demo_file(resource_path("demo", "coalition.json")),
                     needs_csv=demo_needs(resource_path("demo")))
    ws.close()
    ws = open_workspace(path, paths.key_dir())
    with ws.store.transaction() as s:
        open_ids: list[Any] = [p.id for p in proposals.list_proposals(s) if p.status in ("submitted", "in_discussion")]
        for n, title in enumerate(("Spring round", "Autumn round")):
            rounds.open_round(s, writer=ws.writer, title=title, method="approval",
                              proposal_ids=open_ids[n * 4:n * 4 + 4])
    ws.close()


def tool(main: Any, attr: str, class_name: str) -> Any:
    window = getattr(main, attr, None)
    if window is None:
        window = next((w for w in main.findChildren(QMainWindow) if type(w).__name__ == class_name), None)
    if window is None:
        raise LookupError(f"{class_name} did not open")
    return window


def measure_windows(path: Path) -> list[Row]:
    from stratplan.core import paths
    from stratplan.core.workspace import open_workspace
    from stratplan.ui.main_window import MainWindow
    from stratplan.ui.settings import Settings, make_qsettings

    ws = open_workspace(path, paths.key_dir())
    probe = Probe(ws.store.engine)
    patch_dialogs(probe)
    holder: dict[str, Any] = {}

    def windows() -> list[QWidget]:
        main = holder.get("main")
        if main is None:
            return []
        # Tool windows first, so their models are named after them (they are children of main).
        return [*(w for w in main.findChildren(QMainWindow) if w is not main), main]

    def open_main() -> None:
        holder["main"] = MainWindow(ws, Settings(make_qsettings()))
        holder["main"].show()

    m = probe.measure
    m("open the main window (resets before it existed not counted)", windows, open_main)
    main = holder["main"]
    main_actions(m, windows, main)
    voting_actions(m, windows, main)
    programme_actions(m, windows, main)
    peer_actions(m, windows, main)
    consolidation_actions(m, windows, main)
    for window in reversed(windows()):
        window.close()
    QApplication.processEvents()
    ws.close()
    return probe.rows


Measure = Callable[[str, Callable[[], list[QWidget]], Callable[[], Any]], Row]


def main_actions(m: Measure, windows: Callable[[], list[QWidget]], main: Any) -> None:
    def type_title(text: str) -> str:
        main.tabs.setCurrentIndex(0)
        QTest.keyClicks(main.editor.title, text)
        return ""

    m("main: select a plan point (none open yet)", windows, lambda: select_row(main.table, 0))
    m("main: select another plan point", windows, lambda: select_row(main.table, 1))
    m("main: type in the title (no save)", windows, lambda: type_title(" draft"))
    m("main: press Save (after typing)", windows, lambda: press(main.save_button))
    m("main: type in the title, then press Save", windows, lambda: type_title(" v2") + press(main.save_button))
    m("main: Edit → Undo", windows, lambda: trigger(main, "Undo"))
    m("main: Edit → Redo", windows, lambda: trigger(main, "Redo"))
    type_title(" typed")
    m("main: one autosave tick (after typing)", windows, lambda: autosave_tick(main))
    m("main: Discard changes", windows, lambda: press(main.discard_button))

    def post() -> str:
        main.tabs.setCurrentWidget(main.comments)
        main.comments.text.setPlainText("A comment from the benchmark.")
        return press(main.comments.post_button)

    m("main: post a comment", windows, post)
    m("main: Edit → New plan point", windows, lambda: trigger(main, "New plan point"))
    m("main: type a filter word", windows, lambda: QTest.keyClicks(main.filter_edit, "police"))
    m("main: clear the filter", windows, lambda: main.filter_edit.clear())


def autosave_tick(main: Any) -> str:
    timer = getattr(main, "_autosave", None)
    if timer is not None:
        timer.stop()
        try:
            timer.timeout.emit()
            return ""
        except (RuntimeError, AttributeError, TypeError):
            pass
    main.autosave_now()
    return "called autosave_now()"


def voting_actions(m: Measure, windows: Callable[[], list[QWidget]], main: Any) -> None:
    from stratplan.ui.voting.new_round import NewRoundDialog

    m("voting: open (Programme → Voting rounds)", windows, lambda: trigger(main, "Voting rounds"))
    voting = tool(main, "voting", "VotingWindow")
    m("voting: select another round", windows, lambda: select_text(voting.rounds_view, "Spring round"))

    def cast() -> str:
        for row in range(voting.form.table.rowCount()):
            combo = voting.form.combo(row)
            combo.setCurrentIndex(max(0, combo.findData("yes")))
        return press(voting.cast_button)

    m("voting: cast our ballot", windows, cast)
    answer(NewRoundDialog, {"title": "Benchmark round", "method": "approval",
                            "proposal_ids": [voting.form.info.proposals[0].id], "threshold": "1/2",
                            "quorum": "1/2", "basis": "expressed", "closes": ""})
    m("voting: New round (dialog answered)", windows, lambda: press(voting.new_button))
    m("voting: select a round again (after New round)", windows,
      lambda: select_text(voting.rounds_view, "Spring round"))
    m("voting: Close round", windows, lambda: press(voting.close_button))


def programme_actions(m: Measure, windows: Callable[[], list[QWidget]], main: Any) -> None:
    m("programme: open (Programme → Programme and local plan)", windows,
      lambda: trigger(main, "Programme and local plan"))
    prog = tool(main, "programme", "ProgrammeWindow")
    page = prog.layout_page
    answer_if("stratplan.ui.widgets.text_prompt", "TextPrompt", lambda: ANSWERS["text"])
    answer_if("stratplan.ui.programme.release_dialog", "ReleaseDialog", lambda: ANSWERS["text"])

    def add_section() -> str:
        ANSWERS["text"] = "Prevention"
        return press(page.add_section_button)

    def place() -> str:
        page.tree.setCurrentItem(page.tree.topLevelItem(0))
        page.unplaced.setCurrentRow(0)
        return press(page.place_button)

    def release() -> str:
        ANSWERS["text"] = "Benchmark release"
        done = press(page.release_button)
        names = [page.releases.item(r).text() for r in range(page.releases.count())]
        return "; ".join(x for x in (done, f"releases listed: {names}") if x)

    buggy = ("the button passes its checked=False as the name (bug at 06fcbb9): "
             "measured again calling the slot with the name")
    if m("programme: Add section (name answered)", windows, add_section).notes[0].startswith("message"):
        getattr(page, "reload", lambda: None)()
        m("programme: add a section, by its slot", windows, lambda: page.add_section("Prevention")).notes.insert(
            0, buggy)
    m("programme: place a point in the section", windows, place)
    made = m("programme: Create release (name answered)", windows, release)
    if "Benchmark release" not in made.notes[0]:
        getattr(page, "reload", lambda: None)()
        m("programme: create a release, by its slot", windows,
          lambda: page.create_release("Benchmark release")).notes.insert(0, buggy)
    m("programme: select a release", windows, lambda: page.releases.setCurrentRow(0))
    plan = prog.plan_page

    def start_plan() -> str:
        prog.tabs.setCurrentIndex(1)
        return press(plan.start_button)

    def decide() -> str:
        plan.table.selectRow(0)
        plan.adopt.setChecked(True)
        return press(plan.save_button)

    m("programme: Start a local plan (release picked)", windows, start_plan)
    m("programme: select a point of the local plan", windows, lambda: plan.table.selectRow(1))
    m("programme: Save decision", windows, decide)


def peer_actions(m: Measure, windows: Callable[[], list[QWidget]], main: Any) -> None:
    m("peer: open (Programme → Peer-to-peer training)", windows, lambda: trigger(main, "Peer-to-peer training"))
    peer = tool(main, "peer", "PeerWindow")

    def select_need() -> None:
        peer.tabs.setCurrentIndex(1)
        peer.need_list.setCurrentRow(1)

    def record_need() -> str:
        peer.tabs.setCurrentIndex(0)
        peer.description.setText("Benchmark need")
        return press(peer.add_need_button)

    m("peer: select a need (matches)", windows, select_need)
    m("peer: Confirm this pairing", windows, lambda: press(peer.confirm_button))
    m("peer: Add as a need", windows, record_need)


def consolidation_actions(m: Measure, windows: Callable[[], list[QWidget]], main: Any) -> None:
    m("consolidation: open (Programme → Consolidation)", windows, lambda: trigger(main, "Consolidation"))
    cons = tool(main, "consolidation", "ConsolidationWindow")
    m("consolidation: Find overlaps", windows, lambda: press(cons.find_button))
    m("consolidation: select another suggestion", windows, lambda: cons.list.setCurrentRow(1))
    m("consolidation: Merge", windows, lambda: press(cons.merge_button))

    def undo_merge() -> str:
        cons.centralWidget().setCurrentIndex(1)
        cons.merges.setCurrentRow(0)
        return press(cons.undo_button)

    m("consolidation: Undo the selected merge", windows, undo_merge)


# ---------------------------------------------------------------------- saving on a big store
def big_store(cache: Path) -> Path:
    target = cache / "50k.sqlite"
    if not target.exists():
        from make_store import make_store

        print(f"building {BIG:,} proposals into {target} (once) ...", flush=True)
        print(f"  took {make_store(BIG, target, revisions=1):.0f} s", flush=True)
    return target


def time_saves(path: Path, saves: int) -> dict[str, Any]:
    """Median seconds per Save (a different title typed each time) with the window on `path`."""
    from stratplan.core import paths
    from stratplan.core.workspace import open_workspace
    from stratplan.ui.main_window import MainWindow
    from stratplan.ui.settings import Settings, make_qsettings

    ws = open_workspace(path, paths.key_dir())
    probe = Probe(ws.store.engine)
    start = time.perf_counter()
    window = MainWindow(ws, Settings(make_qsettings()))
    window.show()
    QApplication.processEvents()
    opened = time.perf_counter() - start
    select_row(window.table, 0)
    QApplication.processEvents()
    times, counts = [], []
    for i in range(saves):
        window.tabs.setCurrentIndex(0)
        QTest.keyClick(window.editor.title, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(window.editor.title, f"Benchmark title {i}")
        QApplication.processEvents()
        tx = probe.transactions
        start = time.perf_counter()
        press(window.save_button)
        QApplication.processEvents()
        times.append(time.perf_counter() - start)
        counts.append(probe.transactions - tx)
        print(f"  save {i + 1}: {times[-1] * 1000:.0f} ms, {counts[-1]} tx", flush=True)
    rows = window.table.model().rowCount()
    window.close()
    QApplication.processEvents()
    ws.close()
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "tx": counts,
            "open": opened, "rows": rows, "floor": sqlite_floor(path, max(30, saves))}


def sqlite_floor(path: Path, runs: int) -> float:
    """One bare UPDATE of one proposal row in its own transaction, with the store's pragmas."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    pid = con.execute("SELECT id FROM proposal LIMIT 1 OFFSET 7").fetchone()[0]
    times = []
    for i in range(runs):
        start = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.executemany("UPDATE proposal SET title = ? WHERE id = ?", [(f"Floor {i}", pid)])
        con.execute("COMMIT")
        times.append(time.perf_counter() - start)
    con.close()
    return statistics.median(times)


# ---------------------------------------------------------------------- report
def commit_of_code() -> str:
    import stratplan

    root = Path(stratplan.__file__).resolve().parents[1]
    try:
        sha = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], check=True,
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "stratplan"],
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + (" + uncommitted changes" if dirty else "")


def render(label: str, rows: list[Row], saving: dict[str, Any] | None) -> str:
    lines = [f"## {label} (commit {commit_of_code()})", "",
             f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores (shared); demo coalition (60 points) "
             "plus two open voting rounds.", "",
             "| action | transactions | model resets | notes |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.action} | {r.transactions} | {r.resets} | {'; '.join(r.notes).replace('|', '/')} |"
              for r in rows]
    if saving is not None:
        ratio = saving["median"] / saving["floor"] if saving["floor"] else float("nan")
        lines += ["", f"Save on {saving['rows']:,} proposals (window opened in {saving['open']:.1f} s):", "",
                  "| measure | value |", "| --- | --- |",
                  f"| time per save, median of {len(saving['tx'])} (ms) | {saving['median'] * 1000:.0f} |",
                  f"| fastest / slowest save (ms) | {saving['min'] * 1000:.0f} / {saving['max'] * 1000:.0f} |",
                  f"| transactions per save | {', '.join(map(str, sorted(set(saving['tx']))))} |",
                  f"| floor: one bare sqlite3 UPDATE + COMMIT, same file and pragmas, median of 30 (ms) | "
                  f"{saving['floor'] * 1000:.1f} |",
                  f"| ratio save / floor | {ratio:.0f}x |"]
    return "\n".join(lines) + "\n"


def write_section(out: Path, label: str, text: str) -> None:
    """Replace the section of the same label in `out` (or add it), keeping the others."""
    head = ("# User actions: transactions, model resets, time per save\n\n"
            "Made by `benchmarks/actions.py` (offscreen). A transaction is one SQLAlchemy `begin` on the "
            "store's engine. A model reset is one `modelReset` of any model under the open windows, "
            "including the internal models of QListWidget/QTreeWidget (their `clear()` is a reset). "
            "Dialogs are answered by patching their `ask()` (and QInputDialog, which the programme "
            "pages call directly). Milliseconds in the notes come from a shared 2-core machine: "
            "indicative only; the save timing varies by about +-30% between runs.\n")
    old = out.read_text(encoding="utf-8") if out.exists() else head
    parts = old.split("\n## ")
    kept = [parts[0].rstrip("\n") + "\n"] + ["## " + p.rstrip("\n") + "\n" for p in parts[1:]
                                             if not p.startswith(f"{label} (")]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join([*kept, text]), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "actions.md")
    parser.add_argument("--label", default="after")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="folder keeping the 50,000-proposal store and its keys between runs")
    parser.add_argument("--saves", type=int, default=10, help="0 skips the big store")
    args = parser.parse_args()
    faulthandler.dump_traceback_later(1800, exit=True)  # a dialog left open must not hang the run
    args.cache.mkdir(parents=True, exist_ok=True)
    # The keys that signed the big store live in the cache, so it opens as ours in every run.
    os.environ["STRATPLAN_HOME"] = str(args.cache / "home")
    import stratplan

    print(f"stratplan from {Path(stratplan.__file__).parent}", flush=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp, "demo.sqlite")
        demo_store(small)
        rows = measure_windows(small)
        saving = None
        if args.saves:
            big = Path(tmp, "50k.sqlite")
            shutil.copyfile(big_store(args.cache), big)
            saving = time_saves(big, args.saves)
    text = render(args.label, rows, saving)
    write_section(args.out, args.label, text)
    print(text)
    del app


if __name__ == "__main__":
    main()
