package dev.fleetscale.procurement.catalog;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A GPU server SKU. Per-GPU figures are multiplied by {@link #gpusPerServer()} for the server.
 *
 * @param sku unique identifier within the catalog
 * @param gpuModel e.g. {@code H100-SXM}; alternatives are computed per model
 * @param gpusPerServer GPUs in one server, {@code > 0}
 * @param gpuMemoryGb memory of one GPU in GB
 * @param bf16Tflops dense BF16/FP16 throughput of one GPU in TFLOPS
 * @param powerKw power draw of one server at full load, in kW
 * @param rackUnits rack space of one server, in U
 * @param pricing price and lead time of one server
 * @param fp8Tflops dense FP8 throughput of one GPU in TFLOPS; null if the GPU has no FP8 or the
 *     catalog does not say (a requirement on FP8 then counts as broken)
 * @param nvlinkDomainGpus GPUs in one NVLink (scale-up) domain; null: not stated, read as 1
 *     (PCIe only), so a requirement on NVLink counts as broken
 * @param fabricGbpsPerGpu InfiniBand/RoCE (scale-out) bandwidth per GPU, Gbit/s; null: none
 * @param memoryBandwidthGbPerS memory bandwidth of one GPU, GB/s (the serving roofline); null if
 *     the catalog does not say
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record GpuServer(
    String sku,
    String gpuModel,
    int gpusPerServer,
    double gpuMemoryGb,
    double bf16Tflops,
    double powerKw,
    int rackUnits,
    @JsonUnwrapped Pricing pricing,
    @Nullable Double fp8Tflops,
    @Nullable Integer nvlinkDomainGpus,
    @Nullable Double fabricGbpsPerGpu,
    @Nullable Double memoryBandwidthGbPerS) {

  @Creator
  public GpuServer {}

  /** A server whose catalog entry states no FP8, interconnect or memory bandwidth figures. */
  public GpuServer(String sku, String gpuModel, int gpusPerServer, double gpuMemoryGb,
      double bf16Tflops, double powerKw, int rackUnits, Pricing pricing) {
    this(sku, gpuModel, gpusPerServer, gpuMemoryGb, bf16Tflops, powerKw, rackUnits, pricing, null,
        null, null, null);
  }

  /** GPUs one NVLink domain holds: 1 (PCIe only) when the catalog does not say. */
  public int nvlinkDomain() {
    return nvlinkDomainGpus == null ? 1 : nvlinkDomainGpus;
  }

  /** Scale-out bandwidth per GPU, Gbit/s; 0 when the catalog does not say. */
  public double fabricPerGpu() {
    return fabricGbpsPerGpu == null ? 0 : fabricGbpsPerGpu;
  }
}
