package dev.fleetscale.agent.attribution;

import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scheduling labels a workload declares in its own environment (/proc/&lt;pid&gt;/environ), so
 * the optimizer's planner can keep gangs in one rack and anti-affinity groups apart:
 *
 * <ul>
 *   <li>{@code FLEETSCALE_GANG=<name>} sets {@value WorkloadRef#GANG_LABEL};
 *   <li>{@code FLEETSCALE_ANTI_AFFINITY=<group>} sets {@value WorkloadRef#ANTI_AFFINITY_LABEL};
 *   <li>{@code FLEETSCALE_LABELS=key=value,key=value} sets any others (and wins over the two
 *       above for the same key).
 * </ul>
 *
 * <p>Why the environment: it is the one place every scheduler can write and the agent can read
 * without a scheduler API. In Kubernetes the downward API copies pod labels into it ({@code
 * valueFrom.fieldRef.fieldPath: metadata.labels['fleetscale.dev/gang']}); a Slurm batch script
 * exports it. Bounded: at most {@value #MAX_LABELS} labels, keys up to {@value #MAX_KEY} and
 * values up to {@value #MAX_VALUE} characters; anything past that is dropped. Stateless.
 */
public final class WorkloadLabels {

  static final String GANG_VARIABLE = "FLEETSCALE_GANG";
  static final String ANTI_AFFINITY_VARIABLE = "FLEETSCALE_ANTI_AFFINITY";
  static final String LABELS_VARIABLE = "FLEETSCALE_LABELS";
  static final int MAX_LABELS = 16;
  static final int MAX_KEY = 253;
  static final int MAX_VALUE = 256;

  private WorkloadLabels() {}

  /** The labels in a NUL-separated environment block (as /proc/&lt;pid&gt;/environ holds it). */
  public static Map<String, String> fromEnviron(byte[] environ) {
    Map<String, String> out = new LinkedHashMap<>();
    String generic = null;
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i < environ.length && environ[i] != 0) {
        continue;
      }
      // Cheap prefix test on the bytes first: most variables are not ours.
      if (i - start > 11 && environ[start] == 'F' && environ[start + 1] == 'L') {
        String entry = new String(environ, start, i - start, StandardCharsets.UTF_8);
        int eq = entry.indexOf('=');
        if (eq > 0) {
          String name = entry.substring(0, eq);
          String value = entry.substring(eq + 1);
          switch (name) {
            case GANG_VARIABLE -> put(out, WorkloadRef.GANG_LABEL, value);
            case ANTI_AFFINITY_VARIABLE -> put(out, WorkloadRef.ANTI_AFFINITY_LABEL, value);
            case LABELS_VARIABLE -> generic = value;
            default -> { }
          }
        }
      }
      start = i + 1;
    }
    if (generic != null) {
      for (String pair : generic.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          put(out, pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
      }
    }
    return out;
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (key.isEmpty() || value.isEmpty() || key.length() > MAX_KEY || value.length() > MAX_VALUE
        || out.size() >= MAX_LABELS && !out.containsKey(key)) {
      return;
    }
    out.put(key, value);
  }
}
