"""Command line: every capability scriptable; with no sub-command the window opens.

This module is only the grammar. Each sub-command's handler lives in `stratplan.commands.*`
and is imported when that sub-command runs, so `stratplan --version`, `--help` and a recount
do not load SQLAlchemy and every service first.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from stratplan import __version__
from stratplan.core.errors import StratplanError
from stratplan.core.messages import Message, catalogue, environment_language, msg

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[Any]

Handler = Callable[[argparse.Namespace], int]


def _lazy(module: str, name: str) -> Handler:
    """The handler `name` of `stratplan.commands.<module>`, imported when it first runs."""

    def run(args: argparse.Namespace) -> int:
        handler: Handler = getattr(_import_quietly(f"stratplan.commands.{module}"), name)
        return handler(args)

    return run


def _import_quietly(module: str) -> Any:
    """Import a command's module with the cycle collector paused.

    Importing SQLAlchemy and the models makes some 60,000 long-lived objects; the
    collector would scan them over and over while they are made (a fifth of a command's start).
    Afterwards they are moved out of its way (`gc.freeze`) and it runs as usual for the command."""
    if module in sys.modules:  # run again in one process (tests, embedding): nothing to pause for
        return sys.modules[module]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(module)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _(text: str) -> str:
    """A word of the command line (help, argparse's own words) in the language of the user's
    environment (LANGUAGE, LC_ALL, LANG), from the same gettext catalogues as the messages."""
    return catalogue(environment_language()).gettext(text)


def _n(singular: str, plural: str, n: int) -> str:
    return catalogue(environment_language()).ngettext(singular, plural, n)


def N_(text: str) -> str:  # noqa: N802 - the usual gettext name for a marked, untranslated string
    """Marks a word for the catalogues without translating it here."""
    return text


# argparse asks gettext for its own words while it writes help and errors; it is given ours, so
# "usage:", "options" and "invalid choice" read in the user's language too. Listed here so that
# scripts/update_messages.py puts them in the catalogues.
ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"), N_("expected at least one argument"),
    N_("expected at most one argument"), N_("ignored explicit argument %r"),
)


def _speak_argparse() -> None:
    setattr(argparse, "_", _)  # noqa: B010 - argparse looks its words up through this name
    setattr(argparse, "ngettext", _n)  # noqa: B010


USAGE_ERROR = 2
"""Exit status of a command typed wrong (unknown option or choice), as argparse has it; a
command that was understood but refused exits with 1."""


class _Parser(argparse.ArgumentParser):
    """argparse with one line for a mistyped command instead of the whole usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, "stratplan: " + _("{message} (see `{prog} --help`)").format(
            message=message, prog=self.prog) + "\n")


def build_parser() -> argparse.ArgumentParser:
    _speak_argparse()
    parser = _Parser(prog="stratplan", description=_("StratPlan: one strategic programme, built together."))
    parser.add_argument("--version", action="version", version=f"StratPlan {__version__}",
                        help=_("show StratPlan's version and exit"))
    common = _Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=_("the store file (default: in your user data folder)"))
    common.add_argument("--json", action="store_true", help=_("machine-readable output"))
    parser.add_argument("--db", help=_("the store file (default: in your user data folder)"))
    parser.add_argument("--demo-if-empty", action="store_true",
                        help=_("open on the demo coalition when the store is empty"))
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=_lazy("drafting", "cmd_window"), json=False)
    sub = parser.add_subparsers(dest="command")
    for add in (_add_start, _add_groups, _add_key, _add_proposals, _add_amendments, _add_voting, _add_peer,
                _add_programme, _add_progress, _add_documents, _add_consolidation, _add_sharing, _add_log):
        add(sub, common)
    return parser


