package dev.fleetscale.procurement.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.procurement.HardwareCategory;
import dev.fleetscale.procurement.catalog.CatalogLoader;
import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-GPU requirements on the default catalog: issue 17's case (a 16-GPU what-if that chose four
 * 4× L40S servers) must now buy H200-class servers when the demand comes from an H200 pool.
 */
class UnitRequirementSolverTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
  private static final LocalDate NEEDED_BY = TODAY.plusDays(200); // after the H200's 120 days
  private static final HardwareCatalog CATALOG = new CatalogLoader().loadDefault();
  private final ProcurementSolver solver = new ProcurementSolver(36);

  /** What the optimizer derives for an 8-GPU H200 pool running a gang: see RequirementMapper. */
  private static UnitRequirement h200Pool() {
    return new UnitRequirement("NVIDIA H200", 141.0, 120.0, null, null, 8, 400.0,
        List.of("NVIDIA H200"), Map.of("min_memory_gb_per_gpu",
            "peak process memory per GPU in pool training-h200"));
  }

  private Solution solve(UnitRequirement unit) {
    return solver.solve(CATALOG, new CapacityRequirement("training-h200", 16, 0, 0, 0, 0, 0,
        NEEDED_BY, null, unit), TODAY);
  }

  @Test
  void withoutRequirementsTheCheapestGpusWin() {
    Solution s = solve(null);

    assertThat(s.feasible()).isTrue();
    assertThat(s.lines()).extracting(SolutionLine::sku).containsExactly("example-l40s-4x");
    assertThat(s.lines().get(0).quantity()).isEqualTo(4);
  }

  @Test
  void aDemandFromAnH200PoolIsMetWithH200Class() {
    Solution s = solve(h200Pool());

    assertThat(s.feasible()).isTrue();
    List<SolutionLine> gpuLines = s.lines().stream()
        .filter(l -> l.category() == HardwareCategory.COMPUTE).toList();
    assertThat(gpuLines).extracting(SolutionLine::gpuModel).containsOnly("H200-SXM");
    // 16 H200 GPUs' equivalents: 2256 GB and 15,824 TFLOPS, two 8-GPU servers
    assertThat(gpuLines.stream().mapToInt(SolutionLine::quantity).sum()).isEqualTo(2);
    assertThat(s.demandBasis()).anyMatch(b -> b.contains("16 GPUs of H200-SXM × 141 GB = 2256 GB"))
        .anyMatch(b -> b.contains("× 989 TFLOPS BF16 = 15824 TFLOPS"))
        .anyMatch(b -> b.startsWith("min_memory_gb_per_gpu from peak process memory"));
    assertThat(s.usdPerTflopHour()).isCloseTo(340000.0 / (36 * 730) / (8 * 989),
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.usdPerGpuMemoryGbHour()).isCloseTo(340000.0 / (36 * 730) / (8 * 141),
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void cheaperClassesShowOnlyAsAlternativesNamingWhatTheyBreak() {
    Solution s = solve(h200Pool());

    AlternativeMix l40s = s.alternatives().stream()
        .filter(a -> a.name().startsWith("best mix with L40S")).findFirst().orElseThrow();
    assertThat(l40s.breaks()).anyMatch(b -> b.startsWith("min_memory_gb_per_gpu: 48 GB < 120 GB"))
        .anyMatch(b -> b.startsWith("min_nvlink_domain_gpus: 1 < 8"))
        .anyMatch(b -> b.startsWith("min_fabric_gbps_per_gpu: 50 Gbit/s < 400 Gbit/s"))
        .anyMatch(b -> b.startsWith("accepted_gpu_models: L40S"));
    assertThat(l40s.note()).startsWith("not proposed: ");
    assertThat(l40s.usdPerTflopHour()).isPositive();
    assertThat(l40s.usdPerGpuMemoryGbHour()).isPositive();
    AlternativeMix h100 = s.alternatives().stream()
        .filter(a -> a.name().startsWith("best mix with H100-SXM")).findFirst().orElseThrow();
    assertThat(h100.breaks()).anyMatch(b -> b.startsWith("min_memory_gb_per_gpu: 80 GB"));
    // every alternative that meets the requirements says so by an empty list
    assertThat(s.alternatives()).filteredOn(a -> !a.name().startsWith("best mix with"))
        .allMatch(a -> a.breaks().isEmpty());
  }

  @Test
  void memoryPerGpuAloneKeepsSmallGpusOut() {
    // peak process memory 60 GB: L40S (48 GB) breaks it, H100 and A100 (80 GB) do not
    UnitRequirement unit = new UnitRequirement(null, null, 60.0, null, null, null, null, null,
        null);

    Solution s = solve(unit);

    assertThat(s.lines()).filteredOn(l -> l.category() == HardwareCategory.COMPUTE)
        .extracting(SolutionLine::gpuModel).doesNotContain("L40S");
  }

  @Test
  void anA100PoolsShortfallCanBeMetWithFewerFasterGpus() {
    // 16 A100 GPUs = 1280 GB and 4992 TFLOPS: one 8× H100 server (640 GB) is short of memory,
    // two 8× A100 servers or H100s in memory-equivalents are what remains
    UnitRequirement unit = new UnitRequirement("A100-SXM", null, null, null, null, 8, null, null,
        null);

    Solution s = solve(unit);

    assertThat(s.feasible()).isTrue();
    double memory = s.lines().stream().filter(l -> l.category() == HardwareCategory.COMPUTE)
        .mapToDouble(l -> l.quantity() * server(l.sku()).gpusPerServer()
            * server(l.sku()).gpuMemoryGb()).sum();
    double tflops = s.lines().stream().filter(l -> l.category() == HardwareCategory.COMPUTE)
        .mapToDouble(l -> l.quantity() * server(l.sku()).gpusPerServer()
            * server(l.sku()).bf16Tflops()).sum();
    assertThat(memory).isGreaterThanOrEqualTo(16 * 80.0);
    assertThat(tflops).isGreaterThanOrEqualTo(16 * 312.0);
    assertThat(s.lines()).extracting(SolutionLine::gpuModel).doesNotContain("L40S");
  }

  @Test
  void fp8RequirementBreaksAGpuWithoutFp8() {
    UnitRequirement unit = new UnitRequirement(null, null, null, null, 1000.0, null, null, null,
        null);
    GpuServer a100 = server("example-a100-sxm-8x");

    assertThat(unit.breaches(a100)).containsExactly(
        "min_fp8_tflops_per_gpu: A100-SXM states no FP8 (need 1000 TFLOPS)");
    assertThat(unit.breaches(server("example-h100-sxm-8x"))).isEmpty();
  }

  @Test
  void gpuNamesFromNvmlMatchCatalogModels() {
    assertThat(GpuModels.matches("H200-SXM", "NVIDIA H200")).isTrue();
    assertThat(GpuModels.matches("A100-SXM", "NVIDIA A100-SXM4-80GB")).isTrue();
    assertThat(GpuModels.matches("H100-SXM", "NVIDIA H100 80GB HBM3")).isTrue();
    assertThat(GpuModels.matches("H100-SXM", "NVIDIA H200")).isFalse();
    assertThat(GpuModels.matches("L40S", "NVIDIA L40")).isFalse();
    assertThat(GpuModels.matches("L40S", "l40s")).isTrue();
  }

  private static GpuServer server(String sku) {
    return CATALOG.servers().stream().filter(s -> s.sku().equals(sku)).findFirst().orElseThrow();
  }
}
