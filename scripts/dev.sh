#!/usr/bin/env bash
# make dev: build the web app and the server, migrate, seed demo content, serve.
# Uses SQLite in data/ unless DATABASE_URL says otherwise.
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
say "serving on ${PUBLIC_URL:-http://localhost:${bind##*:}}  (docs: /docs, stop with Ctrl-C)"
exec "$lectern" serve --no-migrate
