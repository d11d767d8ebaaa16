#!/usr/bin/env bash
# Subscription fan-out benchmark: N graphql-transport-ws subscribers to one project's ledger on one
# api node (in-process, real PostgreSQL and Redis), E events appended through another pool at a
# fixed rate; prints delivery latency (append start -> arrival) p50/p99 and deliveries per second.
#
#   bench/subscriptions/run.sh [subscribers=1000] [events=200] [rate=100]
#
# Clients, server and writer share one JVM and this machine's cores: the numbers are an upper
# bound on latency for this hardware, not a network measurement.
set -Eeuo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"
"$REPO/infra/services.sh" up >/dev/null
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
# Core is built in the same reactor (no install into the shared local repository); the test filter
# runs only the benchmark.
mvn -B -q -Dstyle.color=never verify -pl core,api-verticle -am -Dspotless.check.skip=true \
  -Dtest=SubscriptionBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.subscribers="${1:-1000}" -Dbench.events="${2:-200}" -Dbench.rate="${3:-100}" \
  -Dagentry.test.argLine="-Xmx1g -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow" \
  2>&1 | grep -E '^\||ERROR\]   '
