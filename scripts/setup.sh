#!/usr/bin/env bash
# Installs what the edition needs and is missing: Debian packages (TeX Live for XeLaTeX,
# fonts, poppler, epubcheck, Chromium, Node.js), a project-local virtual environment with every
# Python dependency pinned by requirements.lock, and the site-checking tools (axe-core,
# Lighthouse) pinned by package-lock.json. Safe to run again: it does only what is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk
  fonts-freefont-otf poppler-utils epubcheck default-jre-headless chromium git
)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  install_cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: these system packages are missing and this is not a Debian/Ubuntu system." >&2
    echo "setup: install their equivalents, then run make again: ${missing[*]}" >&2
    exit 1
  elif [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive bash -c "$install_cmd"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "setup: installing Debian packages with sudo: ${missing[*]}"
    sudo DEBIAN_FRONTEND=noninteractive bash -c "$install_cmd"
  else
    echo "setup: missing Debian packages. Run this as root, then make again:" >&2
    echo "  $install_cmd" >&2
    exit 1
  fi
fi

lock_hash=$(sha256sum requirements.lock | cut -d' ' -f1)
stamp=.venv/.requirements-lock.sha256
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  echo "setup: installing the pinned Python environment into .venv"
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
  # The edition's own package is imported from the checkout (like an editable install).
  site_packages=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  pwd > "$site_packages/edition-checkout.pth"
  echo "$lock_hash" > "$stamp"
fi

npm_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
npm_stamp=node_modules/.package-lock.sha256
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_hash" ]; then
  echo "setup: installing the pinned site-checking tools into node_modules"
  # No install scripts: nothing may download a browser; the tests use Debian's Chromium.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$npm_hash" > "$npm_stamp"
fi
