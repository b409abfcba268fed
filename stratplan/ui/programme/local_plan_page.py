"""This organisation's local plan: per point adopt as is, adapt, or not applicable here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.services import localplans, programme
from stratplan.core.services.localplans import PlanPoint, PlanView


class LocalPlanPage(QWidget):
    """A table of the release's points with our decision; the form edits the selected one."""

    def __init__(self, run: Callable[[Callable[..., Any]], Any], org_id: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.run, self.org_id = run, org_id
        self.view: PlanView | None = None
        self.plans = QComboBox(self)
        self.start_button = QPushButton(self.tr("&Start a local plan from a release..."), self)
        self.rebase_button = QPushButton(self.tr("Follow a &newer release..."), self)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Point"), self.tr("Our decision")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
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
        self.add_local_button = QPushButton(self.tr("Add a &local point..."), self)
        self._build()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Local plan:"), self))
        top.addWidget(self.plans, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.rebase_button)
        top.addWidget(self.add_local_button)
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
        right_layout.addWidget(QLabel(self.tr("The programme's text:"), self))
        right_layout.addWidget(self.programme_text, 1)
        right_layout.addLayout(form, 2)
        right_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([420, 700])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split)
        self.plans.currentIndexChanged.connect(lambda _i: self.show_plan())
        self.table.currentCellChanged.connect(lambda *_: self.show_point())
        self.start_button.clicked.connect(lambda: self.start_plan())
        self.rebase_button.clicked.connect(lambda: self.rebase())
        self.save_button.clicked.connect(self.save_decision)
        self.accept_button.clicked.connect(lambda: self._flag_action(localplans.accept_change))
        self.keep_button.clicked.connect(lambda: self._flag_action(localplans.keep_local))
        self.add_local_button.clicked.connect(lambda: self.add_local_point())

    def reload(self, select: str | None = None) -> None:
        plans = self.run(lambda s, _w: localplans.list_plans(s, org_id=self.org_id)) or []
        keep = select or (self.view.id if self.view else None)
        self.plans.blockSignals(True)
        self.plans.clear()
        for plan in plans:
            self.plans.addItem(f"{plan.title or self.tr('Local plan')} — {plan.release_name}", plan.id)
        index = max(0, self.plans.findData(keep)) if keep else 0
        self.plans.setCurrentIndex(index)
        self.plans.blockSignals(False)
        self.show_plan()

    def show_plan(self) -> None:
        plan_id = self.plans.currentData()
        self.view = self.run(lambda s, _w: localplans.plan_view(s, plan_id)) if plan_id else None
        has_plan = self.view is not None
        for w in (self.rebase_button, self.save_button, self.add_local_button, self.table):
            w.setEnabled(has_plan)
        self.table.setRowCount(0)
        if self.view is None:
            return
        labels = {"": self.tr("adopt as is"), "adopt": self.tr("adopt as is"), "adapt": self.tr("adapt"),
                  "not_applicable": self.tr("not applicable here")}
        rows = [(p.number, p.programme["title"], labels[p.decision], bool(p.changed_upstream)) for p in self.view.points]
        rows += [(f"L.{i}", lp.fields["title"], self.tr("local point"), False)
                 for i, lp in enumerate(self.view.local_points, start=1)]
        self.table.setRowCount(len(rows))
        for r, (number, title, decision, flagged) in enumerate(rows):
            for c, text in enumerate((number, title, decision + (" ⚠" if flagged else ""))):
                item = QTableWidgetItem(text)
                if flagged:
                    item.setBackground(QColor("#fff4c2"))
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(0)
        self.show_point()

    def current_point(self) -> PlanPoint | None:
        row = self.table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.points):
            return None
        return self.view.points[row]

    def show_point(self) -> None:
        point = self.current_point()
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
        row = self.table.currentRow()
        if self.run(lambda s, w: localplans.decide(s, writer=w, plan_id=plan_id, point_id=point.id,
                                                   decision=decision, local=local, reason=reason)) is not None:
            self.show_plan()
            self.table.selectRow(row)

    def _flag_action(self, action: Callable[..., Any]) -> None:
        point = self.current_point()
        if point is None or self.view is None:
            return
        plan_id = self.view.id
        row = self.table.currentRow()
        if self.run(lambda s, w: action(s, writer=w, plan_id=plan_id, point_id=point.id)) is not None:
            self.show_plan()
            self.table.selectRow(row)

    def _pick_release(self, title: str) -> str | None:
        releases = self.run(lambda s, _w: programme.list_releases(s)) or []
        if not releases:
            return None
        names = [r.name for r in releases]
        name, ok = QInputDialog.getItem(self, title, self.tr("Release:"), names, len(names) - 1, False)
        return next((r.id for r in releases if r.name == name), None) if ok else None

    def start_plan(self, release_id: str | None = None, title: str = "") -> None:
        release_id = release_id or self._pick_release(self.tr("Start a local plan"))
        if release_id:
            view = self.run(lambda s, w: localplans.start_plan(s, writer=w, release_id=release_id, title=title))
            if view is not None:
                self.reload(view.id)

    def rebase(self, release_id: str | None = None) -> None:
        if self.view is None:
            return
        release_id = release_id or self._pick_release(self.tr("Follow a newer release"))
        plan_id = self.view.id
        if release_id and self.run(lambda s, w: localplans.rebase(s, writer=w, plan_id=plan_id,
                                                                  release_id=release_id)) is not None:
            self.show_plan()

    def add_local_point(self, title: str | None = None) -> None:
        if self.view is None:
            return
        if title is None:
            title, ok = QInputDialog.getText(self, self.tr("Add a local point"), self.tr("Title:"))
            if not ok:
                return
        plan_id = self.view.id
        if self.run(lambda s, w: localplans.add_local_point(s, writer=w, plan_id=plan_id,
                                                            fields={"title": title})) is not None:
            self.show_plan()

