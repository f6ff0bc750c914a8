package dev.fleetscale.agent.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The loaded NVML library, or why there is none. Loading never throws: a missing or unusable
 * libnvidia-ml leaves an unavailable instance with a reason, logged once, and the agent runs without GPUs.
 *
 * <p>Where it loads from: {@link #system()} uses the system property {@value #LIBRARY_PROPERTY}, else the
 * environment variable {@value #LIBRARY_ENV}, else the names {@code nvidia-ml} (found by JNA on
 * {@code jna.library.path} and the system paths) and {@code libnvidia-ml.so.1} (found by the dynamic
 * linker's cache, where drivers install it). A configured value is a library file, a folder holding
 * {@code libnvidia-ml.so.1}, or a library name. {@link #load(String)} takes the same value explicitly, so
 * that tests never depend on global state. Thread-safe and immutable.
 */
public final class NvmlLibrary {

  public static final String LIBRARY_PROPERTY = "fleetscale.nvml.library";
  public static final String LIBRARY_ENV = "FLEETSCALE_NVML_LIBRARY";
  static final List<String> DEFAULT_NAMES = List.of("nvidia-ml", "libnvidia-ml.so.1");

  private static final int MAX_REASON = 400;
  private static final System.Logger LOG = System.getLogger(NvmlLibrary.class.getName());

  private final Nvml nvml;
  private final NativeLibrary nativeLibrary;
  private final String source;
  private final String unavailableReason;

  private NvmlLibrary(Nvml nvml, NativeLibrary nativeLibrary, String source, String unavailableReason) {
    this.nvml = nvml;
    this.nativeLibrary = nativeLibrary;
    this.source = source;
    this.unavailableReason = unavailableReason;
  }

  /** The library named by the system property, the environment or the default names, loaded once per JVM. */
  public static NvmlLibrary system() {
    return SystemHolder.INSTANCE;
  }

  private static final class SystemHolder {
    static final NvmlLibrary INSTANCE = load(configured());
  }

  private static String configured() {
    String property = System.getProperty(LIBRARY_PROPERTY);
    return property != null && !property.isBlank() ? property : System.getenv(LIBRARY_ENV);
  }

  /**
   * Loads from {@code location} (a file, a folder with libnvidia-ml.so.1, or a name), or from the default
   * names when it is null or blank. Never throws for a missing or broken library.
   */
  public static NvmlLibrary load(String location) {
    List<String> candidates = candidates(location);
    List<String> failures = new ArrayList<>();
    for (String candidate : candidates) {
      try {
        Nvml nvml = Native.load(candidate, Nvml.class);
        NativeLibrary lib = ((Library.Handler) Proxy.getInvocationHandler(nvml)).getNativeLibrary();
        if (!hasFunction(lib, "nvmlInit_v2")) {
          failures.add(candidate + ": has no nvmlInit_v2, not an NVML library");
          continue;
        }
        try {
          NvmlDirect.bindTo(lib);
        } catch (UnsatisfiedLinkError e) {
          failures.add(candidate + ": " + oneLine(e.getMessage()) + " (drivers before r510 are not supported)");
          continue;
        }
        return new NvmlLibrary(nvml, lib, lib.getFile() != null ? lib.getFile().toString() : candidate, null);
      } catch (LinkageError e) { // UnsatisfiedLinkError: absent, wrong architecture, unresolved dependencies
        failures.add(candidate + ": " + oneLine(e.getMessage()));
      }
    }
    String reason = "libnvidia-ml could not be loaded (" + String.join("; ", failures) + ")";
    LOG.log(System.Logger.Level.WARNING, "NVML unavailable, the agent runs without GPUs: " + reason);
    return new NvmlLibrary(null, null, null, reason);
  }

  static List<String> candidates(String location) {
    if (location == null || location.isBlank()) {
      return DEFAULT_NAMES;
    }
    String trimmed = location.strip();
    Path path = Path.of(trimmed);
    if (Files.isDirectory(path)) {
      Path abs = path.toAbsolutePath();
      return List.of(abs.resolve("libnvidia-ml.so.1").toString(), abs.resolve("libnvidia-ml.so").toString());
    }
    return List.of(trimmed.contains("/") ? path.toAbsolutePath().toString() : trimmed);
  }

  private static boolean hasFunction(NativeLibrary lib, String name) {
    try {
      lib.getFunction(name);
      return true;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }

  /** JNA's message lists every place it tried, one per line; keep it whole but on one line and bounded. */
  private static String oneLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String flat = message.replaceAll("\\s*\\R\\s*", " ").strip();
    return flat.length() <= MAX_REASON ? flat : flat.substring(0, MAX_REASON) + "...";
  }

  public boolean available() {
    return nvml != null;
  }

  /** The binding; only when {@link #available()}. */
  public Nvml nvml() {
    return Objects.requireNonNull(nvml, "NVML is unavailable");
  }

  /** JNA's handle on the loaded library, for {@link NvmlDirect}; only when {@link #available()}. */
  NativeLibrary nativeLibrary() {
    return Objects.requireNonNull(nativeLibrary, "NVML is unavailable");
  }

  /** Whether the loaded library exports {@code function} (optional symbols of newer drivers). */
  public boolean hasFunction(String function) {
    return nativeLibrary != null && hasFunction(nativeLibrary, function);
  }

  /** The file that was loaded, or null when unavailable. */
  public String source() {
    return source;
  }

  /** Why the library is unavailable, or null when it is available. */
  public String unavailableReason() {
    return unavailableReason;
  }

  @Override
  public String toString() {
    return available() ? "NVML from " + source : "NVML unavailable: " + unavailableReason;
  }
}
