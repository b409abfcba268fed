#!/usr/bin/env bash
# Refresh resources/translations/*.ts from the source strings, then compile the .qm files.
# Every language with a stratplan_<code>.ts is refreshed (lt, fr, es). New strings appear as
# unfinished; tests/ui/test_translations.py fails until they are translated: fill them with
#   .venv/bin/python scripts/fill_translations.py resources/translations/stratplan_fr.ts MAP.json
# (it lists what is still unfinished), then run this script again to compile the .qm files.
# The glossaries beside the .ts files (GLOSSARY-<code>.md) give the coalition's terms.
#
# English is the source language, but a count needs its forms there too ("1 plan point",
# "2 plan points"): stratplan_en.ts holds only the strings written with %n (lupdate
# -pluralonly), with English's two forms, and the window loads it for English.
set -euo pipefail
cd "$(dirname "$0")/.."
sources=$(find stratplan/ui stratplan/app.py -name '*.py' | sort)
for ts in resources/translations/stratplan_*.ts; do
  if [[ "$ts" == */stratplan_en.ts ]]; then
    # shellcheck disable=SC2086
    .venv/bin/pyside6-lupdate $sources -ts "$ts" -no-obsolete -pluralonly -source-language en -target-language en
  else
    # shellcheck disable=SC2086
    .venv/bin/pyside6-lupdate $sources -ts "$ts" -no-obsolete
  fi
  .venv/bin/pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
