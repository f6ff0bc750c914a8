package dev.fleetscale.optimizer.autoscale;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one window tells the autoscaler about one pool: the input of {@link
 * PoolAutoscaler#decide(ScalingInputs)}.
 *
 * @param at the window's end (the decision's time); never the wall clock
 * @param readyReplicas replicas online that {@code observed} is averaged over, >= 0
 * @param observed the metric's mean over the ready replicas, in the metric's unit, finite and >=
 *     0; a utilization cannot exceed 100 however large the demand
 * @param offered a demand signal that is not capped by capacity, in the same unit per ready
 *     replica: the value the ready replicas would show if they could serve all the demand (busy
 *     plus queued GPU-equivalents over the ready GPUs, × 100 for a utilization); may exceed 100;
 *     empty when the caller has no such signal
 * @param context further numbers to publish in the decision's {@code inputs} (window aggregates
 *     and such)
 */
public record ScalingInputs(
    Instant at,
    int readyReplicas,
    double observed,
    OptionalDouble offered,
    Map<String, Double> context) {

  public ScalingInputs {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(offered, "offered");
    Objects.requireNonNull(context, "context");
    if (readyReplicas < 0) {
      throw new IllegalArgumentException("readyReplicas must be >= 0, was " + readyReplicas);
    }
    requireFiniteNonNegative("observed", observed);
    if (offered.isPresent()) {
      requireFiniteNonNegative("offered", offered.getAsDouble());
    }
    context = Map.copyOf(context);
  }

  /** A window with the observed metric only: no demand signal beyond capacity, no context. */
  public static ScalingInputs of(Instant at, int readyReplicas, double observed) {
    return new ScalingInputs(at, readyReplicas, observed, OptionalDouble.empty(), Map.of());
  }

  /**
   * A window of a pool scaled on GPU utilization, from its demand in GPU-equivalents (what a
   * replay of a demand trace has): the observed utilization is the demand the ready GPUs can
   * serve, capped at 100 %, and the offered utilization is the whole demand over them.
   *
   * @param gpusPerReplica GPUs of one replica (host), above zero
   * @param busyGpuEquivalents GPU-equivalents of work wanting to run, >= 0; may exceed the ready
   *     GPUs
   * @param queuedGpuEquivalents GPU-equivalents of work waiting in a queue on top of that, >= 0
   */
  public static ScalingInputs gpuDemand(Instant at, int readyReplicas, int gpusPerReplica,
      double busyGpuEquivalents, double queuedGpuEquivalents) {
    if (gpusPerReplica <= 0) {
      throw new IllegalArgumentException("gpusPerReplica must be > 0, was " + gpusPerReplica);
    }
    requireFiniteNonNegative("busyGpuEquivalents", busyGpuEquivalents);
    requireFiniteNonNegative("queuedGpuEquivalents", queuedGpuEquivalents);
    double gpus = (double) readyReplicas * gpusPerReplica;
    if (gpus == 0) {
      return new ScalingInputs(at, 0, 0, OptionalDouble.empty(),
          Map.of("demand_gpus", busyGpuEquivalents + queuedGpuEquivalents));
    }
    double offered = 100 * (busyGpuEquivalents + queuedGpuEquivalents) / gpus;
    return new ScalingInputs(at, readyReplicas, Math.min(100, 100 * busyGpuEquivalents / gpus),
        OptionalDouble.of(offered), Map.of("demand_gpus",
            busyGpuEquivalents + queuedGpuEquivalents, "ready_gpus", gpus));
  }

  /** The same window with a demand signal beyond capacity. */
  public ScalingInputs withOffered(double value) {
    return new ScalingInputs(at, readyReplicas, observed, OptionalDouble.of(value), context);
  }

  /** The same window with these numbers to publish. */
  public ScalingInputs withContext(Map<String, Double> value) {
    return new ScalingInputs(at, readyReplicas, observed, offered, value);
  }

  private static void requireFiniteNonNegative(String field, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(field + " must be a finite number >= 0, was " + value);
    }
  }
}
