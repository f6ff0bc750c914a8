package dev.fleetscale.optimizer.rebalance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The goals configuration can name ({@code rebalance.goals}), in the order given: the order is the
 * priority. Hard goals must come first.
 *
 * @param utilizationBand GPU utilization band, percentage points
 * @param powerHeadroom share of the power limit to keep free, [0, 1)
 * @param hotCelsius temperature from which a host counts as hot
 * @param ioBand NIC and SSD band, percentage points
 * @param costPerMove score points each move costs
 * @param pointsPerHostFreed score points one host freed by consolidation is worth
 */
public record GoalCatalog(double utilizationBand, double powerHeadroom, int hotCelsius,
    double ioBand, double costPerMove, double pointsPerHostFreed) {

  /** The default order; ConsolidationGoal is off unless named. */
  public static final List<String> DEFAULT_ORDER = List.of("HealthyHostsGoal", "GpuCountGoal",
      "GpuMemoryGoal", "HostCpuGoal", "HostMemoryGoal", "AntiAffinityGoal", "GangGoal",
      "GpuUtilizationSpreadGoal", "PowerHeadroomGoal", "NicUtilizationSpreadGoal",
      "SsdUtilizationSpreadGoal", "FewestMovesGoal");

  private Map<String, Function<GoalCatalog, Goal>> factories() {
    Map<String, Function<GoalCatalog, Goal>> f = new LinkedHashMap<>();
    f.put("HealthyHostsGoal", c -> new HealthyHostsGoal());
    f.put("GpuCountGoal", c -> new GpuCountGoal());
    f.put("GpuMemoryGoal", c -> new GpuMemoryGoal());
    f.put("HostCpuGoal", c -> new HostCpuGoal());
    f.put("HostMemoryGoal", c -> new HostMemoryGoal());
    f.put("AntiAffinityGoal", c -> new AntiAffinityGoal());
    f.put("GangGoal", c -> new GangGoal());
    f.put("ConsolidationGoal", c -> new ConsolidationGoal(c.pointsPerHostFreed));
    f.put("GpuUtilizationSpreadGoal", c -> new GpuUtilizationSpreadGoal(c.utilizationBand, 1.0));
    f.put("PowerHeadroomGoal", c -> new PowerHeadroomGoal(c.powerHeadroom, c.hotCelsius, 0.1));
    f.put("NicUtilizationSpreadGoal", c -> new NicUtilizationSpreadGoal(c.ioBand, 0.5));
    f.put("SsdUtilizationSpreadGoal", c -> new SsdUtilizationSpreadGoal(c.ioBand, 0.5));
    f.put("FewestMovesGoal", c -> new FewestMovesGoal(c.costPerMove));
    return f;
  }

  /** Every name configuration may use. */
  public Set<String> names() {
    return factories().keySet();
  }

  /**
   * The goals named, in that order.
   *
   * @throws IllegalArgumentException for an unknown or repeated name, or a hard goal after a soft
   *     one; the message names the goal and the rule
   */
  public List<Goal> goals(List<String> order) {
    Map<String, Function<GoalCatalog, Goal>> factories = factories();
    List<Goal> out = new ArrayList<>(order.size());
    Set<String> seen = new HashSet<>();
    for (String name : order) {
      Function<GoalCatalog, Goal> factory = factories.get(name);
      if (factory == null) {
        throw new IllegalArgumentException("rebalance.goals: unknown goal '" + name + "'; known: "
            + String.join(", ", factories.keySet()));
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("rebalance.goals: " + name + " is listed twice");
      }
      out.add(factory.apply(this));
    }
    boolean soft = false;
    for (Goal g : out) {
      if (g.hard() && soft) {
        throw new IllegalArgumentException("rebalance.goals: hard goal " + g.name()
            + " is listed after a soft goal; hard goals must come first");
      }
      soft |= !g.hard();
    }
    return out;
  }
}
