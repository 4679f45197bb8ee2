#!/usr/bin/env bash
# make bench: load-tests the public read endpoints with wrk on SQLite and on PostgreSQL, over
# BENCH_POSTS generated posts (BENCH_SCALES="1000 10000 100000" for several sizes): a post
# page and the first list page through the page cache, then with PAGE_CACHE=off a post page
# for every slug in turn, the first list page, a tag page, a series page and a page 50 deep,
# with the server's peak memory; measures one worker's job throughput on each queue backend
# and the time to build and queue a digest for BENCH_SUBSCRIBERS; measures how fast the
# Stripe webhook acknowledges BENCH_WEBHOOKS signed events and how fast one worker applies
# them; load-tests search (keyword, hybrid with the query embedding cached, hybrid with every
# query new) over the same posts; measures vector retrieval, embedding throughput,
# `lectern reindex` of the demo content and Ask AI's time to first delta; publishes
# BENCH_PUBLISH posts in a burst through the admin API and times the worker going idle after
# it; loads a signed-in reader's post page and the comment threads of a post with
# BENCH_COMMENTS comments, and counts the queries of a page of threads; sends page-view beacons
# with recording on and with ANALYTICS=off, then checks a graceful stop loses none of the
# views it answered for; prints markdown tables.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

BENCH_POSTS="${BENCH_POSTS:-10000}"
WRK_ARGS=(-t"${BENCH_THREADS:-2}" -c"${BENCH_CONNECTIONS:-32}" -d"${BENCH_DURATION:-10s}" --latency)
PG_ADMIN_URL="${BENCH_POSTGRES_URL:-${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
PG_BENCH_URL="${PG_ADMIN_URL%/*}/lectern_bench"
BENCH_JOBS="${BENCH_JOBS:-5000}"
BENCH_SUBSCRIBERS="${BENCH_SUBSCRIBERS:-10000}"
REDIS_BENCH_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/8}"
BENCH_WEBHOOKS="${BENCH_WEBHOOKS:-2000}"
job_rows=()
digest_rows=()
webhook_rows=()
# BENCH_SCALES="1000 10000 100000" measures the read path at each size (flatness).
BENCH_SCALES="${BENCH_SCALES:-$BENCH_POSTS}"
rss_rows=()
base=""

