package dev.fleetscale.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.gateway.support.GatewayCalls;
import dev.fleetscale.gateway.support.GatewayCalls.Answer;
import dev.fleetscale.gateway.support.GatewayStack;
import dev.fleetscale.gateway.support.SseReader;
import dev.fleetscale.gateway.support.SseReader.Sse;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live stream on a real broker and influxd, with procurement-service's real application:
 * tickets (single use, only for the stream), decisions read with read_committed (an aborted
 * transaction's decision never shows), pool summaries (the latest sent first to a new
 * subscriber), proposal changes made through the gateway, and a client that stops reading
 * dropped while another goes on.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamIT implements TestPropertyProvider {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final GatewayStack STACK = new GatewayStack(KAFKA, INFLUX);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  EmbeddedServer server;

  @Inject
  StreamFeed feed;

  @Inject
  StreamHub hub;

  GatewayCalls calls;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(STACK.start());
    KAFKA.createTopic(Topics.AUTOSCALE, 1);
    KAFKA.createTopic(Topics.REBALANCE, 1);
    p.put("kafka.enabled", "true");
    p.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
    p.put("fleetscale.gateway.stream.buffer", "16");
    return p;
  }

  @BeforeAll
  void ready() {
    calls = new GatewayCalls(server.getPort());
    await().atMost(Duration.ofSeconds(60)).until(feed::assigned);
  }

  @AfterAll
  void stop() throws Exception {
    STACK.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getPort();
  }

  private String ticket(String principal) {
    Answer a = calls.post("/api/v1/stream/tickets", STACK.token(principal), null);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat((String) a.object().get("stream_url")).startsWith("/api/v1/stream?ticket=fst_");
    return (String) a.object().get("ticket");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Sse e) {
    try {
      return JSON.readValue(e.data(), Map.class);
    } catch (Exception ex) {
      throw new AssertionError("not JSON: " + e.data(), ex);
    }
  }

  private static AutoscaleDecision decision(String pool, int ready, int desired, double observed) {
    return new AutoscaleDecision(UUID.randomUUID().toString(), pool, Instant.now(),
        ScalingMode.REACTIVE, ready, desired, "DCGM_FI_DEV_GPU_UTIL", observed, 70,
        Map.of("window_avg", observed), "utilization " + observed + " % against 70 %", List.of(),
        ready, ready);
  }

  /** Publishes {@code d} in a transaction, committed or aborted, as the optimizer does. */
  private static void publish(AutoscaleDecision d, boolean commit) {
    try (KafkaProducer<String, byte[]> producer = KAFKA.producer(Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stream-it-" + UUID.randomUUID()))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(EventRecords.toProducerRecord(d, URI.create("/fleetscale/test/optimizer")))
          .get(20, TimeUnit.SECONDS);
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.abortTransaction();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish " + d, e);
    }
  }

  @Test
  void aTicketOpensTheStreamOnceAndNothingElse() throws Exception {
    assertThat(calls.post("/api/v1/stream/tickets", null, null).status()).isEqualTo(401);
    String ticket = ticket("vera");
    // Not a credential for any other route.
    assertThat(calls.get("/api/v1/proposals?ticket=" + ticket, null).status()).isEqualTo(401);
    assertThat(calls.get("/api/v1/proposals", ticket).status()).isEqualTo(401);

    try (SseReader first = SseReader.open(base() + "/api/v1/stream?ticket=" + ticket, null)) {
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.contentType()).startsWith("text/event-stream");
      await().atMost(Duration.ofSeconds(10)).until(() -> hub.principals().contains("vera"));
    }
    try (SseReader again = SseReader.open(base() + "/api/v1/stream?ticket=" + ticket, null)) {
      assertThat(again.status()).as("a used ticket").isEqualTo(401);
    }
    try (SseReader forged = SseReader.open(base() + "/api/v1/stream?ticket=fst_forged", null)) {
      assertThat(forged.status()).isEqualTo(401);
    }
    try (SseReader bearer = SseReader.open(base() + "/api/v1/stream", STACK.token("oscar"))) {
      assertThat(bearer.status()).as("a bearer token opens it too").isEqualTo(200);
    }
    // The ticket call is audited like every state change.
    assertThat(INFLUX.query("SELECT * FROM gateway_audit WHERE action = 'stream.ticket' AND"
        + " principal = 'vera' AND result = 'ok'")).isNotEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void committedDecisionsReachTheStreamAbortedOnesNever() throws Exception {
    try (SseReader sse = SseReader.open(base() + "/api/v1/stream?ticket=" + ticket("vera"), null)) {
      assertThat(sse.status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> hub.principals().contains("vera"));
      AutoscaleDecision aborted = decision("pool-stream", 4, 9, 99);
      AutoscaleDecision committed = decision("pool-stream", 4, 6, 88);
      publish(aborted, false);
      publish(committed, true);

      Sse d = sse.await(Duration.ofSeconds(30), e -> e.name().equals("decision")
          && "pool-stream".equals(data(e).get("pool")));
      assertThat(data(d)).containsEntry("kind", "autoscale")
          .containsEntry("id", committed.decisionId())
          .containsEntry("reason", "utilization 88.0 % against 70 %");
      assertThat((Map<String, Object>) data(d).get("event")).containsEntry("desired_replicas", 6);
      Sse pool = sse.await(Duration.ofSeconds(5), e -> e.name().equals("pool")
          && "pool-stream".equals(data(e).get("pool")));
      assertThat(data(pool)).containsEntry("replicas_ready", 4).containsEntry("desired_replicas", 6)
          .containsEntry("observed", 88.0).containsEntry("target", 70.0);
      assertThat(sse.events()).as("the aborted decision is never streamed")
          .noneMatch(e -> e.data().contains(aborted.decisionId()));
    }
    // A new subscriber gets the pool's latest summary first.
    try (SseReader late = SseReader.open(base() + "/api/v1/stream?ticket=" + ticket("vera"),
        null)) {
      Sse first = late.await(Duration.ofSeconds(10), e -> e.name().equals("pool")
          && "pool-stream".equals(data(e).get("pool")));
      assertThat(data(first)).containsEntry("observed", 88.0);
    }
  }

  @Test
  void aProposalChangeMadeThroughTheGatewayIsStreamed() throws Exception {
    String id = STACK.proposal(calls, "pool-stream-proposal");
    try (SseReader sse = SseReader.open(base() + "/api/v1/stream", STACK.token("vera"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> hub.principals().contains("vera"));
      Answer a = calls.post("/api/v1/proposals/" + id + "/approve", STACK.token("alice"),
          "{\"reason\": \"capacity for the stream test\"}");
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      Sse change = sse.await(Duration.ofSeconds(30), e -> e.name().equals("proposal")
          && id.equals(data(e).get("proposal_id")) && "APPROVED".equals(data(e).get("status")));
      assertThat(data(change)).containsEntry("changed_by", "alice")
          .containsEntry("status_note", "capacity for the stream test");
      assertThat(change.id()).isNotBlank();
    }
  }

  @Test
  void aClientThatStopsReadingIsDroppedAndTheOthersGoOn() throws Exception {
    long droppedBefore = hub.dropped();
    try (SseReader reader = SseReader.open(base() + "/api/v1/stream", STACK.token("alice"));
        Socket stalled = new Socket()) {
      // A client that sends its request and never reads: a small receive window fills at once.
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5000);
      OutputStream out = stalled.getOutputStream();
      out.write(("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Authorization: Bearer " + STACK.token("ada") + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> hub.principals().contains("ada")
          && hub.principals().contains("alice"));

      // Events of 16 KiB each, paced so that the reading client keeps up.
      String padding = "x".repeat(16 * 1024);
      int sent = 0;
      while (hub.principals().contains("ada") && sent < 2000) {
        hub.publish(new StreamEvent(StreamEvent.DECISION, "big-" + sent,
            "{\"kind\":\"test\",\"n\":" + sent + ",\"pad\":\"" + padding + "\"}"));
        sent++;
        Thread.sleep(2);
      }
      assertThat(hub.principals()).as("the stalled client is dropped after " + sent + " events")
          .doesNotContain("ada").contains("alice");
      assertThat(hub.dropped()).isGreaterThan(droppedBefore);
      int last = sent - 1;
      Sse lastSeen = reader.await(Duration.ofSeconds(30), e -> e.id().equals("big-" + last));
      assertThat(lastSeen).isNotNull();
      assertThat(reader.events().stream().filter(e -> e.id().startsWith("big-")).count())
          .as("the reading client saw every event").isEqualTo(sent);
    }
  }
}
