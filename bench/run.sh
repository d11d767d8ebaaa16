#!/usr/bin/env bash
# The job-queue benchmark: Agentry's queue against graphile-worker, pg-boss and BullMQ, in one run,
# on this machine's PostgreSQL and Redis. See bench/README.md.
#
#   bench/run.sh              3 repetitions, N=100000, 2000 latency jobs (crash test in rep 1)
#   QUICK=1 bench/run.sh      smoke run: 1 repetition, N=20000, 300 latency jobs, crash cap 30 s
#   PEERS="agentry bullmq" TESTS=throughput,latency bench/run.sh
#
# Environment (all optional): QUICK, REPS, N, LAT_JOBS, LAT_RATE, CRASH_CAP_S, CRASH_REPS, PEERS,
# TESTS, and everything bench/peers/README.md lists; SKIP_SERVICES=1 (do not run
# infra/services.sh up). Results: bench/results/latest.json and bench/results/runs/<id>/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
T0=$(date +%s)
export OPT_OUT_TRACKING=true DJL_OFFLINE=true

if [[ "${QUICK:-0}" == 1 ]]; then
  : "${REPS:=1}" "${N:=20000}" "${LAT_JOBS:=300}" "${CRASH_CAP_S:=30}"
fi
export REPS="${REPS:-3}" N="${N:-100000}" LAT_JOBS="${LAT_JOBS:-2000}" CRASH_CAP_S="${CRASH_CAP_S:-120}"
# The crash test's outcome is a class (seconds vs ">cap"), and the peers' default settings wait
# out the whole cap: run it in the first repetition only unless told otherwise.
export CRASH_REPS="${CRASH_REPS:-1}"
export PEERS="${PEERS:-agentry graphile-worker pg-boss bullmq}"
export RESULTS_DIR="$ROOT/bench/results"

say() { printf 'bench: %s\n' "$*"; }

# 1. Services (PostgreSQL, Redis, Chroma).
if [[ "${SKIP_SERVICES:-0}" != 1 ]]; then
  infra/services.sh up
fi

# 2. A JDK 21+ for Maven, the benchmark program and the node processes.
# shellcheck source=../bin/lib/jdk.sh
. bin/lib/jdk.sh
# shellcheck source=../bin/lib/jvm-flags.sh
. bin/lib/jvm-flags.sh
agentry_select_jdk || exit 1
JDK_MAJOR=$(_agentry_jdk_major "$JAVA_HOME")
agentry_base_jvm_flags "$JDK_MAJOR"
export MAVEN_OPTS="${MAVEN_OPTS:-} ${AGENTRY_BASE_JVM_FLAGS[*]-}"
export JAVA="$JAVA_HOME/bin/java"
say "Java $JDK_MAJOR ($JAVA_HOME)"

# 3. The node jar (built only when missing: a rebuild is `bin/agentry build`).
NODE_JAR=node/target/agentry.jar
if [[ ! -f "$NODE_JAR" ]]; then
  say "no $NODE_JAR: building it (bin/agentry build)"
  bin/agentry build
else
  say "node jar $NODE_JAR built $(date -r "$NODE_JAR" '+%F %T') (bin/agentry build rebuilds it)"
fi

# One build for the whole run: every repetition starts its nodes from this snapshot, even if
# node/target is rebuilt meanwhile.
SNAP_DIR=$(mktemp -d)
trap 'rm -rf "$SNAP_DIR"' EXIT
cp "$NODE_JAR" "$SNAP_DIR/agentry.jar"
export AGENTRY_NODE_JAR="$SNAP_DIR/agentry.jar"
AGENTRY_NODE_JAR_BUILT="$NODE_JAR built $(date -u -r "$NODE_JAR" '+%FT%TZ')"
export AGENTRY_NODE_JAR_BUILT

