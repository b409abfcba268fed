"""Commands for the programme, releases, local plans, exports and imports."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stratplan.commands.common import (
    JsonObject,
    date_text,
    emit,
    named,
    read_body,
    resolve_group,
    resolve_org,
    resolve_plan,
    resolve_release,
    say,
    store_action,
)
from stratplan.core.errors import ValidationError
from stratplan.core.export.document import DocModel
from stratplan.core.fields import FIELD_LABELS
from stratplan.core.messages import msg, plural
from stratplan.core.services import (
    localplans,
    peer,
    programme,
    proposals,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def cmd_programme(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        if args.action_name == "place":
            layout = programme.get_layout(s)
            sections = [(sec.id, sec.title, [p.id for p in sec.points]) for sec in layout.sections]
            target = next((sec for sec in sections if sec[1].casefold() == args.section.casefold()), None)
            if target is None:
                target = ("", args.section, [])
                sections.append(target)
            target[2].extend(proposals.resolve_proposal_id(s, p) for p in args.proposal)
            # save_layout returns the layout it wrote: reading the programme again would
            # cost a second pass over every point.
            layout = programme.save_layout(s, writer=ws.writer, sections=sections)
        else:
            layout = programme.get_layout(s)
    data: JsonObject = {"sections": [{"title": sec.title, "points": [{"id": p.id, "title": p.title} for p in sec.points]}
                         for sec in layout.sections],
            "unplaced": [{"id": p.id, "title": p.title} for p in layout.unplaced]}
    emit(args, data, lambda: "\n".join(
        [f"{i}. {sec['title']}\n" + "\n".join(f"   {i}.{j} {p['title']}" for j, p in enumerate(sec["points"], 1))
         for i, sec in enumerate(data["sections"], 1)]
        + ([say(plural("Not placed yet: {n} adopted point", "Not placed yet: {n} adopted points",
                        len(data["unplaced"])))] if data["unplaced"] else [])))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        if args.action_name == "create":
            info = programme.create_release(s, writer=ws.writer, name=args.name)
            data: object = dataclasses.asdict(info)
            text = say(plural("Release '{name}' created with {n} point.", "Release '{name}' created with {n} points.",
                              info.points, name=info.name))
        elif args.action_name == "list":
            listed = programme.list_releases(s)
            data = [dataclasses.asdict(r) for r in listed]
            text = "\n".join(f"{date_text(r.created)}  "
                             + say(plural("{n:4d} point", "{n:4d} points", r.points)) + f"  {r.name}" for r in listed)
        else:
            changes = programme.diff_releases(s, old_id=resolve_release(s, args.old),
                                              new_id=resolve_release(s, args.new))
            data = [dataclasses.asdict(c) for c in changes]
            text = "\n".join(f"{named('release_change', c.kind):<10} {c.new_number or c.old_number:<6} {c.title}"
                             + (f" ({', '.join(say(FIELD_LABELS[f]) if f in FIELD_LABELS else f for f in c.fields)})"
                                if c.fields else "") for c in changes)
    emit(args, data, lambda: text or say(msg("No changes.")))
    return 0


def cmd_local_plan(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        action = args.action_name
        if action == "start":
            view = localplans.start_plan(s, writer=ws.writer, release_id=resolve_release(s, args.release),
                                         title=args.title or "")
        elif action == "list":
            plans = localplans.list_plans(s, org_id=ws.profile.org_id)
            emit(args, [{"id": p.id, "title": p.title, "release": p.release_name} for p in plans],
                 lambda: "\n".join(f"{p.id[:8]}  {p.release_name:<20} {p.title}" for p in plans))
            return 0
        else:
            plan_id = resolve_plan(s, ws, args.plan)
            if action == "decide":
                local = {}
                if args.text_file:
                    local["body"] = read_body(args.text_file)
                for name in ("responsible", "start", "end", "resources"):
                    if getattr(args, name):
                        local[name] = getattr(args, name)
                if args.action:
                    local["actions"] = args.action
                view = localplans.decide(s, writer=ws.writer, plan_id=plan_id,
                                         point_id=proposals.resolve_proposal_id(s, args.point),
                                         decision=args.decision, local=local, reason=args.reason or "")
            elif action == "rebase":
                view = localplans.rebase(s, writer=ws.writer, plan_id=plan_id,
                                         release_id=resolve_release(s, args.release))
            elif action == "add-point":
                view = localplans.add_local_point(s, writer=ws.writer, plan_id=plan_id,
                                                  fields={"title": args.title, "summary": args.summary or ""})
            else:
                view = localplans.plan_view(s, plan_id)
    data: JsonObject = {"id": view.id, "title": view.title, "release": view.release_name,
            "points": [{"number": p.number, "id": p.id, "title": p.programme["title"],
                        "decision": p.decision or "adopt", "reason": p.reason,
                        "changed_upstream": list(p.changed_upstream)} for p in view.points],
            "local_points": [{"id": lp.id, "title": lp.fields["title"]} for lp in view.local_points]}
    upstream, local_word = say(msg("[changed upstream]")), say(msg("local"))
    emit(args, data, lambda: "\n".join(
        [f"{view.title or say(msg('Local plan'))} ({view.release_name})"]
        + [f"{p['number']:<6} {named('decision', p['decision']):<22} {p['title']}"
           + (f" {upstream}" if p["changed_upstream"] else "")
           for p in data["points"]] + [f"L      {local_word:<22} {lp['title']}" for lp in data["local_points"]]))
    return 0


def _export_values(args: argparse.Namespace) -> int:
    """`export progress-values OUT.xlsx`: every value and report, for donors' spreadsheets."""
    from stratplan.core.services import progress_xlsx

    target = Path(args.out)
    if (args.format or target.suffix.lower().lstrip(".")) not in ("xlsx", ""):
        raise ValidationError("Progress values are written as an Excel workbook: name the file .xlsx.")
    with store_action(args) as (_ws, s):
        values, reports = progress_xlsx.write_values(s, target, language=args.language)
    emit(args, {"written": str(target), "format": "xlsx", "values": values, "reports": reports},
         lambda: say(msg("Written {file}: {values} values from {reports} reports.", file=target,
                         values=values, reports=reports)))
    return 0


