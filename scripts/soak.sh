#!/usr/bin/env bash
# make soak: a long mixed read/write load against the release-like build, on PostgreSQL
# (database lectern_soak, recreated) with Redis (db 10, flushed) and the embedded job worker,
# to catch leaks, errors and stuck jobs that a 10-second benchmark does not show.
#
# It seeds the demo content plus SOAK_POSTS generated posts, creates an admin, serves with
# the rate limits off, and runs api/examples/soak.rs: it registers SOAK_READERS reader
# accounts, loads the server for SOAK_WARMUP seconds unmeasured and then SOAK_DURATION
# seconds measured over SOAK_CONNECTIONS connections (one request in flight on each), and
# finally waits for the job queues to drain. Every request picks a class by weight (the
# defaults below; SOAK_MIX=name=weight,... overrides some or all):
#
#   post-list   17.0%  GET /api/v1/posts: first page, a deeper cursor, by tag, by series
#   post        40.0%  GET /api/v1/posts/{slug}, uniformly over every published slug
#   series       7.0%  GET /api/v1/series, /api/v1/series/{slug}
#   tags         4.0%  GET /api/v1/tags
#   feeds       10.0%  /feed.xml, /atom.xml, /sitemap.xml, /robots.txt, tag and series feeds;
#                      a third of them conditional (If-None-Match), where 304 is expected
#   signed-in   20.7%  GET /api/v1/auth/me, /api/v1/me/settings, /api/v1/posts/{slug} as a reader
#   sign-in      0.5%  POST /api/v1/auth/login (3 in 4) or /api/v1/auth/refresh as a reader;
#                      each login is an argon2id hash (19 MiB, tens of ms of one core)
#   admin-read   0.5%  GET /api/v1/admin/posts, /api/v1/admin/jobs
#   admin-write  0.3%  one step of create draft -> update -> publish -> unpublish -> delete;
#                      each drops the page cache and queues a sitemap and a revalidate job
#
# (SOAK_MIX weights are relative: post=400 is 400 of the sum of all weights, 1000 by default.)
#
# It fails (non-zero exit) on any error: a non-2xx answer other than an expected 304, or a
# transport error, in any phase; when the job queues do not drain within
# SOAK_DRAIN_TIMEOUT seconds or any job is dead; when the server's VmRSS in the middle or at
# the end of the measured phase (the lowest of that minute's samples) differs from the start
# (after the warm-up) by more than SOAK_RSS_TOLERANCE percent. RSS is sampled every 10 s into $SOAK_OUT/rss.tsv
# (seconds into the measured phase, kB); the server log and the report are kept there too.
#
# SOAK_PROFILE=dev builds unoptimized binaries, for a quick check of the script itself
# (e.g. SOAK_PROFILE=dev SOAK_DURATION=60 make soak).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SOAK_DURATION="${SOAK_DURATION:-600}"
SOAK_CONNECTIONS="${SOAK_CONNECTIONS:-64}"
SOAK_POSTS="${SOAK_POSTS:-2000}"
SOAK_WARMUP="${SOAK_WARMUP:-30}"
SOAK_READERS="${SOAK_READERS:-256}"
SOAK_DRAIN_TIMEOUT="${SOAK_DRAIN_TIMEOUT:-180}"
SOAK_RSS_TOLERANCE="${SOAK_RSS_TOLERANCE:-10}"
SOAK_PROFILE="${SOAK_PROFILE:-bench-release}"
SOAK_OUT="${SOAK_OUT:-$TARGET_DIR/soak}"
PG_ADMIN_URL="${SOAK_POSTGRES_URL:-${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
PG_SOAK_URL="${PG_ADMIN_URL%/*}/lectern_soak"
# Not db 9: the Rust tests flush and use it (api/tests/api/support.rs), and bench.sh uses 8.
REDIS_SOAK_URL="${SOAK_REDIS_URL:-redis://127.0.0.1:6379/10}"

case "$SOAK_PROFILE" in
    dev | debug) profile=dev profile_dir=debug ;;
    release) profile=release profile_dir=release ;;
    *) profile="$SOAK_PROFILE" profile_dir="$SOAK_PROFILE" ;;
esac
for n in SOAK_DURATION SOAK_CONNECTIONS SOAK_POSTS SOAK_WARMUP SOAK_READERS SOAK_DRAIN_TIMEOUT SOAK_RSS_TOLERANCE; do
    [[ "${!n}" =~ ^[0-9]+$ ]] || die "$n must be a whole number, not '${!n}'"
