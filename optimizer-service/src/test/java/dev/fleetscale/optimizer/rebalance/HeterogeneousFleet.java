package dev.fleetscale.optimizer.rebalance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A heterogeneous fleet for the planner benchmark: four GPU models (8 × H100 80 GB, 8 × A100
 * 80 GB with a quarter of the hosts running 2 MIG GPUs, 4 × L40S 48 GB, 4 × A10 24 GB), one host
 * in ten CPU-bound (a quarter of the usual cores), 40 % of the workloads fractional, 5 % MIG
 * instances, the rest 1, 2 or 4 whole GPUs; QoS 20 % guaranteed, 30 % latency-sensitive, 50 %
 * best-effort; every workload requests CPU cores and memory. Placement is random but feasible
 * (every hard goal holds), about {@code load} of the GPU capacity used, so consolidation and
 * spread both have work.
 */
final class HeterogeneousFleet {

  private static final long GB = 1L << 30;
  private static final String[] MIG_PROFILES = {"1g.10gb", "2g.20gb", "3g.40gb"};

  private HeterogeneousFleet() {}

  static FleetSnapshot generate(int hostCount, double load, long seed) {
    Random random = new Random(seed);
    List<Host> hosts = new ArrayList<>(hostCount);
    double gpus = 0;
    for (int h = 0; h < hostCount; h++) {
      String id = String.format(Locale.ROOT, "h%05d", h);
      String rack = "r" + (h / 40);
      int model = h % 4;
      boolean cpuBound = h % 10 == 3;
      Host host = switch (model) {
        case 0 -> new Host(id, rack, true, 8, 80 * GB, 5600, 560, 50, 5, 5)
            .withResources("H100-SXM5-80GB", cpuBound ? 32 : 128, 1024 * GB);
        case 1 -> new Host(id, rack, true, 8, 80 * GB, 3200, 400, 50, 5, 5)
            .withResources("A100-SXM4-80GB", cpuBound ? 32 : 128, 1024 * GB)
            .withMigGpus(h % 16 == 1 ? 2 : 0);
        case 2 -> new Host(id, rack, true, 4, 48 * GB, 1400, 120, 50, 5, 5)
            .withResources("L40S-48GB", cpuBound ? 16 : 64, 512 * GB);
        default -> new Host(id, rack, true, 4, 24 * GB, 600, 60, 50, 5, 5)
            .withResources("A10-24GB", cpuBound ? 16 : 64, 256 * GB);
      };
      hosts.add(host);
      gpus += host.gpuCount();
    }
    // Placement on a throw-away state: a candidate host is taken only where the planner's own
    // fit rules (per-GPU share, MIG slices, CPU, memory) hold, so the fleet starts feasible.
    List<Host> withStaging = new ArrayList<>(hosts);
    withStaging.add(new Host("staging", null, true, 0, 0, 0, 0, null, 0, 0));
    List<Workload> workloads = new ArrayList<>();
    double target = gpus * load;
    double placedShare = 0;
    int w = 0;
    Map<String, String> staging = new HashMap<>();
    while (placedShare < target * 1.02) {
      Workload workload = workload(random, w++);
      workloads.add(workload);
      staging.put(workload.id(), "staging");
      placedShare += workload.needs().mig() != null ? workload.needs().mig().gpuShare()
          : workload.gpus() * workload.needs().gpuFraction();
    }
    PlanningState state = new PlanningState(new FleetSnapshot("gen", Instant.EPOCH, withStaging,
        workloads, staging));
    Map<String, String> placement = new HashMap<>();
    List<Workload> placed = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      for (int attempt = 0; attempt < 40; attempt++) {
        int h = random.nextInt(hostCount);
        if (fits(state, i, h)) {
          state.relocate(i, h);
          placement.put(workloads.get(i).id(), hosts.get(h).id());
          placed.add(workloads.get(i));
          break;
        }
      }
    }
    return new FleetSnapshot("hetero", Instant.parse("2026-01-01T00:00:00Z"), hosts, placed,
        placement);
  }

  /** Whether every hard resource goal would hold with the workload on the host. */
  static boolean fits(PlanningState state, int w, int h) {
    Host host = state.hosts[h];
    return state.fitsOn(w, h)
        && state.workloads[w].memoryBytesPerGpu() <= host.gpuMemoryBytes()
        && (host.cpuCores() == 0 || state.cpuUsed[h] + state.cpuNeed[w] <= host.cpuCores())
        && (host.memoryBytes() == 0 || state.memoryUsed[h] + state.memoryNeed[w]
            <= host.memoryBytes());
  }

  private static Workload workload(Random random, int n) {
    double util = 10 + random.nextDouble() * 80;
    int kind = random.nextInt(100);
    Workload w;
    double cores;
    long memory;
    if (kind < 40) {
      double fraction = new double[] {0.1, 0.125, 0.25, 0.25, 0.5}[random.nextInt(5)];
      w = Workload.fractional("w" + n, fraction, (long) ((2 + random.nextInt(8)) * GB), util);
      cores = 1 + random.nextInt(4);
      memory = (8 + random.nextInt(24)) * GB;
    } else if (kind < 45) {
      String profile = MIG_PROFILES[random.nextInt(MIG_PROFILES.length)];
      w = Workload.mig("w" + n, profile, 4 * GB, util);
      cores = 2 + random.nextInt(4);
      memory = (16 + random.nextInt(32)) * GB;
    } else {
      int gpus = kind < 85 ? 1 : kind < 97 ? 2 : 4;
      w = Workload.of("w" + n, gpus, (long) ((8 + random.nextInt(16)) * GB), util);
      cores = gpus * (4 + random.nextInt(12));
      memory = gpus * (32 + random.nextInt(96)) * GB;
    }
    w = w.withLoad(util * 3, random.nextDouble() * 5, random.nextDouble() * 5)
        .withHostResources(cores, memory);
    int q = random.nextInt(10);
    return w.withLabel(PlacementLabels.QOS, q < 2 ? "guaranteed" : q < 5 ? "latency-sensitive"
        : "best-effort");
  }

  /**
   * Packs every workload from scratch, best-fit decreasing: largest GPU share first, each onto the
   * fullest host (by GPU share) where every hard resource goal holds; {@code leastLoaded} instead
   * puts each on the least utilized host where it fits (the spread baseline).
   *
   * @return the placement, workload id to host id
   */
  static Map<String, String> packFromScratch(FleetSnapshot fleet, boolean leastLoaded) {
    List<Host> withStaging = new ArrayList<>(fleet.hosts());
    withStaging.add(new Host("staging", null, true, 0, 0, 0, 0, null, 0, 0));
    Map<String, String> staging = new HashMap<>();
    fleet.workloads().forEach(w -> staging.put(w.id(), "staging"));
    PlanningState state = new PlanningState(new FleetSnapshot("pack", Instant.EPOCH, withStaging,
        fleet.workloads(), staging));
    int hosts = fleet.hosts().size();
    Integer[] order = new Integer[state.workloads.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> {
      int c = Double.compare(state.gpuShare[b], state.gpuShare[a]);
      return c != 0 ? c : Double.compare(state.cpuNeed[b], state.cpuNeed[a]);
    });
    Map<String, String> placement = new HashMap<>(fleet.placement());
    for (int w : order) {
      int best = -1;
      double bestKey = 0;
      for (int h = 0; h < hosts; h++) {
        if (!fits(state, w, h)) {
          continue;
        }
        double key = leastLoaded ? -state.utilizationPercent(h)
            : state.gpuDemand[h] / Math.max(1, state.hosts[h].gpuCount());
        if (best < 0 || key > bestKey) {
          best = h;
          bestKey = key;
        }
      }
      if (best >= 0) {
        state.relocate(w, best);
        placement.put(state.workloads[w].id(), fleet.hosts().get(best).id());
      }
    }
    return placement;
  }
}
