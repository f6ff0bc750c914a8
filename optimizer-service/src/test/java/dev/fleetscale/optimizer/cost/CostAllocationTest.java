package dev.fleetscale.optimizer.cost;

import static dev.fleetscale.optimizer.cost.CostSamples.H;
import static dev.fleetscale.optimizer.cost.CostSamples.gpu;
import static dev.fleetscale.optimizer.cost.CostSamples.host;
import static dev.fleetscale.optimizer.cost.CostSamples.proc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Allocations worked out by hand on small fleets (docs/cost.md, Allocation): every expected figure
 * below is computed in the comment next to it, from the rates and the samples.
 */
class CostAllocationTest {

  /** $8 per GPU-hour, $0.10 per kWh, no SSD or network price. */
  private static RateBook eightDollars(String pool) {
    CostSettings s = CostSettings.defaults().withPrices(new BigDecimal("0.10"), null, null,
        Map.of(pool, new BigDecimal("8")));
    return new RateBook(s, CostCatalog.empty());
  }

  /** Feeds an hour of 10 s samples (ending H+10s ... H+3600s) plus one that closes it. */
  private static List<CostRow> hour(HostCostTracker tracker, Function<Instant, HostSample> at) {
    List<CostRow> rows = new ArrayList<>();
    for (int s = 10; s <= 3610; s += 10) {
      tracker.add(at.apply(H.plusSeconds(s)), rows::addAll);
    }
    return rows;
  }

  private static CostRow row(List<CostRow> rows, String gpu, String workload) {
    return rows.stream().filter(r -> r.gpu().equals(gpu) && r.workload().equals(workload))
        .findFirst().orElseThrow(() -> new AssertionError("no row " + gpu + "/" + workload
            + " in " + rows));
  }

  private static long total(List<CostRow> rows) {
    return rows.stream().mapToLong(CostRow::cost).sum();
  }

  @Test
  void wholeGpusOneHeldOneIdle() {
    HostCostTracker t = new HostCostTracker(eightDollars("p"));
    List<CostRow> rows = hour(t, at -> host("h1", "p", at, 10_000, List.of(
        gpu(0, 50.0, 400.0, null, false, List.of(proc("w1", 10L << 30))),
        gpu(1, 0.0, 100.0, null, false, List.of())), 0));
    assertThat(rows).hasSize(2);
    CostRow w1 = row(rows, "0", "w1");
    assertThat(w1.end()).isEqualTo(H.plusSeconds(3600));
    assertThat(w1.allocatedUs()).isEqualTo(3_600_000_000L);      // held all hour
    assertThat(w1.usedUs()).isEqualTo(1_800_000_000L, within(1e-3)); // at 50 %
    assertThat(w1.idleAllocatedUs()).isZero();
    assertThat(w1.gpuCost()).isEqualTo(8_000_000);           // 1 GPU-hour × $8
    assertThat(w1.energyMj()).isEqualTo(1_440_000_000L);     // 400 W × 3600 s = 0.4 kWh
    assertThat(w1.energyCost()).isEqualTo(40_000);           // 0.4 kWh × $0.10
    assertThat(w1.workloadName()).isEqualTo("ns/w1");
    CostRow idle = row(rows, "1", CostRow.IDLE);
    assertThat(idle.unallocatedUs()).isEqualTo(3_600_000_000L);
    assertThat(idle.gpuCost()).isEqualTo(8_000_000);
    assertThat(idle.energyCost()).isEqualTo(10_000);         // 100 W × 1 h = 0.1 kWh × $0.10
    assertThat(total(rows)).isEqualTo(16_050_000);
  }

  @Test
  void energyComesFromTheNvmlCounterWhenThereIsOne() {
    HostCostTracker t = new HostCostTracker(eightDollars("p"));
    // The counter rises 3,000 J per 10 s (300 W) while the board reports 999 W: the counter wins
    // for every interval after the first (the first has no earlier reading: 999 W × 10 s).
    List<CostRow> rows = hour(t, at -> host("h1", "p", at, 10_000, List.of(
        gpu(0, 100.0, 999.0, (at.getEpochSecond() - H.getEpochSecond()) * 300_000L, false,
            List.of(proc("w1", null)))), 0));
    CostRow w1 = row(rows, "0", "w1");
    assertThat(w1.energyMj()).isEqualTo(9_990_000L + 359 * 3_000_000L);
    // 1,086,990,000 mJ = 0.30194166 kWh × $0.10 = 30,194.17 µ$ → 30,194
    assertThat(w1.energyCost()).isEqualTo(30_194);
    assertThat(w1.usedUs()).isEqualTo(3_600_000_000L, within(1e-3));
  }

