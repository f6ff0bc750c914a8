package dev.fleetscale.procurement.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.exceptions.InfluxException;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.procurement.catalog.CatalogStore;
import dev.fleetscale.procurement.config.ProcurementSettings;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;

/**
 * A demand whose writes fail part-way and is handed in again (the listener's retry): the journal
 * ends with each state once, each state is published once, the demand is in exactly one proposal.
 */
class ProposalServiceRetryTest {

  private static final ProcurementSettings SETTINGS = new ProcurementSettings(null, 36, "USD",
      "/fleetscale/procurement-service", Duration.ofSeconds(2), 1e-4);

  private final FlakyJournal journal = new FlakyJournal();
  private final FlakyPublisher publisher = new FlakyPublisher();
  private final ProposalService service = service(journal);

  private ProposalService service(ProposalJournal j) {
    ProposalService s = new ProposalService(j, publisher, new CatalogStore(SETTINGS), SETTINGS,
        Clock.systemUTC());
    s.rebuild();
    return s;
  }

  private static CapacityDemand demand(String id, String pool, double gpus, String supersedes) {
    return TestDemands.gpus(id, pool, gpus, LocalDate.now().plusDays(120), Instant.now(),
        supersedes);
  }

  private static RuntimeException influxDown() {
    return new InfluxException(new ConnectException("Connection refused"));
  }

  private static RuntimeException brokerDown() {
    return new KafkaProposalPublisher.PublishException("cannot publish",
        new ExecutionException(new NotLeaderOrFollowerException("leader moved")));
  }

  /** How many stored states of this proposal have this status (each is one InfluxDB point). */
  private long stored(String proposalId, ProposalStatus status) {
    return journal.proposalStates().stream()
        .filter(p -> p.proposalId().equals(proposalId) && p.status() == status).count();
  }

  private long published(String proposalId, ProposalStatus status) {
    return publisher.published.stream()
        .filter(p -> p.proposalId().equals(proposalId) && p.status() == status).count();
  }

  @Test
  void aSupersedingDemandThatFailsAfterTheSupersededStateIsStoredCompletesOnRetry() {
    String first = service.onDemand(demand("s-d1", "s-pool", 8, null)).proposal().proposal()
        .proposalId();
    // The SUPERSEDED state of the first proposal is stored and published; storing the new
    // proposal then fails: InfluxDB went away between the two writes.
    journal.failProposalWrite = p -> p.status() == ProposalStatus.PROPOSED;
    CapacityDemand second = demand("s-d2", "s-pool", 24, "s-d1");
    assertThatThrownBy(() -> service.onDemand(second)).isInstanceOf(InfluxException.class);
    assertThat(service.hasPendingDemand()).isTrue();

    journal.failProposalWrite = p -> false;
    DemandOutcome retried = service.onDemand(second);

    assertThat(retried.kind()).isEqualTo(DemandOutcome.Kind.CREATED);
    ProcurementProposal replacement = retried.proposal().proposal();
    assertThat(replacement.supersedes()).isEqualTo(first);
    assertThat(replacement.demandIds()).containsExactly("s-d2");
    assertThat(retried.superseded()).isEqualTo(first);
    assertThat(service.get(first).proposal().status()).isEqualTo(ProposalStatus.SUPERSEDED);
    assertThat(service.get(first).history()).extracting(StatusChange::status)
        .containsExactly(ProposalStatus.PROPOSED, ProposalStatus.SUPERSEDED);
    assertThat(stored(first, ProposalStatus.SUPERSEDED)).isEqualTo(1);
    assertThat(published(first, ProposalStatus.SUPERSEDED)).isEqualTo(1);
    assertThat(stored(replacement.proposalId(), ProposalStatus.PROPOSED)).isEqualTo(1);
    assertThat(published(replacement.proposalId(), ProposalStatus.PROPOSED)).isEqualTo(1);
    assertThat(service.list("s-pool", null)).hasSize(2);
    assertThat(service.hasPendingDemand()).isFalse();
    // Delivered once more later (a rebalance): recognised.
    assertThat(service.onDemand(second).kind()).isEqualTo(DemandOutcome.Kind.DUPLICATE);
  }

  @Test
  void aProposalStoredButNotPublishedIsPublishedOnRetryWithoutASecondPoint() {
    publisher.failures = 1;
    CapacityDemand d = demand("p-d1", "p-pool", 8, null);
    assertThatThrownBy(() -> service.onDemand(d))
        .isInstanceOf(KafkaProposalPublisher.PublishException.class);

    DemandOutcome retried = service.onDemand(d);

    String id = retried.proposal().proposal().proposalId();
    assertThat(retried.kind()).isEqualTo(DemandOutcome.Kind.CREATED);
    assertThat(stored(id, ProposalStatus.PROPOSED)).isEqualTo(1);
    assertThat(published(id, ProposalStatus.PROPOSED)).isEqualTo(1);
    assertThat(service.list("p-pool", null)).hasSize(1);
  }

