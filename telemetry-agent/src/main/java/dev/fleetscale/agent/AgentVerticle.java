package dev.fleetscale.agent;

import dev.fleetscale.agent.attribution.WorkloadResolver;
import dev.fleetscale.agent.config.AgentConfig;
import dev.fleetscale.agent.nvml.GpuHealthListener;
import dev.fleetscale.agent.nvml.NvmlGpuReader;
import dev.fleetscale.agent.nvml.NvmlLibrary;
import dev.fleetscale.agent.nvml.NvmlStatus;
import dev.fleetscale.agent.ops.AgentMetrics;
import dev.fleetscale.agent.ops.DeviceMetrics;
import dev.fleetscale.agent.ops.HttpVerticle;
import dev.fleetscale.agent.publish.KafkaLink;
import dev.fleetscale.agent.publish.ProducerSettings;
import dev.fleetscale.agent.publish.PublisherVerticle;
import dev.fleetscale.agent.publish.SampleOutbox;
import dev.fleetscale.agent.rate.RateGuard;
import dev.fleetscale.agent.sampling.HostSampler;
import dev.fleetscale.agent.sampling.SamplerVerticle;
import dev.fleetscale.agent.spool.Spool;
import dev.fleetscale.agent.spool.SpoolEvents;
import dev.fleetscale.contracts.metrics.MetricCatalogue;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.runtime.health.HealthChecks;
import dev.fleetscale.runtime.health.HealthStatus;
import dev.fleetscale.runtime.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: opens the spool, builds the samplers and deploys three verticles with one job each —
 * {@link PublisherVerticle} (spool to Kafka, a worker), {@link SamplerVerticle} (ticks, samples
 * into the spool) and {@link HttpVerticle} (/health, /metrics). Undeploying it stops them (Vert.x
 * undeploys children first), shuts NVML down and closes the spool.
 */
