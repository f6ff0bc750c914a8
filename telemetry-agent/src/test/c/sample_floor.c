/*
 * The floor for one full host sample: the same NVML calls and /proc and /sys reads the agent makes,
 * in plain C, with no allocation beyond stack buffers and no encoding. docs/benchmarks-agent.md
 * compares the agent's JMH figure against this.
 *
 *   gcc -O2 -o sample_floor sample_floor.c -ldl
 *   FLEETSCALE_NVML_STUB_SCENARIO=eight-h200.scenario ./sample_floor /path/to/libnvidia-ml.so.1 [iterations [all|gpus|kernel [pause_ms]]]
 *
 * With pause_ms, it sleeps that long between samples, as the agent does at 1 Hz (1000): caches are
 * then cold at every sample, which a tight loop hides. It also prints the CPU time of each sample
 * (CLOCK_THREAD_CPUTIME_ID), which is what the agent's CPU figure counts.
 *
 * Per GPU and sample (as NvmlGpuReader does after the first read, identity cached): handle by index,
 * utilization, memory (v2), remapped rows, power, power limit, energy, temperature, SM and memory clocks,
 * PCIe TX and RX, PCIe replays, ECC corrected and uncorrected, clocks event reasons, P-state, fan,
 * MIG mode, compute processes. Then /proc/diskstats (+ /sys/block/<dev> per device), /proc/net/dev
 * (+ /sys/class/net/<if>/type and speed), /proc/stat, /proc/meminfo, /proc/loadavg, /proc/self/mounts
 * and statvfs of every mount of a storage filesystem type, all parsed to numbers.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

typedef int nvmlReturn_t;
typedef void *nvmlDevice_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned int version; unsigned long long total, reserved, free, used; } nvmlMemory_v2_t;
typedef struct { unsigned int pid; unsigned long long usedGpuMemory; unsigned int gpuInstanceId, computeInstanceId; } nvmlProcessInfo_t;

#define FN(name, ...) static nvmlReturn_t (*name)(__VA_ARGS__)
FN(nvmlInit_v2, void);
FN(nvmlDeviceGetCount_v2, unsigned int *);
FN(nvmlDeviceGetHandleByIndex_v2, unsigned int, nvmlDevice_t *);
FN(nvmlDeviceGetUtilizationRates, nvmlDevice_t, nvmlUtilization_t *);
FN(nvmlDeviceGetMemoryInfo_v2, nvmlDevice_t, nvmlMemory_v2_t *);
FN(nvmlDeviceGetRemappedRows, nvmlDevice_t, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
FN(nvmlDeviceGetPowerUsage, nvmlDevice_t, unsigned int *);
FN(nvmlDeviceGetEnforcedPowerLimit, nvmlDevice_t, unsigned int *);
FN(nvmlDeviceGetTotalEnergyConsumption, nvmlDevice_t, unsigned long long *);
FN(nvmlDeviceGetTemperature, nvmlDevice_t, int, unsigned int *);
FN(nvmlDeviceGetClockInfo, nvmlDevice_t, int, unsigned int *);
FN(nvmlDeviceGetPcieThroughput, nvmlDevice_t, int, unsigned int *);
FN(nvmlDeviceGetPcieReplayCounter, nvmlDevice_t, unsigned int *);
FN(nvmlDeviceGetTotalEccErrors, nvmlDevice_t, int, int, unsigned long long *);
FN(nvmlDeviceGetCurrentClocksEventReasons, nvmlDevice_t, unsigned long long *);
FN(nvmlDeviceGetPerformanceState, nvmlDevice_t, int *);
FN(nvmlDeviceGetFanSpeed, nvmlDevice_t, unsigned int *);
FN(nvmlDeviceGetMigMode, nvmlDevice_t, unsigned int *, unsigned int *);
FN(nvmlDeviceGetComputeRunningProcesses_v3, nvmlDevice_t, unsigned int *, nvmlProcessInfo_t *);

static volatile unsigned long long sink;

static void *must(void *lib, const char *name) {
  void *f = dlsym(lib, name);
  if (!f) { fprintf(stderr, "missing %s\n", name); exit(2); }
  return f;
}

static size_t slurp(const char *path, char *buf, size_t cap) {
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, cap - 1, f);
  fclose(f);
  buf[n] = 0;
  return n;
}

static void sample_gpus(unsigned int count) {
  for (unsigned int i = 0; i < count; i++) {
    nvmlDevice_t d; nvmlUtilization_t u; nvmlMemory_v2_t m = {0}; unsigned int a, b, c, e; unsigned long long x;
    int p; nvmlProcessInfo_t procs[64]; unsigned int n = 64;
    m.version = (unsigned int) (sizeof(nvmlMemory_v2_t) | (2u << 24));
    nvmlDeviceGetHandleByIndex_v2(i, &d);
    nvmlDeviceGetUtilizationRates(d, &u); sink += u.gpu;
    nvmlDeviceGetMemoryInfo_v2(d, &m); sink += m.used;
    nvmlDeviceGetRemappedRows(d, &a, &b, &c, &e); sink += a;
    nvmlDeviceGetPowerUsage(d, &a); sink += a;
    nvmlDeviceGetEnforcedPowerLimit(d, &a); sink += a;
    nvmlDeviceGetTotalEnergyConsumption(d, &x); sink += x;
    nvmlDeviceGetTemperature(d, 0, &a); sink += a;
    nvmlDeviceGetClockInfo(d, 1, &a); sink += a;
    nvmlDeviceGetClockInfo(d, 2, &a); sink += a;
    nvmlDeviceGetPcieThroughput(d, 0, &a); sink += a;
    nvmlDeviceGetPcieThroughput(d, 1, &a); sink += a;
    nvmlDeviceGetPcieReplayCounter(d, &a); sink += a;
    nvmlDeviceGetTotalEccErrors(d, 0, 0, &x); sink += x;
    nvmlDeviceGetTotalEccErrors(d, 1, 0, &x); sink += x;
    nvmlDeviceGetCurrentClocksEventReasons(d, &x); sink += x;
    nvmlDeviceGetPerformanceState(d, &p); sink += p;
    nvmlDeviceGetFanSpeed(d, &a); sink += a;
    nvmlDeviceGetMigMode(d, &a, &b); sink += a;
    nvmlDeviceGetComputeRunningProcesses_v3(d, &n, procs); sink += n;
  }
}

static void sample_kernel(void) {
  static char buf[1 << 16];
  char path[512], name[256], small[64];
  struct stat st;
  /* disks */
  slurp("/proc/diskstats", buf, sizeof buf);
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    unsigned long long f[14]; unsigned int maj, min;
    if (sscanf(line, "%u %u %255s %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
               &maj, &min, name, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10]) < 14) continue;
    if (!strncmp(name, "loop", 4) || !strncmp(name, "ram", 3) || !strncmp(name, "zram", 4)) continue;
    snprintf(path, sizeof path, "/sys/block/%s", name);
    if (stat(path, &st) == 0) sink += f[0] + f[2] + f[4] + f[6] + f[9] + f[10];
  }
  /* NICs */
  slurp("/proc/net/dev", buf, sizeof buf);
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    char *colon = strchr(line, ':');
    if (!colon) continue;
    *colon = 0;
    char *ifname = line; while (*ifname == ' ') ifname++;
    if (!strcmp(ifname, "lo")) continue;
    unsigned long long v[16];
    if (sscanf(colon + 1, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
               &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &v[12], &v[13], &v[14], &v[15]) < 16) continue;
    sink += v[0] + v[1] + v[8] + v[9] + v[2] + v[3] + v[10] + v[11];
    snprintf(path, sizeof path, "/sys/class/net/%s/type", ifname);
    if (slurp(path, small, sizeof small)) sink += strtoull(small, NULL, 10);
    snprintf(path, sizeof path, "/sys/class/net/%s/speed", ifname);
    if (slurp(path, small, sizeof small)) sink += strtoull(small, NULL, 10);
  }
  /* CPU, memory, load */
  slurp("/proc/stat", buf, sizeof buf);
  unsigned long long c[8];
  if (sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7]) == 8) sink += c[0] + c[3];
  for (char *p = buf; (p = strstr(p, "\ncpu")); p++) sink++;
  slurp("/proc/meminfo", buf, sizeof buf);
  char *t = strstr(buf, "MemTotal:"), *a = strstr(buf, "MemAvailable:");
  if (t && a) sink += strtoull(t + 9, NULL, 10) - strtoull(a + 13, NULL, 10);
  slurp("/proc/loadavg", buf, sizeof buf);
  sink += (unsigned long long) (strtod(buf, NULL) * 100);
  /* filesystems */
  slurp("/proc/self/mounts", buf, sizeof buf);
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    char dev[256], mnt[256], type[64];
    if (sscanf(line, "%255s %255s %63s", dev, mnt, type) != 3) continue;
    if (strcmp(type, "ext4") && strcmp(type, "xfs") && strcmp(type, "btrfs") && strcmp(type, "ext3") && strcmp(type, "vfat")) continue;
    struct statvfs s;
    if (statvfs(mnt, &s) == 0) sink += s.f_blocks * s.f_frsize - s.f_bfree * s.f_frsize;
  }
}

