package dev.fleetscale.gateway.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * The per-token rate limit ({@code fleetscale.gateway.rate-limit.*}): a token bucket per principal
 * that refills {@code requestsPerSecond} and holds at most {@code burst}.
 *
 * @param enabled false switches the limit off (a gateway behind a proxy that limits already)
 * @param requestsPerSecond the sustained rate ({@code FLEETSCALE_GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND})
 * @param burst how many requests a quiet token may send at once ({@code …_BURST})
 */
@ConfigurationProperties("fleetscale.gateway.rate-limit")
public record RateLimitSettings(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "50") @DecimalMin(value = "0", inclusive = false) double requestsPerSecond,
    @Bindable(defaultValue = "100") @Min(1) int burst) {}
