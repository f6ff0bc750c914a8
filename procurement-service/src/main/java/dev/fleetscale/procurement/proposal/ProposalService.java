package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.procurement.catalog.CatalogStore;
import dev.fleetscale.procurement.config.ProcurementSettings;
import dev.fleetscale.procurement.solver.CapacityRequirement;
import dev.fleetscale.procurement.solver.ProcurementSolver;
import dev.fleetscale.procurement.solver.Solution;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns demands into proposals and moves proposals through their {@link Lifecycle}. Every state
 * is written to the journal, then published, before the call returns.
 *
 * <p>Demands of one pool are answered together: the pool's open demands (the latest per
 * resource, not yet answered by a decided proposal) make one requirement. A demand id seen before
 * changes nothing. A new demand for a pool with a PROPOSED proposal supersedes that proposal: it
 * becomes SUPERSEDED and the new one points back to it. Once a proposal is decided (approved,
 * rejected, expired) its demands are closed; later demands start afresh.
 *
 * <p>State lives in memory and is rebuilt from the journal at start. All methods are
 * synchronized: proposals are few and decisions rare, and one lock keeps the journal, the topic
 * and memory in the same order.
 */
@Singleton
public class ProposalService {

  private static final Logger LOG = LoggerFactory.getLogger(ProposalService.class);
  static final String SCHEDULER = "scheduler";

  private final ProposalJournal journal;
  private final ProposalPublisher publisher;
  private final CatalogStore catalogs;
  private final ProcurementSolver solver;
  private final ProcurementSettings settings;
  private final Clock clock;

  private final Map<String, TrackedProposal> proposals = new LinkedHashMap<>();
  private final Map<String, CapacityDemand> demands = new HashMap<>();
  private final Set<String> answeredDemandIds = new HashSet<>();
  private final Map<String, Map<CapacityResource, CapacityDemand>> openDemands = new HashMap<>();
  private final Map<String, String> openProposalByPool = new HashMap<>();
  /** The demand whose writes failed part-way, to resume on its redelivery; null if none. */
  private volatile Plan pending;

  public ProposalService(ProposalJournal journal, ProposalPublisher publisher,
      CatalogStore catalogs, ProcurementSettings settings, Clock clock) {
    this.journal = journal;
    this.publisher = publisher;
    this.catalogs = catalogs;
    this.settings = settings;
    this.solver = settings.solver();
    this.clock = clock;
  }

  /** Rebuilds memory from the journal: proposals, their histories and the open demands. */
  @PostConstruct
  synchronized void rebuild() {
    for (CapacityDemand d : journal.demands()) {
      demands.put(d.demandId(), d);
    }
    for (ProcurementProposal p : journal.proposalStates()) {
      TrackedProposal t = proposals.get(p.proposalId());
      if (t == null) {
        t = new TrackedProposal(p, List.of(), neededBy(p.demandIds()));
        t = t.next(p);
      } else if (t.history().stream().noneMatch(c -> c.status() == p.status())) {
        t = t.next(p);
      }
      proposals.put(p.proposalId(), t);
      answeredDemandIds.addAll(p.demandIds());
    }
    for (TrackedProposal t : proposals.values()) {
      ProcurementProposal p = t.proposal();
      if (p.status() == ProposalStatus.PROPOSED) {
        openProposalByPool.put(p.pool(), p.proposalId());
        Map<CapacityResource, CapacityDemand> open = new EnumMap<>(CapacityResource.class);
        p.demandIds().stream().map(demands::get).filter(d -> d != null)
            .forEach(d -> open.put(d.resource(), d));
        openDemands.put(p.pool(), open);
      }
    }
    if (!proposals.isEmpty()) {
      LOG.info("rebuilt {} proposals ({} open) from the journal", proposals.size(),
          openProposalByPool.size());
    }
  }