public final class AgentVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(AgentVerticle.class);

  /** Pause after a failed send before the next attempt. */
  static final long RETRY_DELAY_MS = 1_000;

  private final AgentConfig config;
  private PrometheusMeterRegistry registry;
  private Spool spool;
  private HttpVerticle http;
  private AgentMetrics metrics;
  /** Counter resets and impossible rates of every sampler (disks, NICs, GPU counters). */
  private final RateGuard counterChecks = new RateGuard();

  public AgentVerticle(AgentConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    registry = Metrics.registry("telemetry-agent");
    metrics = new AgentMetrics(registry);
    // Opening the spool reads what a previous run left and loading NVML is a native call: both
    // blocking, so off the event loop.
    return vertx.executeBlocking(this::build).compose(this::deploy);
  }

  @Override
  public Future<?> stop() throws IOException {
    if (spool != null) {
      spool.close();
    }
    if (registry != null) {
      registry.close();
    }
    return Future.succeededFuture();
  }

  /** The port /health and /metrics listen on, once started. */
  public int httpPort() {
    return http.actualPort();
  }

  /** The agent's own meters (tests and the benchmark read them). */
  public AgentMetrics metrics() {
    return metrics;
  }

  /** The spool (tests read its depth). */
  public Spool spool() {
    return spool;
  }

  private record Parts(
      SampleOutbox outbox, NvmlGpuReader gpus, HostSampler sampler, KafkaLink link) {}

  private Parts build() {
    spool = Spool.open(config.spoolDir(), config.spoolMaxBytes(), spoolEvents());
    log.info("spool {}: {} sample(s) waiting from a previous run, last sequence {}",
        config.spoolDir(), spool.depth(), spool.lastSequence());
    SampleOutbox outbox = new SampleOutbox(spool, metrics);
    WorkloadResolver workloads = new WorkloadResolver(config.kernel());
    GpuHealthListener health =
        event -> {
          metrics.gpuHealthChanged(event.current().name());
          log.warn("GPU {} ({}) is {} (was {}): {}", event.index(), event.uuid(),
              event.current(), event.previous(), event.reason());
        };
    NvmlGpuReader gpus =
        NvmlGpuReader.create(
            NvmlLibrary.load(config.nvmlLibrary()), workloads::resolve, health, Clock.systemUTC(),
            counterChecks);
    HostSampler sampler = HostSampler.fromConfig(
        config, gpus::readSamples, Clock.systemUTC(), metrics::samplerFailed, counterChecks);
    return new Parts(outbox, gpus, sampler, new KafkaLink());
  }

  private Future<?> deploy(Parts parts) {
    Spool spool = this.spool;
    metrics.gauge("fleetscale.agent.spool.depth", "Samples waiting in the spool for Kafka.", spool, Spool::depth);
    metrics.gauge("fleetscale.agent.spool.bytes", "Disk used by the spool, bytes.", spool, Spool::bytes);
    metrics.functionCounter("fleetscale.agent.nvml.errors", "NVML calls that failed (not supported included).",
        () -> parts.gpus().errorCounts().values().stream().mapToLong(Long::longValue).sum());
    metrics.functionCounter("fleetscale.agent.cumulative.resets",
        "Counter readings (NIC, disk, GPU energy and PCIe replays) that went down: a reset, so the interval has no rate.",
        counterChecks::resets);
    metrics.functionCounter("fleetscale.agent.rates.clamped",
        "Rates beyond what the device can do: NIC and disk rates clamped to it, GPU counter readings withheld.",
        counterChecks::clamped);
    HealthChecks checks = new HealthChecks()
        .register("nvml", () -> nvmlHealth(parts.gpus().status()))
        .register("kafka", () -> kafkaHealth(parts.link(), spool))
        .register("spool", () -> spoolHealth(parts.outbox(), spool));
    AtomicReference<HostSample> latest = new AtomicReference<>();
    PublisherVerticle publisher = new PublisherVerticle(
        parts.outbox(),
        ProducerSettings.of(config.kafka(), "fleetscale-agent-" + config.hostId(), config.deliveryTimeoutMs()),
        source(config.hostId()),
        metrics,
        parts.link(),
        RETRY_DELAY_MS);
    SamplerVerticle sampler = new SamplerVerticle(
        parts.sampler(), parts.gpus(), parts.outbox(), metrics, config.intervalMs(), latest);
    http = new HttpVerticle(
        config.httpHost(), config.httpPort(), checks, metrics,
        new DeviceMetrics(MetricCatalogue.standard()), latest::get);
    return vertx
        .deployVerticle(publisher, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .compose(id -> vertx.deployVerticle(sampler))
        .compose(id -> vertx.deployVerticle(http))
        .onSuccess(id -> log.info("agent {} sampling every {} ms, /health and /metrics on {}:{}",
            config.hostId(), config.intervalMs(), config.httpHost(), http.actualPort()));
  }

  private SpoolEvents spoolEvents() {
    return new SpoolEvents() {
      @Override
      public void dropped(long samples, long firstSequence, long lastSequence) {
        metrics.dropped(samples);
        log.warn("spool full ({} bytes): dropped the {} oldest unsent sample(s), sequences {}..{}",
            config.spoolMaxBytes(), samples, firstSequence, lastSequence);
      }

      @Override
      public void corrupt(Path file, String reason) {
        metrics.corrupt();
        log.error("spool file {} is damaged: {}", file, reason);
      }
    };
  }

  static HealthStatus nvmlHealth(NvmlStatus status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("devices", status.deviceCount());
    if (status.driverVersion() != null) {
      details.put("driverVersion", status.driverVersion());
    }
    details.put("xidEvents", status.xidEvents());
    return status.available()
        ? HealthStatus.up(details)
        : HealthStatus.degraded("running without GPUs: " + status.reason(), details);
  }

  static HealthStatus kafkaHealth(KafkaLink link, Spool spool) {
    Map<String, Object> details = new LinkedHashMap<>();
    KafkaLink.State state = link.state();
    details.put("state", state.name());
    details.put("since", link.since().toString());
    details.put("spoolDepth", spool.depth());
    Optional<Duration> waiting = link.inFlightFor();
    waiting.ifPresent(w -> details.put("inFlightMs", w.toMillis()));
    switch (state) {
      case REFUSED:
        return HealthStatus.down("Kafka refused the agent, samples are spooled until it is fixed: "
            + link.lastError(), details);
      case DISCONNECTED:
        return HealthStatus.degraded("Kafka unreachable, samples are spooled: " + link.lastError(), details);
      case STALLED:
        return HealthStatus.degraded(String.format(java.util.Locale.ROOT,
            "Kafka has not acknowledged sample %d for %.1f s (more than %d s): sends are not completing,"
                + " samples are spooled", link.inFlightSequence(),
            waiting.orElse(Duration.ZERO).toMillis() / 1000.0, link.stallAfter().toSeconds()),
            details);
      default:
        return HealthStatus.up(details);
    }
  }

  static HealthStatus spoolHealth(SampleOutbox outbox, Spool spool) {
    Map<String, Object> details = Map.of("depth", spool.depth(), "bytes", spool.bytes());
    return outbox.appendFailing()
        ? HealthStatus.down("cannot write to the spool: samples are being lost", details)
        : HealthStatus.up(details);
  }

  private static URI source(String hostId) {
    try {
      return new URI(null, null, "/fleetscale/telemetry-agent/" + hostId, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("host id " + hostId + " cannot be part of a URI", e);
    }
  }
}
