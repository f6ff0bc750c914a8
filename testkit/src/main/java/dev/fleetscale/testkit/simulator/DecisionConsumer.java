package dev.fleetscale.testkit.simulator;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's actuator input: one consumer on {@code fleet.autoscale.v1}, {@code
 * fleet.rebalance.v1} and {@code fleet.proposals.v1}, {@code read_committed} (the optimizer
 * publishes in transactions), decoding every record with contracts' {@link EventRecords} and
 * handing each event with its {@code ce_id} to the {@link FleetModel}, which applies it once.
 * Offsets are committed after the batch is applied. A record that does not decode is logged with
 * its topic, partition, offset and reason and skipped; the simulator is a fixture and writes no
 * dead letters.
 *
 * <p>Runs on its own thread; {@link #close} stops it.
 */
final class DecisionConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DecisionConsumer.class);
  static final List<String> TOPICS = List.of(Topics.AUTOSCALE, Topics.REBALANCE, Topics.PROPOSALS);

  private final KafkaConsumer<String, byte[]> consumer;
  private final FleetModel model;
  private final Thread thread;
  private final AtomicBoolean assigned = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong invalid = new AtomicLong();

  DecisionConsumer(KafkaClientSettings kafka, String groupId, FleetModel model) {
    this.model = model;
    this.consumer = new KafkaConsumer<>(kafka.client("fleetscale-simulator")
        .defaultValue(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
        .fixed(ConsumerConfig.GROUP_ID_CONFIG, groupId)
        .fixed(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .fixed(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        .fixed(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)
        .fixed(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
        .build());
    this.thread = new Thread(this::run, "simulator-decisions");
    this.thread.setDaemon(true);
  }

  void start() {
    started.set(true);
    thread.start();
  }

  /** Whether the consumer holds its partitions (records published from now on are seen). */
  boolean assigned() {
    return assigned.get();
  }

  long applied() {
    return applied.get();
  }

  long duplicates() {
    return duplicates.get();
  }

  long invalid() {
    return invalid.get();
  }

  private void run() {
    try {
      consumer.subscribe(TOPICS, new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          assigned.set(false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          // Position every partition now, so that "assigned" means "reads from here on".
          partitions.forEach(consumer::position);
          assigned.set(true);
          log.info("reading decisions from {} partition(s) of {}", partitions.size(), TOPICS);
        }
      });
      while (!closing.get()) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (!closing.get()) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("decision consumer stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  void handle(ConsumerRecord<String, byte[]> record) {
    Decoded<FleetEvent> decoded = EventRecords.decode(record);
    if (decoded instanceof Decoded.Event<FleetEvent> event) {
      FleetModel.Outcome outcome = model.accept(ceId(record), event.event());
      if (outcome == FleetModel.Outcome.DUPLICATE) {
        duplicates.incrementAndGet();
      } else if (outcome == FleetModel.Outcome.APPLIED) {
        applied.incrementAndGet();
      }
    } else if (decoded instanceof Decoded.Invalid<FleetEvent> bad) {
      invalid.incrementAndGet();
      log.warn("{}-{}@{}: not applied, {}", record.topic(), record.partition(), record.offset(), bad.reason());
    }
    // Decoded.Unknown: a type the simulator does not act on.
  }

  private static String ceId(ConsumerRecord<String, byte[]> record) {
    Header h = record.headers().lastHeader("ce_id");
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closing.set(true);
    if (!started.get()) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
