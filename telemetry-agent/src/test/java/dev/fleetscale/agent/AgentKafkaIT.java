package dev.fleetscale.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import dev.fleetscale.testkit.nvml.NvmlScenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a real Kafka broker: what it publishes, an outage, a restart. */
class AgentKafkaIT {

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @TempDir Path dir;
  private Vertx vertx;

  @BeforeAll
  static void createTopic() {
    kafka.createTopic(Topics.TELEMETRY, 1);
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx(AgentMain.smallFootprint());
  }

  @AfterEach
  void closeVertx() throws Exception {
    join(vertx.close());
  }

  @Test
  void publishesOneSamplePerIntervalWithCloudEventsHeadersSchemaAndEightGpus() throws Exception {
    String library = eightStubGpus(dir.resolve("eight-h200.scenario"));
    AgentVerticle agent = new AgentVerticle(TestAgents.config("h200-node-1", dir.resolve("spool"), Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "FLEETSCALE_NVML_LIBRARY", library,
        "FLEETSCALE_HOST_LABELS", "rack=r12,zone=a")));
    join(vertx.deployVerticle(agent));

    List<ConsumerRecord<String, byte[]>> records = consume("h200-node-1", 5);

    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, byte[]> record = records.get(i);
      assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
      assertThat(header(record, "ce_type")).isEqualTo(EventType.HOST_SAMPLE.ceType());
      assertThat(header(record, "ce_id")).isEqualTo("h200-node-1/" + i);
      assertThat(header(record, "ce_source")).isEqualTo("/fleetscale/telemetry-agent/h200-node-1");
      assertThat(header(record, "ce_time")).isNotBlank();
      HostSample sample = decode(record);
      assertThat(sample.sequence()).isEqualTo(i);
      assertThat(sample.labels()).containsEntry("rack", "r12").containsEntry("zone", "a");
      assertThat(sample.gpus()).hasSize(8);
    }
    HostSample later = decode(records.get(4));
    GpuSample gpu = later.gpus().get(3);
    assertThat(gpu.uuid()).isEqualTo("GPU-00000003-1111-2222-3333-444455556666");
    assertThat(gpu.powerUsageWatts()).isEqualTo(512.345);
    assertThat(gpu.gpuUtilizationPercent()).isEqualTo(73.0);
    assertThat(gpu.memoryUsedBytes()).isEqualTo(80_530_636_800L);
    assertThat(gpu.fanSpeedPercent()).isNull(); // not set in the scenario: NOT_SUPPORTED, absent
    assertThat(later.host().cpuCount()).isPositive();
    assertThat(later.host().cpuUtilizationPercent()).isNotNull();
    assertThat(later.nics()).isNotEmpty(); // this machine's own interfaces, rates from deltas
    assertThat(later.intervalMs()).isBetween(150L, 400L);

    WebClient web = WebClient.create(vertx);
    HttpResponse<Buffer> metrics = join(web.get(agent.httpPort(), "127.0.0.1", "/metrics").send());
    String text = metrics.bodyAsString();
    assertThat(text.lines().filter(l -> l.startsWith("DCGM_FI_DEV_GPU_UTIL{"))).hasSize(8);
    assertThat(text).contains("DCGM_FI_DEV_POWER_USAGE{Hostname=\"h200-node-1\",UUID=\"GPU-00000000-1111-2222-3333-444455556666\"");
    assertThat(text).contains("fleetscale_agent_samples_published_total");
    assertThat(text).contains("fleetscale_agent_sample_duration_seconds");
    JsonObject health = join(web.get(agent.httpPort(), "127.0.0.1", "/health").send()).bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getJsonObject("checks").getJsonObject("nvml").getJsonObject("details").getInteger("devices")).isEqualTo(8);
    assertThat(health.getJsonObject("checks").getJsonObject("kafka").getJsonObject("details").getString("state")).isEqualTo("CONNECTED");
  }

  @Test
  void aBrokerOutageLosesNothingAndEverySequenceArrivesOnceInOrder() throws Exception {
    AgentVerticle agent = new AgentVerticle(TestAgents.config("outage-host", dir.resolve("spool"), Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "FLEETSCALE_KAFKA_DELIVERY_TIMEOUT_MS", "5000")));
    String deployment = join(vertx.deployVerticle(agent));
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.metrics().publishedCount() >= 5);

    kafka.stopBroker();
    // 100 samples at 5 per second: the broker stays away for about 20 s, while the agent samples.
    await().atMost(Duration.ofSeconds(40)).until(() -> agent.spool().depth() >= 100);
    kafka.startBroker();

    long spooledDuringOutage = agent.spool().lastSequence();
    await().atMost(Duration.ofSeconds(90))
        .until(() -> agent.metrics().publishedCount() > spooledDuringOutage + 5);
    join(vertx.undeploy(deployment));
    long published = (long) agent.metrics().publishedCount();

    List<Long> sequences = consume("outage-host", (int) published).stream()
        .map(r -> decode(r).sequence()).toList();
    assertThat(sequences).containsExactlyElementsOf(LongStream.range(0, published).boxed().toList());
    assertThat(agent.metrics().droppedCount()).isZero();
  }

  @Test
  void anAgentRestartReplaysWhatTheSpoolHeld() throws Exception {
    Path spool = dir.resolve("spool");
    AgentVerticle offline = new AgentVerticle(TestAgents.config("restart-host", spool, Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", TestAgents.NO_BROKER)));
    String first = join(vertx.deployVerticle(offline));
    await().atMost(Duration.ofSeconds(30)).until(() -> offline.spool().depth() >= 10);
    join(vertx.undeploy(first));
    long left = offline.spool().depth();
    assertThat(offline.metrics().publishedCount()).isZero();

    AgentVerticle online = new AgentVerticle(TestAgents.config("restart-host", spool, Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())));
    String second = join(vertx.deployVerticle(online));
    await().atMost(Duration.ofSeconds(30)).until(() -> online.metrics().publishedCount() >= left + 5);
    join(vertx.undeploy(second));
    long published = (long) online.metrics().publishedCount();

    List<Long> sequences = consume("restart-host", (int) published).stream()
        .map(r -> decode(r).sequence()).toList();
    assertThat(sequences).containsExactlyElementsOf(LongStream.range(0, published).boxed().toList());
  }

  private static String eightStubGpus(Path file) {
    NvmlScenario scenario = NvmlScenario.create().driverVersion("550.54.15").nvmlVersion("12.550.54.15");
    for (int i = 0; i < 8; i++) {
      scenario.typicalH200(i);
    }
    scenario.writeTo(file);
    return TestAgents.useStubScenario(file);
  }

  /** Every record of {@code host} on the topic, once at least {@code atLeast} have arrived. */
  private static List<ConsumerRecord<String, byte[]>> consume(String host, int atLeast) {
    List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
    Map<String, Object> overrides = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(overrides)) {
      TopicPartition partition = new TopicPartition(Topics.TELEMETRY, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (host.equals(r.key())) {
            mine.add(r);
          }
        });
        return mine.size() >= atLeast;
      });
      // Anything beyond what was awaited (a duplicate would be) arrives in the same fetch or the next.
      consumer.poll(Duration.ofMillis(500)).forEach(r -> {
        if (host.equals(r.key())) {
          mine.add(r);
        }
      });
    }
    return mine;
  }

  private static HostSample decode(ConsumerRecord<String, byte[]> record) {
    Decoded<HostSample> decoded = EventRecords.decode(record, EventType.HOST_SAMPLE);
    if (decoded instanceof Decoded.Event<HostSample> event) {
      return event.event();
    }
    throw new AssertionError("not a valid host sample: " + decoded);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
