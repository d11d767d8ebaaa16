# shellcheck shell=bash
# Sourced, not executed:   . "$(dirname "$0")/lib/jdk.sh" && agentry_select_jdk || exit 1
#
# agentry_select_jdk exports JAVA_HOME (and puts $JAVA_HOME/bin first on PATH) for a JDK 21 or
# newer:
#   1. $JAVA_HOME, if it is set and its java is 21+ (the user's explicit choice wins);
#   2. otherwise the highest version 21+ that has bin/javac among the directories in
#      $AGENTRY_JVM_DIR (a ':'-separated list of directories whose children are JDKs; default
#      /usr/lib/jvm:/usr/java:/opt/java:/Library/Java/JavaVirtualMachines) and the `java` on PATH.
# Prints a clear message to stderr and returns 1 when there is none.
# Safe to source under `set -euo pipefail`; defines only agentry_* / _agentry_jdk_* names.

# Major version of the JDK at $1 (a JAVA_HOME), or nothing. Reads the `release` file (fast) and
# falls back to asking the java binary for java.specification.version.
_agentry_jdk_major() {
  local home=$1 version=""
  [[ -x "$home/bin/java" ]] || return 0
  if [[ -r "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^[[:space:]]*java\.specification\.version = \(.*\)$/\1/p' | head -n 1)
  fi
  version=${version%%[+-]*}
  # Java 8 and older report 1.N.
  if [[ "$version" == 1.* ]]; then version=${version#1.}; fi
  version=${version%%.*}
  if [[ "$version" =~ ^[0-9]+$ ]]; then printf '%s\n' "$version"; fi
  return 0
}

# Full version string (for tie-breaking between two JDKs of the same major), or "0".
_agentry_jdk_full_version() {
  local v=""
  if [[ -r "$1/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$1/release" | head -n 1)
  fi
  printf '%s\n' "${v:-0}"
}

agentry_select_jdk() {
  local min=21 major home real found="" best="" best_major=0 best_full="0" full
  local -a candidates=() seen=()
  local dirs=${AGENTRY_JVM_DIR:-/usr/lib/jvm:/usr/java:/opt/java:/Library/Java/JavaVirtualMachines}

  if [[ -n "${JAVA_HOME:-}" ]]; then
    major=$(_agentry_jdk_major "$JAVA_HOME")
    if [[ -n "$major" ]] && (( major >= min )); then
      export JAVA_HOME
      _agentry_jdk_put_on_path "$JAVA_HOME"
      return 0
    fi
    found="${major:-?} ($JAVA_HOME, from JAVA_HOME)"
  fi

  local dir entry
  local -a dir_list=()
  IFS=: read -r -a dir_list <<<"$dirs"
  for dir in ${dir_list[@]+"${dir_list[@]}"}; do
    [[ -d "$dir" ]] || continue
    for entry in "$dir"/*; do
      [[ -d "$entry/Contents/Home" ]] && entry="$entry/Contents/Home" # macOS bundle layout
      candidates+=("$entry")
    done
  done
  if command -v java >/dev/null 2>&1; then
    real=$(readlink -f "$(command -v java)" 2>/dev/null || true)
    [[ -n "$real" ]] && candidates+=("$(dirname "$(dirname "$real")")")
  fi

  for home in ${candidates[@]+"${candidates[@]}"}; do
    [[ -x "$home/bin/java" ]] || continue
    real=$(readlink -f "$home" 2>/dev/null || printf '%s' "$home")
    if [[ " ${seen[*]-} " == *" $real "* ]]; then continue; fi
    seen+=("$real")
    major=$(_agentry_jdk_major "$real")
    [[ -n "$major" ]] || continue
    found="${found:+$found, }$major ($real)"
    (( major >= min )) || continue
    [[ -x "$real/bin/javac" ]] || continue
    full=$(_agentry_jdk_full_version "$real")
    if (( major < best_major )); then continue; fi
    if (( major == best_major )); then
      # Same major: keep the newer update release (sort -V on JAVA_VERSION).
      [[ "$full" != "$best_full" ]] || continue
      [[ "$(printf '%s\n%s\n' "$best_full" "$full" | sort -V | tail -n 1)" == "$full" ]] || continue
    fi
    best=$real best_major=$major best_full=$full
  done

  if [[ -z "$best" ]]; then
    echo "Agentry needs a JDK $min or newer (found: ${found:-none})." \
      "Install one, e.g. apt-get install openjdk-21-jdk or Temurin 21+, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
  _agentry_jdk_put_on_path "$JAVA_HOME"
  return 0
}

_agentry_jdk_put_on_path() {
  case ":$PATH:" in
    ":$1/bin:"*) ;; # already first
    *) export PATH="$1/bin:$PATH" ;;
  esac
}