  @Test
  void migInstancesShareTheirGpuByFrameBuffer() {
    HostCostTracker t = new HostCostTracker(eightDollars("p"));
    // Under MIG NVML reports no GPU utilization: the use is unmeasured, not zero.
    List<CostRow> rows = hour(t, at -> host("h1", "p", at, 10_000, List.of(
        gpu(0, null, 200.0, null, true, List.of(proc("a", 10L << 30), proc("b", 30L << 30)))),
        0));
    CostRow a = row(rows, "0", "a");
    CostRow b = row(rows, "0", "b");
    assertThat(a.allocatedUs()).isEqualTo(900_000_000L);     // 10 of 40 GB: a quarter of the hour
    assertThat(b.allocatedUs()).isEqualTo(2_700_000_000L);
    assertThat(a.gpuCost()).isEqualTo(2_000_000);       // $8 / 4
    assertThat(b.gpuCost()).isEqualTo(6_000_000);
    assertThat(a.energyCost()).isEqualTo(5_000);        // 0.2 kWh × $0.10 = 20,000 µ$, a quarter
    assertThat(b.energyCost()).isEqualTo(15_000);
    assertThat(a.unmeasuredUs()).isEqualTo(a.allocatedUs());
    assertThat(a.usedUs()).isZero();
    assertThat(rows).noneMatch(CostRow::idle);
    assertThat(CostPoints.point(a).toLineProtocol()).doesNotContain("efficiency");
  }

  @Test
  void sharedHostWithDisksAndTimeSlicedGpu() {
    // Catalog prices: server $35,040 owned over 4 years = $1/h for 4 GPUs: $0.25 per GPU-hour;
    // SSD $1,752 over 4 years = $0.05/h per disk; switch $56,064 over 4 y / 16 hosts = $0.10/h.
    CostCatalog catalog = CostCatalog.parse("""
        servers:
          - {sku: s4, gpu_model: H100-SXM, gpus_per_server: 4, capex_usd: 35040}
        ssds:
          - {sku: d1, capex_usd: 1752}
        networks:
          - {sku: n1, capex_usd: 56064}
        """, "test");
    CostSettings s = CostSettings.defaults().withPrices(BigDecimal.ZERO, "d1", "n1", Map.of());
    HostCostTracker t = new HostCostTracker(new RateBook(s, catalog));
    // GPU 0 time-sliced by x and y (equal shares), GPU 1 held by x, GPU 2 and 3 idle; 2 disks.
    List<CostRow> rows = hour(t, at -> host("h1", "p", at, 10_000, List.of(
        gpu(0, 60.0, null, null, false, List.of(proc("x", 1L << 30), proc("y", 5L << 30))),
        gpu(1, 0.0, null, null, false, List.of(proc("x", 1L << 30))),
        gpu(2, 0.0, null, null, false, List.of()),
        gpu(3, 0.0, null, null, false, List.of())), 2));
    // Host part: 2 × $0.05 + $0.10 = $0.20/h = 200,000 µ$, 50,000 per GPU: 25,000 SSD, 25,000 net.
    CostRow x0 = row(rows, "0", "x");
    assertThat(x0.allocatedUs()).isEqualTo(1_800_000_000L);
    assertThat(x0.usedUs()).isEqualTo(1_080_000_000L, within(1e-3)); // 60 % of half an hour
    assertThat(x0.gpuCost()).isEqualTo(125_000);                // $0.25 / 2
    assertThat(x0.ssdCost()).isEqualTo(12_500);
    assertThat(x0.networkCost()).isEqualTo(12_500);
    CostRow x1 = row(rows, "1", "x");
    assertThat(x1.idleAllocatedUs()).isEqualTo(3_600_000_000L);      // held at 0 %: idle allocated
    assertThat(x1.cost()).isEqualTo(250_000 + 50_000);
    assertThat(row(rows, "2", CostRow.IDLE).cost()).isEqualTo(300_000);
    assertThat(x0.rateSource()).isEqualTo("catalog:s4:OWNED");
    // Fleet total: 4 GPUs × $0.25 + $0.20 = $1.20 = 1,200,000 µ$, all of it allocated.
    assertThat(total(rows)).isEqualTo(1_200_000);
  }

  @Test
  void hostWithoutWorkloadsIsAllIdle() {
    HostCostTracker t = new HostCostTracker(eightDollars("p"));
    List<CostRow> rows = hour(t, at -> host("h1", "p", at, 10_000, List.of(
        gpu(0, 0.0, 50.0, null, false, null), gpu(1, 0.0, 50.0, null, false, List.of())), 0));
    assertThat(rows).allMatch(CostRow::idle).hasSize(2);
    assertThat(total(rows)).isEqualTo(2 * (8_000_000 + 5_000)); // 50 W × 1 h = 0.05 kWh
  }

