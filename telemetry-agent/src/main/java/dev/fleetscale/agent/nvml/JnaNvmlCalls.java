package dev.fleetscale.agent.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link NvmlCalls} over the JNA binding: the thin layer that touches native memory. It maps NVML's
 * sentinels to null, picks optional functions the loaded driver has, and keeps device handles.
 *
 * <p>Thread-safe as NVML is (NVML is thread-safe); the XID waiter thread and the sampling thread may call
 * it concurrently.
 */
public final class JnaNvmlCalls implements NvmlCalls {

  /** Extra room when filling the process buffer, since processes start between the count and the fill. */
  static final int PROCESS_HEADROOM = 8;

  /** How many times to grow the process buffer before giving up with NVML_ERROR_INSUFFICIENT_SIZE. */
  static final int PROCESS_ATTEMPTS = 4;

  private static final long UINT_NOT_AVAILABLE = 0xFFFFFFFFL;

  private final Nvml nvml;
  private final NvmlDirect.Optionals optional;
  private final Map<Integer, Pointer> handles = new ConcurrentHashMap<>();
  private volatile Pointer eventSet;

  public JnaNvmlCalls(NvmlLibrary library) {
    this.nvml = library.nvml();
    // The per-read calls go through NvmlDirect; identity, events and init through the interface.
    // Binding again here (NvmlLibrary.load bound it already) points NvmlDirect back at this
    // library when another one was loaded since (tests load several stubs in turn).
    this.optional = NvmlDirect.bindTo(library.nativeLibrary());
  }

  @Override
  public int init() {
    return nvml.nvmlInit_v2();
  }

  @Override
  public int shutdown() {
    handles.clear();
    return nvml.nvmlShutdown();
  }

  @Override
  public String errorString(int code) {
    return nvml.nvmlErrorString(code);
  }

