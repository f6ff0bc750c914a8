package dev.fleetscale.runtime.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;

/** The Prometheus registry every Vert.x service exposes at {@code /metrics}. */
public final class Metrics {

  private Metrics() {}

  /** What {@link ProcessorMetrics}' {@code system.cpu.count} is exported as. */
  public static final String CPUS = "system.cpus";

  /**
   * A registry tagged {@code service=<service>}, with the JVM and process meters bound.
   * The caller owns it and closes it at stop.
   *
   * <p>Two of Micrometer's processor meters break Prometheus' naming rules, and {@code promtool
   * check metrics} says so: the {@code system.cpu.count} gauge (a {@code _count} suffix belongs to
   * histograms and summaries) is renamed {@value #CPUS}, and {@code process.cpu.time}, a counter
   * in nanoseconds ({@code process_cpu_time_ns_total}), gives way to {@code
   * process_cpu_seconds_total}, the name Prometheus' own client libraries use.
   */
  public static PrometheusMeterRegistry registry(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(renameCpuCount())
        .meterFilter(MeterFilter.deny(id -> "process.cpu.time".equals(id.getName())))
        .commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    bindProcessCpuSeconds(registry);
    return registry;
  }

  /** {@code process_cpu_seconds_total}: CPU time the JVM process has used, in seconds. */
  public static void bindProcessCpuSeconds(MeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        && os.getProcessCpuTime() >= 0) {
      // The platform MXBean is a singleton the JVM keeps: the weak reference never clears.
      FunctionCounter.builder("process.cpu", os, b -> b.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by the JVM process, in seconds.")
          .register(registry);
    }
  }

  /** Renames {@code system.cpu.count} to {@value #CPUS}; every other meter passes unchanged. */
  public static MeterFilter renameCpuCount() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return "system.cpu.count".equals(id.getName()) ? id.withName(CPUS) : id;
      }
    };
  }
}
