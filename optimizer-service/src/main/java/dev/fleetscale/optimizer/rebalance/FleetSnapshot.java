package dev.fleetscale.optimizer.rebalance;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable picture of one pool: its hosts, its workloads and where each workload runs.
 *
 * @param pool the pool
 * @param asOf the end of the window the snapshot was built from
 * @param hosts every host, ids unique
 * @param workloads every workload, ids unique
 * @param placement workload id to host id, one entry per workload
 */
public record FleetSnapshot(
    String pool, Instant asOf, List<Host> hosts, List<Workload> workloads,
    Map<String, String> placement) {

  public FleetSnapshot {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(asOf, "asOf");
    hosts = List.copyOf(hosts);
    workloads = List.copyOf(workloads);
    placement = Map.copyOf(placement);
    var hostIds = new HashSet<String>();
    for (Host h : hosts) {
      if (!hostIds.add(h.id())) {
        throw new IllegalArgumentException("duplicate host " + h.id());
      }
    }
    var workloadIds = new HashSet<String>();
    for (Workload w : workloads) {
      if (!workloadIds.add(w.id())) {
        throw new IllegalArgumentException("duplicate workload " + w.id());
      }
      String host = placement.get(w.id());
      if (host == null || !hostIds.contains(host)) {
        throw new IllegalArgumentException("workload " + w.id() + " is placed on unknown host "
            + host);
      }
    }
  }

  public int totalGpus() {
    return hosts.stream().mapToInt(Host::gpuCount).sum();
  }
}
