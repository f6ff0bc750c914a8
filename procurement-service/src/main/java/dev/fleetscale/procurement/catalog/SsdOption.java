package dev.fleetscale.procurement.catalog;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * An SSD (or SSD shelf) SKU.
 *
 * @param capacityTb usable capacity of one unit in TB
 * @param readGbPerS sequential read bandwidth of one unit in GB/s (bytes, not bits)
 * @param writeGbPerS sequential write bandwidth of one unit in GB/s
 * @param powerKw power of one unit in kW (0 when it sits inside a server's budget)
 * @param rackUnits rack space of one unit in U (0 for drives inside a server)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SsdOption(
    String sku,
    double capacityTb,
    double readGbPerS,
    double writeGbPerS,
    double powerKw,
    int rackUnits,
    @JsonUnwrapped Pricing pricing) {}
