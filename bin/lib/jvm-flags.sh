# shellcheck shell=bash
# Sourced, not executed. The JVM flags of our JVMs, shared by bin/agentry and the benchmark
# (bench/run.sh), so that what is measured is what people run.
#
#   agentry_base_jvm_flags MAJOR       sets AGENTRY_BASE_JVM_FLAGS: what every JVM of ours takes
#                                      on JDK MAJOR (a node, Maven's, the client's)
#   agentry_node_jvm_flags JAR MAJOR   sets AGENTRY_CACHE_FLAGS (the start-up cache's) and
#                                      AGENTRY_JVM_FLAGS (base + cache) for `java ... -jar JAR`
#
# A start-up cache next to the jar spares a node most of its class loading and linking
# (docs/adr/0010): on JDK 25+ an AOT cache (JEP 483/514/515), on JDK 21-24 a dynamic CDS archive.
# The first start after a build records it and writes it when the node exits (a few seconds more
# at exit, once); every later start of the same jar uses it. AGENTRY_STARTUP_CACHE=off disables it.
# Defines only agentry_* / AGENTRY_* names.

agentry_base_jvm_flags() {
  AGENTRY_BASE_JVM_FLAGS=()
  # JDK 24+ warns on every sun.misc.Unsafe use by Hazelcast and Netty unless allowed explicitly.
  if (( $1 >= 24 )); then AGENTRY_BASE_JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
}

agentry_node_jvm_flags() {
  local jar=$1 major=$2 cache
  AGENTRY_CACHE_FLAGS=()
  if [[ "${AGENTRY_STARTUP_CACHE:-on}" != off ]]; then
    if (( major >= 25 )); then
      cache="${jar%.jar}.aot"
      if [[ -f "$cache" && "$cache" -nt "$jar" ]]; then
        AGENTRY_CACHE_FLAGS+=("-XX:AOTCache=$cache")
      else
        rm -f "$cache"
        # Classes the cache cannot hold are skipped with a warning each; only errors matter here.
        AGENTRY_CACHE_FLAGS+=("-XX:AOTCacheOutput=$cache" -Xlog:aot=error)
      fi
    else
      # The JVM checks the archive against the jar itself and records it anew when it changed.
      AGENTRY_CACHE_FLAGS+=("-XX:SharedArchiveFile=${jar%.jar}.jsa" -XX:+AutoCreateSharedArchive)
    fi
  fi
  agentry_base_jvm_flags "$major"
  AGENTRY_JVM_FLAGS=(${AGENTRY_BASE_JVM_FLAGS[@]+"${AGENTRY_BASE_JVM_FLAGS[@]}"}
    ${AGENTRY_CACHE_FLAGS[@]+"${AGENTRY_CACHE_FLAGS[@]}"})
}

# True when the flags just computed record the cache instead of using it (the first start).
agentry_startup_cache_records() {
  local flag
  for flag in ${AGENTRY_CACHE_FLAGS[@]+"${AGENTRY_CACHE_FLAGS[@]}"}; do
    [[ "$flag" == -XX:AOTCacheOutput=* ]] && return 0
  done
  return 1
}
