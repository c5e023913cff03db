#!/usr/bin/env bash
# Kills `sextant index` with SIGKILL at random moments, again and again, and checks after every
# kill that the index opens cleanly, that the vector store matches the embedding cache bit for
# bit, and that the next run embeds only what was not committed before the kill.
#
#   scripts/kill_test.sh WORKSPACE [KILLS] [MAX_SECONDS]     (defaults: 20 kills, up to 8 s each)
#
# Needs sqlite3 and a built binary (SEXTANT, default .build/release/sextant). Uses a fresh
# index directory, so every chunk starts unembedded. Extra flags for sextant go in
# SEXTANT_FLAGS (default: --model local).
set -euo pipefail
workspace=${1:?usage: kill_test.sh WORKSPACE [KILLS] [MAX_SECONDS]}
kills=${2:-20}
max_seconds=${3:-8}
sextant=${SEXTANT:-.build/release/sextant}
flags=${SEXTANT_FLAGS:---model local}
index=$(mktemp -d /tmp/sextant-kill-test.XXXXXX)
trap 'rm -rf "$index"' EXIT
RANDOM=${SEED:-7}

committed() { sqlite3 "$index/catalog.sqlite" "SELECT count(*) FROM embedding_cache" 2>/dev/null || echo 0; }
unique_keys() { sqlite3 "$index/catalog.sqlite" "SELECT count(DISTINCT embedding_key) FROM chunks" 2>/dev/null || echo 0; }
# Chunks whose vector is not committed yet: exactly what the next run must announce.
uncommitted() {
  sqlite3 "$index/catalog.sqlite" "SELECT count(*) FROM chunks c WHERE NOT EXISTS
    (SELECT 1 FROM embedding_cache e WHERE e.input_hash = c.embedding_key)" 2>/dev/null || echo 0
}
# The pending count a run announces first ("[...] 0/N chunks embedded").
announced() { { grep -o '0/[0-9]* chunks embedded' "$1" || true; } | head -1 | sed 's|0/||; s| chunks embedded||'; }

failures=0
for round in $(seq 1 "$kills"); do
  before=$(committed)
  pending_before=$(uncommitted)
  log="$index/run-$round.log"
  # shellcheck disable=SC2086
  "$sextant" index "$workspace" --index-dir "$index" $flags >"$log" 2>&1 &
  pid=$!
  delay=$(awk -v r="$RANDOM" -v m="$max_seconds" 'BEGIN { printf "%.2f", 0.3 + (r / 32767) * m }')
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then state="killed after ${delay}s"; else state="finished before ${delay}s"; fi
  wait "$pid" 2>/dev/null || true
  pending=$(announced "$log")
  after=$(committed)
  # Every restart opens cleanly and its store matches the embedding cache exactly.
  # shellcheck disable=SC2086
  if ! "$sextant" status "$workspace" --index-dir "$index" $flags --verify >"$index/status-$round.log" 2>&1; then
    echo "round $round: status --verify failed"; cat "$index/status-$round.log"; failures=$((failures + 1))
  fi
  verify=$(grep '^verify:' "$index/status-$round.log" || true)
  # A run that got as far as embedding must announce exactly the chunks whose vectors were
  # not committed before it started (none re-embedded). Before the first catalog commit
  # there is nothing to compare with.
  if [ -n "$pending" ] && [ "$before" -gt 0 ] && [ "$pending" -ne "$pending_before" ]; then
    echo "round $round: announced $pending to embed, but $pending_before chunks lacked a committed vector"
    failures=$((failures + 1))
  fi
  printf 'round %2d: %-22s committed %5d -> %5d, announced %5s pending | %s\n' \
    "$round" "$state" "$before" "$after" "${pending:--}" "${verify#verify:      }"
done

# A last run to completion embeds only what no killed run committed.
before=$(committed)
# shellcheck disable=SC2086
"$sextant" index "$workspace" --index-dir "$index" $flags --json >"$index/final.json" 2>"$index/final.log"
embedded=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['chunks_embedded'])" "$index/final.json")
keys=$(unique_keys)
echo "final run: embedded $embedded, $before were committed by killed runs, $keys unique inputs"
if [ "$embedded" -ne $((keys - before)) ]; then
  echo "final run re-embedded committed vectors"; failures=$((failures + 1))
fi
# shellcheck disable=SC2086
"$sextant" status "$workspace" --index-dir "$index" $flags --verify | grep -E '^(vectors|store|verify):' || failures=$((failures + 1))
if [ "$failures" -ne 0 ]; then echo "FAILED: $failures problem(s)"; exit 1; fi
echo "passed: $kills kills, every restart clean, nothing committed was embedded twice"
