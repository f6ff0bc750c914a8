package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.procurement.proposal.KafkaProposalPublisher;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Publishes a plan's demands to {@code fleet.capacity-demand.v1}, so they reach the proposal
 * service through the same consumer as the forecast's (and any other consumer of the topic).
 */
@Singleton
@Requires(property = "fleetscale.kafka.enabled", notEquals = "false")
public class KafkaDemandSink implements DemandSink {

  private final KafkaProposalPublisher publisher;

  public KafkaDemandSink(KafkaProposalPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public String submit(CapacityDemand demand) {
    publisher.send(EventRecords.toProducerRecord(demand, publisher.source()));
    return "published";
  }
}
