#!/usr/bin/env bash
# Prints the GEMM and convolution GFLOP/s table (dev.cnnc.bench.KernelRunner) on the newest JDK
# under /usr/lib/jvm. Builds bench/target/benchmarks.jar first if it is missing.
# Usage: bench/run-kernels.sh [gemm] [conv] [scaling] [convscaling] [rounds=15] [pairs=FILE] [threads=1,2] [batch=8,64] [layers=PREFIX]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$here/.." && mvn -q -pl runtime,bench -am install -DskipTests)
fi
jdk="$(ls -d /usr/lib/jvm/*/ | while read -r d; do
  [[ -x "$d/bin/java" ]] && echo "$("$d/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p') $d"; done | sort -V | tail -1 | cut -d' ' -f2-)"
echo "# JDK: ${jdk} ($("${jdk}/bin/java" -version 2>&1 | head -1))"
exec "${jdk}/bin/java" --add-modules jdk.incubator.vector -Xmx8g ${JAVA_OPTS:-} \
  -cp "$jar" dev.cnnc.bench.KernelRunner "$@"
