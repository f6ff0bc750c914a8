package dev.fleetscale.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entries and idle placement worked out by hand (docs/cost.md, API). */
class CostReportTest {

  private static final Instant END = Instant.parse("2026-12-01T11:00:00Z");

  private static CostReport.Cell cell(String pool, String host, String workload, long cost,
      double hours) {
    return new CostReport.Cell(0, pool, host, workload, null, cost, 0, 0, 0,
        CostRow.IDLE.equals(workload) ? 0 : hours, hours / 2, 0,
        CostRow.IDLE.equals(workload) ? hours : 0, 0, 0);
  }

  private static Map<String, CostReport.Entry> run(CostQuery.Aggregate agg, CostQuery.Idle idle,
      String labelKey, Map<String, Map<String, String>> labels) {
    // h1 (pool a): w1 $3, w2 $1, idle $2. h2 (pool a): idle $5 only. h3 (pool b): w1 $4, idle $1.
    List<CostReport.Cell> cells = List.of(
        cell("a", "h1", "w1", 3_000_000, 1), cell("a", "h1", "w2", 1_000_000, 1),
        cell("a", "h1", CostRow.IDLE, 2_000_000, 2), cell("a", "h2", CostRow.IDLE, 5_000_000, 4),
        cell("b", "h3", "w1", 4_000_000, 2), cell("b", "h3", CostRow.IDLE, 1_000_000, 1));
    CostQuery q = new CostQuery(END.minus(Duration.ofHours(1)), END, agg, labelKey,
        Duration.ofHours(1), idle, false);
    return CostReport.aggregate(q, cells, labels).get(0);
  }

  @Test
  void separateIdleIsOneEntry() {
    Map<String, CostReport.Entry> e = run(CostQuery.Aggregate.POOL, CostQuery.Idle.SEPARATE, null,
        Map.of());
    assertThat(e.keySet()).containsExactly("__idle__", "a", "b");
    assertThat(e.get("a").totalCost()).isEqualTo(4_000_000);
    assertThat(e.get("b").totalCost()).isEqualTo(4_000_000);
    assertThat(e.get("__idle__").totalCost()).isEqualTo(8_000_000);
    assertThat(e.get("a").view(END, END).get("gpuEfficiency")).isEqualTo(0.5);
  }

  @Test
  void sharedIdleFollowsCost() {
    Map<String, CostReport.Entry> e = run(CostQuery.Aggregate.WORKLOAD, CostQuery.Idle.SHARE,
        null, Map.of());
    // $8 idle over w1 ($7) and w2 ($1): $7 and $1 more.
    assertThat(e.keySet()).containsExactly("w1", "w2");
    assertThat(e.get("w1").totalCost()).isEqualTo(14_000_000);
    assertThat(e.get("w2").totalCost()).isEqualTo(2_000_000);
    assertThat(e.get("w2").view(END, END).get("sharedIdleCost"))
        .isEqualTo(CostReport.usd(1_000_000));
  }

  @Test
  void idleByHostStaysOnItsHost() {
    Map<String, CostReport.Entry> e = run(CostQuery.Aggregate.WORKLOAD, CostQuery.Idle.BY_HOST,
        null, Map.of());
    // h1's $2 over w1 $3 / w2 $1: $1.50 / $0.50; h3's $1 to w1; h2 had no workload: idle.
    assertThat(e.get("w1").totalCost()).isEqualTo(3_000_000 + 1_500_000 + 4_000_000 + 1_000_000);
    assertThat(e.get("w2").totalCost()).isEqualTo(1_500_000);
    assertThat(e.get("__idle__").totalCost()).isEqualTo(5_000_000);
  }

  @Test
  void byLabelWithUnlabelledWorkloadsUnallocated() {
    Map<String, CostReport.Entry> e = run(CostQuery.Aggregate.LABEL, CostQuery.Idle.SEPARATE,
        "team", Map.of("w1", Map.of("team", "vision")));
    assertThat(e.keySet()).containsExactly("__idle__", "__unallocated__", "vision");
    assertThat(e.get("vision").totalCost()).isEqualTo(7_000_000);
    assertThat(e.get("__unallocated__").totalCost()).isEqualTo(1_000_000);
    assertThat(e.get("vision").view(END, END).get("properties"))
        .isEqualTo(Map.of("label:team", "vision"));
  }

  @Test
  void csvQuotesAndKeepsExactDollars() {
    CostQuery q = new CostQuery(END.minus(Duration.ofHours(1)), END, CostQuery.Aggregate.HOST,
        null, Duration.ofHours(1), CostQuery.Idle.SEPARATE, true);
    List<Map<String, CostReport.Entry>> steps = CostReport.aggregate(q,
        List.of(cell("a", "h,1", "w", 1_234_567, 1)), Map.of());
    Map<String, Object> answer = Map.of("data", List.of(Map.of("h,1",
        steps.get(0).get("h,1").view(q.start(), q.end()))));
    String csv = CostApi.csv(answer);
    assertThat(csv.lines().toList()).hasSize(2);
    assertThat(csv.lines().toList().get(1)).startsWith(
        "2026-12-01T10:00:00Z,2026-12-01T11:00:00Z,\"h,1\",1.0,0.5,").endsWith(",1.234567,1234567");
  }
}
