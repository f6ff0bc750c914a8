package dev.fleetscale.optimizer.rollup;

/**
 * The metrics rolled up per GPU, host and pool. The field prefix is what InfluxDB sees: {@code
 * <field>_mean}, {@code <field>_max}, {@code <field>_p95}; docs/influxdb-schema.md lists them
 * with units. {@code gpuScoped} metrics exist per GPU; the others only per host and pool.
 */
public enum RollupMetric {
  GPU_UTIL("gpu_util_pct", true),
  MEM_COPY_UTIL("mem_copy_util_pct", true),
  FB_USED("fb_used_pct", true),
  POWER("power_w", true),
  TEMPERATURE("temperature_c", true),
  DISK_UTIL("disk_util_pct", false),
  NIC_UTIL("nic_util_pct", false);

  private final String field;
  private final boolean gpuScoped;
  // The three InfluxDB field names, built once: they are written for every point on the hot path.
  private final String meanField;
  private final String maxField;
  private final String p95Field;

  RollupMetric(String field, boolean gpuScoped) {
    this.field = field;
    this.gpuScoped = gpuScoped;
    this.meanField = field + "_mean";
    this.maxField = field + "_max";
    this.p95Field = field + "_p95";
  }

  /**
   * The rollup behind an autoscaling metric name: a catalogue (dcgm-exporter) name or a field.
   *
   * @throws IllegalArgumentException naming the metric if none matches
   */
  public static RollupMetric forScalingMetric(String name) {
    switch (name) {
      case "DCGM_FI_DEV_GPU_UTIL":
        return GPU_UTIL;
      case "DCGM_FI_DEV_MEM_COPY_UTIL":
        return MEM_COPY_UTIL;
      case "DCGM_FI_DEV_POWER_USAGE":
        return POWER;
      case "DCGM_FI_DEV_GPU_TEMP":
        return TEMPERATURE;
      default:
        for (RollupMetric m : values()) {
          if (m.field.equals(name)) {
            return m;
          }
        }
        throw new IllegalArgumentException("unknown scaling metric " + name);
    }
  }

  public String field() {
    return field;
  }

  /** {@code <field>_mean}. */
  public String meanField() {
    return meanField;
  }

  /** {@code <field>_max}. */
  public String maxField() {
    return maxField;
  }

  /** {@code <field>_p95}. */
  public String p95Field() {
    return p95Field;
  }

  public boolean gpuScoped() {
    return gpuScoped;
  }
}
