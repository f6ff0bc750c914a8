package dev.fleetscale.optimizer.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.Evidence;
import dev.fleetscale.contracts.capacity.UnitRequirements;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-GPU requirements the optimizer derives from a pool's window summaries. */
class UnitProfileTest {

  private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
  private static final long GIB = 1L << 30;
  /** An H200's frame buffer as NVML reports it: 143,771 MiB. */
  private static final long H200_BYTES = 143_771L << 20;

  private static HostWindowSummary host(String id, double nicBits,
      HostWindowSummary.WorkloadWindow... workloads) {
    return new HostWindowSummary(HostWindowSummary.FORMAT_VERSION, id, "c1", "training-h200",
        "r1", T, 1, true, 8, H200_BYTES, 5600, 60, Map.of(), List.of(workloads),
        new HostWindowSummary.Resources(0, 8 * H200_BYTES, 0, 0, 0, 0, 0, nicBits));
  }

  private static HostWindowSummary.WorkloadWindow gang(String id, int gpus, long bytesPerGpu) {
    return new HostWindowSummary.WorkloadWindow(id, gpus, bytesPerGpu, 90, 5000,
        Map.of(WorkloadRef.GANG_LABEL, "llm-train"));
  }

  private static CapacityDemand demand(CapacityResource r) {
    return new CapacityDemand("d-1", "training-h200", r, 70, null, null, 64, 0.9, 13.8,
        LocalDate.of(2027, 3, 1), T, new Evidence(T, T, "holt-winters", "MAPE", 0.1, 30), null);
  }

  @Test
  void aGangThatSpansHostsRequiresItsMemoryNvlinkDomainAndFabric() {
    UnitProfile profile = new UnitProfile();
    profile.observe(List.of(host("h1", 8 * 400e9, gang("w-a", 8, 120 * GIB)),
        host("h2", 8 * 400e9, gang("w-b", 8, 100 * GIB))), T);
    profile.observe(List.of(host("h1", 8 * 400e9, gang("w-a", 8, 110 * GIB))),
        T.plusSeconds(10));

    UnitRequirements r = profile.requirements();

    assertThat(r.referenceMemoryBytesPerGpu()).isEqualTo((double) H200_BYTES);
    assertThat(r.minMemoryBytesPerGpu()).isEqualTo(120.0 * GIB); // the peak, not the last
    assertThat(r.minNvlinkDomainGpus()).isEqualTo(8);
    assertThat(r.minFabricBitsPerSecondPerGpu()).isEqualTo(400e9);
    assertThat(r.sources()).containsKeys("reference_memory_bytes_per_gpu",
        "min_memory_bytes_per_gpu", "min_nvlink_domain_gpus",
        "min_fabric_bits_per_second_per_gpu");
    assertThat(r.sources().get("min_memory_bytes_per_gpu")).contains("workload w-a")
        .contains("120.0 GiB");
  }

  @Test
  void workloadsWithoutGangsRequireNoInterconnect() {
    UnitProfile profile = new UnitProfile();
    profile.observe(List.of(host("h1", 8 * 400e9,
        new HostWindowSummary.WorkloadWindow("svc", 4, 30 * GIB, 50, 900))), T);

    UnitRequirements r = profile.requirements();

    assertThat(r.minNvlinkDomainGpus()).isNull();
    assertThat(r.minFabricBitsPerSecondPerGpu()).isNull();
    assertThat(r.minMemoryBytesPerGpu()).isEqualTo(30.0 * GIB);
  }

  @Test
  void aGangOnOneHostNeedsNvlinkButNoFabric() {
    UnitProfile profile = new UnitProfile();
    profile.observe(List.of(host("h1", 8 * 400e9, gang("w-a", 4, 60 * GIB))), T);

    UnitRequirements r = profile.requirements();

    assertThat(r.minNvlinkDomainGpus()).isEqualTo(4);
    assertThat(r.minFabricBitsPerSecondPerGpu()).isNull();
  }

  @Test
  void requirementsAttachToGpuDemandsOnly() {
    UnitProfile profile = new UnitProfile();
    assertThat(profile.attach(demand(CapacityResource.GPU_COUNT)).unitRequirements()).isNull();
    profile.observe(List.of(host("h1", 0, gang("w-a", 8, 120 * GIB))), T);

    assertThat(profile.attach(demand(CapacityResource.GPU_COUNT)).unitRequirements())
        .isNotNull();
    assertThat(profile.attach(demand(CapacityResource.GPU_MEMORY_BYTES)).unitRequirements())
        .isNotNull();
    assertThat(profile.attach(demand(CapacityResource.SSD_CAPACITY_BYTES)).unitRequirements())
        .isNull();
  }

  @Test
  void theLedgerKeepsRequirementsWhenADemandSupersedesAnother() {
    DemandLedger ledger = new DemandLedger(0.05, 3);
    UnitProfile profile = new UnitProfile();
    profile.observe(List.of(host("h1", 0, gang("w-a", 8, 120 * GIB))), T);
    ledger.admit(demand(CapacityResource.GPU_COUNT));
    CapacityDemand bigger = new CapacityDemand("d-2", "training-h200", CapacityResource.GPU_COUNT,
        90, null, null, 64, 0.9, 36, LocalDate.of(2027, 3, 1), T,
        new Evidence(T, T, "holt-winters", "MAPE", 0.1, 30), null);

    CapacityDemand out = ledger.admit(profile.attach(bigger)).orElseThrow();

    assertThat(out.supersedes()).isEqualTo("d-1");
    assertThat(out.unitRequirements().minNvlinkDomainGpus()).isEqualTo(8);
  }
}
