package dev.fleetscale.optimizer.cost;

import static dev.fleetscale.optimizer.cost.CostSamples.H;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The reconciliation identity over random fleets: for every window, Σ workload cost + Σ idle
 * cost = the fleet's cost, to the micro-dollar, where the fleet's cost is worked out here
 * independently of the allocator, from the samples: each GPU's time in the window × its rate and
 * its energy × the price, each rounded once, plus each host's SSD and network time × their rates.
 * Random: hosts (some without GPUs), sample intervals that straddle hour boundaries, gaps (hosts
 * that disappear and return), workloads coming and going, time-slicing, MIG, unattributed
 * processes, NVML energy counters or board power, uneven catalog rates; and the same identity
 * after the API's aggregation in every idle mode.
 */
class CostReconciliationProperties {

  private static final long US_PER_HOUR = 3_600_000_000L;

  @Property(tries = 150)
  void everyWindowReconcilesExactly(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 1, max = 5) int hosts) {
    Random rnd = new Random(seed);
    CostCatalog catalog = CostCatalog.parse("""
        servers:
          - {sku: s, gpu_model: H100-SXM, gpus_per_server: 8, capex_usd: %d}
        ssds:
          - {sku: d, capex_usd: %d}
        networks:
          - {sku: n, capex_usd: %d}
        """.formatted(1 + rnd.nextInt(900_000), 1 + rnd.nextInt(9_000),
        1 + rnd.nextInt(90_000)), "random");
    BigDecimal kwh = BigDecimal.valueOf(rnd.nextInt(50_000), 5);
    RateBook book = new RateBook(CostSettings.defaults().withPrices(kwh, "d", "n", Map.of()),
        catalog);
    List<CostRow> rows = new ArrayList<>();
    Map<Instant, Long> expected = new TreeMap<>();
    for (int h = 0; h < hosts; h++) {
      HostCostTracker tracker = new HostCostTracker(book);
      int gpus = rnd.nextInt(4);
      int disks = rnd.nextInt(3);
      HostRates rates = book.ratesFor("p", "NVIDIA H100 80GB HBM3", gpus, disks);
      long interval = 1000L * (1 + rnd.nextInt(30));
      Instant t = H.plusMillis(interval); // the first sample begins the window: complete
      Instant until = H.plusSeconds(3600L * (1 + rnd.nextInt(2)) + rnd.nextInt(1800));
      Map<Instant, Long> hostMs = new TreeMap<>();
      Map<Instant, long[]> energyMj = new TreeMap<>();
      Map<Integer, Long> counters = new HashMap<>();
      Instant last = null;
      while (t.isBefore(until)) {
        List<GpuSample> gs = new ArrayList<>();
        long[] sampleEnergy = new long[gpus];
        for (int g = 0; g < gpus; g++) {
          List<GpuProcess> procs = new ArrayList<>();
          int holders = rnd.nextInt(4);
          for (int k = 0; k < holders; k++) {
            procs.add(rnd.nextInt(10) == 0 ? new GpuProcess(k, null, null)
                : CostSamples.proc("w" + rnd.nextInt(5), rnd.nextBoolean()
                    ? (long) (1 + rnd.nextInt(80)) << 30 : null));
          }
          double watts = 50 + rnd.nextInt(650);
          Long counter = null;
          sampleEnergy[g] = Math.round(watts * interval); // W × ms = mJ
          if (rnd.nextBoolean()) {
            counter = counters.merge(g, sampleEnergy[g], Long::sum);
          }
          gs.add(CostSamples.gpu(g, rnd.nextInt(5) == 0 ? null : (double) rnd.nextInt(101),
              watts, counter, rnd.nextInt(4) == 0, procs));
        }
        tracker.add(CostSamples.host("h" + h, "p", t, interval, gs, disks), rows::addAll);
        // Independently: the sample covers (t − interval, t]; split it over the windows.
        Instant from = t.minusMillis(interval);
        Instant end = HostCostTracker.endOf(t.minusMillis(1));
        Instant start = end.minus(HostCostTracker.WINDOW);
        long before = Math.max(0, start.toEpochMilli() - from.toEpochMilli());
        for (Instant w : before > 0 ? List.of(start, end) : List.of(end)) {
          long ms = w.equals(end) ? interval - before : before;
          hostMs.merge(w, ms, Long::sum);
          long[] e = energyMj.computeIfAbsent(w, k -> new long[gpus]);
          for (int g = 0; g < gpus; g++) {
            long part = Shares.split(sampleEnergy[g], new long[] {before, interval - before})[0];
            e[g] += w.equals(end) ? sampleEnergy[g] - part : part;
          }
        }
        last = t;
        t = t.plusMillis(rnd.nextInt(40) == 0 ? interval * (2 + rnd.nextInt(200)) : interval);
      }
      tracker.closeIfStale(last.plus(HostCostTracker.WINDOW).plusSeconds(120), rows::addAll);
      for (Map.Entry<Instant, Long> w : hostMs.entrySet()) {
        long us = w.getValue() * 1000;
        long cost = micro(rates.ssdPerDiskHour().multiply(BigDecimal.valueOf(disks))
            .add(rates.networkPerHostHour()), us, US_PER_HOUR);
        for (int g = 0; g < gpus; g++) {
          cost += micro(rates.gpuPerGpuHour(), us, US_PER_HOUR)
              + micro(rates.energyPerKwh(), energyMj.get(w.getKey())[g], 3_600_000_000L);
        }
        expected.merge(w.getKey(), cost, Long::sum);
      }
    }
    Map<Instant, Long> idle = new TreeMap<>();
    Map<Instant, Long> workloads = new TreeMap<>();
    for (CostRow r : rows) {
      (r.idle() ? idle : workloads).merge(r.end(), r.cost(), Long::sum);
      assertThat(r.allocatedUs() + r.unallocatedUs()).isLessThanOrEqualTo(US_PER_HOUR);
      assertThat(r.usedUs()).isLessThanOrEqualTo(r.allocatedUs() + 1e-6);
    }
    expected.values().removeIf(v -> v == 0);
    Map<Instant, Long> allocated = new TreeMap<>();
    workloads.forEach((end, v) -> allocated.merge(end, v, Long::sum));
    idle.forEach((end, v) -> allocated.merge(end, v, Long::sum));
    allocated.values().removeIf(v -> v == 0);
    assertThat(allocated).as("Σ workload + Σ idle per window").isEqualTo(expected);
    for (Instant end : expected.keySet()) {
      for (CostQuery.Idle mode : CostQuery.Idle.values()) {
        for (CostQuery.Aggregate agg : List.of(CostQuery.Aggregate.POOL,
            CostQuery.Aggregate.WORKLOAD, CostQuery.Aggregate.HOST, CostQuery.Aggregate.GPU)) {
          CostQuery q = new CostQuery(end.minus(HostCostTracker.WINDOW), end, agg, null,
              HostCostTracker.WINDOW, mode, false);
          long answered = CostReport.aggregate(q, cells(rows, end), Map.of()).get(0).values()
              .stream().mapToLong(CostReport.Entry::totalCost).sum();
          assertThat(answered).as("%s idle=%s aggregate=%s", end, mode, agg)
              .isEqualTo(expected.get(end));
        }
      }
    }
  }

  private static long micro(BigDecimal rate, long amount, long perUnit) {
    return rate.multiply(BigDecimal.valueOf(amount))
        .divide(BigDecimal.valueOf(perUnit), 0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** What the InfluxQL query sums for the window ending at {@code end}. */
  static List<CostReport.Cell> cells(List<CostRow> rows, Instant end) {
    List<CostReport.Cell> out = new ArrayList<>();
    for (CostRow r : rows) {
      if (r.end().equals(end)) {
        out.add(new CostReport.Cell(0, r.pool(), r.host(), r.workload(), r.gpu(), r.gpuCost(),
            r.ssdCost(), r.networkCost(), r.energyCost(), r.allocatedUs() / 3.6e9,
            r.usedUs() / 3.6e9, r.idleAllocatedUs() / 3.6e9, r.unallocatedUs() / 3.6e9,
            r.unmeasuredUs() / 3.6e9, r.energyMj() / 3.6e9));
      }
    }
    return out;
  }
}
