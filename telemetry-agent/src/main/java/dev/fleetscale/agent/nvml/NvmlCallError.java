package dev.fleetscale.agent.nvml;

/**
 * A key for counting failed NVML calls (a Prometheus counter labelled by function and error).
 *
 * @param function the C function, e.g. "nvmlDeviceGetFanSpeed"
 * @param error the nvmlReturn_t name, e.g. "NOT_SUPPORTED" (see {@link NvmlErrors#name})
 */
public record NvmlCallError(String function, String error) {}
