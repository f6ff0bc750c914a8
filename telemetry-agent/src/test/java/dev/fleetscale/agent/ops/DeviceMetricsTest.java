package dev.fleetscale.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.metrics.MetricCatalogue;
import dev.fleetscale.contracts.metrics.MetricScope;
import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostResources;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicKind;
import dev.fleetscale.contracts.telemetry.NicSample;
import dev.fleetscale.contracts.telemetry.XidEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceMetricsTest {

  private final DeviceMetrics metrics = new DeviceMetrics(MetricCatalogue.standard());

  @Test
  void gpuValuesCarryDcgmExporterNamesAndLabels() {
    String text = metrics.render(sample());
    assertThat(text)
        .contains("# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n")
        .contains("DCGM_FI_DEV_GPU_UTIL{Hostname=\"gpu-7\",UUID=\"GPU-abc\",device=\"nvidia0\","
            + "gpu=\"0\",modelName=\"NVIDIA H200\",pci_bus_id=\"00000000:18:00.0\"} 87.0\n")
        .contains("# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter\n")
        .contains("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{")
        .contains("} 123456789\n")
        .contains("DCGM_FI_DEV_ROW_REMAP_PENDING{")
        .contains("DCGM_FI_DEV_XID_ERRORS{");
    assertThat(line(text, "DCGM_FI_DEV_ROW_REMAP_PENDING{")).endsWith(" 1");
    assertThat(line(text, "DCGM_FI_DEV_XID_ERRORS{")).endsWith(" 79");
  }

  @Test
  void absentFieldsGiveNoLineAndNoHeader() {
    String text = metrics.render(sample());
    // the sample has no fan speed (passively cooled) and no temperature
    assertThat(text).doesNotContain("DCGM_FI_DEV_FAN_SPEED").doesNotContain("DCGM_FI_DEV_GPU_TEMP");
  }

  @Test
  void diskNicAndHostValuesUseCatalogueNames() {
    String text = metrics.render(sample());
    assertThat(line(text, "fleetscale_disk_utilization_percent{"))
        .isEqualTo("fleetscale_disk_utilization_percent{Hostname=\"gpu-7\",device=\"nvme0n1\"} 42.5");
    assertThat(line(text, "fleetscale_nic_receive_errors_total{"))
        .isEqualTo("fleetscale_nic_receive_errors_total{Hostname=\"gpu-7\",interface=\"ib0\",kind=\"INFINIBAND\"} 3");
    assertThat(line(text, "fleetscale_host_memory_total_bytes{")).endsWith(" 1099511627776");
    // JSON milliseconds (0.1, 0.2), Prometheus' base unit seconds
    assertThat(line(text, "fleetscale_disk_read_latency_seconds{")).endsWith(" 0.0001");
    assertThat(line(text, "fleetscale_disk_write_latency_seconds{")).endsWith(" 0.0002");
    assertThat(line(text, "fleetscale_host_cpus{")).endsWith(" 224");
  }

  @Test
  void everyNameRenderedIsInTheCatalogue() {
    MetricCatalogue catalogue = MetricCatalogue.standard();
    metrics.render(sample()).lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.substring(0, l.indexOf('{')))
        .forEach(name -> assertThat(catalogue.byPrometheusName(name)).as(name).isPresent());
    assertThat(catalogue.scope(MetricScope.GPU)).isNotEmpty();
  }

  @Test
  void noSampleYetRendersNothing() {
    assertThat(metrics.render(null)).isEmpty();
  }

  private static String line(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix));
  }

  static HostSample sample() {
    GpuSample gpu = new GpuSample(0, "GPU-abc", "NVIDIA H200", "00000000:18:00.0", GpuHealth.OK,
        87.0, 40.0, 10L, 20L, 30L, 650.5, 700.0, 123_456_789L, null, 1980, 2619, 1L, 2L, 0L,
        0L, 0L, 0L, 0L, true, false, 0L, 0, null, false, List.of(),
        List.of(new XidEvent(13, Instant.EPOCH), new XidEvent(79, Instant.EPOCH)));
    DiskSample disk = new DiskSample("nvme0n1", 1.0, 2.0, 3.0, 4.0, 42.5, 0.5, 0.1, 0.2);
    NicSample nic = new NicSample("ib0", NicKind.INFINIBAND, 1.0, 2.0, 3.0, 4.0, 3L, 0L, 0L, 0L, 400_000L, 1.5);
    return new HostSample("gpu-7", "c1", "p1", null, 1, Instant.EPOCH, 1000, List.of(gpu), List.of(disk),
        List.of(), List.of(nic), new HostResources(10.0, 224, 1L, 1_099_511_627_776L, 3.5));
  }
}
