#!/usr/bin/env bash
# Edits functions of a copy of a Python workspace round after round and kills `sextant index`
# with SIGKILL at random moments while it takes the edits in; after every kill the index must
# open cleanly with its store matching the embedding cache (status --verify), and at the end
# every edited function's history must rebuild (no half-written history) with one version per
# edit that reached the index, nothing committed embedded twice.
#
#   scripts/kill_edits_test.sh WORKSPACE [ROUNDS] [MAX_SECONDS]    (defaults: 12 rounds, up to 1.5 s each)
#
# Needs a built binary (SEXTANT, default .build/release/sextant). Flags for sextant go in
# SEXTANT_FLAGS (default: --model hashing, so kills land in every phase of a short run).
set -euo pipefail
source_workspace=${1:?usage: kill_edits_test.sh WORKSPACE [ROUNDS] [MAX_SECONDS]}
rounds=${2:-12}
max_seconds=${3:-1.5}
sextant=${SEXTANT:-.build/release/sextant}
flags=${SEXTANT_FLAGS:---model hashing}
scratch=$(mktemp -d /tmp/sextant-kill-edits.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
workspace="$scratch/workspace"
index="$scratch/index"
cp -r "$source_workspace" "$workspace"
rm -rf "$workspace/.git"
RANDOM=${SEED:-11}

# shellcheck disable=SC2086
"$sextant" index "$workspace" --index-dir "$index" $flags >"$scratch/initial.log" 2>&1
# The functions edited: the first top-level `def` of up to 8 Python files.
mapfile -t targets < <(grep -l '^def ' -r "$workspace" --include='*.py' | sort | head -8)
[ "${#targets[@]}" -gt 0 ] || { echo "no Python functions in $source_workspace"; exit 1; }
names=()
for file in "${targets[@]}"; do
  names+=("$(grep -m1 -o '^def [A-Za-z_][A-Za-z0-9_]*' "$file" | cut -c5-)")
done

failures=0
for round in $(seq 1 "$rounds"); do
  # Every round changes the body of each target function (a new line after its `def` line).
  for file in "${targets[@]}"; do
    python3 - "$file" "$round" <<'PY'
import re, sys
path, round_ = sys.argv[1], sys.argv[2]
lines = open(path).read().split("\n")
start = next(i for i, line in enumerate(lines) if line.startswith("def "))
end = start
while not lines[end].rstrip().endswith(":"):
    end += 1
lines.insert(end + 1, f"    edit_round = {round_}  # inserted by kill_edits_test")
open(path, "w").write("\n".join(lines))
PY
  done
  log="$scratch/run-$round.log"
  # shellcheck disable=SC2086
  "$sextant" index "$workspace" --index-dir "$index" $flags >"$log" 2>&1 &
  pid=$!
  delay=$(awk -v r="$RANDOM" -v m="$max_seconds" 'BEGIN { printf "%.2f", 0.02 + (r / 32767) * m }')
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then state="killed after ${delay}s"; else state="finished before ${delay}s"; fi
  wait "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  if ! "$sextant" status "$workspace" --index-dir "$index" $flags --verify >"$scratch/status-$round.log" 2>&1; then
    echo "round $round: status --verify failed"; cat "$scratch/status-$round.log"; failures=$((failures + 1))
  fi
  printf 'round %2d: %-24s %s\n' "$round" "$state" "$(grep '^verify:' "$scratch/status-$round.log" || true)"
done

# A last run to completion; then every edited function's history must rebuild.
# shellcheck disable=SC2086
"$sextant" index "$workspace" --index-dir "$index" $flags >"$scratch/final.log" 2>&1
for position in "${!targets[@]}"; do
  file=${targets[$position]}
  name=${names[$position]}
  # shellcheck disable=SC2086
  if ! "$sextant" history "$file" "$name" --index-dir "$index" $flags --json >"$scratch/history-$position.json" 2>"$scratch/history-$position.err"; then
    echo "history of $name failed: $(cat "$scratch/history-$position.err")"; failures=$((failures + 1)); continue
  fi
  versions=$(python3 -c "
import json, math, sys
items = json.load(open(sys.argv[1]))
versions = items[0]['versions'] if items else []
assert all(math.isfinite(v['similarity']) for v in versions), 'a version did not rebuild'
numbers = [v['version'] for v in versions]
assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers), numbers
print(len(versions))" "$scratch/history-$position.json") || { echo "history of $name is inconsistent"; failures=$((failures + 1)); continue; }
  # At least the original and the final text; at most one version per round plus the original.
  if [ "$versions" -lt 2 ] || [ "$versions" -gt $((rounds + 1)) ]; then
    echo "$name has $versions versions after $rounds rounds"; failures=$((failures + 1))
  fi
  echo "$name: $versions versions"
done
# shellcheck disable=SC2086
"$sextant" status "$workspace" --index-dir "$index" $flags --verify | grep -E '^(vectors|store|verify):' || failures=$((failures + 1))
if [ "$failures" -ne 0 ]; then echo "FAILED: $failures problem(s)"; exit 1; fi
echo "passed: $rounds rounds of edits with kills, every restart clean, every history rebuilt"
