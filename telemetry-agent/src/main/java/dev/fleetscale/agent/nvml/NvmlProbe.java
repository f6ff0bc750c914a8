package dev.fleetscale.agent.nvml;

import dev.fleetscale.contracts.telemetry.GpuSample;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Command-line check of the NVML binding on a real host: loads libnvidia-ml through {@link NvmlLibrary},
 * initialises it, and prints the versions, the device count and, for each GPU, every field read and every
 * call that failed. Needs only jna, contracts and this package on the class path:
 *
 * <pre>java -cp telemetry-agent.jar:contracts.jar:jna.jar dev.fleetscale.agent.nvml.NvmlProbe [--library PATH|NAME] [--reads N]</pre>
 *
 * <p>Exit status: 0 when NVML answered; 2 when the library cannot be loaded; 3 when it loads but does not
 * initialise (e.g. NVML_ERROR_DRIVER_NOT_LOADED); 64 for bad arguments.
 */
public final class NvmlProbe {

  static final int EXIT_OK = 0;
  static final int EXIT_NO_LIBRARY = 2;
  static final int EXIT_NOT_INITIALISED = 3;
  static final int EXIT_USAGE = 64;

  private NvmlProbe() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The probe without System.exit, for tests. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String location = null;
    int reads = 1;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--library" -> location = args[++i];
          case "--reads" -> reads = Integer.parseInt(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (reads < 1) {
        throw new IllegalArgumentException("--reads must be at least 1");
      }
    } catch (RuntimeException e) {
      err.println("usage: NvmlProbe [--library PATH|NAME] [--reads N]: " + e.getMessage());
      return EXIT_USAGE;
    }
    if (location == null) {
      String property = System.getProperty(NvmlLibrary.LIBRARY_PROPERTY);
      location = property != null ? property : System.getenv(NvmlLibrary.LIBRARY_ENV);
    }
    NvmlLibrary library = NvmlLibrary.load(location);
    if (!library.available()) {
      err.println("NVML library missing: " + library.unavailableReason());
      return EXIT_NO_LIBRARY;
    }
    out.println("library: " + library.source());
    out.println("optional symbols: nvmlDeviceGetCurrentClocksEventReasons="
        + library.hasFunction("nvmlDeviceGetCurrentClocksEventReasons")
        + " nvmlDeviceGetMemoryInfo_v2=" + library.hasFunction("nvmlDeviceGetMemoryInfo_v2"));
    try (NvmlGpuReader reader = NvmlGpuReader.create(
        library, ProcessAttributor.NONE, e -> out.println("health event: " + e), Clock.systemUTC())) {
      NvmlStatus status = reader.start();
      if (!status.available()) {
        err.println("NVML did not initialise: " + status.reason());
        return EXIT_NOT_INITIALISED;
      }
      out.println("driver version: " + status.driverVersion());
      out.println("NVML version: " + status.nvmlVersion());
      out.println("device count: " + status.deviceCount());
      out.println("XID events: " + (status.xidEvents() ? "registered" : "not available"));
      for (int r = 1; r <= reads; r++) {
        long started = System.nanoTime();
        List<GpuReading> readings = reader.read();
        out.printf("read %d took %.1f ms%n", r, (System.nanoTime() - started) / 1e6);
        readings.forEach(reading -> print(reading, out));
      }
      out.println("failed calls since start: " + reader.errorCounts());
    }
    return EXIT_OK;
  }

  private static void print(GpuReading reading, PrintStream out) {
    out.println("GPU " + reading.index() + " health " + reading.health());
    GpuSample sample = reading.sample();
    if (sample != null) {
      for (RecordComponent c : GpuSample.class.getRecordComponents()) {
        Object value;
        try {
          value = c.getAccessor().invoke(sample);
        } catch (ReflectiveOperationException e) {
          value = "unreadable: " + e;
        }
        out.println("  " + c.getName() + " = " + (value == null ? "(absent)" : value));
      }
    }
    for (Map.Entry<String, String> failed : reading.failedCalls().entrySet()) {
      out.println("  failed: " + failed.getKey() + " -> " + failed.getValue());
    }
  }
}
