#!/usr/bin/env bash
# Holds our GEMM's 2-thread speed-up against OpenBLAS's on the same shapes, in the same minutes:
# every convolution's forward pass as a plain GEMM (m = batch·OH·OW, n = filters, k = KH·KW·C; no
# patch gathering) at the given batch, first through bench/run-kernels.sh, then through
# openblas_scaling.c. Needs gcc and libopenblas-dev (apt-get install -y libopenblas-dev).
# Usage: bench/machine/openblas-scaling.sh [batch] [pairs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
batch="${1:-8}"
pairs="${2:-7}"
out="${TMPDIR:-/tmp}/cnnc-openblas-scaling"
gcc -O3 -march=native -o "$out" "$here/openblas_scaling.c" -lopenblas
echo "# $(date -u +%FT%TZ)  $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus, batch $batch"
shapes=$("$here/../run-kernels.sh" listshapes "batch=$batch" | grep -E '^[0-9]+x[0-9]+x[0-9]+$')
JAVA_OPTS="${JAVA_OPTS:-} -Dcnnc.bench.samples=$(( (pairs + 2) / 3 ))" \
  "$here/../run-kernels.sh" scaling shapes=conv "batch=$batch"
# shellcheck disable=SC2086 # one argument per shape
"$out" "$pairs" $shapes
