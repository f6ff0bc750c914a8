package dev.fleetscale.procurement.solver;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A constraint that blocks every mix, and by how much: lifting it by {@code shortBy} (with the
 * other constraints kept) makes the demand feasible.
 *
 * @param constraint {@link Limit#id()} or, when the catalog cannot supply a resource at all,
 *     {@code catalog:<resource id>}
 * @param message e.g. {@code "rack_power_kw: 180 kW short"}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Shortfall(String constraint, double shortBy, String unit, String message) {}
