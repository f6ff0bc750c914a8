package dev.fleetscale.testkit.simulator;

import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry for the hosts that have no agent: one {@code HostSample} per host per interval on
 * {@code fleet.telemetry.v1}, built from the {@link FleetModel}'s loads with the same contract
 * (and the same {@link EventRecords} wire format) an agent publishes, so that hundreds of hosts
 * need one JVM. Each GPU held by a workload lists one process attributed to it (a Kubernetes pod
 * whose id is the workload id), which is what the optimizer's planner moves.
 *
 * <p>A host that serves nothing ({@code SPARE}, {@code JOINING}) is powered down and silent; a
 * {@code DRAINING} host still reports. Unlike the agent there is no spool: a sample that cannot
 * be sent is counted and dropped (the simulator is a fixture). Called from the simulator's tick.
 */
final class SamplePublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SamplePublisher.class);
  private static final URI SOURCE = URI.create("/fleetscale/fleet-simulator");

  private final KafkaProducer<String, byte[]> producer;
  private final Duration interval;
  private final String cluster;
  private final Map<String, Long> sequence = new HashMap<>();
  private final Map<String, long[]> energy = new HashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private Instant last;

  SamplePublisher(KafkaClientSettings kafka, Duration interval, String cluster) {
    this.interval = interval;
    this.cluster = cluster;
    this.producer = new KafkaProducer<>(kafka.client("fleetscale-simulator-telemetry")
        .defaultValue(ProducerConfig.LINGER_MS_CONFIG, 20)
        .fixed(ProducerConfig.ACKS_CONFIG, "all")
        .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .fixed(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class)
        .fixed(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
        .build());
  }

  /** Whether a sample interval has passed since the last publish. */
  boolean due(Instant now) {
    return last == null || Duration.between(last, now).compareTo(interval) >= 0;
  }

  /**
   * Publishes one sample for each of {@code hosts} that serves.
   *
   * @param loads {@link FleetModel#loads} of this tick
   */
  void publish(Instant now, FleetModel model, List<String> hosts, Map<String, double[][]> loads) {
    double seconds = last == null ? interval.toNanos() / 1e9 : Duration.between(last, now).toNanos() / 1e9;
    last = now;
    for (String hostId : hosts) {
      FleetModel.HostView view = model.host(hostId);
      if (view.state() == FleetModel.HostState.SPARE || view.state() == FleetModel.HostState.JOINING) {
        continue;
      }
      double[][] load = loads.get(hostId);
      if (load == null) {
        continue;
      }
      HostSample sample = sample(view, load, model.workloadByGpu(hostId), now, seconds);
      producer.send(EventRecords.toProducerRecord(sample, SOURCE), (meta, error) -> {
        if (error == null) {
          sent.incrementAndGet();
        } else if (failed.incrementAndGet() == 1 || failed.get() % 1000 == 0) {
          log.warn("telemetry for {} not sent ({} so far): {}", hostId, failed.get(), error.toString());
        }
      });
    }
  }

  HostSample sample(FleetModel.HostView view, double[][] load, String[] workloads, Instant now, double seconds) {
    long seq = sequence.merge(view.hostId(), 1L, Long::sum);
    long[] joules = energy.computeIfAbsent(view.hostId(), k -> new long[view.gpus()]);
    List<GpuSample> gpus = new ArrayList<>();
    long total = SimulatedHost.MEMORY_TOTAL;
    for (int i = 0; i < view.gpus(); i++) {
      double u = Math.max(0, Math.min(1, load[0][i]));
      double util = Math.round(1000 * u) / 10.0;
      long used = (long) (total * Math.min(0.95, Math.max(0, load[1][i])));
      double watts = (SimulatedHost.POWER_IDLE_MW + (SimulatedHost.POWER_LIMIT_MW - SimulatedHost.POWER_IDLE_MW) * u) / 1000.0;
      joules[i] += Math.round(watts * 1000 * seconds);
      List<GpuProcess> processes = workloads[i] == null ? List.of()
          : List.of(new GpuProcess(10_000 + i, used, new WorkloadRef(WorkloadKind.KUBERNETES_POD, workloads[i], null, null)));
      gpus.add(new GpuSample(i, String.format("GPU-%08x-%04x-4000-8000-%012x", Math.abs(view.hostId().hashCode()), i, (long) i),
          "NVIDIA " + view.gpuModel(), String.format("00000000:%02X:00.0", 0x18 + i), GpuHealth.OK,
          util, Math.max(0, util - 20), used, total - SimulatedHost.MEMORY_RESERVED - used, total,
          watts, SimulatedHost.POWER_LIMIT_MW / 1000.0, joules[i], 32 + (int) Math.round(45 * u),
          u > 0.05 ? 1_980 : 345, 3_201, null, null, 0L, 0L, 0L, 0L, 0L, false, false, 0L,
          u > 0.05 ? 0 : 8, null, false, processes, List.of()));
    }
    return new HostSample(view.hostId(), cluster, view.pool(), Map.of("simulated", "true"), seq, now,
        interval.toMillis(), gpus, List.of(), List.of(), List.of(), null);
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
