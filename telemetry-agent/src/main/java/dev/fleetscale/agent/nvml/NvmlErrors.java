package dev.fleetscale.agent.nvml;

/** Names for {@code nvmlReturn_t} codes, for logs and metric labels, without calling into the library. */
public final class NvmlErrors {

  private static final String[] NAMES = {
    "SUCCESS", "UNINITIALIZED", "INVALID_ARGUMENT", "NOT_SUPPORTED", "NO_PERMISSION", "ALREADY_INITIALIZED",
    "NOT_FOUND", "INSUFFICIENT_SIZE", "INSUFFICIENT_POWER", "DRIVER_NOT_LOADED", "TIMEOUT", "IRQ_ISSUE",
    "LIBRARY_NOT_FOUND", "FUNCTION_NOT_FOUND", "CORRUPTED_INFOROM", "GPU_IS_LOST", "RESET_REQUIRED",
    "OPERATING_SYSTEM", "LIB_RM_VERSION_MISMATCH", "IN_USE", "MEMORY", "NO_DATA", "VGPU_ECC_NOT_SUPPORTED",
    "INSUFFICIENT_RESOURCES", "FREQ_NOT_SUPPORTED", "ARGUMENT_VERSION_MISMATCH", "DEPRECATED", "NOT_READY",
    "GPU_NOT_FOUND", "INVALID_STATE"
  };

  private NvmlErrors() {}

  /** "NOT_SUPPORTED" for 3, "UNKNOWN" for 999, "CODE_123" for a code this agent does not know. */
  public static String name(int code) {
    if (code >= 0 && code < NAMES.length) {
      return NAMES[code];
    }
    return code == Nvml.NVML_ERROR_UNKNOWN ? "UNKNOWN" : "CODE_" + code;
  }
}
