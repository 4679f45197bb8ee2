#!/usr/bin/env bash
# make test: every check, in the order a failure is cheapest to find.
#   services -> embedding model -> Rust (SQLite + PostgreSQL) -> the property-based contract
#   test -> spec compatibility -> fuzzing -> dependency audit -> OpenAPI 3.1 validation -> web
#   (contract, types, unit tests, build) -> a browser journey against a real server.
# With CI=true nothing is skipped: a missing service or browser is a failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

VALIDATOR_VERSION="0.9.0"
CHROMIUM=/usr/bin/chromium

results=()
current=""
server_pid=""
standin_pid=""
unpaid_pid=""
tmp=""

step() { current="$1"; echo; say "$1"; }
passed() { results+=("ok       $current"); current=""; }
skipped() { results+=("SKIPPED  $current: $1"); warn "SKIPPED $current: $1"; current=""; }

finish() {
    local rc=$?
    stop_pid "$server_pid"
    stop_pid "$standin_pid"
    stop_pid "$unpaid_pid"
    [[ -n "$tmp" ]] && rm -rf "$tmp"
    [[ -n "$current" ]] && results+=("FAILED   $current")
    echo
    say "summary"
    printf '    %s\n' "${results[@]}"
    if ((rc == 0)); then say "all checks passed"; else printf '\n'; warn "make test failed (exit $rc)"; fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

step "services (PostgreSQL, Redis)"
scripts/services.sh
passed

step "embedding model (make model)"
scripts/model.sh
passed

step "S3 test server (moto)"
ensure_s3_server
passed

step "Rust tests (SQLite and PostgreSQL)"
if [[ -n "${CI:-}" ]]; then export CI; fi
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
cargo test --workspace
passed

step "contract: property-based API test on SQLite and PostgreSQL (schemathesis)"
scripts/contract.sh
passed

step "contract: no undeclared breaking change to openapi/openapi.json"
python3 -m unittest discover -s scripts/tests -q
scripts/check-openapi-compat.sh
passed

step "fuzzing: markdown sanitizer, cursor and slug parsers (short run; make fuzz runs longer)"
scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
passed

step "dependencies: licences, bans, sources, advisories (cargo deny, npm audit)"
scripts/audit.sh
passed

step "openapi/openapi.json is valid OpenAPI 3.1"
stamp=".venv-tools/.openapi-spec-validator-$VALIDATOR_VERSION"
if [[ ! -f "$stamp" ]]; then
    [[ -x .venv-tools/bin/pip ]] || python3 -m venv .venv-tools ||
        die "python3 -m venv failed (apt-get install python3-venv)"
    .venv-tools/bin/pip install -q --disable-pip-version-check "openapi-spec-validator==$VALIDATOR_VERSION"
    touch "$stamp"
fi
version="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["openapi"])' openapi/openapi.json)"
[[ "$version" == 3.1.* ]] || die "openapi/openapi.json declares OpenAPI $version, expected 3.1.x"
.venv-tools/bin/openapi-spec-validator --schema 3.1 openapi/openapi.json
passed

step "web: generated client is fresh (npm run check:api)"
ensure_web_deps
(cd web && npm run check:api)
passed

step "web: typecheck"
(cd web && npm run typecheck)
passed

step "web: unit tests"
(cd web && npm test)
passed

step "web: build"
(cd web && npm run build)
passed

step "browser journey (Playwright + Chromium)"
if [[ ! -x "$CHROMIUM" ]]; then
    apt_install chromium || true
fi
if [[ ! -x "$CHROMIUM" ]]; then
    in_ci && die "$CHROMIUM is missing and could not be installed (apt-get install chromium)"
    skipped "$CHROMIUM not found (apt-get install chromium)"
else
    cargo build -p lectern --bin lectern --example stripe_standin
    lectern="$TARGET_DIR/debug/lectern"
    tmp="$(mktemp -d)"
    port="$(free_port)"
    base_url="http://127.0.0.1:$port"
    admin_email="admin@e2e.test"
    admin_password="$(random_token 18)"
    export DATABASE_URL="sqlite://$tmp/e2e.db?mode=rwc"
    export BIND="127.0.0.1:$port"
    export PUBLIC_URL="$base_url"
    export WEB_DIST="$ROOT/web/dist"
    export UPLOADS_DIR="$tmp/uploads"
    export LECTERN_ENV=development
    export RUST_LOG="${RUST_LOG:-info}"

    # Payments go to the Stripe stand-in: the real client on the wire, signed webhooks back.
    standin_port="$(free_port)"
    export STRIPE_SECRET_KEY="sk_test_$(random_token 12)"
    export STRIPE_WEBHOOK_SECRET="whsec_$(random_token 12)"
    export STRIPE_API_BASE="http://127.0.0.1:$standin_port"
    export STRIPE_PRICE_MONTHLY="price_e2e_monthly"
    export STRIPE_PRICE_YEARLY="price_e2e_yearly"
    STANDIN_PORT="$standin_port" WEBHOOK_URL="$base_url/api/v1/billing/webhook" \
        "$TARGET_DIR/debug/examples/stripe_standin" >"$tmp/stripe.log" 2>&1 &
    standin_pid=$!

    "$lectern" migrate
    "$lectern" admin create --email "$admin_email" --password "$admin_password"
    "$lectern" seed
    say "starting lectern on $base_url (log: $tmp/server.log)"
    "$lectern" serve --no-migrate >"$tmp/server.log" 2>&1 &
    server_pid=$!
    if ! wait_http "$base_url/healthz" "$server_pid" 60; then
        tail -n 50 "$tmp/server.log" >&2
        die "lectern did not start"
    fi

    wait_http "$STRIPE_API_BASE/healthz" "$standin_pid" 30 || die "the Stripe stand-in did not start"

    # A second API process on the same database with no Stripe keys: payments are off there.
    unpaid_port="$(free_port)"
    env -u STRIPE_SECRET_KEY -u STRIPE_WEBHOOK_SECRET -u STRIPE_API_BASE BIND="127.0.0.1:$unpaid_port" \
        PUBLIC_URL="http://127.0.0.1:$unpaid_port" "$lectern" serve --no-migrate --no-worker >"$tmp/unpaid.log" 2>&1 &
    unpaid_pid=$!
    wait_http "http://127.0.0.1:$unpaid_port/healthz" "$unpaid_pid" 60 || die "the server without payments did not start"

    if ! (cd web && E2E_BASE_URL="$base_url" E2E_ADMIN_EMAIL="$admin_email" \
        E2E_ADMIN_PASSWORD="$admin_password" E2E_UNPAID_URL="http://127.0.0.1:$unpaid_port" npm run e2e); then
        warn "last lines of the server log:"
        tail -n 50 "$tmp/server.log" >&2
        warn "last lines of the Stripe stand-in's log:"
        tail -n 20 "$tmp/stripe.log" >&2
        exit 1
    fi
    passed
fi
