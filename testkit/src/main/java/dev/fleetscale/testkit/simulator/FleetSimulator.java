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
 * pool {@code inference} following a real LLM inference trace (the Azure 2023 trace, read from
 * {@code ../shared/data/} when it is there, a synthetic wave otherwise), the rest in pool
 * {@code training} running steadily hot. Every {@code FLEETSCALE_SIM_TICK_MS} (default 1000) it
 * rewrites one NVML stub scenario file per host, which the agent on that host reads.
 *
 * <p>Usage: {@code FleetSimulator <scenario folder> <hosts>}. {@code FLEETSCALE_SIM_SPEED} plays
 * the trace faster (default 1: the trace's hour takes an hour).
 */
public final class FleetSimulator {

  private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
  static final Path DEFAULT_TRACE = Path.of("..", "shared", "data", "azure-llm-inference-2023", "AzureLLMInferenceTrace_conv.csv");

  private FleetSimulator() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: FleetSimulator <scenario folder> <hosts>");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    int hosts = Integer.parseInt(args[1]);
    double speed = Double.parseDouble(System.getenv().getOrDefault("FLEETSCALE_SIM_SPEED", "1"));
    long tickMs = Long.parseLong(System.getenv().getOrDefault("FLEETSCALE_SIM_TICK_MS", "1000"));
    Path tracePath = Path.of(System.getenv().getOrDefault("FLEETSCALE_SIM_TRACE", DEFAULT_TRACE.toString()));
    DemandTrace trace;
    if (Files.isRegularFile(tracePath)) {
      trace = DemandTrace.read(tracePath, Duration.ofSeconds(10));
      log.info("inference demand follows {} ({} buckets of 10 s)", tracePath, trace.buckets());
    } else {
      trace = DemandTrace.synthetic(Duration.ofSeconds(10), 360);
      log.info("trace {} not found: inference demand follows a synthetic wave", tracePath);
    }
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
          boolean inference = i < Math.max(1, fleet.size() / 2);
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
}
