# Shared by bin/cnnc and bin/cnnc-bench: finds the newest JDK and builds the project when needed.
# shellcheck shell=bash

CNNC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The newest JDK: the highest JAVA_VERSION among /usr/lib/jvm/*/release, else JAVA_HOME, else PATH.
cnnc_find_java() {
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/; do
    [ -x "${dir}bin/java" ] && [ -f "${dir}release" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${dir}release")
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then best_major=$major; best="${dir%/}"; fi
  done
  if [ -n "$best" ]; then echo "$best/bin/java"; return; fi
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; return; fi
  command -v java
}

# Builds the reactor (skipping tests) when the CLI's jar or class path is missing.
cnnc_ensure_built() {
  if ! ls "$CNNC_ROOT"/cli/target/cnnc-cli-*.jar >/dev/null 2>&1 || [ ! -d "$CNNC_ROOT/cli/target/lib" ]; then
    echo "cnnc: first run, building the project (mvn -B -q -DskipTests install); this takes a minute..." >&2
    (cd "$CNNC_ROOT" && mvn -B -q -DskipTests install >&2) || { echo "cnnc: the build failed; see the output above" >&2; exit 3; }
  fi
}

cnnc_classpath() {
  local jar
  jar=$(ls "$CNNC_ROOT"/cli/target/cnnc-cli-*.jar | head -n 1)
  echo "$jar:$CNNC_ROOT/cli/target/lib/*"
}
