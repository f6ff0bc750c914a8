package dev.fleetscale.optimizer.replay;

import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.autoscale.PoolAutoscaler;
import dev.fleetscale.optimizer.autoscale.RampForecast;
import dev.fleetscale.optimizer.autoscale.ScalingPolicy;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The one adapter between the replay and the optimizer's autoscaler: Fleetscale's shipped
 * {@link PoolAutoscaler} and {@link RampForecast}, configured from the optimizer's packaged
 * defaults ({@code optimizer.defaults.yaml}) with only the target (and, for predictive mode, the
 * lead) replaced, fed every 10 s window the way the pool stage ({@code PoolDecider}) feeds them:
 * {@code current} is the hosts online (the pool's reporting members), {@code observed} the pool's
 * mean GPU utilization, the forecast the ramp's value at window end + lead.
 *
 * <p>When the autoscaler gets its standalone entry point (requested and ready replicas, demand
 * forecast), only this class changes.
 */
public final class FleetscalePolicy implements ReplayPolicy {

  private static final Instant EPOCH = Instant.EPOCH;

  private final String name;
  private final PoolAutoscaler autoscaler;
  private final RampForecast ramp;
  private final ScalingPolicy policy;
  private AutoscaleDecision last;

  private FleetscalePolicy(String name, ScalingPolicy policy, Duration history) {
    this.name = name;
    this.policy = policy;
    this.autoscaler = new PoolAutoscaler("replay", policy);
    this.ramp = new RampForecast(history, 6);
  }

  /** Reactive: the shipped defaults at {@code target} (fraction of 1). */
  public static FleetscalePolicy reactive(double target) {
    OptimizerConfig config = shippedDefaults();
    return new FleetscalePolicy("fleetscale-reactive", withTarget(config.scaling(), target)
        .withPredictiveLead(Duration.ZERO), config.predictiveHistory());
  }

  /** Predictive: the shipped defaults at {@code target}, forecasting {@code lead} ahead. */
  public static FleetscalePolicy predictive(double target, Duration lead) {
    OptimizerConfig config = shippedDefaults();
    return new FleetscalePolicy("fleetscale-predictive", withTarget(config.scaling(), target)
        .withPredictiveLead(lead), config.predictiveHistory());
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
    ramp.observe(end, view.gpuUtilPct());
    OptionalDouble forecast = policy.predictive()
        ? ramp.valueAt(end.plus(policy.predictiveLead())) : OptionalDouble.empty();
    Map<String, Double> inputs = new LinkedHashMap<>();
    inputs.put("window_seconds", 10.0);
    inputs.put("busy_gpus", view.busyGpus());
    last = autoscaler.decide(end, view.online(), view.gpuUtilPct(), forecast, inputs);
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
    return new ScalingPolicy(p.metric(), target * 100, p.tolerance(), p.minReplicas(),
        p.maxReplicas(), p.scaleUp(), p.scaleDown(), p.cooldown(), p.predictiveLead());
  }
}
