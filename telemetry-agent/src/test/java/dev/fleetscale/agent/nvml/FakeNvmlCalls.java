package dev.fleetscale.agent.nvml;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * NVML in memory: values and error codes per function and device, set by the test. A function with neither
 * answers NOT_SUPPORTED, like the stub and like a driver for a metric the GPU lacks.
 */
final class FakeNvmlCalls implements NvmlCalls {

  private final Map<String, Object> values = new HashMap<>();
  private final Map<String, Integer> errors = new HashMap<>();
  private final BlockingQueue<XidNotice> xids = new LinkedBlockingQueue<>();
  int initCode = Nvml.NVML_SUCCESS;
  int deviceCount;
  int inits;
  int shutdowns;
  boolean eventSetFreed;

  FakeNvmlCalls value(String function, int device, Object value) {
    values.put(function + "/" + device, value);
    return this;
  }

  FakeNvmlCalls error(String function, int device, int code) {
    errors.put(function + "/" + device, code);
    return this;
  }

  FakeNvmlCalls clearError(String function, int device) {
    errors.remove(function + "/" + device);
    return this;
  }

  void raiseXid(int device, long xid) {
    xids.add(new XidNotice(device, xid));
  }

  @SuppressWarnings("unchecked")
  private <T> NvmlResult<T> answer(String function, int device) {
    Integer code = errors.get(function + "/" + device);
    if (code != null) {
      return NvmlResult.failure(function, code);
    }
    String key = function + "/" + device;
    return values.containsKey(key)
        ? NvmlResult.success(function, (T) values.get(key))
        : NvmlResult.failure(function, Nvml.NVML_ERROR_NOT_SUPPORTED);
  }

  @Override
  public int init() {
    inits++;
    return initCode;
  }

  @Override
  public int shutdown() {
    shutdowns++;
    return Nvml.NVML_SUCCESS;
  }

  @Override
  public String errorString(int code) {
    return "text of " + code;
  }

  @Override
  public NvmlResult<String> driverVersion() {
    return answer("nvmlSystemGetDriverVersion", -1);
  }

  @Override
  public NvmlResult<String> nvmlVersion() {
    return answer("nvmlSystemGetNVMLVersion", -1);
  }

  @Override
  public NvmlResult<Integer> deviceCount() {
    return NvmlResult.success("nvmlDeviceGetCount_v2", deviceCount);
  }

  @Override
  public NvmlResult<Integer> deviceHandle(int index) {
    Integer code = errors.get("nvmlDeviceGetHandleByIndex_v2/" + index);
    return code != null
        ? NvmlResult.failure("nvmlDeviceGetHandleByIndex_v2", code)
        : NvmlResult.success("nvmlDeviceGetHandleByIndex_v2", index);
  }

  @Override
  public NvmlResult<String> uuid(int index) {
    return answer("nvmlDeviceGetUUID", index);
  }

  @Override
  public NvmlResult<String> name(int index) {
    return answer("nvmlDeviceGetName", index);
  }

  @Override
  public NvmlResult<PciInfo> pciInfo(int index) {
    return answer("nvmlDeviceGetPciInfo_v3", index);
  }

  @Override
  public NvmlResult<Utilization> utilization(int index) {
    return answer("nvmlDeviceGetUtilizationRates", index);
  }

  @Override
  public NvmlResult<MemoryInfo> memoryInfo(int index) {
    return answer("nvmlDeviceGetMemoryInfo_v2", index);
  }

  @Override
  public NvmlResult<Long> powerUsageMilliwatts(int index) {
    return answer("nvmlDeviceGetPowerUsage", index);
  }

  @Override
  public NvmlResult<Long> enforcedPowerLimitMilliwatts(int index) {
    return answer("nvmlDeviceGetEnforcedPowerLimit", index);
  }

  @Override
  public NvmlResult<Long> totalEnergyConsumptionMillijoules(int index) {
    return answer("nvmlDeviceGetTotalEnergyConsumption", index);
  }

  @Override
  public NvmlResult<Long> temperatureGpuCelsius(int index) {
    return answer("nvmlDeviceGetTemperature", index);
  }

  @Override
  public NvmlResult<Long> clockMhz(int index, int clockType) {
    return answer("nvmlDeviceGetClockInfo:" + clockType, index);
  }

  @Override
  public NvmlResult<Long> pcieThroughputKilobytesPerSecond(int index, int counter) {
    return answer("nvmlDeviceGetPcieThroughput:" + counter, index);
  }

  @Override
  public NvmlResult<Long> pcieReplayCounter(int index) {
    return answer("nvmlDeviceGetPcieReplayCounter", index);
  }

  @Override
  public NvmlResult<Long> totalEccErrors(int index, int errorType, int counterType) {
    return answer("nvmlDeviceGetTotalEccErrors:" + errorType + ":" + counterType, index);
  }

  @Override
  public NvmlResult<RemappedRows> remappedRows(int index) {
    return answer("nvmlDeviceGetRemappedRows", index);
  }

  @Override
  public NvmlResult<Long> clocksEventReasons(int index) {
    return answer("nvmlDeviceGetCurrentClocksEventReasons", index);
  }

  @Override
  public NvmlResult<Long> performanceState(int index) {
    return answer("nvmlDeviceGetPerformanceState", index);
  }

  @Override
  public NvmlResult<Long> fanSpeedPercent(int index) {
    return answer("nvmlDeviceGetFanSpeed", index);
  }

  @Override
  public NvmlResult<MigMode> migMode(int index) {
    return answer("nvmlDeviceGetMigMode", index);
  }

  @Override
  public NvmlResult<List<ProcessInfo>> computeRunningProcesses(int index) {
    return answer("nvmlDeviceGetComputeRunningProcesses_v3", index);
  }

  @Override
  public NvmlResult<Integer> registerXidEvents(int index) {
    Integer code = errors.get("nvmlDeviceRegisterEvents/" + index);
    return code != null
        ? NvmlResult.failure("nvmlDeviceRegisterEvents", code)
        : NvmlResult.success("nvmlDeviceRegisterEvents", index);
  }

  @Override
  public NvmlResult<XidNotice> waitXid(int timeoutMillis) {
    try {
      XidNotice notice = xids.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      return notice == null
          ? NvmlResult.failure("nvmlEventSetWait_v2", Nvml.NVML_ERROR_TIMEOUT)
          : NvmlResult.success("nvmlEventSetWait_v2", notice);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NvmlResult.failure("nvmlEventSetWait_v2", Nvml.NVML_ERROR_TIMEOUT);
    }
  }

  @Override
  public void freeXidEvents() {
    eventSetFreed = true;
  }
}
