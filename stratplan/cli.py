"""Command line: every capability scriptable; with no sub-command the window opens."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from stratplan import __version__
from stratplan.commands import consolidation as consolidation_commands
from stratplan.commands import sharing as sharing_commands
from stratplan.commands.drafting import (
    cmd_demo,
    cmd_groups,
    cmd_key,
    cmd_log,
    cmd_proposal,
    cmd_rebuild,
    cmd_setup,
    cmd_window,
)
from stratplan.commands.peer import cmd_peer
from stratplan.commands.programme import (
    cmd_export,
    cmd_import,
    cmd_local_plan,
    cmd_programme,
    cmd_release,
)
from stratplan.commands.voting import cmd_count, cmd_round
from stratplan.core.errors import StratplanError


def _proposal_fields(p: argparse.ArgumentParser, *, required_title: bool) -> None:
    p.add_argument("--title", required=required_title)
    p.add_argument("--summary")
    p.add_argument("--body-file", help="a Markdown file with the body, or - for standard input")
    p.add_argument("--objective")
    p.add_argument("--action", action="append", help="one action (repeat for several)")
    p.add_argument("--responsible")
    p.add_argument("--resources")
    p.add_argument("--level", choices=("local", "national", "international"))
    p.add_argument("--start", help="YYYY-MM-DD")
    p.add_argument("--end", help="YYYY-MM-DD")
    p.add_argument("--tag", action="append", help="a tag (repeat for several)")
    p.add_argument("--language", help="language code of the text, e.g. en, lt, fr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stratplan", description="StratPlan: one strategic programme, built together.")
    parser.add_argument("--version", action="version", version=f"StratPlan {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="the store file (default: in your user data folder)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--db", help="the store file (default: in your user data folder)")
    parser.add_argument("--demo-if-empty", action="store_true",
                        help="open on the demo coalition when the store is empty")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=cmd_window, json=False)
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("demo", parents=[common], help="add the demo coalition to an empty store")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("setup", parents=[common], help="start a new coalition in an empty store")
    p.add_argument("--coalition", required=True)
    p.add_argument("--org", required=True, help="your organisation's name")
    p.add_argument("--code", required=True, help="its short code")
    p.add_argument("--country", required=True, help="ISO code, e.g. LT")
    p.add_argument("--language", required=True, help="working language, e.g. lt")
    p.add_argument("--name", required=True, help="your name")
    p.set_defaults(func=cmd_setup)

    gp = sub.add_parser("group", help="working groups")
    gsub = gp.add_subparsers(dest="action_name", required=True)
    p = gsub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_groups)
    p = gsub.add_parser("add", parents=[common], help="create a working group")
    p.add_argument("name")
    p.add_argument("--description")
    p.set_defaults(func=cmd_groups)
    p = gsub.add_parser("edit", parents=[common], help="rename, describe or archive a group")
    p.add_argument("group", help="group id prefix, name or number")
    p.add_argument("--name")
    p.add_argument("--description")
    p.add_argument("--archive", action="store_true")
    p.add_argument("--unarchive", action="store_true")
    p.set_defaults(func=cmd_groups)
    p = gsub.add_parser("member", parents=[common], help="add or remove member organisations")
    p.add_argument("group", help="group id prefix, name or number")
    p.add_argument("--add", action="append", metavar="ORG_CODE")
    p.add_argument("--remove", action="append", metavar="ORG_CODE")
    p.set_defaults(func=cmd_groups)

    kp = sub.add_parser("key", help="this laptop's signing key")
    ksub = kp.add_subparsers(dest="action_name", required=True)
    p = ksub.add_parser("show", parents=[common], help="fingerprint and where the key file is")
    p.set_defaults(func=cmd_key)
    p = ksub.add_parser("passphrase", parents=[common], help="set, change or remove the key's passphrase")
    p.set_defaults(func=cmd_key)

    pp = sub.add_parser("proposal", help="draft plan points")
    psub = pp.add_subparsers(dest="action_name", required=True)
    p = psub.add_parser("list", parents=[common])
    p.add_argument("--group", help="group id prefix, name or number")
    p.set_defaults(func=cmd_proposal)
    p = psub.add_parser("show", parents=[common])
    p.add_argument("id", help="proposal id or its first characters")
    p.set_defaults(func=cmd_proposal)
    p = psub.add_parser("add", parents=[common])
    p.add_argument("--group", required=True, help="group id prefix, name or number")
    _proposal_fields(p, required_title=True)
    p.set_defaults(func=cmd_proposal)
    p = psub.add_parser("edit", parents=[common])
    p.add_argument("id", help="proposal id or its first characters")
    p.add_argument("--group", help="move to this group")
    _proposal_fields(p, required_title=False)
    p.add_argument("--status", choices=("draft", "submitted", "in_discussion", "merged", "adopted",
                                        "rejected", "withdrawn"))
    p.add_argument("--reason", help="why (needed for withdrawn or rejected)")
    p.set_defaults(func=cmd_proposal)

    rp = sub.add_parser("round", help="voting rounds")
    rsub = rp.add_subparsers(dest="action_name", required=True)
    p = rsub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_round)
    p = rsub.add_parser("open", parents=[common], help="open a round on proposals' current revisions")
    p.add_argument("--title", required=True)
    p.add_argument("--method", required=True, choices=("approval", "ranking", "score"))
    p.add_argument("--proposal", action="append", required=True, help="proposal id (repeat)")
    p.add_argument("--org", action="append", help="electorate member CODE or CODE=WEIGHT (default: all)")
    p.add_argument("--threshold", default="2/3", help="e.g. 2/3, 66.67%% (exact)")
    p.add_argument("--quorum", default="1/2")
    p.add_argument("--basis", default="expressed", choices=("expressed", "electorate"))
    p.add_argument("--closes", help="closing date shown to voters, YYYY-MM-DD")
    p.add_argument("--group", help="a working group's own ranking round")
    p.set_defaults(func=cmd_round)
    for name, helptext in (("ballot", "cast or change this organisation's ballot"),
                           ("import-ballots", "enter paper or online-form ballots from CSV"),
                           ("export", "write the round's ballots as CSV"),
                           ("template", "write a CSV ballot sheet to fill in"),
                           ("close", "close with the signed list of counted ballots"),
                           ("results", "write the results as CSV or as a Word annex (.docx)"),
                           ("tally", "count the round")):
        p = rsub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("round", help="round id (first characters) or title")
        if name == "ballot":
            p.add_argument("choices", help='JSON, e.g. \'{"P1": "yes"}\' or \'[["P2"], ["P1", "P3"]]\'')
            p.add_argument("--on-behalf-of", help="organisation code (the round's opener only)")
        if name in ("import-ballots", "export", "template", "results"):
            p.add_argument("file")
        if name == "results":
            p.add_argument("--format", choices=("csv", "docx"), help="default: from the file name")
            p.add_argument("--language", default="en", choices=("en", "lt", "fr"), help="labels of the annex")
        p.set_defaults(func=cmd_round)
    p = sub.add_parser("count", help="recount a ballot CSV with no store at all")
    p.add_argument("file")
    p.add_argument("--method", required=True, choices=("approval", "schulze", "borda", "score"))
    p.add_argument("--threshold", default="2/3")
    p.add_argument("--quorum", default="1/2")
    p.add_argument("--basis", default="expressed", choices=("expressed", "electorate"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_count)

    for name, helptext in (("needs", "organisations' needs (peer-to-peer)"), ("offers", "tools and practices offered")):
        np_ = sub.add_parser(name, help=helptext)
        nsub = np_.add_subparsers(dest="action_name", required=True)
        p = nsub.add_parser("list", parents=[common])
        p.set_defaults(func=cmd_peer)
        if name == "needs":
            p = nsub.add_parser("import", parents=[common], help="the needs assessment, as CSV (needs and offers)")
            p.add_argument("file")
            p.set_defaults(func=cmd_peer)
    p = sub.add_parser("match", parents=[common], help="for each need, who can help (best first)")
    p.set_defaults(func=cmd_peer, action_name="match")

    pp = sub.add_parser("programme", help="the unified programme's sections")
    psub = pp.add_subparsers(dest="action_name", required=True)
    p = psub.add_parser("show", parents=[common])
    p.set_defaults(func=cmd_programme)
    p = psub.add_parser("place", parents=[common], help="place points in a section (made if new)")
    p.add_argument("section")
    p.add_argument("proposal", nargs="+")
    p.set_defaults(func=cmd_programme)
    rp2 = sub.add_parser("release", help="named, immutable versions of the programme")
    r2 = rp2.add_subparsers(dest="action_name", required=True)
    p = r2.add_parser("create", parents=[common])
    p.add_argument("name")
    p.set_defaults(func=cmd_release)
    p = r2.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_release)
    p = r2.add_parser("diff", parents=[common], help="what changed between two releases")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=cmd_release)
    lp = sub.add_parser("local-plan", help="your organisation's local plan")
    lsub = lp.add_subparsers(dest="action_name", required=True)
    p = lsub.add_parser("start", parents=[common])
    p.add_argument("release")
    p.add_argument("--title")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("show", parents=[common])
    p.add_argument("--plan")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("decide", parents=[common], help="adopt, adapt or not_applicable for one point")
    p.add_argument("point")
    p.add_argument("decision", choices=("adopt", "adapt", "not_applicable"))
    p.add_argument("--plan")
    p.add_argument("--reason")
    p.add_argument("--text-file", help="the local text (Markdown), for adapt")
    p.add_argument("--action", action="append")
    p.add_argument("--responsible")
    p.add_argument("--start")
    p.add_argument("--end")
    p.add_argument("--resources")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("rebase", parents=[common], help="follow a newer release")
    p.add_argument("release")
    p.add_argument("--plan")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("add-point", parents=[common], help="a point of your own")
    p.add_argument("--title", required=True)
    p.add_argument("--summary")
    p.add_argument("--plan")
    p.set_defaults(func=cmd_local_plan)

    p = sub.add_parser("export", parents=[common], help="write the programme, a local plan or a training plan")
    p.add_argument("what", choices=("programme", "local-plan", "training-plan"))
    p.add_argument("out", help="the file to write")
    p.add_argument("--format", choices=("docx", "md", "html", "pdf"), help="default: from the file name")
    p.add_argument("--language", default="en", choices=("en", "lt", "fr"), help="the document's labels")
    p.add_argument("--release", help="programme: which release (default: the latest)")
    p.add_argument("--plan", help="local-plan: which plan (default: your newest)")
    p.add_argument("--org", help="training-plan: the organisation's code (default: yours)")
    p.add_argument("--template", help="your own Word template (.docx) with Word's built-in style names")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("import", parents=[common], help="proposals from a Word or Markdown file")
    p.add_argument("file")
    p.add_argument("--group", default="1", help="the working group to put them in (default: the first)")
    p.add_argument("--yes", action="store_true", help="import (without it: only show the preview)")
    p.add_argument("--skip-duplicates", action="store_true", help="leave out points flagged as duplicates")
    p.set_defaults(func=cmd_import)

    consolidation_commands.add_parsers(sub, common)
    sharing_commands.add_parsers(sub, common)

    p = sub.add_parser("log", parents=[common], help="the signed operations")
    p.add_argument("--limit", type=int, default=0)
    p.set_defaults(func=cmd_log)
    p = sub.add_parser("rebuild", parents=[common], help="recompute every view from the log")
    p.set_defaults(func=cmd_rebuild)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except StratplanError as exc:
        print(f"stratplan: {exc}", file=sys.stderr)
        return 1
