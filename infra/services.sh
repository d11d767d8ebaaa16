#!/usr/bin/env bash
# Agentry's local backing services: PostgreSQL, Redis and a Chroma 1.0.0 server.
#
#   infra/services.sh up          install what is missing (Debian/Ubuntu), start what is down,
#                                 create the databases agentry and agentry_test; idempotent
#   infra/services.sh status      up/down of each service; exit 0 only if all are up
#   infra/services.sh down        stop Chroma (started by this script)
#   infra/services.sh down --all  also stop the local Redis and PostgreSQL
#
# Environment: AGENTRY_POSTGRES_HOST/PORT (127.0.0.1:5432), AGENTRY_POSTGRES_PASSWORD (used as
# PGPASSWORD when set), AGENTRY_POSTGRES_CLUSTER (Debian cluster started when PostgreSQL is local
# and down: main), AGENTRY_REDIS_HOST/PORT (127.0.0.1:6379), AGENTRY_CHROMA_PORT (8000),
# AGENTRY_DATA_DIR (<repo>/.agentry: Chroma's data, pid and log, and services.log where the
# output of apt and npm goes).
# PostgreSQL and Redis on another host are only checked (and the databases created), never
# installed or started. Nothing here talks to any host but the package registries (apt, npm)
# and the services themselves.
set -Eeuo pipefail
trap 'printf "services.sh: unexpected failure (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$INFRA_DIR")
CHROMA_DIR=$INFRA_DIR/chroma

PG_HOST=${AGENTRY_POSTGRES_HOST:-127.0.0.1}
PG_PORT=${AGENTRY_POSTGRES_PORT:-5432}
PG_CLUSTER=${AGENTRY_POSTGRES_CLUSTER:-main} # Debian cluster name (pg_lsclusters) of a local server
REDIS_HOST=${AGENTRY_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${AGENTRY_REDIS_PORT:-6379}
CHROMA_HOST=127.0.0.1
CHROMA_PORT=${AGENTRY_CHROMA_PORT:-8000}
DATA=${AGENTRY_DATA_DIR:-$REPO_DIR/.agentry}
DATABASES=(agentry agentry_test)

PG_WAIT_SECONDS=30
REDIS_WAIT_SECONDS=15
CHROMA_WAIT_SECONDS=60
CHROMA_STOP_SECONDS=15

LOG=""            # set by init_data_dir
CHROMA_PID_FILE=""
CHROMA_LOG=""

# ---------------------------------------------------------------------------------------------
# helpers

say() { printf '%s\n' "$*"; }
die() { printf 'services.sh: %s\n' "$*" >&2; exit 1; }

init_data_dir() {
  mkdir -p "$DATA"
  DATA=$(cd "$DATA" && pwd)
  LOG=$DATA/services.log
  CHROMA_PID_FILE=$DATA/chroma.pid
  CHROMA_LOG=$DATA/chroma.log
}

# Runs "$@" with its output appended to $LOG; on failure prints the tail of the log and exits.
logged() {
  local what=$1
  shift
  printf '\n=== %s: %s\n' "$(date '+%F %T')" "$*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1 </dev/null; then
    printf 'services.sh: %s failed; last lines of %s:\n' "$what" "$LOG" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
}

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "needs root for: $* (run as root or install sudo)"
  fi
}

is_loopback() {
  case "$1" in
    127.* | localhost | ::1 | "[::1]") return 0 ;;
    *) return 1 ;;
  esac
}

http_ok() { curl -sf -m 2 --noproxy '*' -o /dev/null "$1"; }

