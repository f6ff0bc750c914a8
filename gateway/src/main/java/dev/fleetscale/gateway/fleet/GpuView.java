package dev.fleetscale.gateway.fleet;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A GPU's latest 10 s window ({@code gpu_rollup}): its values and its health.
 *
 * @param gpu the NVML index on the host
 * @param metrics gpu_util_pct, mem_copy_util_pct, fb_used_pct, power_w, temperature_c
 * @param health what the agent reported, and the gateway's reading of it
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record GpuView(String host, String gpu, String pool, String cluster, Instant windowEnd,
    Map<String, Metric> metrics, Health health) {

  /**
   * @param state OK, LOST or ERROR (null when the optimizer wrote no health: an older one)
   * @param healthy false when any of {@code problems}
   * @param problems why it is not healthy, for a person, e.g. {@code xid 79 (1 in the window)}
   * @param throttleReasons the clocks-event reasons NVML gave, by name (e.g. hw_thermal_slowdown)
   * @param throttled true when a reason other than idle, application or display clocks holds the
   *     clocks down
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Health(@Nullable String state, boolean healthy, List<String> problems,
      @Nullable Long xidCount, @Nullable Long xidLast, @Nullable Long eccCorrectedTotal,
      @Nullable Long eccUncorrectedTotal, @Nullable Long remappedRowsCorrectable,
      @Nullable Long remappedRowsUncorrectable, @Nullable Boolean remappedRowsPending,
      @Nullable Boolean remappedRowsFailure, @Nullable Long clocksEventReasons,
      List<String> throttleReasons, boolean throttled) {}
}