server_pid=""
tmp="$(mktemp -d)"
rows=()
cleanup() {
    stop_pid "$server_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v wrk >/dev/null 2>&1; then
    apt_install wrk || die "wrk is needed (apt-get install wrk)"
fi

say "building lectern and the webhook and AI benchmarks (profile bench-release)"
cargo build --profile bench-release -p lectern --bin lectern --example bench_webhooks --example bench_ai --example bench_publish --example bench_community --example bench_uploads --example bench_views
lectern="$TARGET_DIR/bench-release/lectern"
bench_webhooks_bin="$TARGET_DIR/bench-release/examples/bench_webhooks"
bench_ai_bin="$TARGET_DIR/bench-release/examples/bench_ai"
bench_publish_bin="$TARGET_DIR/bench-release/examples/bench_publish"
bench_community_bin="$TARGET_DIR/bench-release/examples/bench_community"
bench_uploads_bin="$TARGET_DIR/bench-release/examples/bench_uploads"
upload_rows=()
bench_views_bin="$TARGET_DIR/bench-release/examples/bench_views"
views_rows=()
BENCH_COMMENTS="${BENCH_COMMENTS:-1000}"
community_rows=()
BENCH_PUBLISH="${BENCH_PUBLISH:-10000}"
publish_rows=()
# Hybrid search and Ask need the built-in embedding model.
scripts/model.sh
export LECTERN_MODEL_DIR="${LECTERN_MODEL_DIR:-$ROOT/data/models/all-MiniLM-L6-v2}"
ai_rows=()

# Search queries: a fixed set (their embeddings cached after the first request) and, for
# the cold figure, three words drawn at random per request from demo-content vocabulary, so
# nearly every query embedding is computed afresh.
cat >"$tmp/search-fixed.lua" <<'LUA'
local queries = {"generators+memory", "borrow+checker", "keyset+pagination", "join+rows", "pytest+fixtures",
  "context+manager", "async+await", "index+scan", "closures+capture", "result+errors"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", wrk.path .. "&q=" .. queries[(i % #queries) + 1])
end
LUA
cat >"$tmp/search-cold.lua" <<'LUA'
local words = {"generator", "iterator", "memory", "borrow", "ownership", "closure", "index", "join", "pagination",
  "cursor", "fixture", "pytest", "async", "await", "trait", "protocol", "result", "exception", "context", "manager",
  "lifetime", "reference", "value", "name", "function", "scope", "query", "table", "rows", "offset", "keyset",
  "test", "loop", "event", "task", "lazy", "yield", "file", "error", "type", "generic", "dispatch", "mutable",
  "copy", "clone", "string", "list", "dict", "plan", "btree", "sort", "filter", "page", "order", "key", "python",
  "rust", "sql", "database", "cleanup"}
local n = 0
function setup(thread) n = n + 1; thread:set("id", n) end
function init(args) math.randomseed(id * 7919 + os.time()) end
request = function()
  local q = words[math.random(#words)] .. "+" .. words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format("GET", wrk.path .. "&q=" .. q)
end
LUA

scripts/services.sh

# wrk_row BACKEND POSTS LABEL URL [WRK_ARG...]: one wrk run, printed and added to the table.
wrk_row() {
    local backend="$1" scale="$2" label="$3" url="$4" out rps p50 p99 errors
    shift 4
    say "$backend: wrk ${WRK_ARGS[*]} $* $label"
    out="$(wrk "${WRK_ARGS[@]}" "$@" "$url")"
    echo "$out"
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    errors="$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' <<<"$out")"
    [[ -z "$errors" ]] || warn "$backend $label: $errors non-2xx responses"
    rows+=("| $backend | $scale | $label | ${rps:-?} | ${p50:-?} | ${p99:-?} |")
}

# serve BACKEND [ENV=VALUE...]: starts lectern (no worker: the read path alone) on a free port.
serve() {
    local backend="$1" port log
    shift
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    log="$tmp/$backend-server.log"
    say "$backend: serving on $base${*:+ ($*)}"
    env BIND="127.0.0.1:$port" PUBLIC_URL="$base" RUST_LOG=warn \
        AUTH_RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_ANONYMOUS_PER_HOUR=0 RATE_LIMIT_USER_PER_HOUR=0 "$@" \
        "$lectern" serve --no-migrate --no-worker >"$log" 2>&1 &
    server_pid=$!
    if ! wait_http "$base/healthz" "$server_pid" 60; then
        tail -n 30 "$log" >&2
        die "$backend: lectern did not start"
    fi
}

# rss_row BACKEND LABEL: the server's peak resident memory so far (VmHWM), as a table row.
rss_row() {
    local kib
    kib="$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")"
    rss_rows+=("| $1 | $2 | $((kib / 1024)) MiB |")
}

# read_path POSTS BACKEND DATABASE_URL: the public read endpoints, cached and not, and search,
# over POSTS generated posts in a fresh database.
read_path() {
    local scale="$1" backend="$2" tag="bench-python" series="bench-series-1" endpoint label path script q cursor deep
    export DATABASE_URL="$3"

    say "$backend: migrating and adding $scale posts"
    "$lectern" migrate
    "$lectern" seed --bench-posts "$scale"
    # Uncached post pages: every request a slug drawn from the whole corpus.
    cat >"$tmp/every-slug.lua" <<LUA
local n = $scale
local i = 0
function setup(thread) i = i + 1; thread:set("id", i) end
function init(args) math.randomseed(id * 104729) end
request = function()
  return wrk.format("GET", wrk.path .. "bench-post-" .. math.random(n))
end
LUA
    local endpoints=("/api/v1/posts/bench-post-$((scale / 2))" "/api/v1/posts?limit=20")

    # The page cache on: one post page and the first list page, as most readers get them.
    serve "$backend"
    for endpoint in "${endpoints[@]}"; do
        curl -fsS -o /dev/null "$base$endpoint" || die "$backend: GET $endpoint does not answer 200"
        wrk_row "$backend" "$scale" "cached \`$endpoint\`" "$base$endpoint"
    done
    stop_pid "$server_pid"

    # PAGE_CACHE=off: every request reads the database.
    serve "$backend" PAGE_CACHE=off
    # A page 50 deep: follow the list's cursors there first.
    deep="/api/v1/posts?limit=20"
    for _ in $(seq 49); do
        cursor="$(curl -fsS "$base$deep" | python3 -c 'import json, sys; print(json.load(sys.stdin)["next_cursor"])')"
        deep="/api/v1/posts?limit=20&cursor=$cursor"
    done
    wrk_row "$backend" "$scale" "uncached \`/api/v1/posts/{slug}\`, every slug in turn" "$base/api/v1/posts/" -s "$tmp/every-slug.lua"
    for endpoint in "/api/v1/posts?limit=20" "/api/v1/posts?tag=$tag&limit=20" "/api/v1/series/$series" "$deep"; do
        curl -fsS -o /dev/null "$base$endpoint" || die "$backend: GET $endpoint does not answer 200"
        label="\`$endpoint\`"
        [[ "$endpoint" == "$deep" ]] && label="\`/api/v1/posts?limit=20&cursor=…\` (page 50)"
        wrk_row "$backend" "$scale" "uncached $label" "$base$endpoint"
    done
    rss_row "$backend, $scale posts" "read endpoints, PAGE_CACHE=off"

    for label in "keyword:/api/v1/search?mode=keyword:fixed" "hybrid, query embedding cached:/api/v1/search?mode=hybrid:fixed" \
        "hybrid, every query new:/api/v1/search?mode=hybrid:cold"; do
        IFS=: read -r label path script <<<"$label"
        for q in generators+memory borrow+checker keyset+pagination join+rows pytest+fixtures context+manager \
            async+await index+scan closures+capture result+errors; do
            curl -fsS -o /dev/null "$base$path&q=$q" || die "$backend: GET $path&q=$q does not answer 200"
        done
        wrk_row "$backend" "$scale" "search, $label" "$base$path" -s "$tmp/search-$script.lua"
    done
    rss_row "$backend, $scale posts" "after search (model and vectors loaded)"

    stop_pid "$server_pid"
    server_pid=""
}

# bench_jobs LABEL DATABASE_URL [REDIS_URL]: one worker process's throughput and the digest.
bench_jobs() {
    local label="$1" out kind backend n queued secs rate
    say "$label: job throughput ($BENCH_JOBS deliveries) and a digest for $BENCH_SUBSCRIBERS subscribers"
    out="$(DATABASE_URL="$2" REDIS_URL="${3:-}" SMTP_URL= RUST_LOG=warn \
        "$lectern" bench-jobs --jobs "$BENCH_JOBS" --subscribers "$BENCH_SUBSCRIBERS")"
    echo "$out"
    while IFS=$'\t' read -r kind backend n queued secs; do
        case "$kind" in
            throughput) rate="$queued"; job_rows+=("| $label | $n | ${rate} |") ;;
            digest) digest_rows+=("| $label | $n | $queued | ${secs} s |") ;;
        esac
    done <<<"$out"
}

# fresh_pg_db: drops and recreates the lectern_bench database.
fresh_pg_db() {
    PGOPTIONS="-c client_min_messages=warning" psql "$PG_ADMIN_URL" -q -v ON_ERROR_STOP=1 \
        -c 'DROP DATABASE IF EXISTS lectern_bench WITH (FORCE)' -c 'CREATE DATABASE lectern_bench'
}

# bench_publish LABEL DATABASE_URL [REDIS_URL]: a burst of publishes, and the worker after it.
bench_publish() {
    local row
    say "$1: publishing $BENCH_PUBLISH posts in a burst"
    row="$(DATABASE_URL="$2" REDIS_URL="${3:-}" BENCH_PUBLISH="$BENCH_PUBLISH" RUST_LOG=error "$bench_publish_bin")"
    echo "$row"
    publish_rows+=("| $1 ${row#| }")
}

# bench_community DATABASE_URL: the signed-in post page and comment threads under load.
bench_community() {
    local out
    say "community on $1: a post with $BENCH_COMMENTS comments, ${BENCH_CONNECTIONS:-32} readers at once"
    out="$(DATABASE_URL="$1" BENCH_COMMENTS="$BENCH_COMMENTS" BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-32}" RUST_LOG=error "$bench_community_bin")"
    echo "$out"
    mapfile -t -O "${#community_rows[@]}" community_rows <<<"$out"
}

