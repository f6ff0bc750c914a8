package dev.fleetscale.agent.nvml;

import dev.fleetscale.contracts.telemetry.GpuHealth;
import java.time.Instant;
import java.util.Objects;

/**
 * A GPU's health changed between two reads.
 *
 * @param index NVML device index
 * @param uuid the GPU's UUID, or null if it was never readable
 * @param previous health before (OK for a GPU not read before)
 * @param current health now
 * @param reason the failed call and its error, e.g. "nvmlDeviceGetPowerUsage: GPU_IS_LOST (GPU is lost)";
 *     "recovered" when current is OK
 * @param at when the reader saw the change
 */
public record GpuHealthEvent(int index, String uuid, GpuHealth previous, GpuHealth current, String reason, Instant at) {
  public GpuHealthEvent {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
