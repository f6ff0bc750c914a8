package dev.fleetscale.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.runtime.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateBookTest {

  private static final String CATALOG = """
      description: test
      servers:
        - {sku: h100-8x, gpu_model: H100-SXM, gpus_per_server: 8, gpu_memory_gb: 80,
           capex_usd: 280320, lease_usd_per_hour: 24.0, lead_time_days: 60}
        - {sku: l40s-4x, gpu_model: L40S, gpus_per_server: 4, lease_usd_per_hour: 5.5}
      ssds:
        - {sku: nvme, capacity_tb: 7.68, capex_usd: 1752, lease_usd_per_hour: 0.12}
      cloud:
        - {sku: cloud-h100, provider: x, gpu_model: H100-SXM, usd_per_gpu_hour: 4.5}
      sites:
        - {pool: "*", power_budget_kw: 250}
      """;

  private static JsonObject section() {
    return new JsonObject(new java.util.HashMap<>(Map.ofEntries(Map.entry("enabled", true), Map.entry("catalogPath", ""),
        Map.entry("acquisition", "OWNED"), Map.entry("ownedLifeYears", 4),
        Map.entry("usdPerKwh", 0.12), Map.entry("pue", 1.25), Map.entry("ssdSku", ""),
        Map.entry("networkSku", ""), Map.entry("hostsPerSwitch", 16),
        Map.entry("serverSkuByPool", new JsonObject()),
        Map.entry("acquisitionByPool", new JsonObject(Map.of("rented", "LEASED",
            "burst", "CLOUD"))),
        Map.entry("usdPerGpuHourByPool", new JsonObject(Map.of("flat", 2.5))),
        Map.entry("usdPerKwhByPool", new JsonObject()), Map.entry("maxWindowDays", 400),
        Map.entry("queryTimeoutSeconds", 60))));
  }

  private static RateBook book() {
    return new RateBook(CostSettings.from(section()), CostCatalog.parse(CATALOG, "test"));
  }

  @Test
  void ownedIsCapexOverTheLifePlusPower() {
    HostRates r = book().ratesFor("p", "NVIDIA H100 80GB HBM3", 8, 2);
    // $280,320 / (4 × 8760 h) = $8/h per server, $1 per GPU-hour
    assertThat(r.gpuPerGpuHour()).isEqualByComparingTo("1000000");
    // $0.12/kWh × PUE 1.25 = $0.15/kWh
    assertThat(r.energyPerKwh()).isEqualByComparingTo("150000");
    assertThat(r.source()).isEqualTo("catalog:h100-8x:OWNED");
  }

  @Test
  void leasedCloudOverrideAndUnpriced() {
    RateBook b = book();
    assertThat(b.ratesFor("rented", "NVIDIA H100 80GB HBM3", 8, 0).gpuPerGpuHour())
        .isEqualByComparingTo("3000000"); // $24/h / 8
    HostRates cloud = b.ratesFor("burst", "NVIDIA H100 PCIe", 1, 0);
    assertThat(cloud.gpuPerGpuHour()).isEqualByComparingTo("4500000");
    assertThat(cloud.energyPerKwh()).isEqualByComparingTo("0"); // power is in the cloud price
    assertThat(b.ratesFor("flat", "anything", 2, 0).gpuPerGpuHour())
        .isEqualByComparingTo("2500000");
    // Owned but the catalog has only a lease: the lease.
    assertThat(b.ratesFor("p", "NVIDIA L40S", 4, 0).gpuPerGpuHour())
        .isEqualByComparingTo("1375000");
    HostRates none = b.ratesFor("p", "NVIDIA A100-SXM4-80GB", 8, 0);
    assertThat(none.source()).isEqualTo("unpriced");
    assertThat(none.gpuPerGpuHour()).isEqualByComparingTo("0");
  }

  @Test
  void gpuModelsMatchWholeWords() {
    assertThat(CostCatalog.names("NVIDIA H100 80GB HBM3", "H100-SXM")).isTrue();
    assertThat(CostCatalog.names("NVIDIA H100 80GB HBM3", "H10")).isFalse();
    assertThat(CostCatalog.names("NVIDIA H200", "H100-SXM")).isFalse();
    assertThat(CostCatalog.names(null, "H100-SXM")).isFalse();
  }

  @Test
  void settingsErrorsNameTheKey(@TempDir Path dir) throws Exception {
    JsonObject bad = section().put("pue", 0.9);
    assertThatThrownBy(() -> CostSettings.from(bad)).isInstanceOf(ConfigException.class)
        .hasMessage("cost.pue: must be >= 1.0, was 0.9");
    JsonObject acq = section().put("acquisitionByPool", new JsonObject(Map.of("x", "BOUGHT")));
    assertThatThrownBy(() -> CostSettings.from(acq))
        .hasMessage("cost.acquisitionByPool.x: must be OWNED, LEASED or CLOUD, was BOUGHT");
    JsonObject price = section().put("usdPerGpuHourByPool", new JsonObject(Map.of("x", -1)));
    assertThatThrownBy(() -> CostSettings.from(price))
        .hasMessage("cost.usdPerGpuHourByPool.x: must be >= 0, was -1");
    Path file = dir.resolve("catalog.yaml");
    Files.writeString(file, CATALOG);
    JsonObject sku = section().put("catalogPath", file.toString()).put("ssdSku", "nope");
    assertThatThrownBy(() -> RateBook.load(CostSettings.from(sku)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cost.ssdSku: no SSD 'nope' in the catalog");
    JsonObject ok = section().put("catalogPath", file.toString()).put("ssdSku", "nvme");
    HostRates r = RateBook.load(CostSettings.from(ok)).ratesFor("p", "NVIDIA H100", 8, 2);
    assertThat(r.ssdPerDiskHour()).isEqualByComparingTo("50000"); // $1,752 / 35,040 h
    assertThatThrownBy(() -> CostCatalog.parse("servers:\n  - {sku: a, gpus_per_server: 0}\n",
        "f.yaml")).hasMessage("f.yaml: servers[0].gpus_per_server: must be > 0;"
        + " servers[0]: needs capex_usd or lease_usd_per_hour");
  }

  @Test
  void theShippedDefaultsParse() {
    CostSettings s = CostSettings.defaults();
    assertThat(s.usdPerKwh()).isEqualByComparingTo(new BigDecimal("0.12"));
    assertThat(s.enabled()).isTrue();
  }
}
