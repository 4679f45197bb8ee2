#!/usr/bin/env bash
# Fuzzes the parsers that take untrusted input (fuzz/fuzz_targets/): the markdown renderer
# and HTML sanitizer, the pagination cursor and the slug rules. Fails if any target crashes.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 300 s, every target)
#
# Runs on the stable toolchain: `--sanitizer none` keeps cargo-fuzz off the nightly-only
# `-Zsanitizer`; coverage instrumentation (sancov) needs only stable `-C` flags. The targets
# are safe Rust, so AddressSanitizer would add little but a slower build and run.
#
# Inputs that find new coverage go to fuzz/target/corpus/<target>/ (ignored by git, kept
# between runs so later runs start further along); fuzz/corpus/<target>/ holds the
# committed seeds and is only read. A crash is saved under fuzz/artifacts/<target>/ with
# the command that reproduces it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CARGO_FUZZ_VERSION=0.13.2
ALL_TARGETS=(markdown cursor slug)

seconds="${1:-300}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]"
shift $(($# > 0 ? 1 : 0))
targets=("$@")
((${#targets[@]})) || targets=("${ALL_TARGETS[@]}")

# Longest input per target: enough for each format, short enough to keep runs fast.
declare -A max_len=([markdown]=4096 [cursor]=256 [slug]=512)
for t in "${targets[@]}"; do
    [[ -n "${max_len[$t]:-}" ]] || die "unknown fuzz target '$t' (targets: ${ALL_TARGETS[*]})"
done

if [[ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi
# libfuzzer-sys compiles libFuzzer itself (C++).
command -v c++ >/dev/null 2>&1 || apt_install g++ || die "a C++ compiler is needed to build libFuzzer (apt-get install g++)"

cd "$ROOT"
# Its own target dir: the instrumented build must not share (or invalidate) the main one.
export CARGO_TARGET_DIR="$ROOT/fuzz/target"
fuzz_flags=(--sanitizer none --debug-assertions)

say "building fuzz targets"
cargo fuzz build "${fuzz_flags[@]}"

failed=()
for t in "${targets[@]}"; do
    corpus="$CARGO_TARGET_DIR/corpus/$t"
    log="$CARGO_TARGET_DIR/logs/$t.log"
    mkdir -p "$corpus" "$(dirname "$log")"
    say "fuzzing $t for ${seconds}s"
    if cargo fuzz run "${fuzz_flags[@]}" "$t" "$corpus" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -max_len="${max_len[$t]}" >"$log" 2>&1; then
        say "$t: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
    else
        failed+=("$t")
        warn "$t found a crash (full log: $log):"
        sed -n '/panicked at\|ERROR: libFuzzer\|SUMMARY: libFuzzer/,/^Error: /p' "$log" |
            grep -v '^[[:space:]]*[0-9]*: \|^[[:space:]]*at ' >&2 || tail -40 "$log" >&2
    fi
done

((${#failed[@]} == 0)) || die "fuzzing found crashes in: ${failed[*]} (inputs under fuzz/artifacts/)"
say "fuzzing found nothing in ${targets[*]} (${seconds}s each)"
