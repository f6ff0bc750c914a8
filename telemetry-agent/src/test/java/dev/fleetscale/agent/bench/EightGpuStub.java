package dev.fleetscale.agent.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.fleetscale.testkit.nvml.NvmlScenario;
import dev.fleetscale.testkit.nvml.NvmlStub;
import java.nio.file.Path;

/** The NVML stub serving eight busy H200s, for the benchmarks. */
final class EightGpuStub {

  private EightGpuStub() {}

  /** Writes the scenario file for the JMH benchmark and the C floor: {@code EightGpuStub FILE [no-xid]}. */
  public static void main(String[] args) {
    System.out.println(writeScenario(Path.of(args[0]), !(args.length > 1 && args[1].equals("no-xid"))));
  }

  interface Control extends Library {
    int nvmlStubSetScenarioPath(String path);
  }

  /** Writes the scenario to {@code file} and returns it. */
  static Path writeScenario(Path file) {
    return writeScenario(file, true);
  }

  /** As {@link #writeScenario(Path)}; without XID events when {@code xid} is false. */
  static Path writeScenario(Path file, boolean xid) {
    NvmlScenario scenario = NvmlScenario.create().driverVersion("550.54.15").nvmlVersion("12.550.54.15");
    for (int i = 0; i < 8; i++) {
      scenario.typicalH200(i);
    }
    // Two training processes on every GPU, so attribution and the process list cost what they do on a busy host.
    for (int i = 0; i < 8; i++) {
      scenario.device(i, d -> d.processes(java.util.Map.of(1, 40_000_000_000L, 2, 20_000_000_000L)));
    }
    if (!xid) {
      scenario.error("nvmlDeviceRegisterEvents", NvmlScenario.NVML_ERROR_NOT_SUPPORTED);
    }
    return scenario.writeTo(file);
  }

  /** Points the stub loaded in this JVM at {@code scenario}; returns the library's path. */
  static String useInThisJvm(Path scenario) {
    String library = NvmlStub.libraryFile().toString();
    int rc = Native.load(library, Control.class).nvmlStubSetScenarioPath(scenario.toString());
    if (rc != 0) {
      throw new IllegalStateException("nvmlStubSetScenarioPath returned " + rc);
    }
    return library;
  }
}
