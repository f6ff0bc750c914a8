package dev.fleetscale.testkit.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated fleet of {@code ./fleetscale run}: hosts {@code sim-gpu-1..N}, the first half in
 * pool {@code inference} following a real LLM inference trace, the rest in pool {@code training}
 * running steadily hot. Every {@code FLEETSCALE_SIM_TICK_MS} (default 1000) it rewrites one NVML
 * stub scenario file per host, which the agent on that host reads.
 *
 * <p>The inference demand is the Azure LLM inference trace 2023 (conversation service, one hour
 * on 2023-11-16) as requests and tokens per 10 s, shipped in the testkit
 * ({@link TraceSeries#AZURE_CONV_2023}); {@code FLEETSCALE_SIM_TRACE} names another file instead:
 * a raw trace ({@code TIMESTAMP,ContextTokens,GeneratedTokens}) or a series in
 * {@link TraceSeries}'s form. The trace repeats after its end.
 *
 * <p>Usage: {@code FleetSimulator <scenario folder> <hosts>}. {@code FLEETSCALE_SIM_SPEED} plays
 * the trace faster (default 1: the trace's hour takes an hour).
 */
public final class FleetSimulator {

  private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
  static final Duration BUCKET = Duration.ofSeconds(10);

  private FleetSimulator() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: FleetSimulator <scenario folder> <hosts>");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    int hosts = (int) positive("hosts (second argument)", args[1]);
    double speed = positive("FLEETSCALE_SIM_SPEED", System.getenv().getOrDefault("FLEETSCALE_SIM_SPEED", "1"));
    long tickMs = (long) positive("FLEETSCALE_SIM_TICK_MS", System.getenv().getOrDefault("FLEETSCALE_SIM_TICK_MS", "1000"));
    DemandTrace trace = demand(System.getenv("FLEETSCALE_SIM_TRACE"));
    log.info("inference demand follows {} ({} buckets of {} s, repeating; speed {}x)", trace.source(),
        trace.buckets(), trace.length().dividedBy(trace.buckets()).toSeconds(), speed);
    List<SimulatedHost> fleet = new ArrayList<>();
    for (int i = 1; i <= hosts; i++) {
      fleet.add(new SimulatedHost("sim-gpu-" + i, i));
    }
    Files.createDirectories(folder);
    long started = System.nanoTime();
    DemandTrace demand = trace;
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    Runnable tick = () -> {
      try {
        Duration elapsed = Duration.ofNanos((long) ((System.nanoTime() - started) * speed));
        for (int i = 0; i < fleet.size(); i++) {
          SimulatedHost host = fleet.get(i);
          boolean inference = inInferencePool(i, fleet.size());
          double load = inference ? 0.85 * demand.relativeLoad(elapsed) : 0.9;
          host.advance(load, tickMs / 1000.0).writeTo(folder.resolve(host.hostId() + ".scenario"));
        }
      } catch (RuntimeException e) {
        log.error("simulator tick failed", e);
      }
    };
    tick.run(); // the agents find a scenario at their first sample
    ticker.scheduleAtFixedRate(tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    log.info("simulating {} hosts into {}", hosts, folder.toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(ticker::shutdownNow));
    Thread.currentThread().join();
  }

  /**
   * Whether host {@code index} (0-based) of {@code hosts} is in pool {@code inference}: the first
   * half, rounded up, as {@code ./fleetscale run} labels the agents.
   */
  static boolean inInferencePool(int index, int hosts) {
    return index < (hosts + 1) / 2;
  }

  private static double positive(String name, String value) {
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
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("FLEETSCALE_SIM_TRACE: cannot read " + path, e);
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
