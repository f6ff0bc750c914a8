package dev.fleetscale.procurement.solver;

import com.google.ortools.Loader;

/**
 * Loads OR-Tools' native library once per JVM (about a second), on first use. The build ships
 * the Linux x86-64 and aarch64 natives only; elsewhere every solve fails with a message that says
 * so. Thread-safe.
 */
final class OrToolsNatives {

  private static boolean loaded;

  private OrToolsNatives() {}

  /** Returns once the natives are loaded; throws {@link IllegalStateException} if they cannot be. */
  static synchronized void ensureLoaded() {
    if (loaded) {
      return;
    }
    try {
      Loader.loadNativeLibraries();
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("OR-Tools has no native library for "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
          + "; the procurement solver needs Linux on x86-64 or aarch64", e);
    }
    loaded = true;
  }
}
