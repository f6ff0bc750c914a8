package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.deadletter.DeadLetter;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.procurement.proposal.InfluxProposalJournal;
import dev.fleetscale.procurement.proposal.ProposalService;
import dev.fleetscale.procurement.proposal.TestDemands;
import dev.fleetscale.procurement.proposal.TrackedProposal;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service against a real Kafka broker and a real InfluxDB: demands in, proposals stored,
 * published and moved through their lifecycle by the API. Each test uses its own pool.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProposalFlowIT implements TestPropertyProvider {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject
  ProposalService service;

  @Inject
  @Client("/")
  HttpClient http;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = ItSupport.properties(KAFKA, INFLUX, "procurement-flow-it");
    KAFKA.createTopic(Topics.CAPACITY_DEMAND, 1);
    KAFKA.createTopic(Topics.PROPOSALS, 1);
    KAFKA.createTopic(Topics.DEADLETTER, 1);
    return p;
  }

  private static CapacityDemand demand(String id, String pool, double gpus, String supersedes) {
    return TestDemands.gpus(id, pool, gpus, LocalDate.now().plusDays(120),
        Instant.now(), supersedes);
  }

  private TrackedProposal awaitProposal(String pool, ProposalStatus status) {
    return await().atMost(WAIT).until(() -> service.list(pool, status).stream().findFirst(),
        Optional::isPresent).orElseThrow();
  }

  private static List<Map<String, Object>> influxHistory(String proposalId) {
    return INFLUX.query("SELECT status, changed_by, note, cost_per_hour FROM "
        + InfluxProposalJournal.PROPOSAL + " WHERE proposal_id = '" + proposalId
        + "' ORDER BY time ASC");
  }

  private static List<ProcurementProposal> published(String proposalId) {
    return ItSupport.readAll(KAFKA, Topics.PROPOSALS, Duration.ofSeconds(3)).stream()
        .filter(r -> proposalId.equals(r.key()))
        .map(r -> EventRecords.decode(r, EventType.PROCUREMENT_PROPOSAL))
        .filter(d -> d instanceof Decoded.Event<?>)
        .map(d -> ((Decoded.Event<ProcurementProposal>) d).event())
        .toList();
  }

  @Test
  void aDemandOnTheTopicBecomesAStoredPublishedProposal() {
    ItSupport.produce(KAFKA, demand("flow-d1", "flow-pool", 16, null));

    TrackedProposal t = awaitProposal("flow-pool", ProposalStatus.PROPOSED);

    String id = t.proposal().proposalId();
    assertThat(t.proposal().demandIds()).containsExactly("flow-d1");
    assertThat(t.proposal().lineItems()).isNotEmpty();
    assertThat(t.proposal().costPerHour()).isPositive();
    assertThat(t.proposal().justification()).contains("GPU_COUNT").contains("holt-winters");
    await().atMost(WAIT).untilAsserted(() -> assertThat(influxHistory(id))
        .extracting(r -> r.get("status")).containsExactly("PROPOSED"));
    assertThat(((Number) influxHistory(id).get(0).get("cost_per_hour")).doubleValue())
        .isEqualTo(t.proposal().costPerHour());
    List<ProcurementProposal> onTopic = published(id);
    assertThat(onTopic).singleElement().satisfies(p -> {
      assertThat(p.status()).isEqualTo(ProposalStatus.PROPOSED);
      assertThat(p.lineItems()).isEqualTo(t.proposal().lineItems());
    });
  }

  @Test
  void lifecycleThroughTheApiIsReadBackFromInfluxAndAnnouncedOnDelivery() {
    ItSupport.produce(KAFKA, demand("life-d1", "life-pool", 8, null));
    String id = awaitProposal("life-pool", ProposalStatus.PROPOSED).proposal().proposalId();

    post("/proposals/" + id + "/approve", Map.of("by", "alice", "reason", "within budget"));
    post("/proposals/" + id + "/order", Map.of("by", "purchasing", "reason", "PO-4711"));
    post("/proposals/" + id + "/deliver", Map.of("by", "dc-ops", "reason", "racked in row 7"));

    List<Map<String, Object>> history = influxHistory(id);
    assertThat(history).extracting(r -> r.get("status"))
        .containsExactly("PROPOSED", "APPROVED", "ORDERED", "DELIVERED");
    assertThat(history).extracting(r -> r.get("changed_by"))
        .containsExactly("solver", "alice", "purchasing", "dc-ops");
    assertThat(history.get(1).get("note")).isEqualTo("within budget");
    assertThat(published(id)).extracting(ProcurementProposal::status)
        .containsExactly(ProposalStatus.PROPOSED, ProposalStatus.APPROVED,
            ProposalStatus.ORDERED, ProposalStatus.DELIVERED);
  }

  @Test
  void illegalTransitionsAre409AndChangeNothing() {
    ItSupport.produce(KAFKA, demand("bad-d1", "bad-pool", 8, null));
    String id = awaitProposal("bad-pool", ProposalStatus.PROPOSED).proposal().proposalId();

    int orderEarly = status(() -> post("/proposals/" + id + "/order", Map.of("by", "x")));
    post("/proposals/" + id + "/reject", Map.of("by", "bob", "reason", "too dear"));
    int approveRejected = status(() -> post("/proposals/" + id + "/approve",
        Map.of("by", "alice", "reason", "changed my mind")));

    assertThat(orderEarly).isEqualTo(409);
    assertThat(approveRejected).isEqualTo(409);
    assertThat(influxHistory(id)).extracting(r -> r.get("status"))
        .containsExactly("PROPOSED", "REJECTED");
  }

  @Test
  void theSameDemandTwiceMakesOneProposalAndAChangedDemandSupersedesIt() {
    CapacityDemand first = demand("dup-d1", "dup-pool", 8, null);
    ItSupport.produce(KAFKA, first);
    ItSupport.produce(KAFKA, first);
    String firstId = awaitProposal("dup-pool", ProposalStatus.PROPOSED).proposal().proposalId();
    // A marker demand on another pool: once it is answered, both copies above were consumed.
    ItSupport.produce(KAFKA, demand("dup-marker", "dup-marker-pool", 1, null));
    awaitProposal("dup-marker-pool", ProposalStatus.PROPOSED);
    assertThat(service.list("dup-pool", null)).hasSize(1);

    ItSupport.produce(KAFKA, demand("dup-d2", "dup-pool", 24, "dup-d1"));

    TrackedProposal second = await().atMost(WAIT).until(
        () -> service.list("dup-pool", ProposalStatus.PROPOSED).stream()
            .filter(t -> !t.proposal().proposalId().equals(firstId)).findFirst(),
        Optional::isPresent).orElseThrow();
    assertThat(second.proposal().supersedes()).isEqualTo(firstId);
    assertThat(second.proposal().demandIds()).containsExactly("dup-d2");
    assertThat(service.get(firstId).proposal().status()).isEqualTo(ProposalStatus.SUPERSEDED);
    assertThat(influxHistory(firstId)).extracting(r -> r.get("status"))
        .containsExactly("PROPOSED", "SUPERSEDED");
    assertThat(service.list("dup-pool", null)).hasSize(2);
  }

  @Test
  void anUndecodableDemandGoesToTheDeadLetterTopicWithTheReason() throws Exception {
    try (KafkaProducer<String, byte[]> producer = KAFKA.producer(Map.of())) {
      ProducerRecord<String, byte[]> bad = new ProducerRecord<>(Topics.CAPACITY_DEMAND,
          "dead-pool", "{\"demand_id\": 42}".getBytes(StandardCharsets.UTF_8));
      bad.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
      bad.headers().add("ce_id", "bad-1".getBytes(StandardCharsets.UTF_8));
      bad.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
      bad.headers().add("ce_type",
          EventType.CAPACITY_DEMAND.ceType().getBytes(StandardCharsets.UTF_8));
      producer.send(bad).get();
    }

    await().atMost(WAIT).untilAsserted(() -> {
      List<DeadLetter> letters = ItSupport.readAll(KAFKA, Topics.DEADLETTER,
              Duration.ofSeconds(2)).stream()
          .map(r -> EventRecords.decode(r, EventType.DEAD_LETTER))
          .filter(d -> d instanceof Decoded.Event<?>)
          .map(d -> ((Decoded.Event<DeadLetter>) d).event())
          .filter(l -> "dead-pool".equals(l.key()))
          .toList();
      assertThat(letters).singleElement().satisfies(l -> {
        assertThat(l.sourceTopic()).isEqualTo(Topics.CAPACITY_DEMAND);
        assertThat(l.reason()).contains("demand_id");
        assertThat(new String(l.value(), StandardCharsets.UTF_8)).isEqualTo(
            "{\"demand_id\": 42}");
      });
    });
    assertThat(service.list("dead-pool", null)).isEmpty();
  }

  @Test
  void aDemandWithoutAShortfallGoesToTheDeadLetterTopicNamingTheField() {
    ItSupport.produce(KAFKA, demand("zero-d1", "zero-pool", 0, null));
    ItSupport.produce(KAFKA, demand("zero-d2", "zero-pool", -12, null));
    ItSupport.produce(KAFKA, demand("zero-d3", "zero-pool", 8, null));

    // The valid demand behind the two bad ones is still served.
    awaitProposal("zero-pool", ProposalStatus.PROPOSED);
    await().atMost(WAIT).untilAsserted(() -> {
      List<DeadLetter> letters = ItSupport.readAll(KAFKA, Topics.DEADLETTER,
              Duration.ofSeconds(2)).stream()
          .map(r -> EventRecords.decode(r, EventType.DEAD_LETTER))
          .filter(d -> d instanceof Decoded.Event<?>)
          .map(d -> ((Decoded.Event<DeadLetter>) d).event())
          .filter(l -> "zero-pool".equals(l.key()))
          .toList();
      assertThat(letters).hasSize(2).allSatisfy(l -> assertThat(l.reason())
          .contains("$.shortfall").contains("exclusive minimum"));
    });
    assertThat(service.list("zero-pool", null)).singleElement()
        .satisfies(t -> assertThat(t.proposal().demandIds()).containsExactly("zero-d3"));
  }

  @Test
  void aDemandNeededByAPastDateGoesToTheDeadLetterTopicNamingTheField() {
    ItSupport.produce(KAFKA, TestDemands.gpus("past-d1", "past-pool", 8,
        LocalDate.now().minusDays(3), Instant.now(), null));
    ItSupport.produce(KAFKA, demand("past-d2", "past-pool", 8, null));

    // The valid demand behind the refused one is still served; the refused one is kept, with
    // the rule it broke, in the dead-letter topic.
    awaitProposal("past-pool", ProposalStatus.PROPOSED);
    await().atMost(WAIT).untilAsserted(() -> {
      List<DeadLetter> letters = ItSupport.readAll(KAFKA, Topics.DEADLETTER,
              Duration.ofSeconds(2)).stream()
          .map(r -> EventRecords.decode(r, EventType.DEAD_LETTER))
          .filter(d -> d instanceof Decoded.Event<?>)
          .map(d -> ((Decoded.Event<DeadLetter>) d).event())
          .filter(l -> "past-pool".equals(l.key()))
          .toList();
      assertThat(letters).singleElement().satisfies(l -> assertThat(l.reason())
          .contains("past-d1").contains("needed_by").contains("in the past"));
    });
    assertThat(service.list("past-pool", null)).singleElement()
        .satisfies(t -> assertThat(t.proposal().demandIds()).containsExactly("past-d2"));
  }

  private void post(String path, Map<String, Object> body) {
    http.toBlocking().exchange(HttpRequest.POST(path, body));
  }

  private static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (HttpClientResponseException e) {
      return e.getStatus().getCode();
    }
  }

}
