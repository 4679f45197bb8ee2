#!/usr/bin/env bash
# The property-based contract test: schemathesis runs every check (30 examples per operation,
# then the stateful phase) against a live lectern on SQLite and on PostgreSQL, reading the
# spec the server serves, signed in as an admin, with payments on the Stripe stand-in and
# Google sign-in configured. Any failure fails. The refusals a schema cannot express are
# listed, with their reasons, in scripts/contract/schemathesis.toml.
#   scripts/contract.sh            both backends
#   CONTRACT_BACKENDS=sqlite ...   one of them
#   CONTRACT_SEED=123 ...          another generation seed (the default keeps CI reproducible)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

REQUIREMENTS="scripts/contract/requirements.txt"
CONFIG="scripts/contract/schemathesis.toml"
VENV=".venv-tools/contract"
SEED="${CONTRACT_SEED:-20261201}"
BACKENDS="${CONTRACT_BACKENDS:-sqlite postgres}"
PG_ADMIN_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PG_DB="lectern_contract"

pids=()
tmp="$(mktemp -d)"
cleanup() {
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stamp="$VENV/.requirements-$(sha256sum "$REQUIREMENTS" | cut -c1-16)"
if [[ ! -f "$stamp" ]]; then
    say "installing schemathesis into $VENV (pinned, hash-checked)"
    rm -rf "$VENV"
    python3 -m venv "$VENV" || die "python3 -m venv failed (apt-get install python3-venv)"
    "$VENV/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps -r "$REQUIREMENTS"
    touch "$stamp"
fi

cargo build -q -p lectern --bin lectern --example stripe_standin
lectern="$TARGET_DIR/debug/lectern"
standin="$TARGET_DIR/debug/examples/stripe_standin"

# contract BACKEND DATABASE_URL
contract() {
    local backend="$1" port base standin_port token
    port="$(free_port)"
    standin_port="$(free_port)"
    base="http://127.0.0.1:$port"
    (
        export DATABASE_URL="$2" BIND="127.0.0.1:$port" PUBLIC_URL="$base" LECTERN_ENV=development
        export JWT_SECRET="$(random_token 32)" WEB_DIST="$ROOT/web/dist" RUST_LOG=warn SMTP_URL= REDIS_URL=
        # The test sends thousands of requests a minute; the limits have tests of their own.
        export AUTH_RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_ANONYMOUS_PER_HOUR=0 RATE_LIMIT_USER_PER_HOUR=0
        export STRIPE_SECRET_KEY="sk_test_$(random_token 12)" STRIPE_WEBHOOK_SECRET="whsec_$(random_token 12)"
        export STRIPE_API_BASE="http://127.0.0.1:$standin_port" STRIPE_PRICE_MONTHLY=price_contract_monthly STRIPE_PRICE_YEARLY=price_contract_yearly
        # Sign-in only redirects to the provider; nothing in the run completes a sign-in.
        export GOOGLE_CLIENT_ID=contract-client GOOGLE_CLIENT_SECRET="$(random_token 12)"
        export GOOGLE_AUTH_URL="http://127.0.0.1:9/authorize" GOOGLE_TOKEN_URL="http://127.0.0.1:9/token" GOOGLE_USERINFO_URL="http://127.0.0.1:9/userinfo"
        STANDIN_PORT="$standin_port" WEBHOOK_URL="$base/api/v1/billing/webhook" "$standin" >"$tmp/$backend-stripe.log" 2>&1 &
        echo $! >"$tmp/$backend-standin.pid"
        "$lectern" migrate >/dev/null
        "$lectern" admin create --email admin@contract.test --password contract-admin-password >/dev/null
        "$lectern" seed >/dev/null
        "$lectern" serve --no-migrate >"$tmp/$backend-server.log" 2>&1 &
        echo $! >"$tmp/$backend-server.pid"
    )
    pids+=("$(cat "$tmp/$backend-standin.pid")" "$(cat "$tmp/$backend-server.pid")")
    wait_http "$base/healthz" "$(cat "$tmp/$backend-server.pid")" 60 || { tail -n 30 "$tmp/$backend-server.log" >&2; die "$backend: lectern did not start"; }

    token="$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
        -d '{"email":"admin@contract.test","password":"contract-admin-password"}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

    say "$backend: schemathesis (all checks, seed $SEED) against $base"
    if ! "$VENV/bin/schemathesis" --config-file "$CONFIG" run "$base/api-docs/openapi.json" \
        --checks all --seed "$SEED" --header "Authorization: Bearer $token" \
        --report junit --report-dir "$tmp/$backend-report" --no-color >"$tmp/$backend-schemathesis.log" 2>&1; then
        cat "$tmp/$backend-schemathesis.log"
        warn "$backend: last lines of the server log:"
        tail -n 30 "$tmp/$backend-server.log" >&2
        die "$backend: the API does not keep its contract (reproduce: CONTRACT_BACKENDS=$backend CONTRACT_SEED=$SEED scripts/contract.sh)"
    fi
    grep -E "generated|passed|warnings? in|Missing test data" "$tmp/$backend-schemathesis.log" || true
}

for backend in $BACKENDS; do
    case "$backend" in
        sqlite) contract sqlite "sqlite://$tmp/contract.db?mode=rwc" ;;
        postgres)
            if ! psql "$PG_ADMIN_URL" -qAtc 'select 1' >/dev/null 2>&1; then
                in_ci && die "PostgreSQL is unreachable at $PG_ADMIN_URL"
                warn "PostgreSQL is unreachable at $PG_ADMIN_URL: SKIPPING the contract test on PostgreSQL"
                continue
            fi
            PGOPTIONS="-c client_min_messages=warning" psql "$PG_ADMIN_URL" -q -v ON_ERROR_STOP=1 \
                -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB"
            contract postgres "${PG_ADMIN_URL%/*}/$PG_DB"
            ;;
        *) die "CONTRACT_BACKENDS: unknown backend $backend (sqlite, postgres)" ;;
    esac
done
say "the API keeps its contract on: $BACKENDS"
