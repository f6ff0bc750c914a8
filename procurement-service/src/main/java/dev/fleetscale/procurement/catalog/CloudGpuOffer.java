package dev.fleetscale.procurement.catalog;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * Cloud GPU rental, available at once (no lead time) and outside the site's power and space.
 *
 * @param usdPerGpuHour on-demand price of one GPU for one hour, US dollars
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CloudGpuOffer(
    String sku, String provider, String gpuModel, double gpuMemoryGb, double bf16Tflops,
    double usdPerGpuHour) {}
