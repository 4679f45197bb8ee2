#!/usr/bin/env bash
# make dev: build the web app and the server, migrate, seed demo content, serve.
# Uses SQLite in data/ unless DATABASE_URL says otherwise. STRIPE_STANDIN=1 also runs the
# local Stripe stand-in the tests use, so plans, Checkout and the portal can be tried offline.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [[ -f web/package.json ]]; then
    ensure_web_deps
    say "building the web app (web/dist)"
    (cd web && npm run build)
else
    warn "web/ has no package.json yet: serving the API and /docs only"
fi

say "embedding model (make model)"
scripts/model.sh

say "building lectern"
cargo build -p lectern
lectern="$TARGET_DIR/debug/lectern"

if [[ -z "${DATABASE_URL:-}" ]]; then
    mkdir -p data
fi

say "applying migrations"
"$lectern" migrate

say "seeding demo content (skipped when posts already exist)"
"$lectern" seed

bind="${BIND:-127.0.0.1:8080}"
public_url="${PUBLIC_URL:-http://localhost:${bind##*:}}"
if [[ "${STRIPE_STANDIN:-}" == 1 ]]; then
    [[ -n "${STRIPE_SECRET_KEY:-}" ]] && die "STRIPE_STANDIN=1 and STRIPE_SECRET_KEY are both set: pick one"
    cargo build -p lectern --example stripe_standin
    standin_port="${STRIPE_STANDIN_PORT:-12111}"
    export STRIPE_SECRET_KEY="sk_test_local_standin"
    export STRIPE_WEBHOOK_SECRET="whsec_local_standin"
    export STRIPE_API_BASE="http://127.0.0.1:$standin_port"
    export STRIPE_PRICE_MONTHLY="${STRIPE_PRICE_MONTHLY:-price_local_monthly}"
    export STRIPE_PRICE_YEARLY="${STRIPE_PRICE_YEARLY:-price_local_yearly}"
    STANDIN_PORT="$standin_port" WEBHOOK_URL="http://${bind}/api/v1/billing/webhook" \
        "$TARGET_DIR/debug/examples/stripe_standin" &
    standin_pid=$!
    trap 'kill "$standin_pid" 2>/dev/null || true' EXIT
    say "payments go to the Stripe stand-in on $STRIPE_API_BASE (its Checkout takes any click as a payment)"
    say "serving on $public_url  (docs: /docs, stop with Ctrl-C)"
    "$lectern" serve --no-migrate
    exit
fi
say "serving on $public_url  (docs: /docs, stop with Ctrl-C)"
exec "$lectern" serve --no-migrate
