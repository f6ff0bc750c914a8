package dev.fleetscale.testkit.nvml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Builds the scenario file the {@link NvmlStub} library serves: line-based {@code key=value} text (the format
 * is described in docs/nvml.md). A value that is never set makes its NVML call return
 * {@code NVML_ERROR_NOT_SUPPORTED}.
 *
 * <p>Mutable and reusable: change values and call {@link #writeTo(Path)} again while the stub is loaded; the
 * stub notices the replaced file on its next call. Writes are atomic (temporary file, then rename), so the
 * stub never reads half a file. Not thread-safe.
 */
public final class NvmlScenario {

  /** nvmlReturn_t codes tests commonly force, as in nvml.h. */
  public static final int NVML_ERROR_UNINITIALIZED = 1;
  public static final int NVML_ERROR_NOT_SUPPORTED = 3;
  public static final int NVML_ERROR_NO_PERMISSION = 4;
  public static final int NVML_ERROR_DRIVER_NOT_LOADED = 9;
  public static final int NVML_ERROR_GPU_IS_LOST = 15;
  public static final int NVML_ERROR_UNKNOWN = 999;

  private final Map<String, String> values = new LinkedHashMap<>();

  /** An empty scenario: a host with no GPUs until devices are added. */
  public static NvmlScenario create() {
    return new NvmlScenario();
  }

  public NvmlScenario driverVersion(String version) {
    return set("driver_version", version);
  }

  public NvmlScenario nvmlVersion(String version) {
    return set("nvml_version", version);
  }

  /** Overrides the device count (otherwise one more than the highest device index used). */
  public NvmlScenario deviceCount(int count) {
    return set("device_count", Integer.toString(count));
  }

  /** Sets values of device {@code index}. */
  public NvmlScenario device(int index, Consumer<Device> values) {
    values.accept(new Device(index));
    return this;
  }

  /**
   * Device {@code index} as a busy H200 with every value the agent reads set, so that a test only
   * states what it changes.
   */
  public NvmlScenario typicalH200(int index) {
    return device(index, d -> d.uuid(String.format("GPU-%08x-1111-2222-3333-444455556666", index))
        .name("NVIDIA H200")
        .pciBusId(String.format("00000000:%02X:00.0", 0x18 + index))
        .pciDeviceId(0x233510DE)
        .pciSubSystemId(0x18B010DE)
        .utilization(73, 41)
        .memory(150_754_820_096L, 566_231_040L, 80_530_636_800L)
        .powerMilliwatts(512_345)
        .powerLimitMilliwatts(700_000)
        .energyMillijoules(9_876_543_210L)
        .temperatureGpu(61)
        .clockSm(1_980)
        .clockMem(3_201)
        .pcieThroughputKilobytesPerSecond(123_456, 654_321)
        .pcieReplayCounter(2)
        .eccVolatile(5, 0)
        .remappedRows(1, 0, false, false)
        .clocksEventReasons(0x4)
        .performanceState(0)
        .migMode(0, 0)
        .processes(""));
  }

  /** Makes {@code function} fail with {@code code} on every device (and for calls without a device). */
  public NvmlScenario error(String function, int code) {
    return set("error." + function, Integer.toString(code));
  }

  /** Makes {@code function} fail with {@code code} on device {@code index} only. */
  public NvmlScenario error(String function, int index, int code) {
    return set("error." + function + "." + index, Integer.toString(code));
  }

  /** Makes every call on device {@code index} fail with {@code code} (e.g. a lost GPU). */
  public NvmlScenario deviceError(int index, int code) {
    return set("error.*." + index, Integer.toString(code));
  }

  /** Sets a raw key; see docs/nvml.md for the keys the stub reads. */
  public NvmlScenario set(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isBlank() || key.contains("=") || key.contains("\n") || value.contains("\n")) {
      throw new IllegalArgumentException("a scenario key must be non-blank without '=' or newline, a value "
          + "without newline: " + key + "=" + value);
    }
    values.put(key.strip(), value.strip());
    return this;
  }

  /** Removes a key, so its call returns NVML_ERROR_NOT_SUPPORTED again (or the forced error ends). */
  public NvmlScenario remove(String key) {
    values.remove(key);
    return this;
  }

  /** The keys and values, in the order they were first set. */
  public Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** The file text. */
  public String render() {
    StringBuilder text = new StringBuilder("# NVML stub scenario, written by dev.fleetscale.testkit.nvml.NvmlScenario\n");
    values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return text.toString();
  }

  /** Writes the file atomically (temporary file in the same folder, then rename) and returns {@code file}. */
  public Path writeTo(Path file) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
      Files.writeString(temp, render(), StandardCharsets.UTF_8);
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return absolute;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write NVML scenario " + absolute, e);
    }
  }

  /** Values of one device; keys are {@code device.<index>.<name>}. */
  public final class Device {
    private final int index;

    private Device(int index) {
      if (index < 0 || index >= 64) {
        throw new IllegalArgumentException("the stub serves device indexes 0..63, not " + index);
      }
      this.index = index;
    }

    public Device set(String name, String value) {
      NvmlScenario.this.set("device." + index + "." + name, value);
      return this;
    }

    public Device remove(String name) {
      NvmlScenario.this.remove("device." + index + "." + name);
      return this;
    }

    private Device number(String name, long value) {
      return set(name, Long.toUnsignedString(value));
    }

    public Device uuid(String uuid) {
      return set("uuid", uuid);
    }

    public Device name(String name) {
      return set("name", name);
    }

    /** The bus id as NVML prints it, e.g. {@code 00000000:18:00.0}; domain, bus and device follow from it. */
    public Device pciBusId(String busId) {
      return set("pci.bus_id", busId);
    }

    /** The combined 16-bit device id and 16-bit vendor id, e.g. 0x233510DE. */
    public Device pciDeviceId(long id) {
      return set("pci.device_id", "0x" + Long.toHexString(id));
    }

    public Device pciSubSystemId(long id) {
      return set("pci.subsystem_id", "0x" + Long.toHexString(id));
    }

    /** Percent of time a kernel ran, and percent of time memory was read or written, over the last period. */
    public Device utilization(int gpuPercent, int memoryPercent) {
      number("utilization.gpu", gpuPercent);
      return number("utilization.memory", memoryPercent);
    }

    /** Bytes; free is computed by the stub as total - reserved - used. */
    public Device memory(long totalBytes, long reservedBytes, long usedBytes) {
      number("memory.total", totalBytes);
      number("memory.reserved", reservedBytes);
      return number("memory.used", usedBytes);
    }

    public Device powerMilliwatts(long milliwatts) {
      return number("power_mw", milliwatts);
    }

    public Device powerLimitMilliwatts(long milliwatts) {
      return number("power_limit_mw", milliwatts);
    }

    /** Energy since the driver was last loaded, millijoules. */
    public Device energyMillijoules(long millijoules) {
      return number("energy_mj", millijoules);
    }

    public Device temperatureGpu(int celsius) {
      return number("temperature.gpu", celsius);
    }

    public Device clockSm(int mhz) {
      return number("clock.sm", mhz);
    }

    public Device clockMem(int mhz) {
      return number("clock.mem", mhz);
    }

    public Device pcieThroughputKilobytesPerSecond(int tx, int rx) {
      number("pcie.tx_kbps", tx);
      return number("pcie.rx_kbps", rx);
    }

    public Device pcieReplayCounter(int count) {
      return number("pcie.replay_counter", count);
    }

    /** Volatile ECC counts (since the driver was loaded). */
    public Device eccVolatile(long corrected, long uncorrected) {
      number("ecc.volatile.corrected", corrected);
      return number("ecc.volatile.uncorrected", uncorrected);
    }

    public Device remappedRows(int correctable, int uncorrectable, boolean pending, boolean failure) {
      number("remapped_rows.correctable", correctable);
      number("remapped_rows.uncorrectable", uncorrectable);
      number("remapped_rows.pending", pending ? 1 : 0);
      return number("remapped_rows.failure", failure ? 1 : 0);
    }

    /** The nvmlClocksEventReason* bit mask, served by both the event-reasons and the throttle-reasons call. */
    public Device clocksEventReasons(long mask) {
      return set("clocks_event_reasons", "0x" + Long.toHexString(mask));
    }

    /** 0 (P0, fastest) to 15, or 32 for unknown. */
    public Device performanceState(int pstate) {
      return number("pstate", pstate);
    }

    public Device fanSpeedPercent(int percent) {
      return number("fan_speed", percent);
    }

    /** 0 disabled, 1 enabled. */
    public Device migMode(int current, int pending) {
      number("mig.current", current);
      return number("mig.pending", pending);
    }

    /** Raw process list: {@code pid:usedBytes[:gpuInstanceId[:computeInstanceId]]} comma-separated, "" for none. */
    public Device processes(String list) {
      return set("processes", list);
    }

    /** Compute processes as pid to used GPU memory in bytes. */
    public Device processes(Map<Integer, Long> usedBytesByPid) {
      StringJoiner list = new StringJoiner(",");
      usedBytesByPid.forEach((pid, bytes) -> list.add(pid + ":" + Long.toUnsignedString(bytes)));
      return processes(list.toString());
    }

    /**
     * The XIDs this device has raised so far, oldest first. Each entry is delivered once to every event set
     * registered for nvmlEventTypeXidCriticalError, so append to raise more.
     */
    public Device xids(int... xids) {
      StringJoiner list = new StringJoiner(",");
      for (int xid : xids) {
        list.add(Integer.toString(xid));
      }
      return set("xid", list.toString());
    }

    public Device error(String function, int code) {
      NvmlScenario.this.error(function, index, code);
      return this;
    }
  }
}
