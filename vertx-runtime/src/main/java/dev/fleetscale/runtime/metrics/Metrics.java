package dev.fleetscale.runtime.metrics;

import dev.fleetscale.contracts.metrics.PrometheusNaming;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The Prometheus registry every Vert.x service exposes at {@code /metrics}. */
public final class Metrics {

  private Metrics() {}

  /**
   * A registry tagged {@code service=<service>}, with the JVM and process meters bound.
   * The caller owns it and closes it at stop.
   *
   * <p>Two of Micrometer's processor meters break Prometheus' naming rules, and {@code promtool
   * check metrics} says so: the {@code system.cpu.count} gauge (a {@code _count} suffix belongs to
   * histograms and summaries) is renamed {@code system_cpus}, and {@code process.cpu.time}, a counter
   * in nanoseconds ({@code process_cpu_time_ns_total}), gives way to {@code
   * process_cpu_seconds_total}, the name Prometheus' own client libraries use.
   */
  public static PrometheusMeterRegistry registry(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusNaming.filters().forEach(registry.config()::meterFilter);
    registry.config().commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    PrometheusNaming.bindProcessCpuSeconds(registry);
    return registry;
  }
}
