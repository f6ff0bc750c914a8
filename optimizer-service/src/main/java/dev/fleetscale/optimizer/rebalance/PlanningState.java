package dev.fleetscale.optimizer.rebalance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable working copy of a {@link FleetSnapshot} during one planning run: indexes instead of
 * ids, per-host sums kept up to date on every move so that goals evaluate a move in O(1). Not
 * thread-safe; lives for one {@link RebalancePlanner#plan} call.
 */
public final class PlanningState {

  final FleetSnapshot snapshot;
  final Host[] hosts;
  final Workload[] workloads;
  final int[] original;
  final int[] hostOf;
  final int[] gpusUsed;
  /** Sum over the host's workloads of gpus × utilization; divided by gpuCount gives percent. */
  final double[] utilizationSum;
  final double[] powerWatts;
  final double[] nicPercent;
  final double[] ssdPercent;
  final List<List<Integer>> workloadsOn;
  private final List<Map<String, Integer>> groupsOn;
  /** gang -> rack -> members there. */
  final Map<String, Map<String, Integer>> gangRacks = new HashMap<>();
  final Map<String, Integer> gangSize = new HashMap<>();
  final int[] touches;
  /** workload index -> reasons of its moves; insertion order = order of first move. */
  final Map<Integer, List<String>> moved = new LinkedHashMap<>();
  private final Map<String, Integer> hostIndex = new HashMap<>();
  private final Map<SpreadGoal, Double> means = new HashMap<>();

  PlanningState(FleetSnapshot snapshot) {
    this.snapshot = snapshot;
    hosts = snapshot.hosts().toArray(Host[]::new);
    workloads = snapshot.workloads().toArray(Workload[]::new);
    int h = hosts.length;
    gpusUsed = new int[h];
    utilizationSum = new double[h];
    powerWatts = new double[h];
    nicPercent = new double[h];
    ssdPercent = new double[h];
    touches = new int[h];
    workloadsOn = new ArrayList<>(h);
    groupsOn = new ArrayList<>(h);
    for (int i = 0; i < h; i++) {
      hostIndex.put(hosts[i].id(), i);
      powerWatts[i] = hosts[i].idlePowerWatts();
      nicPercent[i] = hosts[i].nicBaselinePercent();
      ssdPercent[i] = hosts[i].ssdBaselinePercent();
      workloadsOn.add(new ArrayList<>());
      groupsOn.add(new HashMap<>(2));
    }
    original = new int[workloads.length];
    hostOf = new int[workloads.length];
    for (int w = 0; w < workloads.length; w++) {
      int host = hostIndex.get(snapshot.placement().get(workloads[w].id()));
      original[w] = host;
      hostOf[w] = host;
      add(w, host);
      String gang = workloads[w].gang();
      if (gang != null) {
        gangSize.merge(gang, 1, Integer::sum);
      }
    }
  }

  /** A spread goal's mean, taken from the state the first time it is asked for. */
  double cachedMean(SpreadGoal goal) {
    return means.computeIfAbsent(goal, g -> g.mean(this));
  }

  int hostCount() {
    return hosts.length;
  }

  double utilizationPercent(int host) {
    return hosts[host].gpuCount() == 0 ? 0 : utilizationSum[host] / hosts[host].gpuCount();
  }

  int freeGpus(int host) {
    return hosts[host].gpuCount() - gpusUsed[host];
  }

  int groupMembersOn(int host, String group) {
    return groupsOn.get(host).getOrDefault(group, 0);
  }

  /** Rack of a host for gang purposes: its rack label, or its own id when unknown. */
  String rackOf(int host) {
    return hosts[host].rack() != null ? hosts[host].rack() : "host:" + hosts[host].id();
  }

  /** The rack most members of a gang are in (ties: the smallest name, for determinism). */
  String homeRack(String gang) {
    String best = null;
    int most = -1;
    for (var e : gangRacks.getOrDefault(gang, Map.of()).entrySet()) {
      if (e.getValue() > most || (e.getValue() == most && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }

  int moveCount() {
    return moved.size();
  }

  boolean isMoved(int workload) {
    return moved.containsKey(workload);
  }

  /** Moves a workload without recording a move: for trial evaluations that are undone. */
  void relocate(int workload, int destination) {
    int from = hostOf[workload];
    if (from != destination) {
      remove(workload, from);
      add(workload, destination);
      hostOf[workload] = destination;
    }
  }

  /** Workloads away from their original host, counted from positions. */
  int positionalMoves() {
    int n = 0;
    for (int w = 0; w < hostOf.length; w++) {
      if (hostOf[w] != original[w]) {
        n++;
      }
    }
    return n;
  }

  /** Whether the positions respect the move budgets. */
  boolean withinBudgets(int maxMoves, int maxPerHost) {
    int[] touched = new int[hosts.length];
    int moves = 0;
    for (int w = 0; w < hostOf.length; w++) {
      if (hostOf[w] != original[w]) {
        moves++;
        if (++touched[original[w]] > maxPerHost || ++touched[hostOf[w]] > maxPerHost) {
          return false;
        }
      }
    }
    return moves <= maxMoves;
  }

  /** Moves a workload and records why; moving it back home cancels its move. */
  void apply(int workload, int destination, String reason) {
    int from = hostOf[workload];
    if (from == destination) {
      return;
    }
    remove(workload, from);
    add(workload, destination);
    hostOf[workload] = destination;
    int home = original[workload];
    List<String> reasons = moved.get(workload);
    if (reasons == null) {
      touches[home]++;
      touches[destination]++;
      reasons = new ArrayList<>(1);
      reasons.add(reason);
      moved.put(workload, reasons);
    } else {
      touches[from]--;
      if (destination == home) {
        touches[home]--;
        moved.remove(workload);
      } else {
        touches[destination]++;
        reasons.add(reason);
      }
    }
  }

  private void add(int w, int host) {
    Workload workload = workloads[w];
    gpusUsed[host] += workload.gpus();
    utilizationSum[host] += workload.gpus() * workload.gpuUtilizationPercent();
    powerWatts[host] += workload.powerWatts();
    nicPercent[host] += workload.nicPercent();
    ssdPercent[host] += workload.ssdPercent();
    workloadsOn.get(host).add(w);
    if (workload.antiAffinityGroup() != null) {
      groupsOn.get(host).merge(workload.antiAffinityGroup(), 1, Integer::sum);
    }
    if (workload.gang() != null) {
      gangRacks.computeIfAbsent(workload.gang(), g -> new HashMap<>())
          .merge(rackOf(host), 1, Integer::sum);
    }
  }

  private void remove(int w, int host) {
    Workload workload = workloads[w];
    gpusUsed[host] -= workload.gpus();
    utilizationSum[host] -= workload.gpus() * workload.gpuUtilizationPercent();
    powerWatts[host] -= workload.powerWatts();
    nicPercent[host] -= workload.nicPercent();
    ssdPercent[host] -= workload.ssdPercent();
    workloadsOn.get(host).remove(Integer.valueOf(w));
    if (workload.antiAffinityGroup() != null) {
      groupsOn.get(host).merge(workload.antiAffinityGroup(), -1, Integer::sum);
    }
    if (workload.gang() != null) {
      gangRacks.get(workload.gang()).merge(rackOf(host), -1, Integer::sum);
    }
  }

  /** Host indexes sorted by a key, ascending; ties by index for determinism. */
  Integer[] hostsSortedBy(java.util.function.IntToDoubleFunction key) {
    Integer[] order = new Integer[hosts.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double[] keys = new double[hosts.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key.applyAsDouble(i);
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(keys[a], keys[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    return order;
  }
}
