package dev.fleetscale.testkit.simulator;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.procurement.LineItem;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closed loop's fleet: pools of hosts, the workloads on them, and what the optimizer and
 * procurement asked for, applied the way an actuator would (docs/simulator.md):
 *
 * <ul>
 *   <li>an {@link AutoscaleDecision} sets the pool's requested replicas; spare hosts join after
 *       {@link Settings#addDelay} (90 s), hosts leave after {@link Settings#drainDelay} (30 s), a
 *       lower target first cancels hosts still joining; never more hosts than the pool has;
 *   <li>a {@link RebalancePlan}'s moves run one after another, each taking {@link
 *       Settings#moveDuration}; the workload's GPUs, utilization and memory go with it; a newer
 *       plan for the pool abandons what is left of the old one, the move in progress included;
 *   <li>a {@link ProcurementProposal} that reaches DELIVERED adds its servers (with the catalog's
 *       GPUs) to the pool, in service, and its SSDs and network units to the pool's inventory.
 * </ul>
 *
 * Every event is applied at most once: by its {@code ce_id}, and a proposal's delivery by its
 * proposal id. Thread-safe: every method locks the model.
 */
public final class FleetModel {

  private static final Logger log = LoggerFactory.getLogger(FleetModel.class);
  private static final int REMEMBERED_IDS = 100_000;

  /** Share of a workload GPU's memory in use when idle (weights), and the extra at full load (KV cache). */
  static final double MEMORY_RESIDENT = 0.35;
  static final double MEMORY_PER_LOAD = 0.55;

  /**
   * How long actuation takes.
   *
   * @param addDelay from a scale-up decision until a spare host serves
   * @param drainDelay from a scale-down decision until the host has left
   * @param moveDuration one rebalance move
   */
  public record Settings(Duration addDelay, Duration drainDelay, Duration moveDuration) {
    public Settings {
      for (var e : Map.of("addDelay", addDelay, "drainDelay", drainDelay, "moveDuration", moveDuration).entrySet()) {
        if (e.getValue() == null || e.getValue().isNegative()) {
          throw new IllegalArgumentException(e.getKey() + " must be >= 0, was " + e.getValue());
        }
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
  }

  /** Where a host stands in its pool. */
  public enum HostState {
    /** In the pool, powered, serving nothing: what a scale-up draws on. */
    SPARE,
    /** Asked to serve; serves from {@code until}. */
    JOINING,
    /** Serving. */
    ACTIVE,
    /** Asked to leave; still serving until {@code until}, then spare. */
    DRAINING
  }

  /** What an event did. */
  public enum Outcome {
    APPLIED,
    /** Its id (or, for a delivery, its proposal) was applied before. */
    DUPLICATE,
    /** Nothing to do: another status, an unknown pool, a type the simulator does not act on. */
    IGNORED
  }

  /** A workload: {@code gpus} GPUs on one host. */
  public record Workload(String id, int gpus) {
    public Workload {
      Objects.requireNonNull(id, "id");
      if (gpus < 1) {
        throw new IllegalArgumentException("workload " + id + ": gpus must be >= 1, was " + gpus);
      }
    }
  }

  /** One host as {@link #snapshot} reports it. */
  public record HostView(String hostId, String pool, String gpuModel, int gpus, HostState state,
      Instant until, List<Workload> workloads, String deliveredBy) {}

  /**
   * One pool as {@link #snapshot} reports it.
   *
   * @param replicas hosts serving and staying (ACTIVE)
   * @param requested replicas asked for: ACTIVE plus JOINING
   * @param demandGpus busy GPU-equivalents asked of the pool at the last {@link #loads}
   * @param utilization busy share of the serving workload GPUs (1.0 when saturated)
   * @param saturated demand exceeds the serving GPUs
   * @param lastDecisionId the last autoscale decision applied (null before the first)
   * @param lastDecidedAt its {@code decided_at}
   */
  public record PoolView(String pool, int hosts, int replicas, int requested, int joining,
      int draining, int spare, int gpus, double demandGpus, double utilization, boolean saturated,
      int ssds, int networkUnits, String planId, int planMovesLeft, Map<String, Long> counters,
      String lastDecisionId, Instant lastDecidedAt, List<HostView> hostList) {}

  private final InstantSource clock;
  private final Settings settings;
  private final HardwareCatalog catalog;
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Set<String> seenIds = new LinkedHashSet<>();
  private final Set<String> deliveredProposals = new LinkedHashSet<>();
  private int nextHostNumber = 1;

  public FleetModel(InstantSource clock, Settings settings, HardwareCatalog catalog) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** Adds a pool; its demand is relative to the GPUs its workloads hold when first loaded. */
  public synchronized void addPool(String name, PoolDemand demand) {
    if (pools.containsKey(name)) {
      throw new IllegalArgumentException("pool " + name + " exists");
    }
    pools.put(name, new Pool(name, demand));
  }

  /**
   * Adds a host to a pool, serving (with one workload {@code <hostId>/w0} on all its GPUs) or
   * spare.
   */
  public synchronized void addHost(String pool, String hostId, int gpus, String gpuModel, boolean serving) {
    Host host = newHost(pool(pool), hostId, gpus, gpuModel, serving ? HostState.ACTIVE : HostState.SPARE);
    if (serving) {
      host.workloads.add(new Workload(hostId + "/w0", gpus));
    }
  }

  /** Adds a serving host that holds exactly {@code workloads} (a skewed placement, say). */
  public synchronized void addHost(String pool, String hostId, int gpus, String gpuModel, List<Workload> workloads) {
    Host host = newHost(pool(pool), hostId, gpus, gpuModel, HostState.ACTIVE);
    for (Workload w : workloads) {
      if (host.freeGpus() < w.gpus()) {
        throw new IllegalArgumentException("host " + hostId + ": workload " + w.id() + " needs " + w.gpus()
            + " GPUs, " + host.freeGpus() + " free");
      }
      host.workloads.add(w);
    }
  }

  private Host newHost(Pool pool, String hostId, int gpus, String gpuModel, HostState state) {
    if (hosts.containsKey(hostId)) {
      throw new IllegalArgumentException("host " + hostId + " exists");
    }
    Host host = new Host(hostId, pool.name, gpus, gpuModel, state);
    hosts.put(hostId, host);
    pool.hosts.add(host);
    if (hostId.matches("sim-gpu-\\d+")) {
      nextHostNumber = Math.max(nextHostNumber, Integer.parseInt(hostId.substring(8)) + 1);
    }
    return host;
  }

  private Pool pool(String name) {
    Pool pool = pools.get(name);
    if (pool == null) {
      throw new IllegalArgumentException("no pool " + name);
    }
    return pool;
  }

  /**
   * Applies an event once.
   *
   * @param ceId the record's {@code ce_id} ({@link FleetEvent#eventId()} when null)
   */
  public synchronized Outcome accept(String ceId, FleetEvent event) {
    String id = ceId != null ? ceId : event.eventId();
    if (seenIds.contains(id)) {
      return Outcome.DUPLICATE;
    }
    advance();
    Outcome outcome;
    if (event instanceof AutoscaleDecision d) {
      outcome = autoscale(d);
    } else if (event instanceof RebalancePlan p) {
      outcome = rebalance(p);
    } else if (event instanceof ProcurementProposal p) {
      outcome = proposal(p);
    } else {
      outcome = Outcome.IGNORED;
    }
    remember(id);
    return outcome;
  }

  private void remember(String id) {
    seenIds.add(id);
    if (seenIds.size() > REMEMBERED_IDS) {
      var it = seenIds.iterator();
      it.next();
      it.remove();
    }
  }

  private Outcome autoscale(AutoscaleDecision d) {
    Pool pool = pools.get(d.pool());
    if (pool == null) {
      log.info("autoscale decision {} for pool {}: the simulator has no such pool, ignored", d.decisionId(), d.pool());
      return Outcome.IGNORED;
    }
    Instant now = clock.instant();
    int requested = pool.count(HostState.ACTIVE) + pool.count(HostState.JOINING);
    int desired = Math.max(0, d.desiredReplicas());
    if (pool.lastDecidedAt != null && d.decidedAt().isBefore(pool.lastDecidedAt)) {
      // An older decision than one applied (a replay from an earlier offset): the newer one stands.
      pool.counter("decisions_stale");
      return Outcome.IGNORED;
    }
    pool.counter("autoscale_decisions");
    pool.lastDecisionId = d.decisionId();
    pool.lastDecidedAt = d.decidedAt();
    if (desired <= requested) {
      pool.lastShort = 0;
    }
    if (desired > requested) {
      int want = desired - requested;
      int added = 0;
      for (Host h : pool.hosts) {
        if (added == want) {
          break;
        }
        if (h.state == HostState.SPARE) {
          h.state = HostState.JOINING;
          h.until = now.plus(settings.addDelay());
          added++;
        }
      }
      // A host still draining can be kept: it stops draining (serves on, at once).
      for (int i = pool.hosts.size() - 1; i >= 0 && added < want; i--) {
        Host h = pool.hosts.get(i);
        if (h.state == HostState.DRAINING) {
          h.state = HostState.ACTIVE;
          h.until = null;
          added++;
        }
      }
      if (added < want) {
        pool.counter("hosts_short", want - added);
        if (pool.lastShort != want - added) { // once per shortfall, not every window
          log.warn("pool {}: decision {} asks for {} replicas, {} requested; only {} spare host(s) to add",
              pool.name, d.decisionId(), desired, requested, added);
        }
      }
      pool.lastShort = want - added;
      if (added > 0) {
        pool.counter("scale_ups");
        log.info("pool {}: scale {} -> {} (decision {}): {} host(s) join at {}", pool.name, requested,
            requested + added, d.decisionId(), added, now.plus(settings.addDelay()));
      }
    } else if (desired < requested) {
      int excess = requested - desired;
      int removed = 0;
      for (int i = pool.hosts.size() - 1; i >= 0 && removed < excess; i--) {
        Host h = pool.hosts.get(i);
        if (h.state == HostState.JOINING) {
          h.state = HostState.SPARE;
          h.until = null;
          removed++;
        }
      }
      for (int i = pool.hosts.size() - 1; i >= 0 && removed < excess; i--) {
        Host h = pool.hosts.get(i);
        if (h.state == HostState.ACTIVE) {
          h.state = HostState.DRAINING;
          h.until = now.plus(settings.drainDelay());
          removed++;
        }
      }
      pool.counter("scale_downs");
      log.info("pool {}: scale {} -> {} (decision {})", pool.name, requested, requested - removed, d.decisionId());
    }
    return Outcome.APPLIED;
  }

  private Outcome rebalance(RebalancePlan p) {
    Pool pool = pools.get(p.pool());
    if (pool == null) {
      log.info("rebalance plan {} for pool {}: the simulator has no such pool, ignored", p.planId(), p.pool());
      return Outcome.IGNORED;
    }
    Instant now = clock.instant();
    if (pool.plan != null && !pool.plan.finished()) {
      int left = pool.plan.remaining.size() + (pool.plan.current != null ? 1 : 0);
      pool.counter("plans_abandoned");
      pool.counter("moves_abandoned", left);
      log.info("pool {}: plan {} superseded by {}, {} move(s) abandoned", pool.name, pool.plan.id, p.planId(), left);
    }
    pool.counter("plans_received");
    Plan plan = new Plan(p.planId(), p.moves());
    plan.startNext(now, settings.moveDuration());
    pool.plan = plan;
    if (plan.finished()) {
      pool.counter("plans_applied"); // nothing to move
    }
    return Outcome.APPLIED;
  }

  private Outcome proposal(ProcurementProposal p) {
    if (p.status() != ProposalStatus.DELIVERED) {
      return Outcome.IGNORED;
    }
    if (!deliveredProposals.add(p.proposalId())) {
      return Outcome.DUPLICATE;
    }
    Pool pool = pools.get(p.pool());
    if (pool == null) {
      log.info("proposal {} delivered to pool {}, new to the simulator: the pool starts without demand", p.proposalId(), p.pool());
      pool = new Pool(p.pool(), PoolDemand.constant(0));
      pools.put(p.pool(), pool);
    }
    pool.counter("proposals_delivered");
    for (LineItem item : p.lineItems()) {
      var kind = catalog.kind(item.sku());
      if (kind.isEmpty()) {
        pool.counter("line_items_unknown");
        log.error("proposal {}: line item sku {} is not in the simulator's hardware catalog (FLEETSCALE_SIM_CATALOG); not delivered",
            p.proposalId(), item.sku());
        continue;
      }
      switch (kind.get()) {
        case SERVER, CLOUD -> {
          HardwareCatalog.Server server = catalog.server(item.sku()).orElseThrow();
          int units = kind.get() == HardwareCatalog.Kind.CLOUD
              ? (item.quantity() + server.gpus() - 1) / server.gpus() : item.quantity();
          for (int i = 0; i < units; i++) {
            int gpus = kind.get() == HardwareCatalog.Kind.CLOUD
                ? Math.min(server.gpus(), item.quantity() - i * server.gpus()) : server.gpus();
            String id = "sim-gpu-" + nextHostNumber;
            Host h = newHost(pool, id, gpus, server.gpuModel(), HostState.ACTIVE);
            h.workloads.add(new Workload(id + "/w0", gpus));
            h.deliveredBy = p.proposalId();
            pool.counter("hosts_delivered");
          }
          log.info("pool {}: proposal {} delivered {} x {} ({} GPUs each): serving", pool.name,
              p.proposalId(), units, item.sku(), server.gpus());
        }
        case SSD -> pool.ssds += item.quantity();
        case NETWORK -> pool.networkUnits += item.quantity();
      }
    }
    return Outcome.APPLIED;
  }

  /** Finishes every join, drain and move due by now. */
  public synchronized void advance() {
    Instant now = clock.instant();
    for (Pool pool : pools.values()) {
      for (Host h : pool.hosts) {
        if (h.until != null && !h.until.isAfter(now)) {
          if (h.state == HostState.JOINING) {
            h.state = HostState.ACTIVE;
            if (h.workloads.isEmpty()) {
              h.workloads.add(new Workload(h.id + "/w0", h.gpus));
            }
            pool.counter("hosts_joined");
          } else if (h.state == HostState.DRAINING) {
            h.state = HostState.SPARE;
            h.workloads.clear();
            pool.counter("hosts_drained");
          }
          h.until = null;
        }
      }
      Plan plan = pool.plan;
      while (plan != null && plan.current != null && !plan.currentDone.isAfter(now)) {
        Move m = plan.current;
        String skipped = move(pool, m);
        if (skipped == null) {
          pool.counter("moves_applied");
        } else {
          pool.counter("moves_skipped");
          log.info("pool {}: plan {} move of {} {} -> {} skipped: {}", pool.name, plan.id, m.workloadId(),
              m.fromHost(), m.toHost(), skipped);
        }
        Instant done = plan.currentDone;
        plan.startNext(done, settings.moveDuration());
        if (plan.finished()) {
          pool.counter("plans_applied");
          log.info("pool {}: plan {} applied", pool.name, plan.id);
        }
      }
    }
  }

  /** Moves a workload; null when done, else why not. */
  private String move(Pool pool, Move m) {
    Host from = hosts.get(m.fromHost());
    Host to = hosts.get(m.toHost());
    if (from == null || !from.pool.equals(pool.name)) {
      return "source host is not in the pool";
    }
    if (to == null || !to.pool.equals(pool.name)) {
      return "destination host is not in the pool";
    }
    if (to.state != HostState.ACTIVE) {
      return "destination host is " + to.state;
    }
    Workload w = from.workloads.stream().filter(x -> x.id().equals(m.workloadId())).findFirst().orElse(null);
    if (w == null) {
      return "the workload is not on the source host";
    }
    if (to.freeGpus() < w.gpus()) {
      return "destination has " + to.freeGpus() + " free GPUs, the workload holds " + w.gpus();
    }
    from.workloads.remove(w);
    to.workloads.add(w);
    return null;
  }

  /**
   * The load of every GPU of every host at {@code elapsed} of demand time: each pool's demand
   * (its {@link PoolDemand} times the GPUs its workloads held at the first call) spread evenly
   * over the workload GPUs of its serving (ACTIVE, DRAINING) hosts; free GPUs and spare hosts idle.
   * Also finishes what is due ({@link #advance}).
   *
   * @return per host id, per GPU: {@code [0]} load 0..1, {@code [1]} share of memory in use
   */
  public synchronized Map<String, double[][]> loads(Duration elapsed) {
    advance();
    Map<String, double[][]> out = new LinkedHashMap<>();
    for (Pool pool : pools.values()) {
      int serving = 0;
      for (Host h : pool.hosts) {
        if (h.serving()) {
          serving += h.workloadGpus();
        }
      }
      if (pool.baseGpus < 0) {
        pool.baseGpus = serving;
      }
      double demand = Math.max(0, pool.demand.load(elapsed)) * pool.baseGpus;
      double perGpu = serving > 0 ? demand / serving : (demand > 0 ? Double.POSITIVE_INFINITY : 0);
      pool.demandGpus = demand;
      pool.saturated = perGpu > 1.0;
      pool.utilization = Math.min(1.0, perGpu);
      for (Host h : pool.hosts) {
        double[] load = new double[h.gpus];
        double[] memory = new double[h.gpus];
        if (h.serving()) {
          int gpu = 0;
          for (Workload w : h.workloads) {
            for (int i = 0; i < w.gpus() && gpu < h.gpus; i++, gpu++) {
              load[gpu] = pool.utilization;
              memory[gpu] = MEMORY_RESIDENT + MEMORY_PER_LOAD * pool.utilization;
            }
          }
        }
        out.put(h.id, new double[][] {load, memory});
      }
    }
    return out;
  }

  /** Every pool, in the order added. */
  public synchronized List<PoolView> snapshot() {
    List<PoolView> views = new ArrayList<>();
    for (Pool p : pools.values()) {
      List<HostView> hostViews = new ArrayList<>();
      int gpus = 0;
      for (Host h : p.hosts) {
        gpus += h.gpus;
        hostViews.add(new HostView(h.id, p.name, h.gpuModel, h.gpus, h.state, h.until, List.copyOf(h.workloads), h.deliveredBy));
      }
      int left = p.plan == null ? 0 : p.plan.remaining.size() + (p.plan.current != null ? 1 : 0);
      views.add(new PoolView(p.name, p.hosts.size(), p.count(HostState.ACTIVE),
          p.count(HostState.ACTIVE) + p.count(HostState.JOINING), p.count(HostState.JOINING),
          p.count(HostState.DRAINING), p.count(HostState.SPARE), gpus, p.demandGpus, p.utilization,
          p.saturated, p.ssds, p.networkUnits, p.plan == null ? null : p.plan.id, left,
          Collections.unmodifiableMap(new LinkedHashMap<>(p.counters)), p.lastDecisionId,
          p.lastDecidedAt, List.copyOf(hostViews)));
    }
    return views;
  }

  /** One pool's view. */
  public PoolView poolView(String name) {
    return snapshot().stream().filter(v -> v.pool().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no pool " + name));
  }

  /**
   * Which workload holds each GPU of {@code hostId} (null for a free GPU), in the order {@link
   * #loads} fills them; empty for a host that serves nothing.
   */
  public synchronized String[] workloadByGpu(String hostId) {
    Host h = hosts.get(hostId);
    if (h == null) {
      throw new IllegalArgumentException("no host " + hostId);
    }
    String[] out = new String[h.gpus];
    if (h.serving()) {
      int gpu = 0;
      for (Workload w : h.workloads) {
        for (int i = 0; i < w.gpus() && gpu < h.gpus; i++, gpu++) {
          out[gpu] = w.id();
        }
      }
    }
    return out;
  }

  /** Every host id, in the order added (delivered hosts last). */
  public synchronized List<String> hostIds() {
    return List.copyOf(hosts.keySet());
  }

  /** The host's GPU count and model, for building its {@link SimulatedHost}. */
  public synchronized HostView host(String hostId) {
    Host h = hosts.get(hostId);
    if (h == null) {
      throw new IllegalArgumentException("no host " + hostId);
    }
    return new HostView(h.id, h.pool, h.gpuModel, h.gpus, h.state, h.until, List.copyOf(h.workloads), h.deliveredBy);
  }

  private static final class Host {
    final String id;
    final String pool;
    final int gpus;
    final String gpuModel;
    HostState state;
    Instant until;
    final List<Workload> workloads = new ArrayList<>();
    String deliveredBy;

    Host(String id, String pool, int gpus, String gpuModel, HostState state) {
      if (gpus < 1) {
        throw new IllegalArgumentException("host " + id + ": gpus must be >= 1, was " + gpus);
      }
      this.id = id;
      this.pool = pool;
      this.gpus = gpus;
      this.gpuModel = gpuModel;
      this.state = state;
    }

    boolean serving() {
      return state == HostState.ACTIVE || state == HostState.DRAINING;
    }

    int workloadGpus() {
      return workloads.stream().mapToInt(Workload::gpus).sum();
    }

    int freeGpus() {
      return gpus - workloadGpus();
    }
  }

  private static final class Pool {
    final String name;
    final PoolDemand demand;
    final List<Host> hosts = new ArrayList<>();
    final Map<String, Long> counters = new LinkedHashMap<>();
    double baseGpus = -1;
    double demandGpus;
    double utilization;
    boolean saturated;
    int ssds;
    int networkUnits;
    Plan plan;
    int lastShort;
    String lastDecisionId;
    Instant lastDecidedAt;

    Pool(String name, PoolDemand demand) {
      this.name = name;
      this.demand = Objects.requireNonNull(demand, "demand");
    }

    int count(HostState state) {
      return (int) hosts.stream().filter(h -> h.state == state).count();
    }

    void counter(String name) {
      counter(name, 1);
    }

    void counter(String name, long by) {
      counters.merge(name, by, Long::sum);
    }
  }

  private static final class Plan {
    final String id;
    final Deque<Move> remaining;
    Move current;
    Instant currentDone;

    Plan(String id, List<Move> moves) {
      this.id = id;
      this.remaining = new ArrayDeque<>(moves);
    }

    void startNext(Instant from, Duration each) {
      current = remaining.poll();
      currentDone = current == null ? null : from.plus(each);
    }

    boolean finished() {
      return current == null && remaining.isEmpty();
    }
  }
}
