package dev.fleetscale.optimizer.pool;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.actuator.PoolState;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.optimizer.autoscale.PoolAutoscaler;
import dev.fleetscale.optimizer.autoscale.ScalingInputs;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.forecast.CapacityForecaster;
import dev.fleetscale.optimizer.forecast.DailyPeaks;
import dev.fleetscale.optimizer.forecast.DemandLedger;
import dev.fleetscale.optimizer.forecast.UnitProfile;
import dev.fleetscale.optimizer.rebalance.FleetSnapshot;
import dev.fleetscale.optimizer.rebalance.Host;
import dev.fleetscale.optimizer.rebalance.InfeasibleGoalException;
import dev.fleetscale.optimizer.rebalance.RebalancePlanner;
import dev.fleetscale.optimizer.rebalance.Workload;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.SampleRejections;
import dev.fleetscale.optimizer.rollup.Stat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision about one pool, made when a 10 s pool window closes: an autoscale decision each
 * window, a rebalance plan every {@code rebalanceEvery} of event time, and a capacity assessment
 * when a UTC day has ended. Decisions depend only on the windows (never the wall clock), and
 * their ids on pool and window end, so a replay yields the same ids. Not thread-safe: one per
 * pool, on the pool stage's thread.
 */
public final class PoolDecider {

  private static final Logger log = LoggerFactory.getLogger(PoolDecider.class);

  private final String pool;
  private final OptimizerConfig config;
  private final RollupMetric metric;
  private final PoolAutoscaler autoscaler;
  private final RebalancePlanner planner;
  private final CapacityForecaster forecaster;
  private final DemandLedger ledger;
  /** What each GPU of the pool must be, learnt from its windows, attached to GPU demands. */
  private final UnitProfile unitProfile = new UnitProfile();
  /** Daily peak demand per resource, in the resource's unit. */
  private final Map<CapacityResource, DailyPeaks> peaks = new EnumMap<>(CapacityResource.class);
  /** Where impossible demands, left out of the peaks, are counted. */
  private final SampleRejections rejections;
  private LocalDate currentDay;
  /** The last UTC day ended and not assessed yet (its first window lacked a member). */
  private LocalDate dayToAssess;
  private boolean planDue;
  private boolean waitingLogged;

  public PoolDecider(String pool, OptimizerConfig config, RebalancePlanner planner,
      CapacityForecaster forecaster, DemandLedger ledger) {
    this(pool, config, planner, forecaster, ledger, new SampleRejections());
  }

  public PoolDecider(String pool, OptimizerConfig config, RebalancePlanner planner,
      CapacityForecaster forecaster, DemandLedger ledger, SampleRejections rejections) {
    this.rejections = rejections;
    this.pool = pool;
    this.config = config;
    this.metric = RollupMetric.forScalingMetric(config.scaling().metric());
    this.autoscaler = new PoolAutoscaler(pool, config.scaling(), config.predictiveHistory());
    this.planner = planner;
    this.forecaster = forecaster;
    this.ledger = ledger;
  }

