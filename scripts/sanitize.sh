#!/usr/bin/env bash
# Runs the Swift test suite under the sanitizers, each in a build directory of its own:
#   scripts/sanitize.sh            AddressSanitizer (with LeakSanitizer where the runtime has it),
#                                  then ThreadSanitizer
#   scripts/sanitize.sh address    one of them (address | thread)
#   scripts/sanitize.sh thread --filter ResilientEmbedderTests
#                                  extra arguments go to `swift test`
# A report fails the run. Building every dependency instrumented takes a while on two cores
# (the first time); later runs rebuild only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --debug >/dev/null

sanitizers=(address thread)
if [ $# -gt 0 ] && [[ "$1" =~ ^(address|thread)$ ]]; then
  sanitizers=("$1")
  shift
fi

# Reports stop the process, and say where; leaks are reported at exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp}"

status=0
for sanitizer in "${sanitizers[@]}"; do
  echo "sanitize: $sanitizer" >&2
  if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" >&2; then
    echo "sanitize: the $sanitizer build failed" >&2
    exit 1
  fi
  if ! swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" "$@"; then
    echo "sanitize: $sanitizer reported a problem (or a test failed)" >&2
    status=1
  fi
done
exit $status
