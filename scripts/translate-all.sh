#!/usr/bin/env bash
# Refresh the .ts files, fill them from row files ([{"context","source","lt","fr","es"}]), compile.
# Usage: bash scripts/translate-all.sh ROWS.json [...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/update-translations.sh >/dev/null
for lang in lt fr es; do
  .venv/bin/python scripts/fill_translations.py --rows "$lang" "resources/translations/stratplan_$lang.ts" "$@"
done
# English keeps only the plural forms of %n messages; rows give them as "en".
.venv/bin/python scripts/fill_translations.py --rows en resources/translations/stratplan_en.ts "$@"
bash scripts/update-translations.sh >/dev/null
