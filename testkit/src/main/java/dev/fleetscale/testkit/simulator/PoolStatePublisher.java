package dev.fleetscale.testkit.simulator;

import dev.fleetscale.contracts.actuator.PoolState;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator as an actuator reports it: one {@link PoolState} per pool on {@code
 * fleet.pool-state.v1} (contracts) when the pool's requested or ready count or its last applied
 * decision changes, and every {@link #PERIOD} otherwise, so that an optimizer that starts late
 * learns the state within one period. Called from the simulator's tick.
 */
final class PoolStatePublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PoolStatePublisher.class);
  static final String ACTUATOR = "fleet-simulator";
  static final Duration PERIOD = Duration.ofSeconds(10);
  private static final URI SOURCE = URI.create("/fleetscale/fleet-simulator");

  private record Sent(Instant at, List<Object> state) {}

  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Sent> last = new HashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  PoolStatePublisher(KafkaClientSettings kafka) {
    this.producer = new KafkaProducer<>(kafka.client("fleetscale-simulator-pool-state")
        .fixed(ProducerConfig.ACKS_CONFIG, "all")
        .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .fixed(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class)
        .fixed(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
        .build());
  }

  /** Publishes the pools whose state changed, or whose last report is a period old. */
  void publish(Instant now, List<FleetModel.PoolView> pools) {
    for (FleetModel.PoolView p : pools) {
      PoolState report = report(now, p);
      List<Object> state = key(report);
      Sent before = last.get(p.pool());
      if (before != null && before.state().equals(state)
          && Duration.between(before.at(), now).compareTo(PERIOD) < 0) {
        continue;
      }
      last.put(p.pool(), new Sent(now, state));
      producer.send(EventRecords.toProducerRecord(report, SOURCE), (meta, error) -> {
        if (error == null) {
          sent.incrementAndGet();
        } else if (failed.incrementAndGet() == 1 || failed.get() % 100 == 0) {
          log.warn("pool state of {} not sent ({} so far): {}", p.pool(), failed.get(), error.toString());
        }
      });
    }
  }

  /** The report of one pool: requested = ACTIVE + JOINING, ready = ACTIVE. */
  static PoolState report(Instant now, FleetModel.PoolView p) {
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    return new PoolState(PoolState.idOf(ACTUATOR, p.pool(), at), p.pool(), ACTUATOR, at,
        p.requested(), p.replicas(), p.joining(), p.draining(), p.spare(), p.lastDecisionId(),
        p.lastDecidedAt());
  }

  private static List<Object> key(PoolState r) {
    return java.util.Arrays.asList(r.replicasRequested(), r.replicasReady(), r.replicasStarting(),
        r.replicasDraining(), r.spareHosts(), Objects.toString(r.lastDecisionId()));
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
