"""This organisation's local plan: per point adopt as is, adapt, or not applicable here.

Actions run through the shared `ActionRunner`, one transaction each; the programme window (a
runner listener) reads the changed plans in that transaction and hands them to `show_plans`.
The table follows with row-level edits (texts set in place, rows inserted or removed), so the
selected point stays selected and the form keeps what is being typed unless that point changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.errors import ValidationError
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import localplans
from stratplan.core.services.localplans import PlanPoint, PlanView
from stratplan.core.services.programme import ReleaseInfo
from stratplan.ui import errors
from stratplan.ui.models.keyed import row_edits
from stratplan.ui.programme.release_dialog import ReleaseChoice
from stratplan.ui.runner import ActionRunner
from stratplan.ui.widgets.labels import label_for
from stratplan.ui.widgets.text_prompt import TextPrompt

FlagAction = Callable[..., PlanView]  # localplans.accept_change / keep_local: (session, *, writer, plan_id, point_id)
FLAGGED = QColor("#fff4c2")


@dataclass(frozen=True)
class PlanRow:
    """One table row: a programme point (key: its id) or a local point (key: 'local:' + id)."""

    key: str
    number: str
    title: str
    decision: str
    flagged: bool


class LocalPlanPage(QWidget):
    """A table of the release's points with our decision; the form edits the selected one."""

    def __init__(self, runner: ActionRunner, org_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.org_id = runner, org_id
        self.view: PlanView | None = None
        self.plan_list: tuple[PlanView, ...] = ()
        # Kept current by the programme window, so picking a release needs no read of its own.
        self.releases: tuple[ReleaseInfo, ...] = ()
        self._shown_point: PlanPoint | None = None
        self.plans = QComboBox(self)
        self.start_button = QPushButton(self.tr("&Start a local plan from a release..."), self)
        self.rebase_button = QPushButton(self.tr("Follow a ne&wer release..."), self)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Point"), self.tr("Our decision")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Points of the local plan"))
        self.programme_text = QPlainTextEdit(self)
        self.programme_text.setReadOnly(True)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4c2;padding:6px;")
        self.accept_button = QPushButton(self.tr("&Accept the programme's change"), self)
        self.keep_button = QPushButton(self.tr("&Keep our version"), self)
        self.adopt = QRadioButton(self.tr("Adopt as is"), self)
        self.adapt = QRadioButton(self.tr("Adapt"), self)
        self.not_applicable = QRadioButton(self.tr("Not applicable here"), self)
        self.choice = QButtonGroup(self)
        for button in (self.adopt, self.adapt, self.not_applicable):
            self.choice.addButton(button)
        self.local_text = QPlainTextEdit(self)
        self.local_actions = QPlainTextEdit(self)
        self.responsible = QLineEdit(self)
        self.start = QLineEdit(self)
        self.end = QLineEdit(self)
        self.budget = QLineEdit(self)
        self.indicators = QPlainTextEdit(self)
        self.indicators.setPlaceholderText(self.tr("One per line: indicator; baseline; target; unit"))
        self.reason = QLineEdit(self)
        self.save_button = QPushButton(self.tr("Save &decision"), self)
        self.add_local_button = QPushButton(self.tr("Add a local po&int..."), self)
        self._build()

    def _build(self) -> None:
        # A long plan and release name must not widen the window past a small screen.
        self.plans.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plans.setMinimumContentsLength(18)
        chooser = QHBoxLayout()
        chooser.addWidget(label_for(self.plans, self.tr("Local plan:")))
        chooser.addWidget(self.plans, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.start_button)
        actions.addWidget(self.rebase_button)
        actions.addWidget(self.add_local_button)
        actions.addStretch()
        top = QVBoxLayout()
        top.addLayout(chooser)
        top.addLayout(actions)
        decision_row = QHBoxLayout()
        for b in (self.adopt, self.adapt, self.not_applicable):
            decision_row.addWidget(b)
        form = QFormLayout()
        form.addRow(self.tr("Decision"), decision_row)
        form.addRow(self.tr("Local text"), self.local_text)
        form.addRow(self.tr("Local actions"), self.local_actions)
        form.addRow(self.tr("Responsible person"), self.responsible)
        form.addRow(self.tr("Start"), self.start)
        form.addRow(self.tr("End"), self.end)
        form.addRow(self.tr("Indicators"), self.indicators)
        form.addRow(self.tr("Budget"), self.budget)
        form.addRow(self.tr("Reason (if not applicable)"), self.reason)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.banner)
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.keep_button)
        right_layout.addLayout(row)
        right_layout.addWidget(label_for(self.programme_text, self.tr("The programme's text:")))
        right_layout.addWidget(self.programme_text, 1)
        right_layout.addLayout(form, 2)
        right_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        # The decision form scrolls rather than pushing the window past a small screen.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(right)
        split = QSplitter(self)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setSizes([420, 700])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split)
        self.plans.currentIndexChanged.connect(lambda _i: self._plan_selected())
        self.table.currentCellChanged.connect(lambda *_: self._point_selected())
        self.start_button.clicked.connect(lambda: self.start_plan())
        self.rebase_button.clicked.connect(lambda: self.rebase())
        self.save_button.clicked.connect(self.save_decision)
        self.accept_button.clicked.connect(lambda: self._flag_action(localplans.accept_change))
        self.keep_button.clicked.connect(lambda: self._flag_action(localplans.keep_local))
        self.add_local_button.clicked.connect(lambda: self.add_local_point())

    # -- showing what the store holds ----------------------------------------------------------

    def _label(self, plan: PlanView) -> str:
        return f"{plan.title or self.tr('Local plan')} — {plan.release_name}"

    def show_plans(self, plans: Sequence[PlanView], select: str | None = None) -> None:
        """Our plans (newest first) in the chooser; the chosen one (kept if it still exists) shown."""
        self.plan_list = tuple(plans)
        keep = select or (self.view.id if self.view else None)
        keys: list[Hashable] = [self.plans.itemData(i) for i in range(self.plans.count())]
        edits = row_edits(keys, [p.id for p in plans])
        self.plans.blockSignals(True)
        try:
            if edits is None:
                self.plans.clear()
                edits = row_edits([], [p.id for p in plans])
                assert edits is not None
            for row in edits.removals:
                self.plans.removeItem(row)
            for row in edits.insertions:
                self.plans.insertItem(row, self._label(plans[row]), plans[row].id)
            for row, plan in enumerate(plans):
                if self.plans.itemText(row) != self._label(plan):
                    self.plans.setItemText(row, self._label(plan))
            index = self.plans.findData(keep) if keep else -1
            self.plans.setCurrentIndex(index if index >= 0 else 0 if plans else -1)
        finally:
            self.plans.blockSignals(False)
        chosen = self.plans.currentData()
        self.show_view(next((p for p in plans if p.id == chosen), None))

    def _rows(self, view: PlanView) -> list[PlanRow]:
        labels = {"": self.tr("adopt as is"), "adopt": self.tr("adopt as is"), "adapt": self.tr("adapt"),
                  "not_applicable": self.tr("not applicable here")}
        rows = [PlanRow(p.id, p.number, str(p.programme["title"]), labels[p.decision], bool(p.changed_upstream))
                for p in view.points]
        rows += [PlanRow("local:" + lp.id, f"L.{i}", str(lp.fields["title"]), self.tr("local point"), False)
                 for i, lp in enumerate(view.local_points, start=1)]
        return rows

    def show_view(self, view: PlanView | None) -> None:
        """Show a plan: a different plan fills the table anew, the same one updates its rows."""
        switched = view is None or self.view is None or view.id != self.view.id
        self.view = view
        for w in (self.rebase_button, self.save_button, self.add_local_button, self.table):
            w.setEnabled(view is not None)
        if view is None:
            self.table.setRowCount(0)
            self._shown_point = None
            return
        rows = self._rows(view)
        old_keys: list[Hashable] = [item.data(Qt.ItemDataRole.UserRole) if (item := self.table.item(r, 0)) else r
                                    for r in range(self.table.rowCount())]
        edits = None if switched else row_edits(old_keys, [r.key for r in rows])
        if edits is None:
            self.table.setRowCount(0)
            edits = row_edits([], [r.key for r in rows])
            assert edits is not None
        for index in edits.removals:
            self.table.removeRow(index)
        for index in edits.insertions:
            self.table.insertRow(index)
        for index, row in enumerate(rows):
            self._set_row(index, row)
        if switched and rows:
            self.table.selectRow(0)
        point = self.current_point()
        if switched or point != self._shown_point:
            self.show_point()

    def _set_row(self, index: int, row: PlanRow) -> None:
        """Set one row's cells, touching only what differs (each set is one dataChanged)."""
        texts = (row.number, row.title, row.decision + (" ⚠" if row.flagged else ""))
        for column, text in enumerate(texts):
            item = self.table.item(index, column)
            if item is None:
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.key)
                self.table.setItem(index, column, item)
            elif item.text() != text:
                item.setText(text)
            if column == 1 and item.toolTip() != text:
                item.setToolTip(text)  # the title column elides long titles
            brush = QBrush(FLAGGED) if row.flagged else QBrush()
            if item.background() != brush:
                item.setBackground(brush)

    def current_point(self) -> PlanPoint | None:
        row = self.table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.points):
            return None
        return self.view.points[row]

    def _point_selected(self) -> None:
        """The user moved to another row (nothing to read: the plan's data is at hand)."""
        point = self.current_point()
        if point is None or self._shown_point is None or point.id != self._shown_point.id:
            self.show_point()

    def show_point(self) -> None:
        point = self.current_point()
        self._shown_point = point
        self.banner.setVisible(bool(point and point.changed_upstream))
        self.accept_button.setVisible(bool(point and point.changed_upstream))
        self.keep_button.setVisible(bool(point and point.changed_upstream))
        if point is None:
            return
        if point.changed_upstream:
            self.banner.setText(self.tr("The programme changed this point after you decided ({fields}). Accept "
                                        "the new text, or keep your version.").format(
                fields=", ".join(point.changed_upstream)))
        p = point.programme
        self.programme_text.setPlainText(f"{p['title']}\n\n{p.get('summary', '')}\n\n{p.get('body', '')}")
        {"": self.adopt, "adopt": self.adopt, "adapt": self.adapt,
         "not_applicable": self.not_applicable}[point.decision].setChecked(True)
        local = {**{k: p.get(k) for k in localplans.LOCAL_FIELDS}, **point.local}
        self.local_text.setPlainText(local.get("body") or "")
        self.local_actions.setPlainText("\n".join(local.get("actions") or []))
        self.responsible.setText(local.get("responsible") or "")
        self.start.setText(local.get("start") or "")
        self.end.setText(local.get("end") or "")
        self.budget.setText(local.get("resources") or "")
        self.indicators.setPlainText("\n".join(
            "; ".join(i.get(k, "") for k in ("name", "baseline", "target", "unit"))
            for i in local.get("indicators") or []))
        self.reason.setText(point.reason)

    def _indicators(self) -> list[dict[str, str]]:
        rows = []
        for line in self.indicators.toPlainText().splitlines():
            parts = [x.strip() for x in line.split(";")] + ["", "", "", ""]
            if any(parts[:4]):
                rows.append(dict(zip(("name", "baseline", "target", "unit"), parts[:4], strict=True)))
        return rows

    # -- actions: each one step, one transaction ------------------------------------------------

    def _plan_selected(self) -> None:
        """The user chose another plan: its view in one read."""
        plan_id = self.plans.currentData()
        if not plan_id:
            self.show_view(None)
            return
        view = self.runner.read(self, lambda s: localplans.plan_view(s, str(plan_id)))
        if view is not None:
            self.show_view(view)

    def save_decision(self) -> None:
        point = self.current_point()
        if point is None or self.view is None:
            return
        decision = "adapt" if self.adapt.isChecked() else "not_applicable" if self.not_applicable.isChecked() \
            else "adopt"
        local = {"body": self.local_text.toPlainText(), "actions": self.local_actions.toPlainText().splitlines(),
                 "responsible": self.responsible.text(), "start": self.start.text(), "end": self.end.text(),
                 "resources": self.budget.text(), "indicators": self._indicators()}
        plan_id, reason = self.view.id, self.reason.text()
        self.runner.run(self, lambda s, w: localplans.decide(s, writer=w, plan_id=plan_id, point_id=point.id,
                                                             decision=decision, local=local, reason=reason))

    def _flag_action(self, action: FlagAction) -> None:
        point = self.current_point()
        if point is None or self.view is None:
            return
        plan_id = self.view.id
        self.runner.run(self, lambda s, w: action(s, writer=w, plan_id=plan_id, point_id=point.id))

    def _pick_release(self, title: str) -> str | None:
        if not self.releases:
            # Said, not silent: a new user presses this before the programme has any release.
            errors.show_error(self, ValidationError(self.tr(
                "There is no release yet: create one on the “Unified programme” page first.")))
            return None
        return ReleaseChoice.ask(self, title, [(r.id, r.name) for r in self.releases])

    def start_plan(self, release_id: str | None = None, title: str = "") -> None:
        release_id = release_id or self._pick_release(self.tr("Start a local plan"))
        if not release_id:
            return
        rid = release_id

        def step(session: Session, writer: OpWriter) -> PlanView:
            return localplans.start_plan(session, writer=writer, release_id=rid, title=title)

        done = self.runner.run(self, step)
        if done is not None:  # the window has added it to the chooser; switch to it
            self.show_plans(self.plan_list, select=done.value.id)

    def rebase(self, release_id: str | None = None) -> None:
        if self.view is None:
            errors.show_error(self, ValidationError(self.tr("Start a local plan first.")))
            return
        release_id = release_id or self._pick_release(self.tr("Follow a newer release"))
        plan_id = self.view.id
        if release_id:
            rid = release_id
            self.runner.run(self, lambda s, w: localplans.rebase(s, writer=w, plan_id=plan_id, release_id=rid))

    def add_local_point(self, title: str | None = None) -> None:
        if self.view is None:
            errors.show_error(self, ValidationError(self.tr("Start a local plan first.")))
            return
        if title is None:
            title = TextPrompt.ask(self, self.tr("Add a local point"), self.tr("Title:"))
            if title is None:
                return
        plan_id, fields = self.view.id, {"title": title}
        self.runner.run(self, lambda s, w: localplans.add_local_point(s, writer=w, plan_id=plan_id, fields=fields))
