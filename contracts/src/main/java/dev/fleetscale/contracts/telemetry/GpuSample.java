package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.Copies;
import java.util.List;
import java.util.Objects;

/**
 * One GPU in one interval. Every measurement is a boxed type and null where NVML answered
 * NOT_SUPPORTED (or the value is otherwise unavailable); a null is left out of the JSON, so an
 * absent field always means "not known", never zero. Sentinels never appear. The metric catalogue
 * ({@code metrics/catalogue.csv}) gives each field's Prometheus name, kind and NVML source.
 *
 * @param index NVML device index on the host
 * @param uuid NVML UUID, "GPU-..."
 * @param name product name, e.g. "NVIDIA H100 80GB HBM3"; null if unknown
 * @param pciBusId PCI bus id, "00000000:18:00.0"; null if unknown
 * @param health whether the device could be read at all
 * @param gpuUtilizationPercent percent of time a kernel ran, 0-100
 * @param memoryUtilizationPercent percent of time device memory was read or written, 0-100
 * @param memoryUsedBytes frame buffer used, bytes
 * @param memoryFreeBytes frame buffer free, bytes
 * @param memoryTotalBytes frame buffer installed, bytes
 * @param powerUsageWatts board power draw, watts
 * @param powerLimitWatts enforced power limit, watts
 * @param totalEnergyMillijoules energy since the driver loaded, millijoules (counter)
 * @param temperatureC GPU core temperature, degrees Celsius
 * @param smClockMhz SM clock, MHz
 * @param memoryClockMhz memory clock, MHz
 * @param pcieTxBytesPerSecond PCIe transmit throughput, bytes per second
 * @param pcieRxBytesPerSecond PCIe receive throughput, bytes per second
 * @param pcieReplayCount PCIe replays since the driver loaded (counter)
 * @param eccVolatileCorrectedTotal corrected (single-bit) ECC errors since the driver loaded
 * @param eccVolatileUncorrectedTotal uncorrected (double-bit) ECC errors since the driver loaded
 * @param remappedRowsCorrectable rows remapped because of correctable errors (counter)
 * @param remappedRowsUncorrectable rows remapped because of uncorrectable errors (counter)
 * @param remappedRowsPending a remap waits for a GPU reset
 * @param remappedRowsFailure a remap failed: the GPU needs service
 * @param clocksEventReasons nvmlClocksEventReason* bitmask (why clocks are below maximum)
 * @param performanceState P-state, 0 (maximum) to 15 (minimum)
 * @param fanSpeedPercent fan speed, percent of maximum; null for passively cooled boards
 * @param migModeEnabled MIG mode currently enabled
 * @param processes compute processes on this GPU; null if the driver cannot list them
 * @param xids Xid errors seen during the interval; null if the agent cannot register for them
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpuSample(
    int index,
    String uuid,
    String name,
    String pciBusId,
    GpuHealth health,
    Double gpuUtilizationPercent,
    Double memoryUtilizationPercent,
    Long memoryUsedBytes,
    Long memoryFreeBytes,
    Long memoryTotalBytes,
    Double powerUsageWatts,
    Double powerLimitWatts,
    Long totalEnergyMillijoules,
    Integer temperatureC,
    Integer smClockMhz,
    Integer memoryClockMhz,
    Long pcieTxBytesPerSecond,
    Long pcieRxBytesPerSecond,
    Long pcieReplayCount,
    Long eccVolatileCorrectedTotal,
    Long eccVolatileUncorrectedTotal,
    Long remappedRowsCorrectable,
    Long remappedRowsUncorrectable,
    Boolean remappedRowsPending,
    Boolean remappedRowsFailure,
    Long clocksEventReasons,
    Integer performanceState,
    Integer fanSpeedPercent,
    Boolean migModeEnabled,
    List<GpuProcess> processes,
    List<XidEvent> xids) {

  public GpuSample {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(health, "health");
    processes = Copies.copyOrNull(processes);
    xids = Copies.copyOrNull(xids);
  }
}
