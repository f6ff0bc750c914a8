package dev.fleetscale.agent.nvml;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.HashMap;
import java.util.Map;

/**
 * The NVML functions read on every sample of every GPU, direct-mapped: JNA binds these native
 * methods to the library's symbols once ({@code Native.register}), so a call goes straight to the
 * function, without the interface mapping's proxy, reflection, argument conversion and native
 * allocation per out-parameter. About 20 calls per GPU per second made those costs the largest
 * part of the agent's own CPU (docs/benchmarks-agent.md).
 *
 * <p>Each function is declared here or in {@link Nvml}, never in both: the interface keeps only the
 * calls made at start and for events. Declarations only, as in {@link Nvml}: nvml.h's names and
 * argument order. Every out-parameter is a {@link Pointer} into a buffer the caller reuses;
 * structs are laid out as {@link Nvml}'s {@code @FieldOrder} declarations say
 * ({@link NvmlStruct#offsetOf}).
 *
 * <p>JNA binds a class's native methods to one library per JVM. A host has one NVML, so
 * {@link #bindTo} binds on first use; it rebinds when another library is loaded later (tests load
 * the stub and the old-driver stub in turn). Functions a driver may lack are in nested classes,
 * bound only when the library has them.
 */
final class NvmlDirect {

  private static final Map<Class<?>, NativeLibrary> BOUND = new HashMap<>();

  private NvmlDirect() {}

  /**
   * Binds the required functions, and each optional group the library exports, to {@code library}.
   *
   * @return which optional functions the library has, and so were bound
   * @throws UnsatisfiedLinkError when the library lacks a required function (a driver older than
   *     r510, which also lacks the _v3 process query)
   */
  static synchronized Optionals bindTo(NativeLibrary library) {
    bind(NvmlDirect.class, library);
    return new Optionals(
        bindIfPresent(MemoryInfoV2.class, library, "nvmlDeviceGetMemoryInfo_v2"),
        bindIfPresent(ClocksEventReasons.class, library, "nvmlDeviceGetCurrentClocksEventReasons"),
        bindIfPresent(ClocksThrottleReasons.class, library, "nvmlDeviceGetCurrentClocksThrottleReasons"));
  }

  /** The optional functions a library has (each bound by {@link #bindTo}). */
  record Optionals(boolean memoryInfoV2, boolean clocksEventReasons, boolean clocksThrottleReasons) {}

  private static boolean bindIfPresent(Class<?> group, NativeLibrary library, String function) {
    try {
      library.getFunction(function);
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
    bind(group, library);
    return true;
  }

  private static void bind(Class<?> group, NativeLibrary library) {
    if (BOUND.get(group) == library) {
      return;
    }
    if (BOUND.remove(group) != null) {
      Native.unregister(group);
    }
    Native.register(group, library);
    BOUND.put(group, library);
  }

  static native int nvmlDeviceGetUtilizationRates(Pointer device, Pointer utilization);

  static native int nvmlDeviceGetMemoryInfo(Pointer device, Pointer memory);

  static native int nvmlDeviceGetPowerUsage(Pointer device, Pointer power);

  static native int nvmlDeviceGetEnforcedPowerLimit(Pointer device, Pointer limit);

  static native int nvmlDeviceGetTotalEnergyConsumption(Pointer device, Pointer energy);

  static native int nvmlDeviceGetTemperature(Pointer device, int sensorType, Pointer temp);

  static native int nvmlDeviceGetClockInfo(Pointer device, int type, Pointer clock);

  static native int nvmlDeviceGetPcieThroughput(Pointer device, int counter, Pointer value);

  static native int nvmlDeviceGetPcieReplayCounter(Pointer device, Pointer value);

  static native int nvmlDeviceGetTotalEccErrors(Pointer device, int errorType, int counterType, Pointer eccCounts);

  static native int nvmlDeviceGetRemappedRows(
      Pointer device, Pointer corrRows, Pointer uncRows, Pointer isPending, Pointer failureOccurred);

  static native int nvmlDeviceGetPerformanceState(Pointer device, Pointer pState);

  static native int nvmlDeviceGetFanSpeed(Pointer device, Pointer speed);

  static native int nvmlDeviceGetMigMode(Pointer device, Pointer currentMode, Pointer pendingMode);

  /** {@code infos} may be null to ask for the count. */
  static native int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, Pointer infoCount, Pointer infos);

  /** Drivers before r510 lack it. */
  static final class MemoryInfoV2 {
    private MemoryInfoV2() {}

    static native int nvmlDeviceGetMemoryInfo_v2(Pointer device, Pointer memory);
  }

  /** Added in r535. */
  static final class ClocksEventReasons {
    private ClocksEventReasons() {}

    static native int nvmlDeviceGetCurrentClocksEventReasons(Pointer device, Pointer clocksEventReasons);
  }

  /** Deprecated by NVIDIA since r535 in favour of the event reasons; a future driver may drop it. */
  static final class ClocksThrottleReasons {
    private ClocksThrottleReasons() {}

    static native int nvmlDeviceGetCurrentClocksThrottleReasons(Pointer device, Pointer clocksThrottleReasons);
  }
}
