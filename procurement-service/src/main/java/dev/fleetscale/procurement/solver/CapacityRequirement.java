package dev.fleetscale.procurement.solver;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What must be added to a pool, in the solver's units. Zero means "none of this is needed".
 *
 * @param pool pool name, selects the site limits
 * @param gpus GPUs to add
 * @param gpuMemoryGb total GPU memory to add, GB
 * @param bf16Tflops total dense BF16 compute to add, TFLOPS
 * @param ssdCapacityTb SSD capacity to add, TB
 * @param ssdReadGbPerS SSD read bandwidth to add, GB/s
 * @param networkGbps network bandwidth to add, Gbit/s
 * @param neededBy date the capacity must be in service; SKUs arriving later are excluded
 * @param gpuModel only servers of this GPU model; {@code null} for any model
 * @param perGpu what every GPU bought must be, and the model a GPU count is counted in; {@code
 *     null} for nothing
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CapacityRequirement(
    String pool,
    int gpus,
    double gpuMemoryGb,
    double bf16Tflops,
    double ssdCapacityTb,
    double ssdReadGbPerS,
    double networkGbps,
    LocalDate neededBy,
    @Nullable String gpuModel,
    @Nullable UnitRequirement perGpu) {

  /** A requirement that asks nothing of each GPU. */
  public CapacityRequirement(String pool, int gpus, double gpuMemoryGb, double bf16Tflops,
      double ssdCapacityTb, double ssdReadGbPerS, double networkGbps, LocalDate neededBy,
      @Nullable String gpuModel) {
    this(pool, gpus, gpuMemoryGb, bf16Tflops, ssdCapacityTb, ssdReadGbPerS, networkGbps,
        neededBy, gpuModel, null);
  }

  @Creator
  public CapacityRequirement {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(neededBy, "neededBy");
    for (double v : new double[] {gpus, gpuMemoryGb, bf16Tflops, ssdCapacityTb, ssdReadGbPerS,
        networkGbps}) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("requirement amounts must be finite and >= 0: " + v);
      }
    }
  }

  /** The amount of each resource, in the resource's unit. */
  public Map<Resource, Double> amounts() {
    Map<Resource, Double> m = new EnumMap<>(Resource.class);
    m.put(Resource.GPU_COUNT, (double) gpus);
    m.put(Resource.GPU_MEMORY, gpuMemoryGb);
    m.put(Resource.GPU_COMPUTE, bf16Tflops);
    m.put(Resource.SSD_CAPACITY, ssdCapacityTb);
    m.put(Resource.SSD_BANDWIDTH, ssdReadGbPerS);
    m.put(Resource.NETWORK_BANDWIDTH, networkGbps);
    return m;
  }

  /** True when every amount is 0: nothing to buy, so no proposal can answer it. */
  public boolean asksForNothing() {
    return amounts().values().stream().allMatch(v -> v == 0);
  }

  public CapacityRequirement withGpuModel(@Nullable String model) {
    return new CapacityRequirement(pool, gpus, gpuMemoryGb, bf16Tflops, ssdCapacityTb,
        ssdReadGbPerS, networkGbps, neededBy, model, perGpu);
  }

  public CapacityRequirement withPerGpu(@Nullable UnitRequirement unit) {
    return new CapacityRequirement(pool, gpus, gpuMemoryGb, bf16Tflops, ssdCapacityTb,
        ssdReadGbPerS, networkGbps, neededBy, gpuModel, unit);
  }

  /** The per-GPU requirement, {@link UnitRequirement#NONE} when there is none. */
  public UnitRequirement unitRequirement() {
    return perGpu == null ? UnitRequirement.NONE : perGpu;
  }
}
