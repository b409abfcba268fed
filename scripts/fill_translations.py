"""Fill unfinished messages of a .ts file from a JSON map {source: translation}.

Usage: python scripts/fill_translations.py resources/translations/stratplan_lt.ts MAP.json
Used when new strings are added; the translations themselves are reviewed by a person.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET


def main() -> None:
    ts_path, map_path = sys.argv[1], sys.argv[2]
    with open(map_path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    tree = ET.parse(ts_path)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is not None and translation.get("type") == "unfinished" and source in mapping:
            translation.text = mapping[source]
            del translation.attrib["type"]
            filled += 1
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    print(f"filled {filled} message(s)")


if __name__ == "__main__":
    main()
