package dev.fleetscale.gateway.fleet;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.Map;

/**
 * A pool's latest 10 s window ({@code pool_rollup}) with its capacity against the forecast.
 *
 * @param hosts hosts that reported in the window
 * @param members the pool's hosts (reported within the membership horizon)
 * @param gpus GPUs of the hosts that reported
 * @param busyGpus GPUs holding a workload at the end of the window
 * @param metrics each rolled-up metric (gpu_util_pct, power_w, …) over the pool's hosts
 * @param capacity per capacity resource (GPU_COUNT, GPU_MEMORY_BYTES, …): the window's demand and
 *     capacity, and the latest forecast assessment when the optimizer raised one
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PoolView(String pool, String cluster, Instant windowEnd, @Nullable Long hosts,
    @Nullable Long members, @Nullable Long gpus, @Nullable Long busyGpus,
    Map<String, Metric> metrics, Map<String, Capacity> capacity) {

  /**
   * @param demand the window's use of the resource (unit: the resource's)
   * @param capacity what the pool's hosts have
   * @param forecast the optimizer's latest capacity assessment ({@code capacity_demand}), if any
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Capacity(@Nullable Double demand, @Nullable Double capacity,
      @Nullable Forecast forecast) {}

  /**
   * The latest {@code capacity_demand} of a pool and resource: a shortfall raised by the
   * forecaster, with the evidence.
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Forecast(String demandId, Instant assessedAt, @Nullable Double forecastPeak,
      @Nullable Double predictionLow, @Nullable Double predictionHigh, @Nullable Double capacity,
      @Nullable Double targetUtilization, @Nullable Double shortfall, @Nullable String neededBy,
      @Nullable String model, @Nullable Double fitError) {}
}