  /**
   * Handles one demand from {@code fleet.capacity-demand.v1}. A demand that cannot be planned for
   * (no shortfall, a needed-by date already past, amounts the schema forbids) is {@link
   * DemandOutcome.Kind#REJECTED REJECTED} with the reason and changes nothing.
   *
   * <p>Safe to call again with the same demand after it threw: a demand's writes are a fixed {@link Plan} (demand point, the superseded
   * proposal's SUPERSEDED state, the new proposal, each written then published); a retry resumes
   * the plan where it failed, with the same ids and timestamps, so the journal stores each point
   * once, each state is published once it is stored, and the demand ends up in exactly one
   * proposal. Until a proposal write has been tried, a retry plans afresh (nothing but the
   * idempotent demand point has left the service), so a decision taken in the meantime is seen.
   *
   * @throws RuntimeException what the journal or the publisher threw; {@link Retriable} ones keep
   *     the plan for the retry, any other drops it (the caller dead-letters the demand)
   */
  public synchronized DemandOutcome onDemand(CapacityDemand demand) {
    Plan earlier = pending;
    if (earlier != null && !earlier.demand.demandId().equals(demand.demandId())) {
      // An earlier demand's writes are unfinished (its record was given up, or moved to another
      // consumer): finish them first, so the journal, topic and memory agree.
      try {
        resume(earlier);
      } catch (RuntimeException e) {
        if (Retriable.isRetriable(e)) {
          throw e;
        }
        LOG.error("dropping the unfinished writes of demand {}: {}",
            earlier.demand.demandId(), e.toString());
      }
    }
    if (pending != null) {
      return resume(pending);
    }
    if (answeredDemandIds.contains(demand.demandId())) {
      return new DemandOutcome(DemandOutcome.Kind.DUPLICATE, proposalAnswering(demand.demandId()),
          null);
    }
    Optional<String> refusal = refusal(demand, LocalDate.now(clock));
    if (refusal.isPresent()) {
      LOG.warn("capacity demand {} for pool {} refused: {}", demand.demandId(), demand.pool(),
          refusal.get());
      return DemandOutcome.rejected(refusal.get());
    }
    return run(plan(demand));
  }

  /**
   * Whether a demand's writes are unfinished (a retry will resume them). Does not take the lock,
   * so that {@code /health} answers while a demand is being handled.
   */
  public boolean hasPendingDemand() {
    return pending != null;
  }

  private DemandOutcome resume(Plan plan) {
    Plan next = plan;
    if (!plan.proposalWriteTried) {
      try {
        next = plan(plan.demand);
      } catch (RuntimeException e) {
        pending = null;
        throw e;
      }
    }
    return run(next);
  }

  /** Computes what a new demand changes, without changing anything. */
  private Plan plan(CapacityDemand demand) {
    Map<CapacityResource, CapacityDemand> open = new EnumMap<>(CapacityResource.class);
    Map<CapacityResource, CapacityDemand> before = openDemands.get(demand.pool());
    if (before != null) {
      open.putAll(before);
    }
    if (demand.supersedes() != null) {
      open.values().removeIf(d -> d.demandId().equals(demand.supersedes()));
    }
    CapacityDemand previous = open.get(demand.resource());
    if (previous == null || !previous.raisedAt().isAfter(demand.raisedAt())) {
      open.put(demand.resource(), demand);
    }
    List<CapacityDemand> answered = new ArrayList<>(open.values());
    CapacityRequirement req = RequirementMapper.toRequirement(demand.pool(), answered);
    Solution solution = solver.solve(catalogs.current(), req, LocalDate.now(clock));

    String supersededId = openProposalByPool.get(demand.pool());
    Instant now = clock.instant();
    ProcurementProposal superseding = null;
    if (supersededId != null) {
      superseding = nextState(get(supersededId).proposal(), ProposalStatus.SUPERSEDED,
          ProposalFactory.SOLVER, "superseded by a changed demand (" + demand.demandId() + ")",
          now);
    }
    ProcurementProposal proposal = ProposalFactory.propose(demand.pool(), answered, solution,
        now, settings.currency(), settings.horizonMonths(), supersededId);
    TrackedProposal tracked = new TrackedProposal(proposal, List.of(), req.neededBy())
        .next(proposal);
    return new Plan(demand, open, superseding, tracked);
  }

