package dev.fleetscale.optimizer.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.forecast.CapacityForecaster;
import dev.fleetscale.optimizer.forecast.DemandLedger;
import dev.fleetscale.optimizer.rebalance.RebalancePlanner;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import dev.fleetscale.optimizer.rollup.Stat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pool's size is its membership (hosts that reported within the horizon), not the hosts of one
 * window: a member missing from a window is missing data, and a pool is not decided on before its
 * membership has been watched for one horizon.
 */
class PoolMembershipTest {

  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final Duration HORIZON = Duration.ofSeconds(60);

  /** One host's 10 s summary: 4 GPUs at {@code util} percent. */
  private static HostWindowSummary summary(String host, Instant end, double util) {
    return new HostWindowSummary(HostWindowSummary.FORMAT_VERSION, host, "c1", "p", "r1", end, 10,
        true, 4, 80L << 30, 2800, 60, Map.of("gpu_util_pct", new Stat.Summary(util, util, util)),
        List.of(), null);
  }

  private static Instant window(int n) {
    return T0.plusSeconds(10L * n);
  }

  private static PoolWindows windows() {
    return new PoolWindows("p", Duration.ofMinutes(5), null, 3e9, HORIZON);
  }

  private static PoolDecider decider() {
    OptimizerConfig config = OptimizerMain.load(null, Map.of(
        "FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", Long.toString(HORIZON.toMillis())));
    RebalancePlanner planner = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85,
        20, 1), config.planner());
    return new PoolDecider("p", config, planner, new CapacityForecaster(30, 0.8),
        new DemandLedger(0.1, 7));
  }

  /** Closes window {@code n} with the given hosts' summaries; returns the 10 s window. */
  private static PoolWindow close(PoolWindows windows, int n, String... hosts) {
    List<PoolWindow> closed = new ArrayList<>();
    for (String host : hosts) {
      windows.add(summary(host, window(n), 80), w -> { });
    }
    windows.advance(window(n), closed::add);
    return closed.stream().filter(w -> w.end().equals(window(n))).findFirst().orElseThrow();
  }

  private static List<AutoscaleDecision> autoscale(List<FleetEvent> events) {
    return events.stream().filter(AutoscaleDecision.class::isInstance)
        .map(AutoscaleDecision.class::cast).toList();
  }

  @Test
  void aMemberThatDoesNotReportInAWindowStillCountsAndTheDecisionScalesFromTwo() {
    PoolWindows windows = windows();
    windows.restoreMembers(Map.of(), window(0)); // watched before: settled from the start
    PoolDecider decider = decider();
    for (int n = 1; n <= 3; n++) {
      decider.onWindow(close(windows, n, "a", "b"));
    }

    // Window 4: only a's summary arrived.
    PoolWindow gap = close(windows, 4, "a");
    List<AutoscaleDecision> decisions = autoscale(decider.onWindow(gap));

    assertThat(gap.hosts()).isEqualTo(1);
    assertThat(gap.membership().size()).isEqualTo(2);
    assertThat(gap.membership().missing()).containsExactly("b");
    assertThat(gap.membership().lastOfMissing()).containsOnlyKeys("b");
    assertThat(decisions).singleElement().satisfies(d -> {
      assertThat(d.currentReplicas()).as(d.reason()).isEqualTo(2);
      assertThat(d.inputs()).containsEntry("hosts", 2.0).containsEntry("hosts_reporting", 1.0);
      // Utilization is that of the host that reported, not diluted by the missing one.
      assertThat(d.observedValue()).isEqualTo(80.0);
    });
  }

  @Test
  void aHostSilentForLongerThanTheHorizonLeavesThePool() {
    PoolWindows windows = windows();
    windows.restoreMembers(Map.of(), window(0));
    close(windows, 1, "a", "b");
    PoolWindow stillIn = null;
    for (int n = 2; n <= 6; n++) {
      stillIn = close(windows, n, "a");
    }
    PoolWindow gone = close(windows, 7, "a");

    // b last reported at window 1 (T0+10 s): a member through T0+60 s, not at T0+70 s.
    assertThat(stillIn.membership().size()).isEqualTo(2);
    assertThat(gone.membership().size()).isEqualTo(1);
    assertThat(gone.membership().complete()).isTrue();
  }

  @Test
  void onAFirstStartNothingIsDecidedUntilTheMembershipHasBeenWatchedForOneHorizon() {
    PoolWindows windows = windows();
    PoolDecider decider = decider();
    List<AutoscaleDecision> decisions = new ArrayList<>();
    // a reports from window 1, b only from window 3 (it started 20 s later).
    for (int n = 1; n <= 9; n++) {
      PoolWindow w = n < 3 ? close(windows, n, "a") : close(windows, n, "a", "b");
      decisions.addAll(autoscale(decider.onWindow(w)));
    }

    // Watched since T0 (window 1's start); a horizon later, T0+60 s, is window 6.
    assertThat(decisions).extracting(AutoscaleDecision::decidedAt)
        .containsExactly(window(6), window(7), window(8), window(9));
    assertThat(decisions).allSatisfy(d ->
        assertThat(d.currentReplicas()).as(d.reason()).isEqualTo(2));
  }

  @Test
  void membersRestoredAfterARestartCountBeforeTheyReportAgain() {
    PoolWindows windows = new PoolWindows("p", Duration.ofMinutes(5), window(10), 3e9, HORIZON);
    windows.restoreMembers(Map.of("a", window(10), "b", window(9)), window(10));
    PoolDecider decider = decider();

    PoolWindow first = close(windows, 11, "a");
    List<AutoscaleDecision> decisions = autoscale(decider.onWindow(first));

    assertThat(first.membership().settled()).isTrue();
    assertThat(first.membership().missing()).containsExactly("b");
    assertThat(first.membership().lastOfMissing()).isEmpty();
    assertThat(decisions).singleElement()
        .satisfies(d -> assertThat(d.currentReplicas()).isEqualTo(2));
  }
}
