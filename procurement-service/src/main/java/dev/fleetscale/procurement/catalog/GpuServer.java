package dev.fleetscale.procurement.catalog;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
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
    @JsonUnwrapped Pricing pricing) {}
