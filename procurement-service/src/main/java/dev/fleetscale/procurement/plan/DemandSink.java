package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.CapacityDemand;

/** Where a plan's demands go: the capacity-demand topic, or straight to the proposal service. */
public interface DemandSink {

  /** Hands one demand on; returns a word for the response: "published" or "proposed". */
  String submit(CapacityDemand demand);
}
