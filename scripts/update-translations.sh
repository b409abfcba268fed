#!/usr/bin/env bash
# Refresh resources/translations/*.ts from the source strings, then compile the .qm files.
# New strings appear as unfinished; tests/ui/test_translations.py fails until they are translated.
set -euo pipefail
cd "$(dirname "$0")/.."
sources=$(find stratplan/ui stratplan/app.py -name '*.py' | sort)
for ts in resources/translations/stratplan_*.ts; do
  # shellcheck disable=SC2086
  .venv/bin/pyside6-lupdate $sources -ts "$ts" -no-obsolete
  .venv/bin/pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
