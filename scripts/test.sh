#!/usr/bin/env bash
# Sets up what the tests need and runs them all. CI runs exactly this.
#   1. Swift tests: unit tests beside every module, and protocol transcripts replayed
#      against the built binary.
#   2. A real LSP client (pytest-lsp) driving the binary over stdio on this repository, and
#      Neovim's and Emacs's (Eglot's) own LSP clients with editors/*/sextant.* on a scratch
#      workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --debug
python3 -m pip install -q --disable-pip-version-check "pytest-lsp>=1.0,<2" >&2

# The editor tests (clients/pytest/test_neovim.py, test_emacs.py) drive Debian's Neovim and
# Emacs with Eglot against the built binary. Installed packages are skipped.
editor_packages=(neovim emacs-nox elpa-eglot)
missing=()
for package in "${editor_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "test: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "test: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
swift build --build-tests
swift test --skip-build
SEXTANT_BINARY="$PWD/.build/debug/sextant" python3 -m pytest -q clients/pytest
