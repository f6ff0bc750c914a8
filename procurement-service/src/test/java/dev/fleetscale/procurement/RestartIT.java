package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.procurement.proposal.ProposalService;
import dev.fleetscale.procurement.proposal.TestDemands;
import dev.fleetscale.procurement.proposal.TrackedProposal;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micronaut.context.ApplicationContext;
import org.awaitility.Awaitility;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stop the service and start a new one on the same broker and InfluxDB: proposals, their
 * histories, duplicate detection and the open proposal to supersede are all still there.
 */
class RestartIT {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Map<String, Object> properties() {
    return Map.copyOf(ItSupport.properties(KAFKA, INFLUX, "procurement-restart-it"));
  }

  private static TrackedProposal await(ProposalService s, String pool, ProposalStatus status,
      String notId) {
    return Awaitility.await().atMost(WAIT).until(() -> s.list(pool, status)
        .stream().filter(t -> !t.proposal().proposalId().equals(notId)).findFirst(),
        Optional::isPresent).orElseThrow();
  }

  @Test
  void stateSurvivesARestart() {
    KAFKA.createTopic(Topics.CAPACITY_DEMAND, 1);
    LocalDate neededBy = LocalDate.now().plusDays(120);
    String decided;
    String open;
    try (ApplicationContext first = ApplicationContext.run(properties())) {
      ProposalService s = first.getBean(ProposalService.class);
      ItSupport.produce(KAFKA, TestDemands.gpus("r-a1", "restart-a", 8, neededBy,
          Instant.now(), null));
      ItSupport.produce(KAFKA, TestDemands.gpus("r-b1", "restart-b", 16, neededBy,
          Instant.now(), null));
      decided = await(s, "restart-a", ProposalStatus.PROPOSED, null).proposal().proposalId();
      open = await(s, "restart-b", ProposalStatus.PROPOSED, null).proposal().proposalId();
      s.transition(decided, ProposalStatus.APPROVED, "alice", "ok");
      s.transition(decided, ProposalStatus.ORDERED, "purchasing", "PO-1");
    }

    try (ApplicationContext second = ApplicationContext.run(properties())) {
      ProposalService s = second.getBean(ProposalService.class);

      TrackedProposal a = s.get(decided);
      assertThat(a.proposal().status()).isEqualTo(ProposalStatus.ORDERED);
      assertThat(a.history()).extracting(c -> c.status()).containsExactly(
          ProposalStatus.PROPOSED, ProposalStatus.APPROVED, ProposalStatus.ORDERED);
      assertThat(a.history().get(1).by()).isEqualTo("alice");
      assertThat(a.neededBy()).isEqualTo(neededBy);
      assertThat(s.get(open).proposal().status()).isEqualTo(ProposalStatus.PROPOSED);

      // A redelivered demand is still recognised; a changed one still supersedes the open one.
      ItSupport.produce(KAFKA, TestDemands.gpus("r-b1", "restart-b", 16, neededBy,
          Instant.now(), null));
      ItSupport.produce(KAFKA, TestDemands.gpus("r-b2", "restart-b", 32, neededBy,
          Instant.now(), "r-b1"));
      TrackedProposal replacement = await(s, "restart-b", ProposalStatus.PROPOSED, open);
      assertThat(replacement.proposal().supersedes()).isEqualTo(open);
      assertThat(s.get(open).proposal().status()).isEqualTo(ProposalStatus.SUPERSEDED);
      assertThat(s.list("restart-b", null)).hasSize(2);
      List<TrackedProposal> all = s.list(null, null);
      assertThat(all).hasSize(3);
      s.transition(decided, ProposalStatus.DELIVERED, "dc-ops", null);
      assertThat(s.get(decided).proposal().status()).isEqualTo(ProposalStatus.DELIVERED);
    }
  }
}
