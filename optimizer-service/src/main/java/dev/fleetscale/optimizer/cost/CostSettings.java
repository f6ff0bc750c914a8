package dev.fleetscale.optimizer.cost;

import dev.fleetscale.runtime.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code cost} section of the optimizer's configuration (optimizer.defaults.yaml lists and
 * explains every key). Prices are BigDecimal so that a configured $0.12/kWh is exactly 120,000
 * micro-dollars, not the nearest double. Immutable; every error names the key.
 *
 * @param enabled allocate costs at all (off: no {@code cost_allocation} points)
 * @param catalogPath the procurement catalog YAML (null: none; only overrides price hosts)
 * @param acquisition how hosts are held unless a pool says otherwise
 * @param ownedLifeYears amortization life of owned hardware, years
 * @param usdPerKwh electricity price, dollars per kWh
 * @param pue power usage effectiveness: facility energy per GPU energy (1.0: GPUs only)
 * @param ssdSku catalog SSD priced per whole disk a host reports (null: SSDs in the server price)
 * @param networkSku catalog network switch a host's share of is priced (null: not priced)
 * @param hostsPerSwitch hosts sharing one switch of {@code networkSku}
 * @param serverSkuByPool per pool: the catalog server its hosts are (default: matched by GPU model)
 * @param acquisitionByPool per pool: OWNED, LEASED or CLOUD
 * @param usdPerGpuHourByPool per pool: an all-in price per GPU-hour replacing the catalog's
 * @param usdPerKwhByPool per pool: the electricity price
 * @param maxWindowDays the longest window {@code GET /costs} answers for, days
 * @param queryTimeoutSeconds how long {@code GET /costs} waits for InfluxDB's answer
 */
