package dev.fleetscale.optimizer.replay;

import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.rebalance.FleetSnapshot;
import dev.fleetscale.optimizer.rebalance.Host;
import dev.fleetscale.optimizer.rebalance.InfeasibleGoalException;
import dev.fleetscale.optimizer.rebalance.RebalancePlanner;
import dev.fleetscale.optimizer.rebalance.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays the optimizer's {@link RebalancePlanner}, with the shipped goals and settings ({@code
 * optimizer.defaults.yaml}), on a demand series, in simulated time:
 *
 * <ul>
 *   <li>the pool has the static-peak hosts at the target ({@link StaticPolicy#hostsFor}), in racks
 *       of {@value #HOSTS_PER_RACK}, 80 GB per GPU;
 *   <li>the service runs {@code ceil(mean demand / target)} one-GPU replicas (the workloads), placed
 *       by a bin-packing scheduler: first fit, host by host, which is the skewed placement a
 *       rebalancer exists for; each replica serves an equal share of the window's demand, so its
 *       GPU utilization is {@code demand / replicas}, capped at 100 %;
 *   <li>every {@code rebalance.everySeconds} (shipped: 300 s) the planner gets a snapshot with each
 *       replica's mean utilization over that period, and its moves are applied at once (a real
 *       executor takes time per move; that is not modelled here).
 * </ul>
 *
 * <p>Measured every 10 s window, with and without the planner: the spread of host GPU utilization
 * (highest minus lowest host), hot spots (hosts above {@link Metrics#SLO_LOAD} of their GPUs
 * busy), and the planner's runs, plans (runs that moved something) and moves.
 */
public final class PlannerReplay {

  static final int HOSTS_PER_RACK = 4;
  static final long GPU_MEMORY = 80L << 30;
  static final long REPLICA_MEMORY = 40L << 30;

  /** One run, with or without the planner. */
  public record Result(String name, int hosts, int replicas, double meanSpreadPct,
      double p95SpreadPct, double hotHostShare, int runs, int plans, int moves,
      double meanPlanMillis) {}

  private final DemandSeries series;
  private final int gpusPerHost;
  private final double target;
  private final OptimizerConfig config;

  public PlannerReplay(DemandSeries series, int gpusPerHost, double target) {
    this.series = series;
    this.gpusPerHost = gpusPerHost;
    this.target = target;
    this.config = OptimizerMain.load(null, Map.of());
  }

  /** Without the planner, then with it. */
  public List<Result> run() {
    return List.of(run(false), run(true));
  }

  Result run(boolean plan) {
    int hosts = StaticPolicy.hostsFor(series.peak(), target, gpusPerHost);
    int replicas = Math.min(hosts * gpusPerHost,
        Math.max(1, (int) Math.ceil(series.mean() / target - 1e-9)));
    List<Host> pool = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      pool.add(Host.of(hostId(h), "rack-" + h / HOSTS_PER_RACK, gpusPerHost, GPU_MEMORY));
    }
    Map<String, String> placement = new LinkedHashMap<>();
    for (int r = 0; r < replicas; r++) {
      placement.put(replicaId(r), hostId(r / gpusPerHost)); // first fit
    }
    var g = config.goals();
    RebalancePlanner planner = new RebalancePlanner(RebalancePlanner.defaultGoals(
        g.utilizationBand(), g.powerHeadroom(), g.hotCelsius(), g.ioBand(), g.costPerMove()),
        config.planner());
    int period = (int) (config.rebalanceEvery().toSeconds() / DemandSeries.STEP_SECONDS);
    double[] spread = new double[series.windows()];
    long hot = 0;
    int runs = 0;
    int plans = 0;
    int moves = 0;
    long planNanos = 0;
    double periodUtil = 0;
    for (int w = 0; w < series.windows(); w++) {
      double util = Math.min(100, 100 * series.demand(w) / replicas);
      periodUtil += util;
      Map<String, Integer> perHost = new LinkedHashMap<>();
      placement.values().forEach(h -> perHost.merge(h, 1, Integer::sum));
      double hi = 0;
      double lo = Double.MAX_VALUE;
      for (Host h : pool) {
        double hostUtil = perHost.getOrDefault(h.id(), 0) * util / h.gpuCount();
        hi = Math.max(hi, hostUtil);
        lo = Math.min(lo, hostUtil);
        if (hostUtil > 100 * Metrics.SLO_LOAD) {
          hot++;
        }
      }
      spread[w] = hi - lo;
      if (plan && (w + 1) % period == 0) {
        double mean = periodUtil / period;
        List<Workload> workloads = new ArrayList<>();
        for (String id : placement.keySet()) {
          workloads.add(Workload.of(id, 1, REPLICA_MEMORY, mean));
        }
        FleetSnapshot snapshot = new FleetSnapshot(series.name(),
            Instant.EPOCH.plusSeconds((w + 1L) * DemandSeries.STEP_SECONDS), pool, workloads,
            placement);
        long start = System.nanoTime();
        Optional<RebalancePlan> p;
        try {
          p = planner.plan(snapshot);
        } catch (InfeasibleGoalException e) {
          throw new IllegalStateException("the replayed pool breaks a hard goal: "
              + e.getMessage(), e);
        }
        planNanos += System.nanoTime() - start;
        runs++;
        if (p.isPresent() && !p.get().moves().isEmpty()) {
          plans++;
          for (Move m : p.get().moves()) {
            placement.put(m.workloadId(), m.toHost());
            moves++;
          }
        }
      }
      if ((w + 1) % period == 0) {
        periodUtil = 0;
      }
    }
    double[] sorted = spread.clone();
    Arrays.sort(sorted);
    return new Result(plan ? "rebalance-planner" : "no-rebalance", hosts, replicas,
        Arrays.stream(spread).average().orElse(0), Metrics.percentile(spread, 0.95),
        (double) hot / ((long) hosts * series.windows()), runs, plans, moves,
        runs == 0 ? 0 : planNanos / 1e6 / runs);
  }

  private static String hostId(int h) {
    return String.format("host-%03d", h);
  }

  private static String replicaId(int r) {
    return String.format("replica-%03d", r);
  }
}
