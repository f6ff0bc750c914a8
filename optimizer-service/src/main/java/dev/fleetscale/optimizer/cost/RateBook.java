package dev.fleetscale.optimizer.cost;

import dev.fleetscale.optimizer.cost.CostSettings.Acquisition;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices each host from the catalog and the configuration (docs/cost.md, Rates), per pool in
 * this order: a configured all-in price per GPU-hour; the pool's configured server SKU; the
 * catalog server (or, for CLOUD, the cloud offer) whose GPU model the host's GPUs name. A host
 * nothing prices costs 0 and says so in its {@code rate_source} ("unpriced"). Resolutions are
 * cached per (pool, GPU name, GPUs, disks). Not thread-safe: one per host stage.
 */
public final class RateBook {

  /** Hours in a year of 365 days, the amortization convention of procurement's TCO. */
  static final BigDecimal HOURS_PER_YEAR = BigDecimal.valueOf(8760);
  private static final MathContext EXACT_ENOUGH = new MathContext(24);

  private final CostSettings settings;
  private final CostCatalog catalog;
  private final Map<String, HostRates> cache = new HashMap<>();

  public RateBook(CostSettings settings, CostCatalog catalog) {
    this.settings = settings;
    this.catalog = catalog;
  }

  /**
   * The rate book of {@code settings}: the catalog file read (none configured: an empty catalog)
   * and every configured SKU checked, so a typo stops the start naming the key.
   */
  public static RateBook load(CostSettings settings) {
    try {
      CostCatalog catalog = settings.catalogPath() == null ? CostCatalog.empty()
          : CostCatalog.read(settings.catalogPath());
      RateBook book = new RateBook(settings, catalog);
      book.validate();
      return book;
    } catch (IllegalArgumentException e) {
      throw new dev.fleetscale.runtime.config.ConfigException(e.getMessage(), e);
    }
  }

  /** The rates of a host of {@code pool} with {@code gpus} GPUs named {@code gpuName}. */
  public HostRates ratesFor(String pool, String gpuName, int gpus, int disks) {
    return cache.computeIfAbsent(pool + '\u0000' + gpuName + '\u0000' + gpus + '\u0000' + disks,
        k -> resolve(pool, gpuName, gpus, disks));
  }

  private HostRates resolve(String pool, String gpuName, int gpus, int disks) {
    Acquisition how = settings.acquisition(pool);
    BigDecimal energy = how == Acquisition.CLOUD ? BigDecimal.ZERO
        : settings.usdPerKwh(pool).multiply(settings.pue()).multiply(HostRates.MICRO);
    BigDecimal ssd = how == Acquisition.CLOUD ? BigDecimal.ZERO : ssdPerDisk(how);
    BigDecimal network = how == Acquisition.CLOUD ? BigDecimal.ZERO : networkPerHost(how);
    BigDecimal override = settings.usdPerGpuHourByPool().get(pool);
    if (override != null) {
      return new HostRates(override.multiply(HostRates.MICRO), ssd, network, energy,
          "config:usdPerGpuHourByPool");
    }
    if (how == Acquisition.CLOUD) {
      return catalog.cloudFor(gpuName)
          .map(c -> new HostRates(c.usdPerGpuHour().multiply(HostRates.MICRO), ssd, network,
              energy, "catalog:" + c.sku() + ":CLOUD"))
          .orElseGet(() -> unpriced(ssd, network, energy));
    }
    String sku = settings.serverSkuByPool().get(pool);
    Optional<CostCatalog.Server> server = sku != null ? catalog.server(sku)
        : catalog.serverFor(gpuName, gpus);
    if (server.isEmpty()) {
      return unpriced(ssd, network, energy);
    }
    CostCatalog.Server s = server.get();
    BigDecimal perServerHour = hourly(how, s.capexUsd(), s.leaseUsdPerHour());
    return new HostRates(perServerHour.multiply(HostRates.MICRO)
        .divide(BigDecimal.valueOf(s.gpusPerServer()), EXACT_ENOUGH), ssd, network, energy,
        "catalog:" + s.sku() + ":" + how);
  }

  private static HostRates unpriced(BigDecimal ssd, BigDecimal network, BigDecimal energy) {
    return new HostRates(BigDecimal.ZERO, ssd, network, energy, "unpriced");
  }

  /**
   * Dollars per unit-hour: OWNED amortizes capex over the configured life, LEASED pays the lease;
   * each falls back to the other where the catalog lists only one.
   */
  private BigDecimal hourly(Acquisition how, BigDecimal capex, BigDecimal lease) {
    BigDecimal amortized = capex == null ? null
        : capex.divide(settings.ownedLifeYears().multiply(HOURS_PER_YEAR), EXACT_ENOUGH);
    if (how == Acquisition.LEASED) {
      return lease != null ? lease : amortized;
    }
    return amortized != null ? amortized : lease;
  }

  private BigDecimal ssdPerDisk(Acquisition how) {
    if (settings.ssdSku() == null) {
      return BigDecimal.ZERO;
    }
    CostCatalog.Ssd ssd = catalog.ssd(settings.ssdSku()).orElseThrow(() ->
        new IllegalArgumentException("cost.ssdSku: no SSD '" + settings.ssdSku()
            + "' in the catalog"));
    return hourly(how, ssd.capexUsd(), ssd.leaseUsdPerHour()).multiply(HostRates.MICRO);
  }

  private BigDecimal networkPerHost(Acquisition how) {
    if (settings.networkSku() == null) {
      return BigDecimal.ZERO;
    }
    CostCatalog.Network n = catalog.network(settings.networkSku()).orElseThrow(() ->
        new IllegalArgumentException("cost.networkSku: no network '" + settings.networkSku()
            + "' in the catalog"));
    return hourly(how, n.capexUsd(), n.leaseUsdPerHour()).multiply(HostRates.MICRO)
        .divide(BigDecimal.valueOf(settings.hostsPerSwitch()), EXACT_ENOUGH);
  }

  /** Checks the configured SKUs exist, at start, so a typo stops the optimizer with the key. */
  public void validate() {
    ssdPerDisk(Acquisition.OWNED);
    networkPerHost(Acquisition.OWNED);
    settings.serverSkuByPool().forEach((pool, sku) -> {
      if (catalog.server(sku).isEmpty()) {
        throw new IllegalArgumentException("cost.serverSkuByPool." + pool + ": no server '" + sku
            + "' in the catalog");
      }
    });
  }
}
