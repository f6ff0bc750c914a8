package dev.fleetscale.procurement.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Keeps the service's Prometheus output inside Prometheus' rules, which {@code promtool check
 * metrics} enforces (micronaut-micrometer applies every {@link MeterFilter} and {@link MeterBinder}
 * bean to the registry).
 *
 * <ul>
 *   <li>Micrometer's executor meters, which Micronaut binds to its thread pools, and Micronaut's
 *       HTTP server and client request timers are registered without a description, so {@code #
 *       HELP executor_seconds} came with an empty text, which strict parsers reject: they get one
 *       here.
 *   <li>The HTTP client timer's camelCase tag {@code serviceId} is exported as {@code
 *       service_id}.
 *   <li>{@code system.cpu.count} is a gauge, and a {@code _count} suffix belongs to histograms and
 *       summaries: it is exported as {@code system_cpus}.
 *   <li>{@code process.cpu.time} is a counter in nanoseconds ({@code process_cpu_time_ns_total}):
 *       {@code process_cpu_seconds_total}, the name Prometheus' own clients use, replaces it.
 * </ul>
 */
@Factory
public class PrometheusConventions {

  /** Descriptions for Micrometer meters that come without one. */
  static final Map<String, String> DESCRIPTIONS = Map.of(
      "executor", "Time tasks on this executor took to run.",
      "executor.idle", "Time tasks waited in this executor's queue before they ran.",
      "executor.scheduled.once", "Tasks scheduled once on this executor.",
      "executor.scheduled.repetitively", "Tasks scheduled repetitively on this executor.",
      "http.server.requests", "HTTP requests this service answered, by method, route and status.",
      "http.client.requests", "HTTP requests this service's clients sent, by method, target and status.");

  @Singleton
  MeterFilter prometheusNames() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if ("system.cpu.count".equals(id.getName())) {
          return id.withName("system.cpus");
        }
        String description = DESCRIPTIONS.get(id.getName());
        if (description != null && (id.getDescription() == null || id.getDescription().isBlank())) {
          return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
              id.getType());
        }
        return id;
      }
    };
  }

  @Singleton
  MeterFilter snakeCaseClientTag() {
    return MeterFilter.renameTag("http.client.requests", "serviceId", "service_id");
  }

  @Singleton
  MeterFilter noNanosecondCpuTime() {
    return MeterFilter.deny(id -> "process.cpu.time".equals(id.getName()));
  }

  @Singleton
  MeterBinder processCpuSeconds() {
    return registry -> {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
          && os.getProcessCpuTime() >= 0) {
        // The platform MXBean is a singleton the JVM keeps: the weak reference never clears.
        FunctionCounter.builder("process.cpu", os, b -> b.getProcessCpuTime() / 1e9)
            .baseUnit("seconds")
            .description("CPU time used by the JVM process, in seconds.")
            .register(registry);
      }
    };
  }
}
