package dev.fleetscale.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.testkit.kafka.FleetscaleAcls;
import dev.fleetscale.testkit.kafka.KafkaBrokerProcess;
import dev.fleetscale.testkit.kafka.KafkaSecurity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the real broker's SASL_SSL listener (TLS with a certificate made at test time,
 * SCRAM-SHA-512, StandardAuthorizer with Fleetscale's least-privilege ACLs), configured only
 * through FLEETSCALE_KAFKA_PROPERTIES_FILE: it publishes telemetry, its principal is refused a
 * decision topic, a wrong password is a DOWN /health naming the cause and loses nothing once the
 * password is fixed, and its password never reaches its logs, /health or /metrics.
 */
class AgentKafkaSecurityIT {

  private static KafkaBrokerProcess broker;
  private static final String AGENT_PASSWORD = "agent-pw-" + random();
  private static final String READER_PASSWORD = "reader-pw-" + random();

  @TempDir Path dir;
  private Vertx vertx;
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    private final SimpleFormatter format = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      logLines.add(format.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    broker = KafkaBrokerProcess.securedOnFreePorts(2);
    broker.start();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(Topics.TELEMETRY, 1, (short) 1),
          new NewTopic(Topics.AUTOSCALE, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    KafkaSecurity.upsertUsers(broker.bootstrapServers(), Map.of(
        FleetscaleAcls.AGENT, AGENT_PASSWORD, FleetscaleAcls.READER, READER_PASSWORD));
    KafkaSecurity.grant(broker.bootstrapServers(), FleetscaleAcls.all());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(AgentMain.smallFootprint());
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stop() throws Exception {
    Logger.getLogger("").removeHandler(capture);
    join(vertx.close());
  }

  @Test
  void publishesTelemetryOverSaslSslAndItsPasswordReachesNoLogNorEndpoint() throws Exception {
    Path properties = broker.security().writeClientProperties(dir.resolve("agent-kafka.properties"),
        FleetscaleAcls.AGENT, AGENT_PASSWORD);
    AgentVerticle agent = new AgentVerticle(TestAgents.config("secure-host", dir.resolve("spool"), Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers(),
        "FLEETSCALE_KAFKA_PROPERTIES_FILE", properties.toString())));
    join(vertx.deployVerticle(agent));
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.metrics().publishedCount() >= 3);

    assertThat(telemetry("secure-host", 3)).extracting(s -> s.sequence()).startsWith(0L, 1L, 2L);
    WebClient web = WebClient.create(vertx);
    String health = join(web.get(agent.httpPort(), "127.0.0.1", "/health").send()).bodyAsString();
    String metrics = join(web.get(agent.httpPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
    assertThat(new JsonObject(health).getJsonObject("checks").getJsonObject("kafka")
        .getJsonObject("details").getString("state")).isEqualTo("CONNECTED");
    String truststorePassword = broker.security().tls().truststorePassword();
    for (String secret : List.of(AGENT_PASSWORD, truststorePassword)) {
      assertThat(health).doesNotContain(secret);
      assertThat(metrics).doesNotContain(secret);
      assertThat(String.join("", logLines)).doesNotContain(secret);
    }
    assertThat(logLines).as("the capture sees the agent's log").isNotEmpty();
  }

  @Test
  void theAgentsPrincipalIsRefusedADecisionTopicAndTheReaderCannotWrite() throws Exception {
    Path agentProperties = broker.security().writeClientProperties(dir.resolve("agent-kafka.properties"),
        FleetscaleAcls.AGENT, AGENT_PASSWORD);
    KafkaClientSettings asAgent = KafkaClientSettings.of(broker.saslBootstrapServers(), Map.of(),
        agentProperties.toString(), "kafka.bootstrapServers", "kafka.properties", "kafka.propertiesFile");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(asAgent.client("agent-misuse")
        .defaultValue(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000)
        .fixed(ProducerConfig.ACKS_CONFIG, "all").build(), new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.AUTOSCALE, "pool", "{}")).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(Topics.AUTOSCALE);
      // The one topic it may write.
      assertThat(producer.send(new ProducerRecord<>(Topics.TELEMETRY, "misuse-check", "{}")).get(30, TimeUnit.SECONDS)
          .topic()).isEqualTo(Topics.TELEMETRY);
    }

    Path readerProperties = broker.security().writeClientProperties(dir.resolve("reader-kafka.properties"),
        FleetscaleAcls.READER, READER_PASSWORD);
    KafkaClientSettings asReader = KafkaClientSettings.of(broker.saslBootstrapServers(), Map.of(),
        readerProperties.toString(), "kafka.bootstrapServers", "kafka.properties", "kafka.propertiesFile");
    // Not idempotent: an idempotent producer with no WRITE anywhere is refused by the cluster
    // (ClusterAuthorizationException) before the topic is asked; this checks the topic ACL itself.
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(asReader.client("reader-misuse")
        .defaultValue(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000)
        .defaultValue(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
        .defaultValue(ProducerConfig.ACKS_CONFIG, "1").build(), new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.AUTOSCALE, "pool", "{}")).get(30, TimeUnit.SECONDS))
          .cause().isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(Topics.AUTOSCALE);
    }
  }

  @Test
  void aWrongPasswordIsADownHealthNamingTheCauseAndTheFixedPasswordDeliversEverySpooledSample() throws Exception {
    Path spool = dir.resolve("spool");
    Path wrong = broker.security().writeClientProperties(dir.resolve("wrong.properties"),
        FleetscaleAcls.AGENT, "not-" + AGENT_PASSWORD);
    AgentVerticle refused = new AgentVerticle(TestAgents.config("wrong-pw-host", spool, Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers(),
        "FLEETSCALE_KAFKA_PROPERTIES_FILE", wrong.toString(),
        "FLEETSCALE_KAFKA_DELIVERY_TIMEOUT_MS", "5000")));
    String first = join(vertx.deployVerticle(refused));
    WebClient web = WebClient.create(vertx);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      var response = join(web.get(refused.httpPort(), "127.0.0.1", "/health").send());
      JsonObject kafkaCheck = response.bodyAsJsonObject().getJsonObject("checks").getJsonObject("kafka");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      assertThat(kafkaCheck.getString("status")).isEqualTo("DOWN");
      assertThat(kafkaCheck.encode()).contains("Kafka refused the agent").contains("SaslAuthenticationException");
    });
    // Liveness stays UP: an orchestrator takes it out of service but does not restart it in a loop.
    assertThat(join(web.get(refused.httpPort(), "127.0.0.1", "/health/live").send()).statusCode()).isEqualTo(200);
    assertThat(logLines).filteredOn(l -> l.contains("Kafka refused the agent")).hasSize(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> refused.spool().depth() >= 10);
    join(vertx.undeploy(first));
    long spooled = refused.spool().lastSequence() + 1;
    assertThat(refused.metrics().publishedCount()).isZero();

    Path fixed = broker.security().writeClientProperties(dir.resolve("fixed.properties"),
        FleetscaleAcls.AGENT, AGENT_PASSWORD);
    AgentVerticle agent = new AgentVerticle(TestAgents.config("wrong-pw-host", spool, Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers(),
        "FLEETSCALE_KAFKA_PROPERTIES_FILE", fixed.toString())));
    String second = join(vertx.deployVerticle(agent));
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.metrics().publishedCount() >= spooled + 2);
    join(vertx.undeploy(second));
    long published = (long) agent.metrics().publishedCount();

    assertThat(telemetry("wrong-pw-host", (int) published)).extracting(HostSample::sequence)
        .containsExactlyElementsOf(LongStream.range(0, published).boxed().toList());
  }

  /** The host's samples on the telemetry topic, read as the broker's super user (PLAINTEXT). */
  private static List<HostSample> telemetry(String host, int atLeast) {
    List<HostSample> mine = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.TELEMETRY, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (host.equals(r.key())) {
            mine.add(decode(r));
          }
        }
        return mine.size() >= atLeast;
      });
      consumer.poll(Duration.ofMillis(500)).forEach(r -> {
        if (host.equals(r.key())) {
          mine.add(decode(r));
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

  private static String random() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
