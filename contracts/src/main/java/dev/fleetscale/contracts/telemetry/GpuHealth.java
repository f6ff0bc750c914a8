package dev.fleetscale.contracts.telemetry;

/** Whether the agent could read a GPU at all in this interval. */
public enum GpuHealth {
  /** The device answered. */
  OK,
  /** NVML reports the GPU as lost (fallen off the bus, NVML_ERROR_GPU_IS_LOST). */
  LOST,
  /** The device answered with an error other than "not supported" for a required query. */
  ERROR
}