  /** Runs a plan's remaining steps; memory follows the journal step by step. */
  private DemandOutcome run(Plan plan) {
    pending = plan;
    try {
      for (; plan.done < Plan.STEPS; plan.done++) {
        step(plan, plan.done);
      }
    } catch (RuntimeException e) {
      if (!Retriable.isRetriable(e)) {
        pending = null;
      }
      throw e;
    }
    pending = null;
    ProcurementProposal proposal = plan.tracked.proposal();
    LOG.info("proposal {} for pool {}: {} line items, {} {}/h{}", proposal.proposalId(),
        proposal.pool(), proposal.lineItems().size(), String.format("%.2f",
            proposal.costPerHour()), proposal.currency(),
        proposal.infeasibility() == null ? "" : ", infeasible: "
            + proposal.infeasibility().constraint());
    return new DemandOutcome(DemandOutcome.Kind.CREATED, plan.tracked,
        plan.superseding == null ? null : plan.superseding.proposalId());
  }

  private void step(Plan plan, int step) {
    CapacityDemand demand = plan.demand;
    ProcurementProposal superseding = plan.superseding;
    ProcurementProposal proposal = plan.tracked.proposal();
    switch (step) {
      case 0 -> {
        journal.recordDemand(demand);
        demands.put(demand.demandId(), demand);
        openDemands.put(demand.pool(), plan.open);
      }
      case 1 -> {
        if (superseding != null) {
          plan.proposalWriteTried = true;
          journal.recordProposal(superseding);
          String id = superseding.proposalId();
          proposals.put(id, proposals.get(id).next(superseding));
          openProposalByPool.remove(superseding.pool(), id);
        }
      }
      case 2 -> {
        if (superseding != null) {
          publisher.publish(superseding);
        }
      }
      case 3 -> {
        plan.proposalWriteTried = true;
        journal.recordProposal(proposal);
        proposals.put(proposal.proposalId(), plan.tracked);
        openProposalByPool.put(demand.pool(), proposal.proposalId());
        answeredDemandIds.addAll(proposal.demandIds());
      }
      case 4 -> publisher.publish(proposal);
      default -> throw new IllegalStateException("no step " + step);
    }
  }

  /**
   * A demand's writes, in order: 0 the demand point, 1 the superseded proposal's SUPERSEDED state
   * (if any) and 2 its publication, 3 the new proposal and 4 its publication.
   */
  private static final class Plan {
    static final int STEPS = 5;
    final CapacityDemand demand;
    final Map<CapacityResource, CapacityDemand> open;
    @Nullable final ProcurementProposal superseding;
    final TrackedProposal tracked;
    int done;
    boolean proposalWriteTried;

    Plan(CapacityDemand demand, Map<CapacityResource, CapacityDemand> open,
        @Nullable ProcurementProposal superseding, TrackedProposal tracked) {
      this.demand = demand;
      this.open = open;
      this.superseding = superseding;
      this.tracked = tracked;
    }
  }

  /**
   * Why a decoded demand cannot become a proposal, naming the field and the rule; empty when it
   * can. The schema already refuses the amounts (such a record fails decoding); this holds the
   * same line for demands that reach the service another way, and adds the rule the schema
   * cannot state: a needed-by date before today cannot be met by anything ordered now.
   */
  static Optional<String> refusal(CapacityDemand d, LocalDate today) {
    if (!(d.shortfall() > 0) || Double.isInfinite(d.shortfall())) {
      return Optional.of("shortfall: must be greater than 0 and finite, got " + d.shortfall());
    }
    if (!(d.forecastPeak() >= 0) || Double.isInfinite(d.forecastPeak())) {
      return Optional.of("forecast_peak: must be 0 or more and finite, got " + d.forecastPeak());
    }
    if (!(d.capacity() >= 0) || Double.isInfinite(d.capacity())) {
      return Optional.of("capacity: must be 0 or more and finite, got " + d.capacity());
    }
    if (!(d.targetUtilization() > 0 && d.targetUtilization() <= 1)) {
      return Optional.of("target_utilization: must be greater than 0 and at most 1, got "
          + d.targetUtilization());
    }
    if (d.neededBy().isBefore(today)) {
      return Optional.of("needed_by: " + d.neededBy() + " is in the past (today is " + today
          + "); nothing ordered now can be in service by then");
    }
    if (RequirementMapper.toRequirement(d.pool(), List.of(d)).asksForNothing()) {
      return Optional.of("shortfall: " + d.shortfall() + " " + d.resource()
          + " rounds to nothing to buy");
    }
    return Optional.empty();
  }

