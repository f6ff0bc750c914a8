package dev.fleetscale.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The samples of hosts without an agent: the telemetry contract, built from the model. */
class SamplePublisherTest {

  @Test
  void aPublishedSampleCarriesTheModelsLoadAndWorkloadsAndPassesTheSchema() throws Exception {
    FleetModelTest.FakeClock clock = new FleetModelTest.FakeClock();
    FleetModel model = new FleetModel(clock, FleetModel.Settings.defaults(), HardwareCatalog.of());
    model.addPool("training", PoolDemand.constant(0.5));
    model.addHost("training", "a", 8, "H200-SXM", List.of(new FleetModel.Workload("job-1", 2)));
    model.addHost("training", "b", 8, "H200-SXM", false);
    Map<String, double[][]> loads = model.loads(Duration.ZERO);

    try (SamplePublisher publisher = new SamplePublisher(KafkaClientSettings.of("127.0.0.1:9", null),
        Duration.ofSeconds(5), "c1")) {
      HostSample sample = publisher.sample(model.host("a"), loads.get("a"), model.workloadByGpu("a"),
          FleetModelTest.T0, 5);
      HostSample next = publisher.sample(model.host("a"), loads.get("a"), model.workloadByGpu("a"),
          FleetModelTest.T0.plusSeconds(5), 5);

      EventCodec<HostSample> codec = EventCodec.of(HostSample.class);
      HostSample decoded = codec.decode(codec.encode(sample));
      assertThat(decoded.pool()).isEqualTo("training");
      assertThat(decoded.intervalMs()).isEqualTo(5000);
      assertThat(decoded.gpus()).hasSize(8);
      // The 2 workload GPUs carry all the demand: 0.5 × 2 GPUs = 1 GPU-equivalent → 50 % each.
      GpuSample busy = decoded.gpus().get(0);
      assertThat(busy.gpuUtilizationPercent()).isEqualTo(50.0);
      assertThat(busy.processes()).singleElement().satisfies(p -> assertThat(p.workload().id()).isEqualTo("job-1"));
      assertThat(busy.powerUsageWatts()).isEqualTo(395.0);
      GpuSample free = decoded.gpus().get(2);
      assertThat(free.gpuUtilizationPercent()).isZero();
      assertThat(free.processes()).isEmpty();
      assertThat(next.sequence()).isEqualTo(sample.sequence() + 1);
      assertThat(next.gpus().get(0).totalEnergyMillijoules()).isGreaterThan(busy.totalEnergyMillijoules());
      assertThat(publisher.due(Instant.EPOCH)).isTrue();
    }
  }
}
