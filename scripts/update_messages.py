"""The core's message catalogues (resources/locale): extract, convert raise sites, merge, compile.

The messages the core gives people (errors, reasons) are English templates with {named}
placeholders (see stratplan/core/messages.py). This script keeps the gettext catalogues beside
the code:

    python scripts/update_messages.py                 # extract, update every .po, compile the .mo
    python scripts/update_messages.py --merge F.json  # first fill translations from
                                                      # [{"source", "plural"?, "lt", "fr", "es"}]
    python scripts/update_messages.py --missing       # list what a catalogue still lacks
    python scripts/update_messages.py --convert PATH... # rewrite f-string messages as templates
    python scripts/update_messages.py --sites         # raise sites still built with f-strings

A template is a string constant given first to a StratplanError subclass, to `msg(...)`, to
the command line's `_(...)` (argparse help) and `N_(...)` (argparse's own words), or the two
first arguments of `plural(...)`. `--convert` rewrites `Error(f"... {expr} ...")` (and
"..." + expr) into `Error("... {name} ...", name=expr)`; it leaves `.format()` calls and
messages built in a variable for a person to convert, and lists sentences that may need
`plural(...)` ("{n} proposals").
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "stratplan"
LOCALE = ROOT / "resources" / "locale"
DOMAIN = "stratplan"
LANGUAGES = ("lt", "fr", "es")
ROOT_ERROR = "StratplanError"
# Keyword arguments a subclass takes for itself, never placeholders; BadOperationError's kind
# and key are passed on as placeholders too (see core/errors.py).
RESERVED = {"field"}
# Calls whose first argument is a message: msg(), and the command line's gettext words
# (`_("the store file")` for help, `N_("usage: ")` for argparse's own, see stratplan/cli.py).
MARKERS = {"msg", "_", "N_"}
PASSED_ON = {"kind", "key"}


@dataclass(frozen=True)
class Template:
    """One message of the code: its text (and plural text), and where it was first seen."""

    source: str
    plural: str | None
    where: str


# ------------------------------------------------------------------ finding messages
def python_files(root: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def error_names(files: Iterable[Path]) -> set[str]:
    """Every class that derives (through any module) from StratplanError, by name."""
    bases: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    found = {ROOT_ERROR}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                grew = True
    return found


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _constant(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract(files: Iterable[Path] | None = None) -> list[Template]:
    """The templates of the code, each once, in the order they are first met."""
    files = list(files or python_files())
    errors = error_names(files)
    seen: dict[tuple[str, str | None], Template] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            name = _name(call.func)
            args = call.args
            found: tuple[str, str | None] | None = None
            if name in errors or name in MARKERS:
                text = _constant(args[0]) if args else None
                found = (text, None) if text else None
            elif name == "plural" and len(args) >= 2:
                one, many = _constant(args[0]), _constant(args[1])
                found = (one, many) if one and many else None
            if found and found not in seen:
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                seen[found] = Template(found[0], found[1], where)
    return list(seen.values())


def unconverted_sites(files: Iterable[Path] | None = None) -> list[str]:
    """Error calls whose message is built in place (f-string, +, .format): not translatable yet."""
    files = list(files or python_files())
    errors = error_names(files)
    sites = []
    for path in files:
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if _name(call.func) in errors and call.args and _built(call.args[0]):
                sites.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    return sites


def _built(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _stringy(node)
    return isinstance(node, ast.Call) and _name(node.func) == "format" and \
        isinstance(node.func, ast.Attribute) and _constant(node.func.value) is not None


def _stringy(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _stringy(node.left) or _stringy(node.right)
    return isinstance(node, ast.JoinedStr) or _constant(node) is not None


# ------------------------------------------------------------------ converting raise sites
@dataclass
class _Template:
    """A template being built from an f-string: text, and the placeholders' expressions."""

    source: str
    reserved: set[str]
    given: dict[str, str]  # expression source -> keyword passed on as a placeholder (kind=kind)
    text: str = ""

    def __post_init__(self) -> None:
        self.names: dict[str, str] = {}  # placeholder -> expression source

    def literal(self, value: str) -> None:
        self.text += value.replace("{", "{{").replace("}", "}}")

    def value(self, node: ast.expr, conversion: int = -1, spec: str = "") -> None:
        expr = ast.get_source_segment(self.source, node) or ast.unparse(node)
        name = self.given.get(expr) or next((n for n, e in self.names.items() if e == expr), None)
        if name is None:
            name = _unique(_placeholder(node), set(self.names) | self.reserved)
            self.names[name] = expr
        conv = "" if conversion == -1 else "!" + chr(conversion)
        self.text += "{" + name + conv + (":" + spec if spec else "") + "}"

    def add(self, node: ast.expr) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _stringy(node):
            self.add(node.left)
            self.add(node.right)
        elif isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    spec = ast.unparse(part.format_spec)[2:-1] if part.format_spec else ""
                    self.value(part.value, part.conversion, spec)
                else:
                    self.literal(_constant(part) or "")
        elif _constant(node) is not None:
            self.literal(_constant(node) or "")
        else:
            self.value(node)


