package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.UnitRequirements;
import dev.fleetscale.procurement.solver.CapacityRequirement;
import dev.fleetscale.procurement.solver.UnitRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;

/**
 * Turns a pool's open demands (one per resource, in the contract's byte and bit units) into the
 * solver's requirement (GB, TB, GB/s, Gbit/s; decimal prefixes, as vendors quote). The
 * requirement is the shortfall, and it is needed by the earliest needed-by date of the demands;
 * the demands' per-unit requirements travel with it (memory per GPU in GB, fabric in Gbit/s).
 */
public final class RequirementMapper {

  private static final double GIGA = 1e9;
  private static final double TERA = 1e12;
  /**
   * Bytes per catalog GB of memory on one GPU: vendors' "80 GB" and "141 GB" are binary (an H100
   * 80 GB reports 81,559 MiB through NVML, 79.6 GiB), so a per-GPU figure from telemetry is read
   * in GiB; a decimal reading would put 85.5 "GB" on an 80 GB GPU and rule out the GPU it ran on.
   */
  private static final double GPU_GB = 1L << 30;

  private RequirementMapper() {}

  public static CapacityRequirement toRequirement(String pool, Collection<CapacityDemand> demands) {
    int gpus = 0;
    double memGb = 0;
    double ssdTb = 0;
    double ssdGbPerS = 0;
    double gbps = 0;
    for (CapacityDemand d : demands) {
      double shortfall = Math.max(0, d.shortfall());
      switch (d.resource()) {
        case GPU_COUNT -> gpus = Math.max(gpus, (int) Math.ceil(shortfall - 1e-9));
        case GPU_MEMORY_BYTES -> memGb = Math.max(memGb, shortfall / GIGA);
        case SSD_CAPACITY_BYTES -> ssdTb = Math.max(ssdTb, shortfall / TERA);
        case SSD_BANDWIDTH_BYTES_PER_SECOND -> ssdGbPerS = Math.max(ssdGbPerS, shortfall / GIGA);
        case NIC_BANDWIDTH_BITS_PER_SECOND -> gbps = Math.max(gbps, shortfall / GIGA);
      }
    }
    LocalDate neededBy = demands.stream().map(CapacityDemand::neededBy)
        .min(Comparator.naturalOrder()).orElseThrow();
    return new CapacityRequirement(pool, gpus, memGb, 0, ssdTb, ssdGbPerS, gbps, neededBy, null,
        perGpu(demands));
  }

  /**
   * The demands' per-unit requirements in the solver's units, merged: the highest of each
   * minimum, the first reference model and accepted-model list (the GPU count demand's first,
   * since a count is what the reference model counts), the sources of all. Null when no demand
   * carries any.
   */
  static UnitRequirement perGpu(Collection<CapacityDemand> demands) {
    List<UnitRequirements> all = demands.stream()
        .sorted(Comparator.comparing((CapacityDemand d) -> d.resource() != CapacityResource.GPU_COUNT))
        .map(CapacityDemand::unitRequirements).filter(u -> u != null).toList();
    if (all.isEmpty()) {
      return null;
    }
    String ref = null;
    Double refMem = null;
    Double mem = null;
    Double bf16 = null;
    Double fp8 = null;
    Integer nvlink = null;
    Double fabric = null;
    List<String> accepted = null;
    Map<String, String> sources = new LinkedHashMap<>();
    for (UnitRequirements u : all) {
      ref = ref != null ? ref : u.referenceGpuModel();
      refMem = refMem != null ? refMem : scaled(u.referenceMemoryBytesPerGpu(), GPU_GB);
      mem = max(mem, scaled(u.minMemoryBytesPerGpu(), GPU_GB));
      bf16 = max(bf16, u.minBf16TflopsPerGpu());
      fp8 = max(fp8, u.minFp8TflopsPerGpu());
      if (u.minNvlinkDomainGpus() != null) {
        nvlink = nvlink == null ? u.minNvlinkDomainGpus()
            : Integer.valueOf(Math.max(nvlink, u.minNvlinkDomainGpus()));
      }
      fabric = max(fabric, scaled(u.minFabricBitsPerSecondPerGpu(), GIGA));
      if (accepted == null && u.acceptedGpuModels() != null && !u.acceptedGpuModels().isEmpty()) {
        accepted = u.acceptedGpuModels();
      }
      if (u.sources() != null) {
        u.sources().forEach((k, v) -> sources.putIfAbsent(solverName(k), v));
      }
    }
    return new UnitRequirement(ref, refMem, mem, bf16, fp8, nvlink, fabric, accepted, sources);
  }

  /** The solver's name of a contract field, so a source names the requirement it explains. */
  private static String solverName(String contractField) {
    return switch (contractField) {
      case "min_memory_bytes_per_gpu" -> "min_memory_gb_per_gpu";
      case "reference_memory_bytes_per_gpu" -> "reference_memory_gb";
      case "min_fabric_bits_per_second_per_gpu" -> "min_fabric_gbps_per_gpu";
      default -> contractField;
    };
  }

  private static Double scaled(Double v, double unit) {
    return v == null ? null : v / unit;
  }

  private static Double max(Double a, Double b) {
    if (a == null || b == null) {
      return a == null ? b : a; // not a ternary on Double and double: it would unbox a null
    }
    return Math.max(a, b);
  }
}
