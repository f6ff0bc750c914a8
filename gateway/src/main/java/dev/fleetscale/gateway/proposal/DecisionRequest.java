package dev.fleetscale.gateway.proposal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;

/**
 * The body of approve, reject, order and deliver: only the reason. Who decides is the
 * authenticated principal, never a field: a body with {@code by} (or any other field) is refused.
 *
 * @param reason why; required to approve, reject and order (e.g. the purchase order), optional to
 *     deliver; at most 2,000 characters
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record DecisionRequest(@Nullable @Size(max = 2000) String reason) {}
