"""Fill unfinished messages of a .ts file from a JSON map {source: translation}.

Usage: python scripts/fill_translations.py [--overwrite] resources/translations/stratplan_fr.ts MAP.json [...]

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


def load_maps(paths: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            mapping.update(json.load(fh))
    return mapping


def fill(ts_path: str, mapping: dict[str, str], *, overwrite: bool = False) -> tuple[int, list[tuple[str, str]]]:
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
            translation.text = text
            translation.attrib.pop("type", None)
            filled += 1
    # lupdate writes the DOCTYPE line; ElementTree drops it, and lupdate/lrelease accept both.
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return filled, left


def main() -> None:
    args = sys.argv[1:]
    overwrite = "--overwrite" in args
    args = [a for a in args if a != "--overwrite"]
    ts_path, map_paths = args[0], args[1:]
    filled, left = fill(ts_path, load_maps(map_paths), overwrite=overwrite)
    print(f"filled {filled} message(s); {len(left)} still unfinished")
    for name, source in left:
        print(f"  {name}: {source!r}")


if __name__ == "__main__":
    main()
