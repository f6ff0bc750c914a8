package dev.fleetscale.agent.ops;

import dev.fleetscale.agent.sampling.HostSampler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The agent's own figures (not the devices'): samples taken, published, dropped, spool depth,
 * send failures, NVML errors, sample duration. Names are {@code fleetscale_agent_*} on /metrics.
 * Thread-safe (Micrometer meters are).
 */
public final class AgentMetrics {

  private final PrometheusMeterRegistry registry;
  private final Counter taken;
  private final Counter published;
  private final Counter dropped;
  private final Counter corrupt;
  private final Counter sendFailures;
  private final Counter overruns;
  private final Timer sampleDuration;
  /** Sources of function counters, held so that they live as long as the meters. */
  private final List<Supplier<Number>> functionSources = new CopyOnWriteArrayList<>();
  private final Map<HostSampler.Part, Counter> samplerErrors = new EnumMap<>(HostSampler.Part.class);

  public AgentMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    taken = Counter.builder("fleetscale.agent.samples.taken")
        .description("Host samples taken and written to the spool.").register(registry);
    published = Counter.builder("fleetscale.agent.samples.published")
        .description("Host samples Kafka acknowledged.").register(registry);
    dropped = Counter.builder("fleetscale.agent.samples.dropped")
        .description("Host samples lost: the spool was full (oldest dropped) or could not be written.")
        .register(registry);
    corrupt = Counter.builder("fleetscale.agent.spool.corrupt")
        .description("Spool files (or records) found damaged and skipped.").register(registry);
    sendFailures = Counter.builder("fleetscale.agent.kafka.send.failures")
        .description("Sends to Kafka that failed; the sample stays in the spool and is retried.")
        .register(registry);
    overruns = Counter.builder("fleetscale.agent.sample.overruns")
        .description("Ticks skipped because the previous sample was still being taken.")
        .register(registry);
    sampleDuration = Timer.builder("fleetscale.agent.sample.duration")
        .description("Time to take one host sample (all GPUs, disks, NICs).")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
    for (HostSampler.Part part : HostSampler.Part.values()) {
      samplerErrors.put(part, Counter.builder("fleetscale.agent.sampler.errors")
          .description("Samples in which one part could not be read.")
          .tag("part", part.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry));
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void sampleTaken(long durationNanos) {
    taken.increment();
    sampleDuration.record(durationNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void published() {
    published.increment();
  }

  public void dropped(long samples) {
    dropped.increment(samples);
  }

  public void corrupt() {
    corrupt.increment();
  }

  public void sendFailed() {
    sendFailures.increment();
  }

  public void overrun() {
    overruns.increment();
  }

  public void samplerFailed(HostSampler.Part part) {
    samplerErrors.get(part).increment();
  }

  /** A GPU's health changed (LOST, ERROR, or back to OK); tagged with the new state. */
  public void gpuHealthChanged(String state) {
    Counter.builder("fleetscale.agent.gpu.health.changes")
        .description("GPU health changes seen by the NVML reader (e.g. to LOST on GPU_IS_LOST).")
        .tag("to", state)
        .register(registry)
        .increment();
  }

  /** Current counts, for tests and the benchmark. */
  public double publishedCount() {
    return published.count();
  }

  public double droppedCount() {
    return dropped.count();
  }

  public double corruptCount() {
    return corrupt.count();
  }

  /**
   * Registers a gauge read from {@code source} at scrape time. Micrometer holds its source weakly by
   * default; these hold it strongly, so a source nothing else keeps (a lambda) is not collected.
   */
  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
  }

  /**
   * Registers a counter whose total is read from {@code total} at scrape time. Micrometer holds a
   * function counter's source weakly and has no switch for it, so the source is kept here: before,
   * the first GC collected the lambda and the counter stayed at its last value for good (seen on a
   * real H200: NVML errors stuck at 0).
   */
  public void functionCounter(String name, String description, Supplier<Number> total) {
    functionSources.add(total);
    FunctionCounter.builder(name, total, s -> s.get().doubleValue())
        .description(description)
        .register(registry);
  }
}
