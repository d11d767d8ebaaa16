#!/usr/bin/env bash
# Sandbox overhead: p50/p90/p99 of a sandboxed /bin/true vs a plain one, both from Java.
# Usage: bench/sandbox/run.sh [runs]   (default 300; builds core and worker-verticle first;
#        MVN_FLAGS=-o builds offline)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*-2[1-9]* 2>/dev/null | head -1 || true)"
fi
[[ -x "${JAVA_HOME:-}/bin/java" ]] || { echo "no JDK 21+ found: set JAVA_HOME" >&2; exit 1; }
export JAVA_HOME MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
command -v bwrap >/dev/null || { echo "bwrap missing: apt-get install bubblewrap" >&2; exit 1; }
cd "$root"
# Package in one reactor build (core is taken from core/target, nothing goes into ~/.m2); each
# module writes its runtime classpath to its own target/classpath.txt.
mvn -B -q ${MVN_FLAGS:-} package dependency:build-classpath -pl core,worker-verticle -am -DskipTests \
  -Dspotless.check.skip=true -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="$root/worker-verticle/target/classes:$(cat "$root/worker-verticle/target/classpath.txt")"
exec "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -Dlogback.configurationFile=/dev/null \
  -cp "$cp" "$here/SandboxOverheadBench.java" "${1:-300}"
