"""Fill unfinished messages of a .ts file from a JSON map {source: translation}.

Usage: python scripts/fill_translations.py [--overwrite] [--rows LANG] resources/translations/stratplan_fr.ts MAP.json [...]

With --rows LANG, each MAP.json is a list of {"context", "source", "lt", "fr", "es"} rows and the
LANG column is used; a list value fills the plural forms of a message written with %n.

A key is the English source text; a key "Context\\tsource" applies to that context only and wins
over the plain key (for the rare string that reads differently in two windows). Finished
translations are left alone, so a reviewed string is never overwritten, unless --overwrite is
given (for a reviewer's corrections, e.g. an accelerator moved off a clash). The messages still
unfinished afterwards are listed, so a batch can be checked at once. Used when new strings are
added; the translations themselves are reviewed by a person (see GLOSSARY-<lang>.md).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET

Translation = str | list[str]


def load_maps(paths: list[str]) -> dict[str, Translation]:
    """Maps from JSON files: either {key: text} or a list of {"context", "source", "<lang>"} rows."""
    mapping: dict[str, Translation] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict):
            mapping.update(data)
    return mapping


def rows_for(paths: list[str], language: str) -> dict[str, Translation]:
    """The "<lang>" translations of row lists [{"context", "source", "lt", "fr", ...}]."""
    mapping: dict[str, Translation] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, list):
            continue
        for row in data:
            text = row.get(language)
            if text:
                mapping[f"{row['context']}\t{row['source']}"] = text
    return mapping


def _set(translation: ET.Element, text: Translation) -> None:
    """Plain text, or numerus forms (a list) for a message written with %n."""
    if isinstance(text, list):
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        for form in text:
            ET.SubElement(translation, "numerusform").text = form
    else:
        translation.text = text


def fill(ts_path: str, mapping: dict[str, Translation], *, overwrite: bool = False) -> tuple[int, list[tuple[str, str]]]:
    """Fill the .ts in place; returns (filled, still unfinished as (context, source))."""
    tree = ET.parse(ts_path)
    filled = 0
    left: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                continue
            unfinished = translation.get("type") == "unfinished"
            if not (unfinished or overwrite):
                continue
            source = message.findtext("source") or ""
            text = mapping.get(f"{name}\t{source}", mapping.get(source))
            if text is None:
                if unfinished:
                    left.append((name, source))
                continue
            numerus = message.get("numerus") == "yes"
            if numerus and not isinstance(text, list):
                text = [text]
            _set(translation, text)
            translation.attrib.pop("type", None)
            filled += 1
    # lupdate writes the DOCTYPE line; ElementTree drops it, and lupdate/lrelease accept both.
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return filled, left


def main() -> None:
    args = sys.argv[1:]
    overwrite = "--overwrite" in args
    args = [a for a in args if a != "--overwrite"]
    language = None
    if "--rows" in args:
        # --rows LANG: the maps are row lists (context, source, per-language texts).
        at = args.index("--rows")
        language = args[at + 1]
        del args[at:at + 2]
    ts_path, map_paths = args[0], args[1:]
    mapping = rows_for(map_paths, language) if language else load_maps(map_paths)
    filled, left = fill(ts_path, mapping, overwrite=overwrite)
    print(f"filled {filled} message(s); {len(left)} still unfinished")
    for name, source in left:
        print(f"  {name}: {source!r}")


if __name__ == "__main__":
    main()
