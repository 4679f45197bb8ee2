#!/usr/bin/env bash
# make audit: what the dependency trees bring in, checked against deny.toml and against
# known vulnerabilities.
#   1. cargo-deny (pinned below; built into ~/.cargo/bin when missing: ~6 min on 2 cores):
#      licences, bans (no ring/OpenSSL), sources (crates.io only) of the Rust workspace.
#   2. cargo-deny advisories against the RustSec database, which lives on GitHub. Where it
#      can't be fetched, a copy fetched earlier is used (with its age); with none, a loud
#      warning says why nothing was checked.
#   3. npm audit of web/'s production dependencies (what ships to browsers), failing at
#      severity NPM_AUDIT_LEVEL or above. Where the registry's audit endpoint doesn't answer,
#      a loud warning says why.
# A check that could not run never passes silently; AUDIT_STRICT=1 makes it a failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

CARGO_DENY_VERSION="0.20.2"
# moderate: fail on moderate, high and critical. Front-end XSS and open-redirect advisories
# are often rated moderate, and the production tree is a dozen maintained packages whose
# fixes come as minor releases. Lows are printed but don't fail: npm audit can't ignore a
# single advisory, so a low with no fix would otherwise block every build.
NPM_AUDIT_LEVEL="${NPM_AUDIT_LEVEL:-moderate}"
FETCH_TIMEOUT="${AUDIT_FETCH_TIMEOUT:-120}"
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
DENY="$CARGO_HOME/bin/cargo-deny"

results=()
unchecked=()
failed=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

loud() {
    local line
    warn "################################################################################"
    for line in "$@"; do warn "## $line"; done
    warn "################################################################################"
}

# summarize LOG: cargo-deny's warnings, one line per kind (the full trees: run it by hand).
summarize() {
    grep -hoE '^(warning|note)\[[a-z-]+\]' "$1" | sort | uniq -c | while read -r n kind; do
        case "$kind" in
            'warning[duplicate]')
                say "$n crates in several versions (multiple-versions = warn):" \
                    "$(grep -oE "duplicate entries for crate '[^']+'" "$1" | cut -d"'" -f2 | tr '\n' ' ')"
                ;;
            *) say "$n x $kind, first:$(grep -m1 -F "$kind" "$1" | cut -d: -f2-)" ;;
        esac
    done
}

# --- 1. cargo-deny -----------------------------------------------------------------------

if [[ "$("$DENY" --version 2>/dev/null || true)" != "cargo-deny $CARGO_DENY_VERSION" ]]; then
    say "installing cargo-deny $CARGO_DENY_VERSION into $CARGO_HOME/bin (release build, ~6 min on 2 cores)"
    started=$SECONDS
    # From $HOME and without CARGO_TARGET_DIR: neither the project's cargo config nor its
    # target directory (which a running build may hold) is involved.
    (cd "$HOME" && env -u CARGO_TARGET_DIR cargo install --locked --quiet --root "$CARGO_HOME" \
        cargo-deny --version "$CARGO_DENY_VERSION") ||
        die "cargo install cargo-deny $CARGO_DENY_VERSION failed"
    say "cargo-deny installed in $((SECONDS - started))s"
fi

say "cargo-deny: licences, bans, sources"
# Crates used only on other platforms are not in a Linux machine's cache yet, and cargo-deny
# --offline needs every manifest; fetching them needs only crates.io.
cargo fetch --locked --quiet || warn "cargo fetch failed: checking with the crates already cached"
if "$DENY" --offline --locked check licenses bans sources 2>"$tmp/deny.log"; then
    summarize "$tmp/deny.log"
    results+=("ok       cargo-deny licenses bans sources")
else
    cat "$tmp/deny.log" >&2
    results+=("FAILED   cargo-deny licenses bans sources")
    failed=1
fi

# --- 2. RustSec advisories ---------------------------------------------------------------

say "cargo-deny: advisories (RustSec database)"
advisories() {
    if "$DENY" "$@" --locked check advisories 2>"$tmp/adv.log"; then
        summarize "$tmp/adv.log"
        return 0
    fi
    cat "$tmp/adv.log" >&2
    return 1
}
if timeout "$FETCH_TIMEOUT" "$DENY" fetch db >"$tmp/fetch.log" 2>&1; then
    if advisories; then
        results+=("ok       cargo-deny advisories")
    else
        results+=("FAILED   cargo-deny advisories")
        failed=1
    fi
