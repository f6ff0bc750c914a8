package dev.fleetscale.optimizer.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.XidEvent;
import dev.fleetscale.optimizer.Samples;
import dev.fleetscale.optimizer.rollup.HostWindows;
import java.util.ArrayList;
import java.util.List;
import dev.fleetscale.optimizer.pool.PoolWindow;
import dev.fleetscale.optimizer.pool.ResourceUse;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MeasurementsTest {

  private static final Instant END = Instant.parse("2026-01-01T00:00:10Z");

  @Test
  void poolRollupCarriesEachResourcesDemandAndCapacityWithoutClashingWithItsTags() {
    Map<CapacityResource, ResourceUse> resources = new EnumMap<>(CapacityResource.class);
    resources.put(CapacityResource.GPU_COUNT, new ResourceUse(5, 8));
    resources.put(CapacityResource.GPU_MEMORY_BYTES, new ResourceUse(1.5, 2.5));
    resources.put(CapacityResource.SSD_CAPACITY_BYTES, new ResourceUse(3.5, 4.5));
    resources.put(CapacityResource.SSD_BANDWIDTH_BYTES_PER_SECOND, new ResourceUse(5.5, 6.5));
    resources.put(CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND, new ResourceUse(7.5, 8.5));
    PoolWindow window = new PoolWindow("p", "c1", WindowSize.H1, END, Map.of(), 2, 8, 5,
        Map.of(), resources);

    String line = Measurements.poolWindow(window).toLineProtocol();

    assertThat(line).startsWith("pool_rollup,cluster=c1,pool=p,window=1h ")
        .contains("gpu_memory_used_bytes=1.5", "gpu_memory_total_bytes=2.5",
            "ssd_used_bytes=3.5", "ssd_capacity_bytes=4.5",
            "ssd_io_bytes_per_second=5.5", "ssd_io_capacity_bytes_per_second=6.5",
            "nic_bits_per_second=7.5", "nic_link_bits_per_second=8.5", "busy_gpus=5i");
    Set<String> fields = Arrays.stream(line.split(" ")[1].split(","))
        .map(f -> f.substring(0, f.indexOf('='))).collect(Collectors.toSet());
    assertThat(fields).doesNotContain("cluster", "pool", "window");
    for (CapacityResource r : CapacityResource.values()) {
      assertThat(fields).as("demand field of %s", r).contains(Measurements.demandField(r));
    }
  }

  @Test
  void unknownResourcesAreLeftOutNotWrittenAsZero() {
    PoolWindow window = new PoolWindow("p", "c1", WindowSize.S10, END, Map.of(), 1, 4, 1,
        Map.of(), Map.of(CapacityResource.GPU_COUNT, new ResourceUse(1, 4)));

    String line = Measurements.poolWindow(window).toLineProtocol();

    assertThat(line).doesNotContain("ssd_", "nic_bits", "gpu_memory_");
  }

  /** GPU 0 reports an Xid per sample (a window's count is all of them), GPU 1 is lost. */
  @Test
  void gpuRollupCarriesTheGpusHealthAndEveryXidOfTheWindow() {
    HostWindows windows = new HostWindows();
    List<HostWindows.Closed> closed = new ArrayList<>();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int s = 0; s <= 10; s++) {
      Instant at = start.plusSeconds(s).plusMillis(500);
      HostSample base = Samples.host("h1", "p", s, at, 2, 2, 90);
      GpuSample g0 = base.gpus().get(0);
      GpuSample failing = new GpuSample(0, g0.uuid(), g0.name(), null, GpuHealth.OK,
          g0.gpuUtilizationPercent(), null, null, null, null, null, null, null, null, null, null,
          null, null, null, 3L, 1L, 2L, 1L, true, false, 0x48L, null, null, null, null,
          List.of(new XidEvent(s == 9 ? 79 : 48, at)));
      GpuSample lost = new GpuSample(1, "GPU-h1-1", null, null, GpuHealth.LOST, null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null);
      windows.add(Samples.withGpus(base, List.of(failing, lost)), closed::add);
    }

    List<String> lines = Measurements.hostWindow(closed.get(0));

    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("gpu_rollup,cluster=c1,gpu=0,")
        .contains("health=\"OK\"", "ecc_corrected_total=3i", "ecc_uncorrected_total=1i",
            "remapped_rows_correctable=2i", "remapped_rows_uncorrectable=1i",
            "remapped_rows_pending=true", "remapped_rows_failure=false",
            "clocks_event_reasons=72i", "xid_count=10i", "xid_last=79i"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("gpu_rollup,cluster=c1,gpu=1,")
        .contains("health=\"LOST\"").doesNotContain("xid_count", "ecc_"));
  }
}
