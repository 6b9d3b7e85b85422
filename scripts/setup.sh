#!/usr/bin/env bash
# Installs what the edition needs and is missing. Safe to run again: it does only what is
# missing.
#
#   scripts/setup.sh          everything: system packages, the Python environment, Node tools
#   scripts/setup.sh python   the pinned Python environment (.venv) only, e.g. for `make lint`
#
# System packages: TeX Live for XeLaTeX, fonts, poppler, epubcheck, Chromium, Node.js, and pandoc
# with the CSL styles, which read the bibliography exports back in the tests (from Debian or
# Ubuntu). The Python environment is .venv, synced to requirements.lock (a package
# dropped from the lock is removed). The Node tools (PurgeCSS, axe-core, Lighthouse) are
# pinned by package-lock.json and installed without install scripts, so no browser is
# downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
stage=${1:-all}

python_ok() {
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

if ! command -v python3 >/dev/null 2>&1 || ! python_ok; then
  found=$(python3 --version 2>/dev/null || echo "no python3")
  echo "setup: the edition needs Python 3.11 or newer; this machine has $found." >&2
  echo "setup: install python3 (3.11+) with venv, then run make again." >&2
  exit 1
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive "$@"
  else
    echo "setup: run this as root (or with password-less sudo), then make again:" >&2
    echo "  $*" >&2
    exit 1
  fi
}

install_system_packages() {
  local packages=(
    texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk
    fonts-freefont-otf poppler-utils epubcheck libjing-java default-jre-headless git
    pandoc citation-style-language-styles
  )
  local missing=()
  if ! command -v apt-get >/dev/null 2>&1; then
    # Not Debian or Ubuntu: check the commands and name what provides them, as hints only.
    local needed=(xelatex latexmk pdftotext java git node npm pandoc)
    for command in "${needed[@]}"; do
      command -v "$command" >/dev/null 2>&1 || missing+=("$command")
    done
    if ! chromium_path >/dev/null; then missing+=(chromium); fi
    if ((${#missing[@]})); then
      echo "setup: this is not a Debian or Ubuntu system, and these commands are missing:" >&2
      echo "  ${missing[*]}" >&2
      echo "setup: on Debian they come from: ${packages[*]} chromium nodejs npm" >&2
      exit 1
    fi
    return
  fi
  for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  if ! chromium_path >/dev/null; then
    if grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then
      # Ubuntu's chromium package installs a snap, which the tests cannot drive headless
      # as root; Ubuntu users install Debian's build or Google's, and set CHROMIUM.
      echo "setup: Chromium is missing. On Ubuntu the chromium package is a snap: install a" >&2
      echo "setup: non-snap Chromium (for example Debian's chromium package) and set" >&2
      echo "setup: CHROMIUM=/path/to/chromium, then run make again." >&2
      exit 1
    fi
    missing+=(chromium)
  fi
  if ((${#missing[@]})); then
    echo "setup: installing system packages: ${missing[*]}"
    as_root bash -c "apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  fi
}

chromium_path() {
  if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then
    echo "$CHROMIUM"
    return
  fi
  local candidate
  for candidate in chromium chromium-browser; do
    candidate=$(command -v "$candidate" 2>/dev/null) || continue
    case "$(readlink -f "$candidate")" in
      /snap/*) continue ;;  # a snap wrapper cannot be driven by the tests
    esac
    echo "$candidate"
    return
  done
  return 1
}

install_python_environment() {
  local lock_hash stamp
  lock_hash=$(sha256sum requirements.lock | cut -d' ' -f1)
  stamp=.venv/.requirements-lock.sha256
  if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$lock_hash" ]; then
    return
  fi
  echo "setup: installing the pinned Python environment into .venv"
  if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      as_root bash -c "apt-get update && apt-get install -y --no-install-recommends python3-venv"
    else
      echo "setup: Python's venv module is missing: install it (python3-venv), then make again." >&2
      exit 1
    fi
  fi
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
  # Remove what the lock no longer names, so that .venv is exactly the lock.
  .venv/bin/pip-sync --quiet --pip-args "--require-hashes --no-deps" requirements.lock
  # The edition's own package is imported from the checkout (like an editable install).
  local site_packages
  site_packages=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  pwd > "$site_packages/edition-checkout.pth"
  echo "$lock_hash" > "$stamp"
}

install_node_tools() {
  local npm_hash npm_stamp
  npm_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  npm_stamp=node_modules/.package-lock.sha256
  if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_hash" ]; then
    echo "setup: installing the pinned site-checking tools into node_modules"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$npm_hash" > "$npm_stamp"
  fi
}

case "$stage" in
  python)
    install_python_environment
    ;;
  all)
    install_system_packages
    install_python_environment
    install_node_tools
    ;;
  *)
    echo "usage: scripts/setup.sh [all|python]" >&2
    exit 2
    ;;
esac
