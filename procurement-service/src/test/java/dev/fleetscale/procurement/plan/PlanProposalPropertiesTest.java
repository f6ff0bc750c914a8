package dev.fleetscale.procurement.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.procurement.HardwareCategory;
import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.catalog.SiteConstraints;
import dev.fleetscale.procurement.proposal.RequirementMapper;
import dev.fleetscale.procurement.solver.CapacityRequirement;
import dev.fleetscale.procurement.solver.ProcurementSolver;
import dev.fleetscale.procurement.solver.Solution;
import dev.fleetscale.procurement.solver.SolutionLine;
import dev.fleetscale.procurement.solver.UnitRequirement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the plan, the mix proposed for it meets every per-GPU requirement the plan states,
 * and supplies at least the reference model's memory and compute for the GPUs it asked for. On
 * the default catalog's servers with site limits high enough that only the requirements decide.
 */
class PlanProposalPropertiesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
  private static final LocalDate NEEDED_BY = TODAY.plusDays(200);
  private static final HardwareCatalog CATALOG = unlimited(PlanCalculatorTest.CATALOG);
  private final ProcurementSolver solver = new ProcurementSolver(36);
  private final PlanCalculator calc = new PlanCalculator(solver.horizonHours());

  private static HardwareCatalog unlimited(HardwareCatalog c) {
    return new HardwareCatalog(c.description(), c.servers(), c.ssds(), c.networks(), c.cloud(),
        List.of(new SiteConstraints(SiteConstraints.ANY_POOL, 1e9, 1_000_000_000, 1e13)));
  }

  @Property(tries = 40)
  void trainPlanProposalsMeetEveryRequirement(@ForAll("trainPlans") TrainPlan plan) {
    PlanResult r = calc.train(plan, NEEDED_BY, CATALOG);
    if (r.referenceGpuModel() == null) {
      return; // no model can run it: the API refuses such a plan (PlanApiTest)
    }
    check(r, new PlanRequest("prop-train", NEEDED_BY, plan, null));
  }

  @Property(tries = 40)
  void servePlanProposalsMeetEveryRequirement(@ForAll("servePlans") ServePlan plan) {
    PlanResult r = calc.serve(plan, CATALOG);
    if (r.referenceGpuModel() == null) {
      return;
    }
    check(r, new PlanRequest("prop-serve", NEEDED_BY, null, plan));
  }

  private void check(PlanResult r, PlanRequest request) {
    List<CapacityDemand> demands = PlanDemands.of(PlanDemands.planId(request), request, r,
        Instant.parse("2026-12-02T00:00:00Z"));
    CapacityRequirement req = RequirementMapper.toRequirement(request.pool(), demands);
    Solution s = solver.solve(CATALOG, req, TODAY);

    assertThat(s.feasible()).as("plan %s: %s %s", r.arithmetic(), s.shortfalls(), req).isTrue();
    UnitRequirement unit = req.perGpu();
    double memory = 0;
    double tflops = 0;
    for (SolutionLine l : s.lines()) {
      if (l.category() != HardwareCategory.COMPUTE) {
        continue;
      }
      GpuServer server = server(l.sku());
      assertThat(unit.breaches(server)).as("%s in the mix", l.sku()).isEmpty();
      memory += l.quantity() * server.gpusPerServer() * server.gpuMemoryGb();
      tflops += l.quantity() * server.gpusPerServer() * server.bf16Tflops();
    }
    GpuServer ref = CATALOG.servers().stream()
        .filter(x -> x.gpuModel().equals(r.referenceGpuModel())).findFirst().orElseThrow();
    assertThat(memory).isGreaterThanOrEqualTo(r.gpus() * ref.gpuMemoryGb() * (1 - 1e-6));
    assertThat(tflops).isGreaterThanOrEqualTo(r.gpus() * ref.bf16Tflops() * (1 - 1e-6));
    // storage and network demanded are supplied too
    for (var c : s.constraints()) {
      if ("demand".equals(c.kind())) {
        assertThat(c.slack()).as(c.name()).isGreaterThanOrEqualTo(-1e-6 * Math.max(1,
            c.bound()));
      }
    }
  }

  private static GpuServer server(String sku) {
    return CATALOG.servers().stream().filter(x -> x.sku().equals(sku)).findFirst().orElseThrow();
  }

  @Provide
  Arbitrary<TrainPlan> trainPlans() {
    return Combinators.combine(
        Arbitraries.doubles().between(1e9, 2e11),
        Arbitraries.doubles().between(1e10, 2e12),
        Arbitraries.of(Precision.values()),
        Arbitraries.integers().between(20, 365),
        Arbitraries.doubles().between(0.2, 0.6),
        Arbitraries.of(8, 16, 64, 256),
        Arbitraries.of(1, 2, 4, 8))
        .as((n, d, prec, days, mfu, shards, tp) -> new TrainPlan(n, d, prec,
            NEEDED_BY.plusDays(days), mfu, null, shards, tp, null, null));
  }

  @Provide
  Arbitrary<ServePlan> servePlans() {
    return Combinators.combine(
        Arbitraries.doubles().between(1e9, 1e11),
        Arbitraries.of(Precision.values()),
        Arbitraries.integers().between(16, 96),
        Arbitraries.of(8, 16, 32, 64),
        Arbitraries.integers().between(512, 32768),
        Arbitraries.integers().between(1, 64),
        Arbitraries.doubles().between(10, 5000),
        Arbitraries.doubles().between(20, 200))
        .as((n, prec, layers, kvHeads, ctx, seqs, tps, latency) -> new ServePlan(n, prec, layers,
            kvHeads, 128, ctx, seqs, tps, latency, null));
  }
}
