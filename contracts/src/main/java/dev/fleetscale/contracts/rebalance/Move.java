package dev.fleetscale.contracts.rebalance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * Move one workload from one host to another.
 *
 * @param workloadId the workload's id as telemetry reports it ({@code WorkloadRef.id})
 * @param fromHost source host id
 * @param toHost destination host id
 * @param gpus GPUs the workload holds and takes along
 * @param reason the goal that asked for the move, and why
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Move(String workloadId, String fromHost, String toHost, int gpus, String reason) {
  public Move {
    Objects.requireNonNull(workloadId, "workloadId");
    Objects.requireNonNull(fromHost, "fromHost");
    Objects.requireNonNull(toHost, "toHost");
    Objects.requireNonNull(reason, "reason");
  }
}