else
    rc=$?
    if ((rc == 124)); then
        why="fetching it timed out after ${FETCH_TIMEOUT}s"
    else
        # git's own words ("fatal: unable to access …: Could not resolve host: …") say it best.
        why="$(grep -m1 -E '^fatal:' "$tmp/fetch.log" || grep -m1 -E 'ERROR' "$tmp/fetch.log" || tail -n 1 "$tmp/fetch.log")"
        why="${why#*\[ERROR\] }"
    fi
    cached="$(find "$CARGO_HOME/advisory-dbs" -mindepth 1 -maxdepth 1 -type d -name 'advisory-db-*' 2>/dev/null | head -n 1)"
    if [[ -n "$cached" ]] && git -C "$cached" rev-parse -q --verify HEAD >/dev/null 2>&1; then
        when="$(git -C "$cached" log -1 --format=%cs HEAD)"
        loud "The RustSec advisory database could not be fetched from GitHub: $why" \
            "Checking against the copy fetched earlier, last changed $when:" \
            "advisories published since then are NOT checked."
        if advisories --offline; then
            results+=("STALE    cargo-deny advisories (database of $when; fetch failed: $why)")
        else
            results+=("FAILED   cargo-deny advisories (database of $when)")
            failed=1
        fi
    else
        loud "RUST DEPENDENCIES WERE NOT CHECKED FOR KNOWN VULNERABILITIES." \
            "cargo-deny needs the RustSec advisory database, a git repository on GitHub" \
            "(github.com/rustsec/advisory-db), and it could not be fetched: $why" \
            "No package registry reachable here hosts a copy. Run 'make audit' where GitHub" \
            "is reachable (the GitHub workflow does), or set AUDIT_STRICT=1 to fail here."
        unchecked+=("cargo-deny advisories: RustSec database not fetched ($why)")
        results+=("NOT RUN  cargo-deny advisories: $why")
    fi
fi

# --- 3. npm audit ------------------------------------------------------------------------

say "npm audit --omit=dev (web/, failing at $NPM_AUDIT_LEVEL or above)"
[[ -f web/package-lock.json ]] || die "web/package-lock.json not found"
# Reads the lockfile; node_modules is not needed.
(cd web && npm audit --omit=dev --json >"$tmp/npm.json" 2>"$tmp/npm.err") || true
npm_rc=0
python3 - "$tmp/npm.json" "$NPM_AUDIT_LEVEL" >"$tmp/npm.out" <<'EOF' || npm_rc=$?
import json, sys

LEVELS = ["info", "low", "moderate", "high", "critical"]
path, level = sys.argv[1], sys.argv[2]
try:
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
except (OSError, ValueError) as e:
    print(f"npm audit printed no report ({e})")
    sys.exit(3)
if "vulnerabilities" not in report:
    status = report.get("statusCode")
    allow = ", ".join(report.get("headers", {}).get("allow", []))
    why = report.get("message") or report.get("error", {}).get("summary") or "no audit report"
    if status == 405:
        why += f" (the registry allows only {allow or 'other methods'} there: it serves packages, not audits)"
    print(why)
    sys.exit(3)
threshold = LEVELS.index(level)
failing = 0
for name, v in sorted(report["vulnerabilities"].items()):
    sev = v.get("severity", "info")
    titles = "; ".join(
        f"{x.get('title')} ({x.get('url')})" for x in v.get("via", []) if isinstance(x, dict)
    ) or "via " + ", ".join(x for x in v.get("via", []) if isinstance(x, str))
    fix = v.get("fixAvailable")
    if isinstance(fix, dict):
        fix = f"fix: {fix.get('name')}@{fix.get('version')}" + (" (major)" if fix.get("isSemVerMajor") else "")
    else:
        fix = "fix available" if fix else "no fix available"
    mark = "FAIL" if LEVELS.index(sev) >= threshold else "note"
    failing += mark == "FAIL"
    print(f"{mark} {sev:8} {name} {v.get('range', '')}: {titles} [{fix}]")
counts = report.get("metadata", {}).get("vulnerabilities", {})
print("production dependencies: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in LEVELS[1:]))
sys.exit(1 if failing else 0)
EOF
case "$npm_rc" in
    0)
        sed 's/^/    /' "$tmp/npm.out"
        results+=("ok       npm audit --omit=dev --audit-level=$NPM_AUDIT_LEVEL")
        ;;
    1)
        sed 's/^/    /' "$tmp/npm.out" >&2
        results+=("FAILED   npm audit --omit=dev --audit-level=$NPM_AUDIT_LEVEL")
        failed=1
        ;;
    *)
        why="$(head -n 1 "$tmp/npm.out")"
        [[ -s "$tmp/npm.err" ]] && why="$why; $(grep -m1 -E 'npm error|npm ERR' "$tmp/npm.err" || true)"
        loud "WEB DEPENDENCIES WERE NOT CHECKED FOR KNOWN VULNERABILITIES." \
            "npm audit posts the lockfile to the registry's audit endpoint, which answered: $why" \
            "Set AUDIT_STRICT=1 to fail instead."
        unchecked+=("npm audit: $why")
        results+=("NOT RUN  npm audit: audit endpoint unavailable")
        ;;
esac

# --- summary -----------------------------------------------------------------------------

echo
say "audit summary"
printf '    %s\n' "${results[@]}"
((failed == 0)) || die "make audit failed"
if ((${#unchecked[@]} > 0)); then
    if [[ "${AUDIT_STRICT:-}" == 1 || "${AUDIT_STRICT:-}" == true ]]; then
        die "AUDIT_STRICT: ${#unchecked[@]} check(s) could not run"
    fi
    in_ci && loud "CI: ${#unchecked[@]} vulnerability check(s) could not run on this machine; see above." \
        "The licence, ban and source checks passed."
    warn "${#unchecked[@]} vulnerability check(s) could not run (see above)"
fi
say "audit done"
