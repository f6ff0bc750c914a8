package dev.fleetscale.testkit.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated fleet of {@code ./fleetscale run} and the closed-loop tests: hosts {@code
 * sim-gpu-1..N}, the first half in pool {@code inference}, the rest in pool {@code training}.
 * Every tick (default 1 s) it spreads each pool's demand over the GPUs the pool serves with now
 * and rewrites one NVML stub scenario file per host, which the agent on that host reads, plus
 * {@value #STATE_FILE}, the fleet as the simulator sees it (pools, replicas requested and ready,
 * hosts, workloads, what it applied).
 *
 * <p>When {@code FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS} is set the loop is closed: the simulator
 * applies the optimizer's autoscale decisions and rebalance plans and procurement's delivered
 * proposals ({@link FleetModel}, docs/simulator.md).
 *
 * <p>Usage: {@code FleetSimulator <scenario folder> <hosts>}; the environment settings are in
 * docs/simulator.md ({@code FLEETSCALE_SIM_*}).
 */
public final class FleetSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
  static final Duration BUCKET = Duration.ofSeconds(10);
  /** The simulator's state, rewritten every tick in the scenario folder. */
  public static final String STATE_FILE = "fleet-state.json";
  static final String DEFAULT_DEMAND = "inference=trace(peak=0.85);training=constant(load=0.9)";

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  private final Path folder;
  private final FleetModel model;
  private final InstantSource clock;
  private final double speed;
  private final Duration tick;
  private final Instant started;
  private final Map<String, SimulatedHost> simulated = new LinkedHashMap<>();
  private ScheduledExecutorService ticker;
  private DecisionConsumer consumer;
  private SamplePublisher publisher;
  private PoolStatePublisher poolState;
  private java.util.Set<String> agentHosts;
  private Instant lastTick;
  private Instant lastSummary = Instant.MIN;

  /**
   * @param speed demand time runs this many times faster than the clock (actuation delays do not)
   */
  public FleetSimulator(Path folder, FleetModel model, InstantSource clock, double speed, Duration tick) {
    this.folder = Objects.requireNonNull(folder, "folder");
    this.model = Objects.requireNonNull(model, "model");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.speed = speed;
    this.tick = tick;
    this.started = clock.instant();
    this.lastTick = started;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: FleetSimulator <scenario folder> <hosts>");
      System.exit(2);
    }
    FleetSimulator simulator;
    try {
      simulator = fromEnvironment(Path.of(args[0]), (int) positive("hosts (second argument)", args[1]), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("FleetSimulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    simulator.start();
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
    Thread.currentThread().join();
  }

  /**
   * The simulator {@code main} starts: {@code hosts} hosts in two pools as {@code ./fleetscale
   * run} labels their agents, settings from {@code env} (docs/simulator.md).
   *
   * @throws IllegalArgumentException naming the setting and the rule it breaks
   */
  public static FleetSimulator fromEnvironment(Path folder, int hosts, Map<String, String> env) {
    double speed = positive("FLEETSCALE_SIM_SPEED", env.getOrDefault("FLEETSCALE_SIM_SPEED", "1"));
    long tickMs = (long) positive("FLEETSCALE_SIM_TICK_MS", env.getOrDefault("FLEETSCALE_SIM_TICK_MS", "1000"));
    DemandTrace trace = demand(env.get("FLEETSCALE_SIM_TRACE"));
    FleetModel.Settings actuation = new FleetModel.Settings(
        duration("FLEETSCALE_SIM_ADD_DELAY", env.getOrDefault("FLEETSCALE_SIM_ADD_DELAY", "90s")),
        duration("FLEETSCALE_SIM_DRAIN_DELAY", env.getOrDefault("FLEETSCALE_SIM_DRAIN_DELAY", "30s")),
        duration("FLEETSCALE_SIM_MOVE_DURATION", env.getOrDefault("FLEETSCALE_SIM_MOVE_DURATION", "30s")));
    String catalogPath = env.get("FLEETSCALE_SIM_CATALOG");
    HardwareCatalog catalog;
    if (catalogPath == null || catalogPath.isBlank()) {
      catalog = HardwareCatalog.of();
    } else {
      Path path = Path.of(catalogPath.trim());
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException("FLEETSCALE_SIM_CATALOG: no such file " + path.toAbsolutePath());
      }
      catalog = HardwareCatalog.read(path);
    }
    Map<String, PoolDemand> demand = PoolDemand.parse("FLEETSCALE_SIM_DEMAND", DEFAULT_DEMAND, trace);
    demand.putAll(PoolDemand.parse("FLEETSCALE_SIM_DEMAND", env.get("FLEETSCALE_SIM_DEMAND"), trace));
    for (String pool : demand.keySet()) {
      if (!pool.equals("inference") && !pool.equals("training")) {
        throw new IllegalArgumentException("FLEETSCALE_SIM_DEMAND: pool " + pool
            + " has no hosts (the simulated pools are inference and training)");
      }
    }
    Map<String, Integer> spare = spare(env.get("FLEETSCALE_SIM_SPARE"));
    int published = (int) whole("FLEETSCALE_SIM_PUBLISHED_HOSTS", env.getOrDefault("FLEETSCALE_SIM_PUBLISHED_HOSTS", "0"));
    long sampleMs = (long) positive("FLEETSCALE_SIM_SAMPLE_MS", env.getOrDefault("FLEETSCALE_SIM_SAMPLE_MS", "5000"));
    String bootstrap = env.get("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS");
    boolean kafkaSet = bootstrap != null && !bootstrap.isBlank();
    if (published > 0 && !kafkaSet) {
      throw new IllegalArgumentException("FLEETSCALE_SIM_PUBLISHED_HOSTS: " + published
          + " hosts publish their telemetry to Kafka; set FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS");
    }
    FleetModel model = new FleetModel(InstantSource.system(), actuation, catalog);
    // Agent hosts sim-gpu-1..N first, then the published ones, each group split in half.
    List<String[]> layout = new java.util.ArrayList<>(); // host id, pool
    for (int i = 0; i < hosts; i++) {
      layout.add(new String[] {"sim-gpu-" + (i + 1), inInferencePool(i, hosts) ? "inference" : "training"});
    }
    for (int i = 0; i < published; i++) {
      layout.add(new String[] {"sim-gpu-" + (hosts + i + 1), inInferencePool(i, published) ? "inference" : "training"});
    }
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (String[] h : layout) {
      sizes.merge(h[1], 1, Integer::sum);
    }
    for (String pool : List.of("inference", "training")) {
      model.addPool(pool, demand.get(pool));
      int size = sizes.getOrDefault(pool, 0);
      if (spare.getOrDefault(pool, 0) > size) {
        throw new IllegalArgumentException("FLEETSCALE_SIM_SPARE: pool " + pool + " has " + size
            + " host(s), cannot keep " + spare.get(pool) + " spare");
      }
    }
    java.util.Set<String> skewed = skew(env.get("FLEETSCALE_SIM_SKEW"));
    Map<String, Integer> seen = new LinkedHashMap<>();
    Map<String, List<String>> skewHosts = new LinkedHashMap<>();
    for (int i = 0; i < layout.size(); i++) {
      String[] h = layout.get(i);
      String pool = h[1];
      int position = seen.merge(pool, 1, Integer::sum);
      boolean serving = position <= sizes.get(pool) - spare.getOrDefault(pool, 0);
      if (serving && i >= hosts && skewed.contains(pool)) {
        skewHosts.computeIfAbsent(pool, k -> new java.util.ArrayList<>()).add(h[0]);
      } else {
        model.addHost(pool, h[0], SimulatedHost.GPUS, "H200-SXM", serving);
      }
    }
    // A skewed placement: of the pool's serving published hosts, the first half hold eight 1-GPU
    // workloads each and the rest four, so the planner finds hosts at twice the load of others.
    skewHosts.forEach((pool, ids) -> {
      for (int k = 0; k < ids.size(); k++) {
        int count = k < (ids.size() + 1) / 2 ? SimulatedHost.GPUS : SimulatedHost.GPUS / 2;
        List<FleetModel.Workload> workloads = new java.util.ArrayList<>();
        for (int w = 0; w < count; w++) {
          workloads.add(new FleetModel.Workload(ids.get(k) + "/w" + w, 1));
        }
        model.addHost(pool, ids.get(k), SimulatedHost.GPUS, "H200-SXM", workloads);
      }
    });
    for (String pool : skewed) {
      if (!skewHosts.containsKey(pool) || skewHosts.get(pool).size() < 2) {
        throw new IllegalArgumentException("FLEETSCALE_SIM_SKEW: pool " + pool
            + " needs at least 2 serving published hosts (FLEETSCALE_SIM_PUBLISHED_HOSTS), has "
            + skewHosts.getOrDefault(pool, List.of()).size());
      }
    }
    log.info("inference demand trace {} ({} buckets of {} s, repeating; speed {}x); actuation: add {} s, drain {} s, move {} s",
        trace.source(), trace.buckets(), trace.length().dividedBy(trace.buckets()).toSeconds(), speed,
        actuation.addDelay().toSeconds(), actuation.drainDelay().toSeconds(), actuation.moveDuration().toSeconds());
    FleetSimulator simulator = new FleetSimulator(folder, model, InstantSource.system(), speed, Duration.ofMillis(tickMs));
    if (kafkaSet) {
      KafkaClientSettings kafka = KafkaClientSettings.of(bootstrap, properties(env.get("FLEETSCALE_KAFKA_PROPERTIES")),
          "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", "FLEETSCALE_KAFKA_PROPERTIES");
      simulator.connect(kafka, env.getOrDefault("FLEETSCALE_SIM_GROUP_ID", "fleetscale-simulator"));
      java.util.Set<String> agents = new java.util.LinkedHashSet<>();
      for (int i = 1; i <= hosts; i++) {
        agents.add("sim-gpu-" + i);
      }
      simulator.publishTelemetry(kafka, Duration.ofMillis(sampleMs), agents, "local");
      log.info("{} host(s) with an agent each, {} publishing through the simulator every {} ms", hosts, published, sampleMs);
    } else {
      log.info("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS is not set: open loop, no decision is applied");
    }
    return simulator;
  }

  /** Applies the decisions, plans and deliveries read from Kafka from {@link #start} on. */
  public FleetSimulator connect(KafkaClientSettings kafka, String groupId) {
    if (consumer != null) {
      throw new IllegalStateException("connected already");
    }
    consumer = new DecisionConsumer(kafka, groupId, model);
    poolState = new PoolStatePublisher(kafka);
    return this;
  }

  /**
   * Publishes the telemetry of every host not in {@code agentHosts} (those without an agent, the
   * hosts delivered later included) every {@code interval} ({@link SamplePublisher}); scenario
   * files are then written for the agent hosts only.
   */
  public FleetSimulator publishTelemetry(KafkaClientSettings kafka, Duration interval, java.util.Set<String> agentHosts,
      String cluster) {
    if (publisher != null) {
      throw new IllegalStateException("publishing already");
    }
    this.agentHosts = java.util.Set.copyOf(agentHosts);
    this.publisher = new SamplePublisher(kafka, interval, cluster);
    return this;
  }

  /** Writes the first scenarios, then ticks every {@code tick} until {@link #close}. */
  public FleetSimulator start() {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
    tick(); // the agents find a scenario at their first sample
    if (consumer != null) {
      consumer.start();
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "simulator-tick");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        log.error("simulator tick failed", e);
      }
    }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    log.info("simulating {} hosts into {}", model.hostIds().size(), folder.toAbsolutePath());
    return this;
  }

  /** Whether the decision consumer holds its partitions (false when not connected). */
  public boolean reading() {
    return consumer != null && consumer.assigned();
  }

  public FleetModel model() {
    return model;
  }

  /**
   * One step: applies what is due, computes every GPU's load at the current demand time and
   * writes the scenario files and {@value #STATE_FILE}.
   */
  public synchronized void tick() {
    Instant now = clock.instant();
    double seconds = Math.max(0, Duration.between(lastTick, now).toNanos() / 1e9);
    lastTick = now;
    Duration elapsed = Duration.ofNanos((long) (Duration.between(started, now).toNanos() * speed));
    Map<String, double[][]> loads = model.loads(elapsed);
    if (publisher != null && publisher.due(now)) {
      List<String> silentAgents = loads.keySet().stream().filter(id -> !agentHosts.contains(id)).toList();
      publisher.publish(now, model, silentAgents, loads);
    }
    for (var e : loads.entrySet()) {
      if (agentHosts != null && !agentHosts.contains(e.getKey())) {
        continue; // published, no agent reads a scenario file
      }
      FleetModel.HostView view = model.host(e.getKey());
      SimulatedHost host = simulated.computeIfAbsent(e.getKey(),
          id -> new SimulatedHost(id, simulated.size() + 1, view.gpus(), SimulatedHost.MEMORY_TOTAL));
      host.advance(e.getValue()[0], e.getValue()[1], seconds).writeTo(folder.resolve(e.getKey() + ".scenario"));
    }
    List<FleetModel.PoolView> pools = model.snapshot();
    if (poolState != null) {
      poolState.publish(now, pools);
    }
    writeState(now, pools);
    if (Duration.between(lastSummary, now).compareTo(Duration.ofSeconds(60)) >= 0 || lastSummary.equals(Instant.MIN)) {
      lastSummary = now;
      StringBuilder line = new StringBuilder("fleet:");
      for (FleetModel.PoolView p : pools) {
        line.append(String.format(Locale.ROOT, " %s %d/%d replicas (%d requested, %d spare), demand %.1f GPUs, util %.0f %%%s;",
            p.pool(), p.replicas(), p.hosts(), p.requested(), p.spare(), p.demandGpus(), 100 * p.utilization(),
            p.saturated() ? " SATURATED" : ""));
      }
      log.info("{}", line);
    }
  }

  private void writeState(Instant now, List<FleetModel.PoolView> pools) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("at", now);
    state.put("demand_elapsed_seconds", Duration.between(started, now).toSeconds() * speed);
    if (publisher != null) {
      state.put("samples_published", publisher.sent());
      state.put("samples_failed", publisher.failed());
    }
    if (consumer != null) {
      state.put("events_applied", consumer.applied());
      state.put("events_duplicate", consumer.duplicates());
      state.put("events_invalid", consumer.invalid());
      state.put("pool_state_reports", poolState.sent());
    }
    state.put("pools", pools);
    Path file = folder.resolve(STATE_FILE);
    try {
      Path temp = Files.createTempFile(folder, STATE_FILE, ".tmp");
      JSON.writeValue(temp.toFile(), state);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (consumer != null) {
      consumer.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (poolState != null) {
      poolState.close();
    }
  }

  /**
   * Whether host {@code index} (0-based) of {@code hosts} is in pool {@code inference}: the first
   * half, rounded up, as {@code ./fleetscale run} labels the agents.
   */
  static boolean inInferencePool(int index, int hosts) {
    return index < (hosts + 1) / 2;
  }

  static double positive(String name, String value) {
    try {
      double d = Double.parseDouble(value.trim());
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a number > 0, was '" + value + "'");
  }

  static double whole(String name, String value) {
    if (value == null || !value.trim().matches("\\d{1,6}")) {
      throw new IllegalArgumentException(name + " must be a whole number >= 0, was '" + value + "'");
    }
    return Integer.parseInt(value.trim());
  }

  /** {@code 90s}, {@code 2m}, {@code 1h}, {@code 1d} or a number of seconds; at least 0. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("ms")) {
      t = t.substring(0, t.length() - 2);
      unit = -1;
    } else if (!t.isEmpty() && "smhd".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = switch (t.charAt(t.length() - 1)) {
        case 's' -> 1;
        case 'm' -> 60;
        case 'h' -> 3600;
        default -> 86_400;
      };
      t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t);
      if (v >= 0 && Double.isFinite(v)) {
        return unit < 0 ? Duration.ofNanos((long) (v * 1e6)) : Duration.ofNanos((long) (v * unit * 1e9));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be a duration >= 0 such as 90s, 2m, 1h (a plain number is seconds), was '" + text + "'");
  }

  private static Duration duration(String name, String value) {
    try {
      return duration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage());
    }
  }

  /** {@code FLEETSCALE_SIM_SKEW}: {@code pool,...}, pools that start with a skewed placement. */
  static java.util.Set<String> skew(String text) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pool : text.split(",")) {
      String p = pool.trim();
      if (!p.equals("inference") && !p.equals("training")) {
        throw new IllegalArgumentException("FLEETSCALE_SIM_SKEW: '" + p
            + "' is not a simulated pool (inference, training)");
      }
      out.add(p);
    }
    return out;
  }

  /** {@code FLEETSCALE_SIM_SPARE}: {@code pool=count,...}, hosts of each pool that start spare. */
  static Map<String, Integer> spare(String text) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String entry : text.split(",")) {
      int eq = entry.indexOf('=');
      String count = eq > 0 ? entry.substring(eq + 1).trim() : "";
      if (eq <= 0 || !count.matches("\\d{1,6}")) {
        throw new IllegalArgumentException("FLEETSCALE_SIM_SPARE: '" + entry.trim() + "' must be pool=count (a whole number >= 0)");
      }
      out.put(entry.substring(0, eq).trim(), Integer.parseInt(count));
    }
    return out;
  }

  /** {@code FLEETSCALE_KAFKA_PROPERTIES}: {@code key=value,...}, passed to the client last. */
  static Map<String, String> properties(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String entry : text.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("FLEETSCALE_KAFKA_PROPERTIES: '" + entry.trim() + "' must be key=value");
      }
      out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return out;
  }

  /**
   * The demand the inference pool follows: the shipped Azure trace when {@code override} is unset,
   * otherwise the file it names, read as a raw trace or as a series by its header.
   *
   * @throws IllegalArgumentException naming FLEETSCALE_SIM_TRACE when the file is missing or wrong
   */
  static DemandTrace demand(String override) {
    if (override == null || override.isBlank()) {
      return DemandTrace.azureConversation2023();
    }
    Path path = Path.of(override.trim());
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("FLEETSCALE_SIM_TRACE: no such file " + path.toAbsolutePath());
    }
    String header;
    try (var lines = Files.lines(path)) {
      header = lines.findFirst().orElse("").replace("\uFEFF", "").trim();
    } catch (IOException e) {
      throw new UncheckedIOException("FLEETSCALE_SIM_TRACE: cannot read " + path, e);
    }
    if (header.equals(TraceSeries.RAW_HEADER)) {
      return DemandTrace.read(path, BUCKET);
    }
    if (header.equals(TraceSeries.HEADER)) {
      return DemandTrace.of(TraceSeries.read(path));
    }
    throw new IllegalArgumentException("FLEETSCALE_SIM_TRACE: " + path + " must start with the header "
        + TraceSeries.RAW_HEADER + " (a raw trace) or " + TraceSeries.HEADER + " (a series), was '" + header + "'");
  }
}
