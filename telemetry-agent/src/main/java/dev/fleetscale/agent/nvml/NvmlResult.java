package dev.fleetscale.agent.nvml;

import java.util.Objects;

/**
 * One NVML call's outcome: a value, or the {@code nvmlReturn_t} code that replaced it.
 *
 * @param function the C function that was called (the one actually used, after any fallback)
 * @param code {@link Nvml#NVML_SUCCESS} or the error code
 * @param value the value on success; null on failure, and also on success where NVML answered with its
 *     "not available" sentinel (the sentinel never leaves the binding)
 */
public record NvmlResult<T>(String function, int code, T value) {

  public NvmlResult {
    Objects.requireNonNull(function, "function");
    if (code != Nvml.NVML_SUCCESS && value != null) {
      throw new IllegalArgumentException(function + " failed with " + code + " but carries a value");
    }
  }

  public static <T> NvmlResult<T> success(String function, T value) {
    return new NvmlResult<>(function, Nvml.NVML_SUCCESS, value);
  }

  public static <T> NvmlResult<T> failure(String function, int code) {
    if (code == Nvml.NVML_SUCCESS) {
      throw new IllegalArgumentException(function + ": a failure needs an error code");
    }
    return new NvmlResult<>(function, code, null);
  }

  public boolean ok() {
    return code == Nvml.NVML_SUCCESS;
  }
}