  /**
   * Moves a proposal to {@code target}.
   *
   * @throws ProposalNotFoundException if the id is unknown
   * @throws IllegalTransitionException if the lifecycle forbids it
   */
  public synchronized TrackedProposal transition(String id, ProposalStatus target, String by,
      @Nullable String note) {
    return change(id, target, by, note, clock.instant());
  }

  private TrackedProposal change(String id, ProposalStatus target, String by, String note,
      Instant at) {
    TrackedProposal t = get(id);
    ProcurementProposal p = t.proposal();
    TrackedProposal next = t.next(nextState(p, target, by, note, at));
    store(next);
    if (p.status() == ProposalStatus.PROPOSED) {
      openProposalByPool.remove(p.pool(), id);
      if (target != ProposalStatus.SUPERSEDED) {
        // Decided: its demands are answered; the pool's next demands start a new proposal.
        openDemands.remove(p.pool());
      }
    }
    return next;
  }

  /** The proposal's next state, checked against the lifecycle. */
  private static ProcurementProposal nextState(ProcurementProposal p, ProposalStatus target,
      String by, String note, Instant at) {
    Lifecycle.check(p.proposalId(), p.status(), target);
    // Keep each proposal's changes strictly ordered in time, so a replay sorts them right.
    Instant last = p.statusChangedAt();
    Instant when = at.isAfter(last) ? at : last.plusMillis(1);
    return ProposalFactory.withStatus(p, target, when, by, note);
  }

  private void store(TrackedProposal t) {
    journal.recordProposal(t.proposal());
    publisher.publish(t.proposal());
    proposals.put(t.proposal().proposalId(), t);
  }

  /** Expires PROPOSED and APPROVED proposals whose needed-by date has passed. */
  @Scheduled(fixedDelay = "${fleetscale.procurement.expiry-check:1h}", initialDelay = "1m")
  public synchronized void expireOverdue() {
    LocalDate today = LocalDate.now(clock);
    for (TrackedProposal t : List.copyOf(proposals.values())) {
      ProposalStatus s = t.proposal().status();
      if ((s == ProposalStatus.PROPOSED || s == ProposalStatus.APPROVED)
          && t.neededBy() != null && t.neededBy().isBefore(today)) {
        change(t.proposal().proposalId(), ProposalStatus.EXPIRED, SCHEDULER,
            "needed by " + t.neededBy() + " and not ordered", clock.instant());
      }
    }
  }

  public synchronized TrackedProposal get(String id) {
    TrackedProposal t = proposals.get(id);
    if (t == null) {
      throw new ProposalNotFoundException(id);
    }
    return t;
  }

  /** Proposals, newest first, optionally of one pool and/or status. */
  public synchronized List<TrackedProposal> list(@Nullable String pool,
      @Nullable ProposalStatus status) {
    return proposals.values().stream()
        .filter(t -> pool == null || t.proposal().pool().equals(pool))
        .filter(t -> status == null || t.proposal().status() == status)
        .sorted(Comparator.comparing((TrackedProposal t) -> t.history().get(0).at()).reversed())
        .toList();
  }

  private TrackedProposal proposalAnswering(String demandId) {
    return proposals.values().stream()
        .filter(t -> t.proposal().demandIds().contains(demandId))
        .reduce((a, b) -> b).orElse(null);
  }

  private LocalDate neededBy(List<String> demandIds) {
    return demandIds.stream().map(demands::get).filter(d -> d != null)
        .map(CapacityDemand::neededBy).min(Comparator.naturalOrder()).orElse(null);
  }

  Optional<String> openProposal(String pool) {
    return Optional.ofNullable(openProposalByPool.get(pool));
  }
}
