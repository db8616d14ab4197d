#!/usr/bin/env bash
# Builds and runs core_scaling.c: the 2-thread over 1-thread speed-up this machine's cores give
# an FMA-only loop and an L2-resident AVX-512 micro-kernel, interleaved. Needs gcc and AVX-512F.
# Usage: bench/machine/run.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${TMPDIR:-/tmp}/cnnc-core-scaling"
gcc -O3 -march=native -pthread -o "$out" "$here/core_scaling.c"
echo "# $(date -u +%FT%TZ)  $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus"
exec "$out" "$@"
