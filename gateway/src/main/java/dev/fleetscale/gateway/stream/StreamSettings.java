package dev.fleetscale.gateway.stream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The live stream's limits ({@code fleetscale.gateway.stream.*}).
 *
 * @param buffer events held for one subscriber that has not read them yet; a subscriber that falls
 *     this far behind is dropped ({@code FLEETSCALE_GATEWAY_STREAM_BUFFER}, default 256; rounded
 *     up to a power of two by Reactor's queue)
 * @param ticketTtl how long a stream ticket may wait to be used (default 30 s)
 * @param maxTickets unused tickets held at most; beyond, a new ticket is refused with 503
 *     (default 10,000)
 * @param heartbeat how often a {@code ping} event is sent, so that proxies keep the connection and
 *     a client that stopped reading is found even when the fleet is quiet (default 15 s)
 */
@ConfigurationProperties("fleetscale.gateway.stream")
public record StreamSettings(
    @Bindable(defaultValue = "256") @Min(1) @Max(65536) int buffer,
    @Bindable(defaultValue = "30s") @NotNull Duration ticketTtl,
    @Bindable(defaultValue = "10000") @Min(1) int maxTickets,
    @Bindable(defaultValue = "15s") @NotNull Duration heartbeat) {}
