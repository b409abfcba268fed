#!/usr/bin/env bash
# Install what StratPlan needs on Debian/Ubuntu: Qt's system libraries, a virtual
# environment in .venv and the Python packages. Safe to run again: it skips what is there.
# Usage: scripts/install.sh [--dev]   (--dev adds the test tools and what the tests need)
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

# Qt's xcb and offscreen platforms load these at run time; alternatives are separated by |
# because Debian 13 and Ubuntu 24.04 renamed some libraries (t64 suffix).
DEBS=(
  "libegl1" "libgl1" "libopengl0" "libxkbcommon0" "libxkbcommon-x11-0" "libfontconfig1"
  "libfreetype6" "libdbus-1-3" "libglib2.0-0t64|libglib2.0-0" "libxcb-cursor0" "libxcb-icccm4"
  "libxcb-image0" "libxcb-keysyms1" "libxcb-randr0" "libxcb-render-util0" "libxcb-shape0"
  "libxcb-xinerama0" "libxcb-xkb1" "libx11-xcb1" "libxrender1" "libxi6" "libsm6" "libice6"
  "fonts-dejavu-core" "python3-venv"
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "install.sh: need root (or sudo) to install: ${*: -1}" >&2; return 1; fi
}

install_debs() {
  command -v dpkg-query >/dev/null || { echo "install.sh: not a Debian/Ubuntu system; install Qt's libraries yourself." >&2; return 0; }
  local missing=() alt
  for spec in "$@"; do
    local ok=0
    IFS='|' read -ra alts <<<"$spec"
    for alt in "${alts[@]}"; do installed "$alt" && ok=1 && break; done
    [ $ok = 1 ] || missing+=("$spec")
  done
  [ ${#missing[@]} = 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq >/dev/null
  local names=()
  for spec in "${missing[@]}"; do
    IFS='|' read -ra alts <<<"$spec"
    for alt in "${alts[@]}"; do
      if apt-cache show "$alt" >/dev/null 2>&1; then names+=("$alt"); break; fi
    done
  done
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${names[@]}" >/dev/null
}

# The tests also render the Word documents with LibreOffice and read the PDFs back, and run
# a throwaway PostgreSQL server (its binaries only; the tests start it in a temporary folder)
# to exercise the online hub.
TEST_DEBS=("libreoffice-writer-nogui|libreoffice-writer" "poppler-utils" "fonts-dejavu-core" "postgresql"
           "qpdf" "fonts-crosextra-carlito")  # qpdf checks the PDFs; Carlito is Calibri's metric twin

if [ $DEV = 1 ]; then
  install_debs "${DEBS[@]}" "${TEST_DEBS[@]}"
else
  install_debs "${DEBS[@]}"
fi

PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "install.sh: StratPlan needs Python 3.11 or newer." >&2; exit 1; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv

extras=""
[ $DEV = 1 ] && extras="[dev]"
stamp=".venv/.installed$extras"
want="$(sha256sum pyproject.toml | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extras"
  echo "$want" >"$stamp"
fi
