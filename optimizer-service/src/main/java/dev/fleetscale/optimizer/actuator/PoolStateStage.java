package dev.fleetscale.optimizer.actuator;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.actuator.PoolState;
import dev.fleetscale.contracts.kafka.DeadLetters;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.optimizer.stream.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the actuators' pool state ({@code fleet.pool-state.v1}) into {@link ActuatorReports}.
 *
 * <p>Every optimizer instance needs every pool's report (which pools an instance decides follows
 * the internal topic's partitions, not this topic's), so each instance reads all partitions in
 * a consumer group of its own ({@code <groupId>-pool-state-<random>}), from the latest offset,
 * never committing: actuators report at least every 10 s, so a fresh instance knows a pool's state
 * within one period, and until then the autoscaler scales from its own last decision. A record
 * that claims the type and fails its schema goes to the dead-letter topic; other types are
 * skipped (consumer rules, docs/contracts.md).
 */
public final class PoolStateStage extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PoolStateStage.class);
  static final String CONSUMER_NAME = "optimizer-service/pool-state";

  private final KafkaClientSettings kafka;
  private final String groupId;
  private final ActuatorReports reports;
  private final EventPublisher publisher;
  private final Counter received;
  private final Counter deadLettered;
  private KafkaConsumer<String, byte[]> consumer;
  private boolean firstLogged;

  public PoolStateStage(KafkaClientSettings kafka, String groupId, ActuatorReports reports,
      EventPublisher publisher, MeterRegistry registry) {
    this.kafka = kafka;
    this.groupId = groupId + "-pool-state-" + UUID.randomUUID();
    this.reports = reports;
    this.publisher = publisher;
    this.received = Counter.builder("fleetscale_optimizer_pool_state_reports_total")
        .description("Actuator pool-state reports read from " + Topics.POOL_STATE)
        .register(registry);
    // The host stage's counter (same name, same tags): one count of dead letters per instance.
    this.deadLettered = Counter.builder("fleetscale_optimizer_deadlettered_total")
        .description("Records sent to the dead-letter topic").register(registry);
  }

  @Override
  public Future<?> start() {
    Map<String, Object> props = kafka.client(null)
        .fixed(ConsumerConfig.GROUP_ID_CONFIG, groupId)
        .fixed(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
        .fixed(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .fixed(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)
        .fixed(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
        .fixed(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .build();
    consumer = KafkaConsumer.create(vertx,
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(props));
    consumer.handler(r -> handle(r.record()));
    consumer.exceptionHandler(e -> log.warn("pool-state consumer: {}", e.toString()));
    return consumer.subscribe(Topics.POOL_STATE);
  }

  void handle(ConsumerRecord<String, byte[]> record) {
    Decoded<PoolState> decoded = EventRecords.decode(record, EventType.POOL_STATE);
    if (decoded instanceof Decoded.Event<PoolState> e) {
      received.increment();
      reports.accept(e.event());
      if (!firstLogged) {
        firstLogged = true;
        log.info("first actuator report: pool {} from {}, {} requested, {} ready",
            e.event().pool(), e.event().actuator(), e.event().replicasRequested(),
            e.event().replicasReady());
      }
    } else if (decoded instanceof Decoded.Invalid<PoolState> bad) {
      deadLettered.increment();
      log.warn("{}-{}@{}: dead-lettered, {}", record.topic(), record.partition(), record.offset(),
          bad.reason());
      publisher.send(DeadLetters.toProducerRecord(record, bad.reason(), CONSUMER_NAME,
          Instant.now(), EventPublisher.SOURCE));
    }
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }
}