def _placeholder(node: ast.expr) -> str:
    """A readable placeholder name for an expression: path, exc.strerror -> strerror, len(x) -> n."""
    if isinstance(node, ast.Name):
        return node.id.lower().strip("_") or "value"
    if isinstance(node, ast.Attribute):
        return "error" if node.attr == "__name__" else node.attr.lower().strip("_") or "value"
    if isinstance(node, ast.Subscript):
        key = _constant(node.slice)
        return key if key and key.isidentifier() else _placeholder(node.value)
    if isinstance(node, ast.BoolOp):
        return _placeholder(node.values[0])
    if isinstance(node, ast.Call):
        func = _name(node.func)
        if func == "len":
            return "n"
        if func in ("join", "sorted", "str", "list", "tuple") and node.args:
            return _placeholder(node.args[0])
        if isinstance(node.func, ast.Attribute):
            return _placeholder(node.func.value)
        return func.lower() or "value"
    if isinstance(node, ast.BinOp):
        return _placeholder(node.left)
    return "value"


def _unique(name: str, taken: set[str]) -> str:
    if not name.isidentifier():
        name = "value"
    if name not in taken:
        return name
    i = 2
    while f"{name}{i}" in taken:
        i += 1
    return f"{name}{i}"


def _wrapped(built: _Template, column: int, width: int = 100) -> str:
    """The template and its arguments, broken into lines of `width` aligned on `column`."""
    room = max(40, width - column - 4)
    words = re.split(r"(?<= )", built.text)
    lines, line = [], ""
    for word in words:
        if line and len(_literal(line + word)) > room:
            lines.append(line)
            line = ""
        line += word
    lines.append(line)
    pieces = [_literal(part) for part in lines]
    arguments = ", ".join(f"{n}={e}" for n, e in built.names.items())
    if arguments:
        if len(pieces[-1]) + len(arguments) + 2 <= room:
            pieces[-1] += ", " + arguments
        else:
            pieces[-1] += ","
            pieces.append(arguments)
    return ("\n" + " " * column).join(pieces)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def convert_source(source: str, errors: set[str]) -> tuple[str, list[int]]:
    """`source` with every error message built by f-string or + rewritten as template + arguments."""
    tree = ast.parse(source)
    edits: list[tuple[int, int, str]] = []
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line.encode("utf-8")))
    data = source.encode("utf-8")
    converted = []
    for call in _calls(tree):
        if _name(call.func) not in errors or not call.args or not _built(call.args[0]):
            continue
        arg = call.args[0]
        if isinstance(arg, ast.Call):  # "...".format(...): left for a person
            continue
        own = {k.arg for k in call.keywords if k.arg}
        given = {ast.get_source_segment(source, k.value) or "": k.arg for k in call.keywords
                 if k.arg in PASSED_ON}
        built = _Template(source, RESERVED | own, given)
        built.add(arg)
        begin = starts[arg.lineno - 1] + arg.col_offset
        end = starts[(arg.end_lineno or arg.lineno) - 1] + (arg.end_col_offset or 0)
        edits.append((begin, end, _wrapped(built, arg.col_offset)))
        converted.append(call.lineno)
    for begin, end, text in sorted(edits, reverse=True):
        data = data[:begin] + text.encode("utf-8") + data[end:]
    return data.decode("utf-8"), sorted(converted)