done
((SOAK_DURATION >= 30)) || die "SOAK_DURATION must be at least 30 seconds (three RSS samples)"

server_pid=""
sampler_pid=""
tmp="$(mktemp -d)"
cleanup() {
    stop_pid "$sampler_pid"
    stop_pid "$server_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "building lectern and the soak load generator (profile $profile)"
cargo build --profile "$profile" -p lectern --bin lectern --example soak
lectern="$TARGET_DIR/$profile_dir/lectern"
soak_bin="$TARGET_DIR/$profile_dir/examples/soak"

scripts/services.sh
command -v psql >/dev/null 2>&1 || die "psql is needed (apt-get install postgresql-client)"
psql "$PG_ADMIN_URL" -qAtc 'select 1' >/dev/null 2>&1 || die "PostgreSQL is unreachable at $PG_ADMIN_URL"
command -v redis-cli >/dev/null 2>&1 || die "redis-cli is needed (apt-get install redis-tools)"

say "postgres: recreating database lectern_soak; redis: flushing $REDIS_SOAK_URL"
PGOPTIONS="-c client_min_messages=warning" psql "$PG_ADMIN_URL" -q -v ON_ERROR_STOP=1 \
    -c 'DROP DATABASE IF EXISTS lectern_soak WITH (FORCE)' \
    -c 'CREATE DATABASE lectern_soak'
[[ "$(redis-cli -u "$REDIS_SOAK_URL" FLUSHDB 2>&1)" == OK ]] || die "Redis is unreachable at $REDIS_SOAK_URL"

mkdir -p "$SOAK_OUT"
rm -f "$SOAK_OUT/rss.tsv" "$SOAK_OUT/server.log" "$SOAK_OUT/report.md"
port="$(free_port)"
base="http://127.0.0.1:$port"
admin_email="soak-admin@lectern.local"
admin_password="$(random_token 16)"
JWT_SECRET="$(random_token 32)"
# Nothing leaves the machine: no SMTP (emails stay in the outbox), no CDN purge endpoint.
export DATABASE_URL="$PG_SOAK_URL" REDIS_URL="$REDIS_SOAK_URL" JWT_SECRET LECTERN_ENV=development \
    WEB_DIST="$ROOT/web/dist" SMTP_URL='' PURGE_URL='' STRIPE_SECRET_KEY='' GOOGLE_CLIENT_ID='' GOOGLE_CLIENT_SECRET='' \
    LECTERN_CONFIG="$tmp/none.toml" RUST_LOG="${RUST_LOG:-warn}"

say "migrating; admin $admin_email; demo content and $SOAK_POSTS generated posts"
"$lectern" migrate
"$lectern" admin create --email "$admin_email" --password "$admin_password"
"$lectern" seed
"$lectern" seed --bench-posts "$SOAK_POSTS"

say "serving on $base (embedded worker; rate limits off)"
BIND="127.0.0.1:$port" PUBLIC_URL="$base" EMBEDDED_WORKER=true \
    AUTH_RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_ANONYMOUS_PER_HOUR=0 RATE_LIMIT_USER_PER_HOUR=0 \
    "$lectern" serve --no-migrate >"$SOAK_OUT/server.log" 2>&1 &
server_pid=$!
if ! wait_http "$base/healthz" "$server_pid" 60; then
    tail -n 30 "$SOAK_OUT/server.log" >&2
    die "lectern did not start"
fi

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
now_ms() { local t="${EPOCHREALTIME/[.,]/}"; echo $((t / 1000)); }
idle_rss="$(rss_kb "$server_pid")"

# sample_rss PID MARKS OUT: from MARKS/timed until MARKS/done, PID's VmRSS every 10 s, and
# once more when the measured phase ends.
sample_rss() {
    local pid="$1" marks="$2" out="$3" t0 next
    until [[ -e "$marks/timed" || -e "$marks/done" ]]; do sleep 0.1; done
    t0="$(now_ms)"
    next="$t0"
    until [[ -e "$marks/done" ]]; do
        if (($(now_ms) >= next)); then
            printf '%d\t%s\n' $((($(now_ms) - t0) / 1000)) "$(rss_kb "$pid")" >>"$out"
            next=$((next + 10000))
        fi
        sleep 0.1
    done
    printf '%d\t%s\n' $((($(now_ms) - t0) / 1000)) "$(rss_kb "$pid")" >>"$out"
}

marks="$tmp/marks"
mkdir -p "$marks"
sample_rss "$server_pid" "$marks" "$SOAK_OUT/rss.tsv" &
sampler_pid=$!

say "load: $SOAK_CONNECTIONS connections, ${SOAK_WARMUP}s warm-up + ${SOAK_DURATION}s measured, then the job queues drain"
load_rc=0
SOAK_BASE_URL="$base" SOAK_ADMIN_EMAIL="$admin_email" SOAK_ADMIN_PASSWORD="$admin_password" \
    SOAK_CONNECTIONS="$SOAK_CONNECTIONS" SOAK_DURATION="$SOAK_DURATION" SOAK_WARMUP="$SOAK_WARMUP" \
    SOAK_READERS="$SOAK_READERS" SOAK_DRAIN_TIMEOUT="$SOAK_DRAIN_TIMEOUT" SOAK_PHASE_DIR="$marks" \
    "$soak_bin" | tee "$SOAK_OUT/report.md" || load_rc=$?
touch "$marks/done"
wait "$sampler_pid" || true
sampler_pid=""

failed=0
((load_rc == 0)) || { warn "the load generator failed (exit $load_rc)"; failed=1; }
if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 30 "$SOAK_OUT/server.log" >&2
    warn "the server is gone"
    failed=1
fi
if grep -q 'panicked' "$SOAK_OUT/server.log"; then
    grep -m 5 'panicked' "$SOAK_OUT/server.log" >&2
    warn "the server panicked (see $SOAK_OUT/server.log)"
    failed=1
fi

# Each point is the floor (lowest sample) of a minute: the first minute of the measured
# phase (start), the minute around half-way (middle) and the last minute (end). Samples
# land on sign-ins' 19 MiB hashing buffers, which the allocator hands back a moment later;
# the floor is the resident set the server keeps, and a leak raises it. The idle figure, right
# after start-up, is shown for scale only: the registrations and the warm-up before the
# start grow the heap to its working size.
rss_report="$(python3 - "$SOAK_OUT/rss.tsv" "$SOAK_DURATION" "$SOAK_RSS_TOLERANCE" "$idle_rss" <<'PY'
import statistics, sys
path, duration, tol, idle = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
samples = [(int(t), int(kb)) for t, kb in (line.split("\t") for line in open(path) if line.strip().count("\t") == 1 and line.split("\t")[1].strip())]
if len(samples) < 3:
    print(f"too few samples ({len(samples)})"); sys.exit(2)
last = samples[-1][0]
windows = {"start": (0, 60), "middle": (duration / 2 - 30, duration / 2 + 30), "end": (last - 60, last + 1)}
print("| point | window | VmRSS floor | median | max | vs start |\n|---|---:|---:|---:|---:|---:|")
if idle:
    print(f"| idle, before the load (not judged) | | {int(idle) / 1024:.1f} MiB | | | |")
floors, worst = {}, 0.0
for name, (lo, hi) in windows.items():
    kbs = [kb for t, kb in samples if lo <= t < hi] or [min(samples, key=lambda s: abs(s[0] - (lo + hi) / 2))[1]]
    floors[name] = min(kbs)
    change = (floors[name] - floors["start"]) * 100 / floors["start"]
    worst = max(worst, abs(change))
    shown = "" if name == "start" else f"{change:+.1f}%"
    print(f"| {name} | {max(lo, 0):.0f}-{min(hi, last):.0f} s | {floors[name] / 1024:.1f} MiB | {statistics.median(kbs) / 1024:.1f} MiB | {max(kbs) / 1024:.1f} MiB | {shown} |")
sys.exit(1 if worst > tol else 0)
PY
)" && rss_rc=0 || rss_rc=$?
echo
say "server memory (VmRSS every 10 s in $SOAK_OUT/rss.tsv)"
echo
echo "$rss_report"
{ echo; echo "$rss_report"; } >>"$SOAK_OUT/report.md"
case "$rss_rc" in
    0) ;;
    1) warn "VmRSS moved by more than ${SOAK_RSS_TOLERANCE}% from the start of the measured phase"; failed=1 ;;
    *) warn "could not judge VmRSS"; failed=1 ;;
esac

echo
((failed == 0)) || die "soak failed (report, RSS samples and server log in $SOAK_OUT)"
say "soak passed (report, RSS samples and server log in $SOAK_OUT)"
