package dev.fleetscale.optimizer.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.forecast.CapacityForecaster;
import dev.fleetscale.optimizer.forecast.DemandLedger;
import dev.fleetscale.optimizer.rebalance.RebalancePlanner;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decider forecasts every resource it has figures for, and dedupes per pool and resource. */
class PoolDeciderTest {

  private static final LocalDate START = LocalDate.of(2026, 1, 5);
  /** A weekly pattern with one busy day (d % 7 == 2). */
  private static final double[] WEEKLY = {0, 0, 30, 0, 0, -10, -10};

  /** Demand on day d, in units: rising 2 a day with the weekly pattern. */
  static double truth(int d) {
    return 200 + 2.0 * d + WEEKLY[d % 7];
  }

  private static PoolDecider decider() {
    OptimizerConfig config = OptimizerMain.load(null, Map.of());
    RebalancePlanner planner = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85,
        20, 1), config.planner());
    return new PoolDecider("pool-s", config, planner, new CapacityForecaster(30, 0.8),
        new DemandLedger(0.1, 7));
  }

  private static PoolWindow window(Instant end, double ssdUsed, double memoryUsed) {
    Map<CapacityResource, ResourceUse> resources = new EnumMap<>(CapacityResource.class);
    resources.put(CapacityResource.GPU_COUNT, new ResourceUse(2, 8));
    resources.put(CapacityResource.SSD_CAPACITY_BYTES, new ResourceUse(ssdUsed, 460e12));
    resources.put(CapacityResource.GPU_MEMORY_BYTES, new ResourceUse(memoryUsed, 460e9));
    // No bandwidth in use and none installed: nothing to forecast.
    resources.put(CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND, new ResourceUse(0, 0));
    return new PoolWindow("pool-s", "c1", WindowSize.S10, end, Map.of(), 2, 8, 2, Map.of(),
        resources);
  }

  private static Instant midnight(int day) {
    return START.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Test
  void raisesADemandPerNonGpuResourceFromRestoredPeaksAndDoesNotRepeatIt() {
    PoolDecider decider = decider();
    Random noise = new Random(11);
    for (int d = 0; d < 60; d++) {
      Instant at = midnight(d).plusSeconds(15 * 3600);
      double n = noise.nextGaussian() * 0.5;
      decider.restorePeak(at, CapacityResource.SSD_CAPACITY_BYTES, (truth(d) + n) * 1e12);
      decider.restorePeak(at, CapacityResource.GPU_MEMORY_BYTES, (truth(d) + n) * 1e9);
      decider.restorePeak(at, CapacityResource.GPU_COUNT, 2);
    }

    List<FleetEvent> events = new ArrayList<>();
    // Day 59's last window, then day 60's first: day 59 is complete, the forecast runs.
    events.addAll(decider.onWindow(window(midnight(60), 100e12, 100e9)));
    List<FleetEvent> dayOne = decider.onWindow(window(midnight(60).plusSeconds(10),
        truth(60) * 1e12, truth(60) * 1e9));
    events.addAll(dayOne);
    // A day later the forecast has barely moved: the same shortfalls, not raised again.
    List<FleetEvent> dayTwo = decider.onWindow(window(midnight(61).plusSeconds(10),
        truth(61) * 1e12, truth(61) * 1e9));

    List<CapacityDemand> demands = dayOne.stream().filter(CapacityDemand.class::isInstance)
        .map(CapacityDemand.class::cast).toList();
    // Enum order; GPU_COUNT flat at 2 of 8 and NIC without capacity raise nothing.
    assertThat(demands).extracting(CapacityDemand::resource).containsExactly(
        CapacityResource.GPU_MEMORY_BYTES, CapacityResource.SSD_CAPACITY_BYTES);
    CapacityDemand ssd = demands.get(1);
    // Limit 0.8 × 460 = 368 (TB): the busy day 65 is at 360, day 72 at 374: needed by day 72.
    assertThat(ssd.neededBy()).isEqualTo(START.plusDays(72));
    assertThat(ssd.capacity()).isEqualTo(460e12);
    assertThat(ssd.pool()).isEqualTo("pool-s");
    // Highest within 30 days of day 59: day 86, 200 + 172 + 30 = 402 TB.
    assertThat(ssd.forecastPeak()).isCloseTo(402e12, within(8e12));
    assertThat(ssd.evidence().sampleCount()).isEqualTo(60);
    assertThat(demands.get(0).neededBy()).isEqualTo(START.plusDays(72));
    assertThat(demands.get(0).capacity()).isEqualTo(460e9);
    assertThat(events).noneMatch(e -> e instanceof CapacityDemand d
        && d.resource() == CapacityResource.GPU_COUNT);
    assertThat(dayTwo).noneMatch(CapacityDemand.class::isInstance);
  }
}