PLURAL_HINT = re.compile(r"\{(n|count|\w*_?n)\}\s+\w+s\b|\(s\)")


def convert(paths: list[Path]) -> None:
    errors = error_names(python_files())
    for path in paths:
        source = path.read_text(encoding="utf-8")
        new, lines = convert_source(source, errors)
        if new != source:
            path.write_text(new, encoding="utf-8")
        for line in lines:
            print(f"converted {path}:{line}")
    # Relative paths as typed on the command line: the locations are given from the root.
    for t in extract([p.resolve() for p in paths]):
        if t.plural is None and PLURAL_HINT.search(t.source):
            print(f"may need plural(): {t.where}: {t.source}")


# ------------------------------------------------------------------ catalogues
def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_catalog(templates: Iterable[Template]) -> Catalog:
    catalog = Catalog(project="StratPlan", domain=DOMAIN, charset="utf-8")
    for t in templates:
        msgid: str | tuple[str, str] = (t.source, t.plural) if t.plural else t.source
        # The file only, not the line: the catalogues do not change with every edit above a message.
        catalog.add(msgid, locations=[(t.where.rsplit(":", 1)[0], None)], flags=["python-brace-format"])
    return catalog


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="StratPlan", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


def merge_rows(catalog: Catalog, language: str, rows: list[dict[str, object]]) -> None:
    """Fill translations from rows {"source", "plural"?, "<lang>": text or list of plural forms}."""
    for row in rows:
        value = row.get(language)
        if value is None:
            continue
        source = str(row["source"])
        msgid: str | tuple[str, str] = (source, str(row["plural"])) if row.get("plural") else source
        message = catalog.get(msgid)
        if message is None:
            catalog.add(msgid)
            message = catalog.get(msgid)
        if isinstance(value, list):
            # CLDR gives French and Spanish a third form for millions ("de"), as the plural here.
            forms = [str(v) for v in value] + [str(value[-1])] * (catalog.num_plurals - len(value))
            message.string = tuple(forms[:catalog.num_plurals])
        else:
            message.string = str(value)
        message.flags.discard("fuzzy")


def update(merge: list[Path]) -> None:
    pot = template_catalog(extract())
    LOCALE.mkdir(parents=True, exist_ok=True)
    with (LOCALE / f"{DOMAIN}.pot").open("wb") as fh:
        write_po(fh, pot, width=100, omit_header=False, sort_output=True)
    rows: list[dict[str, object]] = []
    for path in merge:
        rows += json.loads(path.read_text(encoding="utf-8"))
    for language in LANGUAGES:
        catalog = load(language)
        merge_rows(catalog, language, rows)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=True)
        with path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


def missing(language: str) -> list[str]:
    """Templates of the code the catalogue of `language` has no finished translation for."""
    catalog = load(language)
    out = []
    for t in extract():
        message = catalog.get((t.source, t.plural) if t.plural else t.source)
        strings = message.string if message else ""
        done = all(strings) if isinstance(strings, tuple) else bool(strings)
        if message is None or not done or message.fuzzy:
            out.append(t.source)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--merge", action="append", type=Path, default=[])
    parser.add_argument("--missing", action="store_true")
    parser.add_argument("--sites", action="store_true")
    parser.add_argument("--convert", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.convert:
        convert(args.convert)
        return 0
    if args.sites:
        print("\n".join(unconverted_sites()))
        return 0
    if args.missing:
        for language in LANGUAGES:
            for source in missing(language):
                print(f"{language}\t{source}")
        return 0
    update(args.merge)
    gaps = {lang: len(missing(lang)) for lang in LANGUAGES}
    print("untranslated:", gaps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
