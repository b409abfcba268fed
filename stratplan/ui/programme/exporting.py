"""Writing documents from the window: Word, Markdown, HTML in a worker; PDF through Qt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from stratplan.core.errors import ExportLockedError, StratplanError
from stratplan.core.export.document import DocModel
from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.text_writers import write_html, write_markdown
from stratplan.ui import errors
from stratplan.ui.workers import run_with_progress

FORMATS = {"docx": "Word (*.docx)", "md": "Markdown (*.md)", "html": "HTML (*.html)", "pdf": "PDF (*.pdf)"}


def write_pdf(model: DocModel, path: Path) -> None:
    """A PDF without any office suite: Qt lays out the print-friendly HTML on A4 pages."""
    document = QTextDocument()
    document.setHtml(write_html(model))
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))
    writer.setTitle(model.meta.title)
    document.print_(writer)


def write_any(model: DocModel, path: Path, template: Path | None = None) -> None:
    """Write `model` in the format the file name asks for, atomically where the writer allows."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "docx":
        write_docx(model, path, template=template)
        return
    if suffix == "pdf":
        write_pdf(model, path)
        return
    text = write_markdown(model) if suffix == "md" else write_html(model)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportLockedError(f"{path.name} cannot be written ({exc.strerror}). Close it in other "
                                "programs or choose another folder, then try again.") from exc


def export_with_progress(parent: QWidget, build: Callable[[], DocModel | None], path: Path,
                         template: Path | None = None) -> bool:
    """Build the model (GUI thread, one session), write it in a worker; offer a retry if locked."""
    model = build()
    if model is None:
        return False
    while True:
        if path.suffix.lower() == ".pdf":
            try:
                write_pdf(model, path)
                return True
            except StratplanError as exc:
                errors.show_error(parent, exc)
                return False

        def work(report: Callable[[int, int], None], m: DocModel = model) -> bool:
            report(0, 1)
            write_any(m, path, template)
            report(1, 1)
            return True

        failures: list[StratplanError] = []
        ok = run_with_progress(parent, parent.tr("Writing {name}...").format(name=path.name), work,
                               on_error=failures.append)
        if ok:
            return True
        if failures and isinstance(failures[0], ExportLockedError):
            answer = QMessageBox.question(parent, "StratPlan", str(failures[0]),
                                          QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Retry:
                continue
        elif failures:
            errors.show_error(parent, failures[0])
        return False


def ask_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    filters = ";;".join(FORMATS.values())
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None
