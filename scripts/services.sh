#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1, starting local installs that are
# stopped. Missing services fail under CI=true and only warn otherwise (the tests that need
# them then skip, loudly).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"

pg_up() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
    else
        (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
    fi
}

redis_up() {
    if command -v redis-cli >/dev/null 2>&1; then
        [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
    else
        # No redis-cli (e.g. Redis in a container): speak the protocol directly.
        (
            exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" || exit 1
            printf 'PING\r\n' >&3
            IFS= read -r -t 2 reply <&3 && [[ "$reply" == "+PONG"* ]]
        ) 2>/dev/null
    fi
}

# wait_until CHECK: polls CHECK for up to 30 seconds.
wait_until() {
    local check="$1"
    for _ in $(seq 60); do
        "$check" && return 0
        sleep 0.5
    done
    return 1
}

unavailable() {
    if in_ci; then
        die "$1 (CI=true: the tests need it)"
    fi
    warn "$1"
    warn "tests that need it will be SKIPPED"
    failures=$((failures + 1))
}

failures=0

# PostgreSQL
if pg_up; then
    say "PostgreSQL answers on $PG_HOST:$PG_PORT"
elif command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G '/etc/postgresql/*/main' >/dev/null; then
    version="$(basename "$(dirname "$(printf '%s\n' /etc/postgresql/*/main | sort -V | tail -n 1)")")"
    say "starting PostgreSQL $version (cluster main)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
        warn "pg_ctlcluster $version main start failed"
    if wait_until pg_up; then
        say "PostgreSQL answers on $PG_HOST:$PG_PORT"
    else
        unavailable "PostgreSQL did not come up on $PG_HOST:$PG_PORT"
    fi
else
    unavailable "PostgreSQL is not running on $PG_HOST:$PG_PORT and is not installed (apt-get install postgresql)"
fi

# Redis
if redis_up; then
    say "Redis answers on $REDIS_HOST:$REDIS_PORT"
elif command -v redis-server >/dev/null 2>&1; then
    say "starting Redis"
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no >/dev/null ||
        warn "redis-server failed to start"
    if wait_until redis_up; then
        say "Redis answers on $REDIS_HOST:$REDIS_PORT"
    else
        unavailable "Redis did not come up on $REDIS_HOST:$REDIS_PORT"
    fi
else
    unavailable "Redis is not running on $REDIS_HOST:$REDIS_PORT and is not installed (apt-get install redis-server)"
fi

if ((failures > 0)); then
    warn "$failures service(s) unavailable; continuing without them"
fi