  @Test
  void hostThatDisappearsMidWindowCostsTheTimeItWasSeen() {
    RateBook rates = eightDollars("p");
    HostCostTracker gone = new HostCostTracker(rates);
    List<CostRow> rows = new ArrayList<>();
    // Reports for the first 20 minutes (120 samples of 10 s), then never again.
    for (int s = 10; s <= 1200; s += 10) {
      gone.add(host("h-gone", "p", H.plusSeconds(s), 10_000, List.of(
          gpu(0, 100.0, 300.0, null, false, List.of(proc("w", 1L)))), 0), rows::addAll);
    }
    gone.closeIfStale(H.plusSeconds(3600 + 59), rows::addAll);
    assertThat(rows).as("not before the window is 60 s past its end").isEmpty();
    gone.closeIfStale(H.plusSeconds(3600 + 60), rows::addAll);
    CostRow w = row(rows, "0", "w");
    assertThat(w.allocatedUs()).isEqualTo(1_200_000_000L);
    assertThat(w.gpuCost()).isEqualTo(2_666_667);     // $8 × 1/3 h = 2,666,666.67 µ$
    assertThat(w.energyCost()).isEqualTo(10_000);     // 300 W × 1/3 h = 0.1 kWh
    gone.closeIfStale(H.plusSeconds(7200), rows::addAll);
    assertThat(rows).as("closed once").hasSize(1);
  }

  @Test
  void aSilentHostThatComesBackInTheSameWindowIsRewrittenWhole() {
    HostCostTracker t = new HostCostTracker(eightDollars("p"));
    List<CostRow> rows = new ArrayList<>();
    List<GpuSample> gpus = List.of(gpu(0, 100.0, null, null, false, List.of(proc("w", 1L))));
    for (int s = 10; s <= 600; s += 10) {
      t.add(host("h", "p", H.plusSeconds(s), 10_000, gpus), rows::addAll);
    }
    t.closeIfStale(H.plusSeconds(3700), rows::addAll); // another partition ran far ahead
    assertThat(rows).hasSize(1);
    for (int s = 610; s <= 3610; s += 10) {              // the host's partition catches up
      t.add(host("h", "p", H.plusSeconds(s), 10_000, gpus), rows::addAll);
    }
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).end()).isEqualTo(rows.get(0).end());
    assertThat(rows.get(1).allocatedUs()).isEqualTo(3_600_000_000L);
  }

  @Test
  void aSampleAcrossTheBoundaryIsSplitBetweenTheTwoWindows() {
    HostCostTracker t = new HostCostTracker(eightDollars("p"));
    List<CostRow> rows = new ArrayList<>();
    // Samples end at H+5 s, H+15 s, ...: the one ending at H+3605 s is half in each window.
    for (int s = 5; s <= 3605; s += 10) {
      t.add(host("h", "p", H.plusSeconds(s), 10_000, List.of(
          gpu(0, 100.0, 360.0, null, false, List.of(proc("w", 1L))))), rows::addAll);
    }
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).allocatedUs()).isEqualTo(3_600_000_000L);
    assertThat(rows.get(0).energyMj()).isEqualTo(360L * 3_600_000); // 360 W × exactly 1 h
  }

  @Test
  void theFirstWindowAfterAStartIsDroppedWhenItMayHaveBegunEarlier() {
    HostCostTracker t = new HostCostTracker(eightDollars("p"));
    List<CostRow> rows = new ArrayList<>();
    for (int s = 1810; s <= 7210; s += 10) { // starts mid-hour, as a replay after a crash would
      t.add(host("h", "p", H.plusSeconds(s), 10_000, List.of(
          gpu(0, 100.0, null, null, false, List.of()))), rows::addAll);
    }
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).end()).isEqualTo(H.plusSeconds(7200));
  }

  @Test
  void anUnevenRateIsRoundedOncePerGpuAndSplitWithoutLoss() {
    // $280,000 over 4 years: $7.990867579908... per 8-GPU server-hour, per GPU $0.99885844749...
    CostCatalog catalog = CostCatalog.parse("""
        servers:
          - {sku: h8, gpu_model: H100-SXM, gpus_per_server: 8, capex_usd: 280000}
        """, "test");
    HostCostTracker t = new HostCostTracker(new RateBook(CostSettings.defaults(), catalog));
    List<CostRow> rows = hour(t, at -> host("h", "p", at, 10_000, List.of(
        gpu(0, 10.0, null, null, false, List.of(proc("a", 1L), proc("b", 1L), proc("c", 1L))))));
    assertThat(rows).hasSize(3);
    // 998,858.447... µ$ → 998,858, split in thirds: 332,953 (one extra unit) + 332,953 + 332,952
    assertThat(rows.stream().mapToLong(CostRow::gpuCost).sorted().toArray())
        .containsExactly(332_952, 332_953, 332_953);
  }

  @Test
  void sharesAddUpAndFavourTheLargerRemainder() {
    assertThat(Shares.split(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
    assertThat(Shares.split(10, new long[] {1, 2})).containsExactly(3, 7);
    assertThat(Shares.split(5, new long[] {0, 0})).containsExactly(0, 5);
    assertThat(Shares.split(0, new long[] {3, 4})).containsExactly(0, 0);
  }
}
