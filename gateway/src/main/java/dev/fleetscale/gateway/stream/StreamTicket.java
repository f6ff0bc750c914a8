package dev.fleetscale.gateway.stream;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * A stream ticket as answered to {@code POST /api/v1/stream/tickets}.
 *
 * @param ticket the single-use ticket
 * @param expiresAt when it stops being accepted if unused
 * @param streamUrl the path to open with {@code EventSource}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record StreamTicket(String ticket, Instant expiresAt, String streamUrl) {}
