package dev.fleetscale.gateway.decision;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * A page of decisions, newest first.
 *
 * @param nextOffset the {@code offset} of the next page; null on the last page
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DecisionPage(List<DecisionView> decisions, int offset, int limit,
    @Nullable Integer nextOffset) {}
