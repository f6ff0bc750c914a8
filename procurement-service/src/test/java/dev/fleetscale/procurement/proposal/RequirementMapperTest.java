package dev.fleetscale.procurement.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.UnitRequirements;
import dev.fleetscale.procurement.catalog.CatalogLoader;
import dev.fleetscale.procurement.solver.CapacityRequirement;
import dev.fleetscale.procurement.solver.ProcurementSolver;
import dev.fleetscale.procurement.solver.Solution;
import dev.fleetscale.procurement.solver.SolutionLine;
import dev.fleetscale.procurement.solver.UnitRequirement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A forecast demand's per-unit requirements, in telemetry's bytes, reach the solver. */
class RequirementMapperTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
  private static final long GIB = 1L << 30;

  /** What the optimizer derives from an 8× H200 pool (NVML: 143,771 MiB per GPU) with a gang. */
  private static CapacityDemand fromH200Pool() {
    return TestDemands.gpus("d-h200", "training-h200", 16, TODAY.plusDays(200),
        Instant.parse("2026-12-02T00:00:00Z"), null).withUnitRequirements(new UnitRequirements(
            null, (double) (143_771L << 20), 20.0 * GIB, null, null, 8, 400e9, null,
            Map.of("min_memory_bytes_per_gpu", "peak process memory per GPU in the pool")));
  }

  @Test
  void bytesBecomeGibPerGpuAndBitsGbit() {
    CapacityRequirement req = RequirementMapper.toRequirement("training-h200",
        List.of(fromH200Pool()));

    UnitRequirement u = req.perGpu();
    assertThat(u.referenceMemoryGb()).isCloseTo(140.4, org.assertj.core.data.Offset.offset(0.1));
    assertThat(u.minMemoryGb()).isEqualTo(20.0);
    assertThat(u.minNvlinkDomainGpus()).isEqualTo(8);
    assertThat(u.minFabricGbpsPerGpu()).isEqualTo(400.0);
    assertThat(u.sources()).containsKey("min_memory_gb_per_gpu");
  }

  @Test
  void aForecastShortfallInAnH200PoolIsNeverFilledWithL40s() {
    // Only 20 GiB of process memory: memory alone would let L40S in; the H200 model inferred from
    // the pool's 140 GiB GPUs sets the equivalents and the gang's NVLink domain keeps L40S out.
    CapacityRequirement req = RequirementMapper.toRequirement("training-h200",
        List.of(fromH200Pool()));

    Solution s = new ProcurementSolver(36).solve(new CatalogLoader().loadDefault(), req, TODAY);

    assertThat(s.lines()).extracting(SolutionLine::gpuModel).doesNotContain("L40S");
    assertThat(s.demandBasis()).anyMatch(b -> b.startsWith("reference model H200-SXM"));
    assertThat(s.alternatives()).anyMatch(a -> a.name().startsWith("best mix with L40S")
        && a.breaks().stream().anyMatch(b -> b.startsWith("min_nvlink_domain_gpus")));
  }

  @Test
  void aDemandWithoutRequirementsMapsAsBefore() {
    CapacityRequirement req = RequirementMapper.toRequirement("p", List.of(TestDemands.gpus("d",
        "p", 16, TODAY.plusDays(90), Instant.parse("2026-12-02T00:00:00Z"), null)));

    assertThat(req.perGpu()).isNull();
    assertThat(req.gpus()).isEqualTo(16);
  }
}