# bench_uploads DATABASE_URL: a 100-page PDF until searchable, and photo upload latency.
bench_uploads() {
    local out
    say "uploads on $1: a ${BENCH_PDF_PAGES:-100}-page PDF attached to a post, then photos"
    out="$(DATABASE_URL="$1" RUST_LOG=error "$bench_uploads_bin")"
    echo "$out"
    mapfile -t -O "${#upload_rows[@]}" upload_rows <<<"$out"
}

# bench_views DATABASE_URL: the page-view beacon with recording on and off, and no lost views.
bench_views() {
    local out
    say "page views on $1: ${BENCH_CONNECTIONS:-32} connections, recording on and then ANALYTICS=off"
    out="$(DATABASE_URL="$1" BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-32}" RUST_LOG=error "$bench_views_bin")"
    echo "$out"
    mapfile -t -O "${#views_rows[@]}" views_rows <<<"$out"
}

# bench_webhooks DATABASE_URL [REDIS_URL]: webhook acknowledgement and event application.
bench_webhooks() {
    local row
    say "webhooks on $1${2:+ (queue $2)}: $BENCH_WEBHOOKS signed events"
    row="$(DATABASE_URL="$1" REDIS_URL="${2:-}" BENCH_WEBHOOKS="$BENCH_WEBHOOKS" RUST_LOG=error "$bench_webhooks_bin")"
    echo "$row"
    webhook_rows+=("$row")
}

