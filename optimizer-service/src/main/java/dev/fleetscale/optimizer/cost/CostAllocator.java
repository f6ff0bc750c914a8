package dev.fleetscale.optimizer.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a closed {@link HostCostWindow} into {@link CostRow}s (docs/cost.md, Allocation). Each
 * part's cost is rounded once per GPU (to the micro-dollar, half-even) and then split exactly
 * ({@link Shares}) among the GPU's holders by time held, energy by energy drawn, and the idle
 * row takes the rest; the host's SSD and network share is split over its GPUs by time observed
 * first. So for every window, Σ workload rows + Σ idle rows = Σ over GPUs of their rounded cost:
 * the fleet total, to the micro-dollar. Stateless.
 */
public final class CostAllocator {

  private static final BigDecimal US_PER_HOUR = BigDecimal.valueOf(3_600_000_000L);
  /** Millijoules per kWh. */
  private static final BigDecimal MJ_PER_KWH = BigDecimal.valueOf(3_600_000_000L);

  private CostAllocator() {}

  public static List<CostRow> allocate(HostCostWindow w, HostRates rates) {
    List<CostRow> rows = new ArrayList<>();
    long hostPart = micro(rates.ssdPerDiskHour().multiply(BigDecimal.valueOf(w.disks))
        .add(rates.networkPerHostHour()), w.hostUs, US_PER_HOUR);
    if (w.gpus.isEmpty()) {
      if (w.hostUs > 0) {
        rows.add(row(w, CostRow.NO_GPU, CostRow.IDLE, null, 0, 0, 0, 0, 0, 0, 0,
            hostShareSsd(rates, w, hostPart), hostPart - hostShareSsd(rates, w, hostPart), 0,
            rates.source()));
      }
      return rows;
    }
    List<Integer> indexes = new ArrayList<>(w.gpus.keySet());
    long[] observed = new long[indexes.size()];
    for (int i = 0; i < indexes.size(); i++) {
      observed[i] = w.gpus.get(indexes.get(i)).observedUs;
    }
    long[] hostShares = Shares.split(hostPart, observed);
    for (int i = 0; i < indexes.size(); i++) {
      HostCostWindow.Gpu gpu = w.gpus.get(indexes.get(i));
      String gpuTag = Integer.toString(indexes.get(i));
      long gpuCost = micro(rates.gpuPerGpuHour(), gpu.observedUs, US_PER_HOUR);
      long energyTotal = gpu.unallocatedEnergyMj;
      for (HostCostWindow.Hold h : gpu.holds.values()) {
        energyTotal += h.energyMj;
      }
      long energyCost = micro(rates.energyPerKwh(), energyTotal, MJ_PER_KWH);
      // Holders in id order, the idle slot last (Shares gives it everything when nobody held).
      List<Map.Entry<String, HostCostWindow.Hold>> holds = new ArrayList<>(gpu.holds.entrySet());
      long[] time = new long[holds.size() + 1];
      long[] energy = new long[holds.size() + 1];
      for (int k = 0; k < holds.size(); k++) {
        time[k] = holds.get(k).getValue().heldUs;
        energy[k] = holds.get(k).getValue().energyMj;
      }
      time[holds.size()] = gpu.unallocatedUs;
      energy[holds.size()] = gpu.unallocatedEnergyMj;
      long[] gpuParts = Shares.split(gpuCost, time);
      long[] energyParts = Shares.split(energyCost, energy);
      long ssdOfGpu = hostShareSsd(rates, w, hostShares[i]);
      long[] ssdParts = Shares.split(ssdOfGpu, time);
      long[] networkParts = Shares.split(hostShares[i] - ssdOfGpu, time);
      for (int k = 0; k < holds.size(); k++) {
        HostCostWindow.Hold h = holds.get(k).getValue();
        rows.add(row(w, gpuTag, holds.get(k).getKey(), w.workloads.get(holds.get(k).getKey()),
            h.heldUs, h.usedUs, h.idleHeldUs, 0, h.unmeasuredUs, h.energyMj, gpuParts[k],
            ssdParts[k], networkParts[k], energyParts[k], rates.source()));
      }
      int idle = holds.size();
      if (gpu.unallocatedUs > 0 || gpuParts[idle] + ssdParts[idle] + networkParts[idle]
          + energyParts[idle] > 0) {
        rows.add(row(w, gpuTag, CostRow.IDLE, null, 0, 0, 0, gpu.unallocatedUs, 0,
            gpu.unallocatedEnergyMj, gpuParts[idle], ssdParts[idle], networkParts[idle],
            energyParts[idle], rates.source()));
      }
    }
    return rows;
  }

  /**
   * The SSD part of a host-level share (the rest is network), in proportion to the two rates;
   * floor, so the two parts add up to the share exactly.
   */
  private static long hostShareSsd(HostRates rates, HostCostWindow w, long share) {
    BigDecimal ssd = rates.ssdPerDiskHour().multiply(BigDecimal.valueOf(w.disks));
    BigDecimal both = ssd.add(rates.networkPerHostHour());
    if (both.signum() == 0) {
      return 0;
    }
    return BigDecimal.valueOf(share).multiply(ssd).divide(both, 0, RoundingMode.FLOOR)
        .longValueExact();
  }

  /** rate (µ$ per unit) × amount / unitsPerAmount, to the nearest micro-dollar, half-even. */
  static long micro(BigDecimal ratePerUnit, long amount, BigDecimal amountPerUnit) {
    return ratePerUnit.multiply(BigDecimal.valueOf(amount))
        .divide(amountPerUnit, 0, RoundingMode.HALF_EVEN).longValueExact();
  }

  private static CostRow row(HostCostWindow w, String gpu, String workload,
      HostCostWindow.WorkloadInfo info, long allocated, double used, long idleAllocated,
      long unallocated, long unmeasured, long energyMj, long gpuCost, long ssdCost,
      long networkCost, long energyCost, String source) {
    return new CostRow(w.end, w.cluster, w.pool, w.host, gpu, workload,
        info == null ? null : info.kind(), info == null ? null : info.name(),
        info == null ? null : info.labels(), allocated, used, idleAllocated, unallocated,
        unmeasured, energyMj, gpuCost, ssdCost, networkCost, energyCost, source);
  }
}
