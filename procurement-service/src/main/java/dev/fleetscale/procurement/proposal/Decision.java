package dev.fleetscale.procurement.proposal;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Who changes a proposal's status, and why.
 *
 * @param by the person (or system) deciding
 * @param reason why; required to approve or reject
 */
@Serdeable
public record Decision(@NotBlank @Size(max = 200) String by,
    @Nullable @Size(max = 2000) String reason) {}
