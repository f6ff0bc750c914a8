package dev.fleetscale.procurement.solver;

import dev.fleetscale.procurement.catalog.CloudGpuOffer;
import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.catalog.NetworkOption;
import dev.fleetscale.procurement.catalog.Pricing;
import dev.fleetscale.procurement.catalog.SiteConstraints;
import dev.fleetscale.procurement.catalog.SsdOption;
import java.time.LocalDate;
import java.util.List;

/** Hand-built catalogs for solver tests. */
final class TestCatalogs {

  static final LocalDate TODAY = LocalDate.of(2026, 1, 5);

  private TestCatalogs() {}

  static GpuServer leasedServer(String sku, String model, int gpus, double kw, int ru,
      double perHour, int leadDays) {
    return new GpuServer(sku, model, gpus, 80, 989, kw, ru,
        new Pricing(null, perHour, leadDays));
  }

  static GpuServer boughtServer(String sku, String model, int gpus, double kw, int ru,
      double capex, Double lease, int leadDays) {
    return new GpuServer(sku, model, gpus, 80, 989, kw, ru, new Pricing(capex, lease, leadDays));
  }

  static SsdOption leasedSsd(String sku, double tb, double perHour) {
    return new SsdOption(sku, tb, 7, 4, 0, 0, new Pricing(null, perHour, 0));
  }

  static NetworkOption leasedNetwork(String sku, int ports, double gbpsPerPort, double perHour) {
    return new NetworkOption(sku, ports, gbpsPerPort, 0, 0, new Pricing(null, perHour, 0));
  }

  static SiteConstraints site(double kw, int ru, double budget) {
    return new SiteConstraints(SiteConstraints.ANY_POOL, kw, ru, budget);
  }

  static HardwareCatalog catalog(List<GpuServer> servers, List<SsdOption> ssds,
      List<NetworkOption> networks, List<CloudGpuOffer> cloud, SiteConstraints site) {
    return new HardwareCatalog("test", servers, ssds, networks, cloud, List.of(site));
  }

  static CapacityRequirement gpus(int n, LocalDate neededBy) {
    return new CapacityRequirement("train", n, 0, 0, 0, 0, 0, neededBy, null);
  }
}
