package dev.fleetscale.agent.sampling;

import dev.fleetscale.agent.config.AgentConfig;
import dev.fleetscale.agent.disk.DiskSampler;
import dev.fleetscale.agent.disk.FilesystemSampler;
import dev.fleetscale.agent.host.HostResourceSampler;
import dev.fleetscale.agent.network.NicSampler;
import dev.fleetscale.agent.rate.RateGuard;
import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostResources;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicSample;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one {@link HostSample}: every GPU, disk, filesystem and NIC plus host CPU and memory.
 *
 * <p>One failing part (an unreadable /proc file, an NVML error the reader let through) costs that
 * part of the sample, which is then empty, never the sample: the failure is counted per part and
 * logged the first time it happens and when it recovers.
 *
 * <p>Blocking (file reads, NVML calls); not thread-safe: one sampling worker calls {@link #sample}.
 */
public final class HostSampler {

  /** Parts of a sample, as they appear in the sampler-errors metric. */
  public enum Part {
    GPUS,
    DISKS,
    FILESYSTEMS,
    NICS,
    HOST
  }

  /** Told when a part fails; thread-safe implementations only (metrics). */
  @FunctionalInterface
  public interface FailureCounter {
    void failed(Part part);
  }

  private static final Logger log = LoggerFactory.getLogger(HostSampler.class);

  private final HostIdentity identity;
  private final Supplier<List<GpuSample>> gpus;
  private final DiskSampler disks;
  private final FilesystemSampler filesystems;
  private final NicSampler nics;
  private final HostResourceSampler host;
  private final long configuredIntervalMs;
  private final Clock clock;
  private final FailureCounter failures;
  private final boolean[] failing = new boolean[Part.values().length];
  private long previousNanos = -1;

  /**
   * @param gpus reads every GPU (the NVML reader); returns an empty list without NVML
   * @param configuredIntervalMs reported as the interval of the first sample, which has no
   *     previous one
   */
  public HostSampler(
      HostIdentity identity,
      Supplier<List<GpuSample>> gpus,
      DiskSampler disks,
      FilesystemSampler filesystems,
      NicSampler nics,
      HostResourceSampler host,
      long configuredIntervalMs,
      Clock clock,
      FailureCounter failures) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.gpus = gpus;
    this.disks = disks;
    this.filesystems = filesystems;
    this.nics = nics;
    this.host = host;
    this.configuredIntervalMs = configuredIntervalMs;
    this.clock = clock;
    this.failures = failures;
  }

  /**
   * The sampler the configuration describes: this host's disks, filesystems, NICs, CPU and memory
   * as {@code config} says where and which, and {@code gpus}.
   */
  public static HostSampler fromConfig(
      AgentConfig config, Supplier<List<GpuSample>> gpus, Clock clock, FailureCounter failures) {
    return fromConfig(config, gpus, clock, failures, new RateGuard());
  }

  /**
   * As {@link #fromConfig(AgentConfig, Supplier, Clock, FailureCounter)}, counting counter resets
   * and clamped disk and NIC rates in {@code guard}.
   */
  public static HostSampler fromConfig(
      AgentConfig config,
      Supplier<List<GpuSample>> gpus,
      Clock clock,
      FailureCounter failures,
      RateGuard guard) {
    return new HostSampler(
        new HostIdentity(config.hostId(), config.cluster(), config.pool(), config.labels()),
        gpus,
        new DiskSampler(
            config.kernel(), config.diskExclude(), config.diskMaxBytesPerSecond(), guard),
        new FilesystemSampler(config.mountsFile(), config.hostRoot(), config.filesystemTypes()),
        new NicSampler(config.kernel(), config.nicExclude(), guard),
        new HostResourceSampler(config.kernel()),
        config.intervalMs(),
        clock,
        failures);
  }

  /**
   * Reads everything now.
   *
   * @param sequence the sample's sequence number
   * @param nowNanos monotonic time of this reading; rates are averaged since the previous one
   */
  public HostSample sample(long sequence, long nowNanos) {
    List<GpuSample> gpuSamples = part(Part.GPUS, gpus::get, List.of());
    List<DiskSample> diskSamples = part(Part.DISKS, () -> disks.sample(nowNanos), List.of());
    List<FilesystemSample> fsSamples = part(Part.FILESYSTEMS, filesystems::sample, List.of());
    List<NicSample> nicSamples = part(Part.NICS, () -> nics.sample(nowNanos), List.of());
    HostResources resources = part(Part.HOST, host::sample, null);
    long intervalMs =
        previousNanos < 0
            ? configuredIntervalMs
            : Math.max(1, Math.round((nowNanos - previousNanos) / 1e6));
    previousNanos = nowNanos;
    Instant timestamp = clock.instant();
    return new HostSample(
        identity.hostId(),
        identity.cluster(),
        identity.pool(),
        identity.labels().isEmpty() ? null : identity.labels(),
        sequence,
        timestamp,
        intervalMs,
        gpuSamples,
        diskSamples,
        fsSamples,
        nicSamples,
        resources);
  }

  private <T> T part(Part part, Reading<T> reading, T whenFailed) {
    try {
      T value = reading.read();
      if (failing[part.ordinal()]) {
        failing[part.ordinal()] = false;
        log.info("sampling {} works again", part);
      }
      return value;
    } catch (Exception e) {
      failures.failed(part);
      if (!failing[part.ordinal()]) {
        failing[part.ordinal()] = true;
        log.warn("sampling {} failed, the sample carries none until it works again: {}", part, e.toString());
      }
      return whenFailed;
    }
  }

  @FunctionalInterface
  private interface Reading<T> {
    T read() throws Exception;
  }

  /**
   * Who this host is, from configuration.
   *
   * @param hostId host id (the record key)
   * @param cluster cluster name
   * @param pool pool name
   * @param labels static labels, may be empty
   */
  public record HostIdentity(String hostId, String cluster, String pool, Map<String, String> labels) {
    public HostIdentity {
      labels = Map.copyOf(labels);
    }
  }
}
