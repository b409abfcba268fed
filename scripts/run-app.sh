#!/usr/bin/env bash
# Install what is needed, then open StratPlan (an empty store starts on the demo coalition).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/stratplan --demo-if-empty "$@"
