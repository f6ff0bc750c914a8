package dev.fleetscale.testkit.nvml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The stub {@code libnvidia-ml.so.1} that the testkit build compiles from C (src/main/c/nvml_stub.c) and
 * ships as a resource. It exports the NVML functions the agent binds, with the real signatures and
 * struct layouts, and serves values from a scenario file written with {@link NvmlScenario}.
 *
 * <p>Point a binding at {@link #libraryDirectory()} (as {@code jna.library.path}, or by loading
 * {@code libraryDirectory().resolve("libnvidia-ml.so.1")} by absolute path), then name the scenario with
 * the library's extra export {@code int nvmlStubSetScenarioPath(const char *path)} or the environment
 * variable {@value #SCENARIO_ENV}. The library is extracted once per JVM into a temporary folder that is
 * deleted at exit. Thread-safe.
 */
public final class NvmlStub {

  /** Environment variable the stub reads the scenario path from when none was set through the export. */
  public static final String SCENARIO_ENV = "FLEETSCALE_NVML_STUB_SCENARIO";

  /** The file name the dynamic linker and JNA look for. */
  public static final String LIBRARY_FILE = "libnvidia-ml.so.1";

  private static final String RESOURCE_FOLDER = "nvml-stub/";
  private static final String[] FILES = {LIBRARY_FILE, "libnvidia-ml.so"};

  private NvmlStub() {
  }

  /** A folder holding {@code libnvidia-ml.so.1} and {@code libnvidia-ml.so}: a driver of today. */
  public static Path libraryDirectory() {
    return Extracted.CURRENT;
  }

  /**
   * A folder holding a stub built as an older driver: without {@code nvmlDeviceGetCurrentClocksEventReasons}
   * and {@code nvmlDeviceGetMemoryInfo_v2}, to test fallbacks. It is a different file, so the dynamic linker
   * loads it separately from {@link #libraryDirectory()}'s, with its own state.
   */
  public static Path oldDriverLibraryDirectory() {
    return Extracted.OLD_DRIVER;
  }

  /** The stub's absolute file path, for loaders that take a path rather than a search folder. */
  public static Path libraryFile() {
    return libraryDirectory().resolve(LIBRARY_FILE);
  }

  /** Holder idiom: extraction happens once, on first use, and a failure surfaces on every call. */
  private static final class Extracted {
    static final Path CURRENT = extract("", "nvml-stub");
    static final Path OLD_DRIVER = extract("old-driver/", "nvml-stub-old-driver");
  }

  private static Path extract(String variant, String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      dir.toFile().deleteOnExit();
      for (String file : FILES) {
        String resource = RESOURCE_FOLDER + variant + file;
        try (InputStream in = NvmlStub.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException("testkit resource " + resource
                + " is missing: the testkit build compiles it with gcc (src/main/c/build-nvml-stub.sh)");
          }
          Path target = dir.resolve(file);
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().deleteOnExit();
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the NVML stub library", e);
    }
  }
}
