package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.procurement.ProcurementProposal;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stand-in for {@code fleetscale.kafka.enabled=false}: logs instead of publishing. */
@Singleton
@Requires(property = "fleetscale.kafka.enabled", value = "false")
public class LoggingProposalPublisher implements ProposalPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingProposalPublisher.class);

  @Override
  public void publish(ProcurementProposal p) {
    LOG.info("Kafka disabled; not publishing proposal {} status {}", p.proposalId(), p.status());
  }
}
