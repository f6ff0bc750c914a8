package dev.fleetscale.agent.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.fleetscale.testkit.nvml.NvmlStub;
import java.nio.file.Path;

/**
 * The stub library's own export, loaded from the same file as the binding so that both share one copy of
 * the stub's state (the dynamic linker loads a file once).
 */
final class StubControl {

  interface Control extends Library {
    int nvmlStubSetScenarioPath(String path);
  }

  private StubControl() {}

  /** Where the binding should load the current-driver stub from. */
  static String current() {
    return NvmlStub.libraryDirectory().toString();
  }

  /** Where the binding should load the old-driver stub from. */
  static String oldDriver() {
    return NvmlStub.oldDriverLibraryDirectory().toString();
  }

  /** Points the stub loaded from {@code libraryDirectory} at {@code scenario}. */
  static void useScenario(String libraryDirectory, Path scenario) {
    Control control = Native.load(Path.of(libraryDirectory, NvmlStub.LIBRARY_FILE).toString(), Control.class);
    int rc = control.nvmlStubSetScenarioPath(scenario == null ? null : scenario.toString());
    if (rc != 0) {
      throw new IllegalStateException("nvmlStubSetScenarioPath returned " + rc);
    }
  }
}
