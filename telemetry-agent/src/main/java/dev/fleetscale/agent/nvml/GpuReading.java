package dev.fleetscale.agent.nvml;

import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuSample;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one read of one GPU produced.
 *
 * @param index NVML device index
 * @param health OK, LOST (NVML_ERROR_GPU_IS_LOST) or ERROR (its handle or UUID could not be read)
 * @param sample the sample; null only when the GPU's UUID has never been readable (the contract needs it)
 * @param failedCalls each call that did not give a value in this read, to the nvmlReturn_t name of its error
 *     (its field in the sample is null), in call order
 */
public record GpuReading(int index, GpuHealth health, GpuSample sample, Map<String, String> failedCalls) {
  public GpuReading {
    failedCalls = Collections.unmodifiableMap(new LinkedHashMap<>(failedCalls));
  }
}
