package dev.fleetscale.procurement.solver;

/**
 * A demand dimension the solver covers; the id is the constraint's name in reports, and the unit
 * is the unit of every amount of it.
 */
public enum Resource {
  GPU_COUNT("gpu_count", "GPUs"),
  GPU_MEMORY("gpu_memory_gb", "GB"),
  GPU_COMPUTE("gpu_bf16_tflops", "TFLOPS"),
  SSD_CAPACITY("ssd_capacity_tb", "TB"),
  SSD_BANDWIDTH("ssd_read_gb_per_s", "GB/s"),
  NETWORK_BANDWIDTH("network_gbps", "Gbit/s");

  private final String id;
  private final String unit;

  Resource(String id, String unit) {
    this.id = id;
    this.unit = unit;
  }

  public String id() {
    return id;
  }

  public String unit() {
    return unit;
  }
}
