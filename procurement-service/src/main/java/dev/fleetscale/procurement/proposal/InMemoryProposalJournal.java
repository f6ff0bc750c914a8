package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Journal kept in memory, for {@code fleetscale.influx.enabled=false}: nothing survives a
 * restart. Keys mirror the InfluxDB points, so idempotence behaves the same. Thread-safe.
 */
@Singleton
@Requires(property = "fleetscale.influx.enabled", value = "false")
public class InMemoryProposalJournal implements ProposalJournal {

  private final Map<String, ProcurementProposal> states = new LinkedHashMap<>();
  private final Map<String, CapacityDemand> demands = new LinkedHashMap<>();

  @Override
  public synchronized void recordDemand(CapacityDemand demand) {
    demands.put(demand.demandId(), demand);
  }

  @Override
  public synchronized void recordProposal(ProcurementProposal p) {
    states.put(p.proposalId() + "/" + p.status() + "/" + p.statusChangedAt(), p);
  }

  @Override
  public synchronized List<ProcurementProposal> proposalStates() {
    return new ArrayList<>(states.values());
  }

  @Override
  public synchronized List<CapacityDemand> demands() {
    return new ArrayList<>(demands.values());
  }
}
