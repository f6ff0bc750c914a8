package dev.fleetscale.optimizer.rebalance;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduling labels the planner reads beyond gang and anti-affinity: how much of a GPU and of
 * its host a workload holds, and how it may be moved. Workloads declare them like the others
 * ({@code FLEETSCALE_LABELS=key=value,...} in their environment, read by the agent; see
 * docs/agent.md); a missing label means the default in brackets.
 *
 * <ul>
 *   <li>{@value #GPU_FRACTION}: share of its one GPU, (0, 1], for MPS or time-slicing [1: whole
 *       GPUs];
 *   <li>{@value #MIG_PROFILE}: a MIG instance, e.g. {@code 1g.10gb} [none];
 *   <li>{@value #CPU}: host CPU cores requested, decimal, or millicores {@code 500m} [0];
 *   <li>{@value #MEMORY}: host memory requested, bytes or with Ki/Mi/Gi/Ti [0];
 *   <li>{@value #QOS}: guaranteed, latency-sensitive or best-effort [best-effort];
 *   <li>{@value #PRIORITY}: integer, higher is more important [0].
 * </ul>
 */
public final class PlacementLabels {

  public static final String GPU_FRACTION = "fleetscale.dev/gpu-fraction";
  public static final String MIG_PROFILE = "fleetscale.dev/mig-profile";
  public static final String CPU = "fleetscale.dev/cpu";
  public static final String MEMORY = "fleetscale.dev/memory";
  public static final String QOS = "fleetscale.dev/qos";
  public static final String PRIORITY = "fleetscale.dev/priority";

  private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti)?");

  private PlacementLabels() {}

  /**
   * What the labels say a workload needs, checked.
   *
   * @param gpuFraction share of each GPU held: 1 for whole GPUs
   * @param mig the MIG instance, or null
   * @param cpuCores host CPU cores
   * @param memoryBytes host memory, bytes
   */
  public record Needs(double gpuFraction, MigProfile mig, double cpuCores, long memoryBytes, Qos qos,
      int priority) {}

  /**
   * @throws IllegalArgumentException naming the label and its rule
   */
  static Needs parse(String workload, int gpus, Map<String, String> labels) {
    try {
      double fraction = 1;
      String f = labels.get(GPU_FRACTION);
      if (f != null) {
        fraction = number(GPU_FRACTION, f);
        if (!(fraction > 0 && fraction <= 1)) {
          throw new IllegalArgumentException("label " + GPU_FRACTION + ": must be in (0, 1], was "
              + f);
        }
      }
      MigProfile mig = labels.containsKey(MIG_PROFILE) ? MigProfile.parse(labels.get(MIG_PROFILE))
          : null;
      if ((fraction < 1 || mig != null) && gpus != 1) {
        throw new IllegalArgumentException("labels " + GPU_FRACTION + " and " + MIG_PROFILE
            + " describe one GPU; the workload holds " + gpus);
      }
      if (fraction < 1 && mig != null) {
        throw new IllegalArgumentException("labels " + GPU_FRACTION + " and " + MIG_PROFILE
            + ": a workload has one or the other");
      }
      double cpu = 0;
      String c = labels.get(CPU);
      if (c != null) {
        cpu = c.endsWith("m") ? number(CPU, c.substring(0, c.length() - 1)) / 1000
            : number(CPU, c);
      }
      long memory = labels.containsKey(MEMORY) ? bytes(labels.get(MEMORY)) : 0;
      Qos qos = labels.containsKey(QOS) ? Qos.fromLabel(labels.get(QOS)) : Qos.BEST_EFFORT;
      int priority = 0;
      if (labels.containsKey(PRIORITY)) {
        try {
          priority = Integer.parseInt(labels.get(PRIORITY));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("label " + PRIORITY + ": must be an integer, was '"
              + labels.get(PRIORITY) + "'");
        }
      }
      return new Needs(fraction, mig, cpu, memory, qos, priority);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("workload " + workload + ": " + e.getMessage(), e);
    }
  }

  private static double number(String label, String value) {
    try {
      double d = Double.parseDouble(value);
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("label " + label + ": must be a number >= 0, was '"
          + value + "'");
    }
  }

  private static long bytes(String value) {
    Matcher m = QUANTITY.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("label " + MEMORY + ": must be bytes or a number with "
          + "Ki, Mi, Gi or Ti, was '" + value + "'");
    }
    double n = Double.parseDouble(m.group(1));
    int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
      case "Ki" -> 10;
      case "Mi" -> 20;
      case "Gi" -> 30;
      default -> 40;
    };
    return (long) (n * (1L << shift));
  }
}
