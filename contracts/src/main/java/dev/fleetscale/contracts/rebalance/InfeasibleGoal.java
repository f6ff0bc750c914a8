package dev.fleetscale.contracts.rebalance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * A hard goal no sequence of moves could meet, with what would fix it.
 *
 * @param goal goal name
 * @param reason human-readable explanation
 * @param missingResource the resource short, a {@code CapacityResource} name such as "GPU_COUNT"
 * @param amount how much of it is missing, in that resource's unit
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InfeasibleGoal(String goal, String reason, String missingResource, double amount) {
  public InfeasibleGoal {
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(missingResource, "missingResource");
  }
}
