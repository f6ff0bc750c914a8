package dev.fleetscale.agent.nvml;

import dev.fleetscale.agent.rate.RateGuard;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.XidEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Reads every GPU of the host through NVML into {@link GpuSample}s.
 *
 * <ul>
 *   <li>{@link #start()} initialises NVML once, reads versions and the device count, and starts the XID
 *       waiter; {@link #stop()} stops it and shuts NVML down once. A missing library or a failing
 *       {@code nvmlInit_v2} (e.g. NVML_ERROR_DRIVER_NOT_LOADED) leaves the reader unavailable, with the reason
 *       in {@link #status()}: {@link #read()} then returns no GPUs and nothing throws.
 *   <li>A call that fails (NOT_SUPPORTED or any other error) leaves its field null in the sample, never a
 *       sentinel, and is counted in {@link #errorCounts()}.
 *   <li>The energy and PCIe replay counters are checked against their previous reading ({@link
 *       GpuCounterCheck}): a reset (driver reload) is counted, a reading that grew beyond what the GPU
 *       can do is left null and counted, both in the reader's {@link RateGuard}.
 *   <li>NVML_ERROR_GPU_IS_LOST marks that GPU LOST for this read (its sample keeps only identity), tells the
 *       {@link GpuHealthListener} when the health changes, and the reader carries on with the other GPUs.
 * </ul>
 *
 * <p>Every method except {@link #status()} and {@link #errorCounts()} makes blocking native calls: run them
 * on a worker thread (Vert.x {@code executeBlocking}, or a dedicated thread), never on an event loop.
 * {@code start}, {@code read} and {@code stop} must not run concurrently with each other (one ordered worker
 * does it); {@code status} and {@code errorCounts} are safe from any thread.
 */
public final class NvmlGpuReader implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NvmlGpuReader.class.getName());
  private static final double MILLI = 1_000.0;
  private static final long KILOBYTE = 1_024L;

  private final NvmlCalls calls;
  private final String unavailableReason;
  private final ProcessAttributor attributor;
  private final GpuHealthListener healthListener;
  private final Clock clock;
  private final RateGuard guard;
  private final GpuCounterCheck counters;
  private final Map<NvmlCallError, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<Integer, Identity> identities = new HashMap<>();
  private final Map<Integer, GpuHealth> health = new HashMap<>();
  private final Set<Integer> xidRegistered = new HashSet<>();
  private volatile NvmlStatus status = NvmlStatus.notStarted();
  private boolean initialised;
  private XidWatcher xidWatcher;

  /** A reader over {@code library}, which may be unavailable (the reader then reports why). */
  public static NvmlGpuReader create(
      NvmlLibrary library, ProcessAttributor attributor, GpuHealthListener healthListener, Clock clock) {
    return create(library, attributor, healthListener, clock, new RateGuard());
  }

  /** As {@link #create(NvmlLibrary, ProcessAttributor, GpuHealthListener, Clock)}, counting in {@code guard}. */
  public static NvmlGpuReader create(
      NvmlLibrary library, ProcessAttributor attributor, GpuHealthListener healthListener, Clock clock,
      RateGuard guard) {
    return library.available()
        ? new NvmlGpuReader(new JnaNvmlCalls(library), null, attributor, healthListener, clock, guard)
        : new NvmlGpuReader(null, library.unavailableReason(), attributor, healthListener, clock, guard);
  }

  /** A reader over any {@link NvmlCalls} (tests pass fakes). */
  public NvmlGpuReader(NvmlCalls calls, ProcessAttributor attributor, GpuHealthListener healthListener, Clock clock) {
    this(Objects.requireNonNull(calls, "calls"), null, attributor, healthListener, clock, new RateGuard());
  }

  private NvmlGpuReader(
      NvmlCalls calls, String unavailableReason, ProcessAttributor attributor, GpuHealthListener healthListener,
      Clock clock, RateGuard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.counters = new GpuCounterCheck(guard);
    this.calls = calls;
    this.unavailableReason = unavailableReason;
    this.attributor = Objects.requireNonNull(attributor, "attributor");
    this.healthListener = Objects.requireNonNull(healthListener, "healthListener");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Initialises NVML (once) and returns the status; never throws for NVML problems. Blocking. */
  public NvmlStatus start() {
    if (initialised) {
      return status;
    }
    if (calls == null) {
      status = NvmlStatus.unavailable(unavailableReason);
      return status;
    }
    int rc = calls.init();
    if (rc != Nvml.NVML_SUCCESS) {
      count("nvmlInit_v2", rc);
      status = NvmlStatus.unavailable("nvmlInit_v2: " + describe(rc));
      LOG.log(System.Logger.Level.WARNING, "NVML unavailable, the agent runs without GPUs: " + status.reason());
      return status;
    }
    initialised = true;
    NvmlResult<Integer> count = counted(calls.deviceCount());
    if (!count.ok()) {
      status = NvmlStatus.unavailable("nvmlDeviceGetCount_v2: " + describe(count.code()));
      return status;
    }
    int devices = count.value();
    for (int i = 0; i < devices; i++) {
      if (counted(calls.registerXidEvents(i)).ok()) {
        xidRegistered.add(i);
      }
    }
    if (!xidRegistered.isEmpty()) {
      xidWatcher = new XidWatcher(calls, clock, this::counted);
      xidWatcher.start();
    }
    status = new NvmlStatus(
        true, null, counted(calls.driverVersion()).value(), counted(calls.nvmlVersion()).value(),
        devices, !xidRegistered.isEmpty());
    return status;
  }

  /** Availability and reason, for /health. Any thread. */
  public NvmlStatus status() {
    return status;
  }

  /** Reads every GPU; empty when NVML is unavailable. Blocking. */
  public List<GpuReading> read() {
    if (!status.available()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<GpuReading> readings = new ArrayList<>(status.deviceCount());
    for (int index = 0; index < status.deviceCount(); index++) {
      readings.add(readDevice(index, now));
    }
    return readings;
  }

  /** The samples of {@link #read()} (GPUs whose UUID was never readable are left out). Blocking. */
  public List<GpuSample> readSamples() {
    return read().stream().map(GpuReading::sample).filter(Objects::nonNull).toList();
  }

  /** Counter resets and readings withheld as impossible, energy and PCIe replays. Any thread. */
  public RateGuard counterChecks() {
    return guard;
  }

  /** Failed calls since start, by function and error, for /metrics. A snapshot; any thread. */
  public Map<NvmlCallError, Long> errorCounts() {
    Map<NvmlCallError, Long> snapshot = new LinkedHashMap<>();
    errors.forEach((key, adder) -> snapshot.put(key, adder.sum()));
    return snapshot;
  }

  /** Stops the XID waiter and shuts NVML down (once). Blocking, up to about a second. */
  public void stop() {
    if (!initialised) {
      return;
    }
    boolean waiterStopped = xidWatcher == null || xidWatcher.stop();
    if (waiterStopped) {
      calls.freeXidEvents();
    } else {
      // Freeing a set a thread still waits on is undefined behaviour in NVML; leak it instead.
      LOG.log(System.Logger.Level.WARNING, "the XID waiter did not return; its event set is not freed");
    }
    int rc = calls.shutdown();
    if (rc != Nvml.NVML_SUCCESS) {
      count("nvmlShutdown", rc);
    }
    initialised = false;
    status = NvmlStatus.unavailable("stopped");
  }

  @Override
  public void close() {
    stop();
  }

  private GpuReading readDevice(int index, Instant now) {
    DeviceRead d = new DeviceRead();
    Identity id = identities.get(index);
    GpuSample sample = null;
    try {
      if (id == null) {
        id = readIdentity(index, d);
      }
      sample = id == null ? null : readMetrics(index, id, d, now);
      d.health = id == null ? GpuHealth.ERROR : GpuHealth.OK;
    } catch (GpuLost lost) {
      d.health = GpuHealth.LOST;
    }
    if (id != null && d.health != GpuHealth.OK) {
      sample = identityOnly(index, id, d.health, xids(index));
    }
    noteHealth(index, id, d, now);
    return new GpuReading(index, d.health, sample, d.failures);
  }

  /** Handle and UUID are required: without them the GPU has no sample. Name and PCI id are optional. */
  private Identity readIdentity(int index, DeviceRead d) {
    if (d.get(calls.deviceHandle(index), Function.identity()) == null) {
      return null;
    }
    String uuid = d.get(calls.uuid(index), Function.identity());
    if (uuid == null) {
      return null;
    }
    Identity id = new Identity(uuid, d.get(calls.name(index), Function.identity()),
        d.get(calls.pciInfo(index), NvmlCalls.PciInfo::busId));
    identities.put(index, id);
    return id;
  }

  private GpuSample readMetrics(int index, Identity id, DeviceRead d, Instant now) {
    NvmlCalls.Utilization utilization = d.get(calls.utilization(index), Function.identity());
    NvmlCalls.MemoryInfo memory = d.get(calls.memoryInfo(index), Function.identity());
    NvmlCalls.RemappedRows rows = d.get(calls.remappedRows(index), Function.identity());
    // In the order the sample's fields are read, as before: an error's place in the failures
    // (and the first GPU_IS_LOST) does not move.
    Double power = d.get(calls.powerUsageMilliwatts(index), mw -> mw / MILLI);
    Double powerLimit = d.get(calls.enforcedPowerLimitMilliwatts(index), mw -> mw / MILLI);
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    Long energy = counters.energy(index,
        d.get(calls.totalEnergyConsumptionMillijoules(index), Function.identity()), powerLimit, nowNanos);
    Integer temperature = d.get(calls.temperatureGpuCelsius(index), Math::toIntExact);
    Integer smClock = d.get(calls.clockMhz(index, Nvml.NVML_CLOCK_SM), Math::toIntExact);
    Integer memoryClock = d.get(calls.clockMhz(index, Nvml.NVML_CLOCK_MEM), Math::toIntExact);
    Long pcieTx = d.get(calls.pcieThroughputKilobytesPerSecond(index, Nvml.NVML_PCIE_UTIL_TX_BYTES), kb -> kb * KILOBYTE);
    Long pcieRx = d.get(calls.pcieThroughputKilobytesPerSecond(index, Nvml.NVML_PCIE_UTIL_RX_BYTES), kb -> kb * KILOBYTE);
    Long replays = counters.replays(index, d.get(calls.pcieReplayCounter(index), Function.identity()), nowNanos);
    return new GpuSample(
        index,
        id.uuid(),
        id.name(),
        id.pciBusId(),
        GpuHealth.OK,
        utilization == null ? null : (double) utilization.gpuPercent(),
        utilization == null ? null : (double) utilization.memoryPercent(),
        memory == null ? null : memory.usedBytes(),
        memory == null ? null : memory.freeBytes(),
        memory == null ? null : memory.totalBytes(),
        power,
        powerLimit,
        energy,
        temperature,
        smClock,
        memoryClock,
        pcieTx,
        pcieRx,
        replays,
        d.get(calls.totalEccErrors(index, Nvml.NVML_MEMORY_ERROR_TYPE_CORRECTED, Nvml.NVML_VOLATILE_ECC), Function.identity()),
        d.get(calls.totalEccErrors(index, Nvml.NVML_MEMORY_ERROR_TYPE_UNCORRECTED, Nvml.NVML_VOLATILE_ECC), Function.identity()),
        rows == null ? null : rows.correctable(),
        rows == null ? null : rows.uncorrectable(),
        rows == null ? null : rows.pending(),
        rows == null ? null : rows.failure(),
        d.get(calls.clocksEventReasons(index), Function.identity()),
        d.get(calls.performanceState(index), Math::toIntExact),
        d.get(calls.fanSpeedPercent(index), Math::toIntExact),
        d.get(calls.migMode(index), mig -> mig.current() == Nvml.NVML_DEVICE_MIG_ENABLE),
        d.get(calls.computeRunningProcesses(index), this::attribute),
        xids(index));
  }

  private List<GpuProcess> attribute(List<NvmlCalls.ProcessInfo> processes) {
    List<GpuProcess> out = new ArrayList<>(processes.size());
    for (NvmlCalls.ProcessInfo p : processes) {
      out.add(new GpuProcess(p.pid(), p.usedGpuMemoryBytes(), attributor.attribute(p.pid()).orElse(null)));
    }
    return out;
  }

  /** Null where the device could not be registered for XID events (unknown, not "none"). */
  private List<XidEvent> xids(int index) {
    return xidRegistered.contains(index) && xidWatcher != null ? xidWatcher.drain(index) : null;
  }

  private static GpuSample identityOnly(int index, Identity id, GpuHealth health, List<XidEvent> xids) {
    return new GpuSample(index, id.uuid(), id.name(), id.pciBusId(), health,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, xids);
  }

  private void noteHealth(int index, Identity id, DeviceRead d, Instant now) {
    GpuHealth previous = health.getOrDefault(index, GpuHealth.OK);
    health.put(index, d.health);
    if (previous != d.health) {
      String reason = d.health == GpuHealth.OK ? "recovered" : d.lastError;
      GpuHealthEvent event = new GpuHealthEvent(index, id == null ? null : id.uuid(), previous, d.health, reason, now);
      LOG.log(System.Logger.Level.WARNING, () -> "GPU " + index + " health " + previous + " -> " + event.current() + ": " + reason);
      healthListener.onHealthChange(event);
    }
  }

  private <T> NvmlResult<T> counted(NvmlResult<T> result) {
    if (!result.ok()) {
      count(result.function(), result.code());
    }
    return result;
  }

  private void count(String function, int code) {
    errors.computeIfAbsent(new NvmlCallError(function, NvmlErrors.name(code)), k -> new LongAdder()).increment();
  }

  private String describe(int code) {
    String text;
    try {
      text = calls.errorString(code);
    } catch (RuntimeException e) {
      text = null;
    }
    return NvmlErrors.name(code) + (text == null ? "" : " (" + text + ")");
  }

  private record Identity(String uuid, String name, String pciBusId) {}

  /** Thrown out of a device's read at the first NVML_ERROR_GPU_IS_LOST: further calls would fail the same way. */
  private static final class GpuLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GpuLost() {
      super(null, null, false, false);
    }
  }

  /** One device's read: failed calls in order, health, and the error that set it. */
  private final class DeviceRead {
    final Map<String, String> failures = new LinkedHashMap<>();
    GpuHealth health = GpuHealth.OK;
    String lastError;

    /** The converted value, or null (failure recorded and counted); throws GpuLost on GPU_IS_LOST. */
    <T, R> R get(NvmlResult<T> result, Function<T, R> convert) {
      if (result.ok()) {
        return result.value() == null ? null : convert.apply(result.value());
      }
      counted(result);
      failures.put(result.function(), NvmlErrors.name(result.code()));
      lastError = result.function() + ": " + describe(result.code());
      if (result.code() == Nvml.NVML_ERROR_GPU_IS_LOST) {
        throw new GpuLost();
      }
      return null;
    }
  }
}
