package dev.fleetscale.agent.nvml;

/**
 * Whether GPUs can be read, for /health.
 *
 * @param available NVML is loaded and initialised
 * @param reason why not, when not available (e.g. "nvmlInit_v2: DRIVER_NOT_LOADED (Driver Not Loaded)"); null
 *     when available
 * @param driverVersion e.g. "550.54.15"; null if unknown
 * @param nvmlVersion e.g. "12.550.54.15"; null if unknown
 * @param deviceCount GPUs NVML reported at start (0 when unavailable)
 * @param xidEvents whether XID events are being received
 */
public record NvmlStatus(
    boolean available, String reason, String driverVersion, String nvmlVersion, int deviceCount, boolean xidEvents) {

  static NvmlStatus notStarted() {
    return unavailable("not started");
  }

  static NvmlStatus unavailable(String reason) {
    return new NvmlStatus(false, reason, null, null, 0, false);
  }
}
