package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.Evidence;
import dev.fleetscale.contracts.capacity.UnitRequirements;
import io.micronaut.serde.annotation.SerdeImport;

/** Lets the plan API return the contracts' demand records in the topic's shape. */
@SerdeImport(CapacityDemand.class)
@SerdeImport(Evidence.class)
@SerdeImport(UnitRequirements.class)
final class PlanSerde {
  private PlanSerde() {}
}
