# shellcheck shell=bash
# Sourced, not executed. The JVM flags a node is started with, shared by bin/agentry and the
# benchmark (bench/run.sh), so that what is measured is what people run.
#
#   agentry_node_jvm_flags JAR MAJOR   sets the array AGENTRY_JVM_FLAGS for `java ... -jar JAR`
#
# A start-up cache next to the jar spares a node most of its class loading and linking
# (docs/adr/0010): on JDK 25+ an AOT cache (JEP 483/514/515), on JDK 21-24 a dynamic CDS archive.
# The first start after a build records it and writes it when the node exits (a few seconds more
# at exit, once); every later start of the same jar uses it. AGENTRY_STARTUP_CACHE=off disables it.
# Defines only agentry_* / AGENTRY_* names.

agentry_node_jvm_flags() {
  local jar=$1 major=$2 cache
  AGENTRY_JVM_FLAGS=()
  # JDK 24+ warns on every sun.misc.Unsafe use by Hazelcast and Netty unless allowed explicitly.
  if (( major >= 24 )); then AGENTRY_JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
  if [[ "${AGENTRY_STARTUP_CACHE:-on}" == off ]]; then return 0; fi
  if (( major >= 25 )); then
    cache="${jar%.jar}.aot"
    if [[ -f "$cache" && "$cache" -nt "$jar" ]]; then
      AGENTRY_JVM_FLAGS+=("-XX:AOTCache=$cache")
    else
      rm -f "$cache"
      # Classes the cache cannot hold are skipped with a warning each; only errors matter here.
      AGENTRY_JVM_FLAGS+=("-XX:AOTCacheOutput=$cache" -Xlog:aot=error)
    fi
  else
    # The JVM checks the archive against the jar itself and records it anew when it changed.
    AGENTRY_JVM_FLAGS+=("-XX:SharedArchiveFile=${jar%.jar}.jsa" -XX:+AutoCreateSharedArchive)
  fi
}

# True when the flags just computed record the cache instead of using it (the first start).
agentry_startup_cache_records() {
  local flag
  for flag in ${AGENTRY_JVM_FLAGS[@]+"${AGENTRY_JVM_FLAGS[@]}"}; do
    [[ "$flag" == -XX:AOTCacheOutput=* ]] && return 0
  done
  return 1
}
