package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.procurement.ProposalStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * One entry of a proposal's history.
 *
 * @param by a user name, {@code solver} or {@code scheduler}
 * @param note why; {@code null} if none was given
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record StatusChange(ProposalStatus status, Instant at, String by, @Nullable String note) {}
