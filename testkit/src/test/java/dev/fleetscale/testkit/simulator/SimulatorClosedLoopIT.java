package dev.fleetscale.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real broker: an autoscale decision published (in a transaction, twice,
 * beside an aborted one) changes the pool's replica count after the actuation delay, exactly once.
 */
class SimulatorClosedLoopIT {

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  static final URI SOURCE = URI.create("/fleetscale/test/optimizer");
  static final Duration ADD_DELAY = Duration.ofSeconds(4);

  @TempDir Path dir;

  FleetSimulator simulator;

  @AfterEach
  void stop() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void aPublishedScaleUpIsAppliedAfterTheDelayExactlyOnce() throws Exception {
    for (String topic : DecisionConsumer.TOPICS) {
      kafka.createTopic(topic, 2);
    }
    FleetModel model = new FleetModel(InstantSource.system(),
        new FleetModel.Settings(ADD_DELAY, Duration.ofSeconds(1), Duration.ofSeconds(1)), HardwareCatalog.of());
    model.addPool("inference", PoolDemand.constant(0.9));
    for (int i = 1; i <= 4; i++) {
      model.addHost("inference", "sim-gpu-" + i, 8, "H200-SXM", i <= 2);
    }
    simulator = new FleetSimulator(dir, model, InstantSource.system(), 1, Duration.ofMillis(200))
        .connect(KafkaClientSettings.of(kafka.bootstrapServers(), null), "simulator-it")
        .start();
    await().atMost(Duration.ofSeconds(60)).until(simulator::reading);
    assertThat(replicas("inference")).isEqualTo(2);
    assertThat(gpuUtil("sim-gpu-3")).isZero(); // spare

    AutoscaleDecision up = decision("d-up", 2, 4);
    AutoscaleDecision abortedDown = decision("d-aborted", 2, 1);
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "simulator-it-optimizer"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(EventRecords.toProducerRecord(abortedDown, SOURCE)).get();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(EventRecords.toProducerRecord(up, SOURCE));
      producer.send(EventRecords.toProducerRecord(up, SOURCE)); // a second delivery: same ce_id
      producer.commitTransaction();
    }
    Instant published = Instant.now();

    await().atMost(Duration.ofSeconds(30)).until(() -> state().path("events_applied").asLong() == 1);
    JsonNode asked = pool("inference");
    assertThat(asked.path("requested").asInt()).isEqualTo(4);
    if (Duration.between(published, Instant.now()).compareTo(ADD_DELAY) < 0) {
      assertThat(asked.path("replicas").asInt()).isEqualTo(2); // not before the delay
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> replicas("inference") == 4);
    assertThat(Duration.between(published, Instant.now())).isGreaterThanOrEqualTo(ADD_DELAY);
    await().atMost(Duration.ofSeconds(5)).until(() -> gpuUtil("sim-gpu-3") > 0);

    Thread.sleep(2_000); // anything left to apply would show by now
    JsonNode after = state();
    assertThat(after.path("events_applied").asLong()).isEqualTo(1);
    assertThat(after.path("events_duplicate").asLong()).isEqualTo(1);
    JsonNode pool = pool("inference");
    assertThat(pool.path("replicas").asInt()).isEqualTo(4);
    assertThat(pool.path("counters").path("autoscale_decisions").asLong()).isEqualTo(1);
    assertThat(pool.path("counters").path("hosts_joined").asLong()).isEqualTo(2);
    assertThat(pool.path("counters").has("scale_downs")).isFalse(); // the aborted decision never applied
    // 0.9 of the first 16 GPUs now spread over 32.
    assertThat(pool.path("utilization").asDouble()).isEqualTo(0.45);
  }

  static AutoscaleDecision decision(String id, int current, int desired) {
    return new AutoscaleDecision(id, "inference", Instant.now(), ScalingMode.REACTIVE, current, desired,
        "DCGM_FI_DEV_GPU_UTIL", 90.0, 70.0, Map.of("current", (double) current), "test", List.of());
  }

  JsonNode state() throws Exception {
    return new ObjectMapper().readTree(Files.readString(dir.resolve(FleetSimulator.STATE_FILE)));
  }

  JsonNode pool(String name) throws Exception {
    for (JsonNode p : state().path("pools")) {
      if (p.path("pool").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no pool " + name + " in " + state());
  }

  int replicas(String name) throws Exception {
    return pool(name).path("replicas").asInt();
  }

  /** GPU 0's utilization in the host's scenario file, as the agent would read it. */
  int gpuUtil(String host) throws Exception {
    return Files.readAllLines(dir.resolve(host + ".scenario")).stream()
        .filter(l -> l.startsWith("device.0.utilization.gpu="))
        .map(l -> Integer.parseInt(l.substring(l.indexOf('=') + 1)))
        .findFirst().orElseThrow();
  }
}
