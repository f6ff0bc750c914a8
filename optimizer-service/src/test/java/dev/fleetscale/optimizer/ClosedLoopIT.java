package dev.fleetscale.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import dev.fleetscale.testkit.simulator.FleetModel;
import dev.fleetscale.testkit.simulator.FleetSimulator;
import dev.fleetscale.testkit.simulator.HardwareCatalog;
import dev.fleetscale.testkit.simulator.PoolDemand;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed end to end: the optimizer (real broker, real influxd) decides on the telemetry
 * of 16 simulated hosts, the fleet simulator applies its decisions, and the optimizer sees the
 * result. A demand step saturates the pool; the scale-up that follows is applied after the
 * actuation delay and utilization comes back within the autoscaler's tolerance of its target.
 */
class ClosedLoopIT {

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension static final InfluxExtension influx = new InfluxExtension();

  static final String POOL = "inference";
  static final int HOSTS = 16;
  static final int SERVING = 6;
  static final Duration STEP_AT = Duration.ofSeconds(45);
  static final Duration ADD_DELAY = Duration.ofSeconds(10);
  static final double TARGET = 70.0;

  @TempDir Path dir;

  Vertx vertx;
  FleetSimulator simulator;

  @AfterEach
  void stop() throws Exception {
    if (simulator != null) {
      simulator.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDemandStepYieldsAScaleUpThatTheSimulatorAppliesAndUtilizationReturnsToTarget() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 3);
    kafka.createTopic("fleet.optimizer.pool-summaries.v1", 3);
    for (String t : List.of(Topics.AUTOSCALE, Topics.REBALANCE, Topics.CAPACITY_DEMAND, Topics.DEADLETTER,
        Topics.PROPOSALS, Topics.POOL_STATE)) {
      kafka.createTopic(t, 1);
    }
    Map<String, String> env = new HashMap<>();
    env.put("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "10000");
    env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("FLEETSCALE_INFLUX_URL", influx.url());
    env.put("FLEETSCALE_INFLUX_ORG", influx.org());
    env.put("FLEETSCALE_INFLUX_BUCKET", influx.bucket());
    env.put("FLEETSCALE_INFLUX_TOKEN", new String(influx.token()));
    env.put("FLEETSCALE_HTTP_PORT", "0");
    env.put("FLEETSCALE_AUTOSCALE_TARGET", Double.toString(TARGET));
    vertx = Vertx.vertx();
    OptimizerMain.start(vertx, OptimizerMain.load(null, env)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);

    // 16 hosts of 8 GPUs; 6 serve, 10 are spare (powered down, silent). Demand: 0.6 of the 48
    // serving GPUs (60 %, within tolerance of 70 %: hold), then 1.6 of them (76.8 GPU-equivalents:
    // saturated), which takes ceil(76.8 / 0.7 / 8) = 14 hosts at 70 % or 13 at 73.8 %.
    FleetModel model = new FleetModel(InstantSource.system(),
        new FleetModel.Settings(ADD_DELAY, Duration.ofSeconds(5), Duration.ofSeconds(5)), HardwareCatalog.of());
    model.addPool(POOL, PoolDemand.step(STEP_AT, 0.6, 1.6));
    for (int i = 1; i <= HOSTS; i++) {
      model.addHost(POOL, "sim-gpu-" + i, 8, "H200-SXM", i <= SERVING);
    }
    KafkaClientSettings settings = KafkaClientSettings.of(kafka.bootstrapServers(), null);
    simulator = new FleetSimulator(dir, model, InstantSource.system(), 1, Duration.ofMillis(500))
        .connect(settings, "closed-loop-it")
        .publishTelemetry(settings, Duration.ofSeconds(1), Set.of(), "c1")
        .start();
    await().atMost(Duration.ofSeconds(30)).until(simulator::reading);

    List<AutoscaleDecision> decisions = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
      consumer.subscribe(List.of(Topics.AUTOSCALE));

      // Before the step: the optimizer holds at the 6 hosts that report.
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
        poll(consumer, decisions);
        return decisions.stream().anyMatch(d -> d.currentReplicas() == SERVING && d.desiredReplicas() == SERVING);
      });
      assertThat(model.poolView(POOL).replicas()).isEqualTo(SERVING);

      // The step: a scale-up decision, applied by the simulator after the delay.
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
        poll(consumer, decisions);
        return decisions.stream().anyMatch(d -> d.desiredReplicas() > SERVING);
      });
      AutoscaleDecision up = decisions.stream().filter(d -> d.desiredReplicas() > SERVING).findFirst().orElseThrow();
      // Above the tolerance of the target; the window it rests on may straddle the step, so it
      // need not be saturated yet (one run saw 82.9 %: 60 % before the step, 100 % after).
      assertThat(up.observedValue()).isGreaterThan(TARGET * 1.1);
      await().atMost(Duration.ofSeconds(60)).until(() -> model.poolView(POOL).replicas() > SERVING);

      // Utilization comes back within the tolerance (0.1) of the target: a moment with no host
      // joining or draining and the pool at 63-77 %. (Not asserted: that the pool then holds
      // there. Today's autoscaler still pulls scale-ups in flight back, issue 11, so the pool
      // can oscillate between 12 and 14 hosts; tighten this once the autoscaler is fixed.)
      AtomicReference<FleetModel.PoolView> settled = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200)).until(() -> {
        poll(consumer, decisions);
        FleetModel.PoolView pool = model.poolView(POOL);
        if (pool.joining() == 0 && pool.draining() == 0 && !pool.saturated()
            && Math.abs(100 * pool.utilization() / TARGET - 1) <= 0.1) {
          settled.set(pool);
          return true;
        }
        return false;
      });
      FleetModel.PoolView pool = settled.get();
      // Between the step and the first joined host the pool is saturated, and a decision says so.
      assertThat(decisions).anyMatch(d -> d.observedValue() >= 99.0
          && d.inputs().getOrDefault("saturated", 0.0) == 1.0);
      // 76.8 GPU-equivalents within 10 % of 70 %: 13 (73.8 %), 14 (68.6 %) or 15 (64 %) hosts.
      assertThat(pool.replicas()).isBetween(13, 15);
      long joined = pool.counters().getOrDefault("hosts_joined", 0L);
      long drained = pool.counters().getOrDefault("hosts_drained", 0L);
      assertThat(joined - drained).isEqualTo(pool.replicas() - SERVING);
      // The simulator reports its pool state (fleet.pool-state.v1) and the optimizer scales from
      // it: decisions made after a report that reflects the previous decision carry its counts.
      assertThat(decisions).anyMatch(d -> d.inputs().containsKey("reported_requested")
          && d.replicasRequested() == d.inputs().get("reported_requested").intValue());
      // Every scale-up the simulator made came from a decision: never more hosts than asked for.
      int mostAsked = decisions.stream().mapToInt(AutoscaleDecision::desiredReplicas).max().orElseThrow();
      assertThat(pool.replicas()).isLessThanOrEqualTo(mostAsked);
    }
  }

  private static void poll(KafkaConsumer<String, byte[]> consumer, List<AutoscaleDecision> into) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      if (EventRecords.decode(r, EventType.AUTOSCALE_DECISION) instanceof Decoded.Event<AutoscaleDecision> e
          && e.event().pool().equals(POOL)) {
        into.add(e.event());
      }
    }
  }
}
