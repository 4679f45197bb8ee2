# shellcheck shell=bash
# Helpers shared by the scripts in this directory; source it, don't run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034 # used by the scripts that source this file
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

if [[ -t 2 ]]; then
    _blue=$'\033[1;34m' _yellow=$'\033[1;33m' _red=$'\033[1;31m' _off=$'\033[0m'
else
    _blue='' _yellow='' _red='' _off=''
fi
say()  { printf '%s==>%s %s\n' "$_blue" "$_off" "$*"; }
warn() { printf '%s!!! WARNING:%s %s\n' "$_yellow" "$_off" "$*" >&2; }
die()  { printf '%sxxx ERROR:%s %s\n' "$_red" "$_off" "$*" >&2; exit 1; }

# CI=true (or 1) turns every "skip with a warning" into a failure.
in_ci() { [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; }

# Runs a command as root: directly, or through passwordless sudo.
as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}

apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    say "installing $* (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Installs web/node_modules when it is missing or older than the lockfile.
ensure_web_deps() {
    [[ -f "$ROOT/web/package.json" ]] || die "web/package.json not found"
    if [[ ! -f "$ROOT/web/package-lock.json" ]]; then
        die "web/package-lock.json not found; run 'npm install' in web/ and commit the lockfile"
    fi
    if [[ ! -d "$ROOT/web/node_modules" || "$ROOT/web/package-lock.json" -nt "$ROOT/web/node_modules/.package-lock.json" ]]; then
        say "installing web dependencies (npm ci)"
        (cd "$ROOT/web" && npm ci --no-audit --no-fund)
    fi
}

# Installs the S3-compatible test server (moto, pinned and hash-checked) into
# .venv-tools/s3 unless it is there; the upload tests start it from there.
ensure_s3_server() {
    local venv="$ROOT/.venv-tools/s3" requirements="$ROOT/scripts/s3/requirements.txt" stamp
    stamp="$venv/.requirements-$(sha256sum "$requirements" | cut -c1-16)"
    [[ -f "$stamp" ]] && return 0
    say "installing the S3 test server (moto) into .venv-tools/s3 (pinned, hash-checked)"
    rm -rf "$venv"
    python3 -m venv "$venv" || die "python3 -m venv failed (apt-get install python3-venv)"
    "$venv/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps -r "$requirements"
    touch "$stamp"
}

# A TCP port nobody listens on right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# random_token [BYTES]: hex, so it never starts with a dash.
random_token() {
    python3 -c 'import secrets, sys; print(secrets.token_hex(int(sys.argv[1])))' "${1:-16}"
}

# wait_http URL PID [SECONDS]: waits until URL answers 2xx while process PID lives.
wait_http() {
    local url="$1" pid="$2" deadline=$((SECONDS + ${3:-60}))
    until curl -fsS -o /dev/null "$url" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { warn "the server exited before answering $url"; return 1; }
        ((SECONDS < deadline)) || { warn "$url did not answer within ${3:-60}s"; return 1; }
        sleep 0.2
    done
}

# Stops a background process started by the calling script, if it still runs.
stop_pid() {
    local pid="${1:-}"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}