sqlite_dir="$tmp/sqlite"
mkdir -p "$sqlite_dir"
JWT_SECRET="$(random_token 32)"
export JWT_SECRET LECTERN_ENV=development WEB_DIST="$ROOT/web/dist"

for scale in $BENCH_SCALES; do
    rm -f "$sqlite_dir"/bench.db*
    read_path "$scale" sqlite "sqlite://$sqlite_dir/bench.db?mode=rwc"
done

if ! command -v psql >/dev/null 2>&1; then
    in_ci && die "psql is needed for the PostgreSQL benchmark"
    warn "psql not found: SKIPPING the PostgreSQL benchmark"
elif ! psql "$PG_ADMIN_URL" -qAtc 'select 1' >/dev/null 2>&1; then
    in_ci && die "PostgreSQL is unreachable at $PG_ADMIN_URL"
    warn "PostgreSQL is unreachable at $PG_ADMIN_URL: SKIPPING the PostgreSQL benchmark"
else
    for scale in $BENCH_SCALES; do
        say "postgres: recreating database lectern_bench"
        fresh_pg_db
        read_path "$scale" postgres "$PG_BENCH_URL"
    done
    # Fresh tables for the job measurements, on PostgreSQL and then on Redis.
    for label in "postgres queue" "redis queue (PostgreSQL data)"; do
        fresh_pg_db
        if [[ "$label" == redis* ]]; then
            redis-cli -u "$REDIS_BENCH_URL" FLUSHDB >/dev/null || die "Redis is unreachable at $REDIS_BENCH_URL"
            bench_jobs "$label" "$PG_BENCH_URL" "$REDIS_BENCH_URL"
        else
            bench_jobs "$label" "$PG_BENCH_URL"
        fi
    done
    for queue in "" "$REDIS_BENCH_URL"; do
        fresh_pg_db
        [[ -n "$queue" ]] && redis-cli -u "$queue" FLUSHDB >/dev/null
        bench_webhooks "$PG_BENCH_URL" "$queue"
    done
    for queue in "" "$REDIS_BENCH_URL"; do
        fresh_pg_db
        [[ -n "$queue" ]] && redis-cli -u "$queue" FLUSHDB >/dev/null
        bench_publish "postgres${queue:+, redis queue}" "$PG_BENCH_URL" "$queue"
    done
    fresh_pg_db
    bench_community "$PG_BENCH_URL"
    fresh_pg_db
    bench_uploads "$PG_BENCH_URL"
    bench_views "$PG_BENCH_URL"
