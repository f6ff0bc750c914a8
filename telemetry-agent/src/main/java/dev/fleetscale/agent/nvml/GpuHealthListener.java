package dev.fleetscale.agent.nvml;

/**
 * Told when a GPU's health changes (for example when NVML reports NVML_ERROR_GPU_IS_LOST). Called on the
 * thread that runs {@link NvmlGpuReader#read()}; must not block for long.
 */
@FunctionalInterface
public interface GpuHealthListener {

  GpuHealthListener IGNORE = event -> { };

  void onHealthChange(GpuHealthEvent event);
}