  @Test
  void aDemandThatFailsBeforeAnyProposalIsWrittenIsPlannedAfreshOnRetry() {
    String first = service.onDemand(demand("f-d1", "f-pool", 8, null)).proposal().proposal()
        .proposalId();
    journal.demandWriteFailures = 1;
    CapacityDemand second = demand("f-d2", "f-pool", 16, "f-d1");
    assertThatThrownBy(() -> service.onDemand(second)).isInstanceOf(InfluxException.class);
    // Meanwhile the open proposal is rejected through the API: the retry must not supersede it.
    service.transition(first, ProposalStatus.REJECTED, "bob", "too dear");

    DemandOutcome retried = service.onDemand(second);

    assertThat(retried.superseded()).isNull();
    assertThat(retried.proposal().proposal().supersedes()).isNull();
    assertThat(service.get(first).proposal().status()).isEqualTo(ProposalStatus.REJECTED);
  }

  @Test
  void aFailureARetryCannotFixDropsThePlanAndTheNextDemandIsServed() {
    journal.failProposalWrite = p -> p.pool().equals("bad-pool");
    journal.failure = () -> new InfluxException("field type conflict");
    assertThatThrownBy(() -> service.onDemand(demand("b-d1", "bad-pool", 8, null)))
        .isInstanceOf(InfluxException.class);
    assertThat(service.hasPendingDemand()).isFalse();

    DemandOutcome next = service.onDemand(demand("g-d1", "good-pool", 8, null));

    assertThat(next.kind()).isEqualTo(DemandOutcome.Kind.CREATED);
    assertThat(service.list("bad-pool", null)).isEmpty();
  }

  @Test
  void unfinishedWritesOfAnEarlierDemandAreFinishedBeforeTheNextDemand() {
    publisher.failures = 1;
    CapacityDemand earlier = demand("e-d1", "e-pool", 8, null);
    assertThatThrownBy(() -> service.onDemand(earlier))
        .isInstanceOf(KafkaProposalPublisher.PublishException.class);

    service.onDemand(demand("n-d1", "n-pool", 8, null));

    String id = service.list("e-pool", null).get(0).proposal().proposalId();
    assertThat(published(id, ProposalStatus.PROPOSED)).isEqualTo(1);
    assertThat(service.list("n-pool", null)).hasSize(1);
    assertThat(service.onDemand(earlier).kind()).isEqualTo(DemandOutcome.Kind.DUPLICATE);
  }

  @Test
  void afterRetriesTheJournalRebuildsTheSameProposals() {
    service.onDemand(demand("r-d1", "r-pool", 8, null));
    journal.failProposalWrite = p -> p.status() == ProposalStatus.PROPOSED;
    CapacityDemand second = demand("r-d2", "r-pool", 24, "r-d1");
    assertThatThrownBy(() -> service.onDemand(second)).isInstanceOf(InfluxException.class);
    journal.failProposalWrite = p -> false;
    publisher.failures = 1;
    assertThatThrownBy(() -> service.onDemand(second))
        .isInstanceOf(KafkaProposalPublisher.PublishException.class);
    service.onDemand(second);

    ProposalService restarted = service(journal);

    assertThat(restarted.list("r-pool", null)).extracting(t -> t.proposal().status())
        .containsExactlyInAnyOrder(ProposalStatus.PROPOSED, ProposalStatus.SUPERSEDED);
    assertThat(restarted.list("r-pool", ProposalStatus.PROPOSED).get(0).proposal().demandIds())
        .containsExactly("r-d2");
    assertThat(restarted.onDemand(second).kind()).isEqualTo(DemandOutcome.Kind.DUPLICATE);
  }

  /** The in-memory journal, failing writes on demand. */
  private static final class FlakyJournal extends InMemoryProposalJournal {
    volatile Predicate<ProcurementProposal> failProposalWrite = p -> false;
    volatile int demandWriteFailures;
    volatile java.util.function.Supplier<RuntimeException> failure =
        ProposalServiceRetryTest::influxDown;

    @Override
    public synchronized void recordDemand(CapacityDemand demand) {
      if (demandWriteFailures > 0) {
        demandWriteFailures--;
        throw failure.get();
      }
      super.recordDemand(demand);
    }

    @Override
    public synchronized void recordProposal(ProcurementProposal p) {
      if (failProposalWrite.test(p)) {
        throw failure.get();
      }
      super.recordProposal(p);
    }
  }

  /** Records what was published; fails the next {@code failures} publications. */
  private static final class FlakyPublisher implements ProposalPublisher {
    final List<ProcurementProposal> published = new ArrayList<>();
    int failures;

    @Override
    public synchronized void publish(ProcurementProposal proposal) {
      if (failures > 0) {
        failures--;
        throw brokerDown();
      }
      published.add(proposal);
    }
  }
}