def _period(s: Session, wanted: str | None) -> str:
    from stratplan.core.services import progress

    periods = progress.list_periods(s)
    if not wanted and not periods:
        raise ValidationError("No reporting period yet: the convener sets them with "
                              "`stratplan progress period-add`.")
    return wanted or periods[-1].id


def cmd_export(args: argparse.Namespace) -> int:
    if args.what == "progress-values":
        return _export_values(args)
    if args.what == "proposal-book":
        from stratplan.commands.amend import cmd_proposal_book

        return cmd_proposal_book(args)
    with store_action(args) as (ws, s):
        if args.what == "programme":
            releases = programme.list_releases(s)
            if not releases:
                raise ValidationError("No release yet: `stratplan release create NAME` first.")
            rid = resolve_release(s, args.release) if args.release else releases[-1].id
            model = programme.release_document(s, release_id=rid, language=args.language)
        elif args.what == "progress-report":
            from stratplan.core.services import progress_document

            model = progress_document.progress_document(s, plan_id=resolve_plan(s, ws, args.plan),
                                                        period=_period(s, args.period), language=args.language)
        elif args.what == "coalition-report":
            from stratplan.core.services import coalition_report

            model = coalition_report.coalition_report(s, period=_period(s, args.period), language=args.language)
        elif args.what == "local-plan":
            model = localplans.plan_document(s, plan_id=resolve_plan(s, ws, args.plan), language=args.language)
        else:
            org = resolve_org(s, args.org) if args.org else ws.profile.org_id
            model = peer.training_plan(s, org_id=org, language=args.language)
    target = Path(args.out)
    fmt = args.format or target.suffix.lower().lstrip(".") or "docx"
    template = Path(args.template) if args.template else None
    if fmt in ("docx", "odt", "pdf"):
        _write_office(model, target, fmt, template, numbers=not args.no_page_numbers)
    else:
        from stratplan.core.export.text_writers import write_html, write_markdown

        text = write_markdown(model) if fmt == "md" else write_html(model)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ValidationError("Cannot write {target}: {strerror}.",
                                  target=target, strerror=exc.strerror) from exc
    emit(args, {"written": str(target), "format": fmt}, lambda: say(msg("Written {file}.", file=target)))
    return 0


def _write_office(model: DocModel, target: Path, fmt: str, template: Path | None, *,
                  numbers: bool) -> None:
    """Word, ODT or PDF as the window writes them: with LibreOffice installed, the contents
    carry page numbers (one rendering finds them) and ODT and PDF are its conversions of the
    Word file; without it, Word fills the numbers in and the PDF is Qt's layout."""
    import tempfile

    from stratplan.core.export import libreoffice
    from stratplan.core.export.docx_writer import write_docx

    office = libreoffice.available()
    if fmt == "docx":
        write_docx(model, target, template=template, page_numbers_pass=numbers and office)
        return
    if not office:
        if fmt == "odt":
            raise ValidationError("ODT export needs LibreOffice, which is not installed on this "
                                  "computer. Export to Word (.docx) instead: LibreOffice opens it.")
        from stratplan.ui.headless import write_pdf_headless  # Qt lays out the PDF

        write_pdf_headless(model, target)
        return
    with tempfile.TemporaryDirectory(prefix="stratplan-export-") as tmp:
        source = Path(tmp) / f"{target.stem or 'document'}.docx"
        write_docx(model, source, template=template, page_numbers_pass=numbers)
        libreoffice.convert(source, target, fmt)


def cmd_import(args: argparse.Namespace) -> int:
    from stratplan.core.services import importing

    with store_action(args) as (ws, s):
        preview = importing.preview_file(s, Path(args.file))
        created: Sequence[str] = []
        if args.yes:
            chosen = [i for i, p in enumerate(preview.points) if not (args.skip_duplicates and p.duplicate_of)]
            created = importing.import_points(s, writer=ws.writer, preview=preview,
                                              group_id=resolve_group(s, args.group), chosen=chosen)
    data = {"source": preview.source, "created": created, "skipped": [str(n) for n in preview.skipped],
            "points": [{"title": p.point.title, "duplicate_of": p.duplicate_of} for p in preview.points]}
    emit(args, data, lambda: "\n".join(
        [say(plural("{n} point in {source}", "{n} points in {source}", len(preview.points), source=preview.source))
         + ("" if args.yes else " " + say(msg("(preview: add --yes to import)")))]
        + [f"  - {p.point.title}" + ("   " + say(msg("[possible duplicate of '{title}']", title=p.duplicate_of))
                                     if p.duplicate_of else "")
           for p in preview.points] + ["  " + say(msg("note: {note}", note=n)) for n in preview.skipped]
        + ([say(plural("Imported {n} point as a draft.", "Imported {n} points as drafts.", len(created)))]
           if args.yes else [])))
    return 0
