package dev.fleetscale.agent.sampling;

import dev.fleetscale.agent.nvml.NvmlGpuReader;
import dev.fleetscale.agent.nvml.NvmlStatus;
import dev.fleetscale.agent.ops.AgentMetrics;
import dev.fleetscale.agent.publish.SampleOutbox;
import dev.fleetscale.contracts.telemetry.HostSample;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a host sample on every tick of an {@link AbsoluteSchedule} and leaves it in the outbox.
 *
 * <p>The event loop only keeps time: NVML calls and /proc reads run in {@code executeBlocking} on a
 * worker. If a sample is still being taken when the next tick comes, that tick is skipped and
 * counted (an overrun), never queued. Sampling never waits for Kafka: the outbox only writes to
 * the spool. Initialises NVML at start and shuts it down at stop.
 */
public final class SamplerVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SamplerVerticle.class);

  private final HostSampler sampler;
  private final NvmlGpuReader gpus;
  private final SampleOutbox outbox;
  private final AgentMetrics metrics;
  private final long intervalNanos;
  private final AtomicReference<HostSample> latest;
  private AbsoluteSchedule schedule;
  private long lastTick = -1;
  private long timer = -1;
  private boolean busy;
  private boolean stopped;

  /**
   * @param latest where the newest sample is published for /metrics
   */
  public SamplerVerticle(
      HostSampler sampler,
      NvmlGpuReader gpus,
      SampleOutbox outbox,
      AgentMetrics metrics,
      long intervalMs,
      AtomicReference<HostSample> latest) {
    this.sampler = sampler;
    this.gpus = gpus;
    this.outbox = outbox;
    this.metrics = metrics;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
    this.latest = latest;
  }

  @Override
  public Future<?> start() {
    return vertx
        .executeBlocking(gpus::start)
        .map(
            status -> {
              logNvml(status);
              schedule = new AbsoluteSchedule(System.nanoTime(), intervalNanos);
              scheduleNext();
              return null;
            });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return vertx.executeBlocking(
        () -> {
          gpus.stop();
          return null;
        });
  }

  private void scheduleNext() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    long next = Math.max(schedule.nextTick(now), lastTick + 1);
    lastTick = next;
    long delayMs = Math.max(1, (schedule.tickNanos(next) - now + 999_999) / 1_000_000);
    timer = vertx.setTimer(delayMs, id -> tick());
  }

  private void tick() {
    scheduleNext();
    if (busy) {
      metrics.overrun();
      return;
    }
    busy = true;
    vertx
        .executeBlocking(this::takeOne)
        .onComplete(
            ar -> {
              busy = false;
              if (ar.failed()) {
                log.error("taking a sample failed", ar.cause());
              }
            });
  }

  private Void takeOne() {
    long started = System.nanoTime();
    HostSample sample = sampler.sample(outbox.nextSequence(), started);
    metrics.sampleTaken(System.nanoTime() - started);
    latest.set(sample);
    outbox.put(sample);
    return null;
  }

  private static void logNvml(NvmlStatus status) {
    // The NVML layer itself logs the one line that says why GPUs are unavailable.
    if (status.available()) {
      log.info("NVML {} (driver {}): {} GPU(s), XID events {}", status.nvmlVersion(),
          status.driverVersion(), status.deviceCount(), status.xidEvents() ? "on" : "off");
    }
  }
}
