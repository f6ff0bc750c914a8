package dev.fleetscale.contracts.metrics;

/** Prometheus metric type. A metric is one or the other, never both. */
public enum MetricKind {
  /** A value that goes up and down. */
  GAUGE,
  /** A cumulative value that only grows (until the driver reloads or the host reboots). */
  COUNTER
}