pg_up() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2; }
redis_up() {
  command -v redis-cli >/dev/null 2>&1 \
    && [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}
chroma_up() { http_ok "http://$CHROMA_HOST:$CHROMA_PORT/api/v2/heartbeat"; }

# Waits up to $1 seconds for "${@:2}" to succeed.
wait_for() {
  local seconds=$1 deadline
  shift
  deadline=$((SECONDS + seconds))
  while ! "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# a. packages

is_debian_like() {
  [[ -r /etc/os-release ]] || return 1
  local id id_like
  id=$(. /etc/os-release && printf '%s' "${ID:-}")
  id_like=$(. /etc/os-release && printf '%s' "${ID_LIKE:-}")
  [[ " $id $id_like " == *" debian "* || " $id $id_like " == *" ubuntu "* ]] \
    && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1
}

deb_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# What a package provides, checked by command on systems without dpkg.
cmd_present_for() {
  case "$1" in
    postgresql) command -v psql >/dev/null && command -v pg_isready >/dev/null && command -v pg_ctl >/dev/null ;;
    postgresql-client) command -v psql >/dev/null && command -v pg_isready >/dev/null ;;
    redis-server) command -v redis-server >/dev/null && command -v redis-cli >/dev/null ;;
    redis-tools) command -v redis-cli >/dev/null ;;
    bubblewrap) command -v bwrap >/dev/null ;;
    python3) command -v python3 >/dev/null ;;
    python3-pytest) python3 -m pytest --version >/dev/null 2>&1 ;;
    python3-venv) python3 -c 'import ensurepip, venv' >/dev/null 2>&1 ;;
    python3-coverage) /usr/bin/python3 -m coverage --version >/dev/null 2>&1 ;;
    util-linux) command -v prlimit >/dev/null ;;
    chromium) command -v chromium >/dev/null || command -v chromium-browser >/dev/null ;;
    gcc) command -v cc >/dev/null ;;
    libc6-dev) [[ -r /usr/include/stdio.h ]] ;;
    *) command -v "$1" >/dev/null ;;
  esac
}

