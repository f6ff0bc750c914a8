package dev.fleetscale.procurement.benchmark;

import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.catalog.NetworkOption;
import dev.fleetscale.procurement.catalog.Pricing;
import dev.fleetscale.procurement.catalog.SiteConstraints;
import dev.fleetscale.procurement.catalog.SsdOption;
import dev.fleetscale.procurement.solver.CapacityRequirement;
import dev.fleetscale.procurement.solver.Mix;
import dev.fleetscale.procurement.solver.ProcurementSolver;
import dev.fleetscale.procurement.solver.SearchLimits;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Solve time of the procurement MIP on random catalogs, against the LP relaxation solved on the
 * same instances in the same run. Prints a table. Run:
 *
 * <pre>
 * mvn -B -o -q -pl procurement-service test-compile exec:java \
 *     -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.fleetscale.procurement.benchmark.SolverBenchmark
 * </pre>
 *
 * Each instance: SKUs split 60 % servers (4 GPU models), 20 % SSD, 20 % network, each buyable
 * and leasable (so two integer variables per SKU); demand over the six resources (GPU count, GPU
 * memory, BF16 compute, SSD capacity, SSD read bandwidth, network bandwidth); power and rack
 * space limited to 90 % of what the cheapest unconstrained mix would use, so they bind.
 */
public final class SolverBenchmark {

  private static final LocalDate TODAY = LocalDate.of(2026, 1, 5);
  private static final String[] MODELS = {"H100", "H200", "L40S", "A100"};

  private SolverBenchmark() {}

  public static void main(String[] args) {
    int warmup = Integer.getInteger("warmup", 5);
    int runs = Integer.getInteger("runs", 21);
    System.out.printf(Locale.ROOT, "%-5s %-5s %-9s %-9s %-9s %-8s %-8s %-9s %-11s %-7s %-10s%n",
        "SKUs", "runs", "MIP p50", "MIP p90", "MIP max", "LP p50", "LP p90", "nodes p50",
        "vs LP p50", "found", "proven");
    for (int skus : new int[] {50, 200}) {
     for (long limitMs : new long[] {200, 2000}) {
      ProcurementSolver solver = new ProcurementSolver(36, new SearchLimits(
          SearchLimits.DEFAULT.relativeGap(), Duration.ofMillis(limitMs),
          SearchLimits.DEFAULT.maxNodes()));
      for (int i = 0; i < warmup; i++) {
        Instance w = instance(skus, 1000 + i);
        solver.cheapestMix(w.catalog(), w.req(), TODAY);
        solver.relaxedCostPerHour(w.catalog(), w.req(), TODAY);
      }
      double[] mip = new double[runs];
      double[] lp = new double[runs];
      double[] gap = new double[runs];
      double[] nodes = new double[runs];
      int proven = 0;
      int found = 0;
      for (int i = 0; i < runs; i++) {
        Instance inst = instance(skus, i);
        long t0 = System.nanoTime();
        ProcurementSolver.MixResult result =
            solver.cheapestMixWithStatus(inst.catalog(), inst.req(), TODAY);
        long t1 = System.nanoTime();
        double relaxed = solver.relaxedCostPerHour(inst.catalog(), inst.req(), TODAY)
            .orElseThrow();
        long t2 = System.nanoTime();
        mip[i] = (t1 - t0) / 1e6;
        lp[i] = (t2 - t1) / 1e6;
        nodes[i] = result.nodes();
        if (result.mix().isPresent()) {
          found++;
          gap[i] = 100 * (result.mix().get().costPerHour() - relaxed) / relaxed;
        } else {
          gap[i] = Double.NaN;
        }
        proven += result.provenOptimal() ? 1 : 0;
      }
      System.out.printf(Locale.ROOT,
          "%-5d %-5d %-9.1f %-9.1f %-9.1f %-8.1f %-8.1f %-9.0f %-11s %-7s %d/%d%n",
          skus, runs, pct(mip, 50), pct(mip, 90), pct(mip, 100), pct(lp, 50), pct(lp, 90),
          pct(nodes, 50), String.format(Locale.ROOT, "+%.3f%%", pct(gap, 50)),
          found + "/" + runs, proven, runs);
      System.out.printf(Locale.ROOT, "      (time limit %d ms)%n", limitMs);
     }
    }
    System.out.println("times in ms; 'vs LP' = MIP cost above the LP relaxation bound;"
        + " 'proven' = optimal within the 0.01 % gap before the time limit");
  }

