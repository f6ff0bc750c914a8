package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.procurement.solver.Solution;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * What a plan came to: its arithmetic and options, the demands it became, what happened to each
 * ({@code published} to the topic, {@code created} as a proposal, or, for a what-if, {@code
 * not submitted}), and the mix the solver finds for them now.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PlanResponse(String planId, PlanResult plan, List<CapacityDemand> demands,
    List<String> submitted, Solution solution) {}
