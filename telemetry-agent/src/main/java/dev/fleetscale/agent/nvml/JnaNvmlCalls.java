package dev.fleetscale.agent.nvml;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
  private final boolean hasClocksEventReasons;
  private final boolean hasMemoryInfoV2;
  private final Map<Integer, Pointer> handles = new ConcurrentHashMap<>();
  private volatile Pointer eventSet;

  public JnaNvmlCalls(NvmlLibrary library) {
    this.nvml = library.nvml();
    this.hasClocksEventReasons = library.hasFunction("nvmlDeviceGetCurrentClocksEventReasons");
    this.hasMemoryInfoV2 = library.hasFunction("nvmlDeviceGetMemoryInfo_v2");
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
    return device("nvmlDeviceGetUtilizationRates", index, d -> {
      Nvml.nvmlUtilization_t u = new Nvml.nvmlUtilization_t();
      int rc = nvml.nvmlDeviceGetUtilizationRates(d, u);
      return result("nvmlDeviceGetUtilizationRates", rc, () -> new Utilization(unsigned(u.gpu), unsigned(u.memory)));
    });
  }

  @Override
  public NvmlResult<MemoryInfo> memoryInfo(int index) {
    if (hasMemoryInfoV2) {
      return device("nvmlDeviceGetMemoryInfo_v2", index, d -> {
        Nvml.nvmlMemory_v2_t m = new Nvml.nvmlMemory_v2_t();
        m.version = Nvml.nvmlMemory_v2;
        int rc = nvml.nvmlDeviceGetMemoryInfo_v2(d, m);
        return result("nvmlDeviceGetMemoryInfo_v2", rc, () -> new MemoryInfo(m.total, m.reserved, m.free, m.used));
      });
    }
    return device("nvmlDeviceGetMemoryInfo", index, d -> {
      Nvml.nvmlMemory_t m = new Nvml.nvmlMemory_t();
      int rc = nvml.nvmlDeviceGetMemoryInfo(d, m);
      return result("nvmlDeviceGetMemoryInfo", rc, () -> new MemoryInfo(m.total, null, m.free, m.used));
    });
  }

  @Override
  public NvmlResult<Long> powerUsageMilliwatts(int index) {
    return device("nvmlDeviceGetPowerUsage", index, d -> uint("nvmlDeviceGetPowerUsage", r -> nvml.nvmlDeviceGetPowerUsage(d, r)));
  }

  @Override
  public NvmlResult<Long> enforcedPowerLimitMilliwatts(int index) {
    return device("nvmlDeviceGetEnforcedPowerLimit", index,
        d -> uint("nvmlDeviceGetEnforcedPowerLimit", r -> nvml.nvmlDeviceGetEnforcedPowerLimit(d, r)));
  }

  @Override
  public NvmlResult<Long> totalEnergyConsumptionMillijoules(int index) {
    return device("nvmlDeviceGetTotalEnergyConsumption", index,
        d -> ulong("nvmlDeviceGetTotalEnergyConsumption", r -> nvml.nvmlDeviceGetTotalEnergyConsumption(d, r)));
  }

  @Override
  public NvmlResult<Long> temperatureGpuCelsius(int index) {
    return device("nvmlDeviceGetTemperature", index,
        d -> uint("nvmlDeviceGetTemperature", r -> nvml.nvmlDeviceGetTemperature(d, Nvml.NVML_TEMPERATURE_GPU, r)));
  }

  @Override
  public NvmlResult<Long> clockMhz(int index, int clockType) {
    return device("nvmlDeviceGetClockInfo", index,
        d -> uint("nvmlDeviceGetClockInfo", r -> nvml.nvmlDeviceGetClockInfo(d, clockType, r)));
  }

  @Override
  public NvmlResult<Long> pcieThroughputKilobytesPerSecond(int index, int counter) {
    return device("nvmlDeviceGetPcieThroughput", index,
        d -> uint("nvmlDeviceGetPcieThroughput", r -> nvml.nvmlDeviceGetPcieThroughput(d, counter, r)));
  }

  @Override
  public NvmlResult<Long> pcieReplayCounter(int index) {
    return device("nvmlDeviceGetPcieReplayCounter", index,
        d -> uint("nvmlDeviceGetPcieReplayCounter", r -> nvml.nvmlDeviceGetPcieReplayCounter(d, r)));
  }

  @Override
  public NvmlResult<Long> totalEccErrors(int index, int errorType, int counterType) {
    return device("nvmlDeviceGetTotalEccErrors", index,
        d -> ulong("nvmlDeviceGetTotalEccErrors", r -> nvml.nvmlDeviceGetTotalEccErrors(d, errorType, counterType, r)));
  }

  @Override
  public NvmlResult<RemappedRows> remappedRows(int index) {
    return device("nvmlDeviceGetRemappedRows", index, d -> {
      IntByReference corr = new IntByReference();
      IntByReference unc = new IntByReference();
      IntByReference pending = new IntByReference();
      IntByReference failure = new IntByReference();
      int rc = nvml.nvmlDeviceGetRemappedRows(d, corr, unc, pending, failure);
      return result("nvmlDeviceGetRemappedRows", rc, () -> new RemappedRows(
          unsigned(corr.getValue()), unsigned(unc.getValue()), pending.getValue() != 0, failure.getValue() != 0));
    });
  }

  @Override
  public NvmlResult<Long> clocksEventReasons(int index) {
    if (hasClocksEventReasons) {
      return device("nvmlDeviceGetCurrentClocksEventReasons", index,
          d -> ulong("nvmlDeviceGetCurrentClocksEventReasons", r -> nvml.nvmlDeviceGetCurrentClocksEventReasons(d, r)));
    }
    return device("nvmlDeviceGetCurrentClocksThrottleReasons", index,
        d -> ulong("nvmlDeviceGetCurrentClocksThrottleReasons", r -> nvml.nvmlDeviceGetCurrentClocksThrottleReasons(d, r)));
  }

  @Override
  public NvmlResult<Long> performanceState(int index) {
    NvmlResult<Long> raw = device("nvmlDeviceGetPerformanceState", index,
        d -> uint("nvmlDeviceGetPerformanceState", r -> nvml.nvmlDeviceGetPerformanceState(d, r)));
    return raw.ok() && raw.value() == Nvml.NVML_PSTATE_UNKNOWN ? NvmlResult.success(raw.function(), null) : raw;
  }

  @Override
  public NvmlResult<Long> fanSpeedPercent(int index) {
    return device("nvmlDeviceGetFanSpeed", index, d -> uint("nvmlDeviceGetFanSpeed", r -> nvml.nvmlDeviceGetFanSpeed(d, r)));
  }

  @Override
  public NvmlResult<MigMode> migMode(int index) {
    return device("nvmlDeviceGetMigMode", index, d -> {
      IntByReference current = new IntByReference();
      IntByReference pending = new IntByReference();
      int rc = nvml.nvmlDeviceGetMigMode(d, current, pending);
      return result("nvmlDeviceGetMigMode", rc, () -> new MigMode(unsigned(current.getValue()), unsigned(pending.getValue())));
    });
  }

  @Override
  public NvmlResult<List<ProcessInfo>> computeRunningProcesses(int index) {
    String function = "nvmlDeviceGetComputeRunningProcesses_v3";
    return device(function, index, d -> {
      IntByReference count = new IntByReference(0);
      int rc = nvml.nvmlDeviceGetComputeRunningProcesses_v3(d, count, null);
      for (int attempt = 0; rc == Nvml.NVML_ERROR_INSUFFICIENT_SIZE && attempt < PROCESS_ATTEMPTS; attempt++) {
        int capacity = count.getValue() + PROCESS_HEADROOM;
        Nvml.nvmlProcessInfo_t[] infos = (Nvml.nvmlProcessInfo_t[]) new Nvml.nvmlProcessInfo_t().toArray(capacity);
        count.setValue(capacity);
        rc = nvml.nvmlDeviceGetComputeRunningProcesses_v3(d, count, infos);
        if (rc == Nvml.NVML_SUCCESS) {
          List<ProcessInfo> processes = new ArrayList<>(count.getValue());
          for (int i = 0; i < count.getValue(); i++) {
            processes.add(process(infos[i]));
          }
          return NvmlResult.success(function, List.copyOf(processes));
        }
      }
      return rc == Nvml.NVML_SUCCESS ? NvmlResult.success(function, List.of()) : NvmlResult.failure(function, rc);
    });
  }

  private static ProcessInfo process(Nvml.nvmlProcessInfo_t info) {
    return new ProcessInfo(
        unsigned(info.pid),
        info.usedGpuMemory == Nvml.NVML_VALUE_NOT_AVAILABLE ? null : info.usedGpuMemory,
        uintOrNull(info.gpuInstanceId),
        uintOrNull(info.computeInstanceId));
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

  @FunctionalInterface
  private interface IntOut {
    int call(IntByReference out);
  }

  @FunctionalInterface
  private interface LongOut {
    int call(LongByReference out);
  }

  private static NvmlResult<Long> uint(String function, IntOut call) {
    IntByReference out = new IntByReference();
    int rc = call.call(out);
    return result(function, rc, () -> unsigned(out.getValue()));
  }

  private static NvmlResult<Long> ulong(String function, LongOut call) {
    LongByReference out = new LongByReference();
    int rc = call.call(out);
    return result(function, rc, () -> out.getValue() == Nvml.NVML_VALUE_NOT_AVAILABLE ? null : out.getValue());
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
