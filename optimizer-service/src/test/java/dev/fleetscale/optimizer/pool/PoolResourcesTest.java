package dev.fleetscale.optimizer.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolResourcesTest {

  private static final Instant END = Instant.parse("2026-01-01T00:00:10Z");

  static HostWindowSummary host(String id, HostWindowSummary.Resources resources) {
    return new HostWindowSummary(resources == null ? 1 : HostWindowSummary.FORMAT_VERSION, id,
        "c1", "p", null, END, 10, true, 4, 80L << 30, 2800, null, Map.of(), List.of(),
        resources);
  }

  @Test
  void eachResourceIsTheSumOverTheHostsAndSsdBandwidthCapacityIsConfiguredPerDisk() {
    var a = host("a", new HostWindowSummary.Resources(100, 320, 1_000, 4_000, 2e9, 2, 50e9, 200e9));
    var b = host("b", new HostWindowSummary.Resources(60, 320, 3_000, 4_000, 1e9, 1, 30e9, 200e9));

    Map<CapacityResource, ResourceUse> use = PoolResources.of(List.of(a, b), 8, 5, 3e9);

    assertThat(use).containsExactly(
        entry(CapacityResource.GPU_COUNT, new ResourceUse(5, 8)),
        entry(CapacityResource.GPU_MEMORY_BYTES, new ResourceUse(160, 640)),
        entry(CapacityResource.SSD_CAPACITY_BYTES, new ResourceUse(4_000, 8_000)),
        entry(CapacityResource.SSD_BANDWIDTH_BYTES_PER_SECOND, new ResourceUse(3e9, 9e9)),
        entry(CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND, new ResourceUse(80e9, 400e9)));
  }

  @Test
  void aHostWithoutResourceFiguresLeavesAllButGpuCountUnknown() {
    var upgraded = host("a", new HostWindowSummary.Resources(1, 2, 3, 4, 5, 1, 7, 8));
    var older = host("b", null);

    Map<CapacityResource, ResourceUse> use = PoolResources.of(List.of(upgraded, older), 8, 2, 3e9);

    assertThat(use).containsOnlyKeys(CapacityResource.GPU_COUNT);
  }
}
