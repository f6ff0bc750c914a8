package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * The workload a GPU process belongs to.
 *
 * @param kind who schedules it
 * @param id the scheduler's id: pod UID, Slurm job id, unit name or pid
 * @param name human-readable name (namespace/pod, job name); null if unknown
 * @param containerId container runtime id; null outside containers
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadRef(WorkloadKind kind, String id, String name, String containerId) {
  public WorkloadRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }
}
