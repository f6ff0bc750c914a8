package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Host CPU and memory over one interval. Null means not measured.
 *
 * @param cpuUtilizationPercent all logical CPUs, percent busy, 0-100
 * @param cpuCount logical CPUs
 * @param memoryUsedBytes memory in use (total minus available), bytes
 * @param memoryTotalBytes installed memory, bytes
 * @param load1 one-minute load average
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostResources(
    Double cpuUtilizationPercent,
    Integer cpuCount,
    Long memoryUsedBytes,
    Long memoryTotalBytes,
    Double load1) {}