  /**
   * Decisions for a closed 10 s pool window, in publication order. Nothing is decided while the
   * pool's membership is not settled (a pool taken on without history, for one membership
   * horizon): a host that has not reported yet may belong to it. A rebalance plan and a capacity
   * assessment wait for a window in which every member reported (the first one at or after
   * their time), since either would otherwise be made on part of the pool.
   */
  public List<FleetEvent> onWindow(PoolWindow window) {
    List<FleetEvent> out = new ArrayList<>(2);
    Instant end = window.end();
    PoolWindow.Membership membership = window.membership();
    if (!membership.settled()) {
      if (!waitingLogged) {
        waitingLogged = true;
        log.info("pool {}: watching its membership for {} before deciding ({} hosts so far)",
            pool, config.membershipHorizon(), membership.size());
      }
    } else if (waitingLogged) {
      waitingLogged = false;
      log.info("pool {}: membership settled at {} hosts, deciding from {}", pool,
          membership.size(), end);
    }
    Stat.Summary observed = window.metrics().get(metric);
    if (observed != null) {
      Map<String, Double> inputs = new LinkedHashMap<>();
      inputs.put("window_seconds", 10.0);
      inputs.put("hosts", (double) membership.size());
      inputs.put("hosts_reporting", (double) window.hosts());
      inputs.put("gpus", (double) window.gpus());
      inputs.put("busy_gpus", (double) window.busyGpus());
      inputs.put("observed_max", observed.max());
      inputs.put("observed_p95", observed.p95());
      // The telemetry carries no demand signal beyond capacity (no queue), so no offered value:
      // at 100 % the decision says its count is a lower bound.
      ScalingInputs in = new ScalingInputs(end, replicas(window), observed.mean(),
          OptionalDouble.empty(), inputs);
      if (membership.settled()) {
        out.add(autoscaler.decide(in));
      } else {
        autoscaler.observe(in); // the demand forecast learns while the membership settles
      }
    }
    if (end.toEpochMilli() % config.rebalanceEvery().toMillis() == 0) {
      planDue = true;
    }
    boolean whole = membership.settled() && membership.complete();
    if (planDue && whole) {
      planDue = false;
      plan(window).ifPresent(out::add);
    }
    assessCapacity(window, whole).forEach(out::add);
    return out;
  }

  /**
   * The replicas ready, that the observed metric stands for: the pool's members (HOSTS), or the
   * distinct workloads on them (WORKLOADS), a missing member's from its last summary. The
   * autoscaler scales from the replicas requested (its last decision), not from these.
   */
  private int replicas(PoolWindow window) {
    if (config.replicaUnit() == OptimizerConfig.ReplicaUnit.HOSTS) {
      return window.membership().size();
    }
    return (int) java.util.stream.Stream.concat(window.summaries().values().stream(),
            window.membership().lastOfMissing().values().stream())
        .flatMap(h -> h.workloads().stream())
        .map(HostWindowSummary.WorkloadWindow::id)
        .distinct()
        .count();
  }

  private java.util.Optional<RebalancePlan> plan(PoolWindow window) {
    FleetSnapshot snapshot = snapshot(window);
    try {
      return planner.plan(snapshot);
    } catch (InfeasibleGoalException e) {
      log.warn("pool {}: {}", pool, e.getMessage());
      return java.util.Optional.of(new RebalancePlan(RebalancePlanner.planId(snapshot), pool,
          window.end(), List.of(), planner.score(snapshot), planner.score(snapshot), e.goals(),
          e.infeasible()));
    }
  }

  /** The planner's view of the pool: hosts and their workloads from the window's summaries. */
  static FleetSnapshot snapshot(PoolWindow window) {
    List<Host> hosts = new ArrayList<>();
    List<Workload> workloads = new ArrayList<>();
    Map<String, String> placement = new HashMap<>();
    for (HostWindowSummary h : window.summaries().values()) {
      double idle = h.powerLimitWatts() * 0.1;
      double power = mean(h, RollupMetric.POWER);
      double attributed = h.workloads().stream().mapToDouble(
          HostWindowSummary.WorkloadWindow::powerWatts).sum();
      hosts.add(new Host(h.hostId(), h.rack(), h.healthy(), h.gpuCount(), h.gpuMemoryBytes(),
          h.powerLimitWatts(), Math.max(idle, power - attributed), h.temperatureMaxC(),
          mean(h, RollupMetric.NIC_UTIL), mean(h, RollupMetric.DISK_UTIL)));
      for (HostWindowSummary.WorkloadWindow w : h.workloads()) {
        if (placement.containsKey(w.id())) {
          continue; // a workload spanning hosts is pinned: the planner moves single-host ones
        }
        workloads.add(workload(w));
        placement.put(w.id(), h.hostId());
      }
    }
    return new FleetSnapshot(window.pool(), window.end(), hosts, workloads, placement);
  }

