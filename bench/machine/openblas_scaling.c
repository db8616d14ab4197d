// OpenBLAS sgemm on one thread against two, per M×N×K shape given on the command line, samples
// interleaved within one process (one, two, one, two …) so the machine's drift hits both sides.
// Prints the median GFLOP/s of each side and the median (and quartiles) of the per-pair ratios,
// in the same form as `bench/run-kernels.sh scaling`.
// Usage: openblas_scaling PAIRS MxNxK...
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double quantile(double *x, int n, double q) {
  qsort(x, n, sizeof(double), by_value);
  return x[(int)(q * (n - 1) + 0.5)];
}

typedef struct { int m, n, k; float *a, *b, *c; } Gemm;

static void call(const Gemm *g) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, g->m, g->n, g->k, 1.f, g->a, g->k, g->b,
              g->n, 0.f, g->c, g->n);
}

// GFLOP/s over calls lasting at least min_s in total, on the given thread count.
static double sample(const Gemm *g, int threads, double min_s) {
  openblas_set_num_threads(threads);
  call(g);  // lets the pool settle on the new count
  int calls = 0;
  double t0 = now();
  do {
    call(g);
    calls++;
  } while (now() - t0 < min_s || calls < 3);
  return 2.0 * g->m * g->n * g->k * calls / (now() - t0) / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PAIRS MxNxK...\n", argv[0]);
    return 2;
  }
  int pairs = atoi(argv[1]);
  if (pairs < 1 || pairs > 1000) {
    fprintf(stderr, "PAIRS must be 1..1000, got %s\n", argv[1]);
    return 2;
  }
  printf("## OpenBLAS sgemm scaling, 1 vs 2 threads, %d interleaved pairs of >= 120 ms (%s)\n", pairs,
         openblas_get_config());
  for (int s = 2; s < argc; s++) {
    Gemm g;
    if (sscanf(argv[s], "%dx%dx%d", &g.m, &g.n, &g.k) != 3 || g.m < 1 || g.n < 1 || g.k < 1) {
      fprintf(stderr, "shape must be MxNxK with positive sizes, got '%s'\n", argv[s]);
      return 2;
    }
    g.a = malloc(sizeof(float) * g.m * g.k);
    g.b = malloc(sizeof(float) * g.k * g.n);
    g.c = calloc((size_t)g.m * g.n, sizeof(float));
    srand(s);
    for (long i = 0; i < (long)g.m * g.k; i++) g.a[i] = rand() / (float)RAND_MAX;
    for (long i = 0; i < (long)g.k * g.n; i++) g.b[i] = rand() / (float)RAND_MAX;
    sample(&g, 1, 0.4);  // warm-up on both sides
    sample(&g, 2, 0.4);
    double *one = malloc(sizeof(double) * pairs), *two = malloc(sizeof(double) * pairs),
           *ratio = malloc(sizeof(double) * pairs);
    for (int p = 0; p < pairs; p++) {
      one[p] = sample(&g, 1, 0.12);
      two[p] = sample(&g, 2, 0.12);
      ratio[p] = two[p] / one[p];
    }
    printf("%-16s %6.1f -> %6.1f GFLOP/s  speed-up %.2f (quartiles %.2f-%.2f)\n", argv[s],
           quantile(one, pairs, 0.5), quantile(two, pairs, 0.5), quantile(ratio, pairs, 0.5),
           quantile(ratio, pairs, 0.25), quantile(ratio, pairs, 0.75));
    free(one); free(two); free(ratio); free(g.a); free(g.b); free(g.c);
  }
  return 0;
}
