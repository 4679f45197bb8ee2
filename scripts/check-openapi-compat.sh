#!/usr/bin/env bash
# Fails when openapi/openapi.json changed in a way that breaks clients of the generated
# TypeScript client (see scripts/openapi_breaking.py for the rules), unless declared.
#
#   * every first-parent commit that changed the spec, from the commit that added the checker
#     on, is compared with its first parent; a commit whose message has a line starting with
#     "BREAKING CHANGE:" is accepted as declared (for a merge: the merge's message or that of
#     any commit it brought in);
#   * an uncommitted change of the spec (working tree or index against HEAD) is compared
#     with HEAD, and any break fails: there is no message to declare it in.
# Needs the full history: a shallow clone is deepened when its origin allows, and otherwise
# only uncommitted changes are checked, with a loud warning.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SPEC=openapi/openapi.json
CHECKER=scripts/openapi_breaking.py

git rev-parse --git-dir >/dev/null 2>&1 || die "not a git checkout: $ROOT"
[[ -f "$CHECKER" ]] || die "$CHECKER not found"
git rev-parse --verify -q HEAD >/dev/null || { say "no commits yet: nothing to compare"; exit 0; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failures=0
checked=0

# compare LABEL OLD_FILE NEW_FILE: prints the breaks; returns 1 if there are any.
compare() {
    local label="$1" rc=0
    python3 "$CHECKER" "$2" "$3" >"$tmp/out" || rc=$?
    case "$rc" in
        0) return 0 ;;
        1) sed 's/^/    /' "$tmp/out"; return 1 ;;
        *) die "$label: $CHECKER failed (exit $rc)" ;;
    esac
}

# declared COMMIT: its message (or, for a merge, any message it brings in) declares a break.
declared() {
    local c="$1"
    if git rev-parse -q --verify "$c^2" >/dev/null; then
        git log --format=%B "$c^1..$c" | grep -q '^BREAKING CHANGE:'
    else
        git log -1 --format=%B "$c" | grep -q '^BREAKING CHANGE:'
    fi
}

if [[ "$(git rev-parse --is-shallow-repository)" == true ]]; then
    git fetch --quiet --unshallow 2>/dev/null || true
fi
if [[ "$(git rev-parse --is-shallow-repository)" == true ]]; then
    # Said loudly rather than failed: a clone without its history is not a broken contract,
    # and the next full-history run checks these commits too.
    warn "################################################################################"
    warn "## shallow clone and its origin can't deepen it: the spec's history is NOT"
    warn "## checked here (git fetch --unshallow); checking only uncommitted changes"
    warn "################################################################################"
    base="shallow"
else
    # The oldest commit that added the checker; empty while it is not committed yet.
    base="$(git log --diff-filter=A --format=%H -- "$CHECKER" | tail -n 1)"
fi

if [[ "$base" == shallow ]]; then
    :
elif [[ -n "$base" ]]; then
    if git rev-parse -q --verify "$base^" >/dev/null; then
        range=("$base^..HEAD")
    else
        range=(HEAD)
    fi
    mapfile -t commits < <(git rev-list --first-parent --reverse "${range[@]}" -- "$SPEC")
    say "OpenAPI compatibility: ${#commits[@]} commit(s) changed $SPEC since $(git rev-parse --short "$base")"
    for c in "${commits[@]}"; do
        short="$(git rev-parse --short "$c")"
        subject="$(git log -1 --format=%s "$c")"
        if ! git cat-file -e "$c^:$SPEC" 2>/dev/null; then
            say "$short: $SPEC added, nothing to compare ($subject)"
            continue
        fi
        git show "$c^:$SPEC" >"$tmp/old.json"
        if git cat-file -e "$c:$SPEC" 2>/dev/null; then
            git show "$c:$SPEC" >"$tmp/new.json"
        else
            echo '{"openapi": "3.1.0", "paths": {}}' >"$tmp/new.json"  # removed: every operation is gone
        fi
        checked=$((checked + 1))
        if compare "$short" "$tmp/old.json" "$tmp/new.json"; then
            say "$short: compatible ($subject)"
        elif declared "$c"; then
            say "$short: breaking changes above accepted as declared by BREAKING CHANGE: ($subject)"
        else
            warn "$short: breaking changes above, undeclared ($subject);" \
                "revert them, or say why in a 'BREAKING CHANGE:' line of the commit message"
            failures=$((failures + 1))
        fi
    done
else
    say "OpenAPI compatibility: $CHECKER is not committed yet; checking uncommitted changes only"
fi

if [[ -f "$SPEC" ]] && git cat-file -e "HEAD:$SPEC" 2>/dev/null && ! git diff --quiet HEAD -- "$SPEC"; then
    git show "HEAD:$SPEC" >"$tmp/old.json"
    checked=$((checked + 1))
    if compare "working tree" "$tmp/old.json" "$SPEC"; then
        say "working tree: uncommitted $SPEC changes are compatible"
    else
        warn "working tree: uncommitted $SPEC changes break clients (no commit message can declare them yet)"
        failures=$((failures + 1))
    fi
elif [[ ! -f "$SPEC" ]] && git cat-file -e "HEAD:$SPEC" 2>/dev/null; then
    warn "working tree: $SPEC is deleted"
    failures=$((failures + 1))
fi

((failures == 0)) || die "$failures undeclared breaking change set(s) in $SPEC"
say "OpenAPI compatibility: ok ($checked comparison(s))"