public record CostSettings(
    boolean enabled,
    Path catalogPath,
    Acquisition acquisition,
    BigDecimal ownedLifeYears,
    BigDecimal usdPerKwh,
    BigDecimal pue,
    String ssdSku,
    String networkSku,
    int hostsPerSwitch,
    Map<String, String> serverSkuByPool,
    Map<String, Acquisition> acquisitionByPool,
    Map<String, BigDecimal> usdPerGpuHourByPool,
    Map<String, BigDecimal> usdPerKwhByPool,
    int maxWindowDays,
    int queryTimeoutSeconds) {

  /** How a host is paid for. */
  public enum Acquisition {
    /** Bought: catalog capex amortized over the life, plus the power it draws. */
    OWNED,
    /** Leased on site: the catalog's lease per hour, plus the power it draws. */
    LEASED,
    /** Rented from a cloud: the catalog's price per GPU-hour, power included. */
    CLOUD
  }

  public CostSettings {
    serverSkuByPool = Map.copyOf(serverSkuByPool);
    acquisitionByPool = Map.copyOf(acquisitionByPool);
    usdPerGpuHourByPool = Map.copyOf(usdPerGpuHourByPool);
    usdPerKwhByPool = Map.copyOf(usdPerKwhByPool);
  }

  /** The settings with every default and no catalog (tests). */
  public static CostSettings defaults() {
    return new CostSettings(true, null, Acquisition.OWNED, new BigDecimal("4"),
        new BigDecimal("0.12"), BigDecimal.ONE, null, null, 16, Map.of(), Map.of(), Map.of(),
        Map.of(), 400, 60);
  }

  /** These settings with other prices (tests, the benchmark). */
  public CostSettings withPrices(BigDecimal usdPerKwh, String ssdSku, String networkSku,
      Map<String, BigDecimal> usdPerGpuHourByPool) {
    return new CostSettings(enabled, catalogPath, acquisition, ownedLifeYears, usdPerKwh, pue,
        ssdSku, networkSku, hostsPerSwitch, serverSkuByPool, acquisitionByPool,
        usdPerGpuHourByPool, usdPerKwhByPool, maxWindowDays, queryTimeoutSeconds);
  }

  /** The acquisition of {@code pool}. */
  public Acquisition acquisition(String pool) {
    return acquisitionByPool.getOrDefault(pool, acquisition);
  }

  /** The electricity price of {@code pool}, dollars per kWh. */
  public BigDecimal usdPerKwh(String pool) {
    return usdPerKwhByPool.getOrDefault(pool, usdPerKwh);
  }

  /** Maps and validates the {@code cost} section; absent (an older file): the defaults. */
  public static CostSettings from(JsonObject c) {
    if (c == null) {
      return defaults();
    }
    String catalog = c.getString("catalogPath", "");
    Acquisition acquisition = acquisition(c.getString("acquisition"), "cost.acquisition");
    BigDecimal life = positive(c.getValue("ownedLifeYears"), "cost.ownedLifeYears");
    BigDecimal kwh = nonNegative(c.getValue("usdPerKwh"), "cost.usdPerKwh");
    BigDecimal pue = decimal(c.getValue("pue"), "cost.pue");
    if (pue.compareTo(BigDecimal.ONE) < 0) {
      throw new ConfigException("cost.pue: must be >= 1.0, was " + pue.toPlainString());
    }
    Number maxDays = c.getNumber("maxWindowDays");
    if (maxDays == null || maxDays.intValue() < 1) {
      throw new ConfigException("cost.maxWindowDays: must be >= 1, was " + maxDays);
    }
    Number timeout = c.getNumber("queryTimeoutSeconds");
    if (timeout == null || timeout.intValue() < 1) {
      throw new ConfigException("cost.queryTimeoutSeconds: must be >= 1, was " + timeout);
    }
    Number perSwitch = c.getNumber("hostsPerSwitch");
    if (perSwitch == null || perSwitch.intValue() < 1) {
      throw new ConfigException("cost.hostsPerSwitch: must be >= 1, was " + perSwitch);
    }
    return new CostSettings(
        Boolean.TRUE.equals(c.getBoolean("enabled")),
        catalog == null || catalog.isBlank() ? null : Path.of(catalog),
        acquisition, life, kwh, pue,
        blankToNull(c.getString("ssdSku")),
        blankToNull(c.getString("networkSku")),
        perSwitch.intValue(),
        byPool(c, "serverSkuByPool", (v, key) -> {
          if (!(v instanceof String s) || s.isBlank()) {
            throw new ConfigException(key + ": must be a catalog server sku, was " + v);
          }
          return s;
        }),
        byPool(c, "acquisitionByPool", (v, key) -> acquisition(v == null ? null : v.toString(),
            key)),
        byPool(c, "usdPerGpuHourByPool", (v, key) -> nonNegative(v, key)),
        byPool(c, "usdPerKwhByPool", (v, key) -> nonNegative(v, key)),
        maxDays.intValue(), timeout.intValue());
  }

  private interface Parse<T> {
    T apply(Object value, String key);
  }

  private static <T> Map<String, T> byPool(JsonObject c, String name, Parse<T> parse) {
    Map<String, T> out = new TreeMap<>();
    JsonObject map = c.getJsonObject(name, new JsonObject());
    for (String pool : map.fieldNames()) {
      out.put(pool, parse.apply(map.getValue(pool), "cost." + name + "." + pool));
    }
    return out;
  }

  private static Acquisition acquisition(String value, String key) {
    Set<String> known = Set.of("OWNED", "LEASED", "CLOUD");
    if (value == null || !known.contains(value)) {
      throw new ConfigException(key + ": must be OWNED, LEASED or CLOUD, was " + value);
    }
    return Acquisition.valueOf(value);
  }

  private static BigDecimal decimal(Object value, String key) {
    try {
      // Through the text, so 0.12 from YAML (a double) is exactly 0.12.
      return new BigDecimal(value.toString().trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new ConfigException(key + ": must be a number, was " + value);
    }
  }

  private static BigDecimal positive(Object value, String key) {
    BigDecimal d = decimal(value, key);
    if (d.signum() <= 0) {
      throw new ConfigException(key + ": must be > 0, was " + d.toPlainString());
    }
    return d;
  }

  private static BigDecimal nonNegative(Object value, String key) {
    BigDecimal d = decimal(value, key);
    if (d.signum() < 0) {
      throw new ConfigException(key + ": must be >= 0, was " + d.toPlainString());
    }
    return d;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
