#!/usr/bin/env bash
# Sets up what the tests need and runs them all. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --debug
swift build --build-tests
swift test --skip-build