# The node starts as bin/agentry starts it: with the start-up cache that its first start records
# (bin/lib/jvm-flags.sh). The snapshot is new, so record the cache now with one start and stop of
# a node on the bench database, and hand the flags that use it to the driver.
train_startup_cache() {
  local db=${BENCH_DATABASE:-agentry_bench} log="$SNAP_DIR/train.log" pid i
  if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db"
  fi
  AGENTRY_POSTGRES_DATABASE="$db" AGENTRY_WORKER_POOLS=bench=1024 AGENTRY_HTTP_PORT=0 \
    AGENTRY_CHROMA_REQUIRED=false "$JAVA" "${AGENTRY_JVM_FLAGS[@]}" -jar "$AGENTRY_NODE_JAR" \
    --roles director,worker >"$log" 2>&1 &
  pid=$!
  for i in $(seq 600); do
    grep -q 'Agentry node .* started' "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
}
agentry_node_jvm_flags "$AGENTRY_NODE_JAR" "$JDK_MAJOR"
if agentry_startup_cache_records || { (( JDK_MAJOR < 25 )) && [[ "${AGENTRY_STARTUP_CACHE:-on}" != off ]]; }; then
  say "recording the node's start-up cache (one start and stop, as a first bin/agentry start does)"
  train_startup_cache
  agentry_node_jvm_flags "$AGENTRY_NODE_JAR" "$JDK_MAJOR"
fi
# The benchmark program adds the base flags itself.
export BENCH_NODE_JVM_OPTS="${BENCH_NODE_JVM_OPTS:-} ${AGENTRY_CACHE_FLAGS[*]-}"
export AGENTRY_NODE_JAR_PRIVATE=1 # the snapshot: run in place (the cache belongs to this path)
say "node JVM flags: ${AGENTRY_JVM_FLAGS[*]-}"

# 4. The benchmark program. It compiles against agentry-core from the local Maven repository,
#    so the main project is installed first when that is missing.
M2_CORE="$HOME/.m2/repository/io/agentry/agentry-core/0.1.0-SNAPSHOT/agentry-core-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$M2_CORE" ]]; then
  say "agentry-core is not in the local Maven repository: mvn install -DskipTests"
  mvn -B -q -ntp -f pom.xml install -DskipTests
fi
BENCH_JAR=bench/queue-bench/target/queue-bench.jar
if [[ ! -f "$BENCH_JAR" || "$M2_CORE" -nt "$BENCH_JAR" || bench/queue-bench/pom.xml -nt "$BENCH_JAR" \
  || -n "$(find bench/queue-bench/src -newer "$BENCH_JAR" -print -quit)" ]]; then
  say "building $BENCH_JAR"
  # Maven rewrites target/*.jar in place; move the old one aside first so that a queue-bench
  # still running from it (another shell) keeps reading an intact file.
  [[ -f "$BENCH_JAR" ]] && mv "$BENCH_JAR" "$BENCH_JAR.old"
  mvn -B -q -ntp -f bench/queue-bench/pom.xml package -Dspotless.check.skip=true
  rm -f "$BENCH_JAR.old"
fi

# 5. A busy machine makes every number noisy; say so (2 cores here, shared).
LOAD1=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD1" 'BEGIN { exit !(l > 1.0) }'; then
  say "WARNING: load average is $LOAD1 before the run; numbers will be noisy (is a build running?)"
fi

# 6. The harness, every peer interleaved per repetition.
say "peers [$PEERS], REPS=$REPS (crash test in the first $CRASH_REPS), N=$N, LAT_JOBS=$LAT_JOBS, CRASH_CAP_S=$CRASH_CAP_S"
status=0
bench/peers/run.sh "$@" || status=$?

# 7. Our numbers against the peers and the goals.
NODE_BIN=bench/peers/node_modules/.bin/node
[[ -x "$NODE_BIN" ]] || NODE_BIN=node
"$NODE_BIN" bench/report.mjs "$RESULTS_DIR/latest.json" | tee -a "$(ls -td "$RESULTS_DIR"/runs/*/ | head -n 1)table.txt"

T1=$(date +%s)
say "done in $(( (T1 - T0) / 60 )) min $(( (T1 - T0) % 60 )) s; results in $RESULTS_DIR/latest.json"
exit "$status"
