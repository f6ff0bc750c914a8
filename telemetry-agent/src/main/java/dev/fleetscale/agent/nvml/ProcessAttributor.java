package dev.fleetscale.agent.nvml;

import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.util.Optional;

/**
 * Says which workload a GPU process belongs to. The attribution package's {@code WorkloadResolver::resolve}
 * fits. Called on the sampling thread, once per process per sample; may read /proc.
 */
@FunctionalInterface
public interface ProcessAttributor {

  /** Attributes nothing. */
  ProcessAttributor NONE = pid -> Optional.empty();

  Optional<WorkloadRef> attribute(long pid);
}
