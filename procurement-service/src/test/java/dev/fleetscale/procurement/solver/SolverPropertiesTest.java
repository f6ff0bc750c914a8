package dev.fleetscale.procurement.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.catalog.NetworkOption;
import dev.fleetscale.procurement.catalog.Pricing;
import dev.fleetscale.procurement.catalog.SiteConstraints;
import dev.fleetscale.procurement.catalog.SsdOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * On small random catalogs, the solver's mix is feasible and exhaustive enumeration finds nothing
 * cheaper; when the solver says infeasible, enumeration finds nothing feasible.
 */
class SolverPropertiesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 1, 5);
  private static final int HORIZON_MONTHS = 12;

  /** A unit acquired one way, as the brute force sees it: independent of the solver's code. */
  private record Unit(String sku, Acquisition how, double perHour, double capex, double[] supply,
      double kw, int ru, int leadDays) {}

  record Case(HardwareCatalog catalog, CapacityRequirement req) {}

  @Property(tries = 300)
  void optimalMixIsFeasibleAndNothingIsCheaper(@ForAll("cases") Case c) {
    Solution s = new ProcurementSolver(HORIZON_MONTHS, SearchLimits.EXACT).solve(c.catalog(), c.req(), TODAY);
    List<Unit> units = units(c.catalog());
    SiteConstraints site = c.catalog().sites().get(0);
    int days = (int) java.time.temporal.ChronoUnit.DAYS.between(TODAY, c.req().neededBy());
    double[] demand = {c.req().gpus(), c.req().gpuMemoryGb(), c.req().bf16Tflops(),
        c.req().ssdCapacityTb(), c.req().ssdReadGbPerS(), c.req().networkGbps()};

    double bruteBest = bruteForce(units, demand, site, days);

    if (!s.feasible()) {
      assertThat(bruteBest).as("brute force found a feasible mix the solver missed")
          .isInfinite();
      assertThat(s.shortfalls()).isNotEmpty();
      return;
    }
    int[] q = new int[units.size()];
    for (SolutionLine line : s.lines()) {
      int idx = indexOf(units, line.sku(), line.acquisition());
      q[idx] += line.quantity();
    }
    assertThat(feasible(units, q, demand, site, days)).as("solver mix violates a constraint")
        .isTrue();
    assertThat(cost(units, q)).isCloseTo(s.costPerHour(),
        org.assertj.core.api.Assertions.within(1e-6 * Math.max(1, s.costPerHour())));
    assertThat(s.costPerHour()).isLessThanOrEqualTo(bruteBest + 1e-6 * Math.max(1, bruteBest));
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Pricing> pricing = Combinators.combine(
        Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(1, 50).map(i -> i * 1000.0),
        Arbitraries.integers().between(1, 40).map(i -> i * 0.5),
        Arbitraries.of(0, 10, 40))
        .as((kind, capex, lease, lead) -> switch (kind) {
          case 0 -> new Pricing(capex, null, lead);
          case 1 -> new Pricing(null, lease, lead);
          default -> new Pricing(capex, lease, lead);
        });
    Arbitrary<GpuServer> server = Combinators.combine(
        Arbitraries.of("A", "B"), Arbitraries.integers().between(2, 8),
        Arbitraries.of(24.0, 48.0, 80.0), Arbitraries.integers().between(1, 10),
        Arbitraries.integers().between(1, 4), pricing)
        .as((model, gpus, mem, kw, ru, p) -> new GpuServer("", model, gpus, mem, 300, kw, ru, p));
    Arbitrary<SsdOption> ssd = Combinators.combine(
        Arbitraries.of(2.0, 4.0, 8.0), Arbitraries.of(2.0, 6.0), pricing)
        .as((tb, read, p) -> new SsdOption("", tb, read, 1, 0.1, 0, p));
    Arbitrary<NetworkOption> net = Combinators.combine(
        Arbitraries.integers().between(1, 4), Arbitraries.of(25.0, 100.0), pricing)
        .as((ports, gbps, p) -> new NetworkOption("", ports, gbps, 0.5, 1, p));
    Arbitrary<CapacityRequirement> req = Combinators.combine(
        Arbitraries.integers().between(0, 12), Arbitraries.of(0.0, 100.0, 300.0),
        Arbitraries.of(0.0, 6.0, 15.0), Arbitraries.of(0.0, 5.0),
        Arbitraries.of(0.0, 90.0, 250.0), Arbitraries.of(5, 20, 60))
        .as((g, mem, tb, read, gbps, days) -> new CapacityRequirement("p", g, mem, 0, tb, read,
            gbps, TODAY.plusDays(days), null));
    Arbitrary<SiteConstraints> site = Combinators.combine(
        Arbitraries.integers().between(5, 60), Arbitraries.integers().between(3, 25),
        Arbitraries.integers().between(0, 150).map(i -> i * 1000.0))
        .as((kw, ru, budget) -> new SiteConstraints("*", kw, ru, budget));
    return Combinators.combine(server.list().ofMinSize(1).ofMaxSize(2),
        ssd.list().ofMaxSize(1), net.list().ofMaxSize(1), site, req)
        .as((servers, ssds, nets, s, r) -> new Case(new HardwareCatalog("random",
            renumberServers(servers), renumberSsds(ssds), renumberNets(nets), List.of(),
            List.of(s)), r));
  }

  private static List<GpuServer> renumberServers(List<GpuServer> in) {
    List<GpuServer> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      GpuServer s = in.get(i);
      out.add(new GpuServer("srv" + i, s.gpuModel(), s.gpusPerServer(), s.gpuMemoryGb(),
          s.bf16Tflops(), s.powerKw(), s.rackUnits(), s.pricing()));
    }
    return out;
  }

  private static List<SsdOption> renumberSsds(List<SsdOption> in) {
    List<SsdOption> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      SsdOption s = in.get(i);
      out.add(new SsdOption("ssd" + i, s.capacityTb(), s.readGbPerS(), s.writeGbPerS(),
          s.powerKw(), s.rackUnits(), s.pricing()));
    }
    return out;
  }

  private static List<NetworkOption> renumberNets(List<NetworkOption> in) {
    List<NetworkOption> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      NetworkOption n = in.get(i);
      out.add(new NetworkOption("net" + i, n.ports(), n.gbpsPerPort(), n.powerKw(),
          n.rackUnits(), n.pricing()));
    }
    return out;
  }

  private static List<Unit> units(HardwareCatalog c) {
    double hours = HORIZON_MONTHS * 730.0;
    List<Unit> out = new ArrayList<>();
    for (GpuServer s : c.servers()) {
      double[] supply = {s.gpusPerServer(), s.gpusPerServer() * s.gpuMemoryGb(),
          s.gpusPerServer() * s.bf16Tflops(), 0, 0, 0};
      addUnits(out, s.sku(), s.pricing(), supply, s.powerKw(), s.rackUnits(), hours);
    }
    for (SsdOption d : c.ssds()) {
      addUnits(out, d.sku(), d.pricing(), new double[] {0, 0, 0, d.capacityTb(), d.readGbPerS(),
          0}, d.powerKw(), d.rackUnits(), hours);
    }
    for (NetworkOption n : c.networks()) {
      addUnits(out, n.sku(), n.pricing(), new double[] {0, 0, 0, 0, 0,
          n.ports() * n.gbpsPerPort()}, n.powerKw(), n.rackUnits(), hours);
    }
    return out;
  }

  private static void addUnits(List<Unit> out, String sku, Pricing p, double[] supply, double kw,
      int ru, double hours) {
    if (p.capexUsd() != null) {
      out.add(new Unit(sku, Acquisition.BUY, p.capexUsd() / hours, p.capexUsd(), supply, kw, ru,
          p.leadTimeDays()));
    }
    if (p.leaseUsdPerHour() != null) {
      out.add(new Unit(sku, Acquisition.LEASE, p.leaseUsdPerHour(), 0, supply, kw, ru,
          p.leadTimeDays()));
    }
  }

  private static int indexOf(List<Unit> units, String sku, Acquisition how) {
    for (int i = 0; i < units.size(); i++) {
      if (units.get(i).sku().equals(sku) && units.get(i).how() == how) {
        return i;
      }
    }
    throw new AssertionError("solver returned unknown line " + sku + "/" + how);
  }

  /**
   * Enumerates every quantity vector in a box. The box is large enough: a unit beyond the count
   * that alone covers every demand it supplies only adds cost and usage, so some optimum lies in
   * the box.
   */
  private static double bruteForce(List<Unit> units, double[] demand, SiteConstraints site,
      int days) {
    int[] max = new int[units.size()];
    for (int i = 0; i < units.size(); i++) {
      for (int r = 0; r < demand.length; r++) {
        if (units.get(i).supply()[r] > 0 && demand[r] > 0) {
          max[i] = Math.max(max[i], (int) Math.ceil(demand[r] / units.get(i).supply()[r]));
        }
      }
    }
    int[] q = new int[units.size()];
    double best = Double.POSITIVE_INFINITY;
    while (true) {
      if (feasible(units, q, demand, site, days)) {
        best = Math.min(best, cost(units, q));
      }
      int i = 0;
      while (i < q.length && q[i] == max[i]) {
        q[i] = 0;
        i++;
      }
      if (i == q.length) {
        return best;
      }
      q[i]++;
    }
  }

  private static double cost(List<Unit> units, int[] q) {
    double c = 0;
    for (int i = 0; i < q.length; i++) {
      c += q[i] * units.get(i).perHour();
    }
    return c;
  }

  private static boolean feasible(List<Unit> units, int[] q, double[] demand,
      SiteConstraints site, int days) {
    double kw = 0;
    double ru = 0;
    double capex = 0;
    double[] supplied = new double[demand.length];
    for (int i = 0; i < q.length; i++) {
      if (q[i] == 0) {
        continue;
      }
      Unit u = units.get(i);
      if (u.leadDays() > days) {
        return false;
      }
      kw += q[i] * u.kw();
      ru += q[i] * u.ru();
      capex += q[i] * u.capex();
      for (int r = 0; r < demand.length; r++) {
        supplied[r] += q[i] * u.supply()[r];
      }
    }
    for (int r = 0; r < demand.length; r++) {
      if (supplied[r] < demand[r] - 1e-9) {
        return false;
      }
    }
    return kw <= site.powerBudgetKw() + 1e-9 && ru <= site.rackUnitsFree() + 1e-9
        && capex <= site.budgetCeilingUsd() + 1e-6;
  }
}