ensure_packages() {
  local -a wanted=(bubblewrap python3 python3-pytest python3-coverage python3-venv util-linux git curl)
  # Headless Chromium for the dashboard's browser test (driven by npm playwright-core).
  wanted+=(chromium)
  # The sandbox's small exec helper is compiled from C on a worker's first start.
  wanted+=(gcc libc6-dev)
  if is_loopback "$PG_HOST"; then wanted+=(postgresql); else wanted+=(postgresql-client); fi
  if is_loopback "$REDIS_HOST"; then wanted+=(redis-server); else wanted+=(redis-tools); fi

  local -a missing=()
  local pkg
  if is_debian_like; then
    for pkg in "${wanted[@]}"; do
      deb_installed "$pkg" || missing+=("$pkg")
    done
    # Node.js often comes from elsewhere (e.g. NodeSource, which bundles npm): judge by command.
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    command -v mvn >/dev/null 2>&1 || missing+=(maven)
    if ((${#missing[@]} > 0)); then
      say "installing ${missing[*]} (apt; log: $LOG)"
      export DEBIAN_FRONTEND=noninteractive
      logged "apt-get update" as_root apt-get update -q
      logged "apt-get install" as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold "${missing[@]}"
    fi
  else
    for pkg in "${wanted[@]}" node npm; do
      cmd_present_for "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} > 0)); then
      die "not a Debian/Ubuntu system, so nothing is installed automatically. Install by hand: ${missing[*]} (PostgreSQL server and client, Redis server and redis-cli, bubblewrap (bwrap), python3 with pytest and venv, util-linux (prlimit), git, curl, Node.js 20+ with npm, Chromium, a C compiler (cc) with the C library headers), then run this again."
    fi
  fi

  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ((node_major < 20)); then
    say "warning: Node.js $(node -v 2>/dev/null || echo '?') found; chromadb 3.0.14 wants Node.js 20 or newer" >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# b, c. PostgreSQL

# Newest PostgreSQL version that has the cluster $PG_CLUSTER, else the newest one installed.
# shellcheck disable=SC2012 # version directories have plain numeric names
pg_version_dir() {
  local v
  for v in $(ls /etc/postgresql 2>/dev/null | sort -rV); do
    if [[ -d /etc/postgresql/$v/$PG_CLUSTER ]]; then printf '%s\n' "$v"; return 0; fi
  done
  ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1 || true
}

pg_start_local() {
  local ver conf_dir
  ver=$(pg_version_dir)
  [[ -n "$ver" ]] || die "PostgreSQL is not installed (no /usr/lib/postgresql/<version>)"
  conf_dir=/etc/postgresql/$ver/$PG_CLUSTER
  if [[ ! -d "$conf_dir" ]]; then
    # Package installed with create_main_cluster = false, or the cluster was dropped.
    say "creating PostgreSQL cluster $ver/$PG_CLUSTER on port $PG_PORT"
    logged "pg_createcluster" as_root pg_createcluster -p "$PG_PORT" "$ver" "$PG_CLUSTER"
  fi

  # It must listen on loopback ('localhost' is the Debian default and covers 127.0.0.1).
  local listen
  listen=$(cat "$conf_dir/postgresql.conf" "$conf_dir"/conf.d/*.conf 2>/dev/null \
    | sed -n "s/^[[:space:]]*listen_addresses[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" | tail -n 1 || true)
  if [[ -n "$listen" && ! "$listen" =~ (localhost|127\.0\.0\.1|\*) ]]; then
    as_root mkdir -p "$conf_dir/conf.d"
    printf "# added by agentry infra/services.sh\nlisten_addresses = '%s,127.0.0.1'\n" "$listen" \
      | as_root tee "$conf_dir/conf.d/agentry-listen.conf" >/dev/null
    say "postgresql: added 127.0.0.1 to listen_addresses ($conf_dir/conf.d/agentry-listen.conf)"
  fi
  local port
  port=$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$conf_dir/postgresql.conf" | tail -n 1 || true)
  if [[ -n "$port" && "$port" != "$PG_PORT" ]]; then
    say "warning: cluster $ver/$PG_CLUSTER is configured for port $port, not $PG_PORT (AGENTRY_POSTGRES_PORT)" >&2
  fi

  say "starting PostgreSQL $ver/$PG_CLUSTER"
  logged "pg_ctlcluster start" as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$PG_CLUSTER" start
}

# Local TCP connections for user postgres must work without a password (trust, as on the
# machines here). If they do not, put a trust line for 127.0.0.1 first in pg_hba.conf.
pg_ensure_trust() {
  psql_ok() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -tAc 'select 1' >/dev/null 2>&1; }
  psql_ok && return 0
  if ! is_loopback "$PG_HOST"; then
    die "cannot connect to PostgreSQL at $PG_HOST:$PG_PORT as postgres (set AGENTRY_POSTGRES_PASSWORD?)"
  fi
  if [[ -n "${PGPASSWORD:-}" ]]; then
    die "cannot connect to PostgreSQL at $PG_HOST:$PG_PORT as postgres with AGENTRY_POSTGRES_PASSWORD"
  fi
  local ver hba
  ver=$(pg_version_dir)
  hba=/etc/postgresql/$ver/$PG_CLUSTER/pg_hba.conf
  [[ -f "$hba" ]] || die "cannot connect to PostgreSQL as postgres and $hba not found"
  if ! head -n 1 "$hba" | grep -q 'agentry infra/services.sh'; then
    say "postgresql: adding 'host all all 127.0.0.1/32 trust' at the top of $hba"
    as_root sed -i '1i # added by agentry infra/services.sh: local TCP without password (dev/CI only)\nhost all all 127.0.0.1/32 trust' "$hba"
  fi
  logged "pg_ctlcluster reload" as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$PG_CLUSTER" reload
  wait_for 10 psql_ok || die "still cannot connect to PostgreSQL at $PG_HOST:$PG_PORT as postgres without a password; check $hba"
}

ensure_postgres() {
  if [[ -n "${AGENTRY_POSTGRES_PASSWORD:-}" ]]; then export PGPASSWORD=$AGENTRY_POSTGRES_PASSWORD; fi
  if ! pg_up; then
    is_loopback "$PG_HOST" || die "PostgreSQL at $PG_HOST:$PG_PORT does not answer (not local: start it yourself)"
    pg_start_local
    wait_for "$PG_WAIT_SECONDS" pg_up || {
      local ver
      ver=$(pg_version_dir)
      printf 'services.sh: PostgreSQL not ready on %s:%s after %ss; last lines of its log:\n' \
        "$PG_HOST" "$PG_PORT" "$PG_WAIT_SECONDS" >&2
      tail -n 20 "/var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log" >&2 2>/dev/null || true
      exit 1
    }
  fi
  pg_ensure_trust

  local db exists
  for db in "${DATABASES[@]}"; do
    exists=$(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'")
    if [[ "$exists" != 1 ]]; then
      psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -q -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE \"$db\" OWNER postgres" >/dev/null
      say "postgresql: created database $db"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# d. Redis

ensure_redis() {
  redis_up && return 0
  is_loopback "$REDIS_HOST" || die "Redis at $REDIS_HOST:$REDIS_PORT does not answer (not local: start it yourself)"
  as_root mkdir -p /var/lib/redis /var/log/redis
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  logged "redis-server start" as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 \
    --port "$REDIS_PORT" --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for "$REDIS_WAIT_SECONDS" redis_up || {
    printf 'services.sh: Redis does not answer PONG on %s:%s after %ss; last lines of its log:\n' \
      "$REDIS_HOST" "$REDIS_PORT" "$REDIS_WAIT_SECONDS" >&2
    tail -n 20 /var/log/redis/ci.log >&2 2>/dev/null || true
    exit 1
  }
}

# ---------------------------------------------------------------------------------------------
# e. Chroma

# The pid in the pid file, if that process is alive and is our Chroma server.
chroma_pid() {
  local pid
  [[ -f "$CHROMA_PID_FILE" ]] || return 1
  pid=$(tr -dc '0-9' <"$CHROMA_PID_FILE")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'chromadb/dist/cli.mjs' \
    && printf '%s\n' "$pid"
}

ensure_chroma_modules() {
  local marker=$CHROMA_DIR/node_modules/.agentry-npm-ci
  [[ -f "$CHROMA_DIR/package-lock.json" ]] || die "$CHROMA_DIR/package-lock.json is missing"
  if [[ -f "$marker" && -f "$CHROMA_DIR/node_modules/chromadb/dist/cli.mjs" \
    && ! "$CHROMA_DIR/package-lock.json" -nt "$marker" && ! "$CHROMA_DIR/package.json" -nt "$marker" ]]; then
    return 0
  fi
  say "installing Chroma's npm packages (npm ci; log: $LOG)"
  (
    cd "$CHROMA_DIR"
    export npm_config_update_notifier=false
    logged "npm ci" npm ci --no-audit --no-fund
  ) || exit 1
  touch "$marker"
}

# The api tests run npm clients (graphql-ws, graphql-http) from this project; install them here so
# that CI has them. Same marker scheme as Chroma's packages.
API_TEST_JS_DIR=$REPO_DIR/api-verticle/src/test/js
ensure_api_test_modules() {
  local marker=$API_TEST_JS_DIR/node_modules/.agentry-npm-ci
  [[ -f "$API_TEST_JS_DIR/package-lock.json" ]] || return 0
  if [[ -f "$marker" && ! "$API_TEST_JS_DIR/package-lock.json" -nt "$marker" ]]; then
    return 0
  fi
  say "installing the api tests' npm packages (npm ci; log: $LOG)"
  (
    cd "$API_TEST_JS_DIR"
    export npm_config_update_notifier=false
    logged "npm ci (api tests)" npm ci --no-audit --no-fund
  ) || exit 1
  touch "$marker"
}

chroma_log_tail() {
  printf 'last lines of %s:\n' "$CHROMA_LOG" >&2
  tail -n 30 "$CHROMA_LOG" >&2 2>/dev/null || true
}

ensure_chroma() {
  chroma_up && return 0
  ensure_chroma_modules
  local pid
  if ! pid=$(chroma_pid); then
    if port_listening "$CHROMA_PORT"; then
      die "port $CHROMA_PORT is in use but does not answer /api/v2/heartbeat (not a Chroma 1.x?); free it or set AGENTRY_CHROMA_PORT"
    fi
    mkdir -p "$DATA/chroma"
    say "starting Chroma on $CHROMA_HOST:$CHROMA_PORT (data: $DATA/chroma)"
    printf '\n=== %s: starting Chroma on %s:%s\n' "$(date '+%F %T')" "$CHROMA_HOST" "$CHROMA_PORT" >>"$CHROMA_LOG"
    # Own session (setsid), so that stopping whatever ran this script does not stop Chroma.
    # Chroma 1.0's Rust server sends no product telemetry and starts OpenTelemetry only when
    # its config file asks for it; ANONYMIZED_TELEMETRY=False is the (Python-era) switch, kept
    # in case a later version honours it again.
    local setsid=()
    command -v setsid >/dev/null 2>&1 && setsid=(setsid)
    (
      cd "$CHROMA_DIR"
      ANONYMIZED_TELEMETRY=False exec "${setsid[@]}" nohup node node_modules/chromadb/dist/cli.mjs run \
        --path "$DATA/chroma" --host "$CHROMA_HOST" --port "$CHROMA_PORT" >>"$CHROMA_LOG" 2>&1 </dev/null
    ) &
    pid=$!
    printf '%s\n' "$pid" >"$CHROMA_PID_FILE"
  fi
  local deadline=$((SECONDS + CHROMA_WAIT_SECONDS))
  until chroma_up; do
    if ! kill -0 "$pid" 2>/dev/null; then
      printf 'services.sh: Chroma exited before answering on %s:%s\n' "$CHROMA_HOST" "$CHROMA_PORT" >&2
      chroma_log_tail
      rm -f "$CHROMA_PID_FILE"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      printf 'services.sh: Chroma (pid %s) did not answer on %s:%s within %ss\n' \
        "$pid" "$CHROMA_HOST" "$CHROMA_PORT" "$CHROMA_WAIT_SECONDS" >&2
      chroma_log_tail
      exit 1
    fi
    sleep 0.2
  done
  # Keep the pid file right even if setsid had to fork: take the pid listening on the port.
  if ! chroma_pid >/dev/null && command -v ss >/dev/null 2>&1; then
    pid=$(ss -Hltnp "sport = :$CHROMA_PORT" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)
    [[ -n "$pid" ]] && printf '%s\n' "$pid" >"$CHROMA_PID_FILE"
  fi
  return 0
}

port_listening() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
  else
    http_ok "http://$CHROMA_HOST:$1/api/v2/heartbeat"
  fi
}

stop_chroma() {
  local pid
  if pid=$(chroma_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for "$CHROMA_STOP_SECONDS" eval "! kill -0 $pid 2>/dev/null"; then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
    say "chroma: stopped (pid $pid)"
  elif port_listening "$CHROMA_PORT"; then
    say "chroma: something not started by this script listens on port $CHROMA_PORT"
  else
    say "chroma: not running"
  fi
  rm -f "$CHROMA_PID_FILE"
  if ! wait_for 5 eval "! port_listening $CHROMA_PORT"; then
    die "port $CHROMA_PORT is still in use (a Chroma or something else not started by this script?)"
  fi
}

# ---------------------------------------------------------------------------------------------
# commands

print_status() {
  local all=0
  if pg_up; then say "postgresql $PG_HOST:$PG_PORT up"; else say "postgresql $PG_HOST:$PG_PORT down"; all=1; fi
  if redis_up; then say "redis $REDIS_HOST:$REDIS_PORT up"; else say "redis $REDIS_HOST:$REDIS_PORT down"; all=1; fi
  if chroma_up; then say "chroma $CHROMA_HOST:$CHROMA_PORT up"; else say "chroma $CHROMA_HOST:$CHROMA_PORT down"; all=1; fi
  return "$all"
}

cmd_up() {
  init_data_dir
  ensure_packages
  ensure_postgres
  ensure_redis
  ensure_chroma
  ensure_api_test_modules
  print_status || exit 1
}

cmd_down() {
  local all=false
  case "${1:-}" in
    "") ;;
    --all) all=true ;;
    *) die "unknown option for down: $1 (only --all)" ;;
  esac
  init_data_dir
  stop_chroma
  if $all; then
    if is_loopback "$REDIS_HOST" && redis_up; then
      redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
      wait_for 10 eval '! redis_up' || die "Redis on $REDIS_HOST:$REDIS_PORT did not stop"
      say "redis: stopped"
    fi
    if is_loopback "$PG_HOST" && pg_up; then
      local ver
      ver=$(pg_version_dir)
      logged "pg_ctlcluster stop" as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$PG_CLUSTER" stop
      say "postgresql: stopped ($ver/$PG_CLUSTER)"
    fi
  fi
}

usage() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
}

case "${1:-}" in
  up) shift; (($# == 0)) || die "up takes no options"; cmd_up ;;
  down) shift; cmd_down "$@" ;;
  status) shift; print_status || exit 1 ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
