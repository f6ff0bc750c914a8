package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A process holding a context on a GPU (nvmlDeviceGetComputeRunningProcesses).
 *
 * @param pid host pid
 * @param usedMemoryBytes frame-buffer memory used by the process, bytes; null where NVML cannot
 *     tell (NVML_VALUE_NOT_AVAILABLE, for example under MIG without privileges)
 * @param workload who owns the process; null if the agent could not attribute it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpuProcess(long pid, Long usedMemoryBytes, WorkloadRef workload) {}
