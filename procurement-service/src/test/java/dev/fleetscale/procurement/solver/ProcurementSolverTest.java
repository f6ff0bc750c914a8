package dev.fleetscale.procurement.solver;

import static dev.fleetscale.procurement.solver.TestCatalogs.TODAY;
import static dev.fleetscale.procurement.solver.TestCatalogs.boughtServer;
import static dev.fleetscale.procurement.solver.TestCatalogs.catalog;
import static dev.fleetscale.procurement.solver.TestCatalogs.gpus;
import static dev.fleetscale.procurement.solver.TestCatalogs.leasedNetwork;
import static dev.fleetscale.procurement.solver.TestCatalogs.leasedServer;
import static dev.fleetscale.procurement.solver.TestCatalogs.leasedSsd;
import static dev.fleetscale.procurement.solver.TestCatalogs.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscale.procurement.catalog.CloudGpuOffer;
import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcurementSolverTest {

  private final ProcurementSolver solver = new ProcurementSolver(36, SearchLimits.EXACT);

  private static Map<String, Integer> quantities(Solution s) {
    return s.lines().stream().collect(Collectors.toMap(
        l -> l.sku() + "/" + l.acquisition(), SolutionLine::quantity));
  }

  /**
   * The seed's worked example, with the catalog prices it states: a GPU leases at $100/h, an SSD
   * at $50/h, a Gbit/s of network at $5/h. For 16 GPUs, 10 SSDs and 100 Gbit/s the solver must
   * lease exactly those and cost 16 × 100 + 10 × 50 + 100 × 5 = 1,600 + 500 + 500 = $2,600/h.
   * (The seed writes $3,000/h: its first term, 16 × 100, is 1,600, not 2,000.)
   */
  @Test
  void seedExampleCostsTwentySixHundredDollarsPerHour() {
    double gpuPerHour = 100;
    double ssdPerHour = 50;
    double perGbpsHour = 5;
    double ssdTb = 7.68;
    HardwareCatalog seed = catalog(
        List.of(leasedServer("seed-gpu", "H100", 1, 1.25, 1, gpuPerHour, 0)),
        List.of(leasedSsd("seed-ssd", ssdTb, ssdPerHour)),
        List.of(leasedNetwork("seed-net-1g", 1, 1, perGbpsHour)),
        List.of(), site(1000, 1000, 0));
    CapacityRequirement demand = new CapacityRequirement(
        "train", 16, 0, 0, 10 * ssdTb, 0, 100, TODAY.plusDays(30), null);

    Solution s = solver.solve(seed, demand, TODAY);

    assertThat(s.feasible()).isTrue();
    assertThat(quantities(s)).containsOnly(
        Map.entry("seed-gpu/LEASE", 16), Map.entry("seed-ssd/LEASE", 10),
        Map.entry("seed-net-1g/LEASE", 100));
    assertThat(s.costPerHour()).isCloseTo(2600.0, within(1e-9));
    assertThat(s.capex()).isZero();
    assertThat(s.totalCostOfOwnership()).isCloseTo(2600.0 * 36 * 730, within(1e-3));
  }

  @Test
  void powerLimitForcesTheEfficientButDearerServer() {
    HardwareCatalog c = catalog(
        List.of(leasedServer("hungry", "A", 8, 12, 4, 800, 0),
            leasedServer("frugal", "B", 8, 6, 4, 900, 0)),
        List.of(), List.of(), List.of(), site(30, 100, 0));

    Solution s = solver.solve(c, gpus(32, TODAY.plusDays(10)), TODAY);

    assertThat(quantities(s)).containsOnly(
        Map.entry("hungry/LEASE", 1), Map.entry("frugal/LEASE", 3));
    assertThat(s.costPerHour()).isCloseTo(3500.0, within(1e-6));
    assertThat(s.bindingConstraints()).contains("rack_power_kw", "gpu_count");
    ConstraintReport power = s.constraints().stream()
        .filter(r -> r.name().equals("rack_power_kw")).findFirst().orElseThrow();
    assertThat(power.value()).isCloseTo(30.0, within(1e-9));
    assertThat(power.savingPerHourIfRelaxed()).isCloseTo(300.0, within(1e-6));
    assertThat(s.alternatives()).extracting(AlternativeMix::name)
        .doesNotContain("best mix with A GPUs");
  }

  @Test
  void budgetCeilingMakesItLeaseWhatItCannotBuy() {
    // Bought: 100,000 over 36 months = 3.81 $/h, far below the 10 $/h lease.
    HardwareCatalog c = catalog(
        List.of(boughtServer("srv", "H100", 8, 5, 4, 100_000, 10.0, 0)),
        List.of(), List.of(), List.of(), site(1000, 1000, 250_000));

    Solution s = solver.solve(c, gpus(32, TODAY.plusDays(10)), TODAY);

    assertThat(quantities(s)).containsOnly(Map.entry("srv/BUY", 2), Map.entry("srv/LEASE", 2));
    assertThat(s.capex()).isEqualTo(200_000.0);
    assertThat(s.bindingConstraints()).contains("budget_capex_usd");
    assertThat(s.alternatives()).anySatisfy(a -> {
      assertThat(a.name()).isEqualTo("lease everything");
      assertThat(a.deltaVsProposed()).isPositive();
    });
  }

  @Test
  void infeasiblePowerSaysHowManyKilowattsAreMissing() {
    HardwareCatalog c = catalog(
        List.of(leasedServer("srv", "H100", 8, 10, 4, 1000, 0)),
        List.of(), List.of(), List.of(), site(140, 1000, 0));

    Solution s = solver.solve(c, gpus(256, TODAY.plusDays(10)), TODAY);

    assertThat(s.feasible()).isFalse();
    assertThat(s.lines()).isEmpty();
    assertThat(s.shortfalls()).singleElement().satisfies(f -> {
      assertThat(f.constraint()).isEqualTo("rack_power_kw");
      assertThat(f.shortBy()).isCloseTo(180.0, within(1e-6));
      assertThat(f.message()).isEqualTo("rack_power_kw: 180 kW short");
    });
  }

  @Test
  void infeasibleWhenTheCatalogHasNoSuchResource() {
    HardwareCatalog c = catalog(
        List.of(leasedServer("srv", "H100", 8, 10, 4, 1000, 0)),
        List.of(), List.of(), List.of(), site(140, 1000, 0));
    CapacityRequirement needsSsd =
        new CapacityRequirement("train", 0, 0, 0, 5, 0, 0, TODAY.plusDays(5), null);

    Solution s = solver.solve(c, needsSsd, TODAY);

    assertThat(s.shortfalls()).extracting(Shortfall::constraint)
        .containsExactly("catalog:ssd_capacity_tb");
  }

  @Test
  void skusThatArriveTooLateAreExcludedAndTheCloudBridgeIsOffered() {
    HardwareCatalog c = catalog(
        List.of(leasedServer("slow-cheap", "H100", 8, 10, 4, 800, 90),
            leasedServer("fast-dear", "L40S", 8, 10, 4, 1200, 10)),
        List.of(), List.of(),
        List.of(new CloudGpuOffer("cloud-h100", "cloud", "H100", 80, 989, 4.0)),
        site(1000, 1000, 0));

    Solution s = solver.solve(c, gpus(16, TODAY.plusDays(30)), TODAY);

    assertThat(quantities(s)).containsOnly(Map.entry("fast-dear/LEASE", 2));
    assertThat(s.bindingConstraints()).contains("lead_time_days");
    AlternativeMix bridge = s.alternatives().stream()
        .filter(a -> a.name().equals("rent cloud GPUs until delivery")).findFirst().orElseThrow();
    double horizon = 36 * 730;
    double expected = 2 * 800 * horizon + 16 * 4.0 * 24 * 60; // 60 days late
    assertThat(bridge.totalCostOfOwnership()).isCloseTo(expected, within(1e-3));
    assertThat(bridge.deltaVsProposed()).isNegative();
  }

  @Test
  void nothingArrivesInTimeSaysHowManyDaysAreMissing() {
    HardwareCatalog c = catalog(
        List.of(leasedServer("srv", "H100", 8, 10, 4, 800, 90)),
        List.of(), List.of(), List.of(), site(1000, 1000, 0));

    Solution s = solver.solve(c, gpus(8, TODAY.plusDays(30)), TODAY);

    assertThat(s.feasible()).isFalse();
    assertThat(s.shortfalls()).extracting(Shortfall::message)
        .containsExactly("lead_time_days: 60 days short");
  }

  @Test
  void offersTheOtherGpuModelAndCloudRentalWithTheirCostDifference() {
    HardwareCatalog c = catalog(
        List.of(leasedServer("h100", "H100", 8, 10, 4, 800, 0),
            leasedServer("l40s", "L40S", 4, 3, 2, 500, 0)),
        List.of(), List.of(),
        List.of(new CloudGpuOffer("cloud-h100", "cloud", "H100", 80, 989, 4.0)),
        site(1000, 1000, 0));

    Solution s = solver.solve(c, gpus(16, TODAY.plusDays(30)), TODAY);

    double horizon = 36 * 730;
    assertThat(s.costPerHour()).isCloseTo(1600.0, within(1e-6));
    assertThat(s.alternatives()).anySatisfy(a -> {
      assertThat(a.name()).isEqualTo("best mix with L40S GPUs");
      assertThat(a.deltaVsProposed()).isCloseTo((2000.0 - 1600.0) * horizon, within(1e-3));
    });
    assertThat(s.alternatives()).anySatisfy(a -> {
      assertThat(a.name()).isEqualTo("rent in the cloud instead of buying");
      assertThat(a.costPerHour()).isCloseTo(64.0, within(1e-9));
    });
  }

  @Test
  void lpRelaxationIsALowerBound() {
    HardwareCatalog c = catalog(
        List.of(leasedServer("srv", "H100", 8, 10, 4, 1000, 0)),
        List.of(), List.of(), List.of(), site(1000, 1000, 0));

    double relaxed = solver.relaxedCostPerHour(c, gpus(12, TODAY.plusDays(1)), TODAY)
        .orElseThrow();

    assertThat(relaxed).isCloseTo(1500.0, within(1e-6));
    assertThat(solver.solve(c, gpus(12, TODAY.plusDays(1)), TODAY).costPerHour())
        .isCloseTo(2000.0, within(1e-6));
  }

  /**
   * A time limit that passes before SCIP has any mix must not turn a feasible demand into an
   * infeasible one: the search goes on until it has a mix, which is then marked not proven unless
   * it happens to be.
   */
  @Test
  void feasibleDemandGetsAMixEvenWhenTheTimeLimitPassesFirst() {
    Random random = new Random(7);
    List<GpuServer> servers = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int gpus = random.nextBoolean() ? 8 : 4;
      servers.add(leasedServer("srv-" + i, "H100", gpus, gpus * (0.9 + random.nextDouble()),
          2 + random.nextInt(6), gpus * (90 + random.nextInt(40)), 0));
    }
    double powerKw = 600;
    HardwareCatalog c = catalog(servers, List.of(), List.of(), List.of(), site(powerKw, 2000, 0));
    CapacityRequirement demand = gpus(517, TODAY.plusDays(1));
    SearchLimits instant = new SearchLimits(0, Duration.ZERO, 1_000_000);

    Solution hurried = new ProcurementSolver(36, instant).solve(c, demand, TODAY);
    Solution exact = solver.solve(c, demand, TODAY);

    assertThat(exact.feasible()).isTrue();
    assertThat(hurried.feasible()).isTrue();
    int gpus = 0;
    double kw = 0;
    for (SolutionLine line : hurried.lines()) {
      GpuServer server = servers.stream().filter(s -> s.sku().equals(line.sku())).findFirst()
          .orElseThrow();
      gpus += server.gpusPerServer() * line.quantity();
      kw += server.powerKw() * line.quantity();
    }
    assertThat(gpus).isGreaterThanOrEqualTo(517);
    assertThat(kw).isLessThanOrEqualTo(powerKw + 1e-6);
    assertThat(hurried.costPerHour()).isGreaterThanOrEqualTo(exact.costPerHour() - 1e-6);
  }
}
