package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.procurement.proposal.DemandOutcome;
import dev.fleetscale.procurement.proposal.ProposalService;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Without Kafka: a plan's demands go to the proposal service in the request. */
@Singleton
@Requires(property = "fleetscale.kafka.enabled", value = "false")
public class DirectDemandSink implements DemandSink {

  private final ProposalService service;

  public DirectDemandSink(ProposalService service) {
    this.service = service;
  }

  @Override
  public String submit(CapacityDemand demand) {
    DemandOutcome o = service.onDemand(demand);
    return o.kind() == DemandOutcome.Kind.REJECTED ? "rejected: " + o.reason()
        : o.kind().name().toLowerCase(java.util.Locale.ROOT);
  }
}
