package dev.fleetscale.procurement.solver;

import dev.fleetscale.contracts.procurement.HardwareCategory;
import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.catalog.NetworkOption;
import dev.fleetscale.procurement.catalog.Pricing;
import dev.fleetscale.procurement.catalog.SsdOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One decision variable of the program: a catalog SKU acquired one way. Immutable.
 *
 * @param gpuModel the GPU model for servers, {@code null} otherwise
 * @param costPerHour cost of one unit per hour: the lease price, or the capex spread evenly over
 *     the horizon
 * @param unitCapex capex of one unit, 0 when leased
 * @param supply what one unit adds of each resource, indexed by {@link Resource#ordinal()}
 * @param server the catalog server, for the per-GPU requirements; {@code null} for storage and
 *     network
 */
public record Candidate(
    String sku,
    HardwareCategory category,
    String gpuModel,
    Acquisition acquisition,
    double costPerHour,
    double unitCapex,
    int leadTimeDays,
    double powerKw,
    int rackUnits,
    double[] supply,
    GpuServer server) {

  public double supplies(Resource r) {
    return supply[r.ordinal()];
  }

  /** Every way of acquiring every SKU of the catalog, hourly costs over {@code horizonHours}. */
  public static List<Candidate> from(HardwareCatalog catalog, double horizonHours) {
    List<Candidate> out = new ArrayList<>();
    for (GpuServer s : catalog.servers()) {
      double[] supply = new double[Resource.values().length];
      supply[Resource.GPU_COUNT.ordinal()] = s.gpusPerServer();
      supply[Resource.GPU_MEMORY.ordinal()] = s.gpusPerServer() * s.gpuMemoryGb();
      supply[Resource.GPU_COMPUTE.ordinal()] = s.gpusPerServer() * s.bf16Tflops();
      add(out, s.sku(), HardwareCategory.COMPUTE, s.gpuModel(), s.pricing(), s.powerKw(),
          s.rackUnits(), supply, horizonHours, s);
    }
    for (SsdOption d : catalog.ssds()) {
      double[] supply = new double[Resource.values().length];
      supply[Resource.SSD_CAPACITY.ordinal()] = d.capacityTb();
      supply[Resource.SSD_BANDWIDTH.ordinal()] = d.readGbPerS();
      add(out, d.sku(), HardwareCategory.STORAGE, null, d.pricing(), d.powerKw(), d.rackUnits(),
          supply, horizonHours, null);
    }
    for (NetworkOption n : catalog.networks()) {
      double[] supply = new double[Resource.values().length];
      supply[Resource.NETWORK_BANDWIDTH.ordinal()] = n.gbps();
      add(out, n.sku(), HardwareCategory.NETWORK, null, n.pricing(), n.powerKw(), n.rackUnits(),
          supply, horizonHours, null);
    }
    return out;
  }

  private static void add(List<Candidate> out, String sku, HardwareCategory category,
      String model, Pricing p, double powerKw, int rackUnits, double[] supply,
      double horizonHours, GpuServer server) {
    if (p.buyable()) {
      out.add(new Candidate(sku, category, model, Acquisition.BUY, p.capexUsd() / horizonHours,
          p.capexUsd(), p.leadTimeDays(), powerKw, rackUnits, supply, server));
    }
    if (p.leasable()) {
      out.add(new Candidate(sku, category, model, Acquisition.LEASE, p.leaseUsdPerHour(), 0,
          p.leadTimeDays(), powerKw, rackUnits, supply, server));
    }
  }
}
