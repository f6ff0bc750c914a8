package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.procurement.config.ProcurementSettings;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes proposal states to {@code fleet.proposals.v1}, keyed by proposal id, with CloudEvents
 * headers (from contracts). Also sends dead letters. Thread-safe (the producer is).
 */
@Singleton
@Requires(property = "fleetscale.kafka.enabled", notEquals = "false")
public class KafkaProposalPublisher implements ProposalPublisher, AutoCloseable {

  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, byte[]> producer;
  private final URI source;

  public KafkaProposalPublisher(KafkaClients clients, ProcurementSettings settings) {
    this.producer = clients.producer("procurement-service-publisher");
    this.source = URI.create(settings.source());
  }

  @Override
  public void publish(ProcurementProposal proposal) {
    send(EventRecords.toProducerRecord(proposal, source));
  }

  public URI source() {
    return source;
  }

  /** Sends and waits for the broker's acknowledgement. */
  public void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while publishing to " + record.topic(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishException("cannot publish to " + record.topic() + ": " + e.getMessage(),
          e);
    }
  }

  @PreDestroy
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /** The broker did not take a record in time. */
  public static final class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