fi

say "AI: vector retrieval, embedding throughput and Ask AI on SQLite"
ai_out="$(DATABASE_URL="sqlite://$sqlite_dir/ai.db?mode=rwc" RUST_LOG=error "$bench_ai_bin")"
echo "$ai_out"
mapfile -t -O "${#ai_rows[@]}" ai_rows <<<"$ai_out"
say "lectern reindex of the demo content"
reindex_url="sqlite://$sqlite_dir/reindex.db?mode=rwc"
DATABASE_URL="$reindex_url" RUST_LOG=error "$lectern" seed >/dev/null
reindex_out="$(DATABASE_URL="$reindex_url" RUST_LOG=error "$lectern" reindex | tail -n 1)"
echo "$reindex_out"
ai_rows+=("| \`lectern reindex\` of the demo content: $reindex_out | | |")

rm -f "$sqlite_dir"/jobs.db*
bench_jobs "sqlite queue" "sqlite://$sqlite_dir/jobs.db?mode=rwc"
bench_webhooks "sqlite://$sqlite_dir/webhooks.db?mode=rwc"
bench_publish sqlite "sqlite://$sqlite_dir/publish.db?mode=rwc"
bench_community "sqlite://$sqlite_dir/community.db?mode=rwc"
bench_uploads "sqlite://$sqlite_dir/uploads.db?mode=rwc"
bench_views "sqlite://$sqlite_dir/views.db?mode=rwc"

echo
say "read path and search (wrk ${WRK_ARGS[*]}; the server with --no-worker)"
echo
echo "| backend | posts | endpoint | req/s | p50 | p99 |"
echo "|---|---:|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "| server | during | peak RSS |"
echo "|---|---|---:|"
printf '%s\n' "${rss_rows[@]}"
echo
say "search and Ask AI (profile bench-release; built-in all-MiniLM-L6-v2)"
echo
echo "| figure | p50 or rate | p99 or time |"
echo "|---|---:|---:|"
printf '%s\n' "${ai_rows[@]}"
echo
say "jobs: one worker process (JOB_CONCURRENCY=${JOB_CONCURRENCY:-4} per job kind), send_email into the outbox"
echo
echo "| queue | jobs | jobs/s |"
echo "|---|---:|---:|"
printf '%s\n' "${job_rows[@]}"
echo
echo "| queue | subscribers | emails queued | build + queue time |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${digest_rows[@]}"
echo
say "Stripe webhooks: $BENCH_WEBHOOKS signed events, ${BENCH_WEBHOOK_CONCURRENCY:-16} at a time; then one worker applies them (each fetches the subscription from the stand-in)"
echo
echo "| backend | events | acknowledged/s | ack p50 | ack p99 | applied/s |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${webhook_rows[@]}"
echo
say "publishing in a burst: the admin API, the embedded worker coalescing feed/sitemap rebuilds and CDN purges"
echo
echo "| backend | burst | after it |"
echo "|---|---:|---|"
printf '%s\n' "${publish_rows[@]}"
echo
say "community: a post with $BENCH_COMMENTS comments (200 threads of 5 when 1,000), ${BENCH_CONNECTIONS:-32} connections, the server in process with the page cache on"
echo
echo "| backend | figure | rate | p50 | p99 |"
echo "|---|---|---:|---:|---:|"
printf '%s\n' "${community_rows[@]}"
echo
say "uploads: PDF text extraction into keyword search (the embedded worker), and image re-encoding"
echo
echo "| backend | figure | time | also |"
echo "|---|---|---:|---|"
printf '%s\n' "${upload_rows[@]}"
echo
say "page views: the beacon from ${BENCH_CONNECTIONS:-32} connections, the server in process (no job worker), then a graceful stop"
echo
echo "| backend | figure | rate | p50 | p99 |"
echo "|---|---|---:|---:|---:|"
printf '%s\n' "${views_rows[@]}"
