package dev.fleetscale.optimizer.replay;

import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.autoscale.PoolAutoscaler;
import dev.fleetscale.optimizer.autoscale.ScalingInputs;
import dev.fleetscale.optimizer.autoscale.ScalingPolicy;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one adapter between the replay and the optimizer's autoscaler: Fleetscale's shipped {@link
 * PoolAutoscaler}, configured from the optimizer's packaged defaults ({@code
 * optimizer.defaults.yaml}) with only the target (and, for predictive mode, the actuation delays) replaced,
 * driven through {@link PoolAutoscaler#decide(ScalingInputs)}, the entry point the pool stage
 * ({@code PoolDecider}) calls every 10 s window, with its own demand forecast.
 *
 * <p>Each window it is given: the hosts serving (online and draining: the replicas the observed
 * utilization is averaged over), the pool's GPU utilization (capped at 100 %), and, as the demand
 * signal beyond capacity, the window's demand in GPU-equivalents ({@link ScalingInputs#gpuDemand}).
 * A serving stack has that signal as queued work or request rate; the pool stage's telemetry does
 * not carry one yet, which docs/decision-quality.md states with the figures. The simulated pool is
 * the actuator, so it reports its requested and serving counts ({@link
 * PoolAutoscaler#reportPoolState}) before each decision, as a real actuator would.
 */
public final class FleetscalePolicy implements ReplayPolicy {

  private static final Instant EPOCH = Instant.EPOCH;

  private final String name;
  private final PoolAutoscaler autoscaler;
  private final ScalingPolicy policy;
  private final int gpusPerHost;
  private AutoscaleDecision last;

  private FleetscalePolicy(String name, ScalingPolicy policy, Duration history, int gpusPerHost) {
    if (gpusPerHost < 1) {
      throw new IllegalArgumentException("--gpus-per-host: must be >= 1, was " + gpusPerHost);
    }
    this.name = name;
    this.policy = policy;
    this.gpusPerHost = gpusPerHost;
    this.autoscaler = new PoolAutoscaler("replay", policy, history);
  }

  /** Reactive: the shipped defaults at {@code target} (fraction of 1). */
  public static FleetscalePolicy reactive(double target, int gpusPerHost) {
    OptimizerConfig config = shippedDefaults();
    return new FleetscalePolicy("fleetscale-reactive", withTarget(config.scaling(), target)
        .withPredictiveLead(Duration.ZERO), config.predictiveHistory(), gpusPerHost);
  }

  /**
   * Predictive: the shipped defaults at {@code target}, configured for the replay's actuator as an
   * operator configures it for theirs: {@code predictiveLeadSeconds} = the time to bring a host
   * in ({@code lead}), {@code drainSeconds} = the time to remove one ({@code drain}).
   */
  public static FleetscalePolicy predictive(double target, Duration lead, Duration drain,
      int gpusPerHost) {
    OptimizerConfig config = shippedDefaults();
    return new FleetscalePolicy("fleetscale-predictive", withTarget(config.scaling(), target)
        .withPredictiveLead(lead).withDrainDelay(drain), config.predictiveHistory(), gpusPerHost);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Seeds the autoscaler's history through its restart API, as the optimizer does from InfluxDB
   * after a restart: one decision at time 0 that held the pool at {@code hosts}.
   */
  @Override
  public void start(int hosts) {
    autoscaler.restore(EPOCH, hosts, hosts, hosts);
  }

  @Override
  public int desiredHosts(View view) {
    Instant end = EPOCH.plusSeconds(view.nowSeconds());
    autoscaler.reportPoolState(end, view.requested(), view.serving());
    Map<String, Double> context = new LinkedHashMap<>();
    context.put("window_seconds", (double) DemandSeries.STEP_SECONDS);
    context.put("busy_gpus", view.busyGpus());
    context.put("demand_gpus", view.demandGpus());
    ScalingInputs window = ScalingInputs.gpuDemand(end, view.serving(), gpusPerHost,
        view.demandGpus(), 0).withContext(context);
    last = autoscaler.decide(window);
    return last.desiredReplicas();
  }

  /** The autoscaler's last decision (its reason and limits), for diagnostics. */
  public AutoscaleDecision lastDecision() {
    return last;
  }

  public ScalingPolicy policy() {
    return policy;
  }

  private static OptimizerConfig shippedDefaults() {
    return OptimizerMain.load(null, Map.of());
  }

  private static ScalingPolicy withTarget(ScalingPolicy p, double target) {
    if (!p.metric().equals("DCGM_FI_DEV_GPU_UTIL")) {
      throw new IllegalStateException("the replay models GPU utilization; the shipped defaults"
          + " scale on " + p.metric());
    }
    return p.withTarget(target * 100);
  }
}
