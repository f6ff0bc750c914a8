package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.Objects;

/**
 * The workload a GPU process belongs to.
 *
 * @param kind who schedules it
 * @param id the scheduler's id: pod UID, Slurm job id, unit name or pid
 * @param name human-readable name (namespace/pod, job name); null if unknown
 * @param containerId container runtime id; null outside containers
 * @param labels scheduling labels the workload declared (for example {@value #GANG_LABEL} and
 *     {@value #ANTI_AFFINITY_LABEL}, which the optimizer's rebalance planner honours); null or
 *     absent if none. The agent reads them from the workload's environment (docs/agent.md).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadRef(WorkloadKind kind, String id, String name, String containerId,
    Map<String, String> labels) {

  /** Members of one gang must stay in one rack (a distributed job's ranks). */
  public static final String GANG_LABEL = "fleetscale.dev/gang";
  /** Members of one anti-affinity group never share a host (replicas of one service). */
  public static final String ANTI_AFFINITY_LABEL = "fleetscale.dev/anti-affinity";

  public WorkloadRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    labels = labels == null || labels.isEmpty() ? null : Map.copyOf(labels);
  }

  /** A workload without labels. */
  public WorkloadRef(WorkloadKind kind, String id, String name, String containerId) {
    this(kind, id, name, containerId, null);
  }

  /** The same workload with {@code labels} (none if empty). */
  public WorkloadRef withLabels(Map<String, String> labels) {
    return new WorkloadRef(kind, id, name, containerId, labels);
  }
}
