#!/usr/bin/env bash
# Sets up what the tests need and runs them all. CI runs exactly this.
#   1. Swift tests: unit tests beside every module, and protocol transcripts replayed
#      against the built binary.
#   2. A real LSP client (pytest-lsp) driving the binary over stdio on this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --debug
python3 -m pip install -q --disable-pip-version-check "pytest-lsp>=1.0,<2" >&2
swift build --build-tests
swift test --skip-build
SEXTANT_BINARY="$PWD/.build/debug/sextant" python3 -m pytest -q clients/pytest