  record Instance(HardwareCatalog catalog, CapacityRequirement req) {}

  static Instance instance(int skus, long seed) {
    Random r = new Random(seed);
    int servers = skus * 6 / 10;
    int ssds = skus * 2 / 10;
    int nets = skus - servers - ssds;
    List<GpuServer> s = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      String model = MODELS[i % MODELS.length];
      int gpus = r.nextBoolean() ? 8 : 4;
      double mem = switch (model) { case "H200" -> 141; case "L40S" -> 48; default -> 80; };
      double tflops = switch (model) { case "L40S" -> 362; case "A100" -> 312; default -> 989; };
      double perGpu = 25_000 + r.nextInt(20_000);
      s.add(new GpuServer("srv-" + i, model, gpus, mem, tflops, gpus * (0.9 + r.nextDouble()),
          gpus == 8 ? 6 + r.nextInt(3) : 2 + r.nextInt(2),
          new Pricing(gpus * perGpu, gpus * perGpu / 10_000 * (0.9 + 0.3 * r.nextDouble()),
              r.nextInt(60))));
    }
    List<SsdOption> d = new ArrayList<>();
    for (int i = 0; i < ssds; i++) {
      double tb = new double[] {3.84, 7.68, 15.36, 30.72}[r.nextInt(4)];
      d.add(new SsdOption("ssd-" + i, tb, 5 + r.nextInt(8), 2 + r.nextInt(4), 0.025,
          r.nextInt(4) == 0 ? 1 : 0, new Pricing(tb * (120 + r.nextInt(80)),
              tb * (0.012 + 0.01 * r.nextDouble()), r.nextInt(30))));
    }
    List<NetworkOption> n = new ArrayList<>();
    for (int i = 0; i < nets; i++) {
      int ports = new int[] {16, 32, 64}[r.nextInt(3)];
      double gbps = new double[] {100, 200, 400}[r.nextInt(3)];
      n.add(new NetworkOption("net-" + i, ports, gbps, 0.3 + ports * 0.02, 1 + ports / 32,
          new Pricing(ports * gbps * (1 + r.nextDouble()), ports * gbps / 8000 * (1 + r.nextDouble()),
              r.nextInt(45))));
    }
    CapacityRequirement req = new CapacityRequirement("bench", 200 + r.nextInt(300),
        20_000 + r.nextInt(20_000), 150_000 + r.nextInt(150_000), 300 + r.nextInt(700),
        150 + r.nextInt(300), 4_000 + r.nextInt(8_000), TODAY.plusDays(90), null);
    HardwareCatalog open = new HardwareCatalog("bench", s, d, n, List.of(), List.of(
        new SiteConstraints("*", 1e9, 1_000_000, 1e12)));
    // Power and space at 90 % of what the cheapest unconstrained mix uses, so both bind; loosened
    // in 2 % steps until the instance is feasible.
    Mix unconstrained = new ProcurementSolver(36).cheapestMix(open, req, TODAY).orElseThrow();
    for (double share = 0.9; ; share += 0.02) {
      SiteConstraints site = new SiteConstraints("*", unconstrained.powerKw() * share,
          (int) Math.ceil(unconstrained.rackUnits() * share), unconstrained.capex() * 1.5 + 1);
      HardwareCatalog c = new HardwareCatalog("bench", s, d, n, List.of(), List.of(site));
      if (new ProcurementSolver(36).cheapestMix(c, req, TODAY).isPresent()) {
        return new Instance(c, req);
      }
    }
  }

  /** The p-th percentile (nearest rank) of the values that are numbers. */
  private static double pct(double[] values, int p) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(v);
    int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))];
  }
}
