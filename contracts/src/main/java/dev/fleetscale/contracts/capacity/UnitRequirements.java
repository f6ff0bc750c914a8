package dev.fleetscale.contracts.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.Copies;
import java.util.List;
import java.util.Map;

/**
 * What each unit bought for a {@link CapacityDemand} must be, besides how many: added in place to
 * {@code fleet.capacity-demand.v1} as the optional field {@code unit_requirements}. Every field is
 * optional; an absent one is "no requirement known" (never zero). {@link #sources} says, per
 * field name (snake_case), where the value came from, e.g. {@code "peak process memory per GPU
 * over the pool's workloads, 2026-12-01"} or {@code "model plan train-70b: weights + gradients +
 * Adam states / 8 shards"}.
 *
 * @param referenceGpuModel the GPU model a {@code GPU_COUNT} shortfall is counted in (the pool's
 *     own GPUs); procurement meets the shortfall in its compute and memory equivalents
 * @param referenceMemoryBytesPerGpu memory of one GPU of the reference model, bytes
 * @param minMemoryBytesPerGpu the least memory each GPU must have, bytes
 * @param minBf16TflopsPerGpu the least dense BF16 compute each GPU must have, TFLOPS
 * @param minFp8TflopsPerGpu the least dense FP8 compute each GPU must have, TFLOPS
 * @param minNvlinkDomainGpus the least GPUs one NVLink (scale-up) domain must hold, e.g. the GPUs
 *     one gang member spans on a host
 * @param minFabricBitsPerSecondPerGpu the least InfiniBand/RoCE (scale-out) bandwidth per GPU,
 *     bits per second
 * @param acceptedGpuModels the GPU models the work accepts; absent or empty: any model that meets
 *     the other requirements
 * @param sources where each requirement came from, keyed by field name
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnitRequirements(
    String referenceGpuModel,
    Double referenceMemoryBytesPerGpu,
    Double minMemoryBytesPerGpu,
    Double minBf16TflopsPerGpu,
    Double minFp8TflopsPerGpu,
    Integer minNvlinkDomainGpus,
    Double minFabricBitsPerSecondPerGpu,
    List<String> acceptedGpuModels,
    Map<String, String> sources) {

  public UnitRequirements {
    acceptedGpuModels = Copies.copyOrNull(acceptedGpuModels);
    sources = Copies.copyOrNull(sources);
  }

  /** No requirement at all. */
  public static final UnitRequirements NONE =
      new UnitRequirements(null, null, null, null, null, null, null, null, null);
}
