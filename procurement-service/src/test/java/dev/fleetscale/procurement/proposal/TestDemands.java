package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.Evidence;
import java.time.Instant;
import java.time.LocalDate;

/** Capacity demands as the optimizer's forecast would publish them. */
public final class TestDemands {

  private TestDemands() {}

  public static CapacityDemand gpus(String id, String pool, double shortfall, LocalDate neededBy,
      Instant raisedAt, String supersedes) {
    double capacity = 64;
    double target = 0.8;
    double peak = (capacity + shortfall) * target;
    return new CapacityDemand(id, pool, CapacityResource.GPU_COUNT, peak, peak * 0.9, peak * 1.1,
        capacity, target, shortfall, neededBy, raisedAt,
        new Evidence(raisedAt.minusSeconds(86_400 * 28), raisedAt,
            "holt-winters(alpha=0.3,beta=0.1,season=7d)", "MAPE", 0.08, 4032),
        supersedes);
  }
}
