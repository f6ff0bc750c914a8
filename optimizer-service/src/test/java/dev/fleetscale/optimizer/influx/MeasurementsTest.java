package dev.fleetscale.optimizer.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.capacity.CapacityResource;
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
}
