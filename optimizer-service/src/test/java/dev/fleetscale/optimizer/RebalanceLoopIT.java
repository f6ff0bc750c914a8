package dev.fleetscale.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rebalance leg of the closed loop (issue 11): 16 simulated hosts with a skewed placement
 * (8 hosts hold eight 1-GPU workloads each at 90 %, 8 hosts hold none), the optimizer (real
 * broker, real influxd) plans, the fleet simulator applies the moves, and the spread of host GPU
 * utilization narrows.
 */
class RebalanceLoopIT {

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension static final InfluxExtension influx = new InfluxExtension();

  static final String POOL = "training";
  static final int HOSTS = 16;
  static final double LOAD = 0.9;

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
  void aSkewedPlacementYieldsAPlanThatTheSimulatorAppliesAndTheSpreadNarrows() throws Exception {
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
    // The pool's mean is 45 % (64 of 128 GPUs at 90 %): the autoscaler holds at that target, so
    // only the planner acts here.
    env.put("FLEETSCALE_AUTOSCALE_TARGET", "45.0");
    env.put("FLEETSCALE_REBALANCE_EVERY_SECONDS", "20");
    vertx = Vertx.vertx();
    OptimizerMain.start(vertx, OptimizerMain.load(null, env)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);

    FleetModel model = new FleetModel(InstantSource.system(),
        new FleetModel.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500)),
        HardwareCatalog.of());
    model.addPool(POOL, PoolDemand.constant(LOAD));
    for (int i = 1; i <= HOSTS; i++) {
      String host = "sim-gpu-" + i;
      List<FleetModel.Workload> workloads = new ArrayList<>();
      if (i <= HOSTS / 2) {
        for (int w = 0; w < 8; w++) {
          workloads.add(new FleetModel.Workload(host + "/w" + w, 1));
        }
      }
      model.addHost(POOL, host, 8, "H200-SXM", workloads);
    }
    model.loads(Duration.ZERO);
    double spreadBefore = spread(model);
    assertThat(spreadBefore).isCloseTo(90.0, org.assertj.core.data.Offset.offset(0.01));

    KafkaClientSettings settings = KafkaClientSettings.of(kafka.bootstrapServers(), null);
    simulator = new FleetSimulator(dir, model, InstantSource.system(), 1, Duration.ofMillis(500))
        .connect(settings, "rebalance-loop-it")
        .publishTelemetry(settings, Duration.ofSeconds(1), Set.of(), "c1")
        .start();
    await().atMost(Duration.ofSeconds(30)).until(simulator::reading);

    List<RebalancePlan> plans = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
      consumer.subscribe(List.of(Topics.REBALANCE));
      // A plan with moves, from the skewed placement.
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
        poll(consumer, plans);
        return plans.stream().anyMatch(p -> !p.moves().isEmpty());
      });
      RebalancePlan first = plans.stream().filter(p -> !p.moves().isEmpty()).findFirst().orElseThrow();
      assertThat(first.scoreAfter()).isLessThan(first.scoreBefore());
      assertThat(first.moves()).allMatch(m -> Integer.parseInt(m.fromHost().substring(8)) <= HOSTS / 2
          && Integer.parseInt(m.toHost().substring(8)) > HOSTS / 2); // from a full host to an empty one

      // The simulator applies it: workloads move, and the spread narrows.
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
        poll(consumer, plans);
        return model.poolView(POOL).counters().getOrDefault("plans_applied", 0L) >= 1;
      });
      FleetModel.PoolView pool = model.poolView(POOL);
      assertThat(pool.counters().getOrDefault("moves_applied", 0L)).isGreaterThanOrEqualTo(1);
      double spreadAfter = spread(model);
      assertThat(spreadAfter).isLessThan(spreadBefore);
      // No workload is lost or duplicated on the way.
      long workloads = pool.hostList().stream().mapToLong(h -> h.workloads().size()).sum();
      assertThat(workloads).isEqualTo(8L * HOSTS / 2);
    }
  }

  /** Highest minus lowest host GPU utilization (%) over the pool's serving hosts. */
  static double spread(FleetModel model) {
    FleetModel.PoolView pool = model.poolView(POOL);
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (FleetModel.HostView h : pool.hostList()) {
      if (h.state() != FleetModel.HostState.ACTIVE) {
        continue;
      }
      int busy = h.workloads().stream().mapToInt(FleetModel.Workload::gpus).sum();
      double util = 100 * pool.utilization() * busy / h.gpus();
      max = Math.max(max, util);
      min = Math.min(min, util);
    }
    return max - min;
  }

  private static void poll(KafkaConsumer<String, byte[]> consumer, List<RebalancePlan> into) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      if (EventRecords.decode(r, EventType.REBALANCE_PLAN) instanceof Decoded.Event<RebalancePlan> e
          && e.event().pool().equals(POOL)) {
        into.add(e.event());
      }
    }
  }
}
