package dev.fleetscale.testkit.simulator;

import dev.fleetscale.testkit.nvml.NvmlScenario;
import java.util.Random;

/**
 * One simulated GPU host: eight H200-like GPUs whose utilization follows a demand level, with
 * power, temperature, memory and energy that follow utilization the way they do on a real card.
 * Its state becomes an NVML stub scenario, so the agent on this host reads it through the same
 * JNA calls it makes against a real driver.
 *
 * <p>Not thread-safe: one simulator thread owns it.
 */
public final class SimulatedHost {

  static final long MEMORY_TOTAL = 150_754_820_096L; // H200 as NVML reports it
  static final long POWER_IDLE_MW = 90_000;
  static final long POWER_LIMIT_MW = 700_000;
  static final int GPUS = 8;

  private final String hostId;
  private final Random random;
  private final long[] energyMillijoules = new long[GPUS];
  private final int[] utilization = new int[GPUS];

  public SimulatedHost(String hostId, long seed) {
    this.hostId = hostId;
    this.random = new Random(seed);
  }

  /**
   * Advances the host by {@code seconds} at {@code load} (0 idle, 1 busy; above 1 saturates) and
   * returns the scenario for the stub.
   */
  public NvmlScenario advance(double load, double seconds) {
    NvmlScenario scenario = NvmlScenario.create().driverVersion("550.54.15").nvmlVersion("12.550.54.15");
    for (int gpu = 0; gpu < GPUS; gpu++) {
      double jitter = 1.0 + 0.08 * random.nextGaussian();
      int util = (int) Math.max(0, Math.min(100, Math.round(100 * load * jitter)));
      utilization[gpu] = util;
      long powerMw = POWER_IDLE_MW + (POWER_LIMIT_MW - POWER_IDLE_MW) * util / 100;
      energyMillijoules[gpu] += Math.round(powerMw * seconds);
      long used = (long) (MEMORY_TOTAL * Math.min(0.95, 0.15 + 0.75 * util / 100.0));
      int index = gpu;
      scenario.typicalH200(gpu).device(gpu, d -> d
          .uuid(String.format("GPU-%08x-%04x-4000-8000-%012x", Math.abs(hostId.hashCode()), index, (long) index))
          .utilization(util, Math.max(0, util - 20))
          .memory(MEMORY_TOTAL, 566_231_040L, used)
          .powerMilliwatts(powerMw)
          .energyMillijoules(energyMillijoules[index])
          .temperatureGpu(32 + util * 45 / 100)
          .clockSm(util > 5 ? 1_980 : 345)
          .performanceState(util > 5 ? 0 : 8));
    }
    return scenario;
  }

  public String hostId() {
    return hostId;
  }

  /** GPU utilization percent of each GPU after the last {@link #advance}. */
  public int[] utilization() {
    return utilization.clone();
  }
}
