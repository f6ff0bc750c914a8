package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.kafka.DeadLetters;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code fleet.capacity-demand.v1} on its own thread and hands each demand to {@link
 * ProposalService}. At least once: an offset is committed only after the proposal is stored and
 * published; the service's idempotence absorbs the redelivery after a crash. A record that does
 * not decode goes to {@code fleet.deadletter.v1} with the reason; an unknown event type is
 * skipped. When storing or publishing fails, the record is retried after a pause, never skipped.
 */
@Context
@Requires(property = "fleetscale.kafka.enabled", notEquals = "false")
public class DemandConsumer implements Runnable {

  static final String CONSUMER_NAME = "procurement-service/capacity-demand";
  private static final Logger LOG = LoggerFactory.getLogger(DemandConsumer.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

  private final KafkaClients clients;
  private final ProposalService service;
  private final KafkaProposalPublisher publisher;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong processed = new AtomicLong();
  private final Counter deadLettered;
  private final Counter duplicates;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public DemandConsumer(KafkaClients clients, ProposalService service,
      KafkaProposalPublisher publisher, Clock clock, MeterRegistry registry) {
    this.clients = clients;
    this.service = service;
    this.publisher = publisher;
    this.clock = clock;
    this.deadLettered = Counter.builder("fleetscale_procurement_demands_deadlettered")
        .description("capacity demands that did not decode and went to the dead-letter topic")
        .register(registry);
    this.duplicates = Counter.builder("fleetscale_procurement_demands_duplicate")
        .description("capacity demands already answered (redelivery or replay)")
        .register(registry);
  }

  @PostConstruct
  void start() {
    consumer = clients.consumer("procurement-service-demands");
    running.set(true);
    thread = new Thread(this, "capacity-demand-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Demands processed since start (including duplicates and dead letters). */
  public long processed() {
    return processed.get();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topics.CAPACITY_DEMAND));
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<String, byte[]> record : records) {
          if (!handleWithRetry(record)) {
            return;
          }
          consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)));
          processed.incrementAndGet();
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        LOG.error("demand consumer woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      LOG.error("demand consumer stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** False when stopping before the record could be handled. */
  private boolean handleWithRetry(ConsumerRecord<String, byte[]> record) {
    while (running.get()) {
      try {
        handle(record);
        return true;
      } catch (RuntimeException e) {
        LOG.warn("cannot handle demand at {}-{}@{}, retrying in {}: {}", record.topic(),
            record.partition(), record.offset(), RETRY_PAUSE, e.toString());
        try {
          Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    Decoded<CapacityDemand> decoded = EventRecords.decode(record, EventType.CAPACITY_DEMAND);
    // Java 17: no pattern switch; the three cases of the sealed type, in turn.
    if (decoded instanceof Decoded.Event<CapacityDemand> e) {
      DemandOutcome outcome = service.onDemand(e.event());
      if (outcome.kind() == DemandOutcome.Kind.DUPLICATE) {
        duplicates.increment();
      }
    } else if (decoded instanceof Decoded.Unknown<CapacityDemand> u) {
      LOG.debug("skipping event type {} on {}", u.ceType(), record.topic());
    } else if (decoded instanceof Decoded.Invalid<CapacityDemand> i) {
      LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), i.reason());
      publisher.send(DeadLetters.toProducerRecord(record, i.reason(), CONSUMER_NAME,
          clock.instant(), publisher.source()));
      deadLettered.increment();
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    running.set(false);
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      thread.join(Duration.ofSeconds(10).toMillis());
    }
  }
}
