package dev.fleetscale.contracts.metrics;

import java.util.Objects;

/**
 * One row of the metric catalogue.
 *
 * @param scope where in a HostSample the field is
 * @param jsonField the snake_case JSON field name, e.g. "temperature_c"
 * @param prometheusName exported name, e.g. "DCGM_FI_DEV_GPU_TEMP"
 * @param kind gauge or counter
 * @param unit unit of the exported Prometheus value, e.g. "celsius", "bytes", "seconds"
 * @param help one sentence for the Prometheus HELP line
 * @param source the NVML function or kernel file the value comes from
 * @param scale what the JSON value is multiplied by for Prometheus: 1, or e.g. 0.001 where the
 *     JSON field is in milliseconds and the Prometheus metric in the base unit seconds
 */
public record MetricDefinition(
    MetricScope scope,
    String jsonField,
    String prometheusName,
    MetricKind kind,
    String unit,
    String help,
    String source,
    double scale) {
  public MetricDefinition {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(jsonField, "jsonField");
    Objects.requireNonNull(prometheusName, "prometheusName");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(source, "source");
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive finite number, was " + scale);
    }
  }
}
