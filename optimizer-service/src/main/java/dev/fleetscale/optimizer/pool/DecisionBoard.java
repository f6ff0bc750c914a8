package dev.fleetscale.optimizer.pool;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read model behind the HTTP API: the latest 10 s window of every pool this instance owns and
 * the latest decisions. Written by the pool stage, read by HTTP handlers. Thread-safe.
 */
public final class DecisionBoard {

  private static final int KEEP_PER_POOL_AND_TYPE = 20;

  private final Map<String, PoolWindow> latest = new ConcurrentHashMap<>();
  private final Map<String, Deque<FleetEvent>> decisions = new ConcurrentHashMap<>();

  public void window(PoolWindow window) {
    latest.put(window.pool(), window);
  }

  public void decision(FleetEvent event, String pool) {
    Deque<FleetEvent> q = decisions.computeIfAbsent(pool + "|" + type(event),
        k -> new ArrayDeque<>());
    synchronized (q) {
      q.addFirst(event);
      while (q.size() > KEEP_PER_POOL_AND_TYPE) {
        q.removeLast();
      }
    }
  }

  /** Drops a pool this instance no longer owns (its partition moved to another instance). */
  public void forget(String pool) {
    latest.remove(pool);
  }

  public List<PoolWindow> pools() {
    return latest.values().stream()
        .sorted(java.util.Comparator.comparing(PoolWindow::pool)).toList();
  }

  public Optional<PoolWindow> pool(String pool) {
    return Optional.ofNullable(latest.get(pool));
  }

  /**
   * Latest decisions, newest first.
   *
   * @param pool a pool, or null for all
   * @param type "autoscale", "rebalance" or "capacity-demand", or null for all
   */
  public List<FleetEvent> decisions(String pool, String type) {
    List<FleetEvent> out = new ArrayList<>();
    decisions.forEach((key, q) -> {
      String[] parts = key.split("\\|", 2);
      if ((pool == null || parts[0].equals(pool)) && (type == null || parts[1].equals(type))) {
        synchronized (q) {
          out.addAll(q);
        }
      }
    });
    out.sort((a, b) -> b.eventTime().compareTo(a.eventTime()));
    return out;
  }

  public static String type(FleetEvent event) {
    if (event instanceof AutoscaleDecision) {
      return "autoscale";
    }
    if (event instanceof RebalancePlan) {
      return "rebalance";
    }
    if (event instanceof CapacityDemand) {
      return "capacity-demand";
    }
    return event.getClass().getSimpleName();
  }
}
