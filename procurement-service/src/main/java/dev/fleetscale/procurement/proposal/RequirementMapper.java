package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.procurement.solver.CapacityRequirement;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;

/**
 * Turns a pool's open demands (one per resource, in the contract's byte and bit units) into the
 * solver's requirement (GB, TB, GB/s, Gbit/s; decimal prefixes, as vendors quote). The
 * requirement is the shortfall, and it is needed by the earliest needed-by date of the demands.
 */
final class RequirementMapper {

  private static final double GIGA = 1e9;
  private static final double TERA = 1e12;

  private RequirementMapper() {}

  static CapacityRequirement toRequirement(String pool, Collection<CapacityDemand> demands) {
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
    return new CapacityRequirement(pool, gpus, memGb, 0, ssdTb, ssdGbPerS, gbps, neededBy, null);
  }
}