  /**
   * The planner's workload. A placement label the planner cannot read (a workload's own
   * environment, so anything may be there) must not stop the pool's planning: the workload is
   * planned without its placement labels (whole GPUs, no CPU or memory request), and the log says
   * which label and rule.
   */
  private static Workload workload(HostWindowSummary.WorkloadWindow w) {
    try {
      return new Workload(w.id(), w.gpus(), w.memoryBytesPerGpu(), w.gpuUtilPct(),
          w.powerWatts(), 0, 0, w.labels());
    } catch (IllegalArgumentException e) {
      log.warn("{}; planned without its placement labels", e.getMessage());
      Map<String, String> kept = new HashMap<>();
      if (w.labels() != null) {
        w.labels().forEach((k, v) -> {
          if (k.equals(Workload.GANG_LABEL) || k.equals(Workload.ANTI_AFFINITY_LABEL)) {
            kept.put(k, v);
          }
        });
      }
      return new Workload(w.id(), w.gpus(), w.memoryBytesPerGpu(), w.gpuUtilPct(),
          w.powerWatts(), 0, 0, kept);
    }
  }

  private static double mean(HostWindowSummary h, RollupMetric m) {
    Stat.Summary s = h.host().get(m.field());
    return s == null ? 0 : s.mean();
  }

  /**
   * Records the window's demand of every known resource; when a UTC day has ended, assesses each
   * resource the pool has capacity of against the capacity of the first window after it in which
   * every member reported ({@code whole}): a window without a member's capacity would make the
   * pool look smaller and raise a shortfall that is not there. Each demand
   * goes through the ledger, which keys by pool and resource: a GPU memory shortfall neither
   * repeats nor supersedes a GPU count one.
   */
  private List<FleetEvent> assessCapacity(PoolWindow window, boolean whole) {
    Instant at = window.end().minusMillis(1);
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    window.resources().forEach((resource, use) ->
        peaks(resource).observe(at, use.demand(), ceiling(resource, use)));
    unitProfile.observe(window.summaries().values(), window.end());
    List<FleetEvent> out = new ArrayList<>(1);
    if (currentDay != null && day.isAfter(currentDay)) {
      dayToAssess = currentDay;
    }
    currentDay = day;
    if (dayToAssess != null && whole) {
      LocalDate ended = dayToAssess;
      dayToAssess = null;
      window.resources().forEach((resource, use) -> {
        if (use.capacity() > 0) {
          forecaster.assess(pool, resource, peaks(resource), ended, use.capacity(),
                  window.end())
              .map(unitProfile::attach)
              .flatMap(ledger::admit)
              .ifPresent(out::add);
        }
      });
    }
    return out;
  }

  private DailyPeaks peaks(CapacityResource resource) {
    return peaks.computeIfAbsent(resource, r -> new DailyPeaks(rejections));
  }

  /**
   * The most a window's demand can physically be: NIC demand cannot exceed the link speeds it is
   * measured on (a margin for rounding). The other resources have no such bound here (capacity is
   * the window's last sample, demand its peak, so a device lost mid-window may leave demand above
   * capacity; disk rates are bounded per device in the host stage).
   */
  private static double ceiling(CapacityResource resource, ResourceUse use) {
    if (resource == CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND && use.capacity() > 0) {
      return use.capacity() * 1.01;
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * An actuator's latest report of the pool ({@code fleet.pool-state.v1}): the replicas it has
   * requested replace the autoscaler's own last decision as the count the next decision scales
   * from, once the report reflects that decision (docs/optimizer.md, Autoscaling).
   */
  public void actuatorReport(PoolState report) {
    autoscaler.reportPoolState(report.reportedAt(), report.replicasRequested(),
        report.replicasReady(), report.lastDecidedAt());
  }

  /** The autoscaler, for restoring its history after a restart. */
  public PoolAutoscaler autoscaler() {
    return autoscaler;
  }

  /**
   * Restores a daily peak from storage (InfluxDB 1 h pool rollups) after a restart or a partition
   * move.
   *
   * @param demand the peak, in the resource's unit
   */
  public void restorePeak(Instant at, CapacityResource resource, double demand) {
    peaks(resource).observe(at, demand);
  }
}