def _proposal_fields(p: argparse.ArgumentParser, *, required_title: bool) -> None:
    p.add_argument("--title", required=required_title)
    p.add_argument("--summary")
    p.add_argument("--body-file", help=_("a Markdown file with the body, or - for standard input"))
    p.add_argument("--objective")
    p.add_argument("--action", action="append", help=_("one action (repeat for several)"))
    p.add_argument("--responsible")
    p.add_argument("--resources")
    p.add_argument("--level", choices=("local", "national", "international"))
    p.add_argument("--start", help=_("YYYY-MM-DD"))
    p.add_argument("--end", help=_("YYYY-MM-DD"))
    p.add_argument("--tag", action="append", help=_("a tag (repeat for several)"))
    p.add_argument("--language", help=_("language code of the text, e.g. en, lt, fr"))


def _add_start(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan demo` and `stratplan setup`: a store's first coalition."""
    p = sub.add_parser("demo", parents=[common], help=_("add the demo coalition to an empty store"))
    p.set_defaults(func=_lazy("drafting", "cmd_demo"), creates_store=True)
    p = sub.add_parser("setup", parents=[common], help=_("start a new coalition in an empty store"))
    p.add_argument("--coalition", required=True)
    p.add_argument("--org", required=True, help=_("your organisation's name"))
    p.add_argument("--code", required=True, help=_("its short code"))
    p.add_argument("--country", required=True, help=_("ISO code, e.g. LT"))
    p.add_argument("--language", required=True, help=_("working language, e.g. lt"))
    p.add_argument("--name", required=True, help=_("your name"))
    p.set_defaults(func=_lazy("drafting", "cmd_setup"), creates_store=True)


def _add_groups(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan group ...`: working groups and their members."""
    gp = sub.add_parser("group", help=_("working groups"))
    gsub = gp.add_subparsers(dest="action_name", required=True)
    p = gsub.add_parser("list", parents=[common])
    p.set_defaults(func=_lazy("drafting", "cmd_groups"))
    p = gsub.add_parser("add", parents=[common], help=_("create a working group"))
    p.add_argument("name")
    p.add_argument("--description")
    p.set_defaults(func=_lazy("drafting", "cmd_groups"))
    p = gsub.add_parser("edit", parents=[common], help=_("rename, describe or archive a group"))
    p.add_argument("group", help=_("group id prefix, name or number"))
    p.add_argument("--name")
    p.add_argument("--description")
    p.add_argument("--archive", action="store_true")
    p.add_argument("--unarchive", action="store_true")
    p.set_defaults(func=_lazy("drafting", "cmd_groups"))
    p = gsub.add_parser("member", parents=[common], help=_("add or remove member organisations"))
    p.add_argument("group", help=_("group id prefix, name or number"))
    p.add_argument("--add", action="append", metavar="ORG_CODE")
    p.add_argument("--remove", action="append", metavar="ORG_CODE")
    p.set_defaults(func=_lazy("drafting", "cmd_groups"))


def _add_key(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan key ...`: this laptop's signing key."""
    kp = sub.add_parser("key", help=_("this laptop's signing key"))
    ksub = kp.add_subparsers(dest="action_name", required=True)
    p = ksub.add_parser("show", parents=[common], help=_("fingerprint and where the key file is"))
    p.set_defaults(func=_lazy("drafting", "cmd_key"))
    p = ksub.add_parser("passphrase", parents=[common], help=_("set, change or remove the key's passphrase"))
    p.set_defaults(func=_lazy("drafting", "cmd_key"))


def _add_proposals(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan proposal ...`: draft plan points."""
    pp = sub.add_parser("proposal", help=_("draft plan points"))
    psub = pp.add_subparsers(dest="action_name", required=True)
    p = psub.add_parser("list", parents=[common])
    p.add_argument("--group", help=_("group id prefix, name or number"))
    p.set_defaults(func=_lazy("fast_read", "cmd_proposal"))
    p = psub.add_parser("show", parents=[common])
    p.add_argument("id", help=_("proposal id or its first characters"))
    p.set_defaults(func=_lazy("drafting", "cmd_proposal"))
    p = psub.add_parser("add", parents=[common])
    p.add_argument("--group", required=True, help=_("group id prefix, name or number"))
    _proposal_fields(p, required_title=True)
    p.set_defaults(func=_lazy("drafting", "cmd_proposal"))
    p = psub.add_parser("edit", parents=[common])
    p.add_argument("id", help=_("proposal id or its first characters"))
    p.add_argument("--group", help=_("move to this group"))
    _proposal_fields(p, required_title=False)
    p.add_argument("--status", choices=("draft", "submitted", "in_discussion", "merged", "adopted",
                                        "rejected", "withdrawn"))
    p.add_argument("--reason", help=_("why (needed for withdrawn or rejected)"))
    p.set_defaults(func=_lazy("drafting", "cmd_proposal"))


def _add_amendments(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan amend ...`: changes to passages of proposals, and the owners' decisions."""
    ap = sub.add_parser("amend", help=_("amendments to proposals"))
    asub = ap.add_subparsers(dest="action_name", required=True)
    run = _lazy("amend", "cmd_amend")
    p = asub.add_parser("add", parents=[common], help=_("propose a change to lines or a passage of a proposal"))
    p.add_argument("proposal", help=_("proposal id or its first characters"))
    p.add_argument("--change", required=True, choices=("replace", "insert", "delete"))
    p.add_argument("--lines", help=_("the numbered lines changed, e.g. 14 or 14-16 (see `amend list --numbered`)"))
    p.add_argument("--after", type=int, help=_("insert: after this line (0: before the first)"))
    p.add_argument("--passage", help=_("instead of lines: the exact words changed"))
    p.add_argument("--text", help=_("the new text"))
    p.add_argument("--text-file", help=_("the new text, from a UTF-8 file (- for standard input)"))
    p.add_argument("--reason", required=True, help=_("why the change is proposed"))
    p.add_argument("--revision", help=_("the revision amended (default: the current one)"))
    p.add_argument("--release", help=_("amend a programme point of this release (PROPOSAL: its number, e.g. 1.2)"))
    p.set_defaults(func=run)
    p = asub.add_parser("list", parents=[common], help=_("a proposal's amendments and their states"))
    p.add_argument("proposal", help=_("proposal id or its first characters"))
    p.add_argument("--numbered", action="store_true", help=_("also print the text with its line numbers"))
    p.set_defaults(func=run)
    p = asub.add_parser("show", parents=[common], help=_("one amendment, its change inline and its decisions"))
    p.add_argument("id", help=_("amendment id or its first characters"))
    p.set_defaults(func=run)
    p = asub.add_parser("accept", parents=[common], help=_("accept (with --text: a modified text) and merge"))
    p.add_argument("ids", nargs="+", help=_("amendment ids or their first characters"))
    p.add_argument("--text", help=_("accept with this modified text"))
    p.add_argument("--text-file", help=_("the modified text, from a UTF-8 file (- for standard input)"))
    p.add_argument("--reason", default="")
    p.set_defaults(func=run)
    p = asub.add_parser("reject", parents=[common], help=_("reject an amendment"))
    p.add_argument("id", help=_("amendment id or its first characters"))
    p.add_argument("--reason", default="")
    p.set_defaults(func=run)
    p = asub.add_parser("choose", parents=[common], help=_("settle competing amendments: one of them, or a combination"))
    p.add_argument("ids", nargs="+", help=_("the chosen amendment (or, with --text, the ones combined)"))
    p.add_argument("--text", help=_("the combined text that replaces their passage"))
    p.add_argument("--text-file", help=_("the combined text, from a UTF-8 file (- for standard input)"))
    p.set_defaults(func=run)


def _add_voting(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan round ...` and `stratplan count` (a recount needs no store)."""
    rp = sub.add_parser("round", help=_("voting rounds"))
    rsub = rp.add_subparsers(dest="action_name", required=True)
    p = rsub.add_parser("list", parents=[common])
    p.set_defaults(func=_lazy("voting", "cmd_round"))
    p = rsub.add_parser("open", parents=[common], help=_("open a round on proposals' current revisions"))
    p.add_argument("--title", required=True)
    p.add_argument("--method", required=True, choices=("approval", "ranking", "score"))
    p.add_argument("--proposal", action="append", required=True, help=_("proposal id (repeat)"))
    p.add_argument("--org", action="append", help=_("electorate member CODE or CODE=WEIGHT (default: all)"))
    p.add_argument("--threshold", default="2/3", help=_("e.g. 2/3, 66.67%% (exact)"))
    p.add_argument("--quorum", default="1/2")
    p.add_argument("--basis", default="expressed", choices=("expressed", "electorate"))
    p.add_argument("--closes", help=_("closing date shown to voters, YYYY-MM-DD"))
    p.add_argument("--group", help=_("a working group's own ranking round"))
    p.add_argument("--chains", action="store_true",
                   help=_("a vote given to a delegate who gave its own away passes along"))
    p.set_defaults(func=_lazy("voting", "cmd_round"))
    for name, helptext in (("ballot", _("cast or change this organisation's ballot")),
                           ("import-ballots", _("enter paper or online-form ballots from CSV")),
                           ("export", _("write the round's ballots as CSV")),
                           ("template", _("write a CSV ballot sheet to fill in")),
                           ("close", _("close with the signed list of counted ballots")),
                           ("results", _("write the results as CSV or as a Word annex (.docx)")),
                           ("tally", _("count the round"))):
        p = rsub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("round", help=_("round id (first characters) or title"))
        if name == "ballot":
            p.add_argument("choices", help=_('JSON, e.g. \'{"P1": "yes"}\' or \'[["P2"], ["P1", "P3"]]\''))
            p.add_argument("--on-behalf-of", help=_("organisation code (the round's opener only)"))
        if name in ("import-ballots", "export", "template", "results"):
            p.add_argument("file")
        if name == "results":
            p.add_argument("--format", choices=("csv", "docx"), help=_("default: from the file name"))
            p.add_argument("--language", default="en", choices=("en", "lt", "fr", "es"),
                           help=_("labels of the annex"))
        p.set_defaults(func=_lazy("voting", "cmd_round"))
    _add_roles(sub, common)
    p = sub.add_parser("count", help=_("recount a ballot CSV with no store at all"))
    p.add_argument("file")
    p.add_argument("--method", required=True, choices=("approval", "schulze", "borda", "score"))
    p.add_argument("--threshold", default="2/3")
    p.add_argument("--quorum", default="1/2")
    p.add_argument("--basis", default="expressed", choices=("expressed", "electorate"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_lazy("voting", "cmd_count"))


def _add_roles(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan role ...` (conveners, coordinators) and `stratplan delegate ...` (delegated votes)."""
    rp = sub.add_parser("role", help=_("who convenes the coalition and coordinates each working group"))
    rsub = rp.add_subparsers(dest="action_name", required=True)
    p = rsub.add_parser("list", parents=[common], help=_("conveners, coordinators, and grants that do not count"))
    p.set_defaults(func=_lazy("roles", "cmd_role"))
    for name, helptext in (("grant", _("make an organisation a convener or a group's coordinator")),
                           ("revoke", _("take a role back"))):
        p = rsub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("role", choices=("convener", "coordinator"))
        p.add_argument("org", help=_("organisation code"))
        p.add_argument("--group", help=_("the working group (for a coordinator)"))
        p.set_defaults(func=_lazy("roles", "cmd_role"))
    dp = sub.add_parser("delegate", help=_("give this organisation's vote in a round to another member"))
    dsub = dp.add_subparsers(dest="action_name", required=True)
    for name, helptext in (("give", _("give our vote in an open round to another organisation")),
                           ("withdraw", _("take back the vote we gave, until the round closes")),
                           ("list", _("the round's mandates and its roll call"))):
        p = dsub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("round", help=_("round id (first characters) or title"))
        if name == "give":
            p.add_argument("org", help=_("the delegate's organisation code"))
        p.set_defaults(func=_lazy("roles", "cmd_delegate"))


def _add_peer(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan needs|offers ...` and `stratplan match`."""
    for name, helptext in (("needs", _("organisations' needs (peer-to-peer)")),
                           ("offers", _("tools and practices offered"))):
        np_ = sub.add_parser(name, help=helptext)
        nsub = np_.add_subparsers(dest="action_name", required=True)
        p = nsub.add_parser("list", parents=[common])
        p.set_defaults(func=_lazy("peer", "cmd_peer"))
        if name == "needs":
            p = nsub.add_parser("import", parents=[common], help=_("the needs assessment, as CSV (needs and offers)"))
            p.add_argument("file")
            p.set_defaults(func=_lazy("peer", "cmd_peer"))
    p = sub.add_parser("match", parents=[common], help=_("for each need, who can help (best first)"))
    p.set_defaults(func=_lazy("peer", "cmd_peer"), action_name="match")


def _add_programme(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan programme|release|local-plan ...`."""
    pp = sub.add_parser("programme", help=_("the unified programme's sections"))
    psub = pp.add_subparsers(dest="action_name", required=True)
    p = psub.add_parser("show", parents=[common])
    p.set_defaults(func=_lazy("programme", "cmd_programme"))
    p = psub.add_parser("place", parents=[common], help=_("place points in a section (made if new)"))
    p.add_argument("section")
    p.add_argument("proposal", nargs="+")
    p.set_defaults(func=_lazy("programme", "cmd_programme"))
    rp2 = sub.add_parser("release", help=_("named, immutable versions of the programme"))
    r2 = rp2.add_subparsers(dest="action_name", required=True)
    p = r2.add_parser("create", parents=[common])
    p.add_argument("name")
    p.set_defaults(func=_lazy("programme", "cmd_release"))
    p = r2.add_parser("list", parents=[common])
    p.set_defaults(func=_lazy("programme", "cmd_release"))
    p = r2.add_parser("diff", parents=[common], help=_("what changed between two releases"))
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=_lazy("programme", "cmd_release"))
    lp = sub.add_parser("local-plan", help=_("your organisation's local plan"))
    lsub = lp.add_subparsers(dest="action_name", required=True)
    p = lsub.add_parser("start", parents=[common])
    p.add_argument("release")
    p.add_argument("--title")
    p.set_defaults(func=_lazy("programme", "cmd_local_plan"))
    p = lsub.add_parser("list", parents=[common])
    p.set_defaults(func=_lazy("programme", "cmd_local_plan"))
    p = lsub.add_parser("show", parents=[common])
    p.add_argument("--plan")
    p.set_defaults(func=_lazy("programme", "cmd_local_plan"))
    p = lsub.add_parser("decide", parents=[common], help=_("adopt, adapt or not_applicable for one point"))
    p.add_argument("point")
    p.add_argument("decision", choices=("adopt", "adapt", "not_applicable"))
    p.add_argument("--plan")
    p.add_argument("--reason")
    p.add_argument("--text-file", help=_("the local text (Markdown), for adapt"))
    p.add_argument("--action", action="append")
    p.add_argument("--responsible")
    p.add_argument("--start")
    p.add_argument("--end")
    p.add_argument("--resources")
    p.set_defaults(func=_lazy("programme", "cmd_local_plan"))
    p = lsub.add_parser("rebase", parents=[common], help=_("follow a newer release"))
    p.add_argument("release")
    p.add_argument("--plan")
    p.set_defaults(func=_lazy("programme", "cmd_local_plan"))
    p = lsub.add_parser("add-point", parents=[common], help=_("a point of your own"))
    p.add_argument("--title", required=True)
    p.add_argument("--summary")
    p.add_argument("--plan")
    p.set_defaults(func=_lazy("programme", "cmd_local_plan"))


def _add_progress(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan progress ...`: reporting periods, reports, the coalition's roll-up."""
    pp = sub.add_parser("progress", help=_("progress reports on the local plans"))
    psub = pp.add_subparsers(dest="action_name", required=True)
    run = _lazy("progress", "cmd_progress")
    p = psub.add_parser("period-add", parents=[common], help=_("set a reporting period (convener)"))
    p.add_argument("name")
    p.add_argument("--start", required=True, help=_("YYYY-MM-DD"))
    p.add_argument("--end", required=True, help=_("YYYY-MM-DD"))
    p.add_argument("--due", help=_("when reports are due (default: the end)"))
    p.set_defaults(func=run)
    p = psub.add_parser("periods", parents=[common], help=_("the reporting periods"))
    p.set_defaults(func=run)
    p = psub.add_parser("add", parents=[common], help=_("report (or correct) progress on one point"))
    p.add_argument("point", help=_("the point's number in your plan, e.g. 1.2"))
    p.add_argument("period", help=_("the reporting period's name"))
    p.add_argument("status", choices=("not_started", "on_track", "delayed", "done", "dropped"))
    p.add_argument("--reason", help=_("why it was dropped"))
    p.add_argument("--narrative")
    p.add_argument("--value", action="append", help=_("INDICATOR=VALUE@DATE (repeat for several)"))
    p.add_argument("--source", help=_("where the values come from"))
    p.add_argument("--evidence", action="append", help=_("a file name or link (repeat for several)"))
    p.add_argument("--plan")
    p.set_defaults(func=run)
    p = psub.add_parser("list", parents=[common], help=_("the progress reports"))
    p.add_argument("--org", help=_("an organisation's code"))
    p.add_argument("--period")
    p.set_defaults(func=run)
    p = psub.add_parser("show", parents=[common], help=_("the coalition's view: points, countries, matrix, gaps"))
    p.add_argument("--period", help=_("the period of the matrix (default: the latest)"))
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(func=run)
    p = psub.add_parser("import", parents=[common], help=_("reports from your spreadsheet (CSV), all or nothing"))
    p.add_argument("file")
    p.add_argument("--plan")
    p.set_defaults(func=run)


def _add_documents(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan export` and `stratplan import`: Word, Markdown, HTML and PDF files."""
    p = sub.add_parser("export", parents=[common], help=_("write the programme, a local plan or a training plan"))
    p.add_argument("what", choices=("programme", "local-plan", "training-plan", "progress-report",
                                    "coalition-report", "progress-values", "proposal-book"))
    p.add_argument("out", help=_("the file to write"))
    p.add_argument("--format", choices=("docx", "odt", "md", "html", "pdf", "xlsx"),
                   help=_("default: from the file name"))
    p.add_argument("--language", default="en", choices=("en", "lt", "fr", "es"), help=_("the document's labels"))
    p.add_argument("--release", help=_("programme: which release (default: the latest)"))
    p.add_argument("--plan", help=_("local-plan, progress-report: which plan (default: your newest)"))
    p.add_argument("--period", help=_("progress-report, coalition-report: the reporting period (default: the latest)"))
    p.add_argument("--org", help=_("training-plan: the organisation's code (default: yours)"))
    p.add_argument("--group", help=_("proposal-book: one working group (default: all of them)"))
    p.add_argument("--template", help=_("your own Word template (.docx) with Word's built-in style names"))
    p.add_argument("--no-page-numbers", action="store_true",
                   help=_("skip the LibreOffice pass that writes page numbers into the contents (faster)"))
    p.set_defaults(func=_lazy("programme", "cmd_export"))
    p = sub.add_parser("import", parents=[common], help=_("proposals from a Word or Markdown file"))
    p.add_argument("file")
    p.add_argument("--group", default="1", help=_("the working group to put them in (default: the first)"))
    p.add_argument("--yes", action="store_true", help=_("import (without it: only show the preview)"))
    p.add_argument("--skip-duplicates", action="store_true", help=_("leave out points flagged as duplicates"))
    p.set_defaults(func=_lazy("programme", "cmd_import"))


def _add_consolidation(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan overlaps|merge|unmerge|split|retire`."""
    p = sub.add_parser("overlaps", parents=[common], help=_("proposals that look like duplicates or overlaps"))
    p.add_argument("--group", help=_("only this working group (default: the whole coalition)"))
    # The finder's DEFAULT_THRESHOLD (core/consolidation/overlaps.py, chosen on the labelled
    # set's tuning split), written out so that --help does not import NumPy; a test keeps both equal.
    p.add_argument("--threshold", type=float, default=0.225,
                   help=_("how alike a group must be, 0 to 1 (default %(default)s; lower finds more)"))
    p.add_argument("--ngrams-only", action="store_true",
                   help=_("compare words only: faster, misses proposals in other languages"))
    p.set_defaults(func=_lazy("consolidation", "cmd_overlaps"))
    _add_overlap_review(p)
    p = sub.add_parser("merge", parents=[common], help=_("merge sources into a target (provenance kept)"))
    p.add_argument("target", nargs="?")
    p.add_argument("source", nargs="*")
    p.add_argument("--list", action="store_true", help=_("list the merges instead"))
    p.set_defaults(func=_lazy("consolidation", "cmd_merge"))
    p = sub.add_parser("unmerge", parents=[common], help=_("undo a merge"))
    p.add_argument("merge", help=_("the merge id (first characters), see merge --list"))
    p.set_defaults(func=_lazy("consolidation", "cmd_unmerge"))
    p = sub.add_parser("split", parents=[common], help=_("split a proposal into new ones"))
    p.add_argument("id")
    p.add_argument("--part", action="append", help=_("title of a new point (repeat, at least twice)"))
    p.set_defaults(func=_lazy("consolidation", "cmd_split"))
    p = sub.add_parser("retire", parents=[common], help=_("retire a proposal with a reason"))
    p.add_argument("id")
    p.add_argument("--reason", required=True, choices=("duplicate", "out_of_scope", "already_done", "other"))
    p.add_argument("--duplicate-of", help=_("with --reason duplicate: the point it duplicates"))
    p.add_argument("--detail")
    p.set_defaults(func=_lazy("consolidation", "cmd_retire"))


def _add_overlap_review(overlaps: argparse.ArgumentParser) -> None:
    """`stratplan overlaps dismiss|review-again|relate|unrelate|reviewed` (plain `overlaps` still lists)."""
    # --json may come before or after the action: SUPPRESS keeps what `overlaps` itself read.
    late = _Parser(add_help=False)
    late.add_argument("--db", default=argparse.SUPPRESS, help=_("the store file (default: in your user data folder)"))
    late.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=_("machine-readable output"))
    osub = overlaps.add_subparsers(dest="overlaps_action", required=False, metavar="ACTION")
    two = _("proposal id (first characters)")
    for name, aliases, text, handler in (
            ("dismiss", ["not-duplicate"], _("dismiss proposals as not duplicates (every pair among them)"),
             "cmd_dismiss"),
            ("review-again", ["undismiss"], _("take back a dismissal: the pair can be suggested again"),
             "cmd_review_again"),
            ("relate", ["related"], _("link two proposals as related without merging them"), "cmd_relate"),
            ("unrelate", [], _("remove the related link between two proposals"), "cmd_unrelate")):
        q = osub.add_parser(name, aliases=aliases, parents=[late], help=text)
        q.add_argument("ids", nargs="+" if name == "dismiss" else 2, metavar="ID", help=two)
        q.set_defaults(func=_lazy("consolidation", handler))
    q = osub.add_parser("reviewed", parents=[late], help=_("pairs dismissed as not duplicates or linked as related"))
    q.set_defaults(func=_lazy("consolidation", "cmd_reviewed"))


def _add_sharing(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan coalition ...` and `stratplan sync ...`."""
    p = sub.add_parser("coalition", help=_("the shared coalition: roster, joining, laptops"))
    csub = p.add_subparsers(dest="action", required=True)
    q = csub.add_parser("create", parents=[common], help=_("start a coalition that can be shared (you convene it)"))
    q.set_defaults(creates_store=True)
    q.add_argument("--name", help=_("the coalition's name (not needed when this store already has one)"))
    q.add_argument("--description", default="")
    _org_args(q)
    q = csub.add_parser("join", parents=[common], help=_("ask to join: writes a request file for the convener"))
    _org_args(q)
    q.add_argument("--device", action="store_true",
                   help=_("this laptop joins an organisation already admitted (its other laptop certifies it)"))
    q.add_argument("--label", default="", help=_("a name for this laptop, e.g. 'Rūta's laptop'"))
    q.add_argument("--out", required=True, help=_("the request file to write"))
    q.set_defaults(creates_store=True)
    q = csub.add_parser("admit", parents=[common], help=_("convener: admit an organisation from its request file"))
    q.add_argument("request")
    q.add_argument("--out", required=True, help=_("the reply bundle to send back"))
    q = csub.add_parser("certify-device", parents=[common], help=_("certify your organisation's other laptop"))
    q.add_argument("request")
    q.add_argument("--out", required=True, help=_("the reply bundle to send back"))
    q = csub.add_parser("revoke", parents=[common], help=_("revoke a lost laptop from a sequence number on"))
    q.add_argument("device", help=_("the laptop's id (at least 6 characters; see `coalition show`)"))
    q.add_argument("--from-seq", type=int, help=_("first operation refused (default: after the last one seen)"))
    q.add_argument("--reason", default="")
    q = csub.add_parser("show", parents=[common], help=_("roster, fingerprints, laptops, held operations"))
    p.set_defaults(func=_lazy("sharing", "cmd_coalition"))

    p = sub.add_parser("sync", help=_("exchange changes: bundle files, a shared folder, a PostgreSQL hub"))
    ssub = p.add_subparsers(dest="action", required=True)
    q = ssub.add_parser("export", parents=[common], help=_("write a bundle file (Send changes)"))
    q.add_argument("file")
    q.add_argument("--for", dest="peer", default="", help=_("only what this peer lacks (organisation code or laptop id)"))
    q = ssub.add_parser("import", parents=[common], help=_("import bundle files (Receive changes)"))
    q.add_argument("files", nargs="+")
    q = ssub.add_parser("folder", parents=[common], help=_("write ours to and read everyone's from a shared folder"))
    q.add_argument("path")
    q = ssub.add_parser("hub", parents=[common], help=_("push and pull through a PostgreSQL hub"))
    q.add_argument("url", help=_("postgresql+psycopg://user:password@host:5432/database"))
    p.set_defaults(func=_lazy("sharing", "cmd_sync"))


def _add_log(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """`stratplan log` and `stratplan rebuild`."""
    p = sub.add_parser("log", parents=[common], help=_("the signed operations"))
    p.add_argument("--limit", type=int, default=0)
    p.set_defaults(func=_lazy("drafting", "cmd_log"))
    p = sub.add_parser("rebuild", parents=[common], help=_("recompute every view from the log"))
    p.set_defaults(func=_lazy("drafting", "cmd_rebuild"))


def _org_args(q: argparse.ArgumentParser) -> None:
    q.add_argument("--org-name", help=_("your organisation's name"))
    q.add_argument("--org-code", help=_("its short code, e.g. CNT"))
    q.add_argument("--country", help=_("two-letter country code, e.g. LT"))
    q.add_argument("--language", help=_("language code, e.g. lt"))
    q.add_argument("--person", help=_("your name"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except StratplanError as exc:
        # In the language of the user's environment, as other command-line tools speak.
        print(f"stratplan: {exc.translated(environment_language())}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `stratplan ... | head`: the reader has gone; say nothing more.
        sys.stderr.close()
        return 1
    except OSError as exc:
        # A file named on the command line (or the disk under it), not a bug: one line.
        print(f"stratplan: {_os_error_text(exc).translated(environment_language())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        text = msg("interrupted; the change in progress was not saved.")
        print(f"stratplan: {text.translated(environment_language())}", file=sys.stderr)
        return 130


def _os_error_text(exc: OSError) -> Message:
    import errno

    if exc.errno == errno.ENOSPC:
        return msg("The disk is full, so nothing was saved. Free some space and try again.")
    if exc.filename:
        return msg("Cannot use {path}: {why}.", path=exc.filename, why=exc.strerror or exc)
    return msg("Cannot use it: {why}.", why=exc.strerror or exc)
