package dev.fleetscale.testkit.simulator;

import dev.fleetscale.testkit.nvml.NvmlScenario;
import java.util.Arrays;
import java.util.Random;

/**
 * One simulated GPU host: GPUs (eight H200-like by default) whose utilization follows the load
 * the simulator gives each one, with power, temperature, memory and energy that follow
 * utilization the way they do on a real card (the model is in docs/simulator.md). Its state
 * becomes an NVML stub scenario, so the agent on this host reads it through the same JNA calls it
 * makes against a real driver.
 *
 * <p>Not thread-safe: one simulator thread owns it.
 */
public final class SimulatedHost {

  static final long MEMORY_TOTAL = 150_754_820_096L; // H200 as NVML reports it
  static final long MEMORY_RESERVED = 566_231_040L;
  static final long POWER_IDLE_MW = 90_000;
  static final long POWER_LIMIT_MW = 700_000;
  static final int GPUS = 8;

  private final String hostId;
  private final int gpus;
  private final long memoryTotal;
  private final Random random;
  private final long[] energyMillijoules;
  private final int[] utilization;

  /** Eight H200 GPUs. */
  public SimulatedHost(String hostId, long seed) {
    this(hostId, seed, GPUS, MEMORY_TOTAL);
  }

  public SimulatedHost(String hostId, long seed, int gpus, long memoryTotalBytes) {
    if (gpus < 1 || gpus > 64) {
      throw new IllegalArgumentException("host " + hostId + ": gpus must be 1..64, was " + gpus);
    }
    this.hostId = hostId;
    this.gpus = gpus;
    this.memoryTotal = memoryTotalBytes;
    this.random = new Random(seed);
    this.energyMillijoules = new long[gpus];
    this.utilization = new int[gpus];
  }

  /**
   * Advances the host by {@code seconds} with every GPU at {@code load} (0 idle, 1 busy; above 1
   * saturates) and memory following utilization, and returns the scenario for the stub.
   */
  public NvmlScenario advance(double load, double seconds) {
    double[] loads = new double[gpus];
    double[] memory = new double[gpus];
    Arrays.fill(loads, load);
    Arrays.fill(memory, -1);
    return advance(loads, memory, seconds);
  }

  /**
   * Advances the host by {@code seconds}.
   *
   * @param gpuLoad per GPU, 0 idle to 1 busy (jittered by a few percent, clipped to 0..100 %)
   * @param memoryUsedFraction per GPU, the share of its memory in use; a negative value derives it
   *     from utilization ({@code 0.15 + 0.75 × util})
   */
  public NvmlScenario advance(double[] gpuLoad, double[] memoryUsedFraction, double seconds) {
    NvmlScenario scenario = NvmlScenario.create().driverVersion("550.54.15").nvmlVersion("12.550.54.15");
    for (int gpu = 0; gpu < gpus; gpu++) {
      double load = gpu < gpuLoad.length ? gpuLoad[gpu] : 0;
      double jitter = load > 0 ? 1.0 + 0.08 * random.nextGaussian() : 1.0;
      int util = (int) Math.max(0, Math.min(100, Math.round(100 * load * jitter)));
      utilization[gpu] = util;
      long powerMw = POWER_IDLE_MW + (POWER_LIMIT_MW - POWER_IDLE_MW) * util / 100;
      energyMillijoules[gpu] += Math.round(powerMw * seconds);
      double fraction = gpu < memoryUsedFraction.length ? memoryUsedFraction[gpu] : -1;
      if (fraction < 0) {
        fraction = 0.15 + 0.75 * util / 100.0;
      }
      long used = (long) (memoryTotal * Math.min(0.95, fraction));
      int index = gpu;
      scenario.typicalH200(gpu).device(gpu, d -> d
          .uuid(String.format("GPU-%08x-%04x-4000-8000-%012x", Math.abs(hostId.hashCode()), index, (long) index))
          .utilization(util, Math.max(0, util - 20))
          .memory(memoryTotal, MEMORY_RESERVED, used)
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

  public int gpus() {
    return gpus;
  }

  /** GPU utilization percent of each GPU after the last {@link #advance}. */
  public int[] utilization() {
    return utilization.clone();
  }
}
