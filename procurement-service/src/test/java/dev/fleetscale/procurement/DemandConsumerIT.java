package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.query.InfluxQLQueryResult;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.deadletter.DeadLetter;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.procurement.proposal.DemandConsumer;
import dev.fleetscale.procurement.proposal.InfluxProposalJournal;
import dev.fleetscale.procurement.proposal.ProposalService;
import dev.fleetscale.procurement.proposal.TestDemands;
import dev.fleetscale.procurement.proposal.TrackedProposal;
import dev.fleetscale.testkit.influx.InfluxV2WriteBridge;
import dev.fleetscale.testkit.influx.InfluxdProcess;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The demand listener against a real broker and a real influxd that the test stops and starts:
 * an InfluxDB outage during a burst, poison records, a stalled listener and {@code /health}.
 *
 * <p>{@code max.poll.interval.ms} is 10 s (an operator property) and one record is handled per
 * poll: a consumer that stops polling while it waits for InfluxDB is evicted from its group well
 * within the 30 s outage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemandConsumerIT {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String BUCKET = "fleetscale";
  private static final String FUTURE_TYPE = "dev.fleetscale.future.thing.v9";

  private InfluxdProcess influxd;
  private InfluxV2WriteBridge bridge;
  private InfluxDBClient influx;
  private ApplicationContext ctx;
  private EmbeddedServer server;
  private ProposalService service;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    influxd = InfluxdProcess.onFreePorts();
    influxd.start();
    influxd.createDatabase(BUCKET);
    bridge = InfluxV2WriteBridge.start(influxd.url(), 0);
    influx = InfluxDBClientFactory.create(bridge.url(), "no-token".toCharArray(), "fleetscale",
        BUCKET);
    KAFKA.createTopic(Topics.CAPACITY_DEMAND, 1);
    KAFKA.createTopic(Topics.PROPOSALS, 1);
    KAFKA.createTopic(Topics.DEADLETTER, 1);
    Map<String, Object> p = new HashMap<>();
    p.put("fleetscale.kafka.bootstrap-servers", KAFKA.bootstrapServers());
    p.put("fleetscale.kafka.group-id", "demand-consumer-it");
    p.put("fleetscale.kafka.retry-delay", "1s");
    p.put("fleetscale.kafka.client.max.poll.interval.ms", "10000");
    p.put("fleetscale.kafka.client.max.poll.records", "1");
    p.put("fleetscale.influx.url", bridge.url());
    p.put("fleetscale.influx.org", "fleetscale");
    p.put("fleetscale.influx.bucket", BUCKET);
    p.put("micronaut.server.port", "-1");
    server = ApplicationContext.run(EmbeddedServer.class, p);
    ctx = server.getApplicationContext();
    service = ctx.getBean(ProposalService.class);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (influx != null) {
      influx.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (influxd != null) {
      influxd.close();
    }
  }

  private static CapacityDemand demand(String id, String pool, String supersedes) {
    return TestDemands.gpus(id, pool, 8, LocalDate.now().plusDays(120), Instant.now(),
        supersedes);
  }

  private TrackedProposal awaitProposal(String pool) {
    return await().atMost(WAIT).until(() -> service.list(pool, ProposalStatus.PROPOSED),
        l -> !l.isEmpty()).get(0);
  }

  @Test
  void anInfluxOutageDuringABurstEndsWithEveryDemandInExactlyOneProposal() throws Exception {
    ItSupport.produce(KAFKA, demand("o-c1", "outage-chain", null));
    String chainFirst = awaitProposal("outage-chain").proposal().proposalId();
    List<String> pools = IntStream.rangeClosed(1, 12).mapToObj(i -> "outage-" + i).toList();

    influxd.stop();
    Instant outageEnds = Instant.now().plusSeconds(30);
    for (String pool : pools) {
      ItSupport.produce(KAFKA, demand("o-" + pool.substring("outage-".length()), pool, null));
    }
    ItSupport.produce(KAFKA, demand("o-c2", "outage-chain", "o-c1"));
    boolean sawRetrying = false;
    while (Instant.now().isBefore(outageEnds)) {
      Map<String, Object> health = health();
      // Backing off is not stopping: the listener keeps polling, so it stays UP.
      assertThat(consumerHealth(health).get("status")).isEqualTo("UP");
      sawRetrying |= Boolean.TRUE.equals(consumerDetails(health).get("retrying"));
      Thread.sleep(2_000);
    }
    assertThat(sawRetrying).isTrue();
    assertThat(service.list("outage-1", null)).isEmpty();
    influxd.start();

    await().atMost(WAIT).until(() -> pools.stream()
        .allMatch(pool -> !service.list(pool, null).isEmpty())
        && service.list("outage-chain", null).size() == 2);

    for (String pool : pools) {
      assertThat(service.list(pool, null)).singleElement().satisfies(t ->
          assertThat(t.proposal().demandIds())
              .containsExactly("o-" + pool.substring("outage-".length())));
    }
    TrackedProposal chainSecond = service.list("outage-chain", ProposalStatus.PROPOSED).get(0);
    assertThat(chainSecond.proposal().demandIds()).containsExactly("o-c2");
    assertThat(chainSecond.proposal().supersedes()).isEqualTo(chainFirst);
    assertThat(service.get(chainFirst).proposal().status())
        .isEqualTo(ProposalStatus.SUPERSEDED);

    // InfluxDB: one point per proposal state, one per demand.
    List<String> stored = column("SELECT proposal_id, status, cost_per_hour FROM "
        + InfluxProposalJournal.PROPOSAL + " WHERE pool =~ /^outage-/", r ->
        r.get("proposal_id") + "/" + r.get("status"));
    // 12 pools, the chain: its first proposal PROPOSED and SUPERSEDED, its second PROPOSED.
    assertThat(counts(stored)).hasSize(15).allSatisfy((state, n) -> assertThat(n).isOne());
    List<String> demandPoints = column("SELECT demand_id, shortfall FROM "
        + InfluxProposalJournal.DEMAND + " WHERE pool =~ /^outage-/", r -> r.get("demand_id"));
    assertThat(counts(demandPoints)).hasSize(14).allSatisfy((id, n) -> assertThat(n).isOne());

    // Kafka: each state published once; nothing dead-lettered.
    List<String> published = ItSupport.readAll(KAFKA, Topics.PROPOSALS, Duration.ofSeconds(3))
        .stream().map(r -> EventRecords.decode(r, EventType.PROCUREMENT_PROPOSAL))
        .filter(d -> d instanceof Decoded.Event<?>)
        .map(d -> ((Decoded.Event<ProcurementProposal>) d).event())
        .filter(p -> p.pool().startsWith("outage-"))
        .map(p -> p.proposalId() + "/" + p.status()).toList();
    assertThat(counts(published)).isEqualTo(counts(stored));
    assertThat(deadLetters()).noneMatch(l -> l.key() != null && l.key().startsWith("outage-"));
    assertThat(consumerHealth(health()).get("status")).isEqualTo("UP");
  }

  @Test
  void poisonRecordsAreDeadLetteredWithTheReasonAndTheNextDemandIsServed() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(DemandConsumer.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
    double skippedBefore = registry.counter("fleetscale_procurement_demands_skipped").count();
    try (KafkaProducer<String, byte[]> producer = KAFKA.producer(Map.of())) {
      producer.send(record("poison-invalid", EventType.CAPACITY_DEMAND.ceType(),
          "{\"demand_id\": 42}")).get();
      producer.send(record("poison-empty", "", "{}")).get();
      producer.send(record("poison-none", null, "{}")).get();
      producer.send(record("poison-unknown", FUTURE_TYPE, "{}")).get();
      producer.send(record("poison-unknown", FUTURE_TYPE, "{}")).get();
    }
    ItSupport.produce(KAFKA, demand("poison-next-d1", "poison-next", null));

    TrackedProposal served = awaitProposal("poison-next");

    assertThat(served.proposal().demandIds()).containsExactly("poison-next-d1");
    Map<String, List<DeadLetter>> letters = await().atMost(WAIT).until(
        () -> deadLetters().stream().filter(l -> l.key() != null && l.key().startsWith("poison-"))
            .collect(Collectors.groupingBy(DeadLetter::key)),
        m -> m.size() >= 3);
    assertThat(letters).containsOnlyKeys("poison-invalid", "poison-empty", "poison-none");
    assertThat(letters.get("poison-invalid")).singleElement().satisfies(l -> {
      assertThat(l.sourceTopic()).isEqualTo(Topics.CAPACITY_DEMAND);
      assertThat(l.reason()).contains("demand_id");
      assertThat(new String(l.value(), StandardCharsets.UTF_8)).isEqualTo("{\"demand_id\": 42}");
    });
    assertThat(letters.get("poison-empty")).singleElement()
        .satisfies(l -> assertThat(l.reason()).contains("ce_type header is empty"));
    assertThat(letters.get("poison-none")).singleElement()
        .satisfies(l -> assertThat(l.reason()).contains("no ce_type"));
    // The unknown type: skipped, counted twice, logged once.
    assertThat(registry.counter("fleetscale_procurement_demands_skipped").count() - skippedBefore)
        .isEqualTo(2.0);
    log.detachAppender(logged);
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.INFO
        && e.getFormattedMessage().contains(FUTURE_TYPE)).hasSize(1);
  }

  @Test
  void healthIsDownWhileTheListenerDoesNotPollAndUpWhenItDoesAgain() throws Exception {
    Map<String, Object> down;
    // The listener's handler needs the service's lock; holding it stalls the listener.
    synchronized (service) {
      ItSupport.produce(KAFKA, demand("stall-d1", "stall", null));
      down = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
          .until(this::health, h -> "DOWN".equals(consumerHealth(h).get("status")));
    }
    assertThat(down.get("status")).isEqualTo("DOWN");
    assertThat(String.valueOf(consumerDetails(down).get("reason")))
        .contains("has not polled").contains("max.poll.interval.ms");

    await().atMost(WAIT).until(this::health,
        h -> "UP".equals(consumerHealth(h).get("status")));
    awaitProposal("stall");
    // The eviction meant a redelivery: still one proposal.
    assertThat(service.list("stall", null)).hasSize(1);
  }

  private static ProducerRecord<String, byte[]> record(String key, String ceType, String value) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.CAPACITY_DEMAND, key,
        value.getBytes(StandardCharsets.UTF_8));
    r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
    r.headers().add("ce_id", (key + "-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    r.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
    if (ceType != null) {
      r.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
    }
    return r;
  }

  private static List<DeadLetter> deadLetters() {
    List<DeadLetter> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : ItSupport.readAll(KAFKA, Topics.DEADLETTER,
        Duration.ofSeconds(2))) {
      if (EventRecords.decode(r, EventType.DEAD_LETTER) instanceof Decoded.Event<DeadLetter> e) {
        out.add(e.event());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> health() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create(server.getURL() + "/health")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return ctx.getBean(JsonMapper.class).readValue(response.body(), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> consumerHealth(Map<String, Object> health) {
    Map<String, Object> details = (Map<String, Object>) health.get("details");
    return (Map<String, Object>) details.get("demand-consumer");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> consumerDetails(Map<String, Object> health) {
    return (Map<String, Object>) consumerHealth(health).get("details");
  }

  private List<String> column(String influxql, Function<Map<String, String>, String> row) {
    InfluxQLQueryResult result = influx.getInfluxQLQueryApi()
        .query(new InfluxQLQuery(influxql, BUCKET));
    List<String> out = new ArrayList<>();
    for (InfluxQLQueryResult.Result r : result.getResults()) {
      for (InfluxQLQueryResult.Series s : r.getSeries()) {
        for (InfluxQLQueryResult.Series.Record rec : s.getValues()) {
          Map<String, String> values = new HashMap<>();
          s.getColumns().forEach((name, i) -> values.put(name, String.valueOf(
              rec.getValues()[i])));
          out.add(row.apply(values));
        }
      }
    }
    return out;
  }

  private static Map<String, Long> counts(List<String> values) {
    return values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
  }
}
