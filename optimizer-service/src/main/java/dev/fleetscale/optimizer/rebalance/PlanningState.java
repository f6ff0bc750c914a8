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
  /** Per workload, from its labels once: GPU units it holds (GPUs, a fraction, slices / 7). */
  final double[] gpuShare;
  /** Share of each GPU it holds: 1 for whole GPUs. */
  final double[] fraction;
  /** MIG compute slices; 0 if not a MIG workload. */
  final int[] migSlices;
  /** Frame buffer it takes on its GPU when sharing one (fraction or MIG instance), bytes. */
  final long[] sharedMemory;
  final double[] cpuNeed;
  final long[] memoryNeed;
  final Qos[] qos;
  final int[] priority;
  /** GPU units of utilization weight: GPUs, or slices / 7 (a MIG workload's util is its slice's). */
  final double[] utilizationWeight;
  /** GPU units held by the host's workloads, whether a GPU of it fits them or not. */
  final double[] gpuDemand;
  /** GPU units of the host's workloads that no GPU of it has room for. */
  final double[] overflow;
  final double[] cpuUsed;
  final long[] memoryUsed;
  /** Per host, per GPU: share used, frame buffer taken by sharers, MIG slices used. */
  final double[][] gpuFill;
  final long[][] gpuMemoryTaken;
  final int[][] gpuSlices;
  /** The GPUs (indexes on its host) a workload holds; null if none has room (overflow). */
  final int[][] gpusOf;
  /** Sum over the host's workloads of weight × utilization; divided by gpuCount gives percent. */
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
    int n = workloads.length;
    gpuShare = new double[n];
    fraction = new double[n];
    migSlices = new int[n];
    sharedMemory = new long[n];
    cpuNeed = new double[n];
    memoryNeed = new long[n];
    qos = new Qos[n];
    priority = new int[n];
    utilizationWeight = new double[n];
    gpusOf = new int[n][];
    for (int w = 0; w < n; w++) {
      Workload wl = workloads[w];
      PlacementLabels.Needs needs = wl.needs();
      fraction[w] = needs.gpuFraction();
      if (needs.mig() != null) {
        migSlices[w] = needs.mig().slices();
        gpuShare[w] = needs.mig().gpuShare();
        sharedMemory[w] = needs.mig().memoryBytes();
        utilizationWeight[w] = gpuShare[w];
      } else {
        gpuShare[w] = wl.gpus() * needs.gpuFraction();
        sharedMemory[w] = wl.memoryBytesPerGpu();
        utilizationWeight[w] = wl.gpus();
      }
      cpuNeed[w] = needs.cpuCores();
      memoryNeed[w] = needs.memoryBytes();
      qos[w] = needs.qos();
      priority[w] = needs.priority();
    }
    gpuDemand = new double[h];
    overflow = new double[h];
    cpuUsed = new double[h];
    memoryUsed = new long[h];
    gpuFill = new double[h][];
    gpuMemoryTaken = new long[h][];
    gpuSlices = new int[h][];
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
      gpuFill[i] = new double[hosts[i].gpuCount()];
      gpuMemoryTaken[i] = new long[hosts[i].gpuCount()];
      gpuSlices[i] = new int[hosts[i].gpuCount()];
    }
    original = new int[workloads.length];
    hostOf = new int[workloads.length];
    // Whole-GPU workloads take their GPUs first, then MIG instances, then fractions, each
    // largest first: the order a scheduler packs in, so that what overflows is the small change.
    Integer[] packing = new Integer[n];
    for (int w = 0; w < n; w++) {
      packing[w] = w;
    }
    Arrays.sort(packing, (a, b) -> {
      int c = Integer.compare(kind(a), kind(b));
      return c != 0 ? c : Double.compare(gpuShare[b], gpuShare[a]);
    });
    for (int w : packing) {
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

  /** 0 whole GPUs, 1 MIG instance, 2 fraction of a shared GPU. */
  private int kind(int w) {
    return migSlices[w] > 0 ? 1 : fraction[w] < 1 ? 2 : 0;
  }

  /** Whether no GPU of the host has any room: every share, or every MIG slice, is taken. */
  boolean allGpusFull(int host) {
    Host h = hosts[host];
    for (int g = 0; g < gpuFill[host].length; g++) {
      boolean full = g < h.migGpus() ? gpuSlices[host][g] >= MigProfile.SLICES_PER_GPU
          : gpuFill[host][g] >= 1 - MoveGate.EPSILON;
      if (!full) {
        return false;
      }
    }
    return true;
  }

  /** Whether a GPU of the host has room for the workload now (it is not counted there). */
  boolean fitsOn(int w, int host) {
    return pickGpus(w, host) != null;
  }

  /**
   * The GPUs the workload would take on the host: best fit for a sharer (the fullest GPU with
   * room, so whole GPUs stay free), the lowest free ones for whole GPUs; null if none has room.
   */
  private int[] pickGpus(int w, int host) {
    Host h = hosts[host];
    double[] fill = gpuFill[host];
    if (migSlices[w] > 0) {
      int best = -1;
      for (int g = 0; g < h.migGpus(); g++) {
        if (gpuSlices[host][g] + migSlices[w] <= MigProfile.SLICES_PER_GPU
            && gpuMemoryTaken[host][g] + sharedMemory[w] <= h.gpuMemoryBytes()
            && (best < 0 || gpuSlices[host][g] > gpuSlices[host][best])) {
          best = g;
        }
      }
      return best < 0 ? null : new int[] {best};
    }
    if (fraction[w] < 1) {
      int best = -1;
      for (int g = h.migGpus(); g < fill.length; g++) {
        if (fill[g] + fraction[w] <= 1 + MoveGate.EPSILON
            && gpuMemoryTaken[host][g] + sharedMemory[w] <= h.gpuMemoryBytes()
            && (best < 0 || fill[g] > fill[best])) {
          best = g;
        }
      }
      return best < 0 ? null : new int[] {best};
    }
    int need = workloads[w].gpus();
    int[] picked = null;
    int found = 0;
    for (int g = h.migGpus(); g < fill.length && found < need; g++) {
      if (fill[g] <= MoveGate.EPSILON) {
        if (picked == null) {
          picked = new int[need];
        }
        picked[found++] = g;
      }
    }
    return found == need ? picked : null;
  }

  private void take(int w, int host, int[] gpus) {
    for (int g : gpus) {
      gpuFill[host][g] += fraction[w];
      gpuSlices[host][g] += migSlices[w];
      if (fraction[w] < 1 || migSlices[w] > 0) {
        gpuMemoryTaken[host][g] += sharedMemory[w];
      }
    }
  }

  private void release(int w, int host, int[] gpus) {
    for (int g : gpus) {
      gpuFill[host][g] = Math.max(0, gpuFill[host][g] - fraction[w]);
      gpuSlices[host][g] -= migSlices[w];
      if (fraction[w] < 1 || migSlices[w] > 0) {
        gpuMemoryTaken[host][g] -= sharedMemory[w];
      }
    }
  }

  /** Gives GPUs to the host's overflowing workloads that now fit (after a move freed room). */
  private void refit(int host) {
    if (overflow[host] <= MoveGate.EPSILON) {
      return;
    }
    for (int w : workloadsOn.get(host)) {
      if (gpusOf[w] == null) {
        int[] gpus = pickGpus(w, host);
        if (gpus != null) {
          take(w, host, gpus);
          gpusOf[w] = gpus;
          overflow[host] -= gpuShare[w];
        }
      }
    }
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

  /**
   * Moves a workload without recording a move: for trial evaluations, undone by moving back and
   * {@link GpuMark#restore}: a GPU freed by a move goes to an overflowing workload there, so
   * moving back alone need not give every workload its old GPUs.
   */
  void relocate(int workload, int destination) {
    int from = hostOf[workload];
    if (from != destination) {
      remove(workload, from);
      add(workload, destination);
      hostOf[workload] = destination;
      refit(from);
    }
  }

  /** The GPU assignment of two hosts, saved before a trial. */
  GpuMark mark(int a, int b) {
    return new GpuMark(this, a, b);
  }

  /** Saved GPU assignment of two hosts and their workloads. */
  static final class GpuMark {
    private final PlanningState s;
    private final int[] hosts;
    private final double[][] fill;
    private final long[][] memory;
    private final int[][] slices;
    private final double[] overflow;
    private final int[] workloads;
    private final int[][] gpus;

    private GpuMark(PlanningState s, int a, int b) {
      this.s = s;
      hosts = a == b ? new int[] {a} : new int[] {a, b};
      fill = new double[hosts.length][];
      memory = new long[hosts.length][];
      slices = new int[hosts.length][];
      overflow = new double[hosts.length];
      int n = 0;
      for (int i = 0; i < hosts.length; i++) {
        fill[i] = s.gpuFill[hosts[i]].clone();
        memory[i] = s.gpuMemoryTaken[hosts[i]].clone();
        slices[i] = s.gpuSlices[hosts[i]].clone();
        overflow[i] = s.overflow[hosts[i]];
        n += s.workloadsOn.get(hosts[i]).size();
      }
      workloads = new int[n];
      gpus = new int[n][];
      int k = 0;
      for (int h : hosts) {
        for (int w : s.workloadsOn.get(h)) {
          workloads[k] = w;
          gpus[k++] = s.gpusOf[w];
        }
      }
    }

    /** Restores the assignment; every workload must be back where it was when marked. */
    void restore() {
      for (int i = 0; i < hosts.length; i++) {
        System.arraycopy(fill[i], 0, s.gpuFill[hosts[i]], 0, fill[i].length);
        System.arraycopy(memory[i], 0, s.gpuMemoryTaken[hosts[i]], 0, memory[i].length);
        System.arraycopy(slices[i], 0, s.gpuSlices[hosts[i]], 0, slices[i].length);
        s.overflow[hosts[i]] = overflow[i];
      }
      for (int k = 0; k < workloads.length; k++) {
        s.gpusOf[workloads[k]] = gpus[k];
      }
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
    relocate(workload, destination);
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
    gpuDemand[host] += gpuShare[w];
    cpuUsed[host] += cpuNeed[w];
    memoryUsed[host] += memoryNeed[w];
    int[] gpus = pickGpus(w, host);
    gpusOf[w] = gpus;
    if (gpus == null) {
      overflow[host] += gpuShare[w];
    } else {
      take(w, host, gpus);
    }
    utilizationSum[host] += utilizationWeight[w] * workload.gpuUtilizationPercent();
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
    gpuDemand[host] -= gpuShare[w];
    cpuUsed[host] -= cpuNeed[w];
    memoryUsed[host] -= memoryNeed[w];
    if (gpusOf[w] == null) {
      overflow[host] -= gpuShare[w];
    } else {
      release(w, host, gpusOf[w]);
      gpusOf[w] = null;
    }
    utilizationSum[host] -= utilizationWeight[w] * workload.gpuUtilizationPercent();
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
