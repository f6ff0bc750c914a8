package dev.fleetscale.agent.nvml;

import java.util.List;

/**
 * The NVML calls {@link NvmlGpuReader} makes, one method per C function, in Java types: the only seam
 * between the reader's logic and JNA ({@link JnaNvmlCalls}), so that the logic is tested with fakes.
 *
 * <p>Devices are named by their NVML index; the implementation keeps the handles. Unsigned C values arrive
 * as non-negative {@code long}s. No method throws for an NVML error: it returns the code in the
 * {@link NvmlResult}. Every method may block (it is a native call): never call from an event loop.
 */
public interface NvmlCalls {

  /** nvmlInit_v2: returns the NVML code. */
  int init();

  /** nvmlShutdown: returns the NVML code. */
  int shutdown();

  /** nvmlErrorString: the library's text for a code. */
  String errorString(int code);

  NvmlResult<String> driverVersion();

  NvmlResult<String> nvmlVersion();

  NvmlResult<Integer> deviceCount();

  /** nvmlDeviceGetHandleByIndex_v2; the value is the index. Other device calls fetch the handle if needed. */
  NvmlResult<Integer> deviceHandle(int index);

  NvmlResult<String> uuid(int index);

  NvmlResult<String> name(int index);

  NvmlResult<PciInfo> pciInfo(int index);

  NvmlResult<Utilization> utilization(int index);

  /** nvmlDeviceGetMemoryInfo_v2 where the driver has it, else nvmlDeviceGetMemoryInfo (reserved then null). */
  NvmlResult<MemoryInfo> memoryInfo(int index);

  NvmlResult<Long> powerUsageMilliwatts(int index);

  NvmlResult<Long> enforcedPowerLimitMilliwatts(int index);

  NvmlResult<Long> totalEnergyConsumptionMillijoules(int index);

  /** nvmlDeviceGetTemperature(NVML_TEMPERATURE_GPU), degrees Celsius. */
  NvmlResult<Long> temperatureGpuCelsius(int index);

  /** nvmlDeviceGetClockInfo, MHz; {@code clockType} is an {@code Nvml.NVML_CLOCK_*} value. */
  NvmlResult<Long> clockMhz(int index, int clockType);

  /** nvmlDeviceGetPcieThroughput, KB/s; {@code counter} is {@code Nvml.NVML_PCIE_UTIL_TX_BYTES} or RX. */
  NvmlResult<Long> pcieThroughputKilobytesPerSecond(int index, int counter);

  NvmlResult<Long> pcieReplayCounter(int index);

  /** nvmlDeviceGetTotalEccErrors with {@code Nvml.NVML_MEMORY_ERROR_TYPE_*} and {@code Nvml.NVML_*_ECC}. */
  NvmlResult<Long> totalEccErrors(int index, int errorType, int counterType);

  NvmlResult<RemappedRows> remappedRows(int index);

  /** nvmlDeviceGetCurrentClocksEventReasons, or the throttle-reasons call on drivers without it: a bit mask. */
  NvmlResult<Long> clocksEventReasons(int index);

  /** 0 to 15; null value for NVML_PSTATE_UNKNOWN. */
  NvmlResult<Long> performanceState(int index);

  NvmlResult<Long> fanSpeedPercent(int index);

  NvmlResult<MigMode> migMode(int index);

  /**
   * nvmlDeviceGetComputeRunningProcesses_v3, including its count protocol: ask for the count, then fill a buffer
   * with room to spare, and ask again while the driver answers NVML_ERROR_INSUFFICIENT_SIZE (processes start
   * between the calls).
   */
  NvmlResult<List<ProcessInfo>> computeRunningProcesses(int index);

  /** Registers the device for nvmlEventTypeXidCriticalError on one event set, created on first use. */
  NvmlResult<Integer> registerXidEvents(int index);

  /** nvmlEventSetWait_v2 on that set: an XID, or NVML_ERROR_TIMEOUT after {@code timeoutMillis}. */
  NvmlResult<XidNotice> waitXid(int timeoutMillis);

  /** nvmlEventSetFree, if a set was created. Call only when no thread waits on it. */
  void freeXidEvents();

  /** nvmlPciInfo_t's fields; ids are the combined 16-bit device and vendor ids. */
  record PciInfo(String busId, String busIdLegacy, long domain, long bus, long device, long pciDeviceId, long pciSubSystemId) {}

  /** Percent of the last sample period. */
  record Utilization(long gpuPercent, long memoryPercent) {}

  /** Bytes; {@code reservedBytes} is null from the version-1 call (which counts it in used). */
  record MemoryInfo(long totalBytes, Long reservedBytes, long freeBytes, long usedBytes) {}

  record RemappedRows(long correctable, long uncorrectable, boolean pending, boolean failure) {}

  /** {@code Nvml.NVML_DEVICE_MIG_*} values. */
  record MigMode(long current, long pending) {}

  /**
   * A compute process.
   *
   * @param usedGpuMemoryBytes null where NVML cannot tell (NVML_VALUE_NOT_AVAILABLE)
   * @param gpuInstanceId null outside MIG
   * @param computeInstanceId null outside MIG
   */
  record ProcessInfo(long pid, Long usedGpuMemoryBytes, Long gpuInstanceId, Long computeInstanceId) {}

  /** An XID event: the device index and the XID code. */
  record XidNotice(int deviceIndex, long xid) {}
}