static int cmp(const void *x, const void *y) {
  long long a = *(const long long *) x, b = *(const long long *) y;
  return a < b ? -1 : a > b;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s libnvidia-ml.so.1 [iterations]\n", argv[0]); return 64; }
  int iterations = argc > 2 ? atoi(argv[2]) : 2000;
  const char *what = argc > 3 ? argv[3] : "all";
  long pause_ms = argc > 4 ? atol(argv[4]) : 0;
  int gpus = strcmp(what, "kernel") != 0, kernel = strcmp(what, "gpus") != 0;
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 2; }
#define BIND(name) *(void **) (&name) = must(lib, #name)
  BIND(nvmlInit_v2); BIND(nvmlDeviceGetCount_v2); BIND(nvmlDeviceGetHandleByIndex_v2);
  BIND(nvmlDeviceGetUtilizationRates); BIND(nvmlDeviceGetMemoryInfo_v2); BIND(nvmlDeviceGetRemappedRows);
  BIND(nvmlDeviceGetPowerUsage); BIND(nvmlDeviceGetEnforcedPowerLimit); BIND(nvmlDeviceGetTotalEnergyConsumption);
  BIND(nvmlDeviceGetTemperature); BIND(nvmlDeviceGetClockInfo); BIND(nvmlDeviceGetPcieThroughput);
  BIND(nvmlDeviceGetPcieReplayCounter); BIND(nvmlDeviceGetTotalEccErrors); BIND(nvmlDeviceGetCurrentClocksEventReasons);
  BIND(nvmlDeviceGetPerformanceState); BIND(nvmlDeviceGetFanSpeed); BIND(nvmlDeviceGetMigMode);
  BIND(nvmlDeviceGetComputeRunningProcesses_v3);
  if (nvmlInit_v2() != 0) { fprintf(stderr, "nvmlInit_v2 failed\n"); return 3; }
  unsigned int count = 0;
  nvmlDeviceGetCount_v2(&count);
  long long *ns = malloc(sizeof(long long) * iterations);
  long long cpu_ns = 0;
  for (int i = 0; i < iterations; i++) {
    struct timespec a, b, ca, cb;
    if (pause_ms > 0) {
      struct timespec pause = {pause_ms / 1000, (pause_ms % 1000) * 1000000L};
      nanosleep(&pause, NULL);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ca);
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (gpus) sample_gpus(count);
    if (kernel) sample_kernel();
    clock_gettime(CLOCK_MONOTONIC, &b);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cb);
    ns[i] = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    cpu_ns += (cb.tv_sec - ca.tv_sec) * 1000000000LL + (cb.tv_nsec - ca.tv_nsec);
  }
  qsort(ns, iterations, sizeof *ns, cmp);
  double sum = 0;
  for (int i = 0; i < iterations; i++) sum += ns[i];
  printf("part=%s gpus=%u iterations=%d pause_ms=%ld median_us=%.1f mean_us=%.1f p99_us=%.1f cpu_mean_us=%.1f\n", what,
         count, iterations, pause_ms, ns[iterations / 2] / 1e3, sum / iterations / 1e3,
         ns[(int) (iterations * 0.99)] / 1e3, cpu_ns / 1e3 / iterations);
  return 0;
}
