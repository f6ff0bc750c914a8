package dev.fleetscale.gateway.stream;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.ConsumerAware;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the decision topics and the proposal topic through micronaut-kafka, with
 * {@code isolation.level=read_committed} (the optimizer publishes its decisions in transactions:
 * an aborted decision never reaches a console), and hands each event to the {@link StreamHub}.
 *
 * <p>Every gateway instance sees every event: the group id is unique per instance
 * ({@code uniqueGroupId}), offsets start at the end (the stream is live; history is on the REST
 * routes) and are never committed. A record that does not decode is counted and logged once per
 * topic, not dead-lettered: the gateway only shows these topics, their consumers that act on them
 * (actuators, procurement) dead-letter, and every gateway instance would otherwise send the same
 * dead letter again.
 */
@KafkaListener(
    groupId = "fleetscale-gateway-stream",
    uniqueGroupId = true,
    clientId = "fleetscale-gateway-stream",
    offsetReset = OffsetReset.LATEST,
    offsetStrategy = OffsetStrategy.DISABLED,
    pollTimeout = "500ms",
    properties = @Property(name = ConsumerConfig.ISOLATION_LEVEL_CONFIG, value = "read_committed"))
@Requires(property = "kafka.enabled", notEquals = "false")
public class StreamFeed
    implements ConsumerRebalanceListener, ConsumerAware<String, byte[]> {

  private static final Logger LOG = LoggerFactory.getLogger(StreamFeed.class);

  private final StreamHub hub;
  private final Counter invalid;
  private final Set<String> loggedTopics = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean assigned = new AtomicBoolean();
  // Set by micronaut-kafka before the first poll; used only on the listener's thread.
  private volatile Consumer<String, byte[]> consumer;

  public StreamFeed(StreamHub hub, MeterRegistry registry) {
    this.hub = hub;
    this.invalid = Counter.builder("fleetscale.gateway.stream.invalid.records")
        .description("Records of the streamed topics that did not decode (skipped)")
        .register(registry);
  }

  @Topic({Topics.AUTOSCALE, Topics.REBALANCE, Topics.PROPOSALS})
  void receive(ConsumerRecord<String, byte[]> record) {
    Decoded<FleetEvent> decoded = EventRecords.decode(record);
    if (decoded instanceof Decoded.Event<FleetEvent> e) {
      for (StreamEvents.Pooled p : StreamEvents.of(e.event())) {
        if (p.pool() != null) {
          hub.publishPool(p.pool(), p.event());
        } else {
          hub.publish(p.event());
        }
      }
    } else if (decoded instanceof Decoded.Invalid<FleetEvent> i) {
      invalid.increment();
      if (loggedTopics.add(record.topic())) {
        LOG.warn("skipping a record of {} that does not decode ({}-{}@{}): {}; later ones are"
                + " only counted in fleetscale_gateway_stream_invalid_records_total",
            record.topic(), record.topic(), record.partition(), record.offset(), i.reason());
      }
    }
    // Decoded.Unknown: an event type this version does not know; nothing to show.
  }

  @Override
  public void setKafkaConsumer(Consumer<String, byte[]> consumer) {
    this.consumer = consumer;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    // Resolve the start positions (the end of each partition) now, inside the callback, so that
    // every record published after assigned() turns true reaches the stream; left to the next
    // poll, a record published in between would be skipped by the reset to the end.
    if (consumer != null) {
      partitions.forEach(consumer::position);
    }
    if (assigned.compareAndSet(false, true)) {
      LOG.info("stream reads {}", partitions);
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    // Nothing committed, nothing to hand over.
  }

  /** Whether the consumer has its partitions, so that a new event reaches the stream. */
  public boolean assigned() {
    return assigned.get();
  }
}
