#!/usr/bin/env bash
# Install what is needed, then run the whole test suite headless: lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check stratplan tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