  @Override
  public NvmlResult<String> driverVersion() {
    byte[] buffer = new byte[Nvml.NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
    return string("nvmlSystemGetDriverVersion", nvml.nvmlSystemGetDriverVersion(buffer, buffer.length), buffer);
  }

  @Override
  public NvmlResult<String> nvmlVersion() {
    byte[] buffer = new byte[Nvml.NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE];
    return string("nvmlSystemGetNVMLVersion", nvml.nvmlSystemGetNVMLVersion(buffer, buffer.length), buffer);
  }

  @Override
  public NvmlResult<Integer> deviceCount() {
    IntByReference count = new IntByReference();
    int rc = nvml.nvmlDeviceGetCount_v2(count);
    return rc == Nvml.NVML_SUCCESS
        ? NvmlResult.success("nvmlDeviceGetCount_v2", count.getValue())
        : NvmlResult.failure("nvmlDeviceGetCount_v2", rc);
  }

  @Override
  public NvmlResult<Integer> deviceHandle(int index) {
    PointerByReference handle = new PointerByReference();
    int rc = nvml.nvmlDeviceGetHandleByIndex_v2(index, handle);
    if (rc != Nvml.NVML_SUCCESS) {
      return NvmlResult.failure("nvmlDeviceGetHandleByIndex_v2", rc);
    }
    handles.put(index, handle.getValue());
    return NvmlResult.success("nvmlDeviceGetHandleByIndex_v2", index);
  }

  @Override
  public NvmlResult<String> uuid(int index) {
    return device("nvmlDeviceGetUUID", index, d -> {
      byte[] buffer = new byte[Nvml.NVML_DEVICE_UUID_V2_BUFFER_SIZE];
      return string("nvmlDeviceGetUUID", nvml.nvmlDeviceGetUUID(d, buffer, buffer.length), buffer);
    });
  }

  @Override
  public NvmlResult<String> name(int index) {
    return device("nvmlDeviceGetName", index, d -> {
      byte[] buffer = new byte[Nvml.NVML_DEVICE_NAME_V2_BUFFER_SIZE];
      return string("nvmlDeviceGetName", nvml.nvmlDeviceGetName(d, buffer, buffer.length), buffer);
    });
  }

  @Override
  public NvmlResult<PciInfo> pciInfo(int index) {
    return device("nvmlDeviceGetPciInfo_v3", index, d -> {
      Nvml.nvmlPciInfo_t pci = new Nvml.nvmlPciInfo_t();
      int rc = nvml.nvmlDeviceGetPciInfo_v3(d, pci);
      return result("nvmlDeviceGetPciInfo_v3", rc, () -> new PciInfo(
          Native.toString(pci.busId), Native.toString(pci.busIdLegacy), unsigned(pci.domain), unsigned(pci.bus),
          unsigned(pci.device), unsigned(pci.pciDeviceId), unsigned(pci.pciSubSystemId)));
    });
  }

  @Override
  public NvmlResult<Utilization> utilization(int index) {
    String function = "nvmlDeviceGetUtilizationRates";
    return device(function, index, d -> direct(function,
        out -> NvmlDirect.nvmlDeviceGetUtilizationRates(d, out),
        out -> new Utilization(unsigned(out.getInt(Layout.UTIL_GPU)), unsigned(out.getInt(Layout.UTIL_MEMORY)))));
  }

  @Override
  public NvmlResult<MemoryInfo> memoryInfo(int index) {
    if (optional.memoryInfoV2()) {
      String function = "nvmlDeviceGetMemoryInfo_v2";
      return device(function, index, d -> direct(function,
          out -> {
            out.setInt(Layout.MEM2_VERSION, Nvml.nvmlMemory_v2);
            return NvmlDirect.MemoryInfoV2.nvmlDeviceGetMemoryInfo_v2(d, out);
          },
          out -> new MemoryInfo(out.getLong(Layout.MEM2_TOTAL), out.getLong(Layout.MEM2_RESERVED),
              out.getLong(Layout.MEM2_FREE), out.getLong(Layout.MEM2_USED))));
    }
    String function = "nvmlDeviceGetMemoryInfo";
    return device(function, index, d -> direct(function,
        out -> NvmlDirect.nvmlDeviceGetMemoryInfo(d, out),
        out -> new MemoryInfo(out.getLong(Layout.MEM1_TOTAL), null, out.getLong(Layout.MEM1_FREE), out.getLong(Layout.MEM1_USED))));
  }

  @Override
  public NvmlResult<Long> powerUsageMilliwatts(int index) {
    return device("nvmlDeviceGetPowerUsage", index,
        d -> uint("nvmlDeviceGetPowerUsage", out -> NvmlDirect.nvmlDeviceGetPowerUsage(d, out)));
  }

  @Override
  public NvmlResult<Long> enforcedPowerLimitMilliwatts(int index) {
    return device("nvmlDeviceGetEnforcedPowerLimit", index,
        d -> uint("nvmlDeviceGetEnforcedPowerLimit", out -> NvmlDirect.nvmlDeviceGetEnforcedPowerLimit(d, out)));
  }

  @Override
  public NvmlResult<Long> totalEnergyConsumptionMillijoules(int index) {
    return device("nvmlDeviceGetTotalEnergyConsumption", index,
        d -> ulong("nvmlDeviceGetTotalEnergyConsumption", out -> NvmlDirect.nvmlDeviceGetTotalEnergyConsumption(d, out)));
  }

  @Override
  public NvmlResult<Long> temperatureGpuCelsius(int index) {
    return device("nvmlDeviceGetTemperature", index, d -> uint("nvmlDeviceGetTemperature",
        out -> NvmlDirect.nvmlDeviceGetTemperature(d, Nvml.NVML_TEMPERATURE_GPU, out)));
  }

  @Override
  public NvmlResult<Long> clockMhz(int index, int clockType) {
    return device("nvmlDeviceGetClockInfo", index,
        d -> uint("nvmlDeviceGetClockInfo", out -> NvmlDirect.nvmlDeviceGetClockInfo(d, clockType, out)));
  }

  @Override
  public NvmlResult<Long> pcieThroughputKilobytesPerSecond(int index, int counter) {
    return device("nvmlDeviceGetPcieThroughput", index,
        d -> uint("nvmlDeviceGetPcieThroughput", out -> NvmlDirect.nvmlDeviceGetPcieThroughput(d, counter, out)));
  }

  @Override
  public NvmlResult<Long> pcieReplayCounter(int index) {
    return device("nvmlDeviceGetPcieReplayCounter", index,
        d -> uint("nvmlDeviceGetPcieReplayCounter", out -> NvmlDirect.nvmlDeviceGetPcieReplayCounter(d, out)));
  }

  @Override
  public NvmlResult<Long> totalEccErrors(int index, int errorType, int counterType) {
    return device("nvmlDeviceGetTotalEccErrors", index, d -> ulong("nvmlDeviceGetTotalEccErrors",
        out -> NvmlDirect.nvmlDeviceGetTotalEccErrors(d, errorType, counterType, out)));
  }

  @Override
  public NvmlResult<RemappedRows> remappedRows(int index) {
    String function = "nvmlDeviceGetRemappedRows";
    return device(function, index, d -> direct(function,
        out -> NvmlDirect.nvmlDeviceGetRemappedRows(d, out, out.share(4), out.share(8), out.share(12)),
        out -> new RemappedRows(unsigned(out.getInt(0)), unsigned(out.getInt(4)), out.getInt(8) != 0, out.getInt(12) != 0)));
  }

  @Override
  public NvmlResult<Long> clocksEventReasons(int index) {
    if (optional.clocksEventReasons()) {
      return device("nvmlDeviceGetCurrentClocksEventReasons", index, d -> ulong("nvmlDeviceGetCurrentClocksEventReasons",
          out -> NvmlDirect.ClocksEventReasons.nvmlDeviceGetCurrentClocksEventReasons(d, out)));
    }
    if (!optional.clocksThrottleReasons()) {
      return NvmlResult.failure("nvmlDeviceGetCurrentClocksEventReasons", Nvml.NVML_ERROR_FUNCTION_NOT_FOUND);
    }
    return device("nvmlDeviceGetCurrentClocksThrottleReasons", index, d -> ulong("nvmlDeviceGetCurrentClocksThrottleReasons",
        out -> NvmlDirect.ClocksThrottleReasons.nvmlDeviceGetCurrentClocksThrottleReasons(d, out)));
  }

  @Override
  public NvmlResult<Long> performanceState(int index) {
    NvmlResult<Long> raw = device("nvmlDeviceGetPerformanceState", index,
        d -> uint("nvmlDeviceGetPerformanceState", out -> NvmlDirect.nvmlDeviceGetPerformanceState(d, out)));
    return raw.ok() && raw.value() == Nvml.NVML_PSTATE_UNKNOWN ? NvmlResult.success(raw.function(), null) : raw;
  }

  @Override
  public NvmlResult<Long> fanSpeedPercent(int index) {
    return device("nvmlDeviceGetFanSpeed", index,
        d -> uint("nvmlDeviceGetFanSpeed", out -> NvmlDirect.nvmlDeviceGetFanSpeed(d, out)));
  }

  @Override
  public NvmlResult<MigMode> migMode(int index) {
    String function = "nvmlDeviceGetMigMode";
    return device(function, index, d -> direct(function,
        out -> NvmlDirect.nvmlDeviceGetMigMode(d, out, out.share(4)),
        out -> new MigMode(unsigned(out.getInt(0)), unsigned(out.getInt(4)))));
  }

  @Override
  public NvmlResult<List<ProcessInfo>> computeRunningProcesses(int index) {
    String function = "nvmlDeviceGetComputeRunningProcesses_v3";
    return device(function, index, d -> {
      Memory count = scratch();
      count.setInt(0, 0);
      int rc = NvmlDirect.nvmlDeviceGetComputeRunningProcesses_v3(d, count, null);
      for (int attempt = 0; rc == Nvml.NVML_ERROR_INSUFFICIENT_SIZE && attempt < PROCESS_ATTEMPTS; attempt++) {
        int capacity = count.getInt(0) + PROCESS_HEADROOM;
        Memory infos = processBuffer(capacity);
        count.setInt(0, capacity);
        rc = NvmlDirect.nvmlDeviceGetComputeRunningProcesses_v3(d, count, infos);
        if (rc == Nvml.NVML_SUCCESS) {
          int filled = count.getInt(0);
          List<ProcessInfo> processes = new ArrayList<>(filled);
          for (int i = 0; i < filled; i++) {
            processes.add(process(infos, (long) i * Layout.PROC_SIZE));
          }
          return NvmlResult.success(function, List.copyOf(processes));
        }
      }
      return rc == Nvml.NVML_SUCCESS ? NvmlResult.success(function, List.of()) : NvmlResult.failure(function, rc);
    });
  }

  private static ProcessInfo process(Memory infos, long at) {
    long used = infos.getLong(at + Layout.PROC_USED_MEMORY);
    return new ProcessInfo(
        unsigned(infos.getInt(at + Layout.PROC_PID)),
        used == Nvml.NVML_VALUE_NOT_AVAILABLE ? null : used,
        uintOrNull(infos.getInt(at + Layout.PROC_GPU_INSTANCE)),
        uintOrNull(infos.getInt(at + Layout.PROC_COMPUTE_INSTANCE)));
  }

  @Override
  public synchronized NvmlResult<Integer> registerXidEvents(int index) {
    String function = "nvmlDeviceRegisterEvents";
    if (eventSet == null) {
      PointerByReference set = new PointerByReference();
      int rc = nvml.nvmlEventSetCreate(set);
      if (rc != Nvml.NVML_SUCCESS) {
        return NvmlResult.failure("nvmlEventSetCreate", rc);
      }
      eventSet = set.getValue();
    }
    Pointer set = eventSet;
    return device(function, index, d -> {
      int rc = nvml.nvmlDeviceRegisterEvents(d, Nvml.nvmlEventTypeXidCriticalError, set);
      return rc == Nvml.NVML_SUCCESS ? NvmlResult.success(function, index) : NvmlResult.failure(function, rc);
    });
  }

  @Override
  public NvmlResult<XidNotice> waitXid(int timeoutMillis) {
    String function = "nvmlEventSetWait_v2";
    Pointer set = eventSet;
    if (set == null) {
      return NvmlResult.failure(function, Nvml.NVML_ERROR_UNINITIALIZED);
    }
    Nvml.nvmlEventData_t data = new Nvml.nvmlEventData_t();
    int rc = nvml.nvmlEventSetWait_v2(set, data, timeoutMillis);
    if (rc != Nvml.NVML_SUCCESS) {
      return NvmlResult.failure(function, rc);
    }
    int device = indexOf(data.device);
    if (device < 0 || (data.eventType & Nvml.nvmlEventTypeXidCriticalError) == 0) {
      return NvmlResult.failure(function, Nvml.NVML_ERROR_UNKNOWN); // not an event this agent registered for
    }
    return NvmlResult.success(function, new XidNotice(device, data.eventData));
  }

  @Override
  public synchronized void freeXidEvents() {
    if (eventSet != null) {
      nvml.nvmlEventSetFree(eventSet);
      eventSet = null;
    }
  }

  private int indexOf(Pointer device) {
    for (Map.Entry<Integer, Pointer> e : handles.entrySet()) {
      if (e.getValue().equals(device)) {
        return e.getKey();
      }
    }
    return -1;
  }

  /** Runs a call on the device's handle, fetching the handle first if this is the device's first call. */
  private <T> NvmlResult<T> device(String function, int index, DeviceCall<T> call) {
    Pointer handle = handles.get(index);
    if (handle == null) {
      NvmlResult<Integer> fetched = deviceHandle(index);
      if (!fetched.ok()) {
        return NvmlResult.failure(function, fetched.code());
      }
      handle = handles.get(index);
    }
    return call.on(handle);
  }

  @FunctionalInterface
  private interface DeviceCall<T> {
    NvmlResult<T> on(Pointer device);
  }

  /** A direct call that writes its result through {@code out}. */
  @FunctionalInterface
  private interface OutCall {
    int call(Pointer out);
  }

  private static NvmlResult<Long> uint(String function, OutCall call) {
    return direct(function, call, out -> unsigned(out.getInt(0)));
  }

  private static NvmlResult<Long> ulong(String function, OutCall call) {
    return direct(function, call, out -> {
      long value = out.getLong(0);
      return value == Nvml.NVML_VALUE_NOT_AVAILABLE ? null : value;
    });
  }

  /** Makes a direct call into this thread's buffer and, when it succeeds, reads the value from there. */
  private static <T> NvmlResult<T> direct(String function, OutCall call, Function<Memory, T> read) {
    Memory out = scratch();
    int rc = call.call(out);
    return rc == Nvml.NVML_SUCCESS ? NvmlResult.success(function, read.apply(out)) : NvmlResult.failure(function, rc);
  }

  /**
   * This thread's out-parameter buffer, reused by every direct call (the sampling worker makes them
   * one at a time; each call reads its result before the next call).
   */
  private static Memory scratch() {
    return SCRATCH.get().out;
  }

  /** This thread's buffer for {@code capacity} process entries, grown when a GPU has more. */
  private static Memory processBuffer(int capacity) {
    Scratch scratch = SCRATCH.get();
    long bytes = (long) capacity * Layout.PROC_SIZE;
    if (scratch.processes == null || scratch.processes.size() < bytes) {
      scratch.processes = new Memory(Math.max(bytes, 16L * Layout.PROC_SIZE));
    }
    return scratch.processes;
  }

  private static final class Scratch {
    /** Room for the largest out-parameter read per call: nvmlMemory_v2_t (40 bytes). */
    final Memory out = new Memory(64);
    Memory processes;
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Byte offsets of nvml.h's structs, from {@link Nvml}'s {@code @FieldOrder} declarations. */
  private static final class Layout {
    static final int UTIL_GPU;
    static final int UTIL_MEMORY;
    static final int MEM1_TOTAL;
    static final int MEM1_FREE;
    static final int MEM1_USED;
    static final int MEM2_VERSION;
    static final int MEM2_TOTAL;
    static final int MEM2_RESERVED;
    static final int MEM2_FREE;
    static final int MEM2_USED;
    static final int PROC_SIZE;
    static final int PROC_PID;
    static final int PROC_USED_MEMORY;
    static final int PROC_GPU_INSTANCE;
    static final int PROC_COMPUTE_INSTANCE;

    static {
      Nvml.nvmlUtilization_t util = new Nvml.nvmlUtilization_t();
      UTIL_GPU = util.offsetOf("gpu");
      UTIL_MEMORY = util.offsetOf("memory");
      Nvml.nvmlMemory_t mem1 = new Nvml.nvmlMemory_t();
      MEM1_TOTAL = mem1.offsetOf("total");
      MEM1_FREE = mem1.offsetOf("free");
      MEM1_USED = mem1.offsetOf("used");
      Nvml.nvmlMemory_v2_t mem2 = new Nvml.nvmlMemory_v2_t();
      MEM2_VERSION = mem2.offsetOf("version");
      MEM2_TOTAL = mem2.offsetOf("total");
      MEM2_RESERVED = mem2.offsetOf("reserved");
      MEM2_FREE = mem2.offsetOf("free");
      MEM2_USED = mem2.offsetOf("used");
      Nvml.nvmlProcessInfo_t proc = new Nvml.nvmlProcessInfo_t();
      PROC_SIZE = proc.byteSize();
      PROC_PID = proc.offsetOf("pid");
      PROC_USED_MEMORY = proc.offsetOf("usedGpuMemory");
      PROC_GPU_INSTANCE = proc.offsetOf("gpuInstanceId");
      PROC_COMPUTE_INSTANCE = proc.offsetOf("computeInstanceId");
    }

    private Layout() {}
  }

  private static NvmlResult<String> string(String function, int rc, byte[] buffer) {
    return result(function, rc, () -> Native.toString(buffer));
  }

  private static <T> NvmlResult<T> result(String function, int rc, Supplier<T> value) {
    return rc == Nvml.NVML_SUCCESS ? NvmlResult.success(function, value.get()) : NvmlResult.failure(function, rc);
  }

  private static long unsigned(int value) {
    return Integer.toUnsignedLong(value);
  }

  private static Long uintOrNull(int value) {
    long v = Integer.toUnsignedLong(value);
    return v == UINT_NOT_AVAILABLE ? null : v;
  }
}
