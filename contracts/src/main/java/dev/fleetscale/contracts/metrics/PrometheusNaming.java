package dev.fleetscale.contracts.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * The one place that keeps every service's Prometheus output inside Prometheus' rules, which
 * {@code promtool check metrics} enforces: the Vert.x services apply it in vertx-runtime's
 * registry, the Micronaut services expose its filters as beans (micronaut-micrometer applies every
 * {@link MeterFilter} bean to the registry).
 *
 * <ul>
 *   <li>{@code system.cpu.count} is a gauge, and a {@code _count} suffix belongs to histograms and
 *       summaries: it is exported as {@value #CPUS} ({@code system_cpus}).
 *   <li>{@code process.cpu.time} is a counter in nanoseconds ({@code process_cpu_time_ns_total}):
 *       {@code process_cpu_seconds_total}, the name Prometheus' own clients use, replaces it.
 *   <li>Micrometer's executor meters, which Micronaut binds to its thread pools, and Micronaut's
 *       HTTP server and client request timers come without a description, so {@code # HELP
 *       executor_seconds} had an empty text, which strict parsers reject: they get one here.
 *   <li>The HTTP client timer's camelCase tag {@code serviceId} is exported as {@code service_id}.
 * </ul>
 *
 * <p>Needs micrometer-core on the class path (an optional dependency of contracts).
 */
public final class PrometheusNaming {

  private PrometheusNaming() {}

  /** What Micrometer's {@code system.cpu.count} is exported as. */
  public static final String CPUS = "system.cpus";

  /** Descriptions for Micrometer and Micronaut meters that come without one. */
  static final Map<String, String> DESCRIPTIONS = Map.of(
      "executor", "Time tasks on this executor took to run.",
      "executor.idle", "Time tasks waited in this executor's queue before they ran.",
      "executor.scheduled.once", "Tasks scheduled once on this executor.",
      "executor.scheduled.repetitively", "Tasks scheduled repetitively on this executor.",
      "http.server.requests", "HTTP requests this service answered, by method, route and status.",
      "http.client.requests",
      "HTTP requests this service's clients sent, by method, target and status.");

  /** Every filter, in the order a registry applies them. */
  public static List<MeterFilter> filters() {
    return List.of(names(), noNanosecondCpuTime(), snakeCaseClientTag());
  }

  /** Drops {@code process.cpu.time}; {@link #bindProcessCpuSeconds} replaces it. */
  public static MeterFilter noNanosecondCpuTime() {
    return MeterFilter.deny(id -> "process.cpu.time".equals(id.getName()));
  }

  /** {@code serviceId} on the HTTP client timer becomes {@code service_id}. */
  public static MeterFilter snakeCaseClientTag() {
    return MeterFilter.renameTag("http.client.requests", "serviceId", "service_id");
  }

  /** Renames {@code system.cpu.count} and gives described meters their help text. */
  public static MeterFilter names() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if ("system.cpu.count".equals(id.getName())) {
          return id.withName(CPUS);
        }
        String description = DESCRIPTIONS.get(id.getName());
        if (description != null && (id.getDescription() == null || id.getDescription().isBlank())) {
          return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
              description, id.getType());
        }
        return id;
      }
    };
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
}
